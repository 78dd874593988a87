"""How much like the real (slow, rate-limited, asynchronous, strict) Wix service to behave.

The default :class:`Behaviour` is the fast, lenient sandbox that tests and the demo use.
:meth:`Behaviour.wix` turns everything on; each part can also be set on its own::

    SandboxServer(data_dir, behaviour=Behaviour.wix(latency_scale=0, rate_limit=5))
    SandboxServer(data_dir, behaviour=Behaviour(async_media=True))

=================  ========================================================================
``latency_scale``  a random delay per API request, median ~150 ms with a tail to ~800 ms
                   (log-normal, seeded), multiplied by this; 0 = none. Also scales the time
                   an asynchronous upload takes to turn READY.
``rate_limit``     requests per rolling minute per site across the API; beyond it 429 with
                   ``Retry-After``. None = unlimited.
``async_media``    uploads (and imports) answer PENDING; the file turns READY later.
``strict``         unknown request fields dropped, empty lists omitted from answers, List
                   Galleries in createdDate order.
``null_clears``    whether ``null`` in a PATCH clears a field (see :mod:`.patching`).
``clock``          seconds, monotonic (the rate limiter's; tests pass their own).
``sleep``          how latency is waited (tests pass a recorder).
=================  ========================================================================
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

LATENCY_MEDIAN = 0.150  # seconds
LATENCY_SIGMA = 0.72  # log-normal spread: the 99th percentile lands near 800 ms
LATENCY_CAP = 1.0  # nothing slower than this (before scaling)
WIX_RATE_LIMIT = 200  # requests per minute per site (REFERENCE.md section 6.2)


@dataclass(frozen=True)
class Behaviour:
    latency_scale: float = 0.0
    rate_limit: int | None = None
    async_media: bool = False
    strict: bool = False
    null_clears: bool = True
    seed: int | None = None
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.latency_scale) and self.latency_scale >= 0):
            raise ValueError(f"latency scale must be a number >= 0, not {self.latency_scale!r}")
        if self.rate_limit is not None and self.rate_limit < 1:
            raise ValueError(f"rate limit must be at least 1, not {self.rate_limit!r}")

    @classmethod
    def wix(cls, **changes: Any) -> Behaviour:
        """Every behaviour of the real service on; ``changes`` override single settings."""
        full = cls(
            latency_scale=1.0,
            rate_limit=WIX_RATE_LIMIT,
            async_media=True,
            strict=True,
            null_clears=False,
        )
        return replace(full, **changes)

    def describe(self) -> str:
        parts = []
        if self.latency_scale:
            parts.append(f"latency x{self.latency_scale:g}")
        if self.rate_limit:
            parts.append(f"{self.rate_limit} requests/min")
        if self.async_media:
            parts.append("async media")
        if self.strict:
            parts.append("strict")
        parts.append("null clears" if self.null_clears else "null ignored")
        return ", ".join(parts)


class Latency:
    """Seeded per-request delays of a cloud API."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.scale = behaviour.latency_scale
        self._sleep = behaviour.sleep
        self._rng = random.Random(behaviour.seed)
        self._lock = threading.Lock()

    def sample(self) -> float:
        """The next delay in seconds (already scaled)."""
        if self.scale <= 0:
            return 0.0
        with self._lock:
            raw = self._rng.lognormvariate(math.log(LATENCY_MEDIAN), LATENCY_SIGMA)
        return min(raw, LATENCY_CAP) * self.scale

    def wait(self) -> None:
        delay = self.sample()
        if delay > 0:
            self._sleep(delay)
