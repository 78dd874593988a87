"""The ordering rule: midpoint moves, ends, exhausted float gaps, and property tests."""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from galleryman.core.ordering import (
    ROOM_ULPS_MIN,
    SortUpdate,
    apply_updates,
    plan_insert,
    plan_move,
    sort_order_between,
    sort_order_for_append,
)

Order = list[tuple[str, float]]

# Largest PATCH counts seen by the property tests (read by anyone curious; see report).
OBSERVED: dict[str, int] = {"move": 0, "move_renumbered": 0, "insert_renumbered": 0}


def make_order(*values: float) -> Order:
    return [(f"k{i}", float(v)) for i, v in enumerate(values)]


def keys_of(order: Sequence[tuple[str, float]]) -> list[str]:
    return [key for key, _value in order]


def expected_move(keys: list[str], moved: Sequence[str], dest_index: int) -> list[str]:
    """The order asked for, by list manipulation (Qt moveRows semantics)."""
    moved_set = set(moved)
    block = [k for k in keys if k in moved_set]
    rest = [k for k in keys if k not in moved_set]
    p = sum(1 for k in keys[:dest_index] if k not in moved_set)
    return rest[:p] + block + rest[p:]


def adjacent_floats(start: float, count: int) -> list[float]:
    values = [start]
    for _ in range(count - 1):
        values.append(math.nextafter(values[-1], math.inf))
    return values


# --------------------------------------------------------------------------- sort_order_between


def test_between_is_the_midpoint() -> None:
    assert sort_order_between(1.0, 2.0) == 1.5
    assert sort_order_between(-3.0, -1.0) == -2.0
    assert sort_order_between(-1.0, 1.0) == 0.0
    prev, nxt = 1611056409.2088726, 1611057617.5
    assert sort_order_between(prev, nxt) == (prev + nxt) / 2


def test_between_ends_step_one() -> None:
    assert sort_order_between(None, 5.0) == 4.0
    assert sort_order_between(5.0, None) == 6.0
    assert sort_order_between(None, -2.1e12) == -2.1e12 - 1.0
    assert sort_order_between(1.64431795e9, None) == 1.64431795e9 + 1.0
    assert sort_order_between(None, None) == 1.0


def test_between_huge_values() -> None:
    assert sort_order_between(1657439075188.0, 1657439075189.0) == 1657439075188.5
    assert sort_order_between(1.64431795e9, 1.64431795e9 + 1) == 1644317950.5
    # Beyond 2**53 a step of 1.0 vanishes; the step grows so the result is still past the end.
    big = 1e17
    after = sort_order_between(big, None)
    before = sort_order_between(None, big)
    assert after is not None and after > big
    assert before is not None and before < big


def test_between_none_when_no_float_fits() -> None:
    assert sort_order_between(1.0, 1.0) is None
    assert sort_order_between(2.0, 1.0) is None
    a = 1.6e12
    assert sort_order_between(a, math.nextafter(a, math.inf)) is None
    assert sort_order_between(-0.0, 0.0) is None
    assert sort_order_between(sys.float_info.max, None) is None  # the step would overflow
    assert sort_order_between(None, -sys.float_info.max) is None
    two_ulps = math.nextafter(math.nextafter(a, math.inf), math.inf)
    assert sort_order_between(a, two_ulps) == math.nextafter(a, math.inf)


def test_between_midpoint_does_not_overflow() -> None:
    assert sort_order_between(-1.7e308, 1.7e308) == 0.0
    mid = sort_order_between(1.5e308, 1.7e308)
    assert mid is not None and 1.5e308 < mid < 1.7e308


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_between_rejects_non_finite(bad: float) -> None:
    with pytest.raises(ValueError):
        sort_order_between(bad, 1.0)
    with pytest.raises(ValueError):
        sort_order_between(None, bad)


# --------------------------------------------------------------------------- sort_order_for_append


def test_append_uses_now_when_it_is_later() -> None:
    assert sort_order_for_append([], 1700000000.5) == 1700000000.5
    assert sort_order_for_append([1.0, 5.0, 3.0], 1700000000.5) == 1700000000.5


