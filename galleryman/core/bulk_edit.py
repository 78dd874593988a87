"""Turning edits of items into `WixClient.update_item` fields, for one item or many.

Rules every builder follows (the item panel and the bulk planner share them):
* Top-level scalars (`title`, `description`) are sent as is.
* A nested object (`image`, `video`, `text`, `link`, `tags`) is sent COMPLETE: a copy of the
  item's own object with the change applied, so keys we do not model survive. Wix documents no
  merge rule for partial nested objects, so we never rely on one: a key the change removes is
  sent as `None` (core/patches.py). A cleared field (title, link...) is `None` too.
* A builder returns None when the value would not change, so no request is made for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.core.patches import apply_patch, mark_removed
from galleryman.wix.models import Item, Link, Point, Tags, Text, VideoInfo
from galleryman.wix.urls import video_type_for_url

Fields = dict[str, Any]
LINK_TARGETS = ("_blank", "_self")
DEFAULT_LINK_TARGET = "_blank"


# ------------------------------------------------------------------------------ validation


NOT_A_WEB_ADDRESS = QT_TR_NOOP("Not a valid web address")


def link_url_error(url: str) -> str | None:
    """Why `url` cannot be an item link (None when it can): http(s), mailto: or tel: only."""
    text = url.strip()
    try:
        parts = urlsplit(text)  # ValueError for a malformed host, e.g. "http://[::1"
        host = parts.hostname
    except ValueError:
        return tr(NOT_A_WEB_ADDRESS)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return None if host else tr("Enter a full web address, like https://example.com")
    if scheme in ("mailto", "tel"):
        if parts.path.strip():
            return None
        return tr("Add an address after {scheme}:").format(scheme=scheme)
    return tr("Links must start with https://, http://, mailto: or tel:")


def normalized_video_url(text: str) -> str:
    """The video link as it will be stored: trimmed, with https:// when the scheme was left
    out (the server wants an http(s) URL). The Add Video dialog and the item panel both
    use it."""
    text = text.strip()
    return f"https://{text}" if text and "://" not in text else text


def video_url_error(url: str) -> str | None:
    """Why `url` cannot be a video item's URL (None when it is a YouTube or Vimeo page)."""
    try:
        video_type_for_url(normalized_video_url(url))
    except ValueError:
        return tr("Enter a YouTube or Vimeo video address")
    return None


def html_error(html: str) -> str | None:
    """Why `html` cannot be a text item's HTML (None when it can): it must not be blank."""
    return None if html.strip() else tr("The text cannot be empty")


def normalise_tags(values: Iterable[str]) -> list[str]:
    """Trimmed, without empty ones or duplicates, first occurrence's order kept."""
    out: list[str] = []
    for value in values:
        tag = value.strip()
        if tag and tag not in out:
            out.append(tag)
    return out


def parse_tags(text: str) -> list[str]:
    """Tags typed as a comma-separated list."""
    return normalise_tags(text.split(","))


def format_tags(values: Iterable[str]) -> str:
    return ", ".join(values)


# ------------------------------------------------------------------------- single field edits


def _nested(before: Any, after: Any) -> Any:
    # A key the old object had and the new one lacks is sent as None: see core/patches.py.
    return mark_removed(before, after)


def scalar_fields(item: Item, name: Literal["title", "description"], value: str) -> Fields | None:
    """A new title or description; an empty one clears the field (None: see core/patches)."""
    current = getattr(item, name) or ""
    if value == current:
        return None
    return {name: value or None}


def alt_text_fields(item: Item, alt_text: str) -> Fields | None:
    """The complete `image` with a new alt text (None for non-images or no change)."""
    if item.image is None or item.image.image_info is None:
        return None
    if alt_text == (item.image.image_info.alt_text or ""):
        return None
    image = item.image.copy()
    assert image.image_info is not None
    image.image_info.alt_text = alt_text or None
    return {"image": _nested(item.image.to_json(), image.to_json())}


def focal_point_fields(item: Item, x: float, y: float) -> Fields | None:
    """The complete `image` with a new focal point (fractions, clamped to 0..1)."""
    if item.image is None:
        return None
    point = Point(round(min(max(x, 0.0), 1.0), 4), round(min(max(y, 0.0), 1.0), 4))
    old = item.image.focal_point
    if old is not None and (old.x, old.y) == (point.x, point.y):
        return None
    image = item.image.copy()
    image.focal_point = point
    return {"image": _nested(item.image.to_json(), image.to_json())}


def link_fields(
    item: Item, url: str, text: str | None = None, target: str | None = None
) -> Fields | None:
    """The complete `link` for this URL; an empty URL clears the link (`{"link": None}`).

    `text` / `target` None keep the link's own; a link without a target opens in a new tab.
    Raises ValueError for a new URL that `link_url_error` rejects or an unknown target (the
    link's own URL is accepted as it is, so its text can change whatever the URL looks like).
    """
    url = url.strip()
    if not url:
        return {"link": None} if item.link is not None else None
    error = link_url_error(url) if item.link is None or url != item.link.url else None
    if error is not None:
        raise ValueError(error)
    if target is not None and target not in LINK_TARGETS:
        raise ValueError(f"unknown link target {target!r}")
    link = item.link.copy() if item.link is not None else Link()
    link.url = url
    if text is not None:
        link.text = text or None
    link.target = target or link.target or DEFAULT_LINK_TARGET
    new = link.to_json()
    if item.link is None:
        return {"link": new}
    old = item.link.to_json()
    return {"link": _nested(old, new)} if new != old else None


