"""Fault injection: make the sandbox misbehave the way a real network and service can.

A :class:`FaultSpec` is read on every API and upload request (never for ``GET /media/...``).
Spec string, comma-separated ``key=value`` parts (see :meth:`FaultSpec.parse`)::

    500=0.1,429=0.05,drop-before=0.02,drop-after=0.02,latency-ms=5,seed=1

Fault kinds (the probabilities of all kinds must add up to at most 1; one draw per request):

==========================  ===============================================================
``500``                     answer 500 (empty system-error body); the change is NOT applied
``500-after``               apply the change, then answer 500
``503``                     answer 503; not applied
``429``                     answer 429 with ``Retry-After: <retry-after>``; not applied
``429-no-retry-after``      answer 429 without a Retry-After header; not applied
``drop-before``             close the connection without a byte of response; not applied
``drop-after``              apply the change, then close without a response
``html-502``                answer 502 with a text/html proxy error page; not applied
``malformed-json``          apply the change, answer 200 with the JSON body cut in half
==========================  ===============================================================

Other keys: ``retry-after=<seconds>`` (default 1), ``latency-ms=<n>`` (delay added to every
request the spec applies to), ``seed=<int>`` (deterministic random draws).

Tests can also queue deterministic one-shot faults with :meth:`FaultSpec.inject_next`; queued
faults fire before the probabilistic ones.
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass

KINDS = (
    "500", "500-after", "503", "429", "429-no-retry-after", "drop-before", "drop-after",
    "html-502", "malformed-json",
)  # fmt: skip
AFTER_KINDS = frozenset({"500-after", "drop-after", "malformed-json"})


@dataclass
class _Queued:
    kind: str
    count: int
    method: str | None
    path_contains: str | None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_contains is None or self.path_contains in path


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown fault kind {kind!r} (known: {', '.join(KINDS)})")


class FaultSpec:
    """Per-request fault probabilities plus a queue of one-shot faults; safe across threads."""

    def __init__(
        self,
        probabilities: dict[str, float] | None = None,
        *,
        retry_after: float = 1.0,
        latency_ms: float = 0.0,
        seed: int | None = None,
    ) -> None:
        self.probabilities: dict[str, float] = {}
        for kind, p in (probabilities or {}).items():
            _check_kind(kind)
            if not (isinstance(p, int | float) and 0.0 <= p <= 1.0):
                raise ValueError(f"probability of {kind!r} must be between 0 and 1, not {p!r}")
            self.probabilities[kind] = float(p)
        if sum(self.probabilities.values()) > 1.0 + 1e-9:
            raise ValueError("fault probabilities add up to more than 1")
        if not (math.isfinite(retry_after) and retry_after >= 0):
            raise ValueError(f"retry-after must be a non-negative number, not {retry_after!r}")
        if not (math.isfinite(latency_ms) and latency_ms >= 0):
            raise ValueError(f"latency-ms must be a non-negative number, not {latency_ms!r}")
        self.retry_after = retry_after
        self.latency_ms = latency_ms
        self.seed = seed
        self._rng = random.Random(seed)
        self._queue: list[_Queued] = []
        self._lock = threading.Lock()

    @classmethod
    def parse(cls, text: str) -> FaultSpec:
        """Parse ``"500=0.1,429=0.05,latency-ms=5,seed=1"``; ValueError names the bad part."""
        probabilities: dict[str, float] = {}
        options: dict[str, float] = {}
        seed: int | None = None
        seen: set[str] = set()
        for part in (p.strip() for p in text.split(",")):
            if not part:
                continue
            key, sep, value = (s.strip() for s in part.partition("="))
            if not sep or not key or not value:
                raise ValueError(f"bad fault spec part {part!r}: expected key=value")
            if key in seen:
                raise ValueError(f"bad fault spec part {part!r}: {key!r} given twice")
            seen.add(key)
            if key == "seed":
                try:
                    seed = int(value)
                except ValueError:
                    raise ValueError(
                        f"bad fault spec part {part!r}: seed must be an integer"
                    ) from None
                continue
            try:
                number = float(value)
            except ValueError:
                raise ValueError(
                    f"bad fault spec part {part!r}: {value!r} is not a number"
                ) from None
            if key in ("retry-after", "latency-ms"):
                if not (math.isfinite(number) and number >= 0):
                    raise ValueError(f"bad fault spec part {part!r}: must be >= 0")
                options[key] = number
            elif key in KINDS:
                if not 0.0 <= number <= 1.0:
                    raise ValueError(f"bad fault spec part {part!r}: probability must be in 0..1")
                probabilities[key] = number
            else:
                known = ", ".join((*KINDS, "retry-after", "latency-ms", "seed"))
                raise ValueError(
                    f"bad fault spec part {part!r}: unknown key {key!r} (known: {known})"
                )
        if sum(probabilities.values()) > 1.0 + 1e-9:
            raise ValueError(f"bad fault spec {text!r}: probabilities add up to more than 1")
        return cls(
            probabilities,
            retry_after=options.get("retry-after", 1.0),
            latency_ms=options.get("latency-ms", 0.0),
            seed=seed,
        )

    def __str__(self) -> str:
        parts = [f"{k}={v:g}" for k, v in self.probabilities.items()]
        if self.retry_after != 1.0:
            parts.append(f"retry-after={self.retry_after:g}")
        if self.latency_ms:
            parts.append(f"latency-ms={self.latency_ms:g}")
        if self.seed is not None:
            parts.append(f"seed={self.seed}")
        return ",".join(parts)

    def __repr__(self) -> str:
        return f"FaultSpec.parse({str(self)!r})"

    def inject_next(
        self,
        kind: str,
        count: int = 1,
        method: str | None = None,
        path_contains: str | None = None,
    ) -> None:
        """Make the next ``count`` matching requests fail with ``kind`` (before random faults)."""
        _check_kind(kind)
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._queue.append(_Queued(kind, count, method, path_contains))

    def clear(self) -> None:
        """Forget queued one-shot faults."""
        with self._lock:
            self._queue.clear()

    @property
    def pending(self) -> int:
        """How many queued one-shot faults have not fired yet."""
        with self._lock:
            return sum(q.count for q in self._queue)

    def pick(self, method: str, path: str) -> str | None:
        """The fault for this request, if any: queued ones first, then one random draw."""
        with self._lock:
            for queued in self._queue:
                if queued.matches(method, path):
                    queued.count -= 1
                    if queued.count == 0:
                        self._queue.remove(queued)
                    return queued.kind
            if not self.probabilities:
                return None
            draw = self._rng.random()
        cumulative = 0.0
        for kind, p in self.probabilities.items():
            cumulative += p
            if draw < cumulative:
                return kind
        return None

    def retry_after_header(self) -> str:
        """``Retry-After`` value: whole seconds when integral, else a decimal."""
        value = self.retry_after
        return str(int(value)) if float(value).is_integer() else f"{value:g}"
