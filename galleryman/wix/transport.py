"""One HTTP exchange with the Wix API, with retries, backoff, deadlines and the shared rate limit.

`Transport.call` sends a request and returns the decoded JSON object. Success is exactly
HTTP 200 with a JSON object: a redirect (never followed, so no credentials leave), another 2xx,
an empty or unreadable body are errors, never an empty success. What it retries depends on
what the caller says the request is:

- `Safety.IDEMPOTENT` (GET, PATCH, DELETE, reads sent as POST): retried on 429, 5xx, timeouts
  and dropped connections, with exponential backoff and jitter, honouring `Retry-After` up to
  `Limits.max_retry_after` (a longer one fails at once with `ThrottledTooLongError`).
- `Safety.CREATE`: retried only when the request certainly did not take effect (the
  connection was never made, or a 4xx refusal such as a 429). Any other failure, an unreadable
  200 included, is raised as `UncertainOutcome` so the caller can first look whether the
  create happened (see `WixClient._create`).

Every call is bounded in time and size (see `limits.py`); waits are reported to an observer
(see `observer.py`).
"""

from __future__ import annotations

import email.utils
import enum
import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from galleryman.core.i18n import QT_TR_NOOP
from galleryman.wix.answers import json_object
from galleryman.wix.auth import Auth
from galleryman.wix.errors import (
    DeadlineExceededError,
    MalformedResponseError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ResponseTooLargeError,
    ThrottledTooLongError,
    UnexpectedRedirectError,
    WixError,
    error_from_response,
)
from galleryman.wix.limits import (
    ACCEPT_ENCODING,
    BodyTooLarge,
    DeadlineHTTPTransport,
    Limits,
    UndecodableBody,
    deadline_for_thread,
    deadline_passed,
    read_body,
)
from galleryman.wix.observer import BackoffWait, RateLimitWait, RetryAfterWait, WaitObserver
from galleryman.wix.ratelimit import RateLimiter

log = logging.getLogger(__name__)


class _HideUploadTokens(logging.Filter):
    """httpx logs every request URL at INFO; an upload URL's path is its secret token."""

    _TOKEN = re.compile(r"(/upload/)[^/?#\s\"']+")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self._hide(arg) for arg in record.args)
        record.msg = self._hide(record.msg)
        return True

    def _hide(self, value: Any) -> Any:
        if isinstance(value, str | httpx.URL) and "/upload/" in str(value):
            return self._TOKEN.sub(r"\1<token>", str(value))
        return value


logging.getLogger("httpx").addFilter(_HideUploadTokens())

JsonObject = dict[str, Any]


class Safety(enum.Enum):
    IDEMPOTENT = "idempotent"
    CREATE = "create"


@dataclass
class RetryPolicy:
    """Exponential backoff with full jitter; `Retry-After` wins when the server sends it.

    `sleep` and `clock` are injectable so tests never wait for real.
    """

    max_attempts: int = 4
    base_delay: float = 0.25
    max_delay: float = 8.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    clock: Callable[[], float] = time.monotonic

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return max(retry_after, 0.0)
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return self.rng.uniform(ceiling / 2, ceiling)


class UncertainOutcome(Exception):
    """A create's request may or may not have taken effect; `error` says what went wrong."""

    def __init__(self, error: WixError) -> None:
        super().__init__(str(error))
        self.error = error


class AlreadyDeleted(NotFoundError):
    """A retried DELETE found nothing, after an earlier attempt that may have deleted it: the
    caller counts the delete as done (raised only then, never for a first 404)."""


class _Budgets(threading.local):
    """Deadlines of the calls under way on this thread, outermost first (mutable: a wait the
    user is told about moves them all)."""

    def __init__(self) -> None:
        self.stack: list[list[float]] = []


