"""Walking offset-paged listings without ever looping or truncating silently.

Wix pages with `offset`/`limit` (no cursors) and says how many there are (`totalGalleries`,
a gallery's `totalItems`). A walk ends when it has that many distinct ids, or, with no total,
at an empty page. Anything else is an `IncompleteListingError` with the counts: an empty page
before the total is reached (a short listing), a page of only ids already seen (a server that
ignores the offset), more than the client will list (a listing that never ends), or a total
that changes between pages (something added or deleted meanwhile shifted the offsets).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol, TypeVar

from galleryman.core.i18n import QT_TR_NOOP
from galleryman.wix.errors import IncompleteListingError

# Why a listing is incomplete, shown inside "Only 149 of the 150 items could be listed: ...".
TOO_MANY = QT_TR_NOOP("there are more than the client lists ({limit})")
NEVER_ENDS = QT_TR_NOOP("the listing went past {limit} without ending")
STOPPED = QT_TR_NOOP("the server stopped sending them")
REPEATED = QT_TR_NOOP("the server sent the same ones again instead of the next page")
CHANGED = QT_TR_NOOP("the listing changed while it was read")
SHIFTED = QT_TR_NOOP("the pages shifted while they were read")


class HasId(Protocol):
    @property
    def id(self) -> str | None: ...


T = TypeVar("T", bound=HasId)
Page = tuple[list[T], int | None]  # the things on a page, and the total (when the page says)


def walk_pages(
    first: Page[T],
    fetch: Callable[[int], Page[T]],
    *,
    what: str,
    max_count: int,
) -> Iterator[list[T]]:
    """Yield the new things of each page, from `first` on; `fetch(offset)` gets the next."""
    page, total = first
    if total is not None and total > max_count:
        raise _incomplete(TOO_MANY, what, set(), total, limit=max_count)
    seen: set[str] = set()
    offset = 0
    while True:
        fresh = [thing for thing in page if thing.id not in seen]
        seen.update(str(thing.id) for thing in fresh)
        if fresh:
            yield fresh
        if total is not None and len(seen) >= total:
            return
        if len(seen) > max_count:
            raise _incomplete(NEVER_ENDS, what, seen, total, limit=max_count)
        if not page:
            if total is None:
                return
            raise _incomplete(STOPPED, what, seen, total)
        if not fresh:
            raise _incomplete(REPEATED, what, seen, total)
        offset += len(page)
        page, new_total = fetch(offset)
        if new_total is not None and total is not None and new_total != total:
            # Something was added or deleted before this page: the offsets shifted, and a
            # walk that took the new count would end "complete" with a thing skipped.
            raise _incomplete(CHANGED, what, seen, total)
        total = new_total if new_total is not None else total


def ends_first(
    first: Page[T], fetch: Callable[[int], Page[T]], *, page_size: int, what: str
) -> Iterator[list[T]]:
    """Every page, the first and the last ones before the middle ones: a thing just created
    is at one end of a listing (which end depends on the server's order), so a look for it
    usually costs two requests instead of a scan of the whole listing. A scan that ends with
    fewer distinct things than the total (offset pages shifted by a move or delete while it
    ran) raises IncompleteListingError: a look that missed a thing must not say it is not
    there (the create would be sent again)."""
    page, total = first
    yield page
    if total is None or total <= len(page):
        return
    start = len(page)
    last_offset = max(total - page_size, start)
    tail, _ = fetch(last_offset)
    yield tail
    seen = {str(thing.id) for thing in page} | {str(thing.id) for thing in tail}
    for offset in range(start, last_offset, page_size):
        middle, _ = fetch(offset)
        fresh = [thing for thing in middle if thing.id not in seen]
        if not fresh:
            raise _incomplete(REPEATED, what, seen, total)
        seen.update(str(thing.id) for thing in fresh)
        yield fresh
    if len(seen) < total:
        raise _incomplete(SHIFTED, what, seen, total)


def _incomplete(
    reason: str, what: str, seen: set[str], total: int | None, *, limit: int | None = None
) -> IncompleteListingError:
    return IncompleteListingError(
        message=reason.format(limit=limit),
        what=what,
        received=len(seen),
        expected=total,
        reason=reason,
        limit=limit,
    )
