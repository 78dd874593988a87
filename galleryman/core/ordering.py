"""The ordering rule for gallery items and galleries: Wix's own editor rule, with few PATCHes.

Items (and the galleries of a site) are shown in ascending `sortOrder` (a float). Moving one
item costs one PATCH: its new sortOrder is the midpoint of its new neighbours,
`(prev + next) / 2`, or one step (1.0) before the first / after the last neighbour when it
goes to an end. Only when no float fits strictly between the neighbours are other items
renumbered, and then only the smallest run of neighbours around the insertion point that makes
comfortable room again (see `ROOM_ULPS_PER_ELEMENT`).

Guarantees of every plan made here (`plan_move`, `plan_insert`):

* applied, the keys show in exactly the order asked for;
* sortOrders stay unique (given unique sortOrders to start with);
* every new sortOrder differs from every *current* sortOrder in the list, so the PATCHes can
  be sent in any order, and any subset of them may fail, without two items ever sharing a
  sortOrder in between (the sandbox rejects such a write with 400);
* renumbered neighbours form one contiguous run around the insertion point (in the new order),
  never longer than the distance from the insertion point to the nearer end of the list.

`plan_move` and `plan_insert` take the whole list; `plan_move_in` and `plan_insert_in` make
the same plans from an `OrderSource` that reads the order in place (the item grid's rows), so
a move in a 100,000-item gallery reads O(log n) entries plus the few it renumbers instead of
copying and checking the whole list. Both pairs share one algorithm.

Pure functions, standard library only.
"""

from __future__ import annotations

import math
import operator
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol, TypeVar, overload

_T = TypeVar("_T")

__all__ = [
    "END_STEP",
    "END_STEP_MIN_ULPS",
    "OrderSource",
    "ROOM_ULPS_MIN",
    "ROOM_ULPS_PER_ELEMENT",
    "SortUpdate",
    "apply_updates",
    "plan_insert",
    "plan_insert_in",
    "plan_move",
    "plan_move_in",
    "required_room",
    "sort_order_between",
    "sort_order_for_append",
]

END_STEP = 1.0
"""The step past an end neighbour (raised where 1.0 is too small for the magnitude)."""

END_STEP_MIN_ULPS = 1024.0
"""Where 1.0 is too fine for the magnitude (beyond 2**43), the end step is this many ulps."""

ROOM_ULPS_PER_ELEMENT = 16.0
ROOM_ULPS_MIN = 64.0
"""Room a renumbering must leave: gap per element of at least
`max(ROOM_ULPS_MIN, ROOM_ULPS_PER_ELEMENT * w)` ulps (of the larger bound) for a window of `w`
elements (the block included).

Measured in ulps, not as a fixed number, because sortOrders range from small integers to epoch
millis (~1.6e12, where one ulp is 2.4e-4 and a step of 1.0 is only 4096 ulps): the float grid
is what runs out. The floor leaves >= 6 further midpoint moves into any renumbered gap. The
requirement grows with the window (as in packed-memory arrays / list labelling) so a big
renumbering leaves its parts sparser than a small one would need: repeated moves into one spot
then renumber ever larger windows, each more rarely, instead of re-spreading one dense run at
the bare minimum on every move (measured: ~1.5 instead of ~8 PATCHes per move when the
same spot of a millis gallery is hammered 3000 times).
"""

FIRST_SORT_ORDER = 1.0
"""What an empty list starts at (one older Velo page documents `Min: 1` for sortOrder)."""


@dataclass(frozen=True)
class SortUpdate:
    """One PATCH to send: set `key`'s sortOrder to `sort_order`."""

    key: str
    sort_order: float


class OrderSource(Protocol):
    """A display order of (key, sortOrder), ascending and with unique keys, read in place."""

    def __len__(self) -> int: ...

    def key_at(self, index: int) -> str: ...

    def value_at(self, index: int) -> float:
        """The sortOrder at `index` (ValueError when it is not a finite number)."""
        ...

    def index_of(self, key: str) -> int:
        """Where `key` is, -1 when it is not in the order."""
        ...

    def taken(self) -> Sequence[float]:
        """Every current sortOrder, ascending (may hold more: values no new one may take)."""
        ...


# --------------------------------------------------------------------------- public API


