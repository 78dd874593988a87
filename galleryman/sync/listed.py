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
    """One item of a listing: `model` is the client's parse of it, and `data` its JSON
    exactly as the site sent it (the dict the model was parsed from, never mutated)."""

    __slots__ = ("_text", "data", "model")

    def __init__(self, model: Item) -> None:
        self.model = model
        self.data: JsonObject = model.parsed_json()
        self._text: str | None = None

    @property
    def id(self) -> str:
        return str(self.data.get("id"))

    def text(self) -> str:
        """`dump(data)`, written once (for the catalog and the grid's row alike)."""
        if self._text is None:
            self._text = dump(self.data)
        return self._text
