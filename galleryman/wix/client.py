"""The Wix Pro Gallery client: every gallery and item operation, paging, safe creates.

Thread-safe enough for one worker thread plus thumbnail threads; all clients of one site in
the process share one rate limit. Media Manager calls live in `media.py` (`MediaMixin`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from galleryman.wix.auth import Auth
from galleryman.wix.errors import MalformedResponseError, UncertainCreateError, WixError
from galleryman.wix.media import MediaMixin
from galleryman.wix.models import Gallery, Item
from galleryman.wix.ratelimit import WIX_REQUESTS_PER_MINUTE, shared_limiter
from galleryman.wix.transport import JsonObject, RetryPolicy, Safety, Transport, UncertainOutcome

log = logging.getLogger(__name__)

WIX_API_BASE = "https://www.wixapis.com"
GALLERY_PREFIX = "/pro-gallery/v2"
LEGACY_GALLERY_PREFIX = "/progallery/v2"

GALLERY_PAGE_MAX = 10
ITEM_PAGE_MAX = 100

T = TypeVar("T")


class WixClient(MediaMixin):
    def __init__(
        self,
        auth: Auth,
        base_url: str = WIX_API_BASE,
        *,
        gallery_prefix: str = GALLERY_PREFIX,
        timeout: float = 30.0,
        rate_limit_per_minute: int | None = WIX_REQUESTS_PER_MINUTE,
        retry: RetryPolicy | None = None,
        http_transport: httpx.BaseTransport | None = None,
    ) -> None:
        limiter = (
            shared_limiter(base_url, auth.budget_key, rate_limit_per_minute)
            if rate_limit_per_minute
            else None
        )
        self._transport = Transport(
            base_url,
            auth,
            limiter=limiter,
            retry=retry or RetryPolicy(),
            timeout=timeout,
            http_transport=http_transport,
        )
        self._prefix = "/" + gallery_prefix.strip("/")
        self._clock: Callable[[], float] = time.time
        # The largest sortOrder seen per gallery, so a new item can be sent with the order
        # the server would give it (see create_item).
        self._known_item_max: dict[str, float] = {}
        self._known_lock = threading.Lock()

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
        raw = data.get("galleries", data.get("gallery", []))
        total = data.get("totalGalleries", data.get("totalGalleriesCount"))
        return [Gallery.from_json(g) for g in _objects(raw, "galleries")], _opt_int(total)

    def iter_galleries(self, item_limit: int = 1) -> Iterator[Gallery]:
        """Every gallery of the site, page by page, stopping when a page brings nothing new."""
        seen: set[str] = set()
        offset = 0
        while True:
            page, total = self.list_galleries_page(offset, GALLERY_PAGE_MAX, item_limit)
            fresh = [g for g in page if g.id not in seen]
            if not fresh:
                return
            for gallery in fresh:
                seen.add(str(gallery.id))
                yield gallery
            offset += len(page)
            if total is not None and len(seen) >= total:
                return

    def list_galleries(self) -> list[Gallery]:
        """All galleries in display order (ascending sortOrder)."""
        return sort_by_order(self.iter_galleries())

    def get_gallery(self, gallery_id: str, item_offset: int = 0, item_limit: int = 50) -> Gallery:
        data = self._get(
            f"/galleries/{_seg(gallery_id)}",
            {"itemOffset": item_offset, "itemLimit": _clamp(item_limit, ITEM_PAGE_MAX)},
        )
        return Gallery.from_json(_field(data, "gallery"))

    def create_gallery(
        self,
        name: str | None = None,
        *,
        sort_order: float | None = None,
        items: Iterable[Item] = (),
    ) -> Gallery:
        """Create a gallery; it lands last unless `sort_order` says otherwise."""
        order = sort_order if sort_order is not None else self._next_gallery_order()
        gallery: JsonObject = {"sortOrder": order}
        if name is not None:
            gallery["name"] = name
        item_list = [item.to_json() for item in items]
        if item_list:
            gallery["items"] = item_list
        return self._create_gallery_safely({"gallery": gallery}, order)

    def clone_gallery(
        self, source_gallery_id: str, name: str | None = None, *, sort_order: float | None = None
    ) -> Gallery:
        """Copy a gallery and its items (new ids and dates, same relative order)."""
        order = sort_order if sort_order is not None else self._next_gallery_order()
        gallery: JsonObject = {"sortOrder": order}
        if name is not None:
            gallery["name"] = name
        body = {"gallery": gallery, "cloneFromGalleryId": source_gallery_id}
        return self._create_gallery_safely(body, order)

    def update_gallery(self, gallery_id: str, fields: Mapping[str, Any]) -> Gallery:
        """Partial update, e.g. `{"name": "Summer"}` or `{"sortOrder": 12.5}`."""
        data = self._call("PATCH", f"/galleries/{_seg(gallery_id)}", body={"gallery": dict(fields)})
        return Gallery.from_json(_field(data, "gallery"))

    def rename_gallery(self, gallery_id: str, name: str) -> Gallery:
        return self.update_gallery(gallery_id, {"name": name})

    def delete_gallery(self, gallery_id: str) -> str:
        data = self._call("DELETE", f"/galleries/{_seg(gallery_id)}")
        return str(data.get("galleryId") or gallery_id)

    # ------------------------------------------------------------------ items

    def list_items_page(
        self, gallery_id: str, offset: int = 0, limit: int = ITEM_PAGE_MAX
    ) -> list[Item]:
        data = self._get(
            f"/galleries/{_seg(gallery_id)}/items",
            {"itemOffset": offset, "itemLimit": _clamp(limit, ITEM_PAGE_MAX)},
        )
        return [Item.from_json(i) for i in _objects(data.get("items", []), "items")]

    def iter_item_pages(self, gallery_id: str) -> Iterator[list[Item]]:
        """The gallery's items, 100 at a time, as they arrive (server order, not yet sorted).

        The first page comes with Get Gallery, which also says how many items there are; the
        walk stops at that count or when a page brings no new ids, so a server that ignores
        the paging parameters cannot make it loop.
        """
        first = self.get_gallery(gallery_id, 0, ITEM_PAGE_MAX)
        total = first.total_items
        seen: set[str] = set()
        page = first.items
        offset = 0
        while True:
            fresh = [i for i in page if i.id not in seen]
            if not fresh:
                return
            seen.update(str(i.id) for i in fresh)
            for item in fresh:
                self._note_item_order(gallery_id, item.sort_order)
            yield fresh
            offset += len(page)
            if total is not None and len(seen) >= total:
                return
            page = self.list_items_page(gallery_id, offset, ITEM_PAGE_MAX)

    def list_items(self, gallery_id: str) -> list[Item]:
        """All items of a gallery in display order (ascending sortOrder)."""
        return sort_by_order(item for page in self.iter_item_pages(gallery_id) for item in page)

    def get_item(self, gallery_id: str, item_id: str) -> Item:
        data = self._get(f"/galleries/{_seg(gallery_id)}/items/{_seg(item_id)}")
        return Item.from_json(_field(data, "item"))

    def create_item(self, gallery_id: str, item: Item) -> Item:
        """Create an item. Without a sortOrder it lands last (the server's rule).

        A create is never retried blindly: after an ambiguous failure the client looks for
        the item first. To make that look exact, the item is sent with an explicit sortOrder
        (sortOrders are unique in a gallery), chosen like the server would when none is given.
        """
        body = item.to_json()
        for read_only in ("id", "type", "createdDate", "updatedDate"):
            body.pop(read_only, None)
        if body.get("sortOrder") is None:
            body["sortOrder"] = self._next_item_order(gallery_id)
        order = float(body["sortOrder"])
        path = f"/galleries/{_seg(gallery_id)}/items"

        def find() -> Item | None:
            return self._find_item_by_order(gallery_id, order, item)

        created = self._create(
            path, {"item": body}, find, lambda d: Item.from_json(_field(d, "item"))
        )
        self._note_item_order(gallery_id, created.sort_order)
        return created

    def update_item(self, gallery_id: str, item_id: str, fields: Mapping[str, Any]) -> Item:
        """Partial update with item JSON, e.g. `{"title": "x", "link": None}` (None clears)."""
        data = self._call(
            "PATCH",
            f"/galleries/{_seg(gallery_id)}/items/{_seg(item_id)}",
            body={"item": dict(fields)},
        )
        updated = Item.from_json(_field(data, "item"))
        self._note_item_order(gallery_id, updated.sort_order)
        return updated

    def delete_item(self, gallery_id: str, item_id: str) -> str:
        data = self._call("DELETE", f"/galleries/{_seg(gallery_id)}/items/{_seg(item_id)}")
        return str(data.get("itemId") or item_id)

    def bulk_delete_items(self, gallery_id: str, item_ids: Iterable[str]) -> list[str]:
        """Delete several items in one call; returns the ids the server deleted."""
        ids = list(item_ids)
        if not ids:
            return []
        data = self._call(
            "POST",
            f"/galleries/{_seg(gallery_id)}/items/delete",
            body={"itemIds": ids},
            safety=Safety.IDEMPOTENT,  # deleting the same ids twice changes nothing
        )
        deleted = data.get("itemIds", ids)
        return [str(i) for i in deleted] if isinstance(deleted, list) else ids

    # ------------------------------------------------------------------ internals

    def _note_item_order(self, gallery_id: str, order: float | None) -> None:
        if order is None:
            return
        with self._known_lock:
            known = self._known_item_max.get(gallery_id)
            self._known_item_max[gallery_id] = order if known is None else max(known, order)

    def _next_item_order(self, gallery_id: str) -> float:
        with self._known_lock:
            known = self._known_item_max.get(gallery_id)
        if known is None:
            # Learn the gallery's largest sortOrder once (a listing also teaches it); every
            # later create in this session then needs no extra request.
            for _page in self.iter_item_pages(gallery_id):
                pass
            with self._known_lock:
                known = self._known_item_max.get(gallery_id)
        return _after(known, self._clock())

    def _next_gallery_order(self) -> float:
        orders = [g.sort_order for g in self.iter_galleries()]
        return _after(max((o for o in orders if o is not None), default=None), self._clock())

    def _find_item_by_order(self, gallery_id: str, order: float, wanted: Item) -> Item | None:
        """The item with this sortOrder, if it is the one we tried to create."""
        pages = self._pages_newest_first(gallery_id)
        for page in pages:
            for candidate in page:
                if candidate.sort_order == order:
                    return candidate if _same_content(candidate, wanted) else None
        return None

    def _pages_newest_first(self, gallery_id: str) -> Iterator[list[Item]]:
        """All pages, the last one first: a new item lands last, so the look is usually short."""
        total = self.get_gallery(gallery_id, 0, 1).total_items or 0
        last_offset = max(total - ITEM_PAGE_MAX, 0)
        tail = self.list_items_page(gallery_id, last_offset, ITEM_PAGE_MAX)
        yield tail
        if last_offset > 0:
            yield from self.iter_item_pages(gallery_id)

    def _create_gallery_safely(self, body: JsonObject, order: float) -> Gallery:
        name = body["gallery"].get("name")

        def find() -> Gallery | None:
            for gallery in self.iter_galleries():
                if gallery.sort_order == order and (name is None or gallery.name == name):
                    return gallery
            return None

        return self._create(
            "/galleries", body, find, lambda d: Gallery.from_json(_field(d, "gallery"))
        )

    def _create(
        self,
        path: str,
        body: JsonObject,
        find_existing: Callable[[], T | None],
        parse: Callable[[JsonObject], T],
    ) -> T:
        """POST a create; after an ambiguous failure, look before retrying."""
        retry = self._transport.retry
        attempt = 0
        while True:
            attempt += 1
            try:
                return parse(self._call("POST", path, body=body, safety=Safety.CREATE))
            except UncertainOutcome as uncertain:
                error = uncertain.error
                log.info("create at %s had an ambiguous failure (%s); checking", path, error)
                try:
                    existing = find_existing()
                except WixError as check_error:
                    raise UncertainCreateError(
                        message=f"{error.user_message} (and the check failed: {check_error})",
                        status=error.status,
                        method="POST",
                        path=path,
                        attempts=attempt,
                    ) from check_error
                if existing is not None:
                    log.info("the create at %s had taken effect; not sending it again", path)
                    return existing
                if attempt >= retry.max_attempts:
                    error.attempts = attempt
                    raise error from None
                retry.sleep(retry.delay(attempt, None))

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


def sort_by_order(things: Iterable[T]) -> list[T]:
    """Display order: ascending sortOrder; ones without a sortOrder last, in arrival order."""
    listed = list(things)
    return sorted(
        listed,
        key=lambda t: (
            getattr(t, "sort_order", None) is None,
            getattr(t, "sort_order", None) or 0.0,
        ),
    )


def _after(largest: float | None, now: float) -> float:
    """The server's default for a new sortOrder: now, raised above everything present."""
    candidate = round(now, 6)
    if largest is not None and candidate <= largest:
        candidate = float(int(largest) + 1)
    return candidate


def _same_content(found: Item, wanted: Item) -> bool:
    return (
        found.media_type == wanted.media_type
        and found.media_id == wanted.media_id
        and (found.title or None) == (wanted.title or None)
    )


def _seg(value: str) -> str:
    """An id as one URL path segment (ids never contain '/', but never trust that)."""
    if not value or "/" in value or value in (".", ".."):
        raise ValueError(f"Not a valid id: {value!r}")
    return quote(value, safe="~-_.")


def _clamp(value: int, maximum: int) -> int:
    return max(1, min(int(value), maximum))


def _field(data: JsonObject, name: str) -> dict[str, Any]:
    value = data.get(name)
    if not isinstance(value, dict):
        raise MalformedResponseError(message=f"the answer has no {name!r} object")
    return value


def _objects(value: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise MalformedResponseError(message=f"{name!r} in the answer is not a list")
    return [v for v in value if isinstance(v, dict)]


def _opt_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
