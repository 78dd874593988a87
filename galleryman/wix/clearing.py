"""Clearing a field with a PATCH, whichever reading of `null` the server follows.

Whether `null` clears a field in a Wix PATCH is undocumented (proto3 JSON may read it as "not
set"). In `update_item` / `update_gallery` fields, a None at any depth means "clear this field",
e.g. `{"link": None}` or `{"image": {..., "imageInfo": {..., "altText": None}}}`. The client:

1. sends the form that worked last time on this client (`null` at first: what Wix's own SDK
   sends), or the empty form ("" for a string, {} for an object, [] for a list) once that is
   known to be the one that works;
2. reads the PATCH answer: a field is cleared when it is absent, null, "", {} or [] there;
3. sends the same fields again with the other form for whatever is still set, and checks again;
4. if a field is still set, raises `FieldNotClearedError` ("Wix kept the old alt text; ...")
   instead of returning as if saved. The form that worked is remembered, so later clears cost
   one request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from galleryman.wix.errors import FieldNotClearedError
from galleryman.wix.jsonfields import (
    DictCodec,
    JsonModel,
    ModelCodec,
    ModelListCodec,
    StrCodec,
    StrListCodec,
    copy_json,
    get_path,
)

Path = tuple[str, ...]
JsonObject = dict[str, Any]

_EMPTIES: tuple[Any, ...] = ("", {}, [])

_LABELS = {
    "altText": "alt text",
    "focalPoint": "focal point",
    "values": "tags",
    "html": "text",
    "editorHtml": "text",
    "sortOrder": "position",
}


class Clearer:
    """Remembers, per client, which form clears a field on this server."""

    def __init__(self) -> None:
        self._null_clears = True  # until the server shows otherwise
        self._lock = threading.Lock()

    def patch(
        self,
        fields: Mapping[str, Any],
        model: type[JsonModel],
        send: Callable[[JsonObject], JsonObject],
    ) -> JsonObject:
        """Send `fields` with `send(fields) -> the object in the answer`, making sure every
        field given as None ends up cleared. Returns the last answer's object."""
        paths = clear_paths(fields)
        if not paths:
            return send(copy_json(dict(fields)))
        with self._lock:
            null_first = self._null_clears
        first = {p: None if null_first else empty_form_of(model, p) for p in paths}
        answer = send(render(fields, first))
        left = [p for p in paths if not is_cleared(answer, p)]
        if not left:
            return answer
        second = dict(first)
        for path in left:
            second[path] = empty_of(get_path(answer, path)) if first[path] is None else None
        answer = send(render(fields, second))
        still = [p for p in left if not is_cleared(answer, p)]
        if still:
            names = [label(p) for p in still]
            raise FieldNotClearedError(
                message=f"still set after sending null and an empty value: {', '.join(names)}",
                fields=names,
            )
        with self._lock:
            self._null_clears = second[left[0]] is None
        return answer


def clear_paths(fields: Mapping[str, Any], prefix: Path = ()) -> list[Path]:
    """Where `fields` holds None: the fields to clear."""
    found: list[Path] = []
    for key, value in fields.items():
        if value is None:
            found.append((*prefix, key))
        elif isinstance(value, Mapping):
            found.extend(clear_paths(value, (*prefix, key)))
    return found


def render(fields: Mapping[str, Any], forms: Mapping[Path, Any]) -> JsonObject:
    """A copy of `fields` with the value at each path of `forms` replaced by that form."""
    out: JsonObject = copy_json(dict(fields))
    for path, form in forms.items():
        parent = out
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = copy_json(form)
    return out


def is_cleared(answer: Mapping[str, Any], path: Path) -> bool:
    value = get_path(answer, path)
    return value is None or any(type(value) is type(e) and value == e for e in _EMPTIES)


def empty_of(value: Any) -> Any:
    """The empty form of a value of this kind ("" / {} / []); None when it has none."""
    for empty in _EMPTIES:
        if isinstance(value, type(empty)):
            return copy_json(empty)
    return None


def empty_form_of(model: type[JsonModel], path: Path) -> Any:
    """The empty form of the field at `path` of `model` (None when unknown or a number)."""
    cls: type[JsonModel] | None = model
    for depth, key in enumerate(path):
        spec = next((f for f in cls.json_fields if f.path == (key,)), None) if cls else None
        if spec is None:
            return None
        codec = spec.codec
        last = depth == len(path) - 1
        if isinstance(codec, ModelCodec):
            if last:
                return {}
            cls = codec.cls
        elif not last:
            return None
        elif isinstance(codec, StrCodec):
            return ""
        elif isinstance(codec, DictCodec):
            return {}
        elif isinstance(codec, StrListCodec | ModelListCodec):
            return []
    return None


def label(path: Path) -> str:
    """A field's name as a person would say it: alt text, link, title..."""
    return _LABELS.get(path[-1], path[-1]) if path else "field"