class Transport:
    def __init__(
        self,
        base_url: str,
        auth: Auth,
        *,
        limiter: RateLimiter | None,
        retry: RetryPolicy,
        limits: Limits,
        http_transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._auth = auth
        self._limiter = limiter
        self.retry = retry
        self.limits = limits
        self.observer: WaitObserver | None = None
        # Set while a client sends background requests (see RateLimiter.acquire).
        self.background = False
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=limits.http_timeout(),
            transport=http_transport or DeadlineHTTPTransport(),
            follow_redirects=False,
            headers={
                "User-Agent": "galleryman",
                "Accept": "application/json",
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        )
        self._count_lock = threading.Lock()
        self._budgets = _Budgets()
        self.requests_sent = 0
        self.average_seconds = 0.0  # recent time per request (moving average), for estimates

    def close(self) -> None:
        self._http.close()

    @property
    def limiter(self) -> RateLimiter | None:
        return self._limiter

    @contextmanager
    def budget(self, seconds: float | None = None) -> Iterator[None]:
        """Bound every call made inside to one deadline (e.g. a create and its look-ups)."""
        at = self.retry.clock() + (seconds or self.limits.call_seconds)
        outer = self._budgets.stack[-1][0] if self._budgets.stack else None
        self._budgets.stack.append([at if outer is None else min(at, outer)])
        try:
            yield
        finally:
            self._budgets.stack.pop()

    def remaining(self) -> float:
        """Seconds left in the innermost budget (infinite outside one)."""
        if not self._budgets.stack:
            return float("inf")
        return self._budgets.stack[-1][0] - self.retry.clock()

    def pause(self, event: BackoffWait | RetryAfterWait, *, visible: bool) -> None:
        """Tell the observer, then wait. A `visible` wait (the user is told how long) moves
        every deadline under way by its length instead of eating into them."""
        if visible:
            self._extend(event.seconds)
        self._notify(event)
        self.retry.sleep(event.seconds)

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: JsonObject | None = None,
        safety: Safety = Safety.IDEMPOTENT,
        authenticated: bool = True,
        content: bytes | None = None,
        content_type: str | None = None,
        rate_limited: bool = True,
        display_path: str | None = None,
        on_sent: Callable[[int, int], None] | None = None,
        attempt_seconds: float | None = None,
        decode: Callable[[bytes], Any] | None = None,
    ) -> Any:
        """Send the request (retrying as its safety allows) and return the JSON object, or
        what `decode` makes of a 200's body (None from it: the body is not the JSON object it
        should be, refused as a body that is not JSON is): a listing's page goes to the
        listing process as it came, not decoded on this thread first.

        `on_sent(sent, total)` follows a `content` upload as it goes out (again from zero on
        a retry). `attempt_seconds` overrides the per-attempt deadline (uploads).

        A 404 on a retried DELETE whose earlier attempt may have succeeded means it is done:
        raised as `AlreadyDeleted` for the caller to say so explicitly.
        """
        shown = display_path or path
        limits = self.limits
        per_attempt = attempt_seconds or limits.attempt_seconds
        call_seconds = max(limits.call_seconds, per_attempt)
        with self.budget(call_seconds):
            attempt = 0
            earlier_uncertain = False
            while True:
                attempt += 1
                if rate_limited and self._limiter is not None:
                    waited = self._limiter.acquire(
                        self._rate_limit_wait, background=self.background
                    )
                    self._extend(waited)
                until = min(self.retry.clock() + per_attempt, self._budgets.stack[-1][0])
                try:
                    return self._send_once(
                        method,
                        path,
                        until=until,
                        per_attempt=per_attempt,
                        params=params,
                        body=body,
                        authenticated=authenticated,
                        content=content,
                        content_type=content_type,
                        shown_path=shown,
                        on_sent=on_sent,
                        decode=decode or json_object,
                    )
                except _Failure as failure:
                    error = failure.error
                    error.attempts = attempt
                    gone = isinstance(error, NotFoundError) and earlier_uncertain
                    if method == "DELETE" and gone and safety is Safety.IDEMPOTENT:
                        raise AlreadyDeleted(
                            message=error.message, status=404, method=method, path=shown
                        ) from None
                    if safety is Safety.CREATE and not failure.certainly_not_applied:
                        raise UncertainOutcome(error) from failure.cause
                    if not error.retryable or attempt >= self.retry.max_attempts:
                        raise error from failure.cause
                    earlier_uncertain = earlier_uncertain or not failure.certainly_not_applied
                    self._wait_before_retry(error, failure.retry_after, attempt, shown)

    # ------------------------------------------------------------------ internals

    def _wait_before_retry(
        self, error: WixError, retry_after: float | None, attempt: int, shown: str
    ) -> None:
        """Pause before the next attempt, or raise when the wait cannot fit."""
        if retry_after is not None:
            if retry_after > self.limits.max_retry_after:
                raise ThrottledTooLongError(
                    message=f"Retry-After {retry_after:.0f} s",
                    retry_after=retry_after,
                    status=error.status,
                    method=error.method,
                    path=error.path,
                    attempts=attempt,
                ) from None
            log.info(
                "%s %s throttled; retry %d in %.2fs", error.method, shown, attempt, retry_after
            )
            self.pause(RetryAfterWait(retry_after), visible=True)
            return
        pause = self.retry.delay(attempt, None)
        if pause >= self.remaining():
            raise error  # the call's time is up: report the last failure now
        log.info(
            "%s %s failed (%s); retry %d in %.2fs",
            error.method,
            shown,
            type(error).__name__,
            attempt,
            pause,
        )
        reason = retry_reason(error)
        self.pause(BackoffWait(attempt + 1, pause, reason), visible=False)

    def _rate_limit_wait(self, seconds: float) -> None:
        self._notify(RateLimitWait(seconds))

    def _notify(self, event: BackoffWait | RetryAfterWait | RateLimitWait) -> None:
        if self.observer is not None:
            self.observer(event)

    def _extend(self, seconds: float) -> None:
        if seconds > 0:
            for budget in self._budgets.stack:
                budget[0] += seconds

    def _send_once(
        self,
        method: str,
        path: str,
        *,
        until: float,
        per_attempt: float,
        params: Mapping[str, Any] | None,
        body: JsonObject | None,
        authenticated: bool,
        content: bytes | None,
        content_type: str | None,
        shown_path: str,
        on_sent: Callable[[int, int], None] | None,
        decode: Callable[[bytes], Any],
    ) -> Any:
        headers = dict(self._auth.headers()) if authenticated else {}
        data: bytes | None = content
        if body is not None:
            data = json.dumps(body, separators=(",", ":"), allow_nan=False).encode()
            headers["Content-Type"] = "application/json"
        elif content_type:
            headers["Content-Type"] = content_type
        body_stream: bytes | Iterator[bytes] | None = data
        if on_sent is not None and data:
            headers["Content-Length"] = str(len(data))  # sent as is, not chunked
            body_stream = _chunks(data, on_sent)
        with self._count_lock:
            self.requests_sent += 1
        started = time.perf_counter()
        request = self._http.build_request(
            method,
            path,
            params=dict(params) if params else None,
            content=body_stream,
            headers=headers,
        )
        with deadline_for_thread(until, self.retry.clock):
            try:
                response = self._http.send(request, stream=True)
                try:
                    payload = self._answer(response, method, shown_path, decode)
                finally:
                    response.close()
            except httpx.TransportError as exc:
                raise _network_failure(exc, method, shown_path, per_attempt) from exc
        elapsed = time.perf_counter() - started
        self.average_seconds = (
            elapsed if not self.average_seconds else (0.8 * self.average_seconds + 0.2 * elapsed)
        )
        log.debug("%s %s -> 200 (%.1f ms)", method, shown_path, elapsed * 1000)
        return payload

    def _answer(
        self, response: httpx.Response, method: str, shown: str, decode: Callable[[bytes], Any]
    ) -> Any:
        """The JSON object of a 200 (or what `decode` reads in its body); anything else
        raised as a `_Failure`."""
        status = response.status_code

        def unexpected(kind: type[MalformedResponseError], message: str) -> _Failure:
            error = kind(message=message, status=status, method=method, path=shown)
            return _Failure(error, None, certainly_not_applied=False)

        if status >= 400:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            try:
                raw = read_body(response, self.limits.max_error_bytes, truncate=True)
            except UndecodableBody:
                raw = b""
            content_type = response.headers.get("content-type", "")
            error = error_from_response(
                status, raw, content_type, method=method, path=shown, retry_after=retry_after
            )
            # A 4xx is a refusal (nothing was done); a 5xx may come after the change.
            raise _Failure(error, None, certainly_not_applied=status < 500, retry_after=retry_after)
        if 300 <= status < 400:
            target = urlsplit(response.headers.get("location", "")).netloc or "another address"
            raise unexpected(UnexpectedRedirectError, f"HTTP {status} to {target}")
        if status != 200:
            message = f"HTTP {status} instead of 200 with Wix's JSON answer"
            raise unexpected(MalformedResponseError, message)
        try:
            raw = read_body(response, self.limits.max_answer_bytes)
        except BodyTooLarge as too_large:
            mib = too_large.limit // (1024 * 1024)
            raise unexpected(ResponseTooLargeError, f"more than {mib} MiB") from None
        except UndecodableBody as exc:
            raise unexpected(MalformedResponseError, f"an answer {exc}") from None
        payload = decode(raw)
        if payload is None:
            what = "an empty body" if not raw.strip() else "a body that is not a JSON object"
            raise unexpected(MalformedResponseError, f"HTTP 200 with {what}")
        return payload


