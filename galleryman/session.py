"""One open site: its galleries, the open gallery's items, the undo stack, and the worker
that carries every API call. The main window shows a session; it never calls HTTP itself.

Data flow: a user action becomes a command (undo/commands.py) or a direct job; jobs run on
the ApiWorker's thread; their results come back on the GUI thread and update the models.
"""

from __future__ import annotations

import logging
import mimetypes
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from galleryman import gc_tuning
from galleryman.core.bulk_edit import apply_fields
from galleryman.core.images import check_image
from galleryman.core.ordering import plan_insert, plan_move
from galleryman.models.gallery_list import GalleryListModel
from galleryman.models.item_grid import ItemGridModel
from galleryman.sites import SiteProfile
from galleryman.undo.commands import (
    BulkEditCommand,
    DeleteItemsCommand,
    EditItemCommand,
    Fields,
    MoveItemsCommand,
    RenameGalleryCommand,
    current_fields,
)
from galleryman.wix.client import WixClient
from galleryman.wix.errors import WixError
from galleryman.wix.models import Gallery, Item
from galleryman.workers.api_worker import ApiWorker, JobKind

log = logging.getLogger(__name__)

ITEMS_GROUP = "items"


class UploadRejected(Exception):
    """A file that failed the local checks before any upload."""


@dataclass
class Problem:
    """A failure to show the user: the sentence, and what Retry would do (if anything)."""

    message: str
    retry: Callable[[], None] | None = None


@dataclass
class _PendingPatches:
    """One item's PATCHes sent and not yet answered, and the server's copy they start from.

    The model shows `base` with every pending patch applied, in the order they were sent (the
    worker sends writes in that order). An answer replaces `base`; a failure drops its patch.
    """

    base: Item
    patches: list[tuple[object, Fields]]


UPLOAD_PROGRESS_STEP = 0.02  # a tile's progress bar moves in steps of at least this


