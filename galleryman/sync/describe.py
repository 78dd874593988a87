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

from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.sync.changes import Change, Kind, State
from galleryman.sync.merge import Path, intended

# Each field's label, and how it reads inside a sentence ("Edit title and tags of …").
_LABELS: dict[Path, tuple[str, str]] = {
    ("title",): (QT_TR_NOOP("Title"), QT_TR_NOOP("title")),
    ("description",): (QT_TR_NOOP("Description"), QT_TR_NOOP("description")),
    ("sortOrder",): (QT_TR_NOOP("Position"), QT_TR_NOOP("position")),
    ("link",): (QT_TR_NOOP("Link"), QT_TR_NOOP("link")),
    ("link", "url"): (QT_TR_NOOP("Link"), QT_TR_NOOP("link")),
    ("link", "text"): (QT_TR_NOOP("Link text"), QT_TR_NOOP("link text")),
    ("link", "target"): (QT_TR_NOOP("Link opening"), QT_TR_NOOP("link opening")),
    ("tags",): (QT_TR_NOOP("Tags"), QT_TR_NOOP("tags")),
    ("tags", "values"): (QT_TR_NOOP("Tags"), QT_TR_NOOP("tags")),
    ("image", "imageInfo", "altText"): (QT_TR_NOOP("Alt text"), QT_TR_NOOP("alt text")),
    ("image", "focalPoint"): (QT_TR_NOOP("Focal point"), QT_TR_NOOP("focal point")),
    ("video",): (QT_TR_NOOP("Video"), QT_TR_NOOP("video")),
    ("text",): (QT_TR_NOOP("Text"), QT_TR_NOOP("text")),
    ("name",): (QT_TR_NOOP("Name"), QT_TR_NOOP("name")),
}
_LONGEST = 40
_QUOTES = "“”„«»"  # a quoted name's marks, in English or another language


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
    return _labels(path)[0]


def _labels(path: Path) -> tuple[str, str]:
    """The field's label, and the same inside a sentence."""
    for length in range(len(path), 0, -1):
        if path[:length] in _LABELS:
            label, in_sentence = _LABELS[path[:length]]
            return tr(label), tr(in_sentence)
    name = path[-1]
    return name[:1].upper() + name[1:], name[:1].lower() + name[1:]


def _one(change: Change) -> str:
    names = change.names
    gallery = names.get("gallery") or tr("the gallery")
    item = _quoted(names.get("item"), tr("an item"))
    kind = change.kind
    if kind is Kind.UPDATE_ITEM:
        return _edit(change, item, gallery)
    if kind is Kind.DELETE_ITEMS:
        if len(change.target_ids) == 1:
            return tr("Delete {item} from {gallery}").format(item=item, gallery=gallery)
        count = len(change.target_ids)
        return tr("Delete %Ln item(s) from {gallery}", "", count).format(gallery=gallery)
    if kind is Kind.UPLOAD:
        return tr("Upload {file}").format(file=names.get("file") or tr("a file"))
    if kind is Kind.CREATE_ITEM:
        if change.resume.get("restores"):
            return tr("Restore {item} in {gallery}").format(item=item, gallery=gallery)
        media = _media(change.fields)
        if media == "video":
            adding = tr("Add video {title} to {gallery}")
        elif media == "text":
            adding = tr("Add text {title} to {gallery}")
        else:
            adding = tr("Add item {title} to {gallery}")
        title = _quoted(change.fields.get("title"), "")
        return adding.format(title=title, gallery=gallery).replace("  ", " ")
    quoted_gallery = _quoted(names.get("gallery"), tr("a gallery"))
    if kind is Kind.CREATE_GALLERY:
        name = _quoted(change.fields.get("name"), tr("without a name"))
        return tr("Create gallery {name}").format(name=name)
    if kind is Kind.CLONE_GALLERY:
        name = _quoted(change.fields.get("name"), tr("a copy"))
        return tr("Clone {gallery} as {name}").format(gallery=quoted_gallery, name=name)
    if kind is Kind.DELETE_GALLERY:
        return tr("Delete gallery {gallery}").format(gallery=quoted_gallery)
    if set(change.fields) == {"sortOrder"}:
        return tr("Move gallery {gallery}").format(gallery=quoted_gallery)
    return _edit(change, quoted_gallery, gallery)


def _edit(change: Change, what: str, gallery: str) -> str:
    leaves = intended(change)
    if set(change.fields) == {"sortOrder"}:
        return tr("Move {what} in {gallery}").format(what=what, gallery=gallery)
    labels = list(dict.fromkeys(_labels(path) for path in leaves))
    if len(leaves) == 1:
        ((path, after),) = leaves.items()
        before = _at(change.replaces, path)
        return tr("{field} of {what}: {before} → {after}").format(
            field=labels[0][0], what=what, before=_value(before), after=_value(after)
        )
    if not labels:
        return tr("Edit {what}").format(what=what)
    words = [in_sentence for _label, in_sentence in labels]
    if len(words) > 1:
        listed = tr("{fields} and {last}").format(fields=", ".join(words[:-1]), last=words[-1])
    else:
        listed = words[0]
    return tr("Edit {fields} of {what}").format(fields=listed, what=what)


def _several(changes: list[Change]) -> str:
    first = changes[0]
    gallery = first.names.get("gallery") or tr("the gallery")
    kinds = {c.kind for c in changes}
    n = len(changes)
    if kinds == {Kind.UPDATE_ITEM} and all(set(c.fields) == {"sortOrder"} for c in changes):
        return tr("Move %Ln item(s) in {gallery}", "", n).format(gallery=gallery)
    if kinds == {Kind.UPDATE_ITEM}:
        return tr("Edit %Ln item(s) in {gallery}", "", n).format(gallery=gallery)
    if kinds == {Kind.UPLOAD}:
        return tr("Upload %Ln file(s) to {gallery}", "", n).format(gallery=gallery)
    if kinds == {Kind.CREATE_ITEM} and all(c.resume.get("restores") for c in changes):
        return tr("Restore %Ln item(s) in {gallery}", "", n).format(gallery=gallery)
    if kinds == {Kind.DELETE_ITEMS}:
        total = sum(len(c.target_ids) for c in changes)
        return tr("Delete %Ln item(s) from {gallery}", "", total).format(gallery=gallery)
    return tr("%Ln change(s) in {gallery}", "", n).format(gallery=gallery)


def _state(changes: list[Change]) -> str:
    failed = [c for c in changes if c.state is State.FAILED]
    if failed:
        reason = (failed[0].last_error or tr("no reason given")).split(". ")[0]  # not the advice
        return " " + tr("(failed: {reason})").format(reason=_lower(reason.rstrip(".")))
    states = {c.state for c in changes}
    if State.CONFLICT in states:
        return " " + tr("(changed on the site too: choose which to keep)")
    if State.NEEDS_CHECK in states:
        return " " + tr("(checking whether it reached the site)")
    if State.HELD in states:
        return " " + tr("(waiting for your review)")
    return ""


def _value(value: Any) -> str:
    if value is None or value in ("", [], {}):
        return tr("none")
    if isinstance(value, dict):
        for key in ("values", "url", "html", "text"):
            if key in value:
                return _value(value[key])
        return tr("changed")
    if isinstance(value, list):
        return ", ".join(_value(v).strip(_QUOTES) for v in value)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:g}"
    return _quoted(str(value), tr("none"))


def _quoted(text: Any, otherwise: str) -> str:
    if not isinstance(text, str) or not text:
        return otherwise
    short = text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"
    return tr("“{text}”").format(text=short)


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
