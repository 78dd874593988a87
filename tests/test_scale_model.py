"""The item grid model at scale: items kept compact come back exactly, rows are found and
reorders planned in place (the same plans as `core.ordering` over the whole list, reading only
around the destination)."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest

from galleryman.core.compact_items import pack, unpack
from galleryman.core.ordering import (
    plan_insert,
    plan_insert_in,
    plan_move,
    plan_move_in,
)
from galleryman.models.item_grid import ItemGridModel
from galleryman.wix.models import Item
from tests.item_samples import all_items, rich_image_json


def image(n: int, order: float | None, **fields: Any) -> Item:
    body: dict[str, Any] = {"id": f"id{n:05d}", "title": f"Photo {n}", **fields}
    if order is not None:
        body["sortOrder"] = order
    body["image"] = {"imageInfo": {"id": f"m{n}", "url": f"http://h/media/m{n}"}}
    return Item.from_json(body)


def loaded(orders: list[float]) -> ItemGridModel:
    model = ItemGridModel()
    model.load("g")
    model.add_page([image(n, order) for n, order in enumerate(orders)])
    return model


# ------------------------------------------------------------------------------ compact rows


def test_items_come_back_from_the_grid_exactly_as_given() -> None:
    odd = rich_image_json()
    odd["id"] = "odd-one"
    odd["title"] = "Lone \udc80 surrogate, ünïcødé and 😀"
    odd["futureField"] = {"nested": [1, 2.5, None, True, "x"]}
    items = [*all_items(), Item.from_json(odd)]
    for n, item in enumerate(items):
        item.id = item.id or f"generated-{n}"
        item.sort_order = float(n)
    model = ItemGridModel()
    model.load("g")
    model.add_page(items)
    for row, item in enumerate(items):
        assert model.item(str(item.id)).to_json() == item.to_json()  # type: ignore[union-attr]
        assert model.item_at(row).to_json() == item.to_json()  # type: ignore[union-attr]
    assert [i.to_json() for i in model.items()] == [i.to_json() for i in items]
    # A changed item keeps its change and every field it did not change.
    changed = model.item_at(2)
    assert changed is not None
    changed = changed.copy()
    changed.title = "Renamed"
    model.upsert(changed)
    assert model.item_at(2).to_json() == changed.to_json()  # type: ignore[union-attr]


def test_packing_keeps_what_json_from_a_site_may_hold() -> None:
    raw = {"id": "x", "sortOrder": math.nan, "extra": [math.inf, -math.inf, -0.0, 10**30]}
    back = unpack(pack(Item.from_json(raw), "")).to_json()
    assert math.isnan(back["sortOrder"]) and back["extra"] == raw["extra"]
    assert math.copysign(1.0, back["extra"][2]) == -1.0 and type(back["extra"][3]) is int


def test_items_without_a_sort_order_sort_last_and_are_found() -> None:
    model = loaded([3.0, 1.0])
    model.add_page([image(7, None), image(8, math.nan), image(9, 2.0)])
    assert model.ids() == ["id00001", "id00009", "id00000", "id00007", "id00008"]
    assert [model.row_of(i) for i in model.ids()] == [0, 1, 2, 3, 4]


def test_uploads_beside_items_of_the_same_key_are_told_apart() -> None:
    model = loaded([1.0, 2.0, 3.0])
    model.add_uploads([("a", Path("/a.jpg")), ("b", Path("/b.jpg"))], 1)  # both keyed 1.0
    model.add_uploads([("c", Path("/c.jpg"))], 0)  # keyed like the first item, before it
    assert [model.upload_row_of(t) for t in "abc"] == [2, 3, 0]
    assert model.row_of("id00000") == 1 and model.row_of("id00001") == 4
    assert [model.item_position(r) for r in range(6)] == [0, 0, 1, 1, 1, 2]
    # The first upload becomes its item in place; the one after it stays after it.
    model.finish_upload("a", image(50, 1.5))
    assert model.ids() == ["id00000", "id00050", "id00001", "id00002"]
    assert model.upload_row_of("b") == 3 and model.row_of("id00001") == 4
    # One given a sortOrder outside its neighbours' moves there; the others stay in place.
    model.add_uploads([("d", Path("/d.jpg")), ("e", Path("/e.jpg"))], 3)  # before "b"
    model.finish_upload("e", image(60, 0.5))
    assert model.ids() == ["id00060", "id00000", "id00050", "id00001", "id00002"]
    assert [model.upload_row_of(t) for t in "cdb"] == [1, 4, 5]  # c sorts after 0.5
    assert [model.row_of(i) for i in model.ids()] == [0, 2, 3, 6, 7]  # all still found


# ------------------------------------------------------------------------------ planning


def dense_orders(rng: random.Random, n: int) -> list[float]:
    """Ascending sortOrders with some runs of adjacent floats (no room: renumbering)."""
    orders: list[float] = []
    value = 1.0e12
    while len(orders) < n:
        if rng.random() < 0.1:
            for _ in range(rng.randint(2, 6)):
                value = math.nextafter(value, math.inf)
                orders.append(value)
        else:
            value += rng.choice([1.0, 1000.0, 0.001])
            orders.append(value)
    return orders[:n]


@pytest.mark.parametrize("seed", range(6))
def test_plans_made_in_place_are_the_plans_over_the_whole_list(seed: int) -> None:
    rng = random.Random(seed)
    model = loaded(dense_orders(rng, 300))
    model.add_uploads([("u", Path("/u.jpg"))], rng.randint(0, 300))  # rows are not positions
    for _ in range(40):
        ids = model.ids()
        moving = rng.sample(ids, rng.randint(1, 5))
        dest = rng.randint(0, len(ids))
        assert model.plan_move(moving, dest) == plan_move(model.order(), moving, dest)
        count = rng.randint(0, 4)
        assert model.plan_insert(count, dest) == plan_insert(model.order(), count, dest)
        for update in model.plan_move(moving, dest):  # show it, as the session does
            moved = model.item(update.key)
            assert moved is not None
            moved = moved.copy()
            moved.sort_order = update.sort_order
            model.upsert(moved)
        orders = [order for _id, order in model.order()]
        assert orders == sorted(orders)


def test_bad_moves_are_refused_like_the_list_planner() -> None:
    model = loaded([1.0, 2.0, 3.0])
    for ids, dest in ((["nope"], 0), (["id00000", "id00000"], 0), (["id00000"], 4)):
        with pytest.raises(ValueError) as in_place:
            model.plan_move(ids, dest)
        with pytest.raises(ValueError) as listed:
            plan_move(model.order(), ids, dest)
        assert str(in_place.value) == str(listed.value)
    model.add_page([image(9, None)])
    with pytest.raises(ValueError, match="sortOrder of 'id00009' must be a finite number"):
        model.plan_move(["id00009"], 0)


class CountingOrder:
    """An OrderSource over n evenly spaced sortOrders that counts what the planner reads."""

    def __init__(self, n: int, dense_from: int | None = None) -> None:
        self.values = [float(i) for i in range(n)]
        if dense_from is not None:  # a run of adjacent floats: moves into it renumber
            for i in range(dense_from + 1, n):
                self.values[i] = math.nextafter(self.values[i - 1], math.inf)
                if i > dense_from + 50:
                    self.values[i] = float(i) + 1e6
        self.reads = 0

    def __len__(self) -> int:
        return len(self.values)

    def key_at(self, index: int) -> str:
        self.reads += 1
        return f"k{index}"

    def value_at(self, index: int) -> float:
        self.reads += 1
        return self.values[index]

    def index_of(self, key: str) -> int:
        self.reads += 1
        return int(key[1:])

    def taken(self) -> list[float]:
        return self.values  # bisected, never walked


def test_planning_reads_the_neighbours_not_the_gallery() -> None:
    order = CountingOrder(100_000)
    listed = [(f"k{i}", value) for i, value in enumerate(order.values)]
    for keys, dest in ((["k99999"], 0), (["k5", "k70000"], 50_000), (["k7"], 7)):
        assert plan_move_in(order, keys, dest) == plan_move(listed, keys, dest)
    assert plan_move_in(order, ["k7"], 7) == []  # already there
    assert plan_insert_in(order, 3, 100_000) == plan_insert(listed, 3, 100_000)
    order.reads = 0
    plan_move_in(order, ["k5", "k70000"], 50_000)
    plan_insert_in(order, 3, 40_000)
    assert order.reads < 40

    dense = CountingOrder(100_000, dense_from=50_000)
    dense_listed = [(f"k{i}", value) for i, value in enumerate(dense.values)]
    dense.reads = 0
    updates = plan_move_in(dense, ["k10"], 50_020)  # no float between: neighbours move too
    assert len(updates) > 1 and dense.reads < 2_000
    assert updates == plan_move(dense_listed, ["k10"], 50_020)
