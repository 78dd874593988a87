"""Checks and normalisation of client-sent galleries and items.

Functions append ``fieldViolations`` entries (see :func:`errors.violation`) to a list so that
one response can report every problem; field paths look like ``item.image.imageInfo.id`` or
``gallery.items[2].sortOrder``. Numeric strings are accepted (and converted in place) for
integer fields such as ``width`` or ``quality``, as protobuf JSON does; ``sortOrder`` must be
a finite JSON number. Read-only fields a client sends (``id``, ``type``, dates,
``imageInfo.url``) are dropped. URLs and media ids are checked in :mod:`.links`; whether an
image file exists and is READY is checked by the API with the store (``api.check_media``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from galleryman.sandbox.errors import violation
from galleryman.sandbox.links import VIDEO_HOSTS, is_media_id, link_url_problem, video_url_problem
from galleryman.sandbox.patching import (
    GALLERY_SCHEMA,
    ITEM_SCHEMA,
    drop_empty_strings,
    merge,
    prune,
)
from galleryman.sandbox.util import JsonDict, strip_nulls

Violations = list[JsonDict]


@dataclass(frozen=True)
class Rules:
    """How client input is read: unknown fields dropped (strict), and the clearing rule."""

    strict: bool = False
    null_clears: bool = True


MEDIA_KEYS = ("image", "video", "text")
ITEM_TYPES = {"image": "IMAGE", "video": "VIDEO", "text": "TEXT"}
ITEM_READ_ONLY = frozenset({"id", "type", "createdDate", "updatedDate"})
GALLERY_READ_ONLY = frozenset({"id", "totalItems", "createdDate", "updatedDate", "items"})
ITEM_KEY_ORDER = (
    "id", "sortOrder", "title", "description", "link", "type", "image", "video", "text",
    "tags", "createdDate", "updatedDate",
)  # fmt: skip
IMAGE_TYPES = frozenset({"UNDEFINED", "WIX_MEDIA", "EXTERNAL"})
VIDEO_TYPES = frozenset({"UNDEFINED", "WIX_MEDIA", "YOUTUBE", "VIMEO"})
LINK_TARGETS = frozenset({"_blank", "_self"})
MAX_TITLE, MAX_DESCRIPTION, MAX_GALLERY_NAME = 1000, 5000, 256
MAX_INT32 = 2**31 - 1

_INT_RE = re.compile(r"^[+-]?\d+$")
_FLOAT_RE = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def to_number(value: Any) -> int | float | None:
    """A finite int/float, or a numeric string converted to one; None if not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip()
        if _INT_RE.match(text):
            return int(text)
        if _FLOAT_RE.match(text):
            number = float(text)
            return number if math.isfinite(number) else None
    return None


def to_positive_int(value: Any) -> int | None:
    number = to_number(value)
    if number is None or (isinstance(number, float) and not number.is_integer()):
        return None
    whole = int(number)
    return whole if 0 < whole <= MAX_INT32 else None


def _check_str(obj: JsonDict, key: str, field: str, out: Violations, max_len: int = 0) -> None:
    if key not in obj:
        return
    value = obj[key]
    if not isinstance(value, str):
        out.append(violation(f"{field}.{key}", "must be a string", "FORMAT"))
    elif max_len and len(value) > max_len:
        out.append(
            violation(
                f"{field}.{key}",
                f"must be at most {max_len} characters long",
                "MAX",
                data={"threshold": max_len},
            )
        )


def _object(value: Any, field: str, out: Violations) -> JsonDict | None:
    if isinstance(value, dict):
        return value
    out.append(violation(field, "must be an object", "FORMAT"))
    return None


