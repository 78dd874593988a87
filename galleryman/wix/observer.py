"""What the client tells the app while a call is waiting, so the status bar can say why.

Install a callback with `WixClient(..., on_wait=callback)` or `client.set_observer(callback)`.
It is called on the thread that made the call, just before the wait starts, with one of the
events below. Events carry numbers and short reasons only: never a URL, header or key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimitWait:
    """The local limiter holds the request back (the site's 200 requests a minute are used)."""

    seconds: float


@dataclass(frozen=True)
class RetryAfterWait:
    """Wix answered 429 with a Retry-After; the client waits that long, then tries again."""

    seconds: float


@dataclass(frozen=True)
class BackoffWait:
    """A request failed in a way worth retrying; the client pauses before attempt `attempt`."""

    attempt: int
    seconds: float
    reason: str


WaitEvent = RateLimitWait | RetryAfterWait | BackoffWait
WaitObserver = Callable[[WaitEvent], None]
