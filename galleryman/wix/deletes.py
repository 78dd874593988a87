"""Deleting, and saying "deleted" only when it is true.

Wix answers a delete with what it deleted (`{galleryId}`, `{itemId}`, `{itemIds}`). An answer
that does not say so (an empty or unreadable 200, a missing id) is not taken on trust either
way: the client asks for the thing (404 = gone) and reports what is so. A redirect is never
followed and never success. The one deliberate exception is kept explicit: a retried DELETE
answered 404 after an attempt that may have gone through counts as done (`AlreadyDeleted`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from galleryman.wix.errors import (
    MalformedResponseError,
    NotFoundError,
    PartialDeleteError,
    UnexpectedRedirectError,
    WixError,
)
from galleryman.wix.transport import AlreadyDeleted, Safety, Transport

log = logging.getLogger(__name__)

StillThere = Callable[[str], bool]  # id -> whether a GET still finds it (False on a 404)


def delete_one(transport: Transport, path: str, key: str, wanted: str, there: StillThere) -> str:
    """DELETE `path`; an answer that does not name `wanted` under `key` is checked."""
    try:
        data = transport.call("DELETE", path)
        if data.get(key) != wanted:
            raise MalformedResponseError(
                message=f"the answer does not name the deleted {key!r}",
                status=200,
                method="DELETE",
                path=path,
            )
    except AlreadyDeleted:
        return wanted  # a retry found it gone after an attempt that may have deleted it
    except UnexpectedRedirectError:
        raise
    except MalformedResponseError as unreadable:
        try:
            gone = not there(wanted)
        except WixError as check_error:
            raise unreadable from check_error
        if not gone:
            raise  # still there: it was not deleted
    return wanted


def delete_many(transport: Transport, path: str, ids: list[str], there: StillThere) -> list[str]:
    """POST a bulk delete of `ids`; those the answer does not list are checked one by one.
    Returns `ids` when every one is gone, else raises PartialDeleteError."""
    unsure = ids
    try:
        # Deleting the same ids twice changes nothing: safe to retry.
        data = transport.call("POST", path, body={"itemIds": ids}, safety=Safety.IDEMPOTENT)
    except UnexpectedRedirectError:
        raise
    except MalformedResponseError as unreadable:
        log.info("bulk delete answered unreadably (%s); checking each item", unreadable)
    else:
        said = data.get("itemIds")
        if isinstance(said, list):
            listed = {str(i) for i in said}
            unsure = [i for i in ids if i not in listed]
    remaining = [i for i in unsure if there(i)]
    if remaining:
        raise PartialDeleteError(
            message=f"{len(remaining)} of {len(ids)} items are still there",
            deleted=[i for i in ids if i not in remaining],
            remaining=remaining,
        )
    return ids


def still_there(get: Callable[[], object]) -> bool:
    """Whether `get()` finds the thing: False on a 404; other errors propagate."""
    try:
        get()
    except NotFoundError:
        return False
    return True
