"""A sliding-window rate limiter: at most N requests in any 60 seconds, per site.

Wix allows 200 requests a minute per app instance. Every client in the process that talks to
the same site draws on one shared limiter (`shared_limiter`), so two clients (or two threads)
cannot together exceed the budget.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WIX_REQUESTS_PER_MINUTE = 200


class RateLimiter:
    def __init__(
        self,
        per_minute: int = WIX_REQUESTS_PER_MINUTE,
        *,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self._window = window
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Block until one more request fits in the window; return the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                while self._sent and now - self._sent[0] >= self._window:
                    self._sent.popleft()
                if len(self._sent) < self.per_minute:
                    self._sent.append(now)
                    return waited
                pause = self._window - (now - self._sent[0])
            self._sleep(pause)
            waited += pause


_shared: dict[tuple[str, str], RateLimiter] = {}
_shared_lock = threading.Lock()


def shared_limiter(base_url: str, budget_key: str, per_minute: int) -> RateLimiter:
    """The process-wide limiter for one site on one server (created on first use)."""
    key = (base_url.rstrip("/"), budget_key)
    with _shared_lock:
        limiter = _shared.get(key)
        if limiter is None:
            limiter = _shared[key] = RateLimiter(per_minute)
        else:
            # The strictest budget asked for wins: a second caller cannot raise the limit.
            limiter.per_minute = min(limiter.per_minute, per_minute)
        return limiter
