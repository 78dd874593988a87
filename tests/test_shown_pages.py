"""A gallery as the window is handed it, a page at a time (`session.worker_side.shown_items`):
the same items in the same order as the whole gallery read at once, and only a page's worth of
reading and parsing before each page. A paced reader then holds the interpreter lock a page at
a time; reading 10,000 items before the first page held it while the window painted, and the
window stalled when that reader was itself waiting for a processor."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from galleryman.core.compact_items import CompactItem
from galleryman.session.worker_side import PAGE, SiteThreads, shown_items
from galleryman.sync import Catalog, Edits, SiteDb, View
from galleryman.sync import catalog as catalog_module

GALLERY = "g1"
COUNT = 1_000


def site_with_items(tmp_path: Path) -> Path:
    """A site file whose catalog holds COUNT items in order, and one with no sortOrder."""
    path = tmp_path / "site.sqlite3"
    db = SiteDb(path)
    catalog = Catalog(db)
    catalog.put_gallery({"id": GALLERY, "name": "Coastline", "sortOrder": 1.0}, complete=True)
    items: list[dict[str, Any]] = [
        {"id": f"i{n:05d}", "title": f"photo {n}", "sortOrder": float(n)} for n in range(COUNT)
    ]
    items.append({"id": "unordered", "title": "no sortOrder, so last"})
    catalog.put_items(GALLERY, items, catalog.begin_listing())
    db.close()
    return path


def handed_over(path: Path) -> list[list[Any]]:
    threads = SiteThreads(path)
    try:
        return list(shown_items(threads, GALLERY))
    finally:
        threads.db().close()


def test_pages_bring_every_item_in_display_order_with_the_changes_on_their_way(
    tmp_path: Path,
) -> None:
    path = site_with_items(tmp_path)
    db = SiteDb(path)
    edits = Edits(db)
    edits.move_items(GALLERY, {"i00500": -1.0})  # to the front, not sent yet
    edits.delete_items(GALLERY, ["i00007"])
    edits.edit_items(GALLERY, {"i00900": {"title": "renamed, not sent yet"}})
    whole = View(db).items(GALLERY).rows
    db.close()

    pages = handed_over(path)

    assert all(0 < len(page) <= PAGE for page in pages)
    rows = [row for page in pages for row in page]
    assert all(isinstance(row, CompactItem) for row in rows)
    assert [row.id for row in rows] == [row.id for row in whole]
    assert rows[0].id == "i00500" and rows[0].order == -1.0
    assert "i00007" not in {row.id for row in rows}
    assert rows[-1].id == "unordered"
    renamed = next(row for row in rows if row.id == "i00900")
    assert json.loads(renamed.blob)["title"] == "renamed, not sent yet"
    assert len(rows) == COUNT  # COUNT + the unordered one - the deleted one


def test_the_first_page_comes_after_reading_one_page_not_the_whole_gallery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = site_with_items(tmp_path)
    parsed: list[str] = []
    rows_made: list[object] = []

    def counted_loads(text: str) -> Any:
        parsed.append(text)
        return json.loads(text)

    monkeypatch.setattr(catalog_module, "json", SimpleNamespace(loads=counted_loads))
    real_row = catalog_module.ItemRow

    class CountedRow(real_row):  # type: ignore[misc,valid-type]
        @classmethod
        def _make(cls, values: Any) -> Any:
            rows_made.append(values)
            return real_row._make(values)

    monkeypatch.setattr(catalog_module, "ItemRow", CountedRow)
    threads = SiteThreads(path)
    pages = shown_items(threads, GALLERY)

    first = next(pages)

    assert [row.id for row in first if isinstance(row, CompactItem)] == [
        f"i{n:05d}" for n in range(PAGE)
    ]
    assert len(parsed) <= PAGE + 1  # the page's items (and the gallery's row, at most)
    assert len(rows_made) <= PAGE + 1  # the one after the page may have been taken
    rest = [row for page in pages for row in page]
    assert len(rest) == COUNT + 1 - PAGE
    threads.db().close()
