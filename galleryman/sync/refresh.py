"""Refreshing the catalog from the site: listings merged with the changes on their way.

A listing may run while the sender works (on another thread, with another `SiteDb`): each
page is merged with what is newer in the catalog (`Catalog.put_items` with the listing's
token), compared with the base for conflicts (`merge.absorb_items`), and stored as it comes,
so the grid can show it. Only a listing that reached its end says what is gone from the site;
one that failed part way leaves the gallery marked incomplete and removes nothing.

Wix pages by offset, so a move or delete that lands while a listing runs shifts the pages
after it, and the listing comes up short. When the app's own changes to that gallery landed
meanwhile, it caused that itself: the listing starts again (`RELISTS` times at most) instead
of telling the user to refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from galleryman.sync.catalog import Catalog
from galleryman.sync.changes import State
from galleryman.sync.db import SiteDb
from galleryman.sync.listed import ListedItem
from galleryman.sync.merge import absorb_galleries, absorb_items, fail_gone_galleries
from galleryman.sync.merge import fail_gone_items as fail_gone
from galleryman.sync.outbox import Outbox
from galleryman.sync.remote import Failure, Remote, RemoteError

RELISTS = 2  # times a listing the app's own changes shifted is started again


@dataclass(frozen=True)
class Refreshed:
    count: int  # galleries or items the site listed
    gone: list[str] = field(default_factory=list)  # deleted on the site since the last look
    conflicts: list[int] = field(default_factory=list)  # changes now waiting for a decision
    failed: list[int] = field(default_factory=list)  # changes failed as "gone"


def refresh_galleries(db: SiteDb, remote: Remote) -> Refreshed:
    """List every gallery (RemoteError when that cannot be done completely; a listing the
    app's own changes shifted is started again first)."""
    for attempt in range(RELISTS + 1):
        token = Catalog(db).begin_listing()
        before = _outbox_now(db, None)
        try:
            galleries = remote.list_galleries()
            break
        except RemoteError as error:
            if not (attempt < RELISTS and _shifted_by_us(error, db, None, before)):
                raise
    gone, conflicts = absorb_galleries(db, galleries, token)
    return Refreshed(len(galleries), gone, conflicts)


def refresh_items(
    db: SiteDb,
    remote: Remote,
    gallery_id: str,
    on_page: Callable[[list[ListedItem]], None] | None = None,
) -> Refreshed:
    """List a gallery's items, page by page (`on_page(page)` after each is stored).
    A gallery deleted on the site is dropped from the catalog and its changes fail as gone.
    A gallery whose create has not reached the site yet is not asked for: the site would
    answer "not found", which must not read as "deleted there". A listing the app's own
    changes shifted is started again; its pages then go to the catalog only (the caller
    reads the gallery again afterwards)."""
    gallery_id = Outbox(db).current_id(gallery_id)
    if Outbox(db).is_unresolved(gallery_id):
        return Refreshed(0)
    catalog = Catalog(db)
    conflicts: list[int] = []
    for attempt in range(RELISTS + 1):
        token = catalog.begin_listing()
        before = _outbox_now(db, gallery_id)
        count = 0
        try:
            for page in remote.item_pages(gallery_id):
                conflicts += absorb_items(db, gallery_id, page, token)
                count += len(page)
                if on_page is not None:
                    on_page(page)
            break
        except RemoteError as error:
            if error.failure is Failure.GONE:
                with db.transaction():
                    catalog.delete_gallery(gallery_id)
                    failed = fail_gone_galleries(Outbox(db), [gallery_id])
                return Refreshed(0, [gallery_id], failed=failed)
            if attempt < RELISTS and _shifted_by_us(error, db, gallery_id, before):
                on_page = None
                continue
            catalog.mark_incomplete(gallery_id)
            raise
    with db.transaction():
        gone = catalog.finish_listing(gallery_id, token)
        failed = fail_gone(Outbox(db), gone)
    return Refreshed(count, gone, list(dict.fromkeys(conflicts)), failed)


@dataclass(frozen=True)
class _OutboxNow:
    """The outbox as a listing starts: its newest change, and the changes not done yet (of
    the gallery, or of all). Done changes are kept a week: thousands of them were read at
    every listing's start (70-120 ms of Python for 5,000) for the rare short listing."""

    last_seq: int
    not_done: set[int]


_NOT_DONE = [state for state in State if state is not State.DONE]


def _outbox_now(db: SiteDb, gallery_id: str | None) -> _OutboxNow:
    outbox = Outbox(db)
    with db.reading():
        changes = outbox.changes(_NOT_DONE, gallery_id)
        return _OutboxNow(outbox.last_seq(), {change.seq for change in changes})


def _shifted_by_us(
    error: RemoteError, db: SiteDb, gallery_id: str | None, before: _OutboxNow
) -> bool:
    """Whether a listing came up short while one of the app's own changes (to the gallery,
    or to any) was on its way or got done since `before`: it may have landed on the site
    while the listing ran and shifted its pages."""
    if not error.short_listing:
        return False
    changes = Outbox(db).changes([State.SENDING, State.DONE], gallery_id)
    return any(
        c.state is State.SENDING or c.seq in before.not_done or c.seq > before.last_seq
        for c in changes
    )
