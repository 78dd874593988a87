"""Transport-neutral request/response objects and the route table."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import parse_qs, unquote

from galleryman.sandbox.errors import ApiError, validation_error, violation
from galleryman.sandbox.jsonbody import parse_object
from galleryman.sandbox.util import JsonDict, dump_json

PRO_GALLERY = r"/(?:pro-gallery|progallery)/v2"
SITE_MEDIA = r"/site-media/v1"
MAX_INT32 = 2**31 - 1
_INTEGER = re.compile(r"^[+-]?[0-9]{1,30}$")


@dataclass
class Request:
    method: str
    path: str  # without the query string, still percent-encoded
    query_string: str = ""
    headers: Mapping[str, str] | Message = field(default_factory=dict)
    body: bytes = b""
    _query: dict[str, list[str]] | None = None

    def header(self, name: str) -> str | None:
        """A header value; ``headers`` may be case-insensitive (http.client) or a plain dict."""
        value: str | None = self.headers.get(name)
        if value is None:
            lname = name.lower()
            value = next((v for k, v in self.headers.items() if k.lower() == lname), None)
        return value

    def param(self, *names: str) -> str | None:
        """The first query parameter present among ``names``."""
        if self._query is None:
            self._query = parse_qs(self.query_string, keep_blank_values=True)
        for name in names:
            values = self._query.get(name)
            if values:
                return values[0]
        return None

    def json_object(self) -> JsonDict:
        """The body as a JSON object ({} for an empty body); 400 if malformed or not an object."""
        return parse_object(self.body)

    def int_param(
        self, names: tuple[str, ...], default: int, low: int, high: int = MAX_INT32
    ) -> int:
        """An integer query parameter within [low, high] (an int32, as in Wix's API); 400
        naming the parameter otherwise."""
        raw = self.param(*names)
        if raw is None or raw == "":
            return default
        name = next(n for n in names if self.param(n) is not None)
        if not _INTEGER.match(raw):
            raise _bad_param(name, "must be an integer", "FORMAT")
        value = int(raw)
        if value < low:
            raise _bad_param(name, f"must be at least {low}", "MIN", {"threshold": low})
        if value > high:
            raise _bad_param(name, f"must be at most {high}", "MAX", {"threshold": high})
        return value


def _bad_param(name: str, desc: str, rule: str, data: Any = None) -> ApiError:
    return validation_error([violation(name, desc, rule, data=data)])


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def json(
        cls, obj: Any, status: int = 200, headers: list[tuple[str, str]] | None = None
    ) -> Response:
        return cls(status, dump_json(obj), "application/json", list(headers or []))

    @classmethod
    def from_error(cls, error: ApiError) -> Response:
        return cls.json(error.body, error.status, error.headers)


Handler = Callable[[Request, dict[str, str]], Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    auth: bool


class Router:
    def __init__(self) -> None:
        self._routes: list[Route] = []

    def add(self, method: str, pattern: str, handler: Handler, *, auth: bool = True) -> None:
        """``pattern`` is a regex for the whole path; named groups become (decoded) params."""
        self._routes.append(Route(method, re.compile(f"^{pattern}$"), handler, auth))

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | list[str]:
        """The route and its params, or the list of methods allowed on that path ([] = 404)."""
        allowed: list[str] = []
        for route in self._routes:
            found = route.pattern.match(path)
            if found is None:
                continue
            if route.method == method:
                return route, {k: unquote(v) for k, v in found.groupdict().items()}
            allowed.append(route.method)
        return sorted(set(allowed))
