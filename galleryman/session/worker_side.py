"""The session's work on its API threads, without Qt: sending the outbox, listing the site into
the catalog, and reading what a gallery shows, each with the thread's own database connection.

SQLite connections belong to one thread each (`sync.SiteDb`): `SiteThreads` keeps one per
worker thread, and on the writer thread the one `Sender` of the site. Jobs are plain functions
of `(client, progress)` as the ApiWorker runs them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from galleryman.core.compact_items import CompactItem, compact_json, compact_text
from galleryman.core.i18n import tr
from galleryman.sync import Kind, Mark, Outcome, Remote, Result, Sender, SiteDb, View
from galleryman.sync.catalog import Catalog
from galleryman.sync.listing_process import ListingProcess
from galleryman.sync.refresh import Refreshed, refresh_galleries, refresh_items
from galleryman.sync.remote import UploadUrls
from galleryman.wix.client import ITEM_PAGE_MAX, WixClient
from galleryman.wix.models import Gallery
from galleryman.wix.uploads import UploadPhase

Progress = Callable[[object], None]
PAGE = 100  # items handed to the window at a time, so a big gallery never stalls it


@dataclass(frozen=True)
class PendingUpload:
    """A file on its way to the site (an outbox row), shown as an upload tile."""

    token: str  # the change's local id
    seq: int  # the change (for its progress and Retry)
    path: Path
    error: str | None
    retryable: bool
    sort_order: float


@dataclass(frozen=True)
class UploadProgress:
    """How far an upload has got (the sender's progress callback, on the writer thread)."""

    seq: int
    fraction: float | None = None
    phase: UploadPhase | None = None


@dataclass(frozen=True)
class Sent:
    """What one `send_next` did, for the window (on the writer thread)."""

    outcome: Outcome


Shown = CompactItem | PendingUpload


class SiteThreads:
    """Per-thread connections to one site's database, and the writer thread's sender."""

    def __init__(self, db_path: Path, upload_urls: UploadUrls | None = None) -> None:
        self.db_path = db_path
        self._upload_urls = upload_urls
        self._local = threading.local()
        self._sender: Sender | None = None
        self._sender_lock = threading.Lock()
        self.listing = ListingProcess()  # started once a listing needs more than a page

    def db(self) -> SiteDb:
        db: SiteDb | None = getattr(self._local, "db", None)
        if db is None:
            db = SiteDb(self.db_path)
            self._local.db = db
        return db

    def remote(self, client: WixClient) -> Remote:
        """One adapter per thread and client (it remembers uploads across attempts)."""
        remote: Remote | None = getattr(self._local, "remote", None)
        if remote is None or getattr(self._local, "client", None) is not client:
            remote = Remote(client, self._upload_urls, self.listing)
            self._local.remote, self._local.client = remote, client
        return remote

    def sender(self, on_progress: Callable[[int, float | UploadPhase], None]) -> Sender:
        with self._sender_lock:
            if self._sender is None:
                self._sender = Sender(self.db(), on_progress=on_progress)
            return self._sender

    def forget_upload_urls(self, names: Iterable[str]) -> None:
        """Drop the upload URLs kept for these uploads (changes discarded before their file
        reached the site): they carry a token, and nothing will use them again."""
        if self._upload_urls is not None:
            for name in names:
                self._upload_urls.drop(name)

    def close(self) -> None:
        with self._sender_lock:
            if self._sender is not None:
                self._sender.close()
                self._sender = None
        self.listing.close()


def drain_job(threads: SiteThreads, *, wake: bool) -> Callable[[WixClient, Progress], Outcome]:
    """Send changes until none can go now; each outcome goes to `progress` as it happens
    (upload progress too). Returns the last outcome (IDLE or WAITING, with when to try).
    `wake`: try what waits out an outage or a retry time now (the user asked)."""

    def job(client: WixClient, progress: Progress) -> Outcome:
        sender = threads.sender(lambda seq, value: progress(_upload_progress(seq, value)))
        if wake:
            sender.wake()
        remote = threads.remote(client)
        while True:
            outcome = sender.send_next(remote)
            if outcome.result is Result.IDLE:
                return outcome
            progress(Sent(outcome))
            waiting = outcome.result is Result.WAITING and outcome.retry_at is not None
            if waiting and (outcome.change is None or sender.paused_until):
                return outcome  # the site is not answering: try again later

    return job


def _upload_progress(seq: int, value: float | UploadPhase) -> UploadProgress:
    if isinstance(value, UploadPhase):
        return UploadProgress(seq, phase=value)
    return UploadProgress(seq, fraction=value)


def galleries_job(threads: SiteThreads) -> Callable[[WixClient, Progress], Refreshed]:
    """List the site's galleries into the catalog."""

    def job(client: WixClient, _progress: Progress) -> Refreshed:
        refreshed = refresh_galleries(threads.db(), threads.remote(client))
        if any((g.total_items or 0) > ITEM_PAGE_MAX for g in Catalog(threads.db()).galleries()):
            threads.listing.start()  # so it is ready when such a gallery is opened
        return refreshed

    return job


def shown_galleries(threads: SiteThreads) -> list[Gallery]:
    """The galleries as the user sees them (catalog + changes on their way), with counts."""
    db = threads.db()
    view = View(db)
    galleries = []
    with db.reading():  # the counts and the galleries as of one moment
        counts = view.item_counts()
        for row in view.galleries().rows:
            data = view.gallery_json(row.id) or {"id": row.id, "name": row.name}
            data = {**data, "sortOrder": row.sort_order}
            gallery = Gallery.from_json(data)
            gallery.total_items = counts.get(row.id, row.total_items or 0)
            galleries.append(gallery)
    return galleries


def shown_items(threads: SiteThreads, gallery_id: str) -> Iterator[list[Shown]]:
    """A gallery's items as the user sees them, in display order, a page at a time, each
    item as the grid keeps it (made here, so the GUI thread only places the rows). The rows
    and JSON are read and parsed as each page is made, so a paced reader's Python comes
    in page-sized pieces (read all at once, 10,000 items held the interpreter lock while the
    window painted)."""
    db = threads.db()
    view = View(db)
    for rows, marks in view.items_in_pages(gallery_id, PAGE):
        page: list[Shown] = []
        with db.reading():  # a page's texts and changes as of one moment
            texts = view.catalog.item_texts([row.id for row in rows if row.id not in marks])
            for row in rows:
                mark = marks.get(row.id)
                if mark is not None and mark.kind is Kind.UPLOAD:
                    upload = _pending_upload(view, row.id, mark, row.sort_order)
                    if upload is not None:
                        page.append(upload)
                elif mark is None:
                    text = texts.get(row.id)
                    if text is not None:
                        page.append(compact_text(text))
                else:  # changes on their way: the item as they make it
                    data = view.item_json(gallery_id, row.id)
                    if data is not None:
                        page.append(compact_json(data))
        if page:
            yield page


@dataclass(frozen=True)
class ShownNow:
    """A gallery as the user should see it now, read off the GUI thread for `reconcile`."""

    items: dict[str, CompactItem]  # the grid's rows, made here
    uploads: list[PendingUpload]


def shown_now_job(
    threads: SiteThreads, gallery_id: str
) -> Callable[[WixClient, Progress], ShownNow]:
    """Read the whole gallery from the catalog and outbox (a second for 10,000 items: never
    on the GUI thread). Submit it paced: after each page, `progress` waits for the window to
    go idle, so this read never holds the interpreter lock through a paint."""

    def job(_client: WixClient, progress: Progress) -> ShownNow:
        items: dict[str, CompactItem] = {}
        uploads: list[PendingUpload] = []
        for page in shown_items(threads, gallery_id):
            progress(None)
            for row in page:
                if isinstance(row, CompactItem):
                    items[str(row.id)] = row
                else:
                    uploads.append(row)
        return ShownNow(items, uploads)

    return job


def _pending_upload(
    view: View, token: str, mark: Mark, sort_order: float | None
) -> PendingUpload | None:
    change = view.outbox.get(mark.seq)
    if change is None:
        return None
    path = Path(str(change.resume.get("path", "")))
    failed = mark.state.value == "failed"
    return PendingUpload(
        token,
        change.seq,
        path,
        (mark.sentence or tr("The upload failed.")) if failed else None,
        change.retryable if failed else True,
        float(sort_order) if sort_order is not None else 0.0,
    )


@dataclass(frozen=True)
class Known:
    """What the catalog knew of a gallery when it was shown from it."""

    shown: bool  # it had rows, or a complete listing of none: the grid is usable
    listed_at: float | None  # when its last complete listing ended (None: never)


def catalog_items_job(
    threads: SiteThreads, gallery_id: str
) -> Callable[[WixClient, Progress], Known]:
    """Show a gallery from the catalog and the outbox, a page at a time (no request: it runs
    on the session's local thread, so it is never queued behind a slow listing)."""

    def job(_client: WixClient, progress: Progress) -> Known:
        shown = False
        for page in shown_items(threads, gallery_id):
            shown = True
            progress(page)
        row = Catalog(threads.db()).gallery(gallery_id)
        complete = row is not None and row.complete
        return Known(shown or complete, row.listed_at if row is not None and complete else None)

    return job


def refresh_items_job(
    threads: SiteThreads, gallery_id: str, *, shown: bool
) -> Callable[[WixClient, Progress], Refreshed]:
    """List a gallery from the site into the catalog; the caller reads the result again
    afterwards. `shown`: the window already shows the catalog's copy, so this is background
    work (low priority in the rate budget); otherwise each page goes to `progress`."""

    def job(client: WixClient, progress: Progress) -> Refreshed:
        remote = threads.remote(client)
        if not shown:  # nothing to show yet: this listing is what the user waits for
            return refresh_items(
                threads.db(),
                remote,
                gallery_id,
                on_page=lambda page: progress([item.compact() for item in page]),
            )
        with client.low_priority():
            return refresh_items(threads.db(), remote, gallery_id)

    return job