class _Failure(Exception):
    def __init__(
        self,
        error: WixError,
        cause: BaseException | None,
        *,
        certainly_not_applied: bool,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(str(error))
        self.error = error
        self.cause = cause
        self.certainly_not_applied = certainly_not_applied
        self.retry_after = retry_after


_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _network_failure(
    exc: httpx.TransportError, method: str, path: str, per_attempt: float
) -> _Failure:
    not_sent = isinstance(exc, _NOT_SENT)
    if isinstance(exc, httpx.TimeoutException) and deadline_passed():
        error: NetworkError = DeadlineExceededError(
            message=DeadlineExceededError.WITHIN.format(seconds=f"{per_attempt:.0f}"),
            seconds=per_attempt,
            method=method,
            path=path,
        )
    else:
        error = _network_error(exc, method, path)
    return _Failure(error, exc, certainly_not_applied=not_sent)


def _network_error(exc: httpx.TransportError, method: str, path: str) -> NetworkError:
    # In English (the log's language); `NetworkError.user_message` shows them translated.
    reasons: dict[type[httpx.TransportError], str] = {
        httpx.ConnectError: QT_TR_NOOP("the connection was refused or could not be made"),
        httpx.ConnectTimeout: QT_TR_NOOP("connecting timed out"),
        httpx.ReadTimeout: QT_TR_NOOP("the server took too long to answer"),
        httpx.WriteTimeout: QT_TR_NOOP("sending the request timed out"),
        httpx.PoolTimeout: QT_TR_NOOP("too many requests were waiting for a connection"),
        httpx.RemoteProtocolError: QT_TR_NOOP(
            "the connection was dropped before an answer arrived"
        ),
        httpx.ReadError: QT_TR_NOOP("the connection was dropped while reading the answer"),
        httpx.WriteError: QT_TR_NOOP("the connection was dropped while sending the request"),
    }
    reason = next((text for kind, text in reasons.items() if isinstance(exc, kind)), None)
    return NetworkError(message=reason or type(exc).__name__, method=method, path=path)


def retry_reason(error: WixError) -> str:
    """A short reason for a retry, fit for a status bar (no path, no secret), in English:
    the status bar translates it (`tr(reason)`)."""
    if isinstance(error, RateLimitedError):
        return QT_TR_NOOP("rate limited")
    if isinstance(error, NetworkError):
        return error.message
    return f"HTTP {error.status}" if error.status is not None else type(error).__name__


def parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """`Retry-After` as seconds: either a number of seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(seconds, 0.0) if seconds == seconds else None  # NaN: no usable value
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    try:
        return max(when.timestamp() - now(), 0.0)
    except (OverflowError, ValueError, OSError):
        return None


UPLOAD_CHUNK = 64 * 1024


def _chunks(data: bytes, on_sent: Callable[[int, int], None]) -> Iterator[bytes]:
    """`data` in pieces, telling `on_sent` how much has gone out after each."""
    view = memoryview(data)
    for start in range(0, len(data), UPLOAD_CHUNK):
        piece = bytes(view[start : start + UPLOAD_CHUNK])
        yield piece
        on_sent(start + len(piece), len(data))
