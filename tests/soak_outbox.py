"""What the app's outbox says about the gestures the soak made (Qt-free, read with its own
connection): the rows a gesture wrote, named by the file an item was uploaded from, so the
driver can follow them without knowing the ids the app or the site gave.

The app's child (tests/app_driver.py) reports these rows with each acknowledgement; after a
kill the soak reads them from the same file itself (tests/soak_runner.py), which is how it
tells whether a gesture cut by the kill was made.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from galleryman.sync import Change, Kind, Outbox, SiteDb, State, View


@dataclass(frozen=True)
class Row:
    """One outbox row, as the soak needs it."""

    seq: int
    kind: str
    group: str
    state: str
    key: str | None  # the item's file name (uploads, item edits), else None
    sort_order: float | None  # the sortOrder it sets or creates with, if any

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        return cls(**data)


def max_seq(db: SiteDb) -> int:
    row = db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()
    return int(row[0])


def rows_since(db: SiteDb, seq: int) -> list[Row]:
    """The rows written after `seq` (AUTOINCREMENT: a seq is never used twice)."""
    view = View(db)
    found = db.conn.execute(
        f"SELECT {Change.COLUMNS} FROM changes WHERE seq > ? ORDER BY seq", (seq,)
    )
    return [_row(view, Change.from_row(r)) for r in found.fetchall()]


def seqs_present(db: SiteDb, seqs: list[int]) -> list[int]:
    """Which of these rows are still in the outbox (undo deletes a row never sent)."""
    marks = ",".join("?" * len(seqs))
    if not seqs:
        return []
    rows = db.conn.execute(f"SELECT seq FROM changes WHERE seq IN ({marks})", seqs)
    return sorted(int(r[0]) for r in rows.fetchall())


class CreatePlaces:
    """Where the creates stand now: the sender puts a create whose sortOrder the site has
    given to something else on the nearest free one after it (`sync/creating.py`), and the
    window shows it there, so the soak's model must follow (found by the soak, seed 3: a
    drop planned beside a photo the sender had moved on was reported as misplaced).

    Reports each create row's sortOrder once, then again only when it changes, until the
    row is done: the first report after a start covers what a killed app did unseen."""

    def __init__(self) -> None:
        self._known: dict[int, float | None] = {}
        self._open: set[int] | None = None  # None: nothing read yet (all rows are news)
        self._last_seq = 0

    def news(self, db: SiteDb) -> dict[int, float]:
        """{seq: sortOrder} of the creates whose sortOrder is new or moved since last asked."""
        kinds = (str(Kind.UPLOAD), str(Kind.CREATE_ITEM))
        if self._open is None:
            found = db.conn.execute(
                "SELECT seq, state, resume FROM changes WHERE kind IN (?, ?)", kinds
            )
        else:
            watched = sorted(self._open)
            marks = ",".join("?" * len(watched)) or "NULL"
            found = db.conn.execute(
                f"SELECT seq, state, resume FROM changes WHERE kind IN (?, ?) "
                f"AND (seq > ? OR seq IN ({marks}))",
                (*kinds, self._last_seq, *watched),
            )
        news: dict[int, float] = {}
        still_open: set[int] = set()
        for seq, state, resume in found.fetchall():
            order = _float(json.loads(resume or "{}").get("sortOrder"))
            if order is not None and self._known.get(seq) != order:
                news[seq] = order
            self._known[seq] = order
            if state not in (str(State.DONE), str(State.FAILED)):
                still_open.add(seq)
            self._last_seq = max(self._last_seq, seq)
        self._open = still_open
        return news


def outbox_summary(path: Path) -> dict[str, Any]:
    """Counts by state, and every change that failed or is still waiting, in words."""
    db = SiteDb(path)
    try:
        outbox = Outbox(db)
        counts = outbox.counts()
        stuck = [
            f"#{c.seq} {c.kind} {c.state}: {c.last_error or ''}".strip()
            for c in outbox.changes()
            if c.state not in (State.DONE,)
        ]
        return {"waiting": counts.waiting, "failed": counts.failed, "stuck": stuck}
    finally:
        db.close()


def _row(view: View, change: Change) -> Row:
    key: str | None = None
    order: float | None = None
    if change.kind is Kind.UPLOAD:
        key = str(change.resume.get("name") or "") or None
        order = _float(change.resume.get("sortOrder"))
    elif change.kind in (Kind.UPDATE_ITEM, Kind.CREATE_ITEM):
        key = file_name(view.item_json(change.gallery_id, change.target))
        if change.kind is Kind.CREATE_ITEM:
            order = _float(change.resume.get("sortOrder"))
        else:
            order = _float(change.fields.get("sortOrder"))
    return Row(change.seq, str(change.kind), change.group, str(change.state), key, order)


def file_name(item: dict[str, Any] | None) -> str | None:
    """The name of the file an image item was uploaded from (`image.imageInfo.filename`)."""
    image = (item or {}).get("image")
    info = image.get("imageInfo") if isinstance(image, dict) else None
    name = info.get("filename") if isinstance(info, dict) else None
    return name if isinstance(name, str) and name else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None