def tags_fields(item: Item, values: Iterable[str]) -> Fields | None:
    """The complete `tags` object with these values (normalised)."""
    new = normalise_tags(values)
    if new == item.tag_values:
        return None
    tags = item.tags.copy() if item.tags is not None else Tags()
    tags.values = new
    old = item.tags.to_json() if item.tags is not None else {}
    return {"tags": _nested(old, tags.to_json())}


def video_url_fields(item: Item, url: str) -> Fields | None:
    """The complete `video` with a new YouTube/Vimeo URL (see `normalized_video_url`) and the
    matching `type`."""
    if item.video is None:
        return None
    url = normalized_video_url(url)
    kind = video_type_for_url(url)  # ValueError for other hosts
    info = item.video.video_info
    if info is not None and info.url == url and item.video.type == kind:
        return None
    video = item.video.copy()
    video.type = kind
    if video.video_info is None:
        video.video_info = VideoInfo(url=url)
    else:
        video.video_info.url = url
    return {"video": _nested(item.video.to_json(), video.to_json())}


def html_fields(item: Item, html: str) -> Fields | None:
    """The complete `text` with new HTML (its css and other keys kept); ValueError for blank
    HTML, which the server refuses."""
    if item.text is None or html == item.text.html:
        return None
    if error := html_error(html):
        raise ValueError(error)
    text: Text = item.text.copy()
    text.html = html
    return {"text": _nested(item.text.to_json(), text.to_json())}


_FIELD_NAMES = {
    "title": QT_TR_NOOP("title"),
    "description": QT_TR_NOOP("description"),
    "link": QT_TR_NOOP("link"),
    "tags": QT_TR_NOOP("tags"),
    "video": QT_TR_NOOP("video address"),
    "text": QT_TR_NOOP("text"),
    "sortOrder": QT_TR_NOOP("position"),
}


def describe_fields(item: Item, fields: Fields) -> str:
    """What an edit changes, in words ("alt text", "title and link") for the undo menu."""
    names: list[str] = []
    for key in fields:
        if key == "image":
            after = apply_fields(item, {"image": fields["image"]}).image
            before = item.image
            old_info, new_info = before and before.image_info, after and after.image_info
            if (old_info and old_info.alt_text) != (new_info and new_info.alt_text):
                names.append(tr("alt text"))
            if (before and before.focal_point) != (after and after.focal_point):
                names.append(tr("focal point"))
            if not names:
                names.append(tr("image"))
        else:
            names.append(tr(_FIELD_NAMES[key]) if key in _FIELD_NAMES else key)
    if len(names) > 1:
        return tr("{fields} and {last}").format(fields=", ".join(names[:-1]), last=names[-1])
    return "".join(names)


def apply_fields(item: Item, fields: Fields) -> Item:
    """The item as it will be once the server applies `fields` (what a panel shows meanwhile)."""
    return Item.from_json(apply_patch(item.to_json(), fields))


# ---------------------------------------------------------------------------------- bulk edits


@dataclass(frozen=True)
class BulkEdit:
    """One change applied to many items; None means "leave this field alone".

    The link fields are set together: `link_url` is required for `link_text`/`link_target`,
    and an empty `link_url` removes the links.
    """

    title: str | None = None
    description: str | None = None
    alt_text: str | None = None
    tags: list[str] | None = None
    tags_mode: Literal["replace", "add"] = "replace"
    link_url: str | None = None
    link_text: str | None = None
    link_target: str | None = None
    only_where_empty: bool = False

    def __post_init__(self) -> None:
        if self.tags_mode not in ("replace", "add"):
            raise ValueError(f"unknown tags mode {self.tags_mode!r}")
        if self.link_url is None and (self.link_text is not None or self.link_target is not None):
            raise ValueError("link text and target need a link URL")
        if self.link_url and (error := link_url_error(self.link_url)):
            raise ValueError(error)
        if self.link_target is not None and self.link_target not in LINK_TARGETS:
            raise ValueError(f"unknown link target {self.link_target!r}")


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


def _plan_one(item: Item, edit: BulkEdit) -> Fields:
    fields: Fields = {}
    keep = edit.only_where_empty
    for name in ("title", "description"):
        value = getattr(edit, name)
        if value is not None and not (keep and not _blank(getattr(item, name))):
            fields.update(scalar_fields(item, name, value) or {})
    if edit.alt_text is not None and item.image is not None:
        info = item.image.image_info
        if not (keep and info is not None and not _blank(info.alt_text)):
            fields.update(alt_text_fields(item, edit.alt_text) or {})
    if edit.tags is not None:
        if edit.tags_mode == "add":  # adding never removes anything, so "only where empty" is moot
            fields.update(tags_fields(item, [*item.tag_values, *edit.tags]) or {})
        elif not (keep and item.tag_values):
            fields.update(tags_fields(item, edit.tags) or {})
    if edit.link_url is not None:
        has_link = item.link is not None and not _blank(item.link.url)
        if not (keep and has_link):
            fields.update(link_fields(item, edit.link_url, edit.link_text, edit.link_target) or {})
    return fields


def plan_bulk_edit(items: Sequence[Item], edit: BulkEdit) -> list[tuple[str, Fields]]:
    """(item id, update fields) for each item the edit actually changes, in the items' order."""
    plan: list[tuple[str, Fields]] = []
    for item in items:
        if not item.id:
            continue  # never saved: nothing to update
        fields = _plan_one(item, edit)
        if fields:
            plan.append((item.id, fields))
    return plan