def sort_order_between(prev: float | None, next: float | None) -> float | None:
    """The sortOrder for one item placed between `prev` and `next` (either may be None = end).

    The midpoint `(prev + next) / 2` between two neighbours, one step (1.0) before `next` /
    after `prev` at an end, `FIRST_SORT_ORDER` with no neighbours at all. None when no float
    lies strictly between the neighbours (including `prev >= next`) or the step would overflow.
    """
    lo = None if prev is None else _finite(prev, "prev")
    hi = None if next is None else _finite(next, "next")
    values = _spread(lo, hi, 1)
    return None if values is None else values[0]


def sort_order_for_append(existing: Iterable[float], now: float) -> float:
    """The sortOrder for a new last item: `now`, raised to `max(existing) + 1.0` if needed.

    i.e. `max(now, max(existing) + 1.0)`, strictly greater than every existing sortOrder (the
    step grows where 1.0 is below the float resolution of huge values).
    """
    result = _finite(now, "now")
    top: float | None = None
    for value in existing:
        v = _finite(value, "sortOrder")
        if top is None or v > top:
            top = v
    if top is not None:
        result = max(result, top + _end_step(top))
        if not math.isfinite(result) or result <= top:
            raise ValueError(f"no finite sortOrder after {top!r}")
    return result


def apply_updates(
    order: Sequence[tuple[str, float]], updates: Iterable[SortUpdate]
) -> list[tuple[str, float]]:
    """The (key, sortOrder) pairs after `updates`, in ascending sortOrder.

    Ties (only possible if `order` already had them) keep their relative order in `order`.
    """
    index: dict[str, int] = {}
    for i, (key, _value) in enumerate(order):
        if key in index:
            raise ValueError(f"duplicate key in order: {key!r}")
        index[key] = i
    new_values = [float(value) for _key, value in order]
    seen: set[str] = set()
    for update in updates:
        if update.key not in index:
            raise ValueError(f"update for unknown key: {update.key!r}")
        if update.key in seen:
            raise ValueError(f"more than one update for key: {update.key!r}")
        seen.add(update.key)
        new_values[index[update.key]] = _finite(update.sort_order, "sort_order")
    ranked = sorted(range(len(order)), key=lambda i: (new_values[i], i))
    return [(order[i][0], new_values[i]) for i in ranked]


def plan_move(
    order: Sequence[tuple[str, float]], keys: Sequence[str], dest_index: int
) -> list[SortUpdate]:
    """The PATCHes that move `keys` as one block before the element now at `dest_index`.

    `order` is the current list of (key, sortOrder) in display (ascending) order. The moved keys
    keep their current relative order and may be non-contiguous; `dest_index` indexes the list
    *before* the keys are taken out (Qt's moveRows / drop semantics), `len(order)` meaning the
    end. Moving keys to where they already are returns `[]`.

    Usually one update per moved key (fewer when some moved keys already sit correctly between
    their new neighbours); neighbours are renumbered only when the float gap has run out. The
    updates come in the new display order.

    Raises ValueError for an unknown or repeated key, `dest_index` out of range, a non-finite
    sortOrder or an `order` that is not ascending.
    """
    return plan_move_in(_ListOrder(_check_order(order)), keys, dest_index)


def plan_move_in(source: OrderSource, keys: Sequence[str], dest_index: int) -> list[SortUpdate]:
    """`plan_move` over an order read in place: the same plan, reading the moved keys, the
    neighbours at the destination and the few entries it renumbers (none of the others)."""
    n = len(source)
    if not 0 <= dest_index <= n:
        raise ValueError(f"dest_index {dest_index} out of range 0..{n}")
    positions: list[int] = []
    seen: set[str] = set()
    for key in keys:
        index = source.index_of(key)
        if index < 0:
            raise ValueError(f"unknown key: {key!r}")
        if key in seen:
            raise ValueError(f"key given twice: {key!r}")
        seen.add(key)
        positions.append(index)
    if not positions:
        return []
    moved = sorted(positions)
    p = dest_index - bisect_left(moved, dest_index)  # entries staying in place before the block
    if moved[-1] - moved[0] + 1 == len(moved) and moved[0] == p:
        return []  # already a block at that place

    rest = _Rest(source, moved)
    current = [source.value_at(i) for i in moved]
    block_values, start, renumbered = _place_block(rest, p, current, source.taken())
    before = p - start  # renumbered neighbours before the block; the others follow it
    updates = [
        SortUpdate(rest.key_at(start + i), new)
        for i, new in enumerate(renumbered[:before])
        if new != rest[start + i]
    ]
    updates += [
        SortUpdate(source.key_at(i), new)
        for i, old, new in zip(moved, current, block_values, strict=True)
        if new != old
    ]
    updates += [
        SortUpdate(rest.key_at(p + i), new)
        for i, new in enumerate(renumbered[before:])
        if new != rest[p + i]
    ]
    return updates


