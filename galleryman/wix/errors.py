"""One exception hierarchy for everything the Wix API (or the network in between) can do wrong.

Every error carries what a caller needs to decide and what a person needs to read:
the HTTP status, Wix's message, the `applicationError` code, field violations, and
`user_message`, a sentence fit for the UI. Secrets never enter these objects: they are built
from the response body and the request's method and path, never from headers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str
    violated_rule: str | None = None
    rule_name: str | None = None
    data: Any = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FieldViolation:
        return cls(
            field=str(data.get("field") or ""),
            description=str(data.get("description") or ""),
            violated_rule=_opt_str(data.get("violatedRule")),
            rule_name=_opt_str(data.get("ruleName")),
            data=data.get("data"),
        )


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(eq=False)  # exceptions compare by identity, and must stay hashable
class WixError(Exception):
    """Base of every error the client raises."""

    message: str = ""
    status: int | None = None
    code: str | None = None
    description: str | None = None
    field_violations: list[FieldViolation] = field(default_factory=list)
    method: str | None = None
    path: str | None = None
    attempts: int = 1

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def user_message(self) -> str:
        """A readable sentence for the UI."""
        return self.message or "The request failed."

    @property
    def retryable(self) -> bool:
        return False

    def __str__(self) -> str:
        where = f" ({self.method} {self.path})" if self.method and self.path else ""
        status = f"HTTP {self.status}: " if self.status is not None else ""
        return f"{status}{self.user_message}{where}"


class ValidationError(WixError):
    @property
    def user_message(self) -> str:
        if self.field_violations:
            parts = [
                f"{v.field}: {v.description}" if v.field else v.description
                for v in self.field_violations
            ]
            return "Wix rejected the data: " + "; ".join(parts)
        return f"Wix rejected the request: {self.message or 'invalid data'}"


class AuthenticationError(WixError):
    @property
    def user_message(self) -> str:
        return "Wix did not accept the API key or site ID. Check them in the site settings."


class PermissionDeniedError(WixError):
    @property
    def user_message(self) -> str:
        return (
            "The API key is valid but lacks permission for this action "
            "(it needs the Pro Gallery and Media Manager permissions)."
        )


class NotFoundError(WixError):
    @property
    def user_message(self) -> str:
        detail = f": {self.message}" if self.message else ""
        return f"Not found — it may have been deleted elsewhere{detail}"


class ConflictError(WixError):
    @property
    def user_message(self) -> str:
        return f"Wix reported a conflict: {self.message or 'the data changed elsewhere'}"


class RateLimitedError(WixError):
    retry_after: float | None = None

    @property
    def retryable(self) -> bool:
        return True

    @property
    def user_message(self) -> str:
        return "Wix is throttling requests (too many in a minute). Try again shortly."


class ServerError(WixError):
    @property
    def retryable(self) -> bool:
        return True

    @property
    def user_message(self) -> str:
        return f"The Wix server had a problem (HTTP {self.status}). Nothing was lost; try again."


class NetworkError(WixError):
    """No usable HTTP answer: connection refused or dropped, timeout, TLS failure."""

    @property
    def retryable(self) -> bool:
        return True

    @property
    def user_message(self) -> str:
        return f"Could not reach the server: {self.message}"


class MalformedResponseError(WixError):
    """The server answered, but not with the JSON the API documents (a proxy's HTML page...)."""

    @property
    def retryable(self) -> bool:
        return self.status is not None and self.status >= 500

    @property
    def user_message(self) -> str:
        return f"The server sent an unexpected answer: {self.message}"


class UncertainCreateError(WixError):
    """A create failed ambiguously and the check of whether it took effect failed too."""

    @property
    def user_message(self) -> str:
        return (
            "The connection failed while creating, and the server could not be asked whether "
            "it worked. Refresh before trying again, so nothing is created twice."
        )


class MediaProcessingError(WixError):
    """The Media Manager reported FAILED for a file, or it never became READY in time."""

    @property
    def user_message(self) -> str:
        return f"The Media Manager could not process the file: {self.message}"


_BY_STATUS: dict[int, type[WixError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitedError,
}

_MAX_SNIPPET = 120


def error_from_response(
    status: int,
    body: bytes,
    content_type: str,
    *,
    method: str,
    path: str,
    retry_after: float | None = None,
) -> WixError:
    """Build the right error from an HTTP error response, whatever its body holds."""
    cls = _BY_STATUS.get(status, ServerError if status >= 500 else WixError)
    payload = _json_object(body)
    if payload is None:
        if status >= 500 and not body.strip():
            return _finish(ServerError(status=status, method=method, path=path), retry_after)
        snippet = _snippet(body, content_type)
        if status >= 500 or cls is WixError:
            return MalformedResponseError(
                message=f"HTTP {status} with a non-JSON body ({snippet})",
                status=status,
                method=method,
                path=path,
            )
        return _finish(cls(message=snippet, status=status, method=method, path=path), retry_after)
    details = payload.get("details") if isinstance(payload.get("details"), dict) else {}
    app = details.get("applicationError") if isinstance(details, dict) else None
    validation = details.get("validationError") if isinstance(details, dict) else None
    violations = []
    if isinstance(validation, dict) and isinstance(validation.get("fieldViolations"), list):
        violations = [
            FieldViolation.from_json(v)
            for v in validation["fieldViolations"]
            if isinstance(v, dict)
        ]
    error = cls(
        message=str(payload.get("message") or ""),
        status=status,
        code=_opt_str(app.get("code")) if isinstance(app, dict) else None,
        description=_opt_str(app.get("description")) if isinstance(app, dict) else None,
        field_violations=violations,
        method=method,
        path=path,
    )
    return _finish(error, retry_after)


def _finish(error: WixError, retry_after: float | None) -> WixError:
    if isinstance(error, RateLimitedError):
        error.retry_after = retry_after
    return error


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def _snippet(body: bytes, content_type: str) -> str:
    text = body.decode("utf-8", "replace").strip()
    if "html" in content_type.lower() or text.lower().startswith(("<!doctype", "<html")):
        title_start = text.lower().find("<title>")
        if title_start >= 0:
            end = text.lower().find("</title>", title_start)
            title = text[title_start + 7 : end if end > 0 else None].strip()
            return f"an HTML page titled {title[:_MAX_SNIPPET]!r}"
        return "an HTML page"
    if not text:
        return "an empty body"
    return repr(text[:_MAX_SNIPPET])
