"""A sliding-window rate limiter: at most N requests in any 60 seconds, per site.

Wix allows 200 requests a minute per app instance. Every client in the process that talks to
the same site draws on one shared limiter (`shared_limiter`), so two clients (or two threads)
cannot together exceed the budget. The limiter also says what it knows about the queue
(`waiting`, `eta`), so the app can tell the user how long a batch of changes will take.
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
        self._waiting = 0
        # Slots of each window background requests leave free (a fifth of the budget).
        self.reserve = max(1, per_minute // 5) if per_minute > 1 else 0

    def acquire(
        self, on_wait: Callable[[float], None] | None = None, *, background: bool = False
    ) -> float:
        """Block until one more request fits in the window; return the seconds waited.

        `on_wait(seconds)` is called (on this thread) before each pause. A `background`
        request (the later pages of a long listing) leaves the last `reserve` slots of the
        window to the others, so a change the user makes is never queued behind a listing
        that has used up the minute.
        """
        waited = 0.0
        limit = self.per_minute - (self.reserve if background else 0)
        while True:
            with self._lock:
                now = self._clock()
                self._expire(now)
                if len(self._sent) < limit:
                    self._sent.append(now)
                    if waited:
                        self._waiting -= 1
                    return waited
                pause = self._window - (now - self._sent[len(self._sent) - limit])
                if not waited:
                    self._waiting += 1
            if on_wait is not None:
                on_wait(pause)
            self._sleep(pause)
            waited += pause

    @property
    def waiting(self) -> int:
        """Requests (of every client of this site) held back right now."""
        with self._lock:
            return self._waiting

    def eta(self, count: int) -> float:
        """Seconds until `count` more requests, queued behind the ones waiting now, could all
        have been sent (0.0 while they fit in the budget)."""
        if count <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            self._expire(now)
            recent = deque(self._sent, maxlen=self.per_minute)
            queued = self._waiting
        last = now
        for _ in range(queued + count):
            last = now if len(recent) < self.per_minute else max(now, recent[0] + self._window)
            recent.append(last)
        return last - now

    def _expire(self, now: float) -> None:
        while self._sent and now - self._sent[0] >= self._window:
            self._sent.popleft()


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
