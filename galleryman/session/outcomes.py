"""What the window does with the sender's news: a change reached the site, failed, met a
conflict, or is waiting for the site to come back; and how far each upload has got.

The sender runs on the writer thread (`worker_side.drain_job`); each `Sent` outcome and
`UploadProgress` reaches `OutcomeHandler.progress` on the GUI thread, in order. The grid then
shows the site's copy (from the catalog, with the changes still on their way applied), an
upload tile becomes its item, a failure is said in a sentence (with Retry only where a retry
can work), and an undo step whose target is gone leaves the history.
"""

from __future__ import annotations

import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from galleryman.core.i18n import tr
from galleryman.models.item_grid import UploadRow
from galleryman.session.problems import Problem
from galleryman.session.worker_side import PendingUpload, Sent, UploadProgress
from galleryman.sync import Change, Kind, Outcome, Result, State, describe
from galleryman.sync.changes import Problem as ChangeProblem
from galleryman.undo.commands import SiteCommand
from galleryman.wix.models import Item
from galleryman.wix.uploads import UploadPhase

if TYPE_CHECKING:
    from galleryman.session.site_session import SiteSession

# API requests an upload costs on Wix: an upload URL, a look at the file until Wix has
# processed it (usually twice), the item (the bytes go to another host, outside the budget).
REQUESTS_PER_UPLOAD = 4
BYTES_FROM, BYTES_TO = 0.05, 0.85  # the share of a tile's bar the bytes going up fill


