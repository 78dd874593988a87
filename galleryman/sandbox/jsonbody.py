"""Reading a request's JSON body without ever failing on what a client sent.

Python's json module accepts things that later break the server: a lone surrogate escape
(``"\\ud800"``) parses into a string that cannot be encoded back to UTF-8; nesting thousands
deep raises RecursionError (and anything recursive afterwards can too); ``1e999`` parses to
infinity, which strict JSON cannot write back. Here each of those is a 400 whose
``validationError`` names the field, as Wix (protobuf JSON) would refuse them. Protobuf's own
parser stops at 100 levels of nesting; so does this one.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

from galleryman.sandbox.errors import ApiError, invalid_argument, validation_error, violation
from galleryman.sandbox.util import JsonDict

MAX_DEPTH = 100
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_HUGE_NUMBER = re.compile(rb"[eE][+-]?\d{3,}|\d{300,}")
_BRACKETS_ONLY = bytes(range(256)).translate(None, b"[]{}")  # every other byte, to delete
_STEP = {0x5B: 1, 0x7B: 1, 0x5D: -1, 0x7D: -1}


def parse_object(body: bytes) -> JsonDict:
    """The body as a JSON object ({} when empty); ApiError 400 for anything else."""
    if not body.strip():
        return {}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid_argument("The request body is not valid UTF-8") from None
    without_strings = _STRING.sub(b'""', body)
    if _max_depth(without_strings) > MAX_DEPTH:
        raise _too_deep(text)
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise invalid_argument(f"Malformed JSON body: {str(exc)[:200]}") from None
    if not isinstance(data, dict):
        raise invalid_argument("The request body must be a JSON object")
    if _SURROGATE_ESCAPE.search(body) or _HUGE_NUMBER.search(without_strings):
        bad = _find_unwritable(data)
        if bad is not None:
            field, description = bad
            raise validation_error([violation(field, description, "FORMAT")])
    return data


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _max_depth(without_strings: bytes) -> int:
    brackets = without_strings.translate(None, _BRACKETS_ONLY)
    return max(accumulate(_STEP[b] for b in brackets), default=0)


def _field_name(path: list[str]) -> str:
    text = "".join(path).lstrip(".") or "body"
    if len(path) > 12:
        text = "".join(path[:12]).lstrip(".") + "..."
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _key(key: str) -> str:
    return "." + key


def _find_unwritable(data: Any) -> tuple[str, str] | None:
    """The first string with a lone surrogate or non-finite number, as (field, why)."""
    stack: list[tuple[Any, list[str]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _has_surrogate(value):
                return _field_name(path), "must be valid Unicode text (a lone surrogate)"
        elif isinstance(value, float):
            if not math.isfinite(value):
                return _field_name(path), "must be a finite number"
        elif isinstance(value, dict):
            for key, item in value.items():
                child = [*path, _key(key)]
                if _has_surrogate(key):
                    return _field_name(child), "field names must be valid Unicode text"
                stack.append((item, child))
        elif isinstance(value, list):
            stack.extend((item, [*path, f"[{i}]"]) for i, item in enumerate(value))
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _too_deep(text: str) -> ApiError:
    """Name the field where the nesting passes MAX_DEPTH (a scan that stops right there)."""
    path: list[str] = []
    pending_key: str | None = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            pending_key = text[i + 1 : end]
            i = end + 1
            continue
        if ch in "[{":
            if len(path) >= MAX_DEPTH:
                break
            path.append(_key(pending_key) if pending_key is not None and path else "")
            if ch == "[":
                path[-1] += "[0]"
            pending_key = None
        elif ch in "]}":
            if path:
                path.pop()
        elif ch == ",":
            pending_key = None
        i += 1
    field = _field_name(path)
    description = f"is nested more than {MAX_DEPTH} levels deep"
    return validation_error([violation(field, description, "MAX", data={"threshold": MAX_DEPTH})])