def test_append_is_raised_past_the_last() -> None:
    # Epoch millis in the gallery, epoch seconds now: one step past the largest.
    assert sort_order_for_append([1657439075188, 1642505672333], 1.7e9) == 1657439075189.0
    assert sort_order_for_append([10.0], 10.5) == 11.0  # max(now, max + 1.0)
    assert sort_order_for_append([-5.0, -7.0], -100.0) == -4.0
    assert sort_order_for_append(iter([3.0]), 3.0) == 4.0


def test_append_huge_and_errors() -> None:
    assert sort_order_for_append([1e17], 0.0) > 1e17
    with pytest.raises(ValueError):
        sort_order_for_append([1.7976931348623157e308], 0.0)
    with pytest.raises(ValueError):
        sort_order_for_append([math.nan], 0.0)
    with pytest.raises(ValueError):
        sort_order_for_append([], math.inf)


# --------------------------------------------------------------------------- apply_updates


def test_apply_updates_sorts_by_new_sort_order() -> None:
    order = make_order(1, 2, 3)
    result = apply_updates(order, [SortUpdate("k2", 0.5), SortUpdate("k0", 2.5)])
    assert result == [("k2", 0.5), ("k1", 2.0), ("k0", 2.5)]
    assert apply_updates(order, []) == order


def test_apply_updates_keeps_ties_in_input_order() -> None:
    order = [("a", 1.0), ("b", 1.0), ("c", 2.0)]
    assert keys_of(apply_updates(order, [SortUpdate("c", 1.0)])) == ["a", "b", "c"]


def test_apply_updates_errors() -> None:
    order = make_order(1, 2)
    with pytest.raises(ValueError, match="unknown"):
        apply_updates(order, [SortUpdate("nope", 1.5)])
    with pytest.raises(ValueError, match="more than one"):
        apply_updates(order, [SortUpdate("k0", 1.5), SortUpdate("k0", 1.6)])
    with pytest.raises(ValueError, match="duplicate"):
        apply_updates([("a", 1.0), ("a", 2.0)], [])
    with pytest.raises(ValueError):
        apply_updates(order, [SortUpdate("k0", math.nan)])


# --------------------------------------------------------------------------- plan_move


def test_move_one_item_is_one_patch_at_the_midpoint() -> None:
    order = make_order(1, 2, 3, 4)
    assert plan_move(order, ["k3"], 1) == [SortUpdate("k3", 1.5)]
    assert plan_move(order, ["k0"], 3) == [SortUpdate("k0", 3.5)]


def test_move_to_the_ends_is_one_step_past_the_neighbour() -> None:
    order = make_order(1, 2, 3, 4)
    assert plan_move(order, ["k2"], 0) == [SortUpdate("k2", 0.0)]
    assert plan_move(order, ["k0"], 4) == [SortUpdate("k0", 5.0)]


def test_move_with_real_epoch_values() -> None:
    seconds = make_order(1611056409.2088726, 1611057617.5, 1611058221.7, 1611059631.3)
    assert plan_move(seconds, ["k3"], 0) == [SortUpdate("k3", 1611056408.2088726)]
    (update,) = plan_move(seconds, ["k0"], 2)
    assert update == SortUpdate("k0", (1611057617.5 + 1611058221.7) / 2)

    millis = make_order(1642505672333, 1644317968.985e3, 1646212412985, 1657439075188)
    assert plan_move(millis, ["k0"], 4) == [SortUpdate("k0", 1657439075189.0)]
    assert plan_move(millis, ["k3"], 1) == [SortUpdate("k3", (1642505672333 + 1644317968985) / 2)]
    mixed = make_order(1.64431795e9, 1642505672333)
    assert plan_move(mixed, ["k1"], 0) == [SortUpdate("k1", 1.64431795e9 - 1.0)]


def test_move_with_negative_values() -> None:
    order = make_order(-2100000000000, -2099000000000, -5, 0, 7)
    assert plan_move(order, ["k4"], 1) == [SortUpdate("k4", -2099500000000.0)]
    assert plan_move(order, ["k3"], 0) == [SortUpdate("k3", -2100000000001.0)]
    assert plan_move(order, ["k0"], 3) == [SortUpdate("k0", -2.5)]


