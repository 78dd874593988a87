"""Merging the site's current copy with the changes still on their way: conflicts.

The catalog keeps the server's values as last seen: the base. When the site's copy of an
item or gallery arrives (a refresh, or the check before sending a change that waited), each
field is compared at its leaves (so alt text and focal point, both inside `image`, are two
fields):

* changed on the site since the base, and changed by a change still to go, to something
  else: a CONFLICT. The change waits in state `conflict` with both values (and the base) until
  the user keeps theirs (sent anyway, over the new base) or the site's (their edit of that
  field is dropped);
* changed on one side only: merged silently. The base becomes the site's copy, and a change
  is sent *rebased* (`rebased_fields`): the objects it sends whole (`image`, `link`...) are
  the site's current ones with only the user's own leaves changed, so a field changed on the
  site is never put back by a PATCH that did not mean to touch it.

Items or galleries deleted on the site while edited here fail their changes as "gone"; they
are never re-created.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from galleryman.core.i18n import tr
from galleryman.core.patches import revert_fields, without_none
from galleryman.sync.catalog import Catalog
from galleryman.sync.changes import Change, Kind, Problem, State
from galleryman.sync.db import SiteDb
from galleryman.sync.listed import ListedItem
from galleryman.sync.outbox import Outbox, OutboxError

JsonObject = dict[str, Any]
Path = tuple[str, ...]

# Fields the server changes by itself, or that are not the object's own.
_NOT_COMPARED = frozenset({"updatedDate", "createdDate", "items", "totalItems"})
_EMPTY: tuple[Any, ...] = (None, "", [], {})
_UPDATES = (Kind.UPDATE_ITEM, Kind.UPDATE_GALLERY)
_OPEN = (State.QUEUED, State.HELD, State.CONFLICT)  # not being sent, still to go
_NOT_DONE = tuple(s for s in State if s is not State.DONE)


class Keep(enum.StrEnum):
    MINE = "mine"
    SITE = "site"


# ---------------------------------------------------------------------- field differences


def leaf_changes(before: Any, after: Any, prefix: Path = ()) -> dict[Path, Any]:
    """Where `after` differs from `before`, down to the leaves of nested objects, with
    `after`'s value there (None: removed)."""
    if isinstance(before, dict) and isinstance(after, dict):
        found: dict[Path, Any] = {}
        for key in [*after, *(k for k in before if k not in after)]:
            found.update(leaf_changes(before.get(key), after.get(key), (*prefix, key)))
        return found
    return {} if _same(before, after) else {prefix: after}


def intended(change: Change) -> dict[Path, Any]:
    """The leaves a change sets, and to what (None: clears)."""
    return leaf_changes(as_state(change.replaces), as_state(change.fields))


def site_changes(base: JsonObject, site: JsonObject) -> dict[Path, Any]:
    keys = (set(base) | set(site)) - _NOT_COMPARED
    return leaf_changes({k: base.get(k) for k in keys}, {k: site.get(k) for k in keys})


def conflicts_of(
    change: Change,
    base: JsonObject,
    site: JsonObject,
    ours: dict[Path, list[Any]] | None = None,
) -> list[JsonObject]:
    """The fields the change sets that the site changed since `base`, to something else.
    `ours`: values earlier changes of the user set (which may be on the site already): the
    site holding one of them is not the site's edit."""
    theirs = [path for path in site_changes(base, site) if not _set_by_us(path, site, ours or {})]
    found = []
    for path, mine in intended(change).items():
        if not any(_overlap(path, other) for other in theirs):
            continue
        on_site = get_path(site, path)
        if _same(on_site, mine):
            continue  # both made the same change
        found.append(
            {"path": list(path), "mine": mine, "site": on_site, "base": get_path(base, path)}
        )
    return found


def rebased_fields(change: Change, base: JsonObject | None) -> JsonObject:
    """The PATCH to send now: the change's own leaves over the base's current objects."""
    if base is None:
        return clone_json(change.fields)
    mine = intended(change)
    body: JsonObject = {}
    for key, value in change.fields.items():
        current = base.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            merged = clone_json(current)
            for path, leaf in mine.items():
                if path[0] == key and len(path) > 1:
                    set_path(merged, path[1:], clone_json(leaf))
            body[key] = merged
        else:
            body[key] = clone_json(value)
    return body