def plan_insert(
    order: Sequence[tuple[str, float]], count: int, dest_index: int
) -> tuple[list[float], list[SortUpdate]]:
    """SortOrders for `count` new items inserted as a block before the element at `dest_index`.

    Returns the new items' sortOrders (ascending, for the POSTs) and the PATCHes for any
    neighbours that must be renumbered to make room (usually none). `dest_index == len(order)`
    appends (one step, 1.0, after the last item; use `sort_order_for_append` to follow the
    server's "epoch time" rule instead).
    """
    return plan_insert_in(_ListOrder(_check_order(order)), count, dest_index)


def plan_insert_in(
    source: OrderSource, count: int, dest_index: int
) -> tuple[list[float], list[SortUpdate]]:
    """`plan_insert` over an order read in place (see `plan_move_in`)."""
    n = len(source)
    if not 0 <= dest_index <= n:
        raise ValueError(f"dest_index {dest_index} out of range 0..{n}")
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    if count == 0:
        return [], []
    values = _Rest(source, [])
    block_values, start, renumbered = _place_block(
        values, dest_index, [None] * count, source.taken()
    )
    updates = [
        SortUpdate(source.key_at(start + i), new)
        for i, new in enumerate(renumbered)
        if new != values[start + i]
    ]
    return block_values, updates


# --------------------------------------------------------------------------- internals


class _ListOrder:
    """An `OrderSource` over a checked list (ascending, finite, unique keys)."""

    def __init__(self, entries: list[tuple[str, float]]) -> None:
        self._keys = [key for key, _value in entries]
        self._values = [value for _key, value in entries]
        self._index = {key: i for i, key in enumerate(self._keys)}

    def __len__(self) -> int:
        return len(self._keys)

    def key_at(self, index: int) -> str:
        return self._keys[index]

    def value_at(self, index: int) -> float:
        return self._values[index]

    def index_of(self, key: str) -> int:
        return self._index.get(key, -1)

    def taken(self) -> Sequence[float]:
        return self._values


class _Rest(Sequence[float]):
    """The sortOrders of a source without the entries at `moved` (sorted indices), read on
    demand: the planner looks at a few neighbours, never at the whole list."""

    def __init__(self, source: OrderSource, moved: list[int]) -> None:
        self._source = source
        self._moved = moved

    def __len__(self) -> int:
        return len(self._source) - len(self._moved)

    def source_index(self, index: int) -> int:
        """The source index of the `index`-th entry left: the least j with
        j == index + (moved entries at or before j)."""
        skipped = 0
        while True:
            more = bisect_right(self._moved, index + skipped)
            if more == skipped:
                return index + skipped
            skipped = more

    def key_at(self, index: int) -> str:
        return self._source.key_at(self.source_index(index))

    @overload
    def __getitem__(self, index: int) -> float: ...

    @overload
    def __getitem__(self, index: slice) -> list[float]: ...

    def __getitem__(self, index: int | slice) -> float | list[float]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._source.value_at(self.source_index(index))


def _finite(value: float, what: str) -> float:
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return result