def test_moves_that_change_nothing_return_no_updates() -> None:
    order = make_order(1, 2, 3, 4, 5)
    for i in range(5):
        assert plan_move(order, [f"k{i}"], i) == []
        assert plan_move(order, [f"k{i}"], i + 1) == []
    assert plan_move(order, ["k1", "k2"], 1) == []
    assert plan_move(order, ["k1", "k2"], 2) == []
    assert plan_move(order, ["k1", "k2"], 3) == []
    assert plan_move(order, keys_of(order), 0) == []
    assert plan_move(order, keys_of(order), 5) == []
    assert plan_move(order, [], 2) == []
    assert plan_move([], [], 0) == []


def test_move_contiguous_block() -> None:
    order = make_order(1, 2, 3, 4, 5)
    updates = plan_move(order, ["k3", "k4"], 1)
    assert updates == [SortUpdate("k3", 1 + 1 / 3), SortUpdate("k4", 1 + 2 / 3)]
    assert keys_of(apply_updates(order, updates)) == ["k0", "k3", "k4", "k1", "k2"]
    assert plan_move(order, ["k0", "k1"], 5) == [SortUpdate("k0", 6.0), SortUpdate("k1", 7.0)]
    assert plan_move(order, ["k3", "k4"], 0) == [SortUpdate("k3", -1.0), SortUpdate("k4", 0.0)]


def test_move_non_contiguous_keys_keep_their_relative_order() -> None:
    order = make_order(10, 20, 30, 40, 50, 60)
    # Given in any order, the keys land in their current relative order.
    updates = plan_move(order, ["k5", "k1", "k3"], 3)
    result = apply_updates(order, updates)
    assert keys_of(result) == ["k0", "k2", "k1", "k3", "k5", "k4"]
    # k3 (40) already sits between k2 (30) and k4 (50): only k1 and k5 need a PATCH.
    assert {u.key for u in updates} == {"k1", "k5"}
    assert dict(result)["k1"] == 35.0 and dict(result)["k5"] == 45.0


def test_move_skips_keys_already_in_place() -> None:
    order = make_order(1, 2, 3, 4)
    # Dropping k0 and k2 before k1: k0 stays first, only k2 moves between k0 and k1.
    assert plan_move(order, ["k0", "k2"], 1) == [SortUpdate("k2", 1.5)]


def test_move_into_exhausted_gap_renumbers_a_small_run_only() -> None:
    # 200 items one apart (epoch millis), except a run of adjacent floats in the middle.
    base = 1.6e12
    values = [base + i for i in range(100)]
    values += adjacent_floats(base + 100, 6)
    values += [base + 101 + i for i in range(100)]
    order = make_order(*values)
    assert sort_order_between(values[101], values[102]) is None
    mover = "k0"
    updates = plan_move(order, [mover], 102)
    result = apply_updates(order, updates)
    assert keys_of(result) == expected_move(keys_of(order), [mover], 102)
    assert len({v for _k, v in result}) == len(result)
    assert mover in {u.key for u in updates}
    assert 2 <= len(updates) <= 10
    changed = {u.key for u in updates} - {mover}
    positions = sorted(keys_of(order).index(k) for k in changed)
    assert positions == list(range(positions[0], positions[-1] + 1))
    assert positions[0] >= 95 and positions[-1] <= 110
    # No new value is anybody's current value: the PATCHes are safe in any order.
    assert not {u.sort_order for u in updates} & set(values)


def test_renumbered_gaps_leave_room_for_further_midpoint_moves() -> None:
    values = adjacent_floats(1.64431795e9, 5) + [1.64431795e9 + 1]
    order = make_order(-1e6, *values, 2e9)
    updates = plan_move(order, ["k0"], 3)
    assert 2 <= len(updates) <= 6
    result = apply_updates(order, updates)
    assert keys_of(result) == expected_move(keys_of(order), ["k0"], 3)
    changed = {u.key for u in updates}
    # Every gap next to a renumbered value holds >= ROOM_ULPS_MIN ulps again.
    for (ka, a), (kb, b) in zip(result, result[1:], strict=False):
        if ka in changed or kb in changed:
            assert b - a >= ROOM_ULPS_MIN * math.ulp(max(abs(a), abs(b))) * 0.99


