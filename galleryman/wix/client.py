"""The Wix Pro Gallery client: every gallery and item operation, paging, safe creates.

Thread-safe enough for one worker thread plus thumbnail threads; all clients of one site in
the process share one rate limit. Media Manager calls live in `media.py` (`MediaMixin`).

What the client promises (the decisions behind it are in the module docstrings):
* success is exactly HTTP 200 with the documented JSON wrapper; anything else is a typed
  `WixError` with a readable `user_message`, never an empty success (`transport.py`);
* answers are checked before they become models (`answers.py`);
* listings never loop and never come back short without saying so (`paging.py`);
* a create is never repeated blindly: after an ambiguous failure the client looks for it
  first (`_create`), and a None in an update's fields is cleared for sure (`clearing.py`);
* every call is bounded in time and size (`limits.py`) and reports its waits (`observer.py`).
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import httpx

from galleryman.core.i18n import tr
from galleryman.core.ordering import sort_by_order
from galleryman.wix.answers import (
    ItemModels,
    ItemPageReader,
    L,
    count_of,
    gallery_from,
    item_from,
    listed,
    wrapped,
)
from galleryman.wix.auth import Auth
from galleryman.wix.clearing import Clearer
from galleryman.wix.creates import Create, create_once, same_content
from galleryman.wix.deletes import delete_many, delete_one, still_there
from galleryman.wix.errors import (
    InvalidValueError,
    MalformedResponseError,
)
from galleryman.wix.limits import Limits
from galleryman.wix.media import MediaMixin
from galleryman.wix.models import Gallery, Item
from galleryman.wix.observer import WaitObserver
from galleryman.wix.paging import Page, ends_first, walk_pages
from galleryman.wix.ratelimit import WIX_REQUESTS_PER_MINUTE, shared_limiter
from galleryman.wix.transport import (
    JsonObject,
    RetryPolicy,
    Safety,
    Transport,
)
from galleryman.wix.urls import WIX_API_BASE
from galleryman.wix.values import KnownOrders, check_sendable, sort_order_after

log = logging.getLogger(__name__)

# The path Wix's own SDK sends every Pro Gallery call to; "/pro-gallery/v2" (current docs)
# can be configured with `gallery_prefix=`.
GALLERY_PREFIX = "/progallery/v2"

GALLERY_PAGE_MAX = 10
ITEM_PAGE_MAX = 100


class WixClient(MediaMixin):
    def __init__(
        self,
        auth: Auth,
        base_url: str = WIX_API_BASE,
        *,
        gallery_prefix: str = GALLERY_PREFIX,
        timeout: float | None = None,
        rate_limit_per_minute: int | None = WIX_REQUESTS_PER_MINUTE,
        retry: RetryPolicy | None = None,
        limits: Limits | None = None,
        on_wait: WaitObserver | None = None,
        http_transport: httpx.BaseTransport | None = None,
    ) -> None:
        """`timeout`, when given, replaces the connect, read and write timeouts of `limits`
        (seconds of silence on one socket operation); see `Limits` for the rest."""
        limiter = (
            shared_limiter(base_url, auth.budget_key, rate_limit_per_minute)
            if rate_limit_per_minute
            else None
        )
        limits = limits or Limits()
        if timeout is not None:
            limits = replace(
                limits, connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout
            )
        self._transport = Transport(
            base_url,
            auth,
            limiter=limiter,
            retry=retry or RetryPolicy(),
            limits=limits,
            http_transport=http_transport,
        )
        self._transport.observer = on_wait
        self._prefix = "/" + gallery_prefix.strip("/")
        self._clock: Callable[[], float] = time.time
        self._clearer = Clearer()
        # The largest sortOrders seen, so a new item or gallery can be sent with the order
        # the server would give it without listing first (see create_item).
        self._known = KnownOrders()

    def __repr__(self) -> str:
        return f"WixClient(base_url={self.base_url!r})"

    def __enter__(self) -> WixClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._transport.close()

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    @property
    def requests_sent(self) -> int:
        """HTTP requests sent so far, retries included (for tests and benchmarks)."""
        return self._transport.requests_sent

    # ------------------------------------------------------------------ waiting

    def set_observer(self, on_wait: WaitObserver | None) -> None:
        """Install (or remove) the callback told about every wait (see `observer.py`)."""
        self._transport.observer = on_wait

    @property
    def requests_waiting(self) -> int:
        """Requests of this site held back by the rate limit right now (all its clients)."""
        limiter = self._transport.limiter
        return limiter.waiting if limiter is not None else 0

    def eta_seconds(self, requests: int) -> float:
        """About how long `requests` more requests take from now: the later of when the rate
        limit lets the last one go and their count times the recent time per request."""
        limiter = self._transport.limiter
        throttled = limiter.eta(requests) if limiter is not None else 0.0
        return max(throttled, requests * self._transport.average_seconds)

    @contextlib.contextmanager
    def low_priority(self) -> Iterator[None]:
        """Requests made inside are background work (the later pages of a big listing): they
        leave part of the site's rate budget free, so the user's changes never queue behind
        them."""
        previous = self._transport.background
        self._transport.background = True
        try:
            yield
        finally:
            self._transport.background = previous

    def remember_largest_sort_order(self, gallery_id: str | None, order: float) -> None:
        """Tell the client the largest sortOrder a gallery's items have (or, with None, the
        largest of the site's galleries), so a create without a sortOrder lists nothing."""
        if gallery_id is None:
            self._known.note_gallery(order)
        else:
            self._known.note_item(gallery_id, order)

    # ------------------------------------------------------------------ galleries

    def list_galleries_page(
        self, offset: int = 0, limit: int = GALLERY_PAGE_MAX, item_limit: int = 1
    ) -> tuple[list[Gallery], int | None]:
        """One page of galleries (each with up to `item_limit` items) and the total count."""
        data = self._get(
            "/galleries",
            {"offset": offset, "limit": _clamp(limit, GALLERY_PAGE_MAX), "itemLimit": item_limit},
        )
        # The documented example uses `gallery`/`totalGalleriesCount`; the schema wins.
        key = "galleries" if "galleries" in data or "gallery" not in data else "gallery"
        raws = listed(data, key, "galleries")
        total_raw = data.get("totalGalleries", data.get("totalGalleriesCount"))
        total = count_of(total_raw)
        if total_raw is not None and total is None:
            raise MalformedResponseError(message=f"the gallery count is {total_raw!r}")
        galleries = [gallery_from(g, f"gallery {n + 1} of the listing") for n, g in enumerate(raws)]
        for gallery in galleries:
            self._known.note_gallery(gallery.sort_order)
        return galleries, total

    def iter_galleries(self, item_limit: int = 1) -> Iterator[Gallery]:
        """Every gallery of the site, page by page (IncompleteListingError if it cannot)."""
        first = self.list_galleries_page(0, GALLERY_PAGE_MAX, item_limit)

        def fetch(offset: int) -> Page[Gallery]:
            return self.list_galleries_page(offset, GALLERY_PAGE_MAX, item_limit)

        limit = self._transport.limits.max_listed_galleries
        for page in walk_pages(first, fetch, what="galleries", max_count=limit):
            yield from page
        self._known.note_gallery(-math.inf)  # listed whole: an empty site is known too

    def list_galleries(self) -> list[Gallery]:
        """All galleries in display order (ascending sortOrder)."""
        return sort_by_order(self.iter_galleries())

    def get_gallery(self, gallery_id: str, item_offset: int = 0, item_limit: int = 50) -> Gallery:
        data = self._get(
            f"/galleries/{_seg(gallery_id)}",
            {"itemOffset": item_offset, "itemLimit": _clamp(item_limit, ITEM_PAGE_MAX)},
        )
        return gallery_from(wrapped(data, "gallery"))

    def create_gallery(
        self,
        name: str | None = None,
        *,
        sort_order: float | None = None,
        items: Iterable[Item] = (),
    ) -> Gallery:
        """Create a gallery; it lands last unless `sort_order` says otherwise."""
        gallery: JsonObject = {"sortOrder": _order(sort_order, self._next_gallery_order)}
        if name is not None:
            gallery["name"] = name
        item_list = [item.to_json() for item in items]
        if item_list:
            gallery["items"] = item_list
        return self._create_gallery({"gallery": gallery}, chosen=sort_order is None)

    def clone_gallery(
        self, source_gallery_id: str, name: str | None = None, *, sort_order: float | None = None
    ) -> Gallery:
        """Copy a gallery and its items (new ids and dates, same relative order)."""
        gallery: JsonObject = {"sortOrder": _order(sort_order, self._next_gallery_order)}
        if name is not None:
            gallery["name"] = name
        body = {"gallery": gallery, "cloneFromGalleryId": _seg(source_gallery_id)}
        return self._create_gallery(body, chosen=sort_order is None)

    def update_gallery(self, gallery_id: str, fields: Mapping[str, Any]) -> Gallery:
        """Partial update, e.g. `{"name": "Summer"}` or `{"sortOrder": 12.5}`; a None at any
        depth clears that field (checked, see `clearing.py`)."""
        check_sendable(dict(fields), "gallery")
        path = f"/galleries/{_seg(gallery_id)}"

        def send(body: JsonObject) -> JsonObject:
            raw = wrapped(self._call("PATCH", path, body={"gallery": body}), "gallery")
            gallery_from(raw)
            return raw

        updated = Gallery.from_json(self._clearer.patch(fields, Gallery, send))
        self._known.note_gallery(updated.sort_order)
        return updated

    def rename_gallery(self, gallery_id: str, name: str) -> Gallery:
        return self.update_gallery(gallery_id, {"name": name})

    def delete_gallery(self, gallery_id: str) -> str:
        """Delete a gallery; an answer that does not say so is checked (see `deletes.py`)."""
        path = self._prefix + f"/galleries/{_seg(gallery_id)}"
        return delete_one(self._transport, path, "galleryId", gallery_id, self._gallery_there)

    # ------------------------------------------------------------------ items

    def list_items_page(
        self, gallery_id: str, offset: int = 0, limit: int = ITEM_PAGE_MAX
    ) -> list[Item]:
        return self._items_page(gallery_id, offset, limit, ItemModels())

    def _items_page(
        self, gallery_id: str, offset: int, limit: int, reader: ItemPageReader[L]
    ) -> list[L]:
        params = {"itemOffset": offset, "itemLimit": _clamp(limit, ITEM_PAGE_MAX)}
        path = self._prefix + f"/galleries/{_seg(gallery_id)}/items"
        items, malformed = self._transport.call("GET", path, params=params, decode=reader.body)
        if malformed is not None:  # raised here, as a check after the call (never retried)
            raise MalformedResponseError(message=malformed)
        return items

    def iter_item_pages(self, gallery_id: str) -> Iterator[list[Item]]:
        """The gallery's items, 100 at a time, as they arrive (server order, not yet sorted).

        The first page comes with Get Gallery, which also says how many items there are; the
        walk ends at that count. A short listing, a server that ignores the offset, or a
        listing that never ends raise IncompleteListingError (after the pages already
        yielded), never a short list taken for the whole gallery.
        """
        return self.read_item_pages(gallery_id, ItemModels())

    def read_item_pages(self, gallery_id: str, reader: ItemPageReader[L]) -> Iterator[list[L]]:
        """`iter_item_pages`, each page read by `reader` (which may parse it elsewhere)."""
        first = self.get_gallery(gallery_id, 0, ITEM_PAGE_MAX)

        def fetch(offset: int) -> Page[L]:
            return self._items_page(gallery_id, offset, ITEM_PAGE_MAX, reader), None

        limit = self._transport.limits.max_listed_items
        start: Page[L] = (reader.models(first.items), first.total_items)
        for page in walk_pages(start, fetch, what="items", max_count=limit):
            for item in page:
                self._known.note_item(gallery_id, item.sort_order)
            yield page
        self._known.note_item(gallery_id, -math.inf)  # listed whole: an empty one is known too

    def list_items(self, gallery_id: str) -> list[Item]:
        """All items of a gallery in display order (ascending sortOrder)."""
        return sort_by_order(item for page in self.iter_item_pages(gallery_id) for item in page)

    def get_item(self, gallery_id: str, item_id: str) -> Item:
        data = self._get(f"/galleries/{_seg(gallery_id)}/items/{_seg(item_id)}")
        return item_from(wrapped(data, "item"))

    def create_item(self, gallery_id: str, item: Item) -> Item:
        """Create an item. Without a sortOrder it lands last (the server's rule).

        A create is never retried blindly: after an ambiguous failure the client looks for
        the item first. To make that look exact, the item is sent with an explicit sortOrder
        (sortOrders are unique in a gallery), chosen like the server would when none is given
        (from what the client knows: a listing, `remember_largest_sort_order`, or else one
        listing). Given a sortOrder, the create is one request.
        """
        body = item.to_json()
        for read_only in ("id", "type", "createdDate", "updatedDate"):
            body.pop(read_only, None)
        chosen = body.get("sortOrder") is None
        body["sortOrder"] = _order(body.get("sortOrder"), lambda: self._next_item_order(gallery_id))
        check_sendable(body, "item")

        def find(order: float) -> Item | None:
            return self._find_item_by_order(gallery_id, order, item)

        def rechoose() -> float:
            self._known.forget_items(gallery_id)
            return self._next_item_order(gallery_id)

        create = Create(
            self._prefix + f"/galleries/{_seg(gallery_id)}/items",
            {"item": body},
            "item",
            find,
            lambda data: item_from(wrapped(data, "item")),
            rechoose if chosen else None,
        )
        created = create_once(self._transport, create)
        self._known.note_item(gallery_id, created.sort_order)
        return created

    def update_item(self, gallery_id: str, item_id: str, fields: Mapping[str, Any]) -> Item:
        """Partial update with item JSON, e.g. `{"title": "x", "link": None}`. A None at any
        depth clears that field, and the answer is checked: if Wix kept the old value, the
        other form is sent, and failing that FieldNotClearedError (see `clearing.py`)."""
        check_sendable(dict(fields), "item")
        path = f"/galleries/{_seg(gallery_id)}/items/{_seg(item_id)}"

        def send(body: JsonObject) -> JsonObject:
            raw = wrapped(self._call("PATCH", path, body={"item": body}), "item")
            item_from(raw)
            return raw

        updated = Item.from_json(self._clearer.patch(fields, Item, send))
        self._known.note_item(gallery_id, updated.sort_order)
        return updated

    def delete_item(self, gallery_id: str, item_id: str) -> str:
        """Delete an item; an answer that does not say so is checked (see `deletes.py`)."""
        path = self._prefix + f"/galleries/{_seg(gallery_id)}/items/{_seg(item_id)}"
        return delete_one(self._transport, path, "itemId", item_id, self._item_checker(gallery_id))

    def bulk_delete_items(self, gallery_id: str, item_ids: Iterable[str]) -> list[str]:
        """Delete several items in one call; returns the ids deleted (all of them).

        Ids the answer does not list (or all, when the answer is unreadable) are checked one
        by one (404 = gone); any still there raise PartialDeleteError.
        """
        ids = list(dict.fromkeys(item_ids))
        for item_id in ids:
            _seg(item_id)  # refuses an id that is not one
        if not ids:
            return []
        path = self._prefix + f"/galleries/{_seg(gallery_id)}/items/delete"
        return delete_many(self._transport, path, ids, self._item_checker(gallery_id))

    # ------------------------------------------------------------------ internals

    def _item_checker(self, gallery_id: str) -> Callable[[str], bool]:
        return lambda item_id: still_there(lambda: self.get_item(gallery_id, item_id))

    def _gallery_there(self, gallery_id: str) -> bool:
        return still_there(lambda: self.get_gallery(gallery_id, 0, 1))

    def _next_item_order(self, gallery_id: str) -> float:
        if self._known.item_max(gallery_id) is None:
            # Learn the gallery's largest sortOrder once (a listing also teaches it); every
            # later create in this session then needs no extra request.
            for _page in self.iter_item_pages(gallery_id):
                pass
        return sort_order_after(self._known.item_max(gallery_id), self._clock())

    def _next_gallery_order(self) -> float:
        if self._known.gallery_max() is None:
            for _gallery in self.iter_galleries():  # teaches the largest sortOrder
                pass
        return sort_order_after(self._known.gallery_max(), self._clock())

    def _find_item_by_order(self, gallery_id: str, order: float, wanted: Item) -> Item | None:
        """The item with this sortOrder, if it is the one we tried to create. Both ends of the
        listing are looked at before the middle (see `paging.ends_first`)."""
        first = self.get_gallery(gallery_id, 0, ITEM_PAGE_MAX)

        def fetch(offset: int) -> Page[Item]:
            return self.list_items_page(gallery_id, offset, ITEM_PAGE_MAX), None

        pages = ends_first(
            (first.items, first.total_items), fetch, page_size=ITEM_PAGE_MAX, what="items"
        )
        for page in pages:
            for candidate in page:
                if candidate.sort_order == order:
                    return candidate if same_content(candidate, wanted) else None
        return None

    def _create_gallery(self, body: JsonObject, *, chosen: bool) -> Gallery:
        name = body["gallery"].get("name")

        def find(order: float) -> Gallery | None:
            first = self.list_galleries_page(0, GALLERY_PAGE_MAX)

            def fetch(offset: int) -> Page[Gallery]:
                return self.list_galleries_page(offset, GALLERY_PAGE_MAX)

            for page in ends_first(first, fetch, page_size=GALLERY_PAGE_MAX, what="galleries"):
                for gallery in page:
                    if gallery.sort_order == order:
                        return gallery if name is None or gallery.name == name else None
            return None

        def rechoose() -> float:
            self._known.forget_galleries()
            return self._next_gallery_order()

        create = Create(
            self._prefix + "/galleries",
            body,
            "gallery",
            find,
            lambda data: gallery_from(wrapped(data, "gallery")),
            rechoose if chosen else None,
        )
        created = create_once(self._transport, create)
        self._known.note_gallery(created.sort_order)
        return created

    def _get(self, path: str, params: Mapping[str, Any] | None = None) -> JsonObject:
        return self._call("GET", path, params=params)

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: JsonObject | None = None,
        safety: Safety = Safety.IDEMPOTENT,
    ) -> JsonObject:
        return self._transport.call(
            method, self._prefix + path, params=params, body=body, safety=safety
        )


def _order(given: Any, choose: Callable[[], float]) -> float:
    """The sortOrder to send: the one given (a finite number), or a new one."""
    if given is None:
        return choose()
    number: float | None = None
    if isinstance(given, int | float | str) and not isinstance(given, bool):
        # (a model keeps a server's "12.5" as it came)
        with contextlib.suppress(ValueError, OverflowError):
            number = float(given)
    if number is None:
        raise InvalidValueError(message=f"sortOrder must be a number, not {given!r}.")
    check_sendable(number, "sortOrder")
    return number


def _seg(value: str) -> str:
    """An id as one URL path segment (ids never contain '/', but never trust that)."""
    if not isinstance(value, str) or not value or "/" in value or value in (".", ".."):
        raise ValueError(tr("Not a valid id: {value}").format(value=repr(value)))
    check_sendable(value, "an id")
    return quote(value, safe="~-_.")


def _clamp(value: int, maximum: int) -> int:
    return max(1, min(int(value), maximum))