# ---------------------------------------------------------------------- the site's copy


def absorb(
    outbox: Outbox, object_id: str, base: JsonObject, site: JsonObject, also: int | None = None
) -> list[int]:
    """Compare the site's copy with the base for every open update of the object (and the
    one being sent, `also`); record conflicts (inside the caller's transaction). Returns the
    seqs now in conflict.

    The user's own changes still on their way may be on the site already (sent, the answer
    lost; or being sent): a value one of them set is the user's, not the site's edit, for
    every change after it."""
    conflicted = []
    ours: dict[Path, list[Any]] = {}
    for change in outbox.touching(object_id, _NOT_DONE):
        if change.kind not in _UPDATES or change.target != object_id:
            continue
        compared = change.state in _OPEN or change.seq == also
        found = conflicts_of(change, base, site, ours) if compared else []
        for path, value in intended(change).items():
            ours.setdefault(path, []).append(value)
        if not found:
            continue
        earlier = (change.conflict or {}).get("fields", [])
        paths = {tuple(f["path"]) for f in found}
        kept = [f for f in earlier if tuple(f["path"]) not in paths]
        outbox.mark_conflict(change.seq, {"fields": kept + found})
        conflicted.append(change.seq)
    return conflicted


def absorb_items(db: SiteDb, gallery_id: str, items: list[ListedItem], token: int) -> list[int]:
    """A page of a listing that began at `token`: conflicts recorded, then the page stored.
    An item being sent right now is not compared (the page may predate the change; its
    answer, newer, replaces the page's copy when it comes)."""
    outbox, catalog = Outbox(db), Catalog(db)
    edited = _edited(outbox.changes([*_OPEN, State.SENDING], gallery_id), Kind.UPDATE_ITEM)
    ids = {item.id for item in items}
    conflicted: list[int] = []
    with db.transaction(durable=bool(ids & edited.keys())):
        for item in items:
            item_id = item.id
            states = edited.get(item_id)
            if not states or State.SENDING in states or catalog.is_newer(item_id, token):
                continue
            base = catalog.item_json(item_id)
            if base is not None:
                conflicted += absorb(outbox, item_id, base, item.data)
        catalog.put_items(gallery_id, items, token)
    return conflicted


def absorb_galleries(
    db: SiteDb, galleries: list[JsonObject], token: int
) -> tuple[list[str], list[int]]:
    """The site's complete gallery listing: conflicts recorded, the catalog's galleries
    replaced, and changes to galleries deleted on the site failed. Returns the ids of those
    galleries, and the seqs of the changes now in conflict."""
    outbox, catalog = Outbox(db), Catalog(db)
    edited = _edited(outbox.changes([*_OPEN, State.SENDING]), Kind.UPDATE_GALLERY)
    conflicted: list[int] = []
    with db.transaction():
        for gallery in galleries:
            gallery_id = str(gallery.get("id"))
            if gallery_id in edited and State.SENDING not in edited[gallery_id]:
                base = catalog.gallery_json(gallery_id)
                if base is not None and not catalog.is_newer(gallery_id, token):
                    conflicted += absorb(outbox, gallery_id, base, gallery)
        gone = catalog.replace_galleries(galleries, token)
        fail_gone_galleries(outbox, gone)
    return gone, conflicted


# ---------------------------------------------------------------------- deleted on the site


def fail_gone_items(outbox: Outbox, item_ids: Iterable[str]) -> list[int]:
    """Items deleted on the site: open edits of them fail as "gone" (never re-created)."""
    failed = []
    for item_id in item_ids:
        for change in outbox.touching(item_id, _OPEN):
            if change.kind is Kind.UPDATE_ITEM and change.target == item_id:
                outbox.mark_failed(change.seq, Problem.GONE, gone_sentence(change), retryable=False)
                failed.append(change.seq)
    return failed