def _check_order(order: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    # Built-in passes rather than one Python loop: a 10,000-item gallery is checked on the
    # GUI thread at every drop, so this must stay well under a frame.
    entries = [(key, float(value)) for key, value in order]
    keys = [key for key, _value in entries]
    values = [value for _key, value in entries]
    if len(set(keys)) != len(keys):
        duplicate = next(k for k, n in Counter(keys).items() if n > 1)
        raise ValueError(f"duplicate key in order: {duplicate!r}")
    if not all(map(math.isfinite, values)):
        key, value = next((k, v) for k, v in entries if not math.isfinite(v))
        _finite(value, f"sortOrder of {key!r}")
    if not all(map(operator.le, values, values[1:])):
        i = next(i for i in range(1, len(values)) if values[i] < values[i - 1])
        raise ValueError(
            f"order is not ascending: {keys[i]!r} ({values[i]!r}) after "
            f"{keys[i - 1]!r} ({values[i - 1]!r})"
        )
    return entries


def _end_step(anchor: float) -> float:
    """1.0, or enough ulps to leave room where 1.0 is too fine for the magnitude (>= 2**43)."""
    return max(END_STEP, END_STEP_MIN_ULPS * math.ulp(anchor))


def _midpoint(lo: float, hi: float) -> float:
    total = lo + hi
    return total / 2 if math.isfinite(total) else lo / 2 + hi / 2


def _lerp(lo: float, hi: float, t: float) -> float:
    span = hi - lo
    return lo + span * t if math.isfinite(span) else lo * (1 - t) + hi * t


def _spread(lo: float | None, hi: float | None, count: int) -> list[float] | None:
    """`count` evenly spaced floats strictly between lo and hi (None = open end), or None."""
    if count == 0:
        return []
    if lo is None and hi is None:
        values = [FIRST_SORT_ORDER + i * END_STEP for i in range(count)]
    elif lo is None:
        assert hi is not None
        step = _end_step(hi)
        values = [hi - (count - i) * step for i in range(count)]
    elif hi is None:
        step = _end_step(lo)
        values = [lo + (i + 1) * step for i in range(count)]
    elif not lo < hi:
        return None
    elif count == 1:
        values = [_midpoint(lo, hi)]  # Wix's editor rule, bit for bit
    else:
        values = [_lerp(lo, hi, (i + 1) / (count + 1)) for i in range(count)]
    bounds = [-math.inf if lo is None else lo, *values, math.inf if hi is None else hi]
    if not all(math.isfinite(v) for v in values):
        return None
    if not all(a < b for a, b in pairwise(bounds)):
        return None
    return values


def required_room(window: int) -> float:
    """Gap per element, in ulps, that renumbering a window of `window` elements must leave."""
    return max(ROOM_ULPS_MIN, ROOM_ULPS_PER_ELEMENT * window)


def _room(lo: float | None, hi: float | None, count: int) -> float:
    """Gap per element, in ulps of the larger bound, when `count` values are spread."""
    if lo is None and hi is None:
        return math.inf
    if lo is None or hi is None:
        anchor = hi if lo is None else lo
        assert anchor is not None
        return _end_step(anchor) / math.ulp(anchor)
    if not lo < hi:
        return 0.0
    gap = hi / (count + 1) - lo / (count + 1)
    return gap / math.ulp(max(abs(lo), abs(hi)))


def _fit(
    lo: float | None, hi: float | None, own: Sequence[float | None], taken: Sequence[float]
) -> list[float] | None:
    """Spread len(own) values between lo and hi, none equal to a current value in `taken`.

    `own[i]` is the current value of the i-th element (None for a new one): keeping it is fine.
    A value that hits someone else's current value is nudged to the nearest free float.
    """
    values = _spread(lo, hi, len(own))
    if values is None:
        return None
    result: list[float] = []
    below = lo
    for i, value in enumerate(values):
        above = values[i + 1] if i + 1 < len(values) else hi
        if value != own[i] and _is_taken(value, taken):
            nudged = _nearest_free(value, below, above, taken)
            if nudged is None:
                return None
            value = nudged
        result.append(value)
        below = value
    return result


def _is_taken(value: float, taken: Sequence[float]) -> bool:
    i = bisect_left(taken, value)
    return i < len(taken) and taken[i] == value


def _nearest_free(
    value: float, below: float | None, above: float | None, taken: Sequence[float]
) -> float | None:
    """The free float nearest above `value` (else below it), strictly between below and
    above, not in `taken`.

    Above first: a taken value inside a gap the window plans over is an upload's tile, and a
    block goes after the uploads waiting in its gap (`sync/placing.py`). Going below put a
    photo dropped at the end before the photos still uploading there whenever the first of
    them had just finished unheard (found by the soak in `make test`)."""
    lo_i = 0 if below is None else bisect_right(taken, below)
    hi_i = len(taken) if above is None else bisect_left(taken, above)
    tries = max(0, hi_i - lo_i) + 1  # that many steps one way must pass every taken value
    up = down = value
    for _ in range(tries):
        up = math.nextafter(up, math.inf)
        if math.isfinite(up) and (above is None or up < above) and not _is_taken(up, taken):
            return up
    for _ in range(tries):
        down = math.nextafter(down, -math.inf)
        if math.isfinite(down) and (below is None or down > below) and not _is_taken(down, taken):
            return down
    return None


def _kept_in_place(
    current: Sequence[float | None], lo: float | None, hi: float | None
) -> list[int]:
    """Indices of a longest run of block members that may keep their sortOrder.

    Those strictly between the block's new neighbours and strictly increasing (a longest
    strictly increasing subsequence); the others are placed between them.
    """
    tail_values: list[float] = []
    tail_index: list[int] = []
    parent: dict[int, int] = {}
    for i, value in enumerate(current):
        if value is None or (lo is not None and value <= lo) or (hi is not None and value >= hi):
            continue
        at = bisect_left(tail_values, value)
        parent[i] = tail_index[at - 1] if at > 0 else -1
        if at == len(tail_values):
            tail_values.append(value)
            tail_index.append(i)
        else:
            tail_values[at] = value
            tail_index[at] = i
    kept: list[int] = []
    i = tail_index[-1] if tail_index else -1
    while i != -1:
        kept.append(i)
        i = parent[i]
    kept.reverse()
    return kept


def _fill_around_kept(
    current: Sequence[float | None],
    kept: Sequence[int],
    lo: float | None,
    hi: float | None,
    taken: Sequence[float],
) -> list[float] | None:
    """Block values keeping the `kept` members and spreading the others between them."""
    values: list[float] = []
    anchors = [(-1, lo), *((k, current[k]) for k in kept), (len(current), hi)]
    for (a, a_value), (b, b_value) in pairwise(anchors):
        run = _fit(a_value, b_value, current[a + 1 : b], taken)
        if run is None:
            return None
        values.extend(run)
        if b < len(current):
            assert b_value is not None
            values.append(b_value)
    return values


def _place_block(
    rest: Sequence[float],
    p: int,
    current: Sequence[float | None],
    taken: Sequence[float],
) -> tuple[list[float], int, list[float]]:
    """Values for a block inserted before rest[p]: (block values, start, renumbered).

    `renumbered` are new values for rest[start : start + len(renumbered)], a run around p.
    `current` holds the block members' current values (None for new items); `taken` is every
    current value, sorted.
    """
    n = len(rest)
    m = len(current)
    lo = rest[p - 1] if p > 0 else None
    hi = rest[p] if p < n else None

    # 1. Keep the members that already sit between the new neighbours; place the others.
    kept = _kept_in_place(current, lo, hi)
    if kept:
        values = _fill_around_kept(current, kept, lo, hi, taken)
        if values is not None:
            return values, p, []
    # 2. The whole block in the gap: the midpoint rule (or one step past an end).
    values = _fit(lo, hi, current, taken)
    if values is not None:
        return values, p, []
    # 3. The gap is exhausted: renumber the smallest window of neighbours that leaves room.
    #    A window reaching an end of the list always has room (one step per element past the
    #    end neighbour), so this ends by extra = min(p, n - p).
    for extra in range(1, n + 1):
        candidates: list[tuple[float, int]] = []
        for j in range(max(0, extra - (n - p)), min(extra, p) + 1):
            k = extra - j
            w_lo = rest[p - j - 1] if p - j > 0 else None
            w_hi = rest[p + k] if p + k < n else None
            room = _room(w_lo, w_hi, m + extra)
            if w_lo is None or w_hi is None or room >= required_room(m + extra):
                candidates.append((room, j))
        candidates.sort(key=lambda c: -c[0])
        for _room_ulps, j in candidates:
            k = extra - j
            w_lo = rest[p - j - 1] if p - j > 0 else None
            w_hi = rest[p + k] if p + k < n else None
            own = [*rest[p - j : p], *current, *rest[p : p + k]]
            window = _fit(w_lo, w_hi, own, taken)
            if window is not None:
                return window[j : j + m], p - j, window[:j] + window[j + m :]
    # Only reachable at the edge of the float range (an end step overflowing).
    raise ValueError("no room for the sortOrders within the finite floats")


def sort_by_order(things: Iterable[_T]) -> list[_T]:
    """Display order: ascending sortOrder; ones without a sortOrder last, in arrival order."""
    return sorted(
        things,
        key=lambda t: (
            getattr(t, "sort_order", None) is None,
            getattr(t, "sort_order", None) or 0.0,
        ),
    )
