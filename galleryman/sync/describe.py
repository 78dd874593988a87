"""Changes in a photographer's words, for the outbox list, notifications and undo.

    Title of “Cove”: “Cove” → “Cove at dawn”
    Alt text of “Pier”: none → “Gulls”
    Move 3 items in Coastline
    Delete 2 items from Coastline
    Upload beach.jpg (failed: the file is damaged)

Names are the ones the user saw when making the change (kept in the row), so a description
does not change under them while the change is on its way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from galleryman.core.wording import count_of
from galleryman.sync.changes import Change, Kind, State
from galleryman.sync.merge import Path, intended

_LABELS: dict[Path, str] = {
    ("title",): "Title",
    ("description",): "Description",
    ("sortOrder",): "Position",
    ("link",): "Link",
    ("link", "url"): "Link",
    ("link", "text"): "Link text",
    ("link", "target"): "Link opening",
    ("tags",): "Tags",
    ("tags", "values"): "Tags",
    ("image", "imageInfo", "altText"): "Alt text",
    ("image", "focalPoint"): "Focal point",
    ("video",): "Video",
    ("text",): "Text",
    ("name",): "Name",
}
_LONGEST = 40


def describe(change: Change | Sequence[Change], *, with_state: bool = True) -> str:
    """One change, or one gesture's changes (a move of several items, an upload of several
    files), as a sentence; its state is added when it is not simply on its way (unless the
    caller shows the state itself, `with_state=False`)."""
    changes = [change] if isinstance(change, Change) else list(change)
    if not changes:
        return ""
    text = _one(changes[0]) if len(changes) == 1 else _several(changes)
    return text + _state(changes) if with_state else text


def field_label(path: Path) -> str:
    for length in range(len(path), 0, -1):
        if path[:length] in _LABELS:
            return _LABELS[path[:length]]
    return path[-1][:1].upper() + path[-1][1:]


def _one(change: Change) -> str:
    names = change.names
    gallery = names.get("gallery") or "the gallery"
    item = _quoted(names.get("item"), "an item")
    kind = change.kind
    if kind is Kind.UPDATE_ITEM:
        return _edit(change, item, gallery)
    if kind is Kind.DELETE_ITEMS:
        if len(change.target_ids) == 1:
            return f"Delete {item} from {gallery}"
        return f"Delete {count_of(len(change.target_ids), 'item')} from {gallery}"
    if kind is Kind.UPLOAD:
        return f"Upload {names.get('file') or 'a file'}"
    if kind is Kind.CREATE_ITEM:
        if change.resume.get("restores"):
            return f"Restore {item} in {gallery}"
        what = {"video": "video", "text": "text"}.get(_media(change.fields), "item")
        title = change.fields.get("title")
        return f"Add {what} {_quoted(title, '')} to {gallery}".replace("  ", " ")
    quoted_gallery = _quoted(names.get("gallery"), "a gallery")
    if kind is Kind.CREATE_GALLERY:
        return f"Create gallery {_quoted(change.fields.get('name'), 'without a name')}"
    if kind is Kind.CLONE_GALLERY:
        return f"Clone {quoted_gallery} as {_quoted(change.fields.get('name'), 'a copy')}"
    if kind is Kind.DELETE_GALLERY:
        return f"Delete gallery {quoted_gallery}"
    if set(change.fields) == {"sortOrder"}:
        return f"Move gallery {quoted_gallery}"
    return _edit(change, quoted_gallery, gallery)


def _edit(change: Change, what: str, gallery: str) -> str:
    leaves = intended(change)
    if set(change.fields) == {"sortOrder"}:
        return f"Move {what} in {gallery}"
    labels = list(dict.fromkeys(field_label(path) for path in leaves))
    if len(leaves) == 1:
        ((path, after),) = leaves.items()
        before = _at(change.replaces, path)
        return f"{labels[0]} of {what}: {_value(before)} → {_value(after)}"
    if not labels:
        return f"Edit {what}"
    words = [label[:1].lower() + label[1:] for label in labels]
    listed = ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]
    return f"Edit {listed} of {what}"


def _several(changes: list[Change]) -> str:
    first = changes[0]
    gallery = first.names.get("gallery") or "the gallery"
    kinds = {c.kind for c in changes}
    n = len(changes)
    if kinds == {Kind.UPDATE_ITEM} and all(set(c.fields) == {"sortOrder"} for c in changes):
        return f"Move {count_of(n, 'item')} in {gallery}"
    if kinds == {Kind.UPDATE_ITEM}:
        return f"Edit {count_of(n, 'item')} in {gallery}"
    if kinds == {Kind.UPLOAD}:
        return f"Upload {count_of(n, 'file')} to {gallery}"
    if kinds == {Kind.CREATE_ITEM} and all(c.resume.get("restores") for c in changes):
        return f"Restore {count_of(n, 'item')} in {gallery}"
    if kinds == {Kind.DELETE_ITEMS}:
        total = sum(len(c.target_ids) for c in changes)
        return f"Delete {count_of(total, 'item')} from {gallery}"
    return f"{count_of(n, 'change')} in {gallery}"


def _state(changes: list[Change]) -> str:
    failed = [c for c in changes if c.state is State.FAILED]
    if failed:
        reason = (failed[0].last_error or "no reason given").split(". ")[0]  # not the advice
        return f" (failed: {_lower(reason.rstrip('.'))})"
    states = {c.state for c in changes}
    if State.CONFLICT in states:
        return " (changed on the site too: choose which to keep)"
    if State.NEEDS_CHECK in states:
        return " (checking whether it reached the site)"
    if State.HELD in states:
        return " (waiting for your review)"
    return ""


def _value(value: Any) -> str:
    if value is None or value in ("", [], {}):
        return "none"
    if isinstance(value, dict):
        for key in ("values", "url", "html", "text"):
            if key in value:
                return _value(value[key])
        return "changed"
    if isinstance(value, list):
        return ", ".join(_value(v).strip("“”") for v in value)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:g}"
    return _quoted(str(value), "none")


def _quoted(text: Any, otherwise: str) -> str:
    if not isinstance(text, str) or not text:
        return otherwise
    short = text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"
    return f"“{short}”"


def _at(data: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _media(item: dict[str, Any]) -> str:
    return next((key for key in ("image", "video", "text") if item.get(key) is not None), "")


def _lower(sentence: str) -> str:
    """“The file is damaged” -> “the file is damaged” (but not “HEIC files…”)."""
    if len(sentence) > 1 and sentence[0].isupper() and not sentence[1].isupper():
        return sentence[0].lower() + sentence[1:]
    return sentence
