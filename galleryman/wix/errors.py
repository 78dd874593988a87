"""One exception hierarchy for everything the Wix API (or the network in between) can do wrong.

Every error carries what a caller needs to decide and what a person needs to read:
the HTTP status, Wix's message, the `applicationError` code, field violations, and
`user_message`, a sentence fit for the UI. Secrets never enter these objects: they are built
from the response body and the request's method and path, never from headers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

from galleryman.core.i18n import QT_TR_NOOP, tr


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
        return self.message or tr("The request failed.")

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
            return tr("Wix rejected the data: {problems}").format(problems="; ".join(parts))
        reason = self.message or tr("invalid data")
        return tr("Wix rejected the request: {reason}").format(reason=reason)


class AuthenticationError(WixError):
    @property
    def user_message(self) -> str:
        return tr("Wix did not accept the API key or site ID. Check them in the site settings.")


class PermissionDeniedError(WixError):
    @property
    def user_message(self) -> str:
        return tr(
            "The API key is valid but lacks permission for this action "
            "(it needs the Pro Gallery and Media Manager permissions)."
        )


class NotFoundError(WixError):
    @property
    def user_message(self) -> str:
        if self.message:
            return tr("Not found — it may have been deleted elsewhere: {detail}").format(
                detail=self.message
            )
        return tr("Not found — it may have been deleted elsewhere")


class ConflictError(WixError):
    @property
    def user_message(self) -> str:
        reason = self.message or tr("the data changed elsewhere")
        return tr("Wix reported a conflict: {reason}").format(reason=reason)


@dataclass(eq=False)
class RateLimitedError(WixError):
    retry_after: float | None = None

    @property
    def retryable(self) -> bool:
        return True

    @property
    def user_message(self) -> str:
        return tr("Wix is throttling requests (too many in a minute). Try again shortly.")


class ThrottledTooLongError(RateLimitedError):
    """A 429 whose Retry-After is longer than the client waits: failed at once, not slept."""

    @property
    def retryable(self) -> bool:
        return False

    @property
    def user_message(self) -> str:
        wait = describe_seconds(self.retry_after or 0.0)
        return tr(
            "Wix is throttling requests and asks to wait {wait} before the next one. Nothing "
            "was changed; try again later."
        ).format(wait=wait)


class ServerError(WixError):
    @property
    def retryable(self) -> bool:
        return True

    @property
    def user_message(self) -> str:
        return tr(
            "The Wix server had a problem (HTTP {status}). Nothing was lost; try again."
        ).format(status=self.status)


class NetworkError(WixError):
    """No usable HTTP answer: connection refused or dropped, timeout, TLS failure."""

    @property
    def retryable(self) -> bool:
        return True

    @property
    def user_message(self) -> str:
        # The reasons the transport gives are marked for translation (an unknown one, e.g. an
        # exception's name, stays as it is).
        return tr("Could not reach the server: {reason}").format(reason=tr(self.message))


class MalformedResponseError(WixError):
    """The server answered, but not with the JSON the API documents (a proxy's HTML page...)."""

    @property
    def retryable(self) -> bool:
        return self.status is not None and self.status >= 500

    @property
    def user_message(self) -> str:
        return tr("The server sent an unexpected answer: {reason}").format(reason=self.message)


class UnexpectedRedirectError(MalformedResponseError):
    """A 3xx: never followed, so no credentials leave; never taken for success either."""

    @property
    def user_message(self) -> str:
        return tr(
            "The server answered with a redirect ({redirect}) instead of an answer; nothing "
            "was sent there and nothing was changed. Check the server address in the site "
            "settings."
        ).format(redirect=self.message)


class ResponseTooLargeError(MalformedResponseError):
    """The answer (after decompression) was larger than the client reads."""

    @property
    def user_message(self) -> str:
        return tr(
            "The server's answer was too large to read ({size}); nothing was changed."
        ).format(size=self.message)


@dataclass(eq=False)
class DeadlineExceededError(NetworkError):
    """The server kept the call going longer than the client allows (trickle, frozen server)."""

    WITHIN: ClassVar[str] = QT_TR_NOOP("no complete answer within {seconds} s")
    seconds: float | None = None  # how long each attempt may take

    @property
    def user_message(self) -> str:
        reason = (
            tr(self.WITHIN).format(seconds=f"{self.seconds:.0f}")
            if self.seconds is not None
            else self.message
        )
        return tr("The server did not answer in time: {reason}").format(reason=reason)


class UncertainCreateError(WixError):
    """A create failed ambiguously and the check of whether it took effect failed too."""

    @property
    def user_message(self) -> str:
        return tr(
            "The connection failed while creating, and the server could not be asked whether "
            "it worked. Refresh before trying again, so nothing is created twice."
        )


class MediaProcessingError(WixError):
    """The Media Manager reported FAILED for a file, or it never became READY in time."""

    @property
    def user_message(self) -> str:
        return tr("The Media Manager could not process the file: {reason}").format(
            reason=self.message
        )


@dataclass(eq=False)
class IncompleteListingError(WixError):
    """A listing could not be read completely: the server sent fewer things than it said it
    has, repeated a page instead of the next one, or never stopped sending pages."""

    what: str = "items"  # or "galleries" (translated when shown)
    received: int = 0
    expected: int | None = None
    reason: str = ""  # why, untranslated (`message` is it in English, filled in, for the log)
    limit: int | None = None  # the most the client lists, when the reason names it

    @property
    def user_message(self) -> str:
        what = tr(_LISTED.get(self.what, self.what))
        reason = tr(self.reason).format(limit=self.limit) if self.reason else self.message
        if self.expected is not None:
            return tr(
                "Only {received} of the {expected} {what} could be listed: {reason}. Nothing "
                "was changed; refresh to try again."
            ).format(received=self.received, expected=self.expected, what=what, reason=reason)
        return tr(
            "Only {received} {what} could be listed: {reason}. Nothing was changed; refresh to "
            "try again."
        ).format(received=self.received, what=what, reason=reason)


_LISTED = {"items": QT_TR_NOOP("items"), "galleries": QT_TR_NOOP("galleries")}


@dataclass(eq=False)
class FieldNotClearedError(WixError):
    """A PATCH was answered, but a field meant to be cleared is still set (both the null and
    the empty form were tried). The other fields of the PATCH were saved."""

    fields: list[str] = field(default_factory=list)

    @property
    def user_message(self) -> str:
        names = tr(" and ", "joins a list: A and B").join(self.fields) or tr("a field")
        return tr(
            "Wix kept the old {fields}: clearing it did not take effect (the other changes "
            "were saved). Try again, or clear it in the Wix dashboard."
        ).format(fields=names)


@dataclass(eq=False)
class PartialDeleteError(WixError):
    """A bulk delete left some of the items in place (checked one by one)."""

    deleted: list[str] = field(default_factory=list)
    remaining: list[str] = field(default_factory=list)

    @property
    def user_message(self) -> str:
        total = len(self.deleted) + len(self.remaining)
        return tr(
            "Wix deleted {deleted} of {total} items; {remaining} are still there. Refresh to "
            "see the gallery as it is."
        ).format(deleted=len(self.deleted), total=total, remaining=len(self.remaining))


class UploadLinkExpiredError(WixError):
    """The upload URL was refused (expired, or already used): a new one is needed."""

    @property
    def user_message(self) -> str:
        return tr(
            "The upload link expired or was already used, so the file was not accepted. "
            "Trying again gets a new link."
        )


class LocalFileError(WixError):
    """A local file cannot be uploaded as it is (not a regular file, too large, unreadable)."""

    @property
    def user_message(self) -> str:
        return self.message or tr("The file cannot be uploaded.")


class InvalidValueError(WixError, ValueError):
    """A value the client refuses to send (NaN, infinity, text that is not valid Unicode...)."""

    @property
    def user_message(self) -> str:
        return self.message or tr("A value cannot be sent to Wix.")


def describe_seconds(seconds: float) -> str:
    """`42 s`, `5 min`, `27 h 46 min`, `3 days`: a wait as a person would say it."""
    if not seconds < 365 * 86400:  # NaN and infinity included
        return tr("more than a year")
    if seconds < 90:
        return tr("{seconds} s").format(seconds=f"{max(seconds, 0):.0f}")
    minutes = round(seconds / 60)
    if minutes < 90:
        return tr("{minutes} min").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        if minutes:
            return tr("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
        return tr("{hours} h").format(hours=hours)
    return tr("{days} days").format(days=round(hours / 24))


_BY_STATUS: dict[int, type[WixError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitedError,
}

_MAX_SNIPPET = 120

_WHO = {
    401: QT_TR_NOOP(
        "a proxy or firewall may be asking to sign in (the API key was not the problem)"
    ),
    403: QT_TR_NOOP(
        "a proxy or firewall may be blocking the connection (the API key was not the problem)"
    ),
    404: QT_TR_NOOP("the server address may be wrong"),
    407: QT_TR_NOOP("a proxy is asking to sign in"),
}


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
        if status == 429:  # a throttle is a throttle, whoever words it
            throttled = RateLimitedError(message=snippet, status=status, method=method, path=path)
            return _finish(throttled, retry_after)
        # Wix's own errors are JSON; anything else was written by something in between (a
        # proxy, a firewall, a captive portal, a wrong address), so it says nothing about the
        # API key, the permissions or the data.
        message = tr("HTTP {status} with {body} instead of Wix's answer").format(
            status=status, body=snippet
        )
        if status in _WHO:
            message = f"{message}; {tr(_WHO[status])}"
        return MalformedResponseError(
            message=message,
            status=status,
            method=method,
            path=path,
        )
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
            return tr("an HTML page titled {title}").format(title=repr(title[:_MAX_SNIPPET]))
        return tr("an HTML page")
    if not text:
        return tr("an empty body")
    return repr(text[:_MAX_SNIPPET])