class SiteSession(QObject):
    problem = Signal(object)  # Problem
    gallery_opened = Signal(str)  # gallery id ("" when none)
    galleries_loaded = Signal()
    items_loaded = Signal(str)  # gallery id, after the last page
    item_saved = Signal(str, str, str)  # item id, "saving" | "saved" | "failed", message
    activity = Signal(str)  # a short status-bar sentence
    busy_changed = Signal(int)
    uploads_changed = Signal(int, int)  # files finished, files in this batch (0, 0: none)

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
        self.worker = ApiWorker(client_factory, self)
        # Uploads have a worker of their own: a batch of photos going up must not hold back
        # the listings and saves queued behind it. Both clients share the site's rate limit.
        self.uploader = ApiWorker(client_factory, self)
        for worker in (self.worker, self.uploader):
            worker.busy_changed.connect(lambda _count: self.busy_changed.emit(self.busy()))
        self._aliases: dict[str, str] = {}
        self._pending: dict[str, _PendingPatches] = {}  # item id -> PATCHes in flight
        # The gallery whose every page has arrived (None while a listing is under way).
        self.loaded_gallery_id: str | None = None
        self._uploads: dict[str, tuple[Path, float]] = {}  # until created (kept for Retry)
        self._in_flight: set[str] = set()
        self._batch_total = 0
        self.galleries.rename_requested.connect(self.rename_gallery_undoable)
        self.galleries.move_requested.connect(self.move_gallery)
        # Drops speak in model rows, which count upload placeholders; moves need item positions.
        self.items.move_requested.connect(
            lambda ids, row: self.move_items(ids, self.items.item_position(row))
        )
        self.worker.start()
        self.uploader.start()

    @property
    def gallery_id(self) -> str | None:
        return self.items.gallery_id

    def busy(self) -> int:
        """API jobs (uploads included) queued or running whose answers are not in yet."""
        return self.worker.busy() + self.uploader.busy()

    def pending_writes(self) -> int:
        """Changes (edits, uploads...) not yet done on the server."""
        return self.worker.pending_writes() + self.uploader.pending_writes()

    def close(self, timeout_s: float = 15.0) -> bool:
        """Finish queued writes (no change is lost), drop reads, stop the threads."""
        deadline = time.monotonic() + timeout_s
        uploads_done = self.uploader.shutdown(timeout_s)
        rest_done = self.worker.shutdown(max(0.0, deadline - time.monotonic()))
        return uploads_done and rest_done

    # ------------------------------------------------------------ galleries

    def refresh(self) -> None:
        keep = self.gallery_id

        def done(galleries: list[Gallery]) -> None:
            self.galleries.set_galleries(galleries)
            still_there = bool(keep) and self.galleries.row_of(str(keep)) >= 0
            if keep and not still_there:
                self.open_gallery(None)  # deleted elsewhere: closed before a new one is picked
            self.galleries_loaded.emit()
            if still_there:
                self.open_gallery(keep, force=True)

        self._submit(
            lambda c, _p: c.list_galleries(),
            done,
            "Couldn't load the galleries",
            retry=self.refresh,
            label="Loading galleries",
        )

    def create_gallery(
        self, name: str, on_created: Callable[[Gallery], None] | None = None
    ) -> None:
        def done(gallery: Gallery) -> None:
            self.galleries.upsert(gallery)
            self.activity.emit(f"Created gallery “{gallery.name}”")
            if on_created:
                on_created(gallery)

        self._submit(
            lambda c, _p: c.create_gallery(name),
            done,
            f"Couldn't create the gallery “{name}”",
            retry=lambda: self.create_gallery(name, on_created),
            kind=JobKind.WRITE,
            label="Creating gallery",
        )

    def clone_gallery(
        self, source_id: str, name: str, on_created: Callable[[Gallery], None] | None = None
    ) -> None:
        def done(gallery: Gallery) -> None:
            self.galleries.upsert(gallery)
            self.activity.emit(f"Cloned into “{gallery.name}”")
            if on_created:
                on_created(gallery)

        self._submit(
            lambda c, _p: c.clone_gallery(source_id, name),
            done,
            f"Couldn't clone the gallery into “{name}”",
            retry=lambda: self.clone_gallery(source_id, name, on_created),
            kind=JobKind.WRITE,
            label="Cloning gallery",
        )

    def delete_gallery(self, gallery_id: str) -> None:
        gallery = self.galleries.get(gallery_id)
        if gallery is None:
            return
        self.galleries.remove(gallery_id)
        if self.gallery_id == gallery_id:
            self.open_gallery(None)

        def failed() -> None:
            self.galleries.upsert(gallery)

        self._submit(
            lambda c, _p: c.delete_gallery(gallery_id),
            lambda _r: self.activity.emit(f"Deleted gallery “{gallery.name}”"),
            f"Couldn't delete the gallery “{gallery.name}”",
            retry=lambda: self._redelete_gallery(gallery),
            kind=JobKind.WRITE,
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
        self.undo_stack.push(
            RenameGalleryCommand(self, gallery_id, gallery.name or "", name.strip())
        )

    def rename_gallery(self, gallery_id: str, name: str) -> None:
        """Set the name now in the sidebar and on the server (used by the rename command)."""
        gallery = self.galleries.get(gallery_id)
        if gallery is not None:
            gallery.name = name
            self.galleries.upsert(gallery)
        self._submit(
            lambda c, _p: c.rename_gallery(gallery_id, name),
            self.galleries.upsert,
            f"Couldn't rename the gallery to “{name}”",
            retry=lambda: self.rename_gallery(gallery_id, name),
            kind=JobKind.WRITE,
            label="Renaming gallery",
        )

    def move_gallery(self, gallery_id: str, dest_row: int) -> None:
        for update in plan_move(self.galleries.order(), [gallery_id], dest_row):
            gallery = self.galleries.get(update.key)
            if gallery is None:
                continue
            gallery.sort_order = update.sort_order
            self.galleries.upsert(gallery)
            self._submit(
                _gallery_order_job(update.key, update.sort_order),
                None,
                "Couldn't save the gallery order",
                retry=self.refresh,
                kind=JobKind.WRITE,
                label="Reordering galleries",
            )

    # ------------------------------------------------------------ items

    def open_gallery(self, gallery_id: str | None, *, force: bool = False) -> None:
        if gallery_id == self.gallery_id and not force:
            return
        self.worker.cancel_reads(ITEMS_GROUP)
        self.loaded_gallery_id = None
        self.items.load(gallery_id)
        self.gallery_opened.emit(gallery_id or "")
        if gallery_id is None:
            return

        def pages(client: WixClient, progress: Callable[[object], None]) -> int:
            count = 0
            for page in client.iter_item_pages(gallery_id):
                count += len(page)
                progress(page)
            return count

        def page_arrived(page: object) -> None:
            if self.gallery_id == gallery_id and isinstance(page, list):
                self.items.add_page(page)
                gc_tuning.settle()  # keep collections from walking the whole gallery

        def done(_count: int) -> None:
            if self.gallery_id == gallery_id:
                self.loaded_gallery_id = gallery_id
                self.galleries.set_item_count(gallery_id, self.items.item_count())
                self.items_loaded.emit(gallery_id)

        self._submit(
            pages,
            done,
            "Couldn't load the gallery's items",
            retry=lambda: self.open_gallery(gallery_id, force=True),
            on_progress=page_arrived,
            group=ITEMS_GROUP,
            label="Loading items",
            paced=True,  # the next page is fetched once the window has shown this one
        )

    def edit_item(self, item_id: str, fields: Fields, text: str = "Edit item") -> None:
        item = self.item(item_id)
        if item is None or self.gallery_id is None:
            return
        self.undo_stack.push(EditItemCommand(self, self.gallery_id, item, fields, text))

    def bulk_edit(self, changes: list[tuple[str, Fields]], text: str) -> None:
        resolved = [(self.item(i), f) for i, f in changes]
        pairs = [(item, fields) for item, fields in resolved if item is not None]
        if pairs and self.gallery_id is not None:
            self.undo_stack.push(BulkEditCommand(self, self.gallery_id, pairs, text))

    def move_items(self, item_ids: list[str], dest_position: int) -> None:
        """Move items as a block before the item now at `dest_position` (an index into
        `items.items()`; its length means the end)."""
        if self.gallery_id is None or not item_ids:
            return
        noun = "item" if len(item_ids) == 1 else f"{len(item_ids)} items"
        command = MoveItemsCommand(self, self.gallery_id, item_ids, dest_position, f"Move {noun}")
        if not command.isObsolete():
            self.undo_stack.push(command)

    def delete_items(self, item_ids: list[str]) -> None:
        items = [i for i in (self.item(x) for x in item_ids) if i is not None]
        if not items or self.gallery_id is None:
            return
        noun = "item" if len(items) == 1 else f"{len(items)} items"
        self.undo_stack.push(DeleteItemsCommand(self, self.gallery_id, items, f"Delete {noun}"))

    def add_item(self, item: Item, dest_row: int = -1) -> None:
        """A video or text item from a dialog, created at a position (default: the end)."""
        gallery_id = self.gallery_id
        if gallery_id is None:
            return
        orders, neighbours = plan_insert(self.order(), 1, self.items.item_position(dest_row))
        self._renumber(gallery_id, neighbours)
        item = item.copy()
        item.sort_order = orders[0]
        self._submit(
            lambda c, _p: c.create_item(gallery_id, item),
            lambda created: self._created(gallery_id, created),
            f"Couldn't add “{item.title or 'the item'}”",
            retry=lambda: self.add_item(item, dest_row),
            kind=JobKind.WRITE,
            label="Adding item",
        )

    def add_files(self, paths: list[Path], dest_row: int = -1) -> None:
        """Check, upload and create each file as an item at the drop position."""
        gallery_id = self.gallery_id
        if gallery_id is None or not paths:
            return
        position = self.items.item_position(dest_row)
        orders, neighbours = plan_insert(self.order(), len(paths), position)
        self._renumber(gallery_id, neighbours)
        uploads = [(uuid.uuid4().hex, path) for path in paths]
        self.items.add_uploads(uploads, dest_row)
        for (token, path), order in zip(uploads, orders, strict=True):
            self._uploads[token] = (path, order)
            self._upload(gallery_id, token)

    def retry_upload(self, token: str) -> None:
        """Send a failed upload shown in the open gallery again."""
        if self.gallery_id is not None and self.items.upload_row_of(token) >= 0:
            self._resend_upload(self.gallery_id, token)

    def remove_upload(self, token: str) -> None:
        """Drop a failed upload's tile and forget its file, so it is never retried."""
        if token in self._in_flight:
            return  # still going up: its item is on its way
        self._uploads.pop(token, None)
        self.items.remove_upload(token)

    def _resend_upload(self, gallery_id: str, token: str) -> None:
        if token not in self._uploads or token in self._in_flight:
            return  # removed, created, or already being sent again
        self.items.set_upload_progress(token, 0.0)  # only the open gallery shows its tile
        self._upload(gallery_id, token)

    def _upload(self, gallery_id: str, token: str) -> None:
        path, order = self._uploads[token]
        self._in_flight.add(token)
        self._batch_total += 1
        self._report_uploads()

        def job(client: WixClient, progress: Callable[[object], None]) -> Item:
            check = check_image(path)
            if not check.ok:
                raise UploadRejected(f"{path.name}: {check.reason}")
            progress(0.1)
            data = path.read_bytes()
            mime = check.mime_type or mimetypes.guess_type(path.name)[0] or "image/jpeg"
            url = client.generate_upload_url(mime, path.name, len(data))
            progress(0.2)
            shown = 0.2

            def sent(fraction: float) -> None:
                # The bytes are most of the wait: 20% -> 90%, in steps a tile can show.
                nonlocal shown
                value = 0.2 + 0.7 * fraction
                if value - shown >= UPLOAD_PROGRESS_STEP or fraction >= 1.0:
                    shown = value
                    progress(value)

            file = client.upload_bytes(url, data, path.name, mime, progress=sent)
            item = Item.image_item(file, title=path.stem, sort_order=order)
            return client.create_item(gallery_id, item)

        def done(item: Item) -> None:
            self._uploads.pop(token, None)
            self._upload_ended(token)
            if self.gallery_id == gallery_id:
                self.items.finish_upload(token, item)
                self.galleries.set_item_count(gallery_id, self.items.item_count())
            else:
                # Not open: the sidebar's count is the gallery's total, one item more now.
                gallery = self.galleries.get(gallery_id)
                if gallery is not None and gallery.total_items is not None:
                    self.galleries.set_item_count(gallery_id, gallery.total_items + 1)
            self.activity.emit(f"Added {path.name}")

        def failed(error: BaseException) -> None:
            self._upload_ended(token)
            reason = _sentence(error)
            self.activity.emit(f"Couldn't upload {path.name}")
            if self.gallery_id == gallery_id and self.items.upload_row_of(token) >= 0:
                self.items.set_upload_failed(token, reason)
                return
            # Its tile is gone (another gallery is open, or this one was reloaded): only a
            # notification can say so, and offer to send the file to its gallery again.
            if isinstance(error, UploadRejected):
                reason = reason.removeprefix(f"{path.name}: ")
            self.problem.emit(
                Problem(
                    f"Couldn't upload “{path.name}”: {reason}",
                    lambda: self._resend_upload(gallery_id, token),
                )
            )

        self.uploader.submit(
            job,
            on_done=done,
            on_error=failed,
            on_progress=lambda f: self.items.set_upload_progress(token, float(f)),  # type: ignore[arg-type]
            kind=JobKind.WRITE,
            label=f"Uploading {path.name}",
        )

    def _upload_ended(self, token: str) -> None:
        self._in_flight.discard(token)
        if not self._in_flight:
            self._batch_total = 0
        self._report_uploads()

    def _report_uploads(self) -> None:
        self.uploads_changed.emit(self._batch_total - len(self._in_flight), self._batch_total)

    def _renumber(self, gallery_id: str, updates: list[Any]) -> None:
        if not updates:
            return
        orders = {u.key: u.sort_order for u in updates}
        self.apply_sort_orders(orders)
        for key, value in orders.items():
            self.patch_item(gallery_id, key, {"sortOrder": value}, "Make room")

    def _created(self, gallery_id: str, item: Item) -> None:
        if self.gallery_id == gallery_id:
            self.items.insert_items([item])
            self.galleries.set_item_count(gallery_id, self.items.item_count())

    # ------------------------------------------------------------ SessionOps (for commands)

    def current_id(self, item_id: str) -> str:
        while item_id in self._aliases:
            item_id = self._aliases[item_id]
        return item_id

    def item(self, item_id: str) -> Item | None:
        row = self.items.row_of(self.current_id(item_id))
        return self.items.item_at(row) if row >= 0 else None

    def order(self) -> list[tuple[str, float]]:
        return self.items.order()

    def apply_sort_orders(self, orders: Mapping[str, float]) -> None:
        for item_id, value in orders.items():
            item = self.item(item_id)
            if item is not None:
                moved = item.copy()
                moved.sort_order = value
                self.items.upsert(moved)

    def patch_item(self, gallery_id: str, item_id: str, fields: Fields, label: str) -> None:
        """Show `fields` in the model at once (so the next edit, and its undo, start from
        them) and send them. The server's answer then replaces the item; a failure puts back
        what the server has."""
        self.item_saved.emit(item_id, "saving", "")
        token = self._show_patch(gallery_id, item_id, fields)

        def done(updated: Item) -> None:
            self._settle_patch(gallery_id, item_id, token, updated)
            self.item_saved.emit(str(updated.id), "saved", "")

        def failed() -> None:
            # Said first, so the item panel knows the change it is about to get is a failure.
            self.item_saved.emit(item_id, "failed", "")
            self._settle_patch(gallery_id, item_id, token, None)

        self._submit(
            lambda c, _p: c.update_item(gallery_id, item_id, fields),
            done,
            f"Couldn't save “{label}”",
            retry=lambda: self.patch_item(gallery_id, item_id, fields, label),
            kind=JobKind.WRITE,
            on_failed=failed,
            label=label,
        )

    def _show_patch(self, gallery_id: str, item_id: str, fields: Fields) -> object | None:
        """Apply `fields` to the item in the model; a token for `_settle_patch` (None when the
        item is not shown)."""
        item = self.item(item_id) if self.gallery_id == gallery_id else None
        if item is None:
            return None
        pending = self._pending.setdefault(item_id, _PendingPatches(item, []))
        token = object()
        pending.patches.append((token, fields))
        if current_fields(item, list(fields)) != fields:  # a move has set sortOrder already
            self.items.upsert(apply_fields(item, fields))
        return token

    def _settle_patch(
        self, gallery_id: str, item_id: str, token: object | None, answer: Item | None
    ) -> None:
        """A PATCH ended with the server's copy (`answer`) or failed (None). The model gets
        the server's copy with the patches still in flight applied on top."""
        pending = self._pending.get(item_id) if token is not None else None
        # An item no longer shown was deleted (or its gallery is reloading, and the listing
        # brings the server's copy): an answer must not put it back.
        shown_here = self.gallery_id == gallery_id and self.items.row_of(item_id) >= 0
        if pending is None:
            if answer is not None and shown_here:
                self.items.upsert(answer)
            return
        pending.patches = [p for p in pending.patches if p[0] is not token]
        if answer is not None:
            pending.base = answer
        if not pending.patches:
            del self._pending[item_id]
        if not shown_here:
            return
        shown = pending.base
        for _token, fields in pending.patches:
            shown = apply_fields(shown, fields)
        self.items.upsert(shown)

    def remove_items_locally(self, item_ids: list[str]) -> None:
        self.items.remove_ids(item_ids)
        if self.gallery_id:
            self.galleries.set_item_count(self.gallery_id, self.items.item_count())

    def delete_items_remote(self, gallery_id: str, item_ids: list[str]) -> None:
        self._submit(
            lambda c, _p: c.bulk_delete_items(gallery_id, item_ids),
            lambda ids: self.activity.emit(f"Deleted {len(ids)} item(s)"),
            "Couldn't delete the items",
            retry=lambda: self.delete_items_remote(gallery_id, item_ids),
            kind=JobKind.WRITE,
            on_failed=lambda: self.open_gallery(gallery_id, force=True),
            label="Deleting items",
        )

    def recreate_items(
        self, gallery_id: str, items: list[Item], on_created: Callable[[str, Item], None]
    ) -> None:
        if self.gallery_id == gallery_id:
            self.items.insert_items([item.copy() for item in items])
        for original in items:
            old_id = str(original.id)

            def done(created: Item, old_id: str = old_id) -> None:
                self._aliases[old_id] = str(created.id)
                if self.gallery_id == gallery_id:
                    self.items.remove_ids([old_id])
                    self.items.insert_items([created])
                    self.galleries.set_item_count(gallery_id, self.items.item_count())
                on_created(old_id, created)

            self._submit(
                _create_item_job(gallery_id, original),
                done,
                f"Couldn't restore “{original.title or 'an item'}”",
                retry=partial(self.recreate_items, gallery_id, [original], on_created),
                kind=JobKind.WRITE,
                label="Restoring items",
            )

    # ------------------------------------------------------------ plumbing

    def _submit(
        self,
        fn: Callable[[WixClient, Callable[[object], None]], Any],
        on_done: Callable[[Any], None] | None,
        failure: str,
        *,
        retry: Callable[[], None] | None = None,
        kind: JobKind = JobKind.READ,
        on_failed: Callable[[], None] | None = None,
        on_progress: Callable[[object], None] | None = None,
        group: str | None = None,
        label: str = "",
        paced: bool = False,
    ) -> None:
        def error(exc: BaseException) -> None:
            if on_failed is not None:
                on_failed()
            message = f"{failure}: {_sentence(exc)}"
            self.problem.emit(Problem(message, retry))

        self.worker.submit(
            fn,
            on_done=on_done,
            on_error=error,
            on_progress=on_progress,
            kind=kind,
            label=label,
            group=group,
            paced=paced,
        )


def _gallery_order_job(gallery_id: str, value: float) -> Callable[[WixClient, Any], Gallery]:
    return lambda client, _progress: client.update_gallery(gallery_id, {"sortOrder": value})


def _create_item_job(gallery_id: str, item: Item) -> Callable[[WixClient, Any], Item]:
    return lambda client, _progress: client.create_item(gallery_id, item)


def _sentence(error: BaseException) -> str:
    if isinstance(error, WixError):
        return error.user_message
    if isinstance(error, UploadRejected | OSError):
        return str(error)
    return f"unexpected error ({type(error).__name__}); details are in the log"
