"""The outbox: the user's changes on their way to the site, one committed row each.

`add` commits (fsynced, see `db.py`) before it returns, and the window shows a change only
after that, so a change the user saw survives a crash or a power cut. The sender takes rows
in order (`next_sendable`), one transaction per state change; whatever point a crash hits,
the next start finds each row in one state, and `recover` makes a row left `sending` safe to
send again: a create or upload may have happened, so it is looked up first (`needs_check`);
anything else is resent (PATCH and DELETE are safe to repeat).

Undo and discard: a change not sent yet is deleted and never sent. One that may have been
sent gets its inverse added at the end of the queue (`inverse.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from galleryman.core.i18n import tr
from galleryman.sync.changes import (
    NOT_APPLIED,
    WAITING,
    Change,
    NewChange,
    Problem,
    State,
    is_local,
    new_local_id,
)
from galleryman.sync.db import SiteDb, dump


class OutboxError(Exception):
    """A request the outbox cannot do (its sentence says why)."""


@dataclass(frozen=True)
class Pick:
    change: Change | None  # the oldest change that can be sent now
    retry_at: float | None  # when a change now waiting for its retry time can go


@dataclass(frozen=True)
class Counts:
    waiting: int = 0  # still to go: queued, sending, needs_check, held, conflict
    failed: int = 0
    conflicts: int = 0
    held: int = 0
    unsure: int = 0  # needs_check
    retry_at: float | None = None  # the earliest retry of a change that failed to go out
    last_error: str | None = None  # why the oldest waiting change did not go out yet
    by_gallery: dict[str, int] = field(default_factory=dict)  # waiting, per gallery


class Outbox:
    def __init__(self, db: SiteDb, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock

    # ------------------------------------------------------------------ adding

    def add(self, new: NewChange) -> Change:
        """Write the change (queued, or held when new changes are held) and commit it."""
        return self.add_all([new])[0]

    def add_all(self, news: Iterable[NewChange]) -> list[Change]:
        """Several changes of one gesture, in one commit (a group unless they name one)."""
        group = new_local_id()
        seqs: list[int] = []
        with self._db.transaction():
            state = State.HELD if self.holding_new() else State.QUEUED
            for new in news:
                seqs.append(self._insert(new, state, new.group or group))
        return [self._get(seq) for seq in seqs]

    def holding_new(self) -> bool:
        row = self._db.conn.execute("SELECT value FROM meta WHERE key = 'hold_new'").fetchone()
        return bool(row and row[0])

    def set_holding_new(self, hold: bool) -> None:
        """ "Review before sending": new changes wait (held) until released."""
        with self._db.transaction():
            self._db.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('hold_new', ?)", (int(hold),)
            )

    # ------------------------------------------------------------------ reading

    def get(self, seq: int) -> Change | None:
        row = self._db.conn.execute(
            f"SELECT {Change.COLUMNS} FROM changes WHERE seq = ?", (seq,)
        ).fetchone()
        return None if row is None else Change.from_row(row)

    def last_seq(self) -> int:
        """The newest change's number (0 for none); numbers are never reused."""
        return int(self._db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0])

    def changes(
        self, states: Iterable[State] | None = None, gallery_id: str | None = None
    ) -> list[Change]:
        """Changes in send order, optionally only in these states / of this gallery."""
        return list(self._iter(states, gallery_id))

    def group(self, group: str) -> list[Change]:
        rows = self._db.conn.execute(
            f"SELECT {Change.COLUMNS} FROM changes WHERE grp = ? ORDER BY seq", (group,)
        )
        return [Change.from_row(r) for r in rows]

    def touching(self, object_id: str, states: Iterable[State] = WAITING) -> list[Change]:
        """Changes in these states whose targets or gallery include the object."""
        wanted = {str(s) for s in states}
        rows = self._db.conn.execute(
            f"SELECT {Change.COLUMNS} FROM changes WHERE (gallery_id = ?1 OR target_ids LIKE ?2) "
            "ORDER BY seq",
            (object_id, f'%"{object_id}"%'),
        )
        found = (Change.from_row(r) for r in rows)
        return [c for c in found if c.state in wanted and _names(c, object_id)]

    def counts(self) -> Counts:
        conn = self._db.conn
        by_state = {
            str(state): int(n)
            for state, n in conn.execute("SELECT state, COUNT(*) FROM changes GROUP BY state")
        }
        waiting_states = tuple(str(s) for s in WAITING)
        marks = ",".join("?" * len(waiting_states))
        by_gallery = {
            str(g): int(n)
            for g, n in conn.execute(
                f"SELECT gallery_id, COUNT(*) FROM changes WHERE state IN ({marks}) "
                "GROUP BY gallery_id",
                waiting_states,
            )
        }
        retry = conn.execute(
            "SELECT MIN(next_try) FROM changes WHERE state IN (?, ?)",
            (State.QUEUED, State.NEEDS_CHECK),
        ).fetchone()[0]
        error = conn.execute(
            f"SELECT last_error FROM changes WHERE state IN ({marks}) AND last_error IS NOT NULL "
            "ORDER BY seq LIMIT 1",
            waiting_states,
        ).fetchone()
        return Counts(
            waiting=sum(by_state.get(s, 0) for s in waiting_states),
            failed=by_state.get(State.FAILED, 0),
            conflicts=by_state.get(State.CONFLICT, 0),
            held=by_state.get(State.HELD, 0),
            unsure=by_state.get(State.NEEDS_CHECK, 0),
            retry_at=retry,
            last_error=error[0] if error else None,
            by_gallery=by_gallery,
        )

    def current_id(self, object_id: str) -> str:
        """The id an object has now: a local id (or the id of an item deleted and then
        restored by undo) becomes the id the site gave it, once it exists."""
        seen = {object_id}
        while True:
            row = self._db.conn.execute(
                "SELECT server_id FROM id_map WHERE local_id = ?", (object_id,)
            ).fetchone()
            if row is None or row[0] in seen:
                return object_id
            object_id = str(row[0])
            seen.add(object_id)

    # ------------------------------------------------------------------ the user's decisions

    def discard(self, seq: int) -> list[int]:
        """Delete a change that was not applied (and whatever depends on what it would have
        created). Returns the seqs deleted."""
        with self._db.transaction():
            change = self._get(seq)
            if change.state not in NOT_APPLIED:
                raise OutboxError(
                    tr("This change may already be on the site; undo it instead of discarding it.")
                )
            return self._delete_with_dependents(change)

    def retry(self, seq: int) -> list[Change]:
        """Send a failed change again, at the end of the queue (with the changes that failed
        because it had not created their item). Returns them as queued now."""
        with self._db.transaction():
            change = self._get(seq)
            if change.state is not State.FAILED:
                raise OutboxError(tr("Only a failed change can be sent again."))
            moved = [change]
            if change.kind.creates:
                moved += [
                    c
                    for c in self.touching(change.target, (*WAITING, State.FAILED))
                    if c.seq != seq
                    and (c.state is not State.FAILED or c.problem is Problem.NEVER_CREATED)
                ]
            new_seqs = []
            for old in moved:
                self._db.conn.execute("DELETE FROM changes WHERE seq = ?", (old.seq,))
                new_seqs.append(self._reinsert(old))
        return [self._get(s) for s in new_seqs]

    def hold(self, seqs: Iterable[int]) -> None:
        with self._db.transaction():
            for seq in seqs:
                self._db.conn.execute(
                    "UPDATE changes SET state = ? WHERE seq = ? AND state = ?",
                    (State.HELD, seq, State.QUEUED),
                )

    def release(self, seqs: Iterable[int] | None = None) -> None:
        """Let held changes go (all of them by default). They waited: the sender checks
        the site's copy for conflicts before sending them."""
        with self._db.transaction():
            held = [c for c in self._iter([State.HELD], None) if seqs is None or c.seq in seqs]
            for change in held:
                self.set_resume(change.seq, {**change.resume, "waited": True})
                self._set(change.seq, state=State.QUEUED)

    # ------------------------------------------------------------------ the sender's

    def recover(self) -> list[int]:
        """At start, before any sending: a row left `sending` by a process that died may have
        been applied. Creates and uploads are looked up first; others are resent."""
        with self._db.transaction():
            left = self.changes([State.SENDING])
            for change in left:
                state = State.NEEDS_CHECK if change.kind.creates else State.QUEUED
                self._set(change.seq, state=state)
        return [c.seq for c in left]

    def prune(self, before: float) -> int:
        """Forget changes done before `before` (the outbox is a queue, not a history)."""
        with self._db.transaction():
            cursor = self._db.conn.execute(
                "DELETE FROM changes WHERE state = ? AND created < ?", (State.DONE, before)
            )
        return cursor.rowcount

    def next_sendable(self, now: float) -> Pick:
        """The oldest change that can go now. A change never overtakes an earlier one it
        must wait for (`Change.waits_for`) that is still to go: held, in conflict, being
        sent, waiting for its retry time, or itself waiting for another."""
        blocked: set[str] = set()
        retry_at: float | None = None
        # Read lazily (the first row is usually the one), and closed at once: a statement
        # left open would pin an old snapshot of the file under the next write.
        with closing(self._iter(WAITING, None)) as waiting:
            for change in waiting:
                stuck = change.state in (State.HELD, State.CONFLICT, State.SENDING)
                if stuck or change.waits_for & blocked:
                    blocked |= change.holds
                    continue
                if change.next_try is not None and change.next_try > now:
                    blocked |= change.holds
                    later = change.next_try
                    retry_at = later if retry_at is None else min(retry_at, later)
                    continue
                return Pick(change, retry_at)
        return Pick(None, retry_at)

    def claim(self, picked: Change) -> Change | None:
        """Mark the change as being sent (committed before any byte goes out); None when it
        is no longer as it was picked (undone, discarded or held by the window's thread in
        between): it is not sent."""
        with self._db.transaction():
            cursor = self._db.conn.execute(
                "UPDATE changes SET state = ?, attempts = attempts + 1 "
                "WHERE seq = ? AND state = ? AND attempts = ?",
                (State.SENDING, picked.seq, picked.state, picked.attempts),
            )
            return self._get(picked.seq) if cursor.rowcount else None

    def mark_done(self, seq: int) -> None:
        self._set(seq, state=State.DONE, next_try=None, last_error=None, conflict=None)

    def mark_failed(self, seq: int, problem: Problem, sentence: str, *, retryable: bool) -> None:
        self._set(
            seq,
            state=State.FAILED,
            problem=problem,
            last_error=sentence,
            retryable=int(retryable),
            next_try=None,
        )

    def mark_waiting(self, seq: int, state: State, sentence: str, next_try: float | None) -> None:
        """Not sent this time: `queued` (send again at `next_try`) or `needs_check`."""
        self._set(seq, state=state, last_error=sentence, next_try=next_try)

    def requeue(self, seq: int) -> None:
        """Back in the queue, to be sent as soon as its turn comes (a settled conflict)."""
        self._set(seq, state=State.QUEUED, conflict=None, last_error=None, next_try=None)

    def mark_conflict(self, seq: int, conflict: dict[str, Any]) -> None:
        self._set(seq, state=State.CONFLICT, conflict=dump(conflict))

    def set_resume(self, seq: int, resume: dict[str, Any]) -> None:
        self._set(seq, resume=dump(resume))

    def set_fields(self, seq: int, fields: dict[str, Any], replaces: dict[str, Any]) -> None:
        self._set(seq, fields=dump(fields), replaces=dump(replaces))

    def set_targets(self, seq: int, target_ids: Iterable[str]) -> None:
        self._set(seq, target_ids=dump(list(target_ids)))

    def wake(self) -> None:
        """Try everything waiting for a retry time now (the network is back)."""
        with self._db.transaction():
            self._db.conn.execute("UPDATE changes SET next_try = NULL WHERE next_try IS NOT NULL")

    def resolve_local(self, local_id: str, server_id: str) -> None:
        """What `local_id` stood for now exists as `server_id`: every change still to go
        (or failed, so a retry goes to the right place) names it by its server id."""
        with self._db.transaction():
            conn = self._db.conn
            conn.execute(
                "UPDATE id_map SET server_id = ? WHERE server_id = ?", (server_id, local_id)
            )
            conn.execute(
                "INSERT OR REPLACE INTO id_map (local_id, server_id) VALUES (?, ?)",
                (local_id, server_id),
            )
            for change in self.touching(local_id, (*WAITING, State.FAILED)):
                if change.kind.creates and change.target == local_id:
                    continue  # the create keeps its local id (the id map says what it became)
                targets = [server_id if t == local_id else t for t in change.target_ids]
                gallery = server_id if change.gallery_id == local_id else change.gallery_id
                conn.execute(
                    "UPDATE changes SET target_ids = ?, gallery_id = ? WHERE seq = ?",
                    (dump(targets), gallery, change.seq),
                )

    def map_id(self, old_id: str, new_id: str) -> None:
        """`old_id` (a deleted item) lives on as `new_id` (its restoring create)."""
        self._db.conn.execute(
            "INSERT OR REPLACE INTO id_map (local_id, server_id) VALUES (?, ?)", (old_id, new_id)
        )

    def is_unresolved(self, object_id: str) -> bool:
        """A local id whose create has not (yet) made anything."""
        return is_local(object_id) and self.current_id(object_id) == object_id

    # ------------------------------------------------------------------ internals

    def delete(self, seq: int) -> None:
        self._db.conn.execute("DELETE FROM changes WHERE seq = ?", (seq,))

    def insert(self, new: NewChange) -> Change:
        """Add a row inside the caller's transaction (undo adds inverses this way)."""
        state = State.HELD if self.holding_new() else State.QUEUED
        return self._get(self._insert(new, state, new.group or new_local_id()))

    def _delete_with_dependents(self, change: Change) -> list[int]:
        doomed = [change]
        if change.kind.creates:
            doomed += [c for c in self.touching(change.target, NOT_APPLIED) if c.seq != change.seq]
        for c in doomed:
            self.delete(c.seq)
        return [c.seq for c in doomed]

    def _insert(self, new: NewChange, state: State, group: str) -> int:
        cursor = self._db.conn.execute(
            "INSERT INTO changes (grp, kind, gallery_id, target_ids, fields, replaces, state, "
            "created, resume, names) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                group,
                new.kind,
                new.gallery_id,
                dump(list(new.target_ids)),
                dump(new.fields),
                dump(new.replaces),
                state,
                self._clock(),
                dump(new.resume),
                dump(new.names),
            ),
        )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def _reinsert(self, old: Change) -> int:
        new = NewChange(
            old.kind, old.gallery_id, old.target_ids, old.fields, old.replaces,
            old.resume, old.names, old.group,
        )  # fmt: skip
        return self._insert(new, State.QUEUED, old.group)

    def _get(self, seq: int) -> Change:
        change = self.get(seq)
        if change is None:
            raise OutboxError(tr("That change is no longer in the outbox."))
        return change

    def _set(self, seq: int, **columns: Any) -> None:
        names = ", ".join(f"{name} = ?" for name in columns)
        with self._db.transaction():
            self._db.conn.execute(
                f"UPDATE changes SET {names} WHERE seq = ?", (*columns.values(), seq)
            )

    def _iter(
        self, states: Iterable[State] | None, gallery_id: str | None
    ) -> Generator[Change, None, None]:
        sql = f"SELECT {Change.COLUMNS} FROM changes"
        where: list[str] = []
        args: list[Any] = []
        if states is not None:
            wanted = [str(s) for s in states]
            where.append(f"state IN ({','.join('?' * len(wanted))})")
            args += wanted
        if gallery_id is not None:
            where.append("gallery_id = ?")
            args.append(gallery_id)
        if where:
            sql += " WHERE " + " AND ".join(where)
        cursor = self._db.conn.execute(sql + " ORDER BY seq", args)
        try:
            for row in cursor:
                yield Change.from_row(row)
        finally:
            cursor.close()


def _names(change: Change, object_id: str) -> bool:
    return change.gallery_id == object_id or object_id in change.target_ids
