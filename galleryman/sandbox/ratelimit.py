"""Wix's rate limit: N requests per rolling minute per site (REFERENCE.md section 6.2).

A sliding log of the times of admitted requests; a request is admitted when fewer than N were
admitted in the last 60 seconds. A refused request takes no slot, and its ``Retry-After`` is
the whole number of seconds until the oldest slot frees (at least 1). The clock is injected so
tests decide what "now" is.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class RateLimiter:
    def __init__(
        self, limit: int, clock: Callable[[], float], window: float = WINDOW_SECONDS
    ) -> None:
        if limit < 1:
            raise ValueError("the rate limit must be at least 1")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._admitted: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> int | None:
        """None when admitted; otherwise the seconds to wait (for ``Retry-After``)."""
        with self._lock:
            now = self._clock()
            while self._admitted and self._admitted[0] <= now - self.window:
                self._admitted.popleft()
            if len(self._admitted) < self.limit:
                self._admitted.append(now)
                return None
            wait = self._admitted[0] + self.window - now
        return max(1, math.ceil(wait))

    def used(self) -> int:
        """Requests admitted within the current window."""
        with self._lock:
            now = self._clock()
            return sum(1 for t in self._admitted if t > now - self.window)
