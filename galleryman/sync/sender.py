"""The sender: the one place changes leave the outbox for the site.

`send_next(remote)` takes the oldest change that can go (`Outbox.next_sendable`: in order,
never overtaking an earlier change it must follow), marks it `sending` (committed), sends
it through the adapter (`remote.py`), and merges the answer into the catalog and marks the row
done in one transaction. The rules:

* PATCH and DELETE are safe to resend: after a lost answer the change is simply queued again.
* A create or upload that may have happened goes to `needs_check`, and is looked up before
  any resend (`creating.py`: by its explicit sortOrder; an upload reuses its file).
* A 404 on what an update changes: it was deleted on the site. The change fails as "gone"
  and is never re-created. Deleting something already gone is done.
* No answer (offline, 5xx, throttled) or the site refusing the key: the change stays queued,
  with its attempts and the time of its next try (backoff); the sender pauses the site until
  then (`wake()` ends the pause). A 400 fails the change with Wix's sentence.
* A change that waited (held, tried before, or older than `check_after` seconds) is compared
  with the site's current copy first (`merge.py`): a conflict is never overwritten.

One sender per site, on the API worker thread, with its own `SiteDb`. It takes a lock file
beside the database, so a second window or process on the same site cannot resend rows this
one is sending; at start it recovers rows a dead process left `sending` (`Outbox.recover`).
"""

from __future__ import annotations

import enum
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from galleryman.core.failures import ExpectedFailure
from galleryman.core.i18n import tr
from galleryman.sync.catalog import Catalog
from galleryman.sync.changes import Change, Kind, Problem, State
from galleryman.sync.creating import Creator
from galleryman.sync.db import SiteDb
from galleryman.sync.merge import absorb, gone_sentence, rebased_fields
from galleryman.sync.outbox import Outbox
from galleryman.sync.remote import Failure, Remote, RemoteError
from galleryman.wix.uploads import UploadPhase

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one window per site is the app's job there
    fcntl = None  # type: ignore[assignment]

JsonObject = dict[str, Any]
MAX_ORDER_RETRIES = 8


class Result(enum.StrEnum):
    SENT = "sent"  # done: on the site, and in the catalog
    FAILED = "failed"  # will not be sent again unless the user retries it
    CONFLICT = "conflict"  # changed on the site too: waits for the user's decision
    WAITING = "waiting"  # not sent this time; tried again at `retry_at` (or checked first)
    IDLE = "idle"  # nothing can be sent now (`retry_at`: when something can)


@dataclass(frozen=True)
class Outcome:
    result: Result
    change: Change | None = None  # as it is now
    retry_at: float | None = None
    sentence: str = ""


@dataclass(frozen=True)
class Backoff:
    first: float = 2.0
    limit: float = 300.0

    def delay(self, attempts: int) -> float:
        return min(self.limit, self.first * 2 ** max(0, attempts - 1))


class SenderBusyError(ExpectedFailure):
    """Another sender (window or process) is sending this site's changes."""


