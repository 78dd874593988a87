"""One open site as the window sees it: its galleries, the open gallery's items, the undo
history, and the workers that talk to the site. The main window shows a session; it never
calls HTTP or SQLite itself.

The session is the Qt face of the durable core (`galleryman.sync`): every change the user
makes is written to the site's outbox (committed, on disk) before the window shows it, and
the *writer* thread's sender drains the outbox in order, within the site's rate budget, and
again after a restart, a crash or an outage. What the window shows is the site's catalog (the
server's JSON, kept on disk) with the changes on their way applied: a gallery seen before
opens at once, before any request, and is then brought up to date in the background by the
*reader* thread.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from galleryman import gc_tuning
from galleryman.core.bulk_edit import apply_fields
from galleryman.core.compact_items import CompactItem
from galleryman.core.i18n import tr
from galleryman.core.ordering import SortUpdate, plan_move
from galleryman.credentials import UploadUrlStore
from galleryman.models.gallery_list import GalleryListModel
from galleryman.models.item_grid import ItemGridModel, UploadRow
from galleryman.session.outcomes import OutcomeHandler
from galleryman.session.problems import Problem, sentence
from galleryman.session.waiting import SlowWorkWatch
from galleryman.session.worker_side import (
    Known,
    PendingUpload,
    ShownNow,
    SiteThreads,
    catalog_items_job,
    drain_job,
    galleries_job,
    refresh_items_job,
    shown_galleries,
    shown_now_job,
)
from galleryman.sites import SiteProfile
from galleryman.sync import (
    Change,
    Counts,
    EditError,
    Edits,
    Keep,
    Kind,
    SiteDb,
    State,
    UndoError,
    describe,
)
from galleryman.undo.commands import (
    DeleteItemsCommand,
    EditItemsCommand,
    MoveItemsCommand,
    RenameGalleryCommand,
    SiteCommand,
)
from galleryman.wix.client import WixClient
from galleryman.wix.models import Gallery, Item
from galleryman.workers.api_worker import ApiWorker, Hold, JobHandle, JobKind

log = logging.getLogger(__name__)

ITEMS_GROUP = "items"
# A gallery whose complete listing ended this recently is not listed again when it is
# reopened (switching back and forth costs no request); Refresh (F5) always lists it.
FRESH_S = 120.0
# The longest a gallery shown from the catalog waits for its thumbnails before it is listed.
BACKGROUND_LISTING_WAIT_S = 1.0
RECONCILE_BATCH = 500  # changed items put in the grid per event-loop turn (a few ms)
COMPARE_BATCH = 2000  # items compared with the grid per event-loop turn (1-2 ms)
_DONE = object()
MAX_PLACES_KEPT = 100_000  # places shown for a gallery's items before its pages arrive
Fields = dict[str, Any]
Job = Callable[[WixClient, Callable[[object], None]], Any]


class LoadState(enum.Enum):
    NONE = "none"  # no gallery open
    LOADING = "loading"  # pages on their way: the grid may be empty without being empty
    LOADED = "loaded"  # the site (or the catalog, offline) has said what the gallery holds
    FAILED = "failed"  # the listing failed: what is shown may be incomplete


class SiteSession(QObject):
    problem = Signal(object)  # Problem
    gallery_opened = Signal(str)  # gallery id ("" when none)
    galleries_loaded = Signal()
    galleries_failed = Signal(str)  # why the galleries could not be listed
    items_loaded = Signal(str)  # gallery id, after the last page
    load_state_changed = Signal()
    item_saved = Signal(str, str, str)  # item id, "saving" | "saved" | "failed", message
    activity = Signal(str)  # a short status-bar sentence
    busy_changed = Signal(int)
    uploads_changed = Signal(int, int)  # files finished, files in this batch (0, 0: none)
    waiting_changed = Signal(str)  # "" or what is waiting for the site ("Waiting for…")
    reveal_requested = Signal(str, list)  # gallery id, item ids: undo shows what it changes
    outbox_changed = Signal()  # the changes waiting (count, failures, conflicts) changed

    def __init__(
        self,
        profile: SiteProfile,
        client_factory: Callable[[], WixClient],
        parent: QObject | None = None,
        *,
        data_path: Path,
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        path = data_path
        self.db = SiteDb(path)
        self.edits = Edits(self.db)
        # Upload URLs go to the keyring while their PUT is under way (sync/remote.py).
        self.threads = SiteThreads(path, UploadUrlStore())
        self.galleries = GalleryListModel(self)
        self.items = ItemGridModel(self)
        self.undo_stack = QUndoStack(self)
        self._client_factory = client_factory
        self._clients: list[WixClient] = []  # one per worker, made on its thread
        self.watch = SlowWorkWatch((), self)
        self.reader = ApiWorker(self._make_client, self)
        self.writer = ApiWorker(self._make_client, self)
        # Reads of the local catalog only (no request): a gallery seen before opens at once
        # even while the reader waits on a slow or unreachable site.
        self.local = ApiWorker(None, self)  # no client: it never waits for the site to start
        self.watch.set_workers((self.reader, self.writer), self._describe_job)
        for worker in self.workers():
            worker.busy_changed.connect(lambda _count: self.busy_changed.emit(self.busy()))
        self.watch.waiting_changed.connect(self.waiting_changed)
        self._load_state = LoadState.NONE
        self._drain: JobHandle | None = None  # the send job queued or running, if any
        self._retry_timer = QTimer(self)  # tries the site again after an outage
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self.send_now)
        self._wake_asked = False  # the user asked to send while a drain was under way
        self.use_photo_text = False  # Preferences: photos' own title and caption (EXIF)
        # Set by the window: calls its argument once the grid shows the thumbnails of what is
        # on screen (see `open_gallery`).
        self.screen_shown: Hold | None = None
        self._opens = 0  # galleries opened: a callback for an open since replaced does nothing
        self._deferred = 0  # listings waiting for the screen's thumbnails (`_after_screen_shown`)
        self._closed = False
        # Bumped when what the window shows changes other than by a read (`outdate_reads`):
        # a read started before must not paint over it.
        self._shown_changes = 0
        # Bumped when a page of the gallery being opened reaches the grid: a reread taken
        # before that page was stored would take its items for gone.
        self._pages_shown = 0
        self._reconciling = 0  # rereads being applied to the grid, a batch per turn
        self.outcomes = OutcomeHandler(self)
        self.galleries.rename_requested.connect(self.rename_gallery_undoable)
        self.galleries.move_requested.connect(self.move_gallery)
        self.items.move_requested.connect(self.move_items)  # a drop: before a model row
        for worker in self.workers():
            worker.start()
        self.send_now()  # what an earlier run left in the outbox (a crash, an outage) goes out

    def _describe_job(self, handle: JobHandle) -> str | None:
        """The send under way, in words: the change it is taking out."""
        if self._drain is None or handle.id != self._drain.id:
            return None
        sending = self.edits.outbox.changes([State.SENDING, State.QUEUED, State.NEEDS_CHECK])
        return describe(sending[0]) if sending else None

    def _make_client(self) -> WixClient:
        """A worker's client (called on the worker's thread): its waits (the rate limit,
        Wix's Retry-After, a retry's pause) are said in the status bar."""
        client = self._client_factory()
        client.set_observer(self.watch.note_wait_from_any_thread)
        self._clients.append(client)
        return client

    def workers(self) -> tuple[ApiWorker, ApiWorker, ApiWorker]:
        return (self.reader, self.writer, self.local)

    @property
    def gallery_id(self) -> str | None:
        return self.items.gallery_id

    @property
    def load_state(self) -> LoadState:
        return self._load_state

    @property
    def loaded_gallery_id(self) -> str | None:
        """The open gallery once it is shown in full (None while it is being listed)."""
        return self.gallery_id if self._load_state is LoadState.LOADED else None

    def busy(self) -> int:
        """API jobs queued or running whose answers are not in yet, rereads of the gallery
        still being applied to the grid (a batch per event-loop turn), and a background
        listing waiting for the screen's thumbnails (`_after_screen_shown`)."""
        return sum(worker.busy() for worker in self.workers()) + self._reconciling + self._deferred

    def counts(self) -> Counts:
        """The changes waiting to go out, failed, in conflict, held for review."""
        return self.edits.outbox.counts()

    def pending_writes(self) -> int:
        """Changes a close should wait for: those the site can take now (not held for
        review, not waiting for the user's decision, not waiting out an outage)."""
        counts = self.counts()
        if self._retry_timer.isActive():
            return 0  # offline: they wait for the next start, quitting does not block
        return max(0, counts.waiting - counts.held - counts.conflicts)

    def eta_seconds(self, requests: int) -> float:
        clients = list(self._clients)
        return max((c.eta_seconds(requests) for c in clients), default=0.0)

    def close(self, timeout_s: float = 15.0) -> bool:
        """Stop the workers: reads are dropped, the send under way ends; what is not sent
        stays in the outbox for the next start."""
        self._closed = True  # answers still on their way start nothing new
        self.watch.stop()
        self._retry_timer.stop()
        if self._drain is not None:
            self._drain.cancel()  # the send under way ends; no further one starts
        self.reader.shutdown(0.5)
        self.local.shutdown(0.5)
        done = self.writer.shutdown(timeout_s)
        # The lock goes too: a send still under way ends with its request (it was cancelled),
        # and whatever it leaves half done is recovered by the next sender.
        self.threads.close()
        self.db.close()
        return done

    # ------------------------------------------------------------ sending

    def send_now(self, *, wake: bool = False) -> None:
        """Drain the outbox on the writer thread (once: a queued drain also sends what is
        added meanwhile). `wake`: the user asked, so changes waiting out an outage or a
        retry time are tried at once."""
        self._retry_timer.stop()
        self._wake_asked = self._wake_asked or wake
        if self._closed:
            return
        if self._drain is not None and not self._drain.cancelled:
            return
        wake, self._wake_asked = self._wake_asked, False
        self._drain = self.writer.submit(
            drain_job(self.threads, wake=wake),
            on_done=self._drained,
            on_error=self._drain_failed,
            on_progress=self.outcomes.progress,
            kind=JobKind.WRITE,
            label=tr("Sending changes"),
        )

    def _drained(self, outcome: Any) -> None:
        self._drain = None
        self.outcomes.finished(outcome)
        retry_at = getattr(outcome, "retry_at", None)
        if self._wake_asked:
            self.send_now()
        elif retry_at is not None:
            self._retry_timer.start(max(0, round((retry_at - time.time()) * 1000)))
        elif self.counts().waiting - self.counts().held - self.counts().conflicts > 0:
            self.send_now()  # something arrived as the last one went out
        self.outbox_changed.emit()

    def _drain_failed(self, error: BaseException) -> None:
        self._drain = None
        log.error("sending the changes stopped", exc_info=error)
        said = tr("Sending the changes stopped: {reason}").format(reason=sentence(error))
        self.problem.emit(Problem(said, self.send_now))
        self.outbox_changed.emit()

    def outdate_reads(self) -> None:
        """What the window shows changed other than by a page or a reread: one of those
        taken before must not paint over it, so it is read again (`reconcile`)."""
        self._shown_changes += 1

    def _changed(self, changes: list[Change]) -> list[Change]:
        """After a gesture was written to the outbox: send it, and say there is more."""
        if changes:
            self.outdate_reads()
            self.send_now()
            self.outbox_changed.emit()
        return changes

    # ------------------------------------------------------------ galleries

    def refresh(self) -> None:
        """Show the galleries as known now, then list them from the site."""
        self._show_galleries()
        keep = self.gallery_id

        def done(_refreshed: object) -> None:
            self._show_galleries()
            still_there = bool(keep) and self.galleries.row_of(str(keep)) >= 0
            if keep and not still_there:
                self.open_gallery(None)  # deleted elsewhere: closed before a new one is picked
            self.galleries_loaded.emit()
            if still_there:
                self.open_gallery(keep, force=True)

        def failed(error: BaseException) -> None:
            self.galleries_failed.emit(sentence(error))
            if self.galleries.rowCount():
                self.galleries_loaded.emit()  # browse what the catalog has (offline)

        self._read(
            galleries_job(self.threads),
            done,
            tr("Couldn't load the galleries: {reason}"),
            retry=self.refresh,
            on_failed=failed,
            label=tr("Loading galleries"),
        )

    def _show_galleries(self) -> None:
        self.galleries.set_galleries(shown_galleries(self.threads))

    def reload_galleries(self) -> None:
        """The outbox or catalog changed what the sidebar shows (on the GUI thread)."""
        galleries = shown_galleries(self.threads)  # counts every item: read it once
        for gallery in galleries:
            if gallery.id == self.gallery_id:
                # Before its last page the catalog has only the site's count from before
                # the changes sent since; the grid has those and the places kept.
                gallery.total_items = self.items.gallery_count()
            self.galleries.upsert(gallery)
        shown = {str(g.id) for g in galleries}
        for gallery in self.galleries.galleries():
            if str(gallery.id) not in shown:
                self.galleries.remove(str(gallery.id))

    def create_gallery(
        self, name: str, on_created: Callable[[Gallery], None] | None = None
    ) -> None:
        change = self._gesture(lambda: self.edits.create_gallery(name))
        if change is not None:
            self.reload_galleries()
            gallery = self.galleries.get(change.target)
            self.activity.emit(tr("Creating gallery “{name}”").format(name=name))
            if on_created and gallery is not None:
                on_created(gallery)

    def clone_gallery(
        self, source_id: str, name: str, on_created: Callable[[Gallery], None] | None = None
    ) -> None:
        change = self._gesture(lambda: self.edits.clone_gallery(source_id, name))
        if change is not None:
            self.reload_galleries()
            gallery = self.galleries.get(change.target)
            self.activity.emit(tr("Cloning into “{name}”").format(name=name))
            if on_created and gallery is not None:
                on_created(gallery)

    def delete_gallery(self, gallery_id: str) -> None:
        gallery = self.galleries.get(gallery_id)
        if gallery is None:
            return
        if self._gesture(lambda: self.edits.delete_gallery(gallery_id)) is None:
            return
        if self.gallery_id == gallery_id:
            self.open_gallery(None)
        self.galleries.remove(gallery_id)
        self.activity.emit(tr("Deleting gallery “{name}”").format(name=gallery.name))

    def rename_gallery_undoable(self, gallery_id: str, name: str) -> None:
        gallery = self.galleries.get(gallery_id)
        if gallery is None or not name.strip() or name == gallery.name:
            return
        self.undo_stack.push(RenameGalleryCommand(self, gallery_id, gallery.name, name.strip()))

    def move_gallery(self, gallery_id: str, dest_row: int) -> None:
        for update in plan_move(self.galleries.order(), [gallery_id], dest_row):
            fields = {"sortOrder": update.sort_order}
            self._gesture(partial(self.edits.update_gallery, update.key, fields))
        self.reload_galleries()

    # ------------------------------------------------------------ items

    def open_gallery(self, gallery_id: str | None, *, force: bool = False) -> None:
        """Show a gallery: at once from the catalog (on the local thread, never behind a
        slow request), then brought up to date from the site in the background."""
        if (gallery_id == self.gallery_id and not force) or self._closed:
            return
        self._opens += 1  # before the grid lets go of what waited on the gallery shown before
        opened = self._opens
        for worker in (self.local, self.reader):
            worker.cancel_reads(ITEMS_GROUP)
        known = self.galleries.get(gallery_id) if gallery_id is not None else None
        expected = known.total_items if known is not None and known.total_items else 0
        self.items.load(gallery_id, min(expected, MAX_PLACES_KEPT))
        self._set_load_state(LoadState.NONE if gallery_id is None else LoadState.LOADING)
        self.gallery_opened.emit(gallery_id or "")
        if gallery_id is None:
            return
        seen = self._shown_changes

        def page_arrived(page: object) -> None:
            if self.gallery_id == gallery_id and isinstance(page, list):
                # Read before an undo, a discard or a finished upload changed what is shown
                # (the soak saw an undone move shown again): what shows already is newer.
                self._add_shown(page, keep_shown=self._shown_changes != seen)
                gc_tuning.settle()  # keep collections from walking the whole gallery

        screen_awaited = False

        def listed_page_arrived(page: object) -> Hold | None:
            """A page of the listing the user waits for. The first one fills the screen; the
            next is asked for once the screen shows its thumbnails (or a second has passed:
            the worker waits no longer). Listing on meanwhile, the sandbox and the parsing of
            the pages took most of the window's share of a busy machine's processors, and
            the window stalled (bench/bench_gui.py, README: Scale)."""
            nonlocal screen_awaited
            page_arrived(page)
            if screen_awaited or self.gallery_id != gallery_id:
                return None
            screen_awaited = True
            return self.screen_shown

        def loaded() -> None:
            self.items.finish_loading()
            self._set_load_state(LoadState.LOADED)
            self.galleries.set_item_count(gallery_id, self.items.gallery_count())
            self.items_loaded.emit(gallery_id)

        def refreshed(_refreshed: object) -> None:
            if self.gallery_id != gallery_id:
                return
            self.reconcile(gallery_id)  # which counts the gallery for the sidebar when done
            if self._load_state is not LoadState.LOADED:
                loaded()

        def failed(_error: BaseException) -> None:
            if self.gallery_id == gallery_id and self._load_state is not LoadState.LOADED:
                self.items.finish_loading()
                self._set_load_state(LoadState.FAILED)

        def from_catalog(known: Known) -> None:
            if self.gallery_id != gallery_id:
                return
            if self._shown_changes != seen:
                self.reconcile(gallery_id)  # what the pages' read saw may be gone since
            if known.shown:
                loaded()  # usable now; the listing below only brings it up to date
            fresh = known.listed_at is not None and time.time() - known.listed_at < FRESH_S
            if fresh and not force:
                return  # listed moments ago: reopening costs no request (F5 lists it again)
            label = tr("Checking the gallery for changes") if known.shown else tr("Loading items")

            def list_items() -> None:
                self._read(
                    refresh_items_job(self.threads, gallery_id, shown=known.shown),
                    refreshed,
                    tr("Couldn't load the gallery's items: {reason}"),
                    retry=lambda: self.open_gallery(gallery_id, force=True),
                    on_failed=failed,
                    on_progress=None if known.shown else listed_page_arrived,
                    group=ITEMS_GROUP,
                    label=label,
                    paced=not known.shown,  # the next page once the window has shown this one
                )

            if known.shown:  # brought up to date in the background, after what is on screen
                self._after_screen_shown(opened, list_items)
            else:
                list_items()

        self.local.submit(
            catalog_items_job(self.threads, gallery_id),
            on_done=from_catalog,
            on_error=failed,
            on_progress=page_arrived,
            kind=JobKind.READ,
            group=ITEMS_GROUP,
            label=tr("Opening the gallery"),
            paced=True,
        )

    def _after_screen_shown(self, opened: int, fn: Callable[[], None]) -> None:
        """`fn()` once the grid shows the thumbnails of what is on screen, or after
        BACKGROUND_LISTING_WAIT_S (slow thumbnails must not hold the site's news back), if
        the gallery open then is still the one opened `opened`-th. The background listing of
        a gallery shown from the catalog ran at once, and on a busy machine took the window's
        share of the processors while the first screen's thumbnails came."""
        if self.screen_shown is None:
            fn()
            return
        waiting = True
        self._deferred += 1

        def run() -> None:
            nonlocal waiting
            if not waiting:
                return  # the other of the two ran it
            waiting = False
            if self._opens == opened and not self._closed:
                fn()  # queued (busy) before the wait stops counting, so busy() stays up
            self._deferred -= 1
            self.busy_changed.emit(self.busy())

        QTimer.singleShot(round(BACKGROUND_LISTING_WAIT_S * 1000), self, run)
        self.screen_shown(run)

    def _add_shown(self, page: list[Any], *, keep_shown: bool = False) -> None:
        """A page of the gallery being opened. `keep_shown`: the page was read before
        something changed what the grid shows, so its items already shown are left as they
        are (they were put there since, from what is newer)."""
        items = [row for row in page if isinstance(row, CompactItem)]  # made by the worker
        if keep_shown:
            items = [row for row in items if self.items.row_of(str(row.id)) < 0]
        self.items.add_page(items)
        self._pages_shown += 1
        for upload in (row for row in page if isinstance(row, PendingUpload)):
            self.outcomes.show_pending_upload(upload)

    def reconcile(self, gallery_id: str) -> None:
        """Make the grid what the catalog and outbox say now (after a listing, a discard, a
        failure): new and changed items in, items gone out. The gallery is read on the local
        thread; only the comparison runs here."""
        if self.gallery_id != gallery_id or self._closed:
            return
        seen, pages = self._shown_changes, self._pages_shown

        def current() -> bool:
            """Still the gallery shown, and nothing changed what it shows since it was read
            (a gesture, an undo, a finished upload, a listing's page): that shows already and
            must not be painted over with what the read saw (the gallery is read again
            instead). A page shown since the read was taken would otherwise be removed."""
            if self.gallery_id != gallery_id or self._closed:
                return False
            if self._shown_changes != seen or self._pages_shown != pages:
                self.reconcile(gallery_id)
                return False
            return True

        def steps(now: ShownNow) -> Iterator[None]:
            """The comparison and its changes, a bounded batch per event-loop turn (the window
            paints between them): compared at once, 10,000 items held the window 10-15 ms."""
            shown = self.items.ids_unordered()
            gone: list[str] = []
            for start in range(0, len(shown), COMPARE_BATCH):
                gone += [i for i in shown[start : start + COMPARE_BATCH] if i not in now.items]
                yield
            if gone:
                self.items.remove_ids(gone)
                yield
            entries = list(now.items.values())
            changed: list[CompactItem] = []
            for start in range(0, len(entries), COMPARE_BATCH):
                changed += self.items.not_shown_exactly(entries[start : start + COMPARE_BATCH])
                yield
            for start in range(0, len(changed), RECONCILE_BATCH):
                self.items.update_items(changed[start : start + RECONCILE_BATCH])
                yield
            for upload in now.uploads:
                self.outcomes.show_pending_upload(upload)

        def advance(work: Iterator[None]) -> None:
            if current():
                if next(work, _DONE) is not _DONE:
                    QTimer.singleShot(0, self, lambda: advance(work))
                    return
                # The sidebar counts the open gallery from the grid, and was set before
                # these rows came (e.g. as the listing ended, which rereads the gallery).
                self.galleries.set_item_count(gallery_id, self.items.gallery_count())
            self._reconciling -= 1  # done, or outdated (and read again: a job counts then)
            self.busy_changed.emit(self.busy())

        def apply(now: ShownNow) -> None:
            self._reconciling += 1
            advance(steps(now))

        self.local.submit(
            shown_now_job(self.threads, gallery_id),
            on_done=apply,
            kind=JobKind.READ,
            label=tr("Showing the gallery as it is now"),
            paced=True,  # read a page at a time while the window is idle
        )

    def _set_load_state(self, state: LoadState) -> None:
        if state is not self._load_state:
            self._load_state = state
            self.load_state_changed.emit()

    def edit_item(self, item_id: str, fields: Fields, text: str | None = None) -> None:
        self.bulk_edit([(item_id, fields)], text or tr("Edit item"))

    def bulk_edit(self, changes: list[tuple[str, Fields]], text: str) -> None:
        resolved = [(self.item(i), f) for i, f in changes]
        pairs = [(item, fields) for item, fields in resolved if item is not None]
        if pairs and self.gallery_id is not None:
            self.undo_stack.push(EditItemsCommand(self, self.gallery_id, pairs, text))

    def move_items(self, item_ids: list[str], dest_row: int) -> None:
        """Move items as a block before the grid's row `dest_row` (upload tiles count; the
        row count means the end, after every tile)."""
        gallery_id = self.gallery_id
        if gallery_id is None or not item_ids:
            return
        if self.items.end_not_known(dest_row):
            # Last while items are still on their way: after the gallery's real end (as a
            # photo added there), not after the items arrived so far; planned over those
            # rows, Move to Bottom raised for a row beyond them.
            ids = sorted(self.items.sort_orders(item_ids), key=self.items.row_of)
            orders = self.edits.append_orders(gallery_id, len(ids))
            updates = [SortUpdate(i, o) for i, o in zip(ids, orders, strict=True)]
            planned_around: dict[str, float] = {}
        else:
            _, updates, planned_around = self.items.plan_move_to_row(item_ids, dest_row)
        if not updates:
            return  # already there
        count = len(item_ids)
        text = tr("Move item") if count == 1 else tr("Move %Ln item(s)", "", count)
        self.undo_stack.push(
            MoveItemsCommand(self, gallery_id, item_ids, updates, text, planned_around)
        )

    def delete_items(self, item_ids: list[str]) -> None:
        items = [i for i in (self.item(x) for x in item_ids) if i is not None]
        if not items or self.gallery_id is None:
            return
        text = tr("Delete %Ln item(s)", "", len(items))
        self.undo_stack.push(DeleteItemsCommand(self, self.gallery_id, items, text))

    def add_item(self, item: Item, dest_row: int = -1) -> None:
        """A video or text item from a dialog, created at a position (default: the end)."""
        gallery_id = self.gallery_id
        if gallery_id is None:
            return
        orders, planned_around = self.make_room(gallery_id, 1, dest_row)
        order = orders[0] if orders is not None else None
        change = self._gesture(
            lambda: self.edits.add_item(gallery_id, item.to_json(), order, planned_around)
        )
        if change is not None:
            shown = self.edits.view.item_json(gallery_id, change.target)
            if shown is not None:
                self.items.upsert(Item.from_json(shown))
                self.galleries.set_item_count(gallery_id, self.items.gallery_count())

    def add_files(self, paths: list[Path], dest_row: int = -1) -> None:
        """Each file becomes an upload (an outbox row) at the drop position."""
        gallery_id = self.gallery_id
        if gallery_id is None or not paths:
            return
        orders, planned_around = self.make_room(gallery_id, len(paths), dest_row)
        photo_text = self.use_photo_text
        changes = self._gestures(
            lambda: self.edits.upload(
                gallery_id, paths, orders, photo_text=photo_text, planned_around=planned_around
            )
        )
        self.outcomes.uploads_added(changes, dest_row)

    def retry_upload(self, token: str) -> None:
        self.outcomes.retry_upload(token)

    def remove_upload(self, token: str) -> None:
        self.outcomes.remove_upload(token)

    def make_room(
        self, gallery_id: str, count: int, dest_row: int
    ) -> tuple[list[float] | None, dict[str, float]]:
        """sortOrders for `count` new items before grid row `dest_row` (-1: the end), and
        the upload tiles they were planned around (`RowPlan`); the few neighbours the
        ordering rule renumbers to make room are moved first. None for the end while items
        are still on their way: the outbox then appends after the last sortOrder the catalog
        knows (all of them when it was listed before), and after now (a sortOrder is the
        creation time where the site picks it)."""
        if self.items.end_not_known(dest_row):
            return None, {}
        orders, neighbours, planned_around = self.items.plan_insert_at_row(count, dest_row)
        if neighbours:
            moves = {u.key: u.sort_order for u in neighbours}
            self._gestures(lambda: self.edits.move_items(gallery_id, moves, planned_around))
            for item_id, order in moves.items():
                self._show_fields(gallery_id, item_id, {"sortOrder": order})
        return orders, planned_around

    def item(self, item_id: str) -> Item | None:
        row = self.items.row_of(self.current_id(item_id))
        return self.items.item_at(row) if row >= 0 else None

    def editable_item(self, item_id: str) -> Item | None:
        """The item, if an edit of it can be made now: shown, and still in the site's copy.
        A listing that found it deleted takes it from the catalog before the grid's row goes,
        and the panel commits typing as that row leaves."""
        item, gallery_id = self.item(item_id), self.gallery_id
        if item is None or gallery_id is None:
            return None
        return item if self.edits.view.item_json(gallery_id, str(item.id)) is not None else None

    # ------------------------------------------------------------ decisions on changes

    def retry_change(self, seq: int) -> None:
        changed = self._gestures(lambda: self.edits.retry(seq))
        self.send_now(wake=True)  # the user asked: not after the outage's wait
        self.reload_shown(changed)

    def discard_change(self, seq: int) -> None:
        """Forget a change not sent yet: the window shows the site's copy again."""
        discarded = self.edits.outbox.get(seq)
        uploads = self._uploads_in_outbox()
        try:
            self.edits.discard(seq)
        except (EditError, UndoError) as error:
            self.problem.emit(Problem(str(error)))
            return
        self._let_go_of_uploads(uploads)
        self.reload_shown([discarded] if discarded is not None else None)
        self.outbox_changed.emit()

    def resolve(self, seq: int, keep: Keep) -> None:
        resolved = self.edits.outbox.get(seq)
        self.edits.resolve(seq, keep)
        self.reload_shown([resolved] if resolved is not None else None)
        self.send_now()
        self.outbox_changed.emit()

    def resolve_all(self, keep: Keep) -> None:
        self.edits.resolve_all(keep)
        self.reload_shown()
        self.send_now()
        self.outbox_changed.emit()

    def set_review_before_sending(self, review: bool) -> None:
        """Hold every new change until the user presses Send (a dry run for the live site)."""
        self.edits.outbox.set_holding_new(review)
        self.outbox_changed.emit()

    def send_held(self) -> None:
        """Send what "review before sending" held back."""
        self.edits.outbox.release()
        self.send_now(wake=True)
        self.outbox_changed.emit()

    def reload_shown(self, changes: list[Change] | None = None) -> None:
        """The outbox changed under what is shown: the galleries, and the open gallery's
        items these `changes` touch, at once (a gesture's result shows before the next
        paint); without `changes` (or for uploads) the whole gallery, read off the GUI
        thread."""
        # Like a gesture: a read taken before (a reconcile on its way) must not paint the
        # undone, discarded or failed change back over this.
        self.outdate_reads()
        self.reload_galleries()
        gallery_id = self.gallery_id
        if gallery_id is None:
            return
        item_ids = self._item_targets(gallery_id, changes) if changes is not None else None
        if item_ids is None:
            self.reconcile(gallery_id)
            return
        view = self.edits.view
        # Listed items not shown yet: their pages are still on their way (places are kept).
        not_shown = [i for i in item_ids if self.items.row_of(i) < 0]
        listed = (
            {row.id for row in view.catalog.item_rows_by_id(gallery_id, not_shown)}
            if not_shown and self.items.loading_rows()
            else set()
        )
        for item_id in item_ids:
            data = view.item_json(gallery_id, item_id)
            if data is None:
                self.items.remove_ids([item_id])
            else:
                shown, item = self.item(item_id), Item.from_json(data)
                if shown is None or shown.to_json() != item.to_json():
                    self.items.upsert(item, arriving=item_id in listed)
        self.galleries.set_item_count(gallery_id, self.items.gallery_count())

    def _item_targets(self, gallery_id: str, changes: list[Change]) -> list[str] | None:
        """The items of the open gallery these changes are about (None: reread it all)."""
        ids: list[str] = []
        for change in changes:
            if change.kind is Kind.UPLOAD or change.kind.on_gallery:
                return None
            if self.current_id(change.gallery_id) == gallery_id:
                ids += [self.current_id(t) for t in change.target_ids]
        return list(dict.fromkeys(ids))

    # ------------------------------------------------------------ UndoTarget (for commands)

    def current_id(self, item_id: str) -> str:
        return self.edits.outbox.current_id(item_id)

    def gallery_exists(self, gallery_id: str) -> bool:
        return self.galleries.row_of(self.current_id(gallery_id)) >= 0

    def gallery_name(self, gallery_id: str) -> str:
        gallery = self.galleries.get(self.current_id(gallery_id))
        if gallery is None or not gallery.name:
            return tr("the gallery")
        return tr("“{text}”").format(text=gallery.name)

    def reveal(self, gallery_id: str, item_ids: list[str]) -> None:
        self.reveal_requested.emit(self.current_id(gallery_id), item_ids)

    def say(self, text: str) -> None:
        self.activity.emit(text)

    def drop_command(self, command: QUndoCommand) -> None:
        """Take a command whose target is gone out of the undo history. Qt deletes an
        obsolete command when undo or redo reaches it without running it; if it is the next
        step either way, that happens now, so the menu never offers it again."""
        command.setObsolete(True)
        stack = self.undo_stack
        index = stack.index()
        if index > 0 and stack.command(index - 1) is command:
            stack.undo()
        elif index < stack.count() and stack.command(index) is command:
            stack.redo()

    def edit_items(
        self,
        gallery_id: str,
        edits: Mapping[str, Fields],
        label: str,
        planned_around: Mapping[str, float] | None = None,
    ) -> str | None:
        """Write the edits to the outbox and show them; the gesture's group (for undo)."""
        changes = self._gestures(lambda: self.edits.edit_items(gallery_id, edits, planned_around))
        # A move shows where it was placed (after the uploads waiting where it was dropped).
        placed = {c.target: c.fields["sortOrder"] for c in changes if "sortOrder" in c.fields}
        for item_id, fields in edits.items():
            current = self.current_id(item_id)
            shown = {**fields, "sortOrder": placed[current]} if current in placed else fields
            self._show_fields(gallery_id, current, shown)
            self.item_saved.emit(current, "saving", "")
        return changes[0].group if changes else None

    def remove_items(self, gallery_id: str, item_ids: list[str]) -> str | None:
        change = self._gesture(lambda: self.edits.delete_items(gallery_id, item_ids))
        if change is None:
            return None
        if self.gallery_id == gallery_id:
            self.items.remove_ids([self.current_id(i) for i in item_ids])
            self.galleries.set_item_count(gallery_id, self.items.gallery_count())
        self.activity.emit(tr("Deleting %Ln item(s)", "", len(item_ids)))
        return change.group

    def rename_gallery(self, gallery_id: str, name: str | None) -> str | None:
        change = self._gesture(lambda: self.edits.update_gallery(gallery_id, {"name": name}))
        self.reload_galleries()
        return change.group if change is not None else None

    def undo_group(self, group: str) -> bool:
        """Undo a gesture: what was not sent is dropped, what was gets its inverse. False
        (with a sentence) when that cannot be done."""
        before = self.edits.outbox.group(group)
        try:
            undone = self.edits.undo(group)
        except (UndoError, EditError) as error:
            self.say(str(error))
            return False
        self.outcomes.track_undo(group, undone.added)
        self.reload_shown([*before, *undone.added])
        self._changed(list(undone.added))
        self.outbox_changed.emit()
        return True

    def track_command(self, group: str, command: SiteCommand) -> None:
        self.outcomes.track_command(group, command)

    # ------------------------------------------------------------ plumbing

    def _show_fields(self, gallery_id: str, item_id: str, fields: Fields) -> None:
        if self.gallery_id != gallery_id:
            return
        shown = self.item(item_id)
        if shown is not None:
            self.items.upsert(apply_fields(shown, fields))

    def _uploads_in_outbox(self) -> set[str]:
        return {c.target for c in self.edits.outbox.changes() if c.kind is Kind.UPLOAD}

    def _let_go_of_uploads(self, before: set[str]) -> None:
        """Uploads that left the outbox unsent (discarded, or with their gallery's creation):
        their tiles go, and so does the upload URL a PUT may have kept in the keyring, off
        the GUI thread (a keyring call can wait on D-Bus)."""
        gone = before - self._uploads_in_outbox()
        for token in gone:
            self.items.remove_upload(token)
        if gone:
            self.local.submit(
                lambda _client, _progress: self.threads.forget_upload_urls(gone),
                kind=JobKind.WRITE,
                label="forget upload addresses",
            )

    def _gesture(self, write: Callable[[], Change | None]) -> Change | None:
        try:
            change = write()
        except (EditError, UndoError) as error:
            self.problem.emit(Problem(str(error)))
            return None
        if change is not None:
            self._changed([change])
        return change

    def _gestures(self, write: Callable[[], list[Change]]) -> list[Change]:
        try:
            changes = write()
        except (EditError, UndoError) as error:
            self.problem.emit(Problem(str(error)))
            return []
        return self._changed(changes)

    def _read(
        self, fn: Job, on_done: Callable[[Any], None] | None, failure: str, **kw: Any
    ) -> None:
        """Run `fn` on the reader thread; a failure is said as `failure`, a translated
        sentence with the {reason} to fill."""
        if self._closed:
            return
        retry = kw.pop("retry", None)
        on_failed = kw.pop("on_failed", None)

        def error(exc: BaseException) -> None:
            if on_failed is not None:
                on_failed(exc)
            self.problem.emit(Problem(failure.format(reason=sentence(exc)), retry))

        self.reader.submit(fn, on_done=on_done, on_error=error, kind=JobKind.READ, **kw)


__all__ = ["LoadState", "SiteSession", "State", "UploadRow"]
