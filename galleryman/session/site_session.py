"""One open site: its galleries, the open gallery's items, the undo stack, and the workers
that carry every API call. The main window shows a session; it never calls HTTP itself.

Data flow: a user action becomes a command (undo/commands.py) or a direct job; jobs run on
an ApiWorker's thread; their results come back on the GUI thread and update the models.

Three workers, so nothing the user does waits behind something it does not need:
- `reader`: listings (galleries, a gallery's pages); switching gallery drops queued reads.
- `writer`: every change, strictly in the order the user made them.
- `uploader`: photos going up (each creates its own item, so it needs no ordering).
A listing may therefore run while changes are on their way: what it brings is shown with
those changes applied (`core.pending.PendingEdits`), never the older server copy.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from galleryman import gc_tuning
from galleryman.core.bulk_edit import apply_fields
from galleryman.core.ordering import plan_insert, plan_move
from galleryman.core.pending import PendingEdits
from galleryman.core.wording import count_of
from galleryman.models.gallery_list import GalleryListModel
from galleryman.models.item_grid import ItemGridModel
from galleryman.session.problems import Problem, can_retry, is_gone, sentence
from galleryman.session.uploads import Uploads
from galleryman.session.waiting import SlowWorkWatch
from galleryman.sites import SiteProfile
from galleryman.undo.commands import (
    DeleteItemsCommand,
    EditItemsCommand,
    Gone,
    MoveItemsCommand,
    RenameGalleryCommand,
)
from galleryman.wix.client import WixClient
from galleryman.wix.errors import PartialDeleteError
from galleryman.wix.models import Gallery, Item
from galleryman.workers.api_worker import ApiWorker, JobKind

log = logging.getLogger(__name__)

ITEMS_GROUP = "items"
MAX_PLACES_KEPT = 100_000  # places shown for a gallery's items before its pages arrive
Fields = dict[str, Any]
Job = Callable[[WixClient, Callable[[object], None]], Any]


class LoadState(enum.Enum):
    NONE = "none"  # no gallery open
    LOADING = "loading"  # pages on their way: the grid may be empty without being empty
    LOADED = "loaded"  # the server has said what the gallery holds
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

    def __init__(
        self,
        profile: SiteProfile,
        client_factory: Callable[[], WixClient],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.galleries = GalleryListModel(self)
        self.items = ItemGridModel(self)
        self.undo_stack = QUndoStack(self)
        self._client_factory = client_factory
        self._clients: list[WixClient] = []  # one per worker, made on its thread
        self.reader = ApiWorker(self._make_client, self)
        self.writer = ApiWorker(self._make_client, self)
        self.uploader = ApiWorker(self._make_client, self)
        for worker in self.workers():
            worker.busy_changed.connect(lambda _count: self.busy_changed.emit(self.busy()))
        self._aliases: dict[str, str] = {}
        self.pending = PendingEdits()
        # Gallery changes on their way (name, sortOrder), and galleries being deleted, so a
        # gallery listing that ran alongside shows them as the user made them.
        self._gallery_edits: dict[str, list[tuple[object, Fields]]] = {}
        self._server_galleries: dict[str, Gallery] = {}  # the site's copy while edits are out
        self._galleries_deleting: set[str] = set()
        # sortOrders of deleted items being re-created (undo), per gallery: a listing that
        # brings one before its create has answered must not show it twice.
        self._recreating: dict[str, set[float]] = {}
        self._load_state = LoadState.NONE
        self.uploads = Uploads(self)
        self.watch = SlowWorkWatch(self.workers(), self)
        self.watch.waiting_changed.connect(self.waiting_changed)
        self.galleries.rename_requested.connect(self.rename_gallery_undoable)
        self.galleries.move_requested.connect(self.move_gallery)
        # Drops speak in model rows, which count upload placeholders; moves need item positions.
        self.items.move_requested.connect(
            lambda ids, row: self.move_items(ids, self.items.item_position(row))
        )
        for worker in self.workers():
            worker.start()

    def _make_client(self) -> WixClient:
        """A worker's client (called on the worker's thread): its waits (the rate limit,
        Wix's Retry-After, a retry's pause) are said in the status bar."""
        client = self._client_factory()
        client.set_observer(self.watch.note_wait_from_any_thread)
        self._clients.append(client)
        return client

    def eta_seconds(self, requests: int) -> float:
        """About how long `requests` more API requests take (the site's rate limit and the
        time a request has taken lately); 0 before any client has run."""
        clients = list(self._clients)
        return max((c.eta_seconds(requests) for c in clients), default=0.0)

    def workers(self) -> tuple[ApiWorker, ApiWorker, ApiWorker]:
        return (self.reader, self.writer, self.uploader)

    @property
    def gallery_id(self) -> str | None:
        return self.items.gallery_id

    @property
    def load_state(self) -> LoadState:
        """Whether the open gallery's items are all in (see `LoadState`)."""
        return self._load_state

    @property
    def loaded_gallery_id(self) -> str | None:
        """The open gallery once every page has arrived (None while a listing is under way)."""
        return self.gallery_id if self._load_state is LoadState.LOADED else None

    def busy(self) -> int:
        """API jobs (uploads included) queued or running whose answers are not in yet."""
        return sum(worker.busy() for worker in self.workers())

    def pending_writes(self) -> int:
        """Changes (edits, uploads...) not yet done on the server."""
        return self.writer.pending_writes() + self.uploader.pending_writes()

    def close(self, timeout_s: float = 15.0) -> bool:
        """Finish queued writes (no change is lost), drop reads, stop the threads."""
        self.watch.stop()
        self.reader.shutdown(0.5)
        uploads_done = self.uploader.shutdown(timeout_s)
        rest_done = self.writer.shutdown(timeout_s if uploads_done else 0.5)
        return uploads_done and rest_done

    # ------------------------------------------------------------ galleries

    def refresh(self) -> None:
        keep = self.gallery_id

        def done(galleries: list[Gallery]) -> None:
            shown = [
                self._with_gallery_edits(g)
                for g in galleries
                if str(g.id) not in self._galleries_deleting
            ]
            self.galleries.set_galleries(shown)
            still_there = bool(keep) and self.galleries.row_of(str(keep)) >= 0
            if keep and not still_there:
                self.open_gallery(None)  # deleted elsewhere: closed before a new one is picked
            self.galleries_loaded.emit()
            if still_there:
                self.open_gallery(keep, force=True)

        self._read(
            lambda c, _p: c.list_galleries(),
            done,
            "Couldn't load the galleries",
            retry=self.refresh,
            on_failed=lambda e: self.galleries_failed.emit(sentence(e)),
            label="Loading galleries",
        )

    def create_gallery(
        self, name: str, on_created: Callable[[Gallery], None] | None = None
    ) -> None:
        order = self._next_gallery_order()

        def done(gallery: Gallery) -> None:
            self.galleries.upsert(gallery)
            self.activity.emit(f"Created gallery “{gallery.name}”")
            if on_created:
                on_created(gallery)

        self._write(
            lambda c, _p: c.create_gallery(name, sort_order=order),
            done,
            f"Couldn't create the gallery “{name}”",
            retry=lambda: self.create_gallery(name, on_created),
            label="Creating gallery",
        )

    def clone_gallery(
        self, source_id: str, name: str, on_created: Callable[[Gallery], None] | None = None
    ) -> None:
        order = self._next_gallery_order()

        def done(gallery: Gallery) -> None:
            self.galleries.upsert(gallery)
            self.activity.emit(f"Cloned into “{gallery.name}”")
            if on_created:
                on_created(gallery)

        self._write(
            lambda c, _p: c.clone_gallery(source_id, name, sort_order=order),
            done,
            f"Couldn't clone the gallery into “{name}”",
            retry=lambda: self.clone_gallery(source_id, name, on_created),
            label="Cloning gallery",
        )

    def _next_gallery_order(self) -> float:
        """A new gallery lands last: the sidebar knows every sortOrder, so the client need
        not list the galleries again to find the largest."""
        orders, _ = plan_insert(self.galleries.order(), 1, self.galleries.rowCount())
        return orders[0]

    def delete_gallery(self, gallery_id: str) -> None:
        gallery = self.galleries.get(gallery_id)
        if gallery is None:
            return
        self.galleries.remove(gallery_id)
        self._galleries_deleting.add(gallery_id)
        if self.gallery_id == gallery_id:
            self.open_gallery(None)

        def done(_result: object) -> None:
            self._galleries_deleting.discard(gallery_id)
            self.activity.emit(f"Deleted gallery “{gallery.name}”")

        def failed(error: BaseException) -> None:
            self._galleries_deleting.discard(gallery_id)
            if not is_gone(error):
                self.galleries.upsert(gallery)  # still on the site: show it again

        self._write(
            lambda c, _p: c.delete_gallery(gallery_id),
            done,
            f"Couldn't delete the gallery “{gallery.name}”",
            retry=lambda: self._redelete_gallery(gallery),
            on_failed=failed,
            label="Deleting gallery",
        )

    def _redelete_gallery(self, gallery: Gallery) -> None:
        self.galleries.upsert(gallery)
        self.delete_gallery(str(gallery.id))

    def rename_gallery_undoable(self, gallery_id: str, name: str) -> None:
        gallery = self.galleries.get(gallery_id)
        if gallery is None or not name.strip() or name == gallery.name:
            return
        self.undo_stack.push(RenameGalleryCommand(self, gallery_id, gallery.name, name.strip()))

    def move_gallery(self, gallery_id: str, dest_row: int) -> None:
        for update in plan_move(self.galleries.order(), [gallery_id], dest_row):
            self._patch_gallery(
                update.key, {"sortOrder": update.sort_order}, "Couldn't save the gallery order"
            )

    def _patch_gallery(
        self, gallery_id: str, fields: Fields, failure: str, on_gone: Gone | None = None
    ) -> None:
        """Show `fields` on the gallery now and send them; a failure shows the site's again."""
        gallery = self.galleries.get(gallery_id)
        token = object()
        self._gallery_edits.setdefault(gallery_id, []).append((token, fields))
        if gallery is not None:
            self.galleries.upsert(_gallery_with(gallery, fields))

        def settle(answer: Gallery | None) -> None:
            edits = [e for e in self._gallery_edits.get(gallery_id, []) if e[0] is not token]
            if edits:
                self._gallery_edits[gallery_id] = edits
            else:
                self._gallery_edits.pop(gallery_id, None)
            current = answer or self._server_galleries.get(gallery_id)
            if current is not None and self.galleries.row_of(gallery_id) >= 0:
                self.galleries.upsert(self._with_gallery_edits(current))

        def failed(error: BaseException) -> None:
            settle(None)
            if is_gone(error) and on_gone is not None:
                on_gone(sentence(error))

        if gallery is not None:
            self._server_galleries.setdefault(gallery_id, gallery.copy())
        self._write(
            lambda c, _p: c.update_gallery(gallery_id, fields),
            lambda answer: self._gallery_answered(gallery_id, answer, settle),
            failure,
            retry=lambda: self._patch_gallery(gallery_id, fields, failure, on_gone),
            on_failed=failed,
            label="Saving gallery",
            quiet_gone=on_gone is not None,
        )

    def _gallery_answered(
        self, gallery_id: str, answer: Gallery, settle: Callable[[Gallery | None], None]
    ) -> None:
        if answer.total_items is None:
            known = self.galleries.get(gallery_id)
            answer.total_items = known.total_items if known is not None else None
        self._server_galleries[gallery_id] = answer.copy()
        settle(answer)
        if gallery_id not in self._gallery_edits:
            self._server_galleries.pop(gallery_id, None)

    def _with_gallery_edits(self, gallery: Gallery) -> Gallery:
        shown = gallery
        for _token, fields in self._gallery_edits.get(str(gallery.id), []):
            shown = _gallery_with(shown, fields)
        return shown

    # ------------------------------------------------------------ items

    def open_gallery(self, gallery_id: str | None, *, force: bool = False) -> None:
        if gallery_id == self.gallery_id and not force:
            return
        self.reader.cancel_reads(ITEMS_GROUP)
        known = self.galleries.get(gallery_id) if gallery_id is not None else None
        expected = known.total_items if known is not None and known.total_items else 0
        self.items.load(gallery_id, min(expected, MAX_PLACES_KEPT))
        self._set_load_state(LoadState.NONE if gallery_id is None else LoadState.LOADING)
        self.gallery_opened.emit(gallery_id or "")
        if gallery_id is None:
            return

        def pages(client: WixClient, progress: Callable[[object], None]) -> int:
            # The first page is on screen; the rest is background work, which leaves part of
            # the rate budget to the user's changes (a 100,000-item listing takes minutes).
            walk = client.iter_item_pages(gallery_id)
            first = next(walk, [])
            progress(first)
            count = len(first)
            with client.low_priority():
                for page in walk:
                    count += len(page)
                    progress(page)
            return count

        def page_arrived(page: object) -> None:
            if self.gallery_id == gallery_id and isinstance(page, list):
                self.items.add_page(self._as_shown(gallery_id, page))
                gc_tuning.settle()  # keep collections from walking the whole gallery

        def done(_count: int) -> None:
            if self.gallery_id == gallery_id:
                self.items.finish_loading()
                self._set_load_state(LoadState.LOADED)
                self.galleries.set_item_count(gallery_id, self.items.item_count())
                self.items_loaded.emit(gallery_id)

        def failed(_error: BaseException) -> None:
            if self.gallery_id == gallery_id:
                self.items.finish_loading()
                self._set_load_state(LoadState.FAILED)

        self._read(
            pages,
            done,
            "Couldn't load the gallery's items",
            retry=lambda: self.open_gallery(gallery_id, force=True),
            on_failed=failed,
            on_progress=page_arrived,
            group=ITEMS_GROUP,
            label="Loading items",
            paced=True,  # the next page is fetched once the window has shown this one
        )

    def _set_load_state(self, state: LoadState) -> None:
        if state is not self._load_state:
            self._load_state = state
            self.load_state_changed.emit()

    def _as_shown(self, gallery_id: str, page: list[Item]) -> list[Item]:
        """A page from the server as the user should see it: with the changes on their way."""
        recreating = self._recreating.get(gallery_id, set())
        return [
            self.pending.overlay(item)
            for item in page
            if not self.pending.is_deleted(str(item.id)) and item.sort_order not in recreating
        ]

    def edit_item(self, item_id: str, fields: Fields, text: str = "Edit item") -> None:
        self.bulk_edit([(item_id, fields)], text)

    def bulk_edit(self, changes: list[tuple[str, Fields]], text: str) -> None:
        resolved = [(self.item(i), f) for i, f in changes]
        pairs = [(item, fields) for item, fields in resolved if item is not None]
        if pairs and self.gallery_id is not None:
            self.undo_stack.push(EditItemsCommand(self, self.gallery_id, pairs, text))

    def move_items(self, item_ids: list[str], dest_position: int) -> None:
        """Move items as a block before the item now at `dest_position` (an index into
        `items.items()`; its length means the end)."""
        if self.gallery_id is None or not item_ids:
            return
        order = self.items.order()
        updates = plan_move(order, item_ids, dest_position)
        if not updates:
            return  # already there
        noun = "item" if len(item_ids) == 1 else f"{len(item_ids)} items"
        before = dict(order)
        self.undo_stack.push(
            MoveItemsCommand(self, self.gallery_id, item_ids, updates, before, f"Move {noun}")
        )

    def delete_items(self, item_ids: list[str]) -> None:
        items = [i for i in (self.item(x) for x in item_ids) if i is not None]
        if not items or self.gallery_id is None:
            return
        noun = count_of(len(items), "item")
        self.undo_stack.push(DeleteItemsCommand(self, self.gallery_id, items, f"Delete {noun}"))

    def add_item(self, item: Item, dest_row: int = -1) -> None:
        """A video or text item from a dialog, created at a position (default: the end)."""
        gallery_id = self.gallery_id
        if gallery_id is None:
            return
        orders = self.make_room(gallery_id, 1, self.items.item_position(dest_row))
        item = item.copy()
        item.sort_order = orders[0]
        self._write(
            lambda c, _p: c.create_item(gallery_id, item),
            lambda created: self.item_created(gallery_id, created),
            f"Couldn't add “{item.title or 'the item'}”",
            retry=lambda: self.add_item(item, dest_row),
            label="Adding item",
        )

    def add_files(self, paths: list[Path], dest_row: int = -1) -> None:
        """Check, upload and create each file as an item at the drop position."""
        self.uploads.add_files(paths, dest_row)

    def retry_upload(self, token: str) -> None:
        self.uploads.retry(token)

    def remove_upload(self, token: str) -> None:
        self.uploads.remove(token)

    def make_room(self, gallery_id: str, count: int, position: int) -> list[float]:
        """sortOrders for `count` new items before item `position`; the few neighbours the
        ordering rule renumbers to make room are saved first."""
        orders, neighbours = plan_insert(self.items.order(), count, position)
        for update in neighbours:
            self.patch_item(gallery_id, update.key, {"sortOrder": update.sort_order}, "Make room")
        return orders

    def item_created(self, gallery_id: str, item: Item) -> None:
        """An item the site has just created (an upload, a video or text from a dialog)."""
        if self.gallery_id == gallery_id:
            self.items.upsert(item)
            self.galleries.set_item_count(gallery_id, self.items.item_count())
        else:
            # Not open: the sidebar's count is the gallery's total, one item more now.
            gallery = self.galleries.get(gallery_id)
            if gallery is not None and gallery.total_items is not None:
                self.galleries.set_item_count(gallery_id, gallery.total_items + 1)

    def item(self, item_id: str) -> Item | None:
        row = self.items.row_of(self.current_id(item_id))
        return self.items.item_at(row) if row >= 0 else None

    # ------------------------------------------------------------ UndoTarget (for commands)

    def current_id(self, item_id: str) -> str:
        while item_id in self._aliases:
            item_id = self._aliases[item_id]
        return item_id

    def gallery_exists(self, gallery_id: str) -> bool:
        return self.galleries.row_of(gallery_id) >= 0

    def gallery_name(self, gallery_id: str) -> str:
        gallery = self.galleries.get(gallery_id)
        return f"“{gallery.name}”" if gallery is not None and gallery.name else "the gallery"

    def reveal(self, gallery_id: str, item_ids: list[str]) -> None:
        self.reveal_requested.emit(gallery_id, item_ids)

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

    def patch_item(
        self,
        gallery_id: str,
        item_id: str,
        fields: Fields,
        label: str,
        on_gone: Gone | None = None,
    ) -> None:
        """Show `fields` in the model at once (so the next edit, and its undo, start from
        them) and send them. The server's answer then replaces the item; a failure puts back
        what the server has."""
        self.item_saved.emit(item_id, "saving", "")
        shown = self._shown_item(gallery_id, item_id)
        token = self.pending.add(item_id, fields, shown)
        if shown is not None:
            self.items.upsert(apply_fields(shown, fields))

        def settle(answer: Item | None) -> None:
            view = self.pending.settle(item_id, token, answer)
            # An item no longer shown was deleted (or its gallery is reloading, and the listing
            # brings it with this answer applied): an answer must not put it back.
            if view is not None and self._shown_item(gallery_id, item_id) is not None:
                self.items.upsert(view)

        def done(updated: Item) -> None:
            settle(updated)
            self.item_saved.emit(str(updated.id), "saved", "")

        def failed(error: BaseException) -> None:
            # Said first, so the item panel knows the change it is about to get is a failure.
            self.item_saved.emit(item_id, "failed", sentence(error))
            settle(None)
            if is_gone(error) and on_gone is not None:
                on_gone(sentence(error))

        self._write(
            lambda c, _p: c.update_item(gallery_id, item_id, fields),
            done,
            f"Couldn't save “{label}”",
            retry=lambda: self.patch_item(gallery_id, item_id, fields, label, on_gone),
            on_failed=failed,
            label=label,
            quiet_gone=on_gone is not None,
        )

    def _shown_item(self, gallery_id: str, item_id: str) -> Item | None:
        if self.gallery_id != gallery_id:
            return None
        row = self.items.row_of(item_id)
        return self.items.item_at(row) if row >= 0 else None

    def remove_items(self, gallery_id: str, item_ids: list[str], on_failed: Gone) -> None:
        """Delete items: gone from the grid at once, one bulk call to the site. If the site
        refuses, they come back and `on_failed` takes the step out of the undo history (an
        undo would otherwise create copies of items that were never deleted)."""
        removed: list[Item] = []
        if self.gallery_id == gallery_id:
            removed = self.items.remove_ids(item_ids)
            self.galleries.set_item_count(gallery_id, self.items.item_count())
        self.pending.start_delete(item_ids)

        def done(deleted: list[str]) -> None:
            self.pending.end_delete(item_ids, deleted=True)
            self.activity.emit(f"Deleted {count_of(len(deleted), 'item')}")

        def failed(error: BaseException) -> None:
            gone = error.deleted if isinstance(error, PartialDeleteError) else []
            self.pending.end_delete(gone, deleted=True)
            kept = [i for i in item_ids if i not in gone]
            self.pending.end_delete(kept, deleted=False)
            back = [item for item in removed if str(item.id) in kept]
            if self.gallery_id == gallery_id and back:
                self.items.insert_items(back)  # still on the site: shown again
                self.galleries.set_item_count(gallery_id, self.items.item_count())
            on_failed(
                f"Not all the items were deleted ({sentence(error)}); the step was removed "
                "from the undo history."
            )

        self._write(
            lambda c, _p: c.bulk_delete_items(gallery_id, item_ids),
            done,
            "Couldn't delete the items",
            retry=lambda: self.delete_items(item_ids),
            on_failed=failed,
            label="Deleting items",
        )

    def rename_gallery(self, gallery_id: str, name: str | None, on_gone: Gone) -> None:
        self._patch_gallery(
            gallery_id,
            {"name": name},
            f"Couldn't rename the gallery to “{name or 'no name'}”",
            on_gone,
        )

    def recreate_items(
        self,
        gallery_id: str,
        items: list[Item],
        on_created: Callable[[str, Item], None],
        on_gone: Gone,
    ) -> None:
        """Undo of a delete: the items again, with their media, fields and sortOrder. They
        show at once under their old ids and take the new ids as the site answers."""
        if self.gallery_id == gallery_id:
            self.items.insert_items([item.copy() for item in items])
            self.galleries.set_item_count(gallery_id, self.items.item_count())
        recreating = self._recreating.setdefault(gallery_id, set())
        for original in items:
            old_id = str(original.id)
            if original.sort_order is not None:
                recreating.add(original.sort_order)

            def done(created: Item, old_id: str = old_id, original: Item = original) -> None:
                self._recreating.get(gallery_id, set()).discard(original.sort_order or 0.0)
                self._aliases[old_id] = str(created.id)
                if self.gallery_id == gallery_id:
                    self.items.remove_ids([old_id])
                    self.items.upsert(created)
                    self.galleries.set_item_count(gallery_id, self.items.item_count())
                on_created(old_id, created)

            def failed(
                error: BaseException, old_id: str = old_id, original: Item = original
            ) -> None:
                self._recreating.get(gallery_id, set()).discard(original.sort_order or 0.0)
                if self.gallery_id == gallery_id:
                    self.items.remove_ids([old_id])  # it is not on the site
                    self.galleries.set_item_count(gallery_id, self.items.item_count())
                if is_gone(error):
                    on_gone(sentence(error))

            self._write(
                partial(_create_item, gallery_id, original),
                done,
                f"Couldn't restore “{original.title or 'an item'}”",
                retry=partial(self.recreate_items, gallery_id, [original], on_created, on_gone),
                on_failed=failed,
                label="Restoring items",
                quiet_gone=True,
            )

    # ------------------------------------------------------------ plumbing

    def _read(
        self, fn: Job, on_done: Callable[[Any], None] | None, failure: str, **kw: Any
    ) -> None:
        self._submit(self.reader, fn, on_done, failure, kind=JobKind.READ, **kw)

    def _write(
        self, fn: Job, on_done: Callable[[Any], None] | None, failure: str, **kw: Any
    ) -> None:
        self._submit(self.writer, fn, on_done, failure, kind=JobKind.WRITE, **kw)

    def _submit(
        self,
        worker: ApiWorker,
        fn: Job,
        on_done: Callable[[Any], None] | None,
        failure: str,
        *,
        kind: JobKind,
        retry: Callable[[], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[object], None] | None = None,
        group: str | None = None,
        label: str = "",
        paced: bool = False,
        quiet_gone: bool = False,
    ) -> None:
        """Queue a job; a failure is told to the user, with Retry only where it can work.
        `quiet_gone`: the caller says itself what a "not found" means (an undo step)."""

        def error(exc: BaseException) -> None:
            if on_failed is not None:
                on_failed(exc)
            if quiet_gone and is_gone(exc):
                return
            message = f"{failure}: {sentence(exc)}"
            self.problem.emit(Problem(message, retry if can_retry(exc) else None))

        worker.submit(
            fn,
            on_done=on_done,
            on_error=error,
            on_progress=on_progress,
            kind=kind,
            label=label,
            group=group,
            paced=paced,
        )


def _create_item(gallery_id: str, item: Item, client: WixClient, _progress: object) -> Item:
    return client.create_item(gallery_id, item)


def _gallery_with(gallery: Gallery, fields: Fields) -> Gallery:
    """The gallery as it will be once `fields` (name, sortOrder) are applied."""
    shown = gallery.copy()
    if "name" in fields:
        shown.name = fields["name"]
    if "sortOrder" in fields:
        shown.sort_order = fields["sortOrder"]
    return shown