class OutcomeHandler:
    def __init__(self, session: SiteSession) -> None:
        self._session = session
        self._uploads: dict[int, str] = {}  # change seq -> upload tile token (its local id)
        self._batch_total = 0
        self._batch_done = 0
        self._batch_started = 0.0
        # Undo steps by the outbox group of their changes (the inverses too), so a change that
        # fails as "gone" can take its step out of the history.
        self._commands: dict[str, weakref.ref[SiteCommand]] = {}

    # ------------------------------------------------------------------ news from the sender

    def progress(self, value: object) -> None:
        if isinstance(value, UploadProgress):
            self._upload_progress(value)
        elif isinstance(value, Sent):
            self._sent(value.outcome)

    def finished(self, outcome: Any) -> None:
        """The send job ended: nothing more can go now (IDLE) or the site is not answering."""
        session = self._session
        counts = session.counts()
        if isinstance(outcome, Outcome) and outcome.retry_at is not None and counts.waiting:
            why = outcome.sentence or counts.last_error or tr("the site is not answering")
            session.watch.set_offline(
                tr("Offline – %Ln change(s) waiting ({reason})", "", counts.waiting).format(
                    reason=why
                )
            )
        else:
            session.watch.set_offline("")

    def _sent(self, outcome: Outcome) -> None:
        change = outcome.change
        if change is None:
            return
        session = self._session
        if outcome.result is Result.SENT:
            self._done(change)
        elif outcome.result is Result.FAILED:
            self._failed(change, outcome.sentence)
        elif outcome.result is Result.CONFLICT:
            session.problem.emit(
                Problem(
                    tr(
                        "{change}: the site was changed too. Choose which to keep in View ▸ "
                        "Pending Changes."
                    ).format(change=describe(change))
                )
            )
        session.outbox_changed.emit()

    def _done(self, change: Change) -> None:
        session = self._session
        gallery_id = session.current_id(change.gallery_id)
        if change.kind in (Kind.UPLOAD, Kind.CREATE_ITEM):
            created = str(change.resume.get("created") or "")
            token = self._uploads.pop(change.seq, change.target)
            self._show_created(gallery_id, token, created)
            # A reread taken while it was on its way shows its tile and lacks its item.
            session.outdate_reads()
            if change.kind is Kind.UPLOAD:
                self._batch_done += 1
                self._report()
                name = str(change.resume.get("name") or tr("the photo"))
                session.activity.emit(tr("Added {file}").format(file=name))
        elif change.kind is Kind.UPDATE_ITEM:
            self._show_site_copy(gallery_id, change.target)
            session.item_saved.emit(change.target, "saved", "")
        elif change.kind is Kind.DELETE_ITEMS:
            session.activity.emit(tr("Deleted %Ln item(s)", "", len(change.target_ids)))
        elif change.kind.on_gallery:
            session.reload_galleries()
            if change.kind is not Kind.UPDATE_GALLERY:
                session.activity.emit(tr("{change}: done").format(change=describe(change)))

    def _failed(self, change: Change, sentence: str) -> None:
        session = self._session
        gallery_id = session.current_id(change.gallery_id)
        gone = change.problem is ChangeProblem.GONE
        command = self._command_of(change.group)
        if gone and command is not None:
            command.gone(
                tr(
                    "“{step}” can't be undone or redone: the site no longer has what it changed "
                    "(deleted elsewhere?). The step was removed from the undo history."
                ).format(step=command.text())
            )
        if change.kind is Kind.UPLOAD:
            token = self._uploads.get(change.seq, change.target)
            if session.gallery_id == gallery_id and session.items.upload_row_of(token) >= 0:
                session.items.set_upload_failed(token, sentence, retryable=change.retryable)
            else:
                retry = (lambda: session.retry_change(change.seq)) if change.retryable else None
                said = tr("{change}: {reason}").format(change=describe(change), reason=sentence)
                session.problem.emit(Problem(said, retry))
            self._batch_done += 1
            self._report()
            return
        if change.kind is Kind.UPDATE_ITEM:
            session.item_saved.emit(change.target, "failed", sentence)
        session.reload_shown([change])  # the window shows the site's value again
        if gone and command is not None:
            return  # said by the undo step
        retry = (lambda: session.retry_change(change.seq)) if change.retryable else None
        said = tr("Couldn't save “{change}”: {reason}").format(
            change=describe(change), reason=sentence
        )
        session.problem.emit(Problem(said, retry))

    def _show_site_copy(self, gallery_id: str, item_id: str) -> None:
        session = self._session
        if session.gallery_id != gallery_id or session.items.row_of(item_id) < 0:
            return  # not shown (another gallery, or deleted meanwhile): nothing to bring back
        data = session.edits.view.item_json(gallery_id, item_id)
        if data is not None:
            session.items.upsert(Item.from_json(data))

    def _show_created(self, gallery_id: str, token: str, created: str) -> None:
        session = self._session
        data = session.edits.view.item_json(gallery_id, created) if created else None
        if session.gallery_id == gallery_id and data is not None:
            item = Item.from_json(data)
            if session.items.upload_row_of(token) >= 0:
                session.items.finish_upload(token, item)
            else:
                session.items.remove_ids([token])
                session.items.upsert(item)
            session.galleries.set_item_count(gallery_id, session.items.gallery_count())
        elif session.gallery_id != gallery_id:
            # Not open: the sidebar shows the gallery's count as the catalog and outbox say.
            session.galleries.set_item_count(gallery_id, session.edits.view.item_count(gallery_id))

    # ------------------------------------------------------------------ uploads

    def uploads_added(self, changes: list[Change], dest_row: int) -> None:
        session = self._session
        if not self._batch_total - self._batch_done:
            self._batch_total = self._batch_done = 0
            self._batch_started = time.monotonic()
        tiles = []
        orders: list[float] | None = []
        for change in changes:
            self._uploads[change.seq] = change.target
            tiles.append((change.target, Path(str(change.resume.get("path", "")))))
            order = change.resume.get("sortOrder")
            if orders is not None and isinstance(order, int | float):
                orders.append(float(order))
            else:
                orders = None
        session.items.add_uploads(tiles, dest_row, orders)
        self._batch_total += len(changes)
        self._report()

    def show_pending_upload(self, upload: PendingUpload) -> None:
        """An upload the outbox still holds (from an earlier run, or failed): its tile."""
        session = self._session
        change = session.edits.outbox.get(upload.seq)
        if change is None or change.state is State.DONE:
            # Read before it went up (a reread or a page on its way): its item shows now,
            # and a tile beside it would show the photo twice.
            return
        if session.items.upload_row_of(upload.token) >= 0:
            if upload.error:
                session.items.set_upload_failed(
                    upload.token, upload.error, retryable=upload.retryable
                )
            return
        self._uploads[upload.seq] = upload.token
        session.items.add_upload_rows(
            [UploadRow(upload.token, upload.path, anchor=upload.sort_order)]
        )
        if upload.error:
            session.items.set_upload_failed(upload.token, upload.error, retryable=upload.retryable)

    def retry_upload(self, token: str) -> None:
        seq = self._seq_of(token)
        if seq is not None:
            self._session.items.set_upload_progress(token, 0.0)
            self._session.retry_change(seq)

    def remove_upload(self, token: str) -> None:
        """Drop a failed upload's tile and its change, so it is never sent."""
        seq = self._seq_of(token)
        if seq is not None:
            change = self._session.edits.outbox.get(seq)
            if change is not None and change.state.value == "sending":
                return  # going up right now: its item is on its way
            self._session.discard_change(seq)
            self._uploads.pop(seq, None)
        self._session.items.remove_upload(token)

    @property
    def batch_done(self) -> int:
        """Files of the current upload batch that have finished (made an item or failed)."""
        return self._batch_done

    def seconds_left(self) -> float:
        """About how long the files still going up will take, 0 while that is not known.
        Known once a file has finished: how long a file takes on this site (its processing
        above all) cannot be guessed well before that (a guess from request counts alone said
        77 s for a batch that took 149 s), and no number is better than a wrong one. Then
        the batch's pace, or the site's rate budget if that is slower."""
        left = self._batch_total - self._batch_done
        if left <= 0 or not self._batch_done:
            return 0.0
        pace = (time.monotonic() - self._batch_started) / self._batch_done * left
        return max(pace, self._session.eta_seconds(left * REQUESTS_PER_UPLOAD))

    def _upload_progress(self, news: UploadProgress) -> None:
        token = self._uploads.get(news.seq)
        if token is None:
            return
        items = self._session.items
        if news.phase is not None:
            phase = "processing" if news.phase is UploadPhase.PROCESSING else "uploading"
            items.set_upload_phase(token, phase)
        elif news.fraction is not None:
            items.set_upload_progress(token, BYTES_FROM + (BYTES_TO - BYTES_FROM) * news.fraction)

    def _seq_of(self, token: str) -> int | None:
        return next((seq for seq, t in self._uploads.items() if t == token), None)

    def _report(self) -> None:
        total = self._batch_total
        done = min(self._batch_done, total)
        if total and done >= total:
            total = done = self._batch_total = self._batch_done = 0
        self._session.uploads_changed.emit(done, total)

    # ------------------------------------------------------------------ undo steps

    def track_command(self, group: str, command: SiteCommand) -> None:
        self._commands[group] = weakref.ref(command)

    def track_undo(self, group: str, inverses: list[Change]) -> None:
        command = self._command_of(group)
        if command is not None:
            for change in inverses:
                self._commands[change.group] = weakref.ref(command)

    def _command_of(self, group: str) -> SiteCommand | None:
        ref = self._commands.get(group)
        return ref() if ref is not None else None