def fail_gone_galleries(outbox: Outbox, gallery_ids: Iterable[str]) -> list[int]:
    """Galleries deleted on the site: their open changes fail as "gone"; deleting them (or
    their items) has nothing left to do."""
    failed = []
    for gallery_id in gallery_ids:
        for change in outbox.touching(gallery_id, _OPEN):
            if change.kind in (Kind.DELETE_GALLERY, Kind.DELETE_ITEMS):
                outbox.mark_done(change.seq)
                continue
            outbox.mark_failed(change.seq, Problem.GONE, gone_sentence(change), retryable=False)
            failed.append(change.seq)
    return failed


def gone_sentence(change: Change) -> str:
    gallery = change.names.get("gallery")
    if change.kind is Kind.UPDATE_ITEM and change.names.get("item"):
        return tr("“{item}” was deleted on the site, so this change was not made.").format(
            item=change.names["item"]
        )
    if gallery:
        return tr(
            "The gallery “{gallery}” was deleted on the site, so this change was not made."
        ).format(gallery=gallery)
    return tr("It was deleted on the site, so this change was not made.")


# ---------------------------------------------------------------------- the user's decision


def resolve(db: SiteDb, seq: int, keep: Keep) -> Change | None:
    """Settle a conflict: keep mine (send it over the site's values, which it now replaces)
    or the site's (drop my edit of the conflicting fields; the change is deleted when nothing
    else is left in it). Returns the change as it is now, or None when deleted."""
    outbox, catalog = Outbox(db), Catalog(db)
    with db.transaction():
        change = outbox.get(seq)
        if change is None or change.state is not State.CONFLICT:
            raise OutboxError(tr("That change is not waiting for a decision."))
        if change.kind is Kind.UPDATE_ITEM:
            base = catalog.item_json(change.target)
        else:
            base = catalog.gallery_json(change.target)
        base = base or {}
        fields, replaces = clone_json(change.fields), clone_json(change.replaces)
        if keep is Keep.MINE:
            replaces = revert_fields(base, fields)
        else:
            for conflict in (change.conflict or {}).get("fields", []):
                path = tuple(conflict["path"])
                set_path(fields, path, clone_json(get_path(base, path)))
                set_path(replaces, path, clone_json(get_path(base, path)))
            for key in list(fields):
                if leaf_changes(as_state({key: replaces.get(key)}), as_state({key: fields[key]})):
                    continue
                fields.pop(key)
                replaces.pop(key, None)
            if not fields:
                outbox.delete(seq)
                return None
        outbox.set_fields(seq, fields, replaces)
        outbox.requeue(seq)
        return outbox.get(seq)


def resolve_all(db: SiteDb, keep: Keep) -> None:
    with db.transaction():
        for change in Outbox(db).changes([State.CONFLICT]):
            resolve(db, change.seq, keep)


# ---------------------------------------------------------------------- paths


def get_path(data: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def set_path(data: JsonObject, path: Path, value: Any) -> None:
    for key in path[:-1]:
        child = data.get(key)
        if not isinstance(child, dict):
            child = data[key] = {}
        data = child
    data[path[-1]] = value


def _set_by_us(path: Path, site: JsonObject, ours: dict[Path, list[Any]]) -> bool:
    """Whether the site's value at `path` (or at an object holding it) is one an earlier
    change of the user's set."""
    for depth in range(len(path), 0, -1):
        values = ours.get(path[:depth])
        if values and any(_same(get_path(site, path[:depth]), v) for v in values):
            return True
    return False


def _overlap(a: Path, b: Path) -> bool:
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _same(a: Any, b: Any) -> bool:
    if a == b:
        return True
    return any(a == e and type(a) is type(e) for e in _EMPTY) and any(
        b == e and type(b) is type(e) for e in _EMPTY
    )


def as_state(patch: JsonObject) -> JsonObject:
    """A PATCH as the values it leaves: None (clear) stays None at the top; below, gone."""
    return {key: None if value is None else without_none(value) for key, value in patch.items()}


def _edited(changes: list[Change], kind: Kind) -> dict[str, set[State]]:
    edited: dict[str, set[State]] = {}
    for change in changes:
        if change.kind is kind:
            edited.setdefault(change.target, set()).add(change.state)
    return edited


def clone_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: clone_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clone_json(v) for v in value]
    return value
