"""The catalog: the site as last seen, in the site's SQLite file.

Galleries and items are kept as the exact JSON the server sent (unknown fields included, so
`Item.from_json(json).to_json()` gives it back unchanged), beside the few columns the grid
needs. A gallery's items are read as compact `ItemRow` tuples in display order, so a
100,000-item gallery costs the window its visible columns, never 100,000 parsed models. A
gallery's embedded `items` page is not kept in its JSON: items live in their own table.

Listings run alongside the sender, so a page may be older than an answer merged while it was
on its way. Every write is stamped with an increasing number; a listing remembers the stamp it
began at (`begin_listing`), and its pages never overwrite a row written after that, nor bring
back an item deleted after that (tombstones). Whatever the listing did not bring, and nothing
wrote after it began, is gone from the site (`finish_listing`, `replace_galleries`).

The catalog holds no secret: no API key, no upload URL (tests check the file's bytes).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Set
from typing import Any, NamedTuple

from galleryman.sync.db import SiteDb, dump
from galleryman.sync.listed import ItemRow, ListedItem, row_of_model
from galleryman.wix.models import Gallery, Item

JsonObject = dict[str, Any]


class GalleryRow(NamedTuple):
    id: str
    name: str | None
    sort_order: float | None
    total_items: int | None  # as the server last said
    complete: bool  # the last listing of its items ended without a gap
    listed_at: float | None  # when that listing ended (epoch seconds)


_ROW_COLUMNS = "id, sort_order, title, media_type, media_id, width, height, updated_date"
INSERT_ITEM = (
    "INSERT OR REPLACE INTO items (id, gallery_id, sort_order, title, media_type, "
    "media_id, width, height, updated_date, json, stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
NEWER_CHUNK = 300  # ids per query: three lists of them stay under SQLite's 999 parameters
_GALLERY_COLUMNS = "id, name, sort_order, total_items, listed_complete, listed_at"


_ROW_FIELDS = ("sort_order", "title", "image", "video", "text", "type", "updated_date")


def row_of(item: JsonObject) -> ItemRow:
    """The grid's columns of an item's JSON (read the way the models read them). Only the
    fields they come from are parsed, and the JSON is not copied: a listing writes every
    item of a gallery, on a thread whose Python the window's thread waits for."""
    return row_of_model(str(item.get("id") or ""), Item(**Item.read_fields(item, _ROW_FIELDS)))


def without_items(gallery: JsonObject) -> JsonObject:
    return {key: value for key, value in gallery.items() if key != "items"}


