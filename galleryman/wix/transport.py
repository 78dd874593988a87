"""One HTTP exchange with the Wix API, with retries, backoff and the shared rate limit.

`Transport.call` sends a request and returns the decoded JSON object. What it retries depends
on what the caller says the request is:

- `Safety.IDEMPOTENT` (GET, PATCH, DELETE, reads sent as POST): retried on 429, 5xx, timeouts
  and dropped connections, with exponential backoff and jitter, honouring `Retry-After`.
- `Safety.CREATE`: retried only when the request certainly did not take effect (the connection
  was never made, or a 429). Any ambiguous failure is raised as is, marked `uncertain`, so the
  caller can first look whether the create happened (see `WixClient._create`).
"""

from __future__ import annotations

import email.utils
import enum
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from galleryman.wix.auth import Auth
from galleryman.wix.errors import (
    MalformedResponseError,
    NetworkError,
    WixError,
    error_from_response,
)
from galleryman.wix.ratelimit import RateLimiter

log = logging.getLogger(__name__)

JsonObject = dict[str, Any]


class Safety(enum.Enum):
    IDEMPOTENT = "idempotent"
    CREATE = "create"


@dataclass
class RetryPolicy:
    """Exponential backoff with full jitter; `Retry-After` wins when the server sends it."""

    max_attempts: int = 5
    base_delay: float = 0.25
    max_delay: float = 20.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), 120.0)
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return self.rng.uniform(ceiling / 2, ceiling)


class UncertainOutcome(Exception):
    """A create's request may or may not have taken effect; `error` says what went wrong."""

    def __init__(self, error: WixError) -> None:
        super().__init__(str(error))
        self.error = error


class Transport:
    def __init__(
        self,
        base_url: str,
        auth: Auth,
        *,
        limiter: RateLimiter | None,
        retry: RetryPolicy,
        timeout: float,
        http_transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._auth = auth
        self._limiter = limiter
        self.retry = retry
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=http_transport,
            headers={"User-Agent": "galleryman", "Accept": "application/json"},
        )
        self._count_lock = threading.Lock()
        self.requests_sent = 0

    def close(self) -> None:
        self._http.close()

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
    ) -> JsonObject:
        """Send the request (retrying as its safety allows) and return the JSON object.

        `on_sent(sent, total)` follows a `content` upload as it goes out (again from zero on
        a retry).

        A 404 on a retried DELETE whose earlier attempt may have succeeded is not an error:
        it returns `{}` so the caller treats the delete as done.
        """
        attempt = 0
        earlier_uncertain = False
        while True:
            attempt += 1
            try:
                return self._send_once(
                    method,
                    path,
                    params=params,
                    body=body,
                    authenticated=authenticated,
                    content=content,
                    content_type=content_type,
                    rate_limited=rate_limited,
                    shown_path=display_path or path,
                    on_sent=on_sent,
                )
            except _Failure as failure:
                error = failure.error
                error.attempts = attempt
                if (
                    method == "DELETE"
                    and earlier_uncertain
                    and error.status == 404
                    and safety is Safety.IDEMPOTENT
                ):
                    return {}
                if not error.retryable:
                    raise error from failure.cause
                if safety is Safety.CREATE and not failure.certainly_not_applied:
                    raise UncertainOutcome(error) from failure.cause
                if attempt >= self.retry.max_attempts:
                    raise error from failure.cause
                earlier_uncertain = earlier_uncertain or not failure.certainly_not_applied
                pause = self.retry.delay(attempt, failure.retry_after)
                log.info(
                    "%s %s failed (%s); retry %d in %.2fs",
                    method,
                    display_path or path,
                    type(error).__name__,
                    attempt,
                    pause,
                )
                self.retry.sleep(pause)

    def _send_once(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        body: JsonObject | None,
        authenticated: bool,
        content: bytes | None,
        content_type: str | None,
        rate_limited: bool,
        shown_path: str,
        on_sent: Callable[[int, int], None] | None = None,
    ) -> JsonObject:
        if rate_limited and self._limiter is not None:
            self._limiter.acquire()
        headers = dict(self._auth.headers()) if authenticated else {}
        data: bytes | None = content
        if body is not None:
            data = json.dumps(body, separators=(",", ":")).encode()
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
        try:
            response = self._http.request(
                method,
                path,
                params=dict(params) if params else None,
                content=body_stream,
                headers=headers,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise _Failure(
                _network_error(exc, method, shown_path), exc, certainly_not_applied=True
            ) from exc
        except httpx.TransportError as exc:
            raise _Failure(
                _network_error(exc, method, shown_path), exc, certainly_not_applied=False
            ) from exc
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.debug("%s %s -> %d (%.1f ms)", method, shown_path, response.status_code, elapsed_ms)
        content_type_got = response.headers.get("content-type", "")
        if response.status_code >= 400:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            error = error_from_response(
                response.status_code,
                response.content,
                content_type_got,
                method=method,
                path=shown_path,
                retry_after=retry_after,
            )
            # A 429 is refused before any work is done; a 5xx may come after the change.
            raise _Failure(
                error,
                None,
                certainly_not_applied=response.status_code == 429,
                retry_after=retry_after,
            )
        try:
            payload = json.loads(response.content) if response.content else {}
        except (ValueError, UnicodeDecodeError):
            payload = None
        if not isinstance(payload, dict):
            error = MalformedResponseError(
                message=f"HTTP {response.status_code} whose body is not a JSON object",
                status=response.status_code,
                method=method,
                path=shown_path,
            )
            raise _Failure(error, None, certainly_not_applied=False)
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


def _network_error(exc: httpx.TransportError, method: str, path: str) -> NetworkError:
    reasons: dict[type[httpx.TransportError], str] = {
        httpx.ConnectError: "the connection was refused or could not be made",
        httpx.ConnectTimeout: "connecting timed out",
        httpx.ReadTimeout: "the server took too long to answer",
        httpx.WriteTimeout: "sending the request timed out",
        httpx.PoolTimeout: "too many requests were waiting for a connection",
        httpx.RemoteProtocolError: "the connection was dropped before an answer arrived",
        httpx.ReadError: "the connection was dropped while reading the answer",
        httpx.WriteError: "the connection was dropped while sending the request",
    }
    reason = next((text for kind, text in reasons.items() if isinstance(exc, kind)), None)
    return NetworkError(message=reason or type(exc).__name__, method=method, path=path)


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` as seconds: either a number of seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


UPLOAD_CHUNK = 64 * 1024


def _chunks(data: bytes, on_sent: Callable[[int, int], None]) -> Iterator[bytes]:
    """`data` in pieces, telling `on_sent` how much has gone out after each."""
    view = memoryview(data)
    for start in range(0, len(data), UPLOAD_CHUNK):
        piece = bytes(view[start : start + UPLOAD_CHUNK])
        yield piece
        on_sent(start + len(piece), len(data))