def test_move_between_duplicates_repairs_locally() -> None:
    # Real Wix data may hold equal sortOrders; moving between them renumbers a neighbour.
    order = [("a", 1.0), ("b", 2.0), ("c", 2.0), ("d", 3.0), ("e", 9.0)]
    updates = plan_move(order, ["e"], 2)
    result = apply_updates(order, updates)
    assert keys_of(result) == ["a", "b", "e", "c", "d"]
    values = [v for _k, v in result]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert len(updates) <= 3


def test_move_errors() -> None:
    order = make_order(1, 2, 3)
    with pytest.raises(ValueError, match="unknown"):
        plan_move(order, ["zz"], 0)
    with pytest.raises(ValueError, match="twice"):
        plan_move(order, ["k1", "k1"], 0)
    with pytest.raises(ValueError, match="duplicate"):
        plan_move([("a", 1.0), ("a", 2.0)], ["a"], 0)
    with pytest.raises(ValueError, match="out of range"):
        plan_move(order, ["k1"], 4)
    with pytest.raises(ValueError, match="out of range"):
        plan_move(order, ["k1"], -1)
    with pytest.raises(ValueError, match="ascending"):
        plan_move(make_order(3, 2, 1), ["k0"], 3)
    with pytest.raises(ValueError, match="finite"):
        plan_move(make_order(1, math.nan), ["k0"], 2)


# --------------------------------------------------------------------------- plan_insert


def test_insert_between_and_at_the_ends() -> None:
    order = make_order(1, 2, 3)
    assert plan_insert(order, 1, 1) == ([1.5], [])
    assert plan_insert(order, 3, 1) == ([1.25, 1.5, 1.75], [])
    assert plan_insert(order, 2, 0) == ([-1.0, 0.0], [])
    assert plan_insert(order, 2, 3) == ([4.0, 5.0], [])
    assert plan_insert([], 2, 0) == ([1.0, 2.0], [])
    assert plan_insert(order, 0, 1) == ([], [])


def test_insert_into_exhausted_gap_renumbers_neighbours() -> None:
    values = [0.0, *adjacent_floats(1.6e12, 3), 1.6e12 + 50]
    order = make_order(*values)
    new, updates = plan_insert(order, 2, 2)
    assert 1 <= len(updates) <= 3
    keys = keys_of(order)
    combined = apply_updates(order + [("n0", new[0]), ("n1", new[1])], updates)
    assert keys_of(combined) == keys[:2] + ["n0", "n1"] + keys[2:]
    assert not (set(new) | {u.sort_order for u in updates}) & set(values)


def test_insert_errors() -> None:
    order = make_order(1, 2)
    with pytest.raises(ValueError):
        plan_insert(order, -1, 0)
    with pytest.raises(ValueError):
        plan_insert(order, 1, 3)
    with pytest.raises(ValueError):
        plan_insert([("a", 2.0), ("b", 1.0)], 1, 0)


# --------------------------------------------------------------------------- property tests
#
# Two families of starting orders:
#
# * well spaced: |values| < 2**31 and consecutive gaps >= 1.0, i.e. >= 2**22 ulps. A move of at
#   most 4 keys splits a gap into at most 5 parts, so after 6 moves every gap still holds
#   >= 2**22 / 5**6 > 2**8 ulps: the float gap never runs out, and no neighbour may be touched;
# * adversarial: clusters of adjacent floats (math.nextafter) around huge, negative, epoch
#   seconds / millis and tiny bases. Here renumbering is needed; the bound asserted is the
#   justified one: a window reaching the nearer end of the list always has room, so at most
#   min(p, n - p) neighbours are renumbered (p = insertion point among the unmoved keys).
#   On the first move the structure is known: renumbering stays inside the cluster of adjacent
#   floats around the insertion point: the neighbours outside it are >= 2**17 ulps away, while
#   a window of w <= 46 elements (all there are) needs only required_room(w) <= 16 * 46 ulps
#   per element, < 2**17 / 47 (even halved for a binade crossing), so the window covering the
#   cluster has room and no smaller-or-equal window can reach beyond the cluster.

