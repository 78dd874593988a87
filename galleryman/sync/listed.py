"""An item as a listing page brings it: its JSON, and the client's parse of that JSON.

A listing of 100,000 items runs on a worker thread whose Python the window's thread waits
for (the interpreter lock). The client parses each item once to check it; the catalog's
columns, its stored JSON text and the grid's row are all read from that parse and that text,
not parsed or written out again.
"""

from __future__ import annotations

from typing import Any

from galleryman.sync.db import dump
from galleryman.wix.models import Item

JsonObject = dict[str, Any]


class ListedItem:
    """One item to store: `data` is its JSON exactly as the site sent it, and `model` the
    client's parse of it (`model.to_json() == data`), or None when it was not parsed."""

    __slots__ = ("_text", "data", "model")

    def __init__(self, data: JsonObject, model: Item | None) -> None:
        self.data = data
        self.model = model
        self._text: str | None = None

    @classmethod
    def parsed(cls, model: Item) -> ListedItem:
        return cls(model.to_json(), model)

    @classmethod
    def unparsed(cls, data: JsonObject) -> ListedItem:
        return cls(data, None)

    @property
    def id(self) -> str:
        return str(self.data.get("id"))

    def text(self) -> str:
        """`dump(data)`, written once (for the catalog and the grid's row alike)."""
        if self._text is None:
            self._text = dump(self.data)
        return self._text
