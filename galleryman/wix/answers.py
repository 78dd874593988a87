"""Reading the server's answers into models, strictly.

The models themselves are lenient (they keep whatever a server sent and round-trip it). An
answer the client acts on is not: an item without an id, a sortOrder that is not a finite
number, a media object that is not an object, a listing element that is not an object, is a
`MalformedResponseError` that names what was wrong, never a half-empty model that the app
would show, move or delete as if it were real.
"""

from __future__ import annotations

import json
import math
from typing import Any, Protocol, TypeVar

from galleryman.wix.errors import MalformedResponseError
from galleryman.wix.models import FileDescriptor, Gallery, Item

JsonObject = dict[str, Any]


class ListedThing(Protocol):
    """What a listing's item is read into has at least these (walking the pages needs
    them)."""

    @property
    def id(self) -> str | None: ...

    @property
    def sort_order(self) -> float | None: ...


L = TypeVar("L", bound=ListedThing)  # what a listing's item is read into

_ITEM_OBJECTS = ("image", "video", "text", "link", "tags")


def json_object(raw: bytes) -> JsonObject | None:
    """The JSON object in an answer's body; None when it holds anything else."""
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def wrapped(data: JsonObject, key: str) -> JsonObject:
    """The documented wrapper's object: `{"item": {...}}` -> the item's dict."""
    value = data.get(key)
    if not isinstance(value, dict):
        found = ", ".join(sorted(map(str, data))[:5]) or "nothing"
        raise MalformedResponseError(message=f"the answer has no {key!r} object (it has {found})")
    return value


def listed(data: JsonObject, key: str, what: str) -> list[JsonObject]:
    """A list of objects under `key`; absent means empty (Wix omits empty lists)."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedResponseError(message=f"{what} in the answer are not a list")
    for position, element in enumerate(value):
        if not isinstance(element, dict):
            raise MalformedResponseError(
                message=f"element {position + 1} of the {what} is not an object"
            )
    return value


def item_from(data: Any, where: str = "the item") -> Item:
    _check_item(data, where)
    return Item.from_json(data)


def _check_item(data: Any, where: str) -> None:
    if not isinstance(data, dict):
        raise MalformedResponseError(message=f"{where} is not an object")
    _check_id(data, where)
    _check_order(data, where)
    for key in _ITEM_OBJECTS:
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise MalformedResponseError(message=f"{where} has a {key!r} that is not an object")


def items_from(raws: list[JsonObject], what: str = "item") -> list[Item]:
    """A listing's items, checked. The dicts are handed over (decoded for this answer and
    used for nothing else): the models keep them, uncopied."""
    for n, raw in enumerate(raws):
        _check_item(raw, f"{what} {n + 1} of the listing")
    return [Item.parse_owned(raw) for raw in raws]


class ItemPageReader(Protocol[L]):
    """What a listing of items is read into (models, or what the catalog keeps of them)."""

    def models(self, items: list[Item]) -> list[L]:
        """The first page's items (parsed with their gallery, by Get Gallery)."""
        ...

    def body(self, raw: bytes) -> tuple[list[L], str | None] | None:
        """A List Items answer's body: its items, and the check they failed (the sentence
        of a `MalformedResponseError`, raised by the client after the call); None when the
        body is not a JSON object."""
        ...


class ItemModels:
    """A listing read into models, by the calling thread."""

    def models(self, items: list[Item]) -> list[Item]:
        return items

    def body(self, raw: bytes) -> tuple[list[Item], str | None] | None:
        return items_page(raw)


def items_page(raw: bytes) -> tuple[list[Item], str | None] | None:
    """`ItemPageReader.body` for models: the one parse and check of a List Items body."""
    data = json_object(raw)
    if data is None:
        return None
    try:
        return items_from(listed(data, "items", "items")), None
    except MalformedResponseError as error:
        return [], error.message


def gallery_from(data: Any, where: str = "the gallery") -> Gallery:
    if not isinstance(data, dict):
        raise MalformedResponseError(message=f"{where} is not an object")
    _check_id(data, where)
    _check_order(data, where)
    total = data.get("totalItems")
    if total is not None and count_of(total) is None:
        raise MalformedResponseError(message=f"{where} has a totalItems of {_show(total)}")
    for n, raw in enumerate(listed(data, "items", f"items of {where}")):
        _check_item(raw, f"item {n + 1} of the listing")
    return Gallery.from_json(data)


def file_from(data: Any, where: str = "the file") -> FileDescriptor:
    if not isinstance(data, dict):
        raise MalformedResponseError(message=f"{where} is not an object")
    _check_id(data, where)
    status = data.get("operationStatus")
    if status is not None and not isinstance(status, str):
        raise MalformedResponseError(message=f"{where} has an operationStatus of {_show(status)}")
    return FileDescriptor.from_json(data)


def count_of(value: Any) -> int | None:
    """A non-negative count from a JSON number or numeric string; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return None


def _check_id(data: JsonObject, where: str) -> None:
    value = data.get("id")
    if not isinstance(value, str) or not value.strip():
        raise MalformedResponseError(message=f"{where} has no id ({_show(value)})")


def _check_order(data: JsonObject, where: str) -> None:
    value = data.get("sortOrder")
    if value is None:
        return
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond any double
            number = math.inf
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        raise MalformedResponseError(
            message=f"{where} has a sortOrder of {_show(value)}, not a finite number"
        )


def _show(value: Any) -> str:
    if value is None:
        return "none given"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