PROPERTY = settings(max_examples=200, deadline=None)
MAX_MOVED = 4
CLUSTER_GAP_ULPS = 2.0**17


@st.composite
def well_spaced_orders(draw: st.DrawFn) -> Order:
    n = draw(st.integers(0, 12))
    start = draw(
        st.sampled_from([0.0, 1.0, -1e6, 1.64431795e9, -1.7e9, 1611056409.2088726])
        | st.floats(-1.7e9, 1.7e9)
    )
    gaps = draw(st.lists(st.floats(1.0, 1e6), min_size=n, max_size=n))
    values = [start]
    for gap in gaps[1:]:
        values.append(values[-1] + gap)
    return make_order(*values[:n])


@st.composite
def adversarial_orders(draw: st.DrawFn) -> Order:
    bases = draw(
        st.lists(
            st.sampled_from([0.0, 1.0, -1.0, 1.64431795e9, 1.6e12, -2.1e12, 1e15, -1e15, 5e-300])
            | st.floats(-1e15, 1e15),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    values: set[float] = set()
    for base in bases:
        values.update(adjacent_floats(base, draw(st.integers(1, 10))))
    values.update(draw(st.lists(st.floats(-1e15, 1e15), max_size=6)))
    return make_order(*sorted(values))


def check_updates_are_safe(order: Order, updates: Sequence[SortUpdate]) -> None:
    """Unique keys, and no new value equals any current value (PATCH order is free)."""
    assert len({u.key for u in updates}) == len(updates)
    current = {v for _k, v in order}
    assert not {u.sort_order for u in updates} & current
    assert all(math.isfinite(u.sort_order) for u in updates)


def check_move(order: Order, moved: list[str], dest: int, strict_spacing: bool) -> Order:
    updates = plan_move(order, moved, dest)
    keys = keys_of(order)
    wanted = expected_move(keys, moved, dest)
    result = apply_updates(order, updates)
    values = [v for _k, v in result]

    assert keys_of(result) == wanted
    assert len(set(values)) == len(values)
    check_updates_are_safe(order, updates)
    if wanted == keys:
        assert updates == []

    moved_set = set(moved)
    renumbered = [u.key for u in updates if u.key not in moved_set]
    rest = [k for k in keys if k not in moved_set]
    p = sum(1 for k in keys[:dest] if k not in moved_set)
    assert len(renumbered) <= min(p, len(rest) - p)
    # Renumbered neighbours form one run touching the block in the new order.
    block_and_run = sorted(wanted.index(k) for k in [*moved, *renumbered])
    if renumbered:
        assert block_and_run == list(range(block_and_run[0], block_and_run[-1] + 1))
    assert len(updates) <= len(moved) + len(renumbered)

    if strict_spacing and moved:
        assert renumbered == []
        assert len(updates) <= len(moved)
        positions = [keys.index(k) for k in sorted(moved, key=keys.index)]
        contiguous = positions == list(range(positions[0], positions[0] + len(positions)))
        if wanted != keys and contiguous:
            assert len(updates) == len(moved)
        if len(moved) == 1 and updates:
            (update,) = updates
            at = wanted.index(moved[0])
            prev = dict(order)[wanted[at - 1]] if at > 0 else None
            nxt = dict(order)[wanted[at + 1]] if at + 1 < len(wanted) else None
            assert update.sort_order == sort_order_between(prev, nxt)

    OBSERVED["move"] = max(OBSERVED["move"], len(updates))
    OBSERVED["move_renumbered"] = max(OBSERVED["move_renumbered"], len(renumbered))
    return result


def draw_move(data: st.DataObject, order: Order) -> tuple[list[str], int]:
    keys = keys_of(order)
    moved = data.draw(st.lists(st.sampled_from(keys), unique=True, max_size=MAX_MOVED))
    dest = data.draw(st.integers(0, len(order)))
    return moved, dest


@PROPERTY
@given(well_spaced_orders(), st.data())
def test_property_moves_with_room_cost_one_patch_per_key(order: Order, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 6))):
        if not order:
            break
        moved, dest = draw_move(data, order)
        order = check_move(order, moved, dest, strict_spacing=True)


