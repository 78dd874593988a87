"""The one place the sync core talks to the site: every WixClient call, in JSON, with errors
sorted into what the sender must do about them.

Everything above this module deals in the server's JSON (dicts, exactly as sent) and in
`RemoteError`, never in the client's calls or exception classes, so a change of the client's
API touches this file only. A listing's items also carry the client's parse of them
(`ListedItem`), so the catalog and the grid read their fields without parsing them again.

Uploads keep their state (`UploadState`) here, in memory, per change. The upload URL holds a
secret token, so it never goes to the outbox file: between its issue and the file id it is
kept in an `UploadUrls` store (the system keyring), so a resend after a crash PUTs it again
(a second PUT to a used URL answers with the same file; the soak found the second file a
crash during the PUT left). Once the outbox has the file id, that is what prevents a second
upload, and the URL is dropped.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from galleryman.core.failures import ExpectedFailure
from galleryman.core.i18n import tr
from galleryman.sync.listed import ListedItem, parse_page
from galleryman.sync.listing_process import ListingProcess
from galleryman.wix.client import ITEM_PAGE_MAX, WixClient
from galleryman.wix.errors import (
    AuthenticationError,
    FieldNotClearedError,
    IncompleteListingError,
    InvalidValueError,
    LocalFileError,
    MalformedResponseError,
    MediaProcessingError,
    NetworkError,
    NotFoundError,
    PartialDeleteError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    ThrottledTooLongError,
    UncertainCreateError,
    UnexpectedRedirectError,
    UploadLinkExpiredError,
    ValidationError,
    WixError,
)
from galleryman.wix.models import FileDescriptor, Gallery, Item
from galleryman.wix.paging import Page, ends_first
from galleryman.wix.uploads import UploadPhase, UploadState

JsonObject = dict[str, Any]
GALLERY_PAGE_MAX = 10


class Failure(enum.StrEnum):
    OFFLINE = "offline"  # no usable answer (network, 5xx, throttled): try again later
    UNSURE = "unsure"  # it may have been done, the answer was lost or unreadable
    SITE = "site"  # the site refuses us (key, permission, wrong address): all changes wait
    GONE = "gone"  # the gallery or item is not there (404)
    INVALID = "invalid"  # Wix refused the data
    ORDER_TAKEN = "order_taken"  # another item or gallery already has that sortOrder
    FILE = "file"  # the local file cannot be uploaded, or Wix could not process it
    NOT_CLEARED = "not_cleared"  # saved, except a field meant to be cleared
    PARTIAL = "partial"  # a bulk delete left some items in place
    OTHER = "other"


class RemoteError(ExpectedFailure):
    def __init__(
        self,
        failure: Failure,
        sentence: str,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        deleted: tuple[str, ...] = (),
        remaining: tuple[str, ...] = (),
        short_listing: bool = False,
    ) -> None:
        super().__init__(sentence)
        self.failure = failure
        self.sentence = sentence
        self.retryable = retryable
        self.retry_after = retry_after
        self.deleted = deleted
        self.remaining = remaining
        # A listing's pages did not add up (offset paging: items moved or deleted while it
        # ran shift the pages after them), as opposed to no answer at all.
        self.short_listing = short_listing


@contextmanager
def translated() -> Iterator[None]:
    """Turn the client's errors into RemoteError (the secret-free sentence included)."""
    try:
        yield
    except WixError as error:
        raise _translate(error) from error


