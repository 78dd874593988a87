"""Photos going up: each file is checked, uploaded to the Media Manager and created as an
item at the position it was dropped, on the session's upload worker.

A file shows as a placeholder tile with its progress until its item exists. A failure stays
on the tile with its reason (and Retry where a retry can work); a failure in a gallery that is
no longer open becomes a notification instead.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from galleryman.core.images import check_image
from galleryman.session.problems import Problem, UploadRejected, can_retry, sentence
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from galleryman.wix.uploads import UploadPhase, UploadState
from galleryman.workers.api_worker import JobKind

if TYPE_CHECKING:
    from galleryman.session.site_session import SiteSession

log = logging.getLogger(__name__)

PROGRESS_STEP = 0.02  # a tile's progress bar moves in steps of at least this
BYTES_FROM, BYTES_TO = 0.05, 0.85  # the share of a tile's bar the bytes going up fill
# API requests an upload costs on Wix: an upload URL, a look at the file until Wix has
# processed it (usually twice), the item (the bytes go to another host, outside the budget).
REQUESTS_PER_UPLOAD = 4


def title_for(path: Path) -> str:
    """An item's title from its file name: bytes that are not UTF-8 (an old camera's or
    archive's name) become "�" rather than characters the site cannot store."""
    return os.fsencode(path.stem).decode("utf-8", "replace")


class Uploads(QObject):
    def __init__(self, session: SiteSession) -> None:
        super().__init__(session)
        self._session = session
        self._files: dict[str, tuple[Path, float]] = {}  # until created (kept for Retry)
        self._states: dict[str, UploadState] = {}  # what reached Wix, reused by a retry
        self._in_flight: set[str] = set()
        self._batch_total = 0
        self._batch_started = 0.0

    def add_files(self, paths: list[Path], dest_row: int = -1) -> None:
        session = self._session
        gallery_id = session.gallery_id
        if gallery_id is None or not paths:
            return
        position = session.items.item_position(dest_row)
        orders = session.make_room(gallery_id, len(paths), position)
        uploads = [(uuid.uuid4().hex, path) for path in paths]
        session.items.add_uploads(uploads, dest_row)
        for (token, path), order in zip(uploads, orders, strict=True):
            self._files[token] = (path, order)
            self._send(gallery_id, token)

    def retry(self, token: str) -> None:
        """Send a failed upload shown in the open gallery again."""
        session = self._session
        if session.gallery_id is not None and session.items.upload_row_of(token) >= 0:
            self._resend(session.gallery_id, token)

    def remove(self, token: str) -> None:
        """Drop a failed upload's tile and forget its file, so it is never retried."""
        if token in self._in_flight:
            return  # still going up: its item is on its way
        self._files.pop(token, None)
        self._states.pop(token, None)
        self._session.items.remove_upload(token)

    def _resend(self, gallery_id: str, token: str) -> None:
        if token not in self._files or token in self._in_flight:
            return  # removed, created, or already being sent again
        self._session.items.set_upload_progress(token, 0.0)  # only the open gallery's tile
        self._send(gallery_id, token)

    def _send(self, gallery_id: str, token: str) -> None:
        path, order = self._files[token]
        state = self._states.setdefault(token, UploadState())
        self._in_flight.add(token)
        if not self._batch_total:
            self._batch_started = time.monotonic()
        self._batch_total += 1
        self._report()
        session = self._session

        def done(item: Item) -> None:
            self._files.pop(token, None)
            self._states.pop(token, None)
            self._ended(token)
            if session.gallery_id == gallery_id:
                session.items.finish_upload(token, item)
            session.item_created(gallery_id, item)
            session.activity.emit(f"Added {path.name}")

        def failed(error: BaseException) -> None:
            self._ended(token)
            reason = sentence(error)
            retryable = can_retry(error)
            session.activity.emit(f"Couldn't upload {path.name}")
            if session.gallery_id == gallery_id and session.items.upload_row_of(token) >= 0:
                session.items.set_upload_failed(token, reason, retryable=retryable)
                return
            # Its tile is gone (another gallery is open, or this one was reloaded): only a
            # notification can say so, and offer to send the file to its gallery again.
            retry = (lambda: self._resend(gallery_id, token)) if retryable else None
            session.problem.emit(Problem(f"Couldn't upload “{path.name}”: {reason}", retry))

        def progressed(value: object) -> None:
            if isinstance(value, UploadPhase):
                session.items.set_upload_phase(token, value.value)
            elif isinstance(value, float):
                session.items.set_upload_progress(token, value)

        session.uploader.submit(
            _upload_job(gallery_id, path, order, state),
            on_done=done,
            on_error=failed,
            on_progress=progressed,
            kind=JobKind.WRITE,
            label=f"Uploading {path.name}",
        )

    def seconds_left(self) -> float:
        """About how long the files still going up will take: from the pace of this batch
        once one has finished, else from the site's rate budget and recent request times."""
        left = len(self._in_flight)
        finished = self._batch_total - left
        if not left:
            return 0.0
        if finished:
            return (time.monotonic() - self._batch_started) / finished * left
        return self._session.eta_seconds(left * REQUESTS_PER_UPLOAD)

    def _ended(self, token: str) -> None:
        self._in_flight.discard(token)
        if not self._in_flight:
            self._batch_total = 0
        self._report()

    def _report(self) -> None:
        total = self._batch_total
        self._session.uploads_changed.emit(total - len(self._in_flight), total)


def _upload_job(
    gallery_id: str, path: Path, order: float, state: UploadState
) -> Callable[[WixClient, Callable[[object], None]], Item]:
    """Check the file, upload it, wait until Wix has processed it, create its item.

    `state` is kept per upload across attempts: a retry reuses a file that already reached the
    Media Manager instead of uploading it again. Progress goes to the tile as fractions, and
    as an `UploadPhase` when Wix starts (and finishes) processing the file."""

    def job(client: WixClient, progress: Callable[[object], None]) -> Item:
        check = check_image(path)
        if not check.ok:  # the worker logs it as a warning with the reason
            raise UploadRejected(
                check.reason or "This file can't be added.", retryable=check.retryable
            )
        progress(BYTES_FROM)
        shown = BYTES_FROM

        def sent(fraction: float) -> None:
            # The bytes are most of the wait, in steps a tile can show.
            nonlocal shown
            value = BYTES_FROM + (BYTES_TO - BYTES_FROM) * fraction
            if value - shown >= PROGRESS_STEP or fraction >= 1.0:
                shown = value
                progress(value)

        mime = check.mime_type or mimetypes.guess_type(path.name)[0] or "image/jpeg"
        file = client.upload_file(
            path, mime_type=mime, state=state, progress=sent, on_phase=progress
        )
        item = Item.image_item(file, title=title_for(path), sort_order=order)
        return client.create_item(gallery_id, item)

    return job
