"""How a client's fields become stored fields: unknown-field pruning and the clearing rules.

Two readings of a PATCH (Wix documents neither; CONTRACT.md "Clearing a field"):

* **null clears** (the default profile): a deep merge where ``null`` removes the key; ``""``
  and ``{}`` are ordinary values (``{}`` merges nothing).
* **wix** (``--profile wix`` without ``--null-clears``): ``null`` anywhere leaves that field as
  it was; ``""`` clears a string field (stored absent, so it is omitted from answers); ``{}``
  clears an object field (``"link": {}`` removes the link); other objects merge key by key.
  A ``""`` or ``{}`` sent for a field that holds another type is kept, so validation refuses
  it (``"sortOrder": ""`` is a 400, not a way to unset the order). On create, ``""`` strings
  are stored absent too.

Strict requests drop fields that Wix's schema (REFERENCE.md section 3) does not have, at any
depth, instead of storing and echoing them; free-form structs (``exif``, ``css``,
``wixLinkData``) are kept whole.
"""

from __future__ import annotations

from typing import Any

from galleryman.sandbox.util import JsonDict, deep_merge, strip_nulls

FREE: dict[str, Any] = {}  # a struct whose keys are the client's own
_IMAGE_INFO: dict[str, Any] = dict.fromkeys(
    ("id", "url", "height", "width", "altText", "filename", "urlExpirationDate", "sizeInBytes")
)
_RESOLUTION = dict.fromkeys(("url", "height", "width", "format", "quality", "filename"))
ITEM_SCHEMA: dict[str, Any] = {
    **dict.fromkeys(("id", "sortOrder", "title", "description", "type")),
    **dict.fromkeys(("createdDate", "updatedDate")),
    "link": {**dict.fromkeys(("text", "url", "target", "type")), "wixLinkData": FREE},
    "image": {
        "type": None,
        "imageInfo": _IMAGE_INFO,
        "focalPoint": dict.fromkeys(("x", "y")),
        "exif": FREE,
        "quality": None,
        "unsharpMasking": dict.fromkeys(("amount", "radius", "threshold")),
    },
    "video": {
        "type": None,
        "videoInfo": {
            **dict.fromkeys(("id", "url", "filename")),
            "resolutions": _RESOLUTION,
            "posters": _IMAGE_INFO,
        },
        "durationInMillis": None,
        "duration": None,
    },
    "text": {"html": None, "css": FREE, "editorHtml": None, "editorFontId": None},
    "tags": {"values": None},
}
GALLERY_SCHEMA: dict[str, Any] = dict.fromkeys(
    ("id", "name", "totalItems", "items", "sortOrder", "createdDate")
)


def prune(value: Any, schema: dict[str, Any]) -> Any:
    """``value`` without the keys ``schema`` does not know (lists: each element)."""
    if schema is FREE:
        return value
    if isinstance(value, list):
        return [prune(v, schema) for v in value]
    if not isinstance(value, dict):
        return value
    out: JsonDict = {}
    for key, child in value.items():
        if key not in schema:
            continue
        sub = schema[key]
        out[key] = child if sub is None else prune(child, sub)
    return out


def drop_empty_strings(value: Any) -> Any:
    """Create under the wix reading: ``""`` strings are unset fields (dicts, recursively)."""
    if isinstance(value, dict):
        return {k: drop_empty_strings(v) for k, v in value.items() if v != ""}
    if isinstance(value, list):
        return [drop_empty_strings(v) for v in value]
    return value


def merge(current: JsonDict, patch: JsonDict, null_clears: bool) -> JsonDict:
    """``current`` with ``patch`` applied under one of the two readings."""
    return deep_merge(current, patch) if null_clears else _merge_wix(current, patch)


def _merge_wix(current: JsonDict, patch: JsonDict) -> JsonDict:
    out = dict(current)
    for key, value in patch.items():
        held = out.get(key)
        if value is None:
            continue
        if _clears(value, held):
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(held, dict):
            out[key] = _merge_wix(held, value)
        else:
            out[key] = drop_empty_strings(strip_nulls(value))
    return out


def _clears(value: Any, held: Any) -> bool:
    """``""`` clears a string field, ``{}`` an object field (or an unset one)."""
    if value == "":
        return held is None or isinstance(held, str)
    if value == {}:
        return held is None or isinstance(held, dict)
    return False