def _translate(error: WixError) -> RemoteError:
    sentence = error.user_message
    if isinstance(error, NotFoundError):
        return RemoteError(Failure.GONE, sentence)
    if isinstance(error, ValidationError):
        if any(v.field.endswith("sortOrder") for v in error.field_violations):
            return RemoteError(Failure.ORDER_TAKEN, sentence)
        return RemoteError(Failure.INVALID, sentence)
    if isinstance(error, InvalidValueError):
        return RemoteError(Failure.INVALID, sentence)
    if isinstance(error, AuthenticationError | PermissionDeniedError | UnexpectedRedirectError):
        return RemoteError(Failure.SITE, sentence, retryable=True)
    if isinstance(error, ThrottledTooLongError):
        return RemoteError(Failure.OFFLINE, sentence, retryable=True, retry_after=error.retry_after)
    if isinstance(error, UncertainCreateError):
        return RemoteError(Failure.UNSURE, sentence, retryable=True)
    if isinstance(error, MalformedResponseError):
        # A 5xx page from a proxy: nothing reached Wix. A garbled 200: it may have been done.
        certain = error.status is not None and error.status >= 500
        return RemoteError(Failure.OFFLINE if certain else Failure.UNSURE, sentence, retryable=True)
    if isinstance(error, IncompleteListingError):
        return RemoteError(Failure.OFFLINE, sentence, retryable=True, short_listing=True)
    if isinstance(error, NetworkError | ServerError | RateLimitedError | UploadLinkExpiredError):
        return RemoteError(Failure.OFFLINE, sentence, retryable=True)
    if isinstance(error, FieldNotClearedError):
        return RemoteError(Failure.NOT_CLEARED, sentence, retryable=True)
    if isinstance(error, PartialDeleteError):
        return RemoteError(
            Failure.PARTIAL,
            sentence,
            retryable=True,
            deleted=tuple(error.deleted),
            remaining=tuple(error.remaining),
        )
    if isinstance(error, LocalFileError):
        return RemoteError(Failure.FILE, sentence)
    if isinstance(error, MediaProcessingError):
        return RemoteError(Failure.FILE, sentence, retryable=True)
    return RemoteError(Failure.OTHER, sentence, retryable=error.retryable)


class UploadUrls(Protocol):
    """A secret store for upload URLs, by the upload's name (unique for all time)."""

    def get(self, name: str) -> str | None: ...

    def put(self, name: str, url: str) -> None: ...

    def drop(self, name: str) -> None: ...


class _ListedPages:
    """A listing's pages read for the catalog (`ItemPageReader`), by the listing process
    when one is given."""

    def __init__(self, listing: ListingProcess | None) -> None:
        self._listing = listing

    def models(self, items: list[Item]) -> list[ListedItem]:
        return [ListedItem.of(item) for item in items]

    def body(self, raw: bytes) -> tuple[list[ListedItem], str | None] | None:
        return parse_page(raw) if self._listing is None else self._listing.parse(raw)


