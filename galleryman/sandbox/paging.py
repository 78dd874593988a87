"""Offset paging at the cost of keyset paging: remembered positions in a gallery's item order.

Wix's API pages by offset, and ``LIMIT ? OFFSET ?`` makes SQLite step over every earlier row,
so page 1,000 of a 100,000-item gallery costs a thousand times page 1. Instead:

* a page that starts where a page just served ended (a listing walking the gallery) is a
  seek past the last sortOrder served: no stepping at all, and nothing built up front;
* any other offset uses the sortOrder found at every :data:`EVERY`-th position (one
  index-only window query, built when first needed): a seek to the nearest remembered key
  below it plus fewer than EVERY steps.

Either way a page costs the same at any offset. Item counts are kept alongside.

Any write to a gallery's items forgets everything remembered about that gallery (it is
rebuilt when next needed). Every call happens under the store's lock.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from dataclasses import dataclass, field

EVERY = 256
WALKS = 16  # listings of one gallery followed at once (more forget their place, stay exact)


@dataclass
class _Remembered:
    count: int | None = None
    keys: list[float] | None = None  # sort_order at positions 0, EVERY, 2 * EVERY, ...
    # offset where a served page ended -> the sortOrder of that page's last item
    page_ends: OrderedDict[int, float] = field(default_factory=OrderedDict)


class PagePositions:
    def __init__(self) -> None:
        self._by_gallery: dict[str, _Remembered] = {}

    def forget(self, gallery_id: str) -> None:
        self._by_gallery.pop(gallery_id, None)

    def forget_all(self) -> None:
        self._by_gallery.clear()

    def _remembered(self, gallery_id: str) -> _Remembered:
        return self._by_gallery.setdefault(gallery_id, _Remembered())

    def count(self, conn: sqlite3.Connection, gallery_id: str) -> int:
        known = self._remembered(gallery_id)
        if known.count is None:
            sql = "SELECT COUNT(*) FROM items WHERE gallery_id = ?"
            known.count = int(conn.execute(sql, (gallery_id,)).fetchone()[0])
        return known.count

    def _keys(self, conn: sqlite3.Connection, gallery_id: str) -> list[float]:
        known = self._remembered(gallery_id)
        if known.keys is None:
            rows = conn.execute(
                "SELECT sort_order FROM (SELECT sort_order, row_number() OVER "
                "(ORDER BY sort_order) - 1 AS pos FROM items WHERE gallery_id = ?) "
                "WHERE pos % ? = 0",
                (gallery_id, EVERY),
            ).fetchall()
            known.keys = [float(r[0]) for r in rows]
        return known.keys

    def page(self, conn: sqlite3.Connection, gallery_id: str, offset: int, limit: int) -> list[str]:
        """The documents (JSON text) of ``limit`` items from ``offset`` (limit -1 = all)."""
        known = self._remembered(gallery_id)
        after = known.page_ends.pop(offset, None)
        # fetchall(): every row in one call, so no statement stays open between steps.
        if offset == 0:
            rows = conn.execute(
                "SELECT doc, sort_order FROM items WHERE gallery_id = ? "
                "ORDER BY sort_order LIMIT ?",
                (gallery_id, limit),
            ).fetchall()
        elif after is not None:
            rows = conn.execute(
                "SELECT doc, sort_order FROM items WHERE gallery_id = ? AND sort_order > ? "
                "ORDER BY sort_order LIMIT ?",
                (gallery_id, after, limit),
            ).fetchall()
        else:
            keys = self._keys(conn, gallery_id)
            index = offset // EVERY
            if index >= len(keys):
                return []
            rows = conn.execute(
                "SELECT doc, sort_order FROM items WHERE gallery_id = ? AND sort_order >= ? "
                "ORDER BY sort_order LIMIT ? OFFSET ?",
                (gallery_id, keys[index], limit, offset - index * EVERY),
            ).fetchall()
        if rows:
            known.page_ends[offset + len(rows)] = float(rows[-1][1])
            while len(known.page_ends) > WALKS:
                known.page_ends.popitem(last=False)
        return [r[0] for r in rows]