def cluster_of(values: Sequence[float]) -> list[int]:
    """Cluster number per value: consecutive values closer than CLUSTER_GAP_ULPS share one."""
    clusters = [0]
    for a, b in zip(values, values[1:], strict=False):
        near = b - a < CLUSTER_GAP_ULPS * math.ulp(max(abs(a), abs(b)))
        clusters.append(clusters[-1] + (0 if near else 1))
    return clusters


@PROPERTY
@given(adversarial_orders(), st.data())
def test_property_moves_in_packed_floats(order: Order, data: st.DataObject) -> None:
    # First move: the renumbered run stays inside the cluster around the insertion point.
    moved, dest = draw_move(data, order)
    keys = keys_of(order)
    clusters = dict(zip(keys, cluster_of([v for _k, v in order]), strict=True))
    updates = plan_move(order, moved, dest)
    wanted = expected_move(keys, moved, dest)
    unmoved = [k for k in wanted if k not in set(moved)]
    p = sum(1 for k in keys[:dest] if k not in set(moved))
    renumbered = [u.key for u in updates if u.key not in set(moved)]
    if 0 < p < len(unmoved) and clusters[unmoved[p - 1]] == clusters[unmoved[p]]:
        cluster = clusters[unmoved[p]]
        assert all(clusters[k] == cluster for k in renumbered)
    else:
        assert renumbered == []

    # Then any sequence of moves keeps every invariant.
    for _ in range(data.draw(st.integers(1, 8))):
        moved, dest = draw_move(data, order)
        order = check_move(order, moved, dest, strict_spacing=False)


@PROPERTY
@given(st.one_of(well_spaced_orders(), adversarial_orders()), st.data())
def test_property_insert(order: Order, data: st.DataObject) -> None:
    count = data.draw(st.integers(0, 5))
    dest = data.draw(st.integers(0, len(order)))
    new, updates = plan_insert(order, count, dest)

    assert len(new) == count
    assert new == sorted(new) and len(set(new)) == count
    check_updates_are_safe(order, updates)
    assert not set(new) & {v for _k, v in order}
    assert not set(new) & {u.sort_order for u in updates}

    new_keys = [f"new{i}" for i in range(count)]
    keys = keys_of(order)
    combined = apply_updates(order + list(zip(new_keys, new, strict=True)), updates)
    assert keys_of(combined) == keys[:dest] + new_keys + keys[dest:]
    values = [v for _k, v in combined]
    assert len(set(values)) == len(values)

    renumbered = [u.key for u in updates]
    assert len(renumbered) <= min(dest, len(order) - dest)
    if renumbered:
        span = sorted(keys_of(combined).index(k) for k in [*new_keys, *renumbered])
        assert span == list(range(span[0], span[-1] + 1))
    if count and 0 < dest < len(order):
        gap_ok = sort_order_between(order[dest - 1][1], order[dest][1]) is not None
        lo, hi = order[dest - 1][1], order[dest][1]
        if gap_ok and (hi - lo) > (count + 1) * 4 * math.ulp(max(abs(lo), abs(hi))):
            assert updates == []
    elif count:
        assert updates == []  # an end always has room
    OBSERVED["insert_renumbered"] = max(OBSERVED["insert_renumbered"], len(updates))


@PROPERTY
@given(
    st.lists(st.floats(-1e300, 1e300), max_size=8),
    st.floats(-1e300, 1e300),
)
def test_property_append_is_strictly_last(existing: list[float], now: float) -> None:
    value = sort_order_for_append(existing, now)
    assert value >= now
    assert all(value > v for v in existing)
    if existing and now <= max(existing) and abs(max(existing)) < 2**43:
        assert value == max(existing) + 1.0


@PROPERTY
@given(st.floats(-1e300, 1e300), st.floats(-1e300, 1e300))
def test_property_between(a: float, b: float) -> None:
    lo, hi = min(a, b), max(a, b)
    mid = sort_order_between(lo, hi)
    if mid is None:
        assert lo == hi or math.nextafter(lo, math.inf) == hi
    else:
        assert lo < mid < hi
    before = sort_order_between(None, lo)
    after = sort_order_between(hi, None)
    assert before is not None and before < lo
    assert after is not None and after > hi