class Sender:
    def __init__(
        self,
        db: SiteDb,
        *,
        clock: Callable[[], float] = time.time,
        check_after: float = 60.0,
        backoff: Backoff | None = None,
        on_progress: Callable[[int, float | UploadPhase], None] | None = None,
        keep_done: float = 7 * 24 * 3600.0,
    ) -> None:
        """`check_after`: a change older than this (seconds) is compared with the site's
        copy before it is sent; `keep_done`: how long done changes stay (undo needs them)."""
        self._db = db
        self._clock = clock
        self._check_after = check_after
        self._backoff = backoff or Backoff()
        self._lock = _take_lock(Path(f"{db.path}.sender.lock"))
        self.outbox = Outbox(db, clock)
        self.catalog = Catalog(db, clock)
        self.recovered = self.outbox.recover()
        self.outbox.prune(clock() - keep_done)
        self._creator = Creator(db, clock, on_progress)
        self._paused_until = 0.0
        self._pause_sentence = ""

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    @property
    def paused_until(self) -> float:
        """Until when the site is not tried (0: it is)."""
        return self._paused_until

    def wake(self) -> None:
        """Try again now: the network is back, or the user asked."""
        self._paused_until = 0.0
        self.outbox.wake()

    def send_next(self, remote: Remote) -> Outcome:
        now = self._clock()
        if now < self._paused_until:
            return Outcome(Result.IDLE, retry_at=self._paused_until, sentence=self._pause_sentence)
        while True:
            pick = self.outbox.next_sendable(now)
            if pick.change is None:
                return Outcome(Result.IDLE, retry_at=pick.retry_at)
            change = pick.change
            if self._never_created(change):
                sentence = _never_created_sentence(change)
                self.outbox.mark_failed(
                    change.seq, Problem.NEVER_CREATED, sentence, retryable=False
                )
                return self._outcome(Result.FAILED, change, sentence=sentence)
            check = change.state is State.NEEDS_CHECK
            waited = self._waited(change)
            claimed = self.outbox.claim(change)
            if claimed is not None:
                break  # else the window took it back meanwhile: pick again
        change = claimed
        try:
            return self._perform(change, remote, check=check, waited=waited)
        except RemoteError as error:
            return self._after_error(change, error, check)
        except BaseException:
            # A bug or an interruption: leave the row as a crash would (see `recover`), never
            # `sending` with no one sending it, and let the caller log it.
            unsure = change.kind.creates and (self._creator.asked or check)
            state = State.NEEDS_CHECK if unsure else State.QUEUED
            retry_at = self._clock() + self._backoff.delay(change.attempts)
            stopped = tr("An internal error stopped it.")
            self.outbox.mark_waiting(change.seq, state, stopped, retry_at)
            raise

    # ------------------------------------------------------------------ each kind

    def _perform(self, change: Change, remote: Remote, *, check: bool, waited: bool) -> Outcome:
        kind = change.kind
        if kind is Kind.UPDATE_ITEM:
            return self._update(change, remote, waited, item=True)
        if kind is Kind.UPDATE_GALLERY:
            return self._update(change, remote, waited, item=False)
        if kind is Kind.DELETE_ITEMS:
            return self._delete_items(change, remote)
        if kind is Kind.DELETE_GALLERY:
            remote.delete_gallery(change.target)
            return self._finish_delete(change)
        self._creator.create(change, remote, check=check)
        return self._outcome(Result.SENT, change)

    def _update(self, change: Change, remote: Remote, waited: bool, *, item: bool) -> Outcome:
        gallery_id, target = change.gallery_id, change.target
        if waited:
            site = remote.get_item(gallery_id, target) if item else remote.get_gallery(target)
            with self._db.transaction():
                base = self._base(target, item)
                conflicted = []
                if base is not None:
                    conflicted = absorb(self.outbox, target, base, site, also=change.seq)
                self._store(gallery_id, site, item)
            if change.seq in conflicted:
                return self._outcome(Result.CONFLICT, change)
        body = rebased_fields(change, self._base(target, item))
        if item:
            answer = remote.update_item(gallery_id, target, body)
        else:
            answer = remote.update_gallery(target, body)
        with self._db.transaction():
            self._store(gallery_id, answer, item)
            self.outbox.mark_done(change.seq)
        return self._outcome(Result.SENT, change)

    def _delete_items(self, change: Change, remote: Remote) -> Outcome:
        try:
            remote.delete_items(change.gallery_id, list(change.target_ids))
        except RemoteError as error:
            if error.failure is not Failure.PARTIAL:
                raise
            with self._db.transaction():
                self.catalog.delete_items(error.deleted)
                deleted = [*change.resume.get("deleted", []), *error.deleted]
                self.outbox.set_resume(change.seq, {**change.resume, "deleted": deleted})
                self.outbox.set_targets(change.seq, error.remaining)
                self.outbox.mark_failed(change.seq, Problem.PARTIAL, error.sentence, retryable=True)
            return self._outcome(Result.FAILED, change, sentence=error.sentence)
        return self._finish_delete(change)

    def _finish_delete(self, change: Change) -> Outcome:
        with self._db.transaction():
            if change.kind is Kind.DELETE_GALLERY:
                self.catalog.delete_gallery(change.target)
            else:
                self.catalog.delete_items(change.target_ids)
            self.outbox.mark_done(change.seq)
        return self._outcome(Result.SENT, change)

    def _after_error(self, change: Change, error: RemoteError, check: bool) -> Outcome:
        failure, sentence = error.failure, error.sentence
        if failure in (Failure.OFFLINE, Failure.UNSURE, Failure.SITE):
            unsure = change.kind.creates and (self._creator.asked or check)
            state = State.NEEDS_CHECK if unsure else State.QUEUED
            delay = max(self._backoff.delay(change.attempts), error.retry_after or 0.0)
            retry_at = self._clock() + delay
            self.outbox.mark_waiting(change.seq, state, sentence, retry_at)
            if failure is not Failure.UNSURE:  # the site cannot be reached: pause it all
                self._paused_until, self._pause_sentence = retry_at, sentence
            return self._outcome(Result.WAITING, change, retry_at=retry_at, sentence=sentence)
        if failure is Failure.GONE:
            if change.kind in (Kind.DELETE_ITEMS, Kind.DELETE_GALLERY):
                return self._finish_delete(change)  # already gone: nothing left to do
            sentence = gone_sentence(change)
            with self._db.transaction():
                if change.kind is Kind.UPDATE_ITEM:
                    self.catalog.delete_items([change.target])
                elif change.kind is Kind.UPDATE_GALLERY:
                    self.catalog.delete_gallery(change.target)
                self.outbox.mark_failed(change.seq, Problem.GONE, sentence, retryable=False)
            return self._outcome(Result.FAILED, change, sentence=sentence)
        creates = change.kind.creates
        if failure is Failure.ORDER_TAKEN and creates and change.attempts < MAX_ORDER_RETRIES:
            self._creator.choose_other_order(change)
            return self._outcome(Result.WAITING, change, sentence=sentence)
        problem = {
            Failure.INVALID: Problem.INVALID,
            Failure.ORDER_TAKEN: Problem.INVALID,
            Failure.FILE: Problem.FILE,
            Failure.NOT_CLEARED: Problem.NOT_CLEARED,
        }.get(failure, Problem.OTHER)
        with self._db.transaction():
            if failure is Failure.NOT_CLEARED:  # the rest was saved: the catalog is behind
                self.catalog.mark_incomplete(change.gallery_id)
            self.outbox.mark_failed(change.seq, problem, sentence, retryable=error.retryable)
        return self._outcome(Result.FAILED, change, sentence=sentence)

    # ------------------------------------------------------------------ helpers

    def _outcome(
        self, result: Result, change: Change, *, retry_at: float | None = None, sentence: str = ""
    ) -> Outcome:
        return Outcome(result, self.outbox.get(change.seq), retry_at, sentence)

    def _waited(self, change: Change) -> bool:
        return (
            change.attempts > 0
            or bool(change.resume.get("waited"))
            or self._clock() - change.created > self._check_after
        )

    def _never_created(self, change: Change) -> bool:
        """It names a thing whose create failed or was discarded (it is not waiting: it
        would be earlier in the queue, in the same scope, and go first)."""
        ids = [] if change.kind is Kind.CREATE_GALLERY else [change.gallery_id]
        if not change.kind.creates:
            ids += change.target_ids
        return any(self.outbox.is_unresolved(i) for i in ids)

    def _base(self, target: str, item: bool) -> JsonObject | None:
        return self.catalog.item_json(target) if item else self.catalog.gallery_json(target)

    def _store(self, gallery_id: str, answer: JsonObject, item: bool) -> None:
        if item:
            self.catalog.put_item(gallery_id, answer)
        else:
            self.catalog.put_gallery(answer)


def _never_created_sentence(change: Change) -> str:
    name = change.names.get("item") or change.names.get("file") or change.names.get("gallery")
    if not name:
        return tr(
            "What it changes was never created (its upload or creation failed), so this was "
            "not sent."
        )
    return tr(
        "“{name}” was never created (its upload or creation failed), so this was not sent."
    ).format(name=name)


def _take_lock(path: Path) -> IO[bytes] | None:
    if fcntl is None:
        return None
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    handle = os.fdopen(fd, "wb")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise SenderBusyError(
            tr("Another galleryman window is already sending this site's changes.")
        ) from None
    return handle
