"""Making new things on the site exactly once: galleries, clones, items and uploads.

Every create carries the explicit sortOrder chosen when the user made it (kept in the row's
resume state before anything is sent), so a create that may have happened can be found: when
the row is `needs_check`, the gallery (or the site's galleries) is searched for that sortOrder
and media, both ends of the listing first, and only if nothing is there is it sent again. An
upload keeps its Media Manager file id in the row as soon as the file exists (committed before
the item is asked for), so a resend reuses the file; without a file id, no item can have been
asked for, and the upload starts again. Another thing holding the sortOrder (the site changed)
makes the create choose the nearest free one after it and go again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from galleryman.core.i18n import tr
from galleryman.core.images import check_image
from galleryman.core.ordering import sort_order_between, sort_order_for_append
from galleryman.core.photo_text import read_photo_text
from galleryman.sync.catalog import Catalog, row_of
from galleryman.sync.changes import Change, Kind, State
from galleryman.sync.db import SiteDb
from galleryman.sync.outbox import Outbox
from galleryman.sync.remote import Failure, Remote, RemoteError
from galleryman.wix.uploads import UploadPhase

JsonObject = dict[str, Any]


class Creator:
    def __init__(
        self,
        db: SiteDb,
        clock: Callable[[], float] = time.time,
        on_progress: Callable[[int, float | UploadPhase], None] | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._on_progress = on_progress
        self.outbox = Outbox(db, clock)
        self.catalog = Catalog(db, clock)
        self.asked = False  # whether this attempt sent the create itself (it may have landed)

    def create(self, change: Change, remote: Remote, *, check: bool) -> None:
        """Make what the (claimed) change creates, merge the answer and mark it done; after
        an earlier attempt that may have made it (`check`), look for it first. RemoteError
        when it cannot be done now."""
        self.asked = False
        if change.kind is Kind.UPLOAD:
            self._upload(change, remote, check)
        elif change.kind is Kind.CREATE_ITEM:
            self._item(change, remote, check)
        else:
            self._gallery(change, remote, check)

    def choose_other_order(self, change: Change) -> None:
        """Another thing has the create's sortOrder: the nearest free one after it (before
        the next one the catalog knows); the create is queued to go again."""
        taken = float(change.resume["sortOrder"])
        above = [o for o in self._orders(change) if o > taken]
        chosen = sort_order_between(taken, min(above) if above else None)
        if chosen is None:
            chosen = sort_order_for_append([taken, *above], self._clock())
        with self._db.transaction():
            self.outbox.set_resume(change.seq, {**change.resume, "sortOrder": chosen})
            self.outbox.mark_waiting(change.seq, State.QUEUED, "", None)

    # ------------------------------------------------------------------ each kind

    def _gallery(self, change: Change, remote: Remote, check: bool) -> None:
        order = self._order(change)
        name = change.fields.get("name")
        found = remote.find_gallery(order, name) if check else None
        if found is None:
            self.asked = True
            if change.kind is Kind.CLONE_GALLERY:
                found = remote.clone_gallery(change.gallery_id, name, order)
            else:
                found = remote.create_gallery(name, order)
        with self._db.transaction():
            # A new gallery is known to be empty; a clone's items are not listed yet.
            self.catalog.put_gallery(found, complete=change.kind is Kind.CREATE_GALLERY)
            self._done(change, str(found["id"]))

    def _item(self, change: Change, remote: Remote, check: bool) -> None:
        item = {**change.fields, "sortOrder": self._order(change)}
        shape = row_of(item)
        found = None
        if check:
            found = remote.find_item(
                change.gallery_id, item["sortOrder"], shape.media_type, shape.media_id
            )
        if found is None:
            self.asked = True
            found = remote.create_item(change.gallery_id, item)
        self._item_done(change, found)

    def _upload(self, change: Change, remote: Remote, check: bool) -> None:
        resume = dict(change.resume)
        order = self._order(change)
        file_id = resume.get("fileId")
        if check and file_id:
            found = remote.find_item(change.gallery_id, order, "IMAGE", file_id)
            if found is not None:
                self._item_done(change, found)
                return
        path = Path(resume["path"])
        if not file_id:
            checked = check_image(path)
            if not checked.ok:
                sentence = checked.reason or tr("This file cannot be added.")
                raise RemoteError(Failure.FILE, sentence, retryable=checked.retryable)
            resume["mime"] = checked.mime_type

        def keep_file_id(new_id: str) -> None:
            if resume.get("fileId") != new_id:
                resume["fileId"] = new_id
                self.outbox.set_resume(change.seq, resume)  # committed before the item is asked

        progress = phase = None
        if self._on_progress is not None:
            report, seq = self._on_progress, change.seq
            progress = lambda fraction: report(seq, fraction)  # noqa: E731
            phase = lambda now: report(seq, now)  # noqa: E731
        file = remote.upload_file(
            change.target,
            path,
            name=str(resume.get("name") or path.name),
            mime_type=resume.get("mime"),
            file_id=file_id,
            on_file_id=keep_file_id,
            progress=progress,
            on_phase=phase,
        )
        fields = dict(change.fields)
        if resume.get("photoText"):  # the photo's own title and caption, read here, off-window
            fields.update(read_photo_text(path).fields())
        item = remote.image_item(file, fields, order)
        self.asked = True
        self._item_done(change, remote.create_item(change.gallery_id, item))
        remote.forget_upload(change.target)

    # ------------------------------------------------------------------ answers

    def _item_done(self, change: Change, item: JsonObject) -> None:
        with self._db.transaction():
            self.catalog.put_item(change.gallery_id, item)
            self._done(change, str(item["id"]))

    def _done(self, change: Change, server_id: str) -> None:
        """Inside the answer's transaction: later changes name the new id, and it is done."""
        self.outbox.resolve_local(change.target, server_id)
        restores = change.resume.get("restores")
        if isinstance(restores, str):
            self.outbox.map_id(restores, server_id)
        now = self.outbox.get(change.seq)
        resume = now.resume if now is not None else change.resume  # with the file id, if any
        self.outbox.set_resume(change.seq, {**resume, "created": server_id})
        self.outbox.mark_done(change.seq)

    def _order(self, change: Change) -> float:
        """The create's explicit sortOrder: the one chosen when it was made, or (none chosen,
        e.g. restoring an item that had none) after the last one, kept before it is sent."""
        order = change.resume.get("sortOrder")
        if order is not None:
            return float(order)
        chosen = sort_order_for_append(self._orders(change), self._clock())
        self.outbox.set_resume(change.seq, {**change.resume, "sortOrder": chosen})
        return chosen

    def _orders(self, change: Change) -> list[float]:
        if change.kind.on_gallery:
            orders = [g.sort_order for g in self.catalog.galleries()]
        else:
            orders = [r.sort_order for r in self.catalog.item_rows(change.gallery_id)]
        return [float(o) for o in orders if o is not None]
