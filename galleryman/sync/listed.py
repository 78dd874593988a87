"""An item as a listing page brings it: what the catalog and the grid keep of it, read once.

A listing of 100,000 items runs on a worker thread whose Python the window's thread waits
for (the interpreter lock). Each page is parsed once, by `parse_page`: the client's checks,
the model's parse, then the catalog's columns, its stored JSON text and the grid's filter
text, all read from that parse; nothing above parses or writes them out again. The listing
process (sync/listing_process.py) runs `parse_page` while it is up, so the worker's thread
only unpickles its result (`ListedItem.fields`); else the worker's thread runs it.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from galleryman.core.compact_items import CompactItem, compact_listed, search_text
from galleryman.sync.db import dump
from galleryman.wix.answers import items_page
from galleryman.wix.models import Item

JsonObject = dict[str, Any]


class ItemRow(NamedTuple):
    """One item as the grid shows it (its gallery is the one asked for)."""

    id: str
    sort_order: float | None
    title: str | None
    media_type: str  # IMAGE, VIDEO, TEXT or UNDEFINED
    media_id: str | None
    width: int | None
    height: int | None
    updated_date: str | None


def row_of_model(item_id: str, model: Item) -> ItemRow:
    """The grid's columns of an item already parsed."""
    return ItemRow(
        item_id,
        model.sort_order,
        model.title,
        model.media_type,
        model.media_id,
        model.width,
        model.height,
        model.updated_date,
    )


# What crosses from the listing process for an item: its row's columns, JSON text and
# filter text (plain tuples and strings: the cheapest to unpickle).
Fields = tuple[tuple[Any, ...], str, str]


class ListedItem:
    """One item of a listing: its catalog columns (`row`), its JSON exactly as the site sent
    it, as text (`text`: the catalog's and the grid's alike) and what the filter matches."""

    __slots__ = ("_data", "row", "search", "text")

    def __init__(self, row: ItemRow, text: str, search: str, data: JsonObject | None = None):
        self.row = row
        self.text = text
        self.search = search
        self._data = data

    @classmethod
    def of(cls, model: Item) -> ListedItem:
        data = model.parsed_json()
        row = row_of_model(str(data.get("id") or ""), model)
        return cls(row, dump(data), search_text(model), data)

    @classmethod
    def from_fields(cls, fields: Fields) -> ListedItem:
        row, text, search = fields
        return cls(ItemRow._make(row), text, search)

    def fields(self) -> Fields:
        return tuple(self.row), self.text, self.search

    @property
    def id(self) -> str:
        return self.row.id

    @property
    def sort_order(self) -> float | None:
        return self.row.sort_order

    @property
    def data(self) -> JsonObject:
        """The item's JSON (read from its text when it came from the listing process: only
        an item with changes on their way is compared, so few are)."""
        if self._data is None:
            self._data = json.loads(self.text)
        return self._data

    def compact(self) -> CompactItem:
        """The grid's row (an item without an id has none there: the listing refuses it)."""
        return compact_listed(self.row.id or None, self.row.sort_order, self.search, self.text)


def parse_page(raw: bytes) -> tuple[list[ListedItem], str | None] | None:
    """A List Items answer's body read for the catalog (`ItemPageReader.body`)."""
    page = items_page(raw)
    if page is None:
        return None
    models, malformed = page
    return [ListedItem.of(model) for model in models], malformed
