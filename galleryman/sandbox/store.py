"""SQLite persistence for the sandbox: galleries, items, media files and upload tokens.

Documents are kept as JSON text (exactly what the API serves, minus URLs that depend on the
server's address); the columns beside them exist for lookups and ordering. Every write runs
in one ``BEGIN IMMEDIATE`` transaction, so a crash mid-request leaves the database as it was
before that request. The (gallery_id, sort_order) index is unique: it both enforces the
"no two items with one sortOrder" rule and serves paging (see :mod:`.paging`).

The database, its -wal/-shm files and the data folder are private to the user (0600/0700),
like the media files and credentials beside them.

One connection is shared by all threads behind a lock: the sandbox is a single-user test
server and SQLite serialises writers anyway.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from galleryman.sandbox.paging import PagePositions
from galleryman.sandbox.util import JsonDict

SCHEMA = """
CREATE TABLE IF NOT EXISTS galleries (
    id TEXT PRIMARY KEY,
    sort_order REAL NOT NULL,
    doc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS galleries_by_sort ON galleries (sort_order);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    gallery_id TEXT NOT NULL REFERENCES galleries (id) ON DELETE CASCADE,
    sort_order REAL NOT NULL,
    doc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS items_by_gallery_sort ON items (gallery_id, sort_order);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS upload_tokens (
    token TEXT PRIMARY KEY,
    request TEXT NOT NULL,
    file_id TEXT
);
CREATE TABLE IF NOT EXISTS processing (
    file_id TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    doc TEXT NOT NULL
);
"""


def _load(text: str) -> JsonDict:
    doc = json.loads(text)
    assert isinstance(doc, dict)
    return doc


def _dump(doc: JsonDict) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _create_private(path: Path) -> None:
    """Create the database file with mode 0600 (SQLite gives -wal and -shm the same mode)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


class Tx:
    """Queries on the shared connection; obtained from :meth:`Store.read` or :meth:`Store.write`."""

    def __init__(self, conn: sqlite3.Connection, positions: PagePositions) -> None:
        self._c = conn
        self._positions = positions

    def _one(self, sql: str, args: tuple[Any, ...]) -> Any:
        row = self._c.execute(sql, args).fetchone()
        return None if row is None else row[0]

    # -- galleries -------------------------------------------------------------------------
    def gallery(self, gallery_id: str) -> JsonDict | None:
        text = self._one("SELECT doc FROM galleries WHERE id = ?", (gallery_id,))
        return None if text is None else _load(text)

    def galleries(
        self, offset: int = 0, limit: int = -1, by_created: bool = False
    ) -> list[JsonDict]:
        """In display order (sortOrder), or in creation order (as Wix lists them)."""
        order = "json_extract(doc, '$.createdDate'), rowid" if by_created else "sort_order"
        rows = self._c.execute(
            f"SELECT doc FROM galleries ORDER BY {order} LIMIT ? OFFSET ?", (limit, offset)
        )
        # fetchall(): every row in one call, so no statement stays open between steps.
        return [_load(r[0]) for r in rows.fetchall()]

    def count_galleries(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM galleries", ()))

    def max_gallery_sort(self) -> float | None:
        value = self._one("SELECT MAX(sort_order) FROM galleries", ())
        return None if value is None else float(value)

    def gallery_sort_taken(self, sort_order: float, exclude_id: str = "") -> bool:
        sql = "SELECT 1 FROM galleries WHERE sort_order = ? AND id != ?"
        return self._one(sql, (float(sort_order), exclude_id)) is not None

    def insert_gallery(self, doc: JsonDict) -> None:
        self._c.execute(
            "INSERT INTO galleries (id, sort_order, doc) VALUES (?, ?, ?)",
            (doc["id"], float(doc["sortOrder"]), _dump(doc)),
        )

    def update_gallery(self, doc: JsonDict) -> None:
        self._c.execute(
            "UPDATE galleries SET sort_order = ?, doc = ? WHERE id = ?",
            (float(doc["sortOrder"]), _dump(doc), doc["id"]),
        )

    def delete_gallery(self, gallery_id: str) -> bool:
        self._positions.forget(gallery_id)
        self._c.execute("DELETE FROM items WHERE gallery_id = ?", (gallery_id,))
        cur = self._c.execute("DELETE FROM galleries WHERE id = ?", (gallery_id,))
        return cur.rowcount > 0

    # -- items -----------------------------------------------------------------------------
    def item(self, gallery_id: str, item_id: str) -> JsonDict | None:
        sql = "SELECT doc FROM items WHERE id = ? AND gallery_id = ?"
        text = self._one(sql, (item_id, gallery_id))
        return None if text is None else _load(text)

    def items(self, gallery_id: str, offset: int = 0, limit: int = -1) -> list[JsonDict]:
        """Items in ascending sortOrder (unique within a gallery, so a total order)."""
        return [_load(t) for t in self._positions.page(self._c, gallery_id, offset, limit)]

    def count_items(self, gallery_id: str) -> int:
        return self._positions.count(self._c, gallery_id)

    def max_item_sort(self, gallery_id: str) -> float | None:
        value = self._one("SELECT MAX(sort_order) FROM items WHERE gallery_id = ?", (gallery_id,))
        return None if value is None else float(value)

    def item_sort_taken(self, gallery_id: str, sort_order: float, exclude_id: str = "") -> bool:
        sql = "SELECT 1 FROM items WHERE gallery_id = ? AND sort_order = ? AND id != ?"
        return self._one(sql, (gallery_id, float(sort_order), exclude_id)) is not None

    def insert_items(self, gallery_id: str, docs: list[JsonDict]) -> None:
        self._positions.forget(gallery_id)
        self._c.executemany(
            "INSERT INTO items (id, gallery_id, sort_order, doc) VALUES (?, ?, ?, ?)",
            [(d["id"], gallery_id, float(d["sortOrder"]), _dump(d)) for d in docs],
        )

    def update_item(self, gallery_id: str, doc: JsonDict) -> None:
        self._positions.forget(gallery_id)
        self._c.execute(
            "UPDATE items SET sort_order = ?, doc = ? WHERE id = ? AND gallery_id = ?",
            (float(doc["sortOrder"]), _dump(doc), doc["id"], gallery_id),
        )

    def delete_item(self, gallery_id: str, item_id: str) -> bool:
        self._positions.forget(gallery_id)
        sql = "DELETE FROM items WHERE id = ? AND gallery_id = ?"
        return self._c.execute(sql, (item_id, gallery_id)).rowcount > 0

    # -- files and upload tokens -----------------------------------------------------------
    def file(self, file_id: str) -> tuple[JsonDict, str] | None:
        row = self._c.execute(
            "SELECT doc, content_type FROM files WHERE id = ?", (file_id,)
        ).fetchone()
        return None if row is None else (_load(row[0]), str(row[1]))

    def put_file(self, doc: JsonDict, content_type: str) -> None:
        self._c.execute(
            "INSERT OR REPLACE INTO files (id, content_type, doc) VALUES (?, ?, ?)",
            (doc["id"], content_type, _dump(doc)),
        )

    def token(self, token: str) -> tuple[JsonDict, str | None] | None:
        row = self._c.execute(
            "SELECT request, file_id FROM upload_tokens WHERE token = ?", (token,)
        ).fetchone()
        return None if row is None else (_load(row[0]), row[1])

    def insert_token(self, token: str, request: JsonDict) -> None:
        self._c.execute(
            "INSERT INTO upload_tokens (token, request) VALUES (?, ?)", (token, _dump(request))
        )

    def use_token(self, token: str, file_id: str) -> None:
        self._c.execute("UPDATE upload_tokens SET file_id = ? WHERE token = ?", (file_id, token))

    def file_ids(self) -> list[tuple[str, str]]:
        """Every (file id, operationStatus)."""
        rows = self._c.execute("SELECT id, json_extract(doc, '$.operationStatus') FROM files")
        return [(str(r[0]), str(r[1])) for r in rows.fetchall()]

    def item_media_ids(self) -> list[tuple[str, str, str]]:
        """(gallery id, item id, imageInfo.id) of every image item."""
        rows = self._c.execute(
            "SELECT gallery_id, id, json_extract(doc, '$.image.imageInfo.id') FROM items "
            "WHERE json_extract(doc, '$.image.imageInfo.id') IS NOT NULL"
        )
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows.fetchall()]

    # -- files still processing (asynchronous media) ---------------------------------------
    def put_processing(self, doc: JsonDict, content_type: str, size: int) -> None:
        """Keep the READY descriptor of a file that is PENDING until processing finishes."""
        self._c.execute(
            "INSERT OR REPLACE INTO processing (file_id, size, content_type, doc) "
            "VALUES (?, ?, ?, ?)",
            (doc["id"], size, content_type, _dump(doc)),
        )

    def take_processing(self, file_id: str) -> tuple[JsonDict, str] | None:
        row = self._c.execute(
            "SELECT doc, content_type FROM processing WHERE file_id = ?", (file_id,)
        ).fetchone()
        if row is None:
            return None
        self._c.execute("DELETE FROM processing WHERE file_id = ?", (file_id,))
        return _load(row[0]), str(row[1])

    def processing_ids(self) -> list[tuple[str, int]]:
        rows = self._c.execute("SELECT file_id, size FROM processing ORDER BY rowid")
        return [(str(r[0]), int(r[1])) for r in rows.fetchall()]


class Store:
    """The sandbox database plus rendering of stored documents into served JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.base_url = ""  # set by the server once it listens; used for media URLs
        self._lock = threading.RLock()
        self._positions = PagePositions()
        _create_private(path)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._closed = False
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.executescript(SCHEMA)
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.chmod(f"{path}{suffix}", 0o600)

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    @property
    def closed(self) -> bool:
        return self._closed

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self._lock:
            yield Tx(self._conn, self._positions)

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """One transaction: committed if the block finishes, rolled back if it raises."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(self._conn, self._positions)
            except BaseException:
                self._conn.execute("ROLLBACK")
                self._positions.forget_all()
                raise
            self._conn.execute("COMMIT")

    # -- rendering -------------------------------------------------------------------------
    def media_url(self, file_id: str) -> str:
        return f"{self.base_url}/media/{file_id}"

    def render_item(self, doc: JsonDict) -> JsonDict:
        image = doc.get("image")
        if isinstance(image, dict):
            info = image.get("imageInfo")
            if isinstance(info, dict) and isinstance(info.get("id"), str):
                rest = {k: v for k, v in info.items() if k not in ("id", "url")}
                image["imageInfo"] = {"id": info["id"], "url": self.media_url(info["id"]), **rest}
        return doc

    def render_gallery(self, doc: JsonDict, items: list[JsonDict], total: int) -> JsonDict:
        out: JsonDict = {"id": doc["id"]}
        if "name" in doc:
            out["name"] = doc["name"]
        out["sortOrder"] = doc["sortOrder"]
        out["totalItems"] = total
        out["items"] = [self.render_item(i) for i in items]
        out["createdDate"] = doc["createdDate"]
        out.update((k, v) for k, v in doc.items() if k not in out)
        return out

    def render_file(self, doc: JsonDict) -> JsonDict:
        """Fill in the address-dependent URLs (``url``, ``thumbnailUrl``, media image url)."""
        url = self.media_url(doc["id"])
        doc["url"] = url
        if "thumbnailUrl" in doc:
            doc["thumbnailUrl"] = url
        media = doc.get("media")
        if isinstance(media, dict) and isinstance(media.get("image"), dict):
            inner = media["image"].get("image")
            if isinstance(inner, dict):
                inner["url"] = url
        return doc

    # -- plain read helpers (for tests and tools) ------------------------------------------
    def list_galleries(self) -> list[JsonDict]:
        """Every gallery in ascending sortOrder, each with all its items."""
        with self.read() as tx:
            return [self._full_gallery(tx, g) for g in tx.galleries()]

    def get_gallery(self, gallery_id: str) -> JsonDict | None:
        with self.read() as tx:
            doc = tx.gallery(gallery_id)
            return None if doc is None else self._full_gallery(tx, doc)

    def list_items(self, gallery_id: str) -> list[JsonDict]:
        with self.read() as tx:
            return [self.render_item(i) for i in tx.items(gallery_id)]

    def get_file(self, file_id: str) -> JsonDict | None:
        with self.read() as tx:
            found = tx.file(file_id)
        return None if found is None else self.render_file(found[0])

    def _full_gallery(self, tx: Tx, doc: JsonDict) -> JsonDict:
        items = tx.items(doc["id"])
        return self.render_gallery(doc, items, len(items))
