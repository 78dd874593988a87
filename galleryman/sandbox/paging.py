"""Offset paging at the cost of keyset paging: remembered positions in a gallery's item order.

Wix's API pages by offset, and ``LIMIT ? OFFSET ?`` makes SQLite step over every earlier row,
so page 1,000 of a 100,000-item gallery costs a thousand times page 1. Instead, for each
gallery we remember the sortOrder found at every :data:`EVERY`-th position (one index-only
window query), and a page at any offset is a seek to the nearest remembered key below it
plus fewer than EVERY steps: the same cost at any offset. Item counts are kept alongside.

Any write to a gallery's items forgets that gallery's positions (they are rebuilt when next
needed). Every call happens under the store's lock.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

EVERY = 256


@dataclass(frozen=True)
class _Positions:
    keys: list[float]  # sort_order at positions 0, EVERY, 2 * EVERY, ...
    count: int


class PagePositions:
    def __init__(self) -> None:
        self._by_gallery: dict[str, _Positions] = {}

    def forget(self, gallery_id: str) -> None:
        self._by_gallery.pop(gallery_id, None)

    def forget_all(self) -> None:
        self._by_gallery.clear()

    def _positions(self, conn: sqlite3.Connection, gallery_id: str) -> _Positions:
        found = self._by_gallery.get(gallery_id)
        if found is None:
            rows = conn.execute(
                "SELECT sort_order FROM (SELECT sort_order, row_number() OVER "
                "(ORDER BY sort_order) - 1 AS pos FROM items WHERE gallery_id = ?) "
                "WHERE pos % ? = 0",
                (gallery_id, EVERY),
            ).fetchall()
            count = conn.execute(
                "SELECT COUNT(*) FROM items WHERE gallery_id = ?", (gallery_id,)
            ).fetchone()[0]
            found = _Positions([float(r[0]) for r in rows], int(count))
            self._by_gallery[gallery_id] = found
        return found

    def count(self, conn: sqlite3.Connection, gallery_id: str) -> int:
        return self._positions(conn, gallery_id).count

    def page(self, conn: sqlite3.Connection, gallery_id: str, offset: int, limit: int) -> list[str]:
        """The documents (JSON text) of ``limit`` items from ``offset`` (limit -1 = all)."""
        if offset == 0:
            rows = conn.execute(
                "SELECT doc FROM items WHERE gallery_id = ? ORDER BY sort_order LIMIT ?",
                (gallery_id, limit),
            )
            return [r[0] for r in rows.fetchall()]
        positions = self._positions(conn, gallery_id)
        index = offset // EVERY
        if index >= len(positions.keys):
            return []
        rows = conn.execute(
            "SELECT doc FROM items WHERE gallery_id = ? AND sort_order >= ? "
            "ORDER BY sort_order LIMIT ? OFFSET ?",
            (gallery_id, positions.keys[index], limit, offset - index * EVERY),
        )
        # fetchall(): every row in one call, so no statement stays open between steps.
        return [r[0] for r in rows.fetchall()]