class Remote:
    """A site's client, as the sync core uses it (one per sender thread)."""

    def __init__(
        self,
        client: WixClient,
        upload_urls: UploadUrls | None = None,
        listing: ListingProcess | None = None,
    ) -> None:
        self._client = client
        self._uploads: dict[str, UploadState] = {}
        self._urls = upload_urls
        self._kept: set[str] = set()  # names with a URL in the store
        self._pages = _ListedPages(listing)

    # ------------------------------------------------------------------ reading

    def list_galleries(self) -> list[JsonObject]:
        with translated():
            return [g.to_json() for g in self._client.iter_galleries(item_limit=1)]

    def item_pages(self, gallery_id: str) -> Iterator[list[ListedItem]]:
        """The gallery's items, a page at a time (IncompleteListingError -> OFFLINE), each
        parsed once (by the listing process, when there is one): nothing above parses them
        again."""
        with translated():
            yield from self._client.read_item_pages(gallery_id, self._pages)

    def get_item(self, gallery_id: str, item_id: str) -> JsonObject:
        with translated():
            return self._client.get_item(gallery_id, item_id).to_json()

    def get_gallery(self, gallery_id: str) -> JsonObject:
        with translated():
            return self._client.get_gallery(gallery_id, 0, 1).to_json()

    def find_item(
        self, gallery_id: str, sort_order: float, media_type: str, media_id: str | None
    ) -> JsonObject | None:
        """The gallery's item with this sortOrder and media, if there is one: what an
        ambiguous create left behind. Both ends of the listing are read first."""
        client = self._client
        with translated():
            first = client.get_gallery(gallery_id, 0, ITEM_PAGE_MAX)

            def fetch(offset: int) -> Page[Item]:
                return client.list_items_page(gallery_id, offset, ITEM_PAGE_MAX), None

            start: Page[Item] = (first.items, first.total_items)
            for page in ends_first(start, fetch, page_size=ITEM_PAGE_MAX, what="items"):
                for item in page:
                    if (
                        item.sort_order == sort_order
                        and item.media_type == media_type
                        and (media_id is None or item.media_id == media_id)
                    ):
                        return item.to_json()
        return None

    def find_gallery(self, sort_order: float, name: str | None) -> JsonObject | None:
        """The site's gallery with this sortOrder (and name, when given), if there is one."""
        client = self._client
        with translated():

            def fetch(offset: int) -> Page[Gallery]:
                return client.list_galleries_page(offset, GALLERY_PAGE_MAX)

            first = fetch(0)
            for page in ends_first(first, fetch, page_size=GALLERY_PAGE_MAX, what="galleries"):
                for gallery in page:
                    if gallery.sort_order == sort_order and (name is None or gallery.name == name):
                        return gallery.to_json()
        return None

    # ------------------------------------------------------------------ writing

    def create_gallery(self, name: str | None, sort_order: float) -> JsonObject:
        with translated():
            return self._client.create_gallery(name, sort_order=sort_order).to_json()

    def clone_gallery(self, source_id: str, name: str | None, sort_order: float) -> JsonObject:
        with translated():
            return self._client.clone_gallery(source_id, name, sort_order=sort_order).to_json()

    def update_gallery(self, gallery_id: str, fields: Mapping[str, Any]) -> JsonObject:
        with translated():
            return self._client.update_gallery(gallery_id, fields).to_json()

    def delete_gallery(self, gallery_id: str) -> None:
        with translated():
            self._client.delete_gallery(gallery_id)

    def create_item(self, gallery_id: str, item: JsonObject) -> JsonObject:
        """Create an item from its JSON, which carries an explicit sortOrder."""
        with translated():
            return self._client.create_item(gallery_id, Item.from_json(item)).to_json()

    def update_item(self, gallery_id: str, item_id: str, fields: Mapping[str, Any]) -> JsonObject:
        """PATCH; a None at any depth clears that field (the client makes sure of it)."""
        with translated():
            return self._client.update_item(gallery_id, item_id, fields).to_json()

    def delete_items(self, gallery_id: str, item_ids: list[str]) -> list[str]:
        with translated():
            return self._client.bulk_delete_items(gallery_id, item_ids)

    # ------------------------------------------------------------------ media

    def upload_file(
        self,
        key: str,
        path: Path,
        *,
        name: str,
        mime_type: str | None,
        file_id: str | None,
        on_file_id: Callable[[str], None],
        progress: Callable[[float], None] | None = None,
        on_phase: Callable[[UploadPhase], None] | None = None,
    ) -> JsonObject:
        """Put the file in the Media Manager and return it READY (its JSON). `file_id` is a
        file an earlier attempt made (reused if it is still there); `on_file_id` hears a new
        file's id as soon as it is known, before waiting for READY. `key` names the upload
        across attempts and restarts (unique for all time: the change's local id)."""
        urls = self._urls
        state = self._uploads.get(key)
        if state is None or state.file_id != file_id and file_id is not None:
            # After a restart: the URL a PUT was under way to when the app stopped, if any.
            kept = urls.get(key) if urls is not None and not file_id else None
            if kept is not None:
                self._kept.add(key)
            state = UploadState(file_id=file_id, upload_url=kept)
            if urls is not None:
                state.on_new_url = partial(self._keep_url, key)
            self._uploads[key] = state

        def known(file_id: str) -> None:
            on_file_id(file_id)  # in the outbox now: the URL is no longer needed
            self._drop_url(key)

        def phase(now: UploadPhase) -> None:
            if state.file_id:
                known(state.file_id)
            if on_phase is not None:
                on_phase(now)

        with translated():
            file = self._client.upload_file(
                path,
                mime_type=mime_type,
                display_name=name,
                state=state,
                progress=progress,
                on_phase=phase,
            )
        if file.id:
            known(file.id)
        return file.to_json()

    def forget_upload(self, key: str) -> None:
        self._uploads.pop(key, None)
        self._drop_url(key)

    def _keep_url(self, key: str, url: str) -> None:
        if self._urls is not None:
            self._urls.put(key, url)
            self._kept.add(key)

    def _drop_url(self, key: str) -> None:
        if self._urls is not None and key in self._kept:
            self._urls.drop(key)
            self._kept.discard(key)

    @staticmethod
    def image_item(file: JsonObject, fields: Mapping[str, Any], sort_order: float) -> JsonObject:
        """The JSON of a new image item for a READY file, with the user's fields on top."""
        try:
            item = Item.image_item(FileDescriptor.from_json(file), sort_order=sort_order)
        except ValueError as exc:
            sentence = tr("The Media Manager file cannot be used: {reason}").format(reason=exc)
            raise RemoteError(Failure.FILE, sentence) from exc
        data = item.to_json()
        data.update({key: value for key, value in fields.items() if value is not None})
        return data
