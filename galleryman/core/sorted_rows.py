"""The item grid's rows in display order, each found in O(log n) by what it is.

Rows are compact items and placeholders (files being uploaded), kept in ascending sort key:
an item's sortOrder (none, or NaN, sorts last), a placeholder's `anchor` (the key of the row
it was dropped after). The keys sit beside the rows in an array of doubles, so finding where
a key goes, or where a row is, is one bisect (plus a step over rows with the same key)
instead of a dictionary from id to row number, which every insertion before the end would
invalidate. Inserting, removing and moving rows is a memmove of the list and the array.

`order_source()` is the items' display order for `core.ordering`: the planner reads the moved
items, the neighbours at the destination and the few it renumbers, nothing else. `row_order()`
is every row's, placeholders too, for a plan that must land on a row the user sees.

The store changes rows only when told; the Qt model around it says so to its views.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Generic, Protocol, TypeVar

from galleryman.core.compact_items import CompactItem

__all__ = ["PLACEHOLDER_KEY", "Placeholder", "RowOrder", "RowStore", "sort_key"]


class Placeholder(Protocol):
    """A row that is not an item yet (an upload), kept after the row it was dropped after."""

    token: str
    anchor: float


P = TypeVar("P", bound=Placeholder)


def sort_key(order: float | None) -> float:
    """Where an item with this sortOrder sorts; one without a usable one goes last."""
    return order if order is not None and not math.isnan(order) else math.inf


class RowStore(Generic[P]):
    def __init__(self) -> None:
        self.rows: list[CompactItem | P] = []
        self.keys = array("d")  # keys[i] is the sort key of rows[i]: ascending
        # texts[i] is the search text of rows[i] (None: a placeholder), so that a filter
        # reads a slice of rows' texts as one C-level copy.
        self.texts: list[str | None] = []
        self._items: dict[str, CompactItem] = {}
        self._placeholders: dict[str, P] = {}
        self.item_count = 0

    def __len__(self) -> int:
        return len(self.rows)

    # ------------------------------------------------------------------ finding

    def key_of(self, row: CompactItem | P) -> float:
        return sort_key(row.order if isinstance(row, CompactItem) else row.anchor)

    def find(self, row: CompactItem | P) -> int:
        """Where `row` (this very object) is, -1 if it is not here."""
        key = self.key_of(row)
        rows, keys = self.rows, self.keys
        at = bisect_left(keys, key)
        while at < len(rows) and keys[at] == key:
            if rows[at] is row:
                return at
            at += 1
        return -1

    def item(self, item_id: str) -> CompactItem | None:
        return self._items.get(item_id)

    def items_by_id(self) -> Mapping[str, CompactItem]:
        """The item rows by id, read only, for lookups in bulk (no Python call per item)."""
        return MappingProxyType(self._items)

    def row_of(self, item_id: str) -> int:
        entry = self._items.get(item_id)
        return -1 if entry is None else self.find(entry)

    def placeholder(self, token: str) -> P | None:
        return self._placeholders.get(token)

    def placeholder_row(self, token: str) -> int:
        found = self._placeholders.get(token)
        return -1 if found is None else self.find(found)

    def placeholder_rows(self) -> list[int]:
        """The rows of every placeholder, ascending (O(u log n) for u placeholders)."""
        return sorted(self.find(p) for p in self._placeholders.values())

    def insertion_row(self, key: float, lo: int = 0, hi: int | None = None) -> int:
        """Where a row with this key goes: after the rows with the same key."""
        return bisect_right(self.keys, key, lo, len(self.rows) if hi is None else hi)

    # ------------------------------------------------------------------ positions

    def item_position(self, row: int) -> int:
        """The number of item rows before `row` (rows and item positions differ by the
        placeholders before it)."""
        if not self._placeholders:
            return row
        return row - bisect_left(self.placeholder_rows(), row)

    def row_of_position(self, position: int) -> int:
        """The row of the item at item position `position`."""
        row = position
        for placeholder in self.placeholder_rows():
            if placeholder > row:
                break
            row += 1
        return row

    # ------------------------------------------------------------------ changing

    def insert(self, at: int, block: Sequence[CompactItem | P]) -> None:
        """Put rows in before row `at`; the caller keeps the keys ascending."""
        self.rows[at:at] = list(block)
        self.keys[at:at] = array("d", map(self.key_of, block))
        self.texts[at:at] = [r.search if isinstance(r, CompactItem) else None for r in block]
        for row in block:
            self._remember(row)

    def remove(self, first: int, last: int) -> list[CompactItem | P]:
        removed = self.rows[first : last + 1]
        del self.rows[first : last + 1]
        del self.keys[first : last + 1]
        del self.texts[first : last + 1]
        for row in removed:
            self._forget(row)
        return removed

    def replace(self, at: int, row: CompactItem | P) -> CompactItem | P:
        """Put `row` in place of row `at` (move row `at` to its `destination` first if the
        key differs); returns the row it replaces."""
        old = self.rows[at]
        self._forget(old)
        self.rows[at] = row
        self.keys[at] = self.key_of(row)
        self.texts[at] = row.search if isinstance(row, CompactItem) else None
        self._remember(row)
        return old

    def destination(self, at: int, key: float) -> int | None:
        """Where row `at` must go if its key becomes `key` (Qt's move destination, counted
        before the move), None when it may stay. It goes before placeholders with that very
        key: an upload asking for a sortOrder an item has is placed after the item when the
        site refuses its create (sync/creating.py; found by the soak: an unsent move undone
        gave an item back the sortOrder a photo dropped since had asked for)."""
        keys = self.keys
        if at > 0 and key < keys[at - 1]:
            dest = bisect_right(keys, key, 0, at)
        elif at + 1 < len(keys) and key > keys[at + 1]:
            dest = bisect_right(keys, key, at + 1, len(keys))
        else:
            dest = at
        floor = at + 1 if dest > at else 0
        while dest > floor and keys[dest - 1] == key and self._is_placeholder(dest - 1):
            dest -= 1
        return None if dest in (at, at + 1) else dest

    def _is_placeholder(self, row: int) -> bool:
        return not isinstance(self.rows[row], CompactItem)

    def reanchor(self, at: int, key: float) -> None:
        """Row `at` (a placeholder becoming an item) takes `key`: if that is between the
        items around it, the placeholders beside it slide their anchors to it, so they stay
        where they are shown and the keys stay ascending. (A placeholder's anchor is only
        its neighbour's key; the item gets the sortOrder chosen for it between its
        neighbours, which is above that.) Otherwise the row is to move: nothing slides."""
        rows, keys = self.rows, self.keys
        before = at - 1
        while before >= 0 and not isinstance(rows[before], CompactItem):
            before -= 1
        after = at + 1
        while after < len(rows) and not isinstance(rows[after], CompactItem):
            after += 1
        low = keys[before] if before >= 0 else -math.inf
        high = keys[after] if after < len(rows) else math.inf
        if not low <= key <= high:
            return
        for placeholder in range(before + 1, at):
            if keys[placeholder] > key:
                self._set_anchor(placeholder, key)
        for placeholder in range(at + 1, after):
            if keys[placeholder] < key:
                self._set_anchor(placeholder, key)

    def _set_anchor(self, at: int, key: float) -> None:
        placeholder = self.rows[at]
        assert not isinstance(placeholder, CompactItem)
        placeholder.anchor = key
        self.keys[at] = key

    def move(self, first: int, last: int, dest: int) -> None:
        """Rows first..last to before row `dest` (counted before the move, as Qt does)."""
        block, block_keys = self.rows[first : last + 1], self.keys[first : last + 1]
        block_texts = self.texts[first : last + 1]
        del self.rows[first : last + 1]
        del self.keys[first : last + 1]
        del self.texts[first : last + 1]
        at = dest if dest < first else dest - len(block)
        self.rows[at:at] = block
        self.keys[at:at] = block_keys
        self.texts[at:at] = block_texts

    def clear(self) -> None:
        self.rows = []
        self.keys = array("d")
        self.texts = []
        self._items = {}
        self._placeholders = {}
        self.item_count = 0

    def order_source(self) -> ItemOrder:
        return ItemOrder(self)

    def row_order(self) -> RowOrder:
        return RowOrder(self)

    def _remember(self, row: CompactItem | P) -> None:
        if isinstance(row, CompactItem):
            self.item_count += 1
            if row.id is not None:
                self._items[row.id] = row
        else:
            self._placeholders[row.token] = row

    def _forget(self, row: CompactItem | P) -> None:
        if isinstance(row, CompactItem):
            self.item_count -= 1
            if row.id is not None and self._items.get(row.id) is row:
                del self._items[row.id]
        elif self._placeholders.get(row.token) is row:
            del self._placeholders[row.token]


class ItemOrder:
    """The items' (id, sortOrder) display order, read in place (a `core.ordering.OrderSource`)."""

    def __init__(self, store: RowStore[P]) -> None:
        self._store: RowStore[P] = store

    def __len__(self) -> int:
        return self._store.item_count

    def _entry(self, index: int) -> CompactItem:
        row = self._store.rows[self._store.row_of_position(index)]
        assert isinstance(row, CompactItem)
        return row

    def key_at(self, index: int) -> str:
        return str(self._entry(index).id)

    def value_at(self, index: int) -> float:
        entry = self._entry(index)
        order = entry.order
        if order is None or not math.isfinite(order):
            raise ValueError(f"sortOrder of {entry.id!r} must be a finite number, got {order!r}")
        return float(order)

    def index_of(self, key: str) -> int:
        row = self._store.row_of(key)
        return -1 if row < 0 else self._store.item_position(row)

    def taken(self) -> Sequence[float]:
        # Every row's key: the items' sortOrders, and the placeholders' anchors, which are
        # their neighbours' (or the sortOrder their upload will get): none may be given out.
        return self._store.keys


PLACEHOLDER_KEY = "\x00upload "
"""How `RowOrder` names a placeholder (no item id starts with a NUL)."""


class RowOrder:
    """Every row's (key, sort key) display order, placeholders included (named by
    `PLACEHOLDER_KEY` and their token): a move planned over it lands before the very row the
    user dropped on, on whichever side of an upload's tile that is. Over the items alone, a
    moved item already between the neighbouring items stays put, even when tiles separate it
    from the place it was meant to go (found by the soak: Move to End left items before the
    photos still going up at the end)."""

    def __init__(self, store: RowStore[P]) -> None:
        self._store: RowStore[P] = store

    def __len__(self) -> int:
        return len(self._store)

    def key_at(self, index: int) -> str:
        row = self._store.rows[index]
        return str(row.id) if isinstance(row, CompactItem) else PLACEHOLDER_KEY + row.token

    def value_at(self, index: int) -> float:
        value = self._store.keys[index]
        if not math.isfinite(value):
            raise ValueError(f"sort key of row {index} must be a finite number, got {value!r}")
        return value

    def index_of(self, key: str) -> int:
        return self._store.row_of(key)

    def taken(self) -> Sequence[float]:
        return self._store.keys
