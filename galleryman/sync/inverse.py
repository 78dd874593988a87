"""Undo: a change not applied yet is deleted; one that may be on the site gets its inverse.

An undo arrives for one gesture (a group of changes). Each of its changes, newest first:

* not applied (queued, held, in conflict, failed): deleted, never sent (with whatever depends
  on a thing it would have created);
* maybe or certainly applied (sending, needs_check, done, or queued again after a try whose
  answer was lost: `Change.maybe_applied`), or copied by a clone made after it: its inverse
  is added at the end of the queue, so it goes out after the change itself (which is kept).
  An edit's inverse puts back the values it replaced; a delete's re-creates the items (same
  fields, same sortOrder; their new ids are mapped from the old ones, see
  `Outbox.current_id`); a create's deletes what it made.

A sent gallery delete has no inverse (its items are gone with it): undo refuses it before
touching anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from galleryman.core.i18n import tr
from galleryman.sync.catalog import Catalog
from galleryman.sync.changes import NOT_APPLIED, WAITING, Change, Kind, NewChange, new_local_id
from galleryman.sync.db import SiteDb
from galleryman.sync.outbox import Outbox, OutboxError
from galleryman.sync.placing import gallery_place, put_back
from galleryman.sync.view import View

_READ_ONLY = ("id", "createdDate", "updatedDate", "type")


class UndoError(OutboxError):
    pass


@dataclass(frozen=True)
class Undone:
    removed: list[int]  # changes deleted before they were sent
    added: list[Change]  # inverses queued at the end


def undo(db: SiteDb, group: str) -> Undone:
    outbox, catalog = Outbox(db), Catalog(db)
    with db.transaction():
        changes = outbox.group(group)
        if not changes:
            raise UndoError(tr("There is nothing left to undo for this change."))
        for change in changes:
            if change.kind is Kind.DELETE_GALLERY and change.maybe_applied:
                raise UndoError(
                    tr("A deleted gallery cannot be brought back: its items were deleted with it.")
                )
        removed: list[int] = []
        inverses: list[NewChange] = []
        undo_group = new_local_id()
        for change in reversed(changes):
            if outbox.get(change.seq) is None:
                continue  # deleted with a create it depended on
            applied = change.maybe_applied or _copied_by_clone(outbox, change)
            inverses += _inverse(change, applied, outbox, catalog, undo_group)
            if not applied:
                for seq in _dependents_too(outbox, change):
                    outbox.delete(seq)
                    removed.append(seq)
        added = [outbox.insert(new) for new in _put_back(db, inverses)]
    return Undone(removed, added)


def _put_back(db: SiteDb, inverses: list[NewChange]) -> list[NewChange]:
    """Undone moves and re-created items with their sortOrders made free again
    (`placing.put_back`): a photo dropped since may have taken the place. Found by the soak
    (seed 3): a deleted photo brought back on the sortOrder a photo dropped after the delete
    had taken was refused by the site, and the sender put it after that photo."""
    view = View(db)
    wanted: dict[str, dict[str, float]] = {}
    for new in inverses:
        order = _position(new)
        if order is not None:
            wanted.setdefault(new.gallery_id, {})[new.target_ids[0]] = order
    placed = {g: put_back(view, g, orders) for g, orders in wanted.items()}
    return [_gallery_placed(view, _placed(new, placed.get(new.gallery_id, {}))) for new in inverses]


def _gallery_placed(view: View, new: NewChange) -> NewChange:
    """A gallery moved back: on its old sortOrder, or just before the gallery that took it
    since (`placing.gallery_place`), which the site would refuse."""
    order = new.fields.get("sortOrder")
    if new.kind is not Kind.UPDATE_GALLERY or not isinstance(order, int | float):
        return new
    placed = gallery_place(view, new.target_ids[0], order, back=True)
    return replace(new, fields={**new.fields, "sortOrder": placed})


def _position(new: NewChange) -> float | None:
    """The sortOrder an inverse puts an item on: a move back's, or a re-created item's."""
    if new.kind is Kind.UPDATE_ITEM:
        order = new.fields.get("sortOrder")
    elif new.kind is Kind.CREATE_ITEM:
        order = new.resume.get("sortOrder")
    else:
        return None
    return float(order) if isinstance(order, int | float) else None


def _placed(new: NewChange, placed: dict[str, float]) -> NewChange:
    order = placed.get(new.target_ids[0])
    if order is None:
        return new
    if new.kind is Kind.CREATE_ITEM:
        return replace(new, resume={**new.resume, "sortOrder": order})
    return replace(new, fields={**new.fields, "sortOrder": order})


def _dependents_too(outbox: Outbox, change: Change) -> list[int]:
    seqs = [change.seq]
    if change.kind.creates:
        seqs += [c.seq for c in outbox.touching(change.target, NOT_APPLIED) if c.seq != change.seq]
    return seqs


def _copied_by_clone(outbox: Outbox, change: Change) -> bool:
    """Whether a clone of the change's gallery, made after it and not sent yet, will copy it:
    the clone copies the gallery as the user saw it then, so the change must reach the site
    first, and its inverse follows the clone. Found by the soak: an edit undone before it was
    sent was missing from the copy made after it."""
    if change.kind.on_gallery:
        return False
    return any(
        c.kind is Kind.CLONE_GALLERY and c.gallery_id == change.gallery_id and c.seq > change.seq
        for c in outbox.touching(change.gallery_id, WAITING)
    )


def _inverse(
    change: Change, applied: bool, outbox: Outbox, catalog: Catalog, group: str
) -> list[NewChange]:
    """The changes that put back what `change` did (or will do: `applied`) on the site."""
    if change.kind is Kind.DELETE_ITEMS:
        deleted = change.target_ids if applied else change.resume.get("deleted", [])
        return [_restore(change, item_id, outbox, group) for item_id in deleted]
    if not applied:
        return []
    gallery = outbox.current_id(change.gallery_id)
    if change.kind in (Kind.UPDATE_ITEM, Kind.UPDATE_GALLERY):
        names = dict(change.names)
        if isinstance(change.fields.get("title"), str):
            names["item"] = change.fields["title"]
        if isinstance(change.fields.get("name"), str):
            names["gallery"] = change.fields["name"]
        target = outbox.current_id(change.target)
        if change.kind is Kind.UPDATE_GALLERY:
            gallery = target
        return [
            NewChange(
                change.kind, gallery, (target,), change.replaces, change.fields,
                names=names, group=group,
            )
        ]  # fmt: skip
    if change.kind in (Kind.CREATE_ITEM, Kind.UPLOAD):
        item_id = outbox.current_id(change.target)
        known = catalog.item_json(item_id)
        replaces = {item_id: known} if known is not None else {}
        return [
            NewChange(
                Kind.DELETE_ITEMS, gallery, (item_id,), replaces=replaces,
                names=change.names, group=group,
            )
        ]  # fmt: skip
    if change.kind in (Kind.CREATE_GALLERY, Kind.CLONE_GALLERY):
        gallery_id = outbox.current_id(change.target)
        known = catalog.gallery_json(gallery_id)
        return [
            NewChange(
                Kind.DELETE_GALLERY, gallery_id, (gallery_id,), replaces=known or {},
                names=change.names, group=group,
            )
        ]  # fmt: skip
    return []


def _restore(change: Change, item_id: str, outbox: Outbox, group: str) -> NewChange:
    """Re-create a deleted item: the same JSON (the server gives it a new id) and sortOrder."""
    original = change.replaces.get(item_id) or {}
    fields = {k: v for k, v in original.items() if k not in _READ_ONLY}
    local = new_local_id()
    outbox.map_id(item_id, local)
    title = original.get("title")
    names = {**change.names, "item": title if isinstance(title, str) else None}
    return NewChange(
        Kind.CREATE_ITEM,
        outbox.current_id(change.gallery_id),
        (local,),
        fields=fields,
        resume={"sortOrder": original.get("sortOrder"), "restores": item_id},
        names=names,
        group=group,
    )