class Catalog:
    def __init__(self, db: SiteDb, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock

    # ------------------------------------------------------------------ reading

    def galleries(self) -> list[GalleryRow]:
        """Every gallery in display order (ascending sortOrder, then id)."""
        rows = self._db.conn.execute(
            f"SELECT {_GALLERY_COLUMNS} FROM galleries ORDER BY sort_order IS NULL, sort_order, id"
        )
        return [_gallery_row(r) for r in rows]

    def gallery(self, gallery_id: str) -> GalleryRow | None:
        row = self._db.conn.execute(
            f"SELECT {_GALLERY_COLUMNS} FROM galleries WHERE id = ?", (gallery_id,)
        ).fetchone()
        return None if row is None else _gallery_row(row)

    def gallery_json(self, gallery_id: str) -> JsonObject | None:
        return self._json("SELECT json FROM galleries WHERE id = ?", gallery_id)

    def item_rows(self, gallery_id: str) -> list[ItemRow]:
        """The gallery's items in display order: ascending sortOrder, then id; items
        without a sortOrder last. Two index scans, no sort."""
        return list(self.item_rows_streamed(gallery_id))

    def item_rows_streamed(self, gallery_id: str) -> Iterator[ItemRow]:
        """`item_rows`, each row made as it is taken (a reader that makes pages as it goes
        never makes a whole gallery's rows in one go)."""
        where = f"SELECT {_ROW_COLUMNS} FROM items WHERE gallery_id = ? AND sort_order IS "
        for sql in ("NOT NULL ORDER BY sort_order, id", "NULL ORDER BY id"):
            cursor = self._db.conn.execute(where + sql, (gallery_id,))
            try:
                yield from map(ItemRow._make, cursor)
            finally:
                cursor.close()

    def item_rows_near(
        self, gallery_id: str, first: float, last: float, skip: Set[str]
    ) -> list[ItemRow]:
        """The items (but those in `skip`) whose sortOrder lies within [first, last], and the
        nearest one below and above: index seeks, so a move in a 100,000-item gallery reads a
        handful of rows."""
        conn = self._db.conn
        where = f"SELECT {_ROW_COLUMNS} FROM items WHERE gallery_id = ? AND "
        inside = conn.execute(
            where + "sort_order BETWEEN ? AND ? ORDER BY sort_order, id", (gallery_id, first, last)
        )
        rows = [row for row in map(ItemRow._make, inside) if row.id not in skip]
        for sql, bound in (
            ("sort_order < ? ORDER BY sort_order DESC, id DESC", first),
            ("sort_order > ? ORDER BY sort_order, id", last),
        ):
            cursor = conn.execute(where + sql, (gallery_id, bound))
            try:
                nearest = next((r for r in map(ItemRow._make, cursor) if r.id not in skip), None)
            finally:
                cursor.close()
            if nearest is not None:
                rows.append(nearest)
        return rows

    def item_rows_by_id(self, gallery_id: str, item_ids: Iterable[str]) -> list[ItemRow]:
        conn = self._db.conn
        sql = f"SELECT {_ROW_COLUMNS} FROM items WHERE gallery_id = ? AND id = ?"
        found = (conn.execute(sql, (gallery_id, i)).fetchone() for i in item_ids)
        return [ItemRow._make(row) for row in found if row is not None]

    def item_json(self, item_id: str) -> JsonObject | None:
        """The item exactly as the server last sent it."""
        return self._json("SELECT json FROM items WHERE id = ?", item_id)

    def item_texts(self, item_ids: list[str]) -> dict[str, str]:
        """These items exactly as the server last sent them, as JSON text (`dump`'s), by id
        (one query: a page's worth, so the reader parses a page at a time, never a whole
        gallery at once)."""
        marks = ",".join("?" * len(item_ids))
        rows = self._db.conn.execute(f"SELECT id, json FROM items WHERE id IN ({marks})", item_ids)
        return {str(item_id): str(text) for item_id, text in rows}

    def item_gallery(self, item_id: str) -> str | None:
        row = self._db.conn.execute(
            "SELECT gallery_id FROM items WHERE id = ?", (item_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def count_items(self, gallery_id: str) -> int:
        row = self._db.conn.execute(
            "SELECT COUNT(*) FROM items WHERE gallery_id = ?", (gallery_id,)
        ).fetchone()
        return int(row[0])

    def count_galleries(self) -> int:
        return int(self._db.conn.execute("SELECT COUNT(*) FROM galleries").fetchone()[0])

    def item_counts(self, gallery_ids: Collection[str] | None = None) -> dict[str, int]:
        """How many items the catalog holds per gallery: of every gallery (a count of every
        item, 7 ms at 100,000), or of these alone (an index seek each)."""
        if gallery_ids is None:
            rows = self._db.conn.execute(
                "SELECT gallery_id, COUNT(*) FROM items GROUP BY gallery_id"
            ).fetchall()
        else:
            rows = [(gallery_id, self.count_items(gallery_id)) for gallery_id in gallery_ids]
        return {str(gallery_id): int(count) for gallery_id, count in rows if count}

    # ------------------------------------------------------------------ listings

    def begin_listing(self) -> int:
        """The token of a listing starting now (pass it to the writes of its pages)."""
        with self._db.transaction(durable=False):
            return self._db.next_stamp()

    def is_newer(self, object_id: str, token: int) -> bool:
        """Whether an answer wrote (or deleted) this object after the listing `token` began:
        the listing's copy is then older than what the catalog has."""
        row = self._db.conn.execute(
            "SELECT MAX(stamp) FROM (SELECT stamp FROM items WHERE id = ?1 UNION ALL "
            "SELECT stamp FROM galleries WHERE id = ?1 UNION ALL "
            "SELECT stamp FROM tombstones WHERE id = ?1)",
            (object_id,),
        ).fetchone()
        return row[0] is not None and int(row[0]) > token

    def newer_ids(self, object_ids: Iterable[str], token: int) -> set[str]:
        """`is_newer` for many objects, in one query per `NEWER_CHUNK` ids: a listing's
        page asked once per item, 10,000 queries for a 10,000-item gallery."""
        ids = list(dict.fromkeys(object_ids))
        newer: set[str] = set()
        for start in range(0, len(ids), NEWER_CHUNK):
            chunk = ids[start : start + NEWER_CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = " UNION ".join(
                f"SELECT id FROM {table} WHERE id IN ({marks}) AND stamp > ?"
                for table in ("items", "galleries", "tombstones")
            )
            rows = self._db.conn.execute(sql, (*chunk, token) * 3)
            newer.update(str(row[0]) for row in rows)
        return newer

    def put_items(
        self, gallery_id: str, items: Iterable[JsonObject | ListedItem], token: int
    ) -> int:
        """A page of a listing that began at `token`; returns how many were written (rows
        written or deleted since the listing began are newer and kept). Items as a listing
        brings them (`ListedItem`) are not parsed or written out as JSON again."""
        page = list(items)
        ids = [item.id if isinstance(item, ListedItem) else str(item.get("id")) for item in page]
        with self._db.transaction(durable=False):
            stamp = self._db.next_stamp()
            newer = self.newer_ids(ids, token)
            rows = [
                self._item_row(gallery_id, item, stamp)
                for item, item_id in zip(page, ids, strict=True)
                if item_id not in newer
            ]
            self._db.conn.executemany(INSERT_ITEM, rows)
        return len(rows)

    def finish_listing(self, gallery_id: str, token: int) -> list[str]:
        """The listing that began at `token` brought every item of the gallery: the ones it
        did not bring (and nothing wrote since) are gone from the site. Returns their ids."""
        with self._db.transaction(durable=False):
            conn = self._db.conn
            gone = [
                str(r[0])
                for r in conn.execute(
                    "SELECT id FROM items WHERE gallery_id = ? AND stamp <= ?", (gallery_id, token)
                )
            ]
            conn.execute(
                "DELETE FROM items WHERE gallery_id = ? AND stamp <= ?", (gallery_id, token)
            )
            conn.execute("DELETE FROM tombstones WHERE stamp <= ?", (token,))
            conn.execute(
                "UPDATE galleries SET listed_complete = 1, listed_at = ? WHERE id = ?",
                (self._clock(), gallery_id),
            )
        return gone

    def mark_incomplete(self, gallery_id: str) -> None:
        """A listing of the gallery's items failed part way: what the catalog holds may be
        short or stale until the next complete one."""
        with self._db.transaction(durable=False):
            self._db.conn.execute(
                "UPDATE galleries SET listed_complete = 0 WHERE id = ?", (gallery_id,)
            )

    def replace_galleries(self, galleries: Iterable[JsonObject], token: int) -> list[str]:
        """The site's complete gallery listing, begun at `token`. Galleries it did not bring
        (and nothing wrote since) are gone, with their items; returns their ids."""
        with self._db.transaction(durable=False):
            conn = self._db.conn
            stamp = self._db.next_stamp()
            listed = list(galleries)
            newer = self.newer_ids((str(g.get("id")) for g in listed), token)
            for gallery in listed:
                if str(gallery.get("id")) not in newer:
                    self._write_gallery(gallery, stamp)
            gone = [
                str(r[0])
                for r in conn.execute("SELECT id FROM galleries WHERE stamp <= ?", (token,))
            ]
            for gallery_id in gone:
                self._drop_gallery(gallery_id)
        return gone

    # ------------------------------------------------------------------ answers

    def put_item(self, gallery_id: str, item: JsonObject) -> None:
        """The server's copy of one item (an answer): always newer than a running listing."""
        with self._db.transaction():
            self._write_item(gallery_id, item, self._db.next_stamp())

    def delete_items(self, item_ids: Iterable[str]) -> None:
        with self._db.transaction():
            stamp = self._db.next_stamp()
            for item_id in item_ids:
                self._db.conn.execute("DELETE FROM items WHERE id = ?", (item_id,))
                self._tombstone(item_id, stamp)

    def put_gallery(self, gallery: JsonObject, *, complete: bool | None = None) -> None:
        """The server's copy of one gallery; `complete=True` for a gallery known to hold no
        more than the catalog has (a new empty one), False when its items are unknown."""
        with self._db.transaction():
            self._write_gallery(gallery, self._db.next_stamp())
            if complete is not None:
                self._db.conn.execute(
                    "UPDATE galleries SET listed_complete = ?, listed_at = ? WHERE id = ?",
                    (int(complete), self._clock() if complete else None, str(gallery.get("id"))),
                )

    def delete_gallery(self, gallery_id: str) -> None:
        with self._db.transaction():
            self._drop_gallery(gallery_id)
            self._tombstone(gallery_id, self._db.next_stamp())

    # ------------------------------------------------------------------ internals

    def _json(self, sql: str, key: str) -> JsonObject | None:
        row = self._db.conn.execute(sql, (key,)).fetchone()
        if row is None:
            return None
        value = json.loads(row[0])
        return value if isinstance(value, dict) else None

    def _write_item(self, gallery_id: str, item: JsonObject, stamp: int) -> None:
        self._db.conn.execute(INSERT_ITEM, self._item_row(gallery_id, item, stamp))

    @staticmethod
    def _item_row(gallery_id: str, item: JsonObject | ListedItem, stamp: int) -> tuple[Any, ...]:
        if isinstance(item, ListedItem):  # parsed and written out once, by the listing
            row, text = item.row, item.text
        else:
            row, text = row_of(item), dump(item)
        if not row.id:
            raise ValueError("an item without an id cannot be kept in the catalog")
        return (row.id, gallery_id, *row[1:], text, stamp)

    def _write_gallery(self, gallery: JsonObject, stamp: int) -> None:
        gallery_id = gallery.get("id")
        if not isinstance(gallery_id, str) or not gallery_id:
            raise ValueError("a gallery without an id cannot be kept in the catalog")
        model = Gallery.from_json(without_items(gallery))
        self._db.conn.execute(
            "INSERT INTO galleries (id, name, sort_order, total_items, json, stamp) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
            "sort_order = excluded.sort_order, total_items = excluded.total_items, "
            "json = excluded.json, stamp = excluded.stamp",
            (
                gallery_id,
                model.name,
                model.sort_order,
                model.total_items,
                dump(without_items(gallery)),
                stamp,
            ),
        )

    def _drop_gallery(self, gallery_id: str) -> None:
        conn = self._db.conn
        conn.execute("DELETE FROM items WHERE gallery_id = ?", (gallery_id,))
        conn.execute("DELETE FROM galleries WHERE id = ?", (gallery_id,))

    def _tombstone(self, object_id: str, stamp: int) -> None:
        self._db.conn.execute(
            "INSERT OR REPLACE INTO tombstones (id, stamp) VALUES (?, ?)", (object_id, stamp)
        )


def _gallery_row(row: tuple[Any, ...]) -> GalleryRow:
    gallery_id, name, order, total, complete, listed_at = row
    return GalleryRow(str(gallery_id), name, order, total, bool(complete), listed_at)
