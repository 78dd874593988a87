"""An item as the grid keeps it: its id, sortOrder and search text, and its JSON as bytes.

A parsed `Item` costs about 3.8 KB (a dataclass per nested object, and the raw dict it keeps
for the lossless round trip); the same item as compact UTF-8 JSON costs about 450 bytes. The
grid holds every item of a gallery (100,000 of them) but shows a screenful, so it keeps them
compact and parses one back (`unpack`, ~16 µs) when it is painted or asked for.

The bytes are `item.to_json()` exactly: unpacking gives an item whose `to_json()` is equal to
the packed one's (the lossless round trip the PATCHes rely on). Lone surrogates, which JSON
from a site may hold, survive ("surrogatepass" both ways), and so do NaN and infinities.
"""

from __future__ import annotations

import json

from galleryman.wix.answers import JsonObject
from galleryman.wix.models import Item

__all__ = [
    "CompactItem",
    "blob_of",
    "compact",
    "compact_json",
    "compact_listed",
    "compact_text",
    "pack",
    "search_text",
    "unpack",
]


class CompactItem:
    """One item row of the grid. Compared by identity: the grid finds rows by object."""

    __slots__ = ("blob", "id", "order", "search")

    def __init__(self, item_id: str | None, order: float | None, search: str, blob: bytes):
        self.id = item_id
        self.order = order  # the sortOrder as the item has it (None when it has none)
        self.search = search  # what the filter matches: lower-cased title, description, tags
        self.blob = blob  # the item's JSON, UTF-8

    def __repr__(self) -> str:
        return f"CompactItem(id={self.id!r}, order={self.order!r})"


def blob_of(item: Item) -> bytes:
    """The item's JSON as the grid keeps it (equal bytes: the same item, exactly)."""
    return _blob(item.to_json())


def _blob(data: JsonObject) -> bytes:
    return _encoded(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def pack(item: Item, search: str) -> CompactItem:
    return CompactItem(item.id, item.sort_order, search, blob_of(item))


def search_text(item: Item) -> str:
    """What the filter box matches against: title, description and tags, lowercase."""
    return _search(item.title, item.description, item.tag_values)


def _search(title: str | None, description: str | None, tags: list[str]) -> str:
    parts = [title or "", description or "", *tags]
    return " ".join(p for p in parts if p).lower()


def compact(item: Item) -> CompactItem:
    """The grid's row for an item (~50 µs: made off the GUI thread where it can be)."""
    return pack(item, search_text(item))


_ROW_FIELDS = ("id", "sort_order", "title", "description", "tags")


def compact_json(data: JsonObject) -> CompactItem:
    """`compact(Item.from_json(data))`, without making the Item: an item parsed and left
    unchanged gives back `data` itself as its JSON, so only the row's five fields are read:
    about a third of the time. Rows that have a parse or JSON text already (a listing's, the
    catalog's) are made from those instead (`compact_parsed`, `compact_text`)."""
    return _compact_read(data, _blob(data))


def compact_text(text: str) -> CompactItem:
    """`compact_json(json.loads(text))` for JSON text as the catalog writes it
    (`sync.db.dump`): the text is already what the row keeps, so it is not written out
    again."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("an item's JSON text must hold an object")
    return _compact_read(data, _encoded(text))


def _compact_read(data: JsonObject, blob: bytes) -> CompactItem:
    """The row of an item's JSON whose bytes are `blob`: only the row's fields are read."""
    fields = Item.read_fields(data, _ROW_FIELDS)
    tags = fields["tags"]
    search = _search(fields["title"], fields["description"], tags.values if tags else [])
    return CompactItem(fields["id"], fields["sort_order"], search, blob)


def compact_listed(item_id: str | None, order: float | None, search: str, text: str) -> CompactItem:
    """`compact(item)` for a listing's item, from what its parse gave (`search_text`) and
    its JSON text as the catalog writes it (`sync.db.dump`): neither read nor written out
    again for its row."""
    return CompactItem(item_id, order, search, _encoded(text))


def unpack(entry: CompactItem) -> Item:
    # json.loads decodes bytes with "surrogatepass", the counterpart of pack's encoding.
    return Item.from_json(json.loads(entry.blob))