def check_sort_order(obj: JsonDict, field: str, out: Violations) -> None:
    """A JSON number that is finite as a double: not a string (not even "12", nor the
    "NaN"/"Infinity" that protobuf JSON writes for non-finite floats), not a boolean."""
    if "sortOrder" not in obj:
        return
    value = obj["sortOrder"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        out.append(violation(f"{field}.sortOrder", "must be a number", "FORMAT"))
        return
    try:
        finite = math.isfinite(float(value))
    except OverflowError:
        finite = False
    if not finite:
        out.append(violation(f"{field}.sortOrder", "must be a finite number", "FORMAT"))


def _check_image(image: Any, f: str, out: Violations) -> None:
    if (image := _object(image, f, out)) is None:
        return
    if "type" in image and image["type"] not in IMAGE_TYPES:
        out.append(violation(f"{f}.type", f"must be one of {sorted(IMAGE_TYPES)}", "FORMAT"))
    info = image.get("imageInfo")
    if info is None:
        out.append(violation(f"{f}.imageInfo", "is required for an image", "REQUIRED_FIELD"))
    elif (info := _object(info, f"{f}.imageInfo", out)) is not None:
        file_id = info.get("id")
        if file_id is None:
            out.append(violation(f"{f}.imageInfo.id", "is required", "REQUIRED_FIELD"))
        elif not is_media_id(file_id):
            desc = "must be a Media Manager file id (like 0a1b2c_<32 letters or digits>~mv2.jpg)"
            out.append(violation(f"{f}.imageInfo.id", desc, "FORMAT"))
        for key in ("width", "height"):
            if key not in info:
                out.append(violation(f"{f}.imageInfo.{key}", "is required", "REQUIRED_FIELD"))
            elif (size := to_positive_int(info[key])) is None:
                rule = "must be a positive integer"
                out.append(violation(f"{f}.imageInfo.{key}", rule, "FORMAT"))
            else:
                info[key] = size
        for key in ("altText", "filename"):
            _check_str(info, key, f"{f}.imageInfo", out)
    if "quality" in image:
        quality = to_number(image["quality"])
        if quality is None or not float(quality).is_integer():
            out.append(violation(f"{f}.quality", "must be an integer", "FORMAT"))
        elif not 30 <= quality <= 100:
            out.append(
                violation(
                    f"{f}.quality",
                    "must be between 30 and 100",
                    "MIN" if quality < 30 else "MAX",
                    data={"min": 30, "max": 100},
                )
            )
        else:
            image["quality"] = int(quality)
    if "focalPoint" in image and (point := _object(image["focalPoint"], f"{f}.focalPoint", out)):
        for axis in ("x", "y"):
            value = point.get(axis)
            number = None if isinstance(value, str) else to_number(value)
            if number is None or not 0 <= number <= 1:
                desc = "must be a number between 0 and 1"
                out.append(violation(f"{f}.focalPoint.{axis}", desc, "FORMAT"))


def _check_video(video: Any, f: str, out: Violations, own_media: str) -> None:
    if (video := _object(video, f, out)) is None:
        return
    kind = video.get("type")
    if kind is not None and kind not in VIDEO_TYPES:
        out.append(violation(f"{f}.type", f"must be one of {sorted(VIDEO_TYPES)}", "FORMAT"))
    info = video.get("videoInfo")
    if info is None:
        out.append(violation(f"{f}.videoInfo", "is required for a video", "REQUIRED_FIELD"))
    elif (info := _object(info, f"{f}.videoInfo", out)) is not None:
        url = info.get("url")
        if url is None and kind in VIDEO_HOSTS:
            desc = f"a {kind} video needs its URL"
            out.append(violation(f"{f}.videoInfo.url", desc, "REQUIRED_FIELD"))
        elif url is not None:
            problem = (
                "must be a string"
                if not isinstance(url, str)
                else video_url_problem(url, kind if isinstance(kind, str) else None, own_media)
            )
            if problem:
                out.append(violation(f"{f}.videoInfo.url", problem, "FORMAT"))
    for key in ("duration", "durationInMillis"):
        if key in video:
            number = to_number(video[key])
            if number is None or number < 0:
                desc = "must be a non-negative number (or numeric string)"
                out.append(violation(f"{f}.{key}", desc, "FORMAT"))


def _check_text(text: Any, f: str, out: Violations) -> None:
    if (text := _object(text, f, out)) is None:
        return
    html = text.get("html")
    if html is None:
        out.append(violation(f"{f}.html", "is required for a text item", "REQUIRED_FIELD"))
    elif not isinstance(html, str) or not html.strip():
        out.append(violation(f"{f}.html", "must be a non-empty string", "FORMAT"))
    if "css" in text:
        _object(text["css"], f"{f}.css", out)


def _check_link(link: Any, f: str, out: Violations) -> None:
    if (link := _object(link, f, out)) is None:
        return
    for key in ("url", "text", "type"):
        _check_str(link, key, f, out)
    url = link.get("url")
    if isinstance(url, str) and (problem := link_url_problem(url)):
        out.append(violation(f"{f}.url", problem, "FORMAT"))
    if "target" in link and link["target"] not in LINK_TARGETS:
        out.append(violation(f"{f}.target", "must be _blank or _self", "FORMAT"))


def _check_tags(tags: Any, f: str, out: Violations) -> None:
    if (tags := _object(tags, f, out)) is None:
        return
    values = tags.get("values")
    if values is not None and (
        not isinstance(values, list) or not all(isinstance(v, str) for v in values)
    ):
        out.append(violation(f"{f}.values", "must be a list of strings", "FORMAT"))


def check_item(item: JsonDict, f: str, out: Violations, own_media: str = "") -> None:
    """Validate a complete item (after defaults/merging); normalises numbers and sets ``type``.

    ``own_media`` is the ``<base_url>/media/`` prefix of the site's own files (video URLs)."""
    present = [k for k in MEDIA_KEYS if k in item]
    if len(present) == 1:
        item["type"] = ITEM_TYPES[present[0]]
    else:
        got = f" (got {' and '.join(present)})" if present else ""
        rule = "REQUIRED_FIELD" if not present else "CUSTOM"
        desc = f"exactly one of image, video, text must be set{got}"
        out.append(violation(f, desc, rule, "ONE_MEDIA_REQUIRED"))
    for key in present:
        if key == "image":
            _check_image(item[key], f"{f}.image", out)
        elif key == "video":
            _check_video(item[key], f"{f}.video", out, own_media)
        else:
            _check_text(item[key], f"{f}.text", out)
    check_sort_order(item, f, out)
    _check_str(item, "title", f, out, MAX_TITLE)
    _check_str(item, "description", f, out, MAX_DESCRIPTION)
    if "link" in item:
        _check_link(item["link"], f"{f}.link", out)
    if "tags" in item:
        _check_tags(item["tags"], f"{f}.tags", out)


def _drop_image_url(item: JsonDict) -> None:
    image = item.get("image")
    if isinstance(image, dict) and isinstance(image.get("imageInfo"), dict):
        image["imageInfo"].pop("url", None)


def clean_new_item(raw: Any, f: str, out: Violations, rules: Rules) -> JsonDict | None:
    """A client's item for creation: read-only fields and nulls dropped (not yet validated)."""
    if (raw := _object(raw, f, out)) is None:
        return None
    item = strip_nulls({k: v for k, v in raw.items() if k not in ITEM_READ_ONLY})
    if rules.strict:
        item = prune(item, ITEM_SCHEMA)
    if not rules.null_clears:
        item = drop_empty_strings(item)
    _drop_image_url(item)
    return item


def merge_item_patch(
    current: JsonDict, raw: Any, f: str, out: Violations, rules: Rules
) -> JsonDict | None:
    """``current`` with a partial item applied (see :mod:`.patching`; one media kind)."""
    if (raw := _object(raw, f, out)) is None:
        return None
    patch = {k: v for k, v in raw.items() if k not in ITEM_READ_ONLY}
    if rules.strict:
        patch = prune(patch, ITEM_SCHEMA)
    _drop_image_url(patch)
    base = dict(current)
    if any(patch.get(k) is not None for k in MEDIA_KEYS):
        base = {k: v for k, v in base.items() if k not in MEDIA_KEYS or k in patch}
    merged = merge(base, patch, rules.null_clears)
    if "sortOrder" not in merged:  # sortOrder cannot be unset; null leaves it unchanged
        merged["sortOrder"] = current["sortOrder"]
    return merged


def order_item(doc: JsonDict) -> JsonDict:
    out = {k: doc[k] for k in ITEM_KEY_ORDER if k in doc}
    out.update((k, v) for k, v in doc.items() if k not in out)
    return out


def check_gallery(gallery: JsonDict, f: str, out: Violations) -> None:
    _check_str(gallery, "name", f, out, MAX_GALLERY_NAME)
    check_sort_order(gallery, f, out)


def clean_gallery_input(raw: Any, f: str, out: Violations, rules: Rules) -> JsonDict | None:
    """A client's gallery without read-only fields, ``items`` and nulls (items are separate)."""
    if (raw := _object(raw, f, out)) is None:
        return None
    gallery = strip_nulls({k: v for k, v in raw.items() if k not in GALLERY_READ_ONLY})
    if rules.strict:
        gallery = prune(gallery, GALLERY_SCHEMA)
    return gallery if rules.null_clears else drop_empty_strings(gallery)


def merge_gallery_patch(current: JsonDict, raw: JsonDict, rules: Rules) -> JsonDict:
    patch = {k: v for k, v in raw.items() if k not in GALLERY_READ_ONLY}
    if rules.strict:
        patch = prune(patch, GALLERY_SCHEMA)
    merged = merge(current, patch, rules.null_clears)
    if "sortOrder" not in merged:
        merged["sortOrder"] = current["sortOrder"]
    return merged


def items_list(raw: Any, f: str, out: Violations) -> list[Any]:
    """The ``items`` array of a gallery body ([] if absent)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        out.append(violation(f, "must be a list of items", "FORMAT"))
        return []
    return raw
