"""The site's SQLite file: opened privately, its schema, and transactions of two strengths.

One file per site holds the catalog (the site as last seen) and the outbox (the user's changes
still on their way). Both must survive a crash; only the outbox must survive a power cut.

Durability, and what a power cut can cost:

* WAL journal: a writer never blocks readers (the grid reads while the sender writes), and a
  crash of the process (kill -9 anywhere) loses no committed transaction and never leaves a
  half-written one: SQLite replays only complete commits from the log.
* `synchronous=FULL` for every transaction that touches the outbox (`durable=True`, the
  default): the log is fsynced before COMMIT returns, so a change the window shows (it is
  shown only after its commit) survives a power cut. Cost: one fsync per user change,
  about a millisecond on an SSD. `fullfsync` makes macOS flush the disk's own cache too.
* `synchronous=NORMAL` for big catalog writes (listing pages, `durable=False`): no fsync per
  commit. A power cut can lose the pages written since the last fsync: the catalog then holds
  the site as an earlier listing saw it (still consistent), which the next refresh corrects.
  The log is written in order and a FULL commit fsyncs all of it, so an outbox commit (and
  the answer merged with it) is never durable without everything committed before it.

Each thread that works on the site opens its own `SiteDb` on the same path (the window's
thread, the API worker). One may be made on one thread and handed to another, but is never
used by two threads at once. Transactions are short and never wait on the network, so two
connections rarely wait for each other; when they do, `busy_timeout` makes the second one wait
instead of failing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1


def dump(value: Any) -> str:
    """JSON text that reads back as the same value, keys in the same order: how the file
    keeps JSON (the grid keeps an item's as the same text in UTF-8)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('stamp', 0);
CREATE TABLE IF NOT EXISTS galleries (
    id TEXT PRIMARY KEY,
    name TEXT,
    sort_order REAL,
    total_items INTEGER,
    json TEXT NOT NULL,
    stamp INTEGER NOT NULL,
    listed_complete INTEGER NOT NULL DEFAULT 0,
    listed_at REAL
);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    gallery_id TEXT NOT NULL,
    sort_order REAL,
    title TEXT,
    media_type TEXT NOT NULL,
    media_id TEXT,
    width INTEGER,
    height INTEGER,
    updated_date TEXT,
    json TEXT NOT NULL,
    stamp INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS items_in_order ON items (gallery_id, sort_order, id);
CREATE TABLE IF NOT EXISTS tombstones (id TEXT PRIMARY KEY, stamp INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    grp TEXT NOT NULL,
    kind TEXT NOT NULL,
    gallery_id TEXT NOT NULL,
    target_ids TEXT NOT NULL,
    fields TEXT NOT NULL,
    replaces TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try REAL,
    last_error TEXT,
    problem TEXT,
    retryable INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    resume TEXT NOT NULL DEFAULT '{}',
    conflict TEXT,
    names TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS changes_by_state ON changes (state, seq);
CREATE INDEX IF NOT EXISTS changes_by_gallery ON changes (gallery_id, state);
CREATE TABLE IF NOT EXISTS id_map (local_id TEXT PRIMARY KEY, server_id TEXT NOT NULL);
"""


class SyncDbError(Exception):
    """The site's database cannot be used (another version's file, a damaged file...)."""


class SiteDb:
    """One connection to a site's database, for one thread at a time."""

    def __init__(self, path: Path, *, busy_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _create_private(self.path)
        self._conn = sqlite3.connect(
            str(self.path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        self._depth = 0
        self._reading = False  # the outermost block is `reading`, not a write
        self._sync = ""
        try:
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA fullfsync = ON")
            self._conn.execute("PRAGMA checkpoint_fullfsync = ON")
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise SyncDbError(
                    f"{self.path.name} was written by a newer galleryman (format {version})."
                )
            if version < SCHEMA_VERSION:
                self._conn.executescript(
                    f"BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
                )
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise SyncDbError(f"{self.path.name} cannot be opened: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.chmod(f"{self.path}{suffix}", 0o600)

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Reads that must agree with each other: one read transaction, so another
        connection's commit (the sender storing a site's answer and marking its change done)
        is seen by all of them or by none. Without it each statement sees the latest
        commit: the catalog read before the sender's commit and the outbox after it showed
        an undone move as still made, and a sent delete's item as still there.

        Inside a transaction or another read, it joins that one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._conn.execute("BEGIN DEFERRED")
        self._depth, self._reading = 1, True
        try:
            yield
        finally:
            self._depth, self._reading = 0, False
            self._conn.execute("COMMIT")  # a read transaction: nothing to write

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises.

        Nested blocks join the outer one (a durable block inside a cheap one is a bug: the
        strength is chosen before BEGIN, and so is a write inside `reading`)."""
        if self._depth:
            if self._reading:
                raise RuntimeError("a write inside a read (see SiteDb.reading)")
            if durable and self._sync != "FULL":
                raise RuntimeError("a durable write inside a non-durable transaction")
            self._depth += 1
            try:
                yield self._conn
            finally:
                self._depth -= 1
            return
        wanted = "FULL" if durable else "NORMAL"
        if self._sync != wanted:
            self._conn.execute(f"PRAGMA synchronous = {wanted}")
            self._sync = wanted
        self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self._conn
        except BaseException:
            self._depth = 0
            self._conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self._conn.execute("COMMIT")

    def next_stamp(self) -> int:
        """A number larger than every one handed out before (inside a transaction): what
        orders catalog writes against listings that ran alongside them."""
        row = self._conn.execute(
            "UPDATE meta SET value = value + 1 WHERE key = 'stamp' RETURNING value"
        ).fetchone()
        return int(row[0])


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only, before SQLite opens it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
