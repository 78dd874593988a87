"""The custom data roles of the item grid, and how each is derived from an `Item`.

The derivations live here (not in the model) so the delegate, the filter and tests agree on
what a thumbnail key or the search text of an item is.
"""

from __future__ import annotations

import hashlib
from enum import IntEnum
from functools import lru_cache
from html import escape
from typing import Any, NamedTuple

from PySide6.QtCore import Qt

from galleryman.core.compact_items import search_text
from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.wix.models import Item

_BASE = int(Qt.ItemDataRole.UserRole)

UNTITLED = QT_TR_NOOP("Untitled")
MEDIA_KINDS = {
    "IMAGE": QT_TR_NOOP("Image"),
    "VIDEO": QT_TR_NOOP("Video"),
    "TEXT": QT_TR_NOOP("Text"),
}


class Role(IntEnum):
    ITEM = _BASE + 1  # the Item (None on upload rows)
    ID = _BASE + 2  # item id (None on upload rows)
    MEDIA_TYPE = _BASE + 3  # "IMAGE" / "VIDEO" / "TEXT" / "UNDEFINED" (None on upload rows)
    THUMB_KEY = _BASE + 4  # media id, poster id or "text:<item id>:<hash>"
    THUMB_URL = _BASE + 5  # image url, first poster url, or None
    UPLOAD_PROGRESS = _BASE + 6  # float 0..1 on upload rows, else None
    UPLOAD_ERROR = _BASE + 7  # str on failed upload rows, else None
    ROW_KIND = _BASE + 8  # "item" or "upload"
    SEARCH_TEXT = _BASE + 9  # title + description + tags, lowercase
    UPLOAD_TOKEN = _BASE + 10  # the upload's token on upload rows, else None
    TILE = _BASE + 11  # a `Tile`: everything the delegate paints, in one call
    UPLOAD_RETRYABLE = _BASE + 12  # on failed upload rows: whether Retry could succeed


class Tile(NamedTuple):
    """What one grid tile shows. The delegate asks for it once per tile and paint: each
    separate role is a round trip through the filter proxy into Python, and the paint of a
    big grid is where the window's time goes."""

    kind: str  # ROW_ITEM or ROW_UPLOAD
    title: str
    item: Item | None = None
    media_type: str | None = None
    thumb_key: str | None = None
    thumb_url: str | None = None
    upload_progress: float = 0.0
    upload_error: str | None = None
    upload_retryable: bool = True  # a failed upload offers Retry only when it could succeed
    upload_phase: str = "uploading"  # or "processing" (Wix has the file, not ready yet)


ROW_ITEM = "item"
ROW_UPLOAD = "upload"
ROW_LOADING = "loading"  # a place kept for an item whose page is still on its way


@lru_cache(maxsize=4096)
def html_hash(html: str) -> str:
    """A short stable digest of a text item's HTML (Python's hash() changes per process).
    Lone surrogates (possible in JSON from a site) are digested too; cached, because a paint
    asks for it per tile and a text item can hold megabytes."""
    data = html.encode("utf-8", "surrogatepass")
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]


def first_poster_id(item: Item) -> str | None:
    info = item.video.video_info if item.video is not None else None
    if info is None or not info.posters:
        return None
    return info.posters[0].id or None


def thumb_key(item: Item) -> str | None:
    """The key a thumbnail of this item is cached under, None when it has nothing to show."""
    kind = item.media_type
    if kind == "IMAGE":
        return item.media_id
    if kind == "VIDEO":
        return first_poster_id(item)
    if kind == "TEXT" and item.text is not None:
        return f"text:{item.id}:{html_hash(item.text.html)}"
    return None


def thumb_url(item: Item) -> str | None:
    """The URL to fetch a scaled copy from: the image's, or the first video poster's."""
    if item.image is not None:
        info = item.image.image_info
        return info.url if info is not None else None
    video_info = item.video.video_info if item.video is not None else None
    if video_info is not None and video_info.posters:
        return video_info.posters[0].url
    return None


def display_title(item: Item) -> str:
    """The title shown under a tile; an untitled item falls back to its file name."""
    if item.title and item.title.strip():
        return item.title.strip()
    info = item.image.image_info if item.image is not None else None
    if info is not None and info.filename:
        return info.filename
    return tr(UNTITLED)


def plain_tooltip(text: str) -> str:
    """`text` as a tooltip that shows exactly these characters (line breaks kept). Qt guesses
    whether a tooltip is HTML, and a name holding `<img src="file:///...">` would make it
    read a local file: escaped, it is shown literally."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"


def tooltip(item: Item) -> str:
    """Title, description and size, as rich text (escaped: titles come from the site)."""
    lines = [f"<b>{escape(display_title(item))}</b>"]
    if item.description:
        lines.append(escape(item.description))
    if item.width and item.height:
        lines.append(f"{item.width} × {item.height}")
    return "<br>".join(lines)


def item_data(item: Item, role: int) -> Any:
    """What the item grid answers for `role` on an item row."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
        return display_title(item)
    if role == Role.TILE:
        return Tile(
            ROW_ITEM,
            display_title(item),
            item,
            item.media_type,
            thumb_key(item),
            thumb_url(item),
        )
    if role == Qt.ItemDataRole.ToolTipRole:
        return tooltip(item)
    if role == Qt.ItemDataRole.AccessibleTextRole:
        kind = tr(MEDIA_KINDS[item.media_type]) if item.media_type in MEDIA_KINDS else tr("Item")
        return tr("{kind}: {title}").format(kind=kind, title=display_title(item))
    roles: dict[int, Any] = {
        Role.ITEM: item,
        Role.ID: item.id,
        Role.MEDIA_TYPE: item.media_type,
        Role.ROW_KIND: ROW_ITEM,
    }
    if role in roles:
        return roles[role]
    if role == Role.THUMB_KEY:
        return thumb_key(item)
    if role == Role.THUMB_URL:
        return thumb_url(item)
    if role == Role.SEARCH_TEXT:
        return search_text(item)
    return None
