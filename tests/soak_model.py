"""The soak's intended state: what the site must hold once every operation the driver made
through the app has been sent (Qt-free; tests/soak_runner.py keeps it).

The model is the user's point of view, kept apart from the app: galleries in the order they
were made, named uniquely; in each, items known by the name of the file they were uploaded
from, with their title, alt text and tags, and the undo history of the steps the window
puts on its Undo menu. What it takes from the app is only the numbers the app chose for a
position (the sortOrders of uploads and moves, from the rows the gesture wrote): the model
then checks that those numbers put the items where the gesture meant them (`findings`), and
the site is compared with the order they give.

An operation is applied only once the app made it (acknowledged, or found in the outbox
after a kill).
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from galleryman.core.bulk_edit import normalise_tags
from tests.soak_outbox import Row

Op = dict[str, Any]


@dataclass
class ItemState:
    name: str  # the uploaded file's name: the item's identity in its gallery
    title: str | None
    alt: str | None = None
    tags: tuple[str, ...] = ()
    order: float = 0.0
    tiebreak: float = 0  # equal sortOrders: the one placed first stays first (as on the site)

    def fields(self) -> dict[str, Any]:
        return {"title": self.title, "alt": self.alt or None, "tags": list(self.tags)}


@dataclass
class GalleryState:
    key: int
    name: str
    items: dict[str, ItemState] = field(default_factory=dict)

    def shown(self) -> list[ItemState]:
        return sorted(self.items.values(), key=lambda i: (i.order, i.tiebreak))

    def names(self) -> list[str]:
        return [i.name for i in self.shown()]


@dataclass
class UndoStep:
    """One step of the window's Undo menu: what undoing it puts back."""

    gallery: int
    kind: str  # "name", "fields", "orders", "items"
    before: Any
    seqs: tuple[int, ...]  # the rows the step wrote (undo deletes those not sent)


class Model:
    def __init__(self) -> None:
        self.galleries: list[GalleryState] = []
        self.undo: list[UndoStep] = []
        self.findings: list[str] = []  # positions the app chose that are not what was meant
        self._keys = itertools.count(1)
        self._ticks = itertools.count(1)
        self._deleted: set[int] = set()
        # Each create row (upload, re-created item): where it put which item, by seq.
        self._creates: dict[int, tuple[GalleryState, str, float]] = {}

    # ------------------------------------------------------------------ reading

    def gallery(self, name: str) -> GalleryState:
        return next(g for g in self.galleries if g.name == name)

    def names(self) -> list[str]:
        return [g.name for g in self.galleries]

    def uploads(self) -> set[str]:
        return {i.name for g in self.galleries for i in g.items.values()}

    def clear_undo(self) -> None:
        """A restarted app starts with an empty Undo menu."""
        self.undo.clear()

    # ------------------------------------------------------------------ applying

    def follow_creates(self, placed: dict[int, float]) -> None:
        """The sender moved these creates on to a free sortOrder (the site had given theirs
        to something else): the items are there, unless a later move placed them since."""
        for seq, order in placed.items():
            known = self._creates.get(seq)
            if known is None:
                continue
            gallery, name, was = known
            item = gallery.items.get(name)
            if item is not None and item.order == was:
                item.order = order
            self._creates[seq] = (gallery, name, order)

    def apply(self, index: int, op: Op, rows: list[Row]) -> None:
        """The app made `op` (the `index`th operation), writing `rows` to its outbox."""
        handler = getattr(self, f"_{op['op']}")
        handler(index, op, rows)

    def _create_gallery(self, _index: int, op: Op, _rows: list[Row]) -> None:
        self.galleries.append(GalleryState(next(self._keys), op["name"]))

    def _clone_gallery(self, _index: int, op: Op, _rows: list[Row]) -> None:
        source = self.gallery(op["gallery"])
        self.galleries.append(
            GalleryState(next(self._keys), op["name"], copy.deepcopy(source.items))
        )

    def _rename_gallery(self, _index: int, op: Op, rows: list[Row]) -> None:
        gallery = self.gallery(op["gallery"])
        self._push(gallery, "name", gallery.name, rows)
        gallery.name = op["name"]

    def _delete_gallery(self, _index: int, op: Op, _rows: list[Row]) -> None:
        gallery = self.gallery(op["gallery"])
        self.galleries.remove(gallery)
        self._deleted.add(gallery.key)

    def _upload(self, index: int, op: Op, rows: list[Row]) -> None:
        gallery = self.gallery(op["gallery"])
        before = gallery.names()
        self._set_orders(gallery, rows)  # neighbours renumbered to make room, if any
        new = [Path(f).name for f in op["files"]]
        placed = {r.key: r.sort_order for r in rows if r.kind == "upload"}
        for name in new:
            order = placed.get(name)
            if order is None:
                self.findings.append(f"op {index}: the upload of {name} wrote no outbox row")
                continue
            self._tie(index, gallery, name, order)
            gallery.items[name] = ItemState(
                name, Path(name).stem, order=order, tiebreak=self._tick()
            )
            self._remember_create(rows, gallery, name)
        at = before.index(op["before"]) if op.get("before") else len(before)
        meant = [*before[:at], *[n for n in new if n in placed], *before[at:]]
        self._check(index, gallery, meant, f"upload {', '.join(new)}")

    def _edit(self, _index: int, op: Op, rows: list[Row]) -> None:
        gallery = self.gallery(op["gallery"])
        item = gallery.items[op["item"]]
        field_name, value = op["field"], op["value"]
        self._push(gallery, "fields", {item.name: {field_name: _get(item, field_name)}}, rows)
        _set(item, field_name, value)

    def _bulk(self, _index: int, op: Op, rows: list[Row]) -> None:
        gallery = self.gallery(op["gallery"])
        before: dict[str, dict[str, Any]] = {}
        for name in op["items"]:
            item = gallery.items[name]
            value = op["value"]
            if op["field"] == "tags" and op.get("mode") == "add":
                value = [*item.tags, *value]
            if _normal(op["field"], value) != _get(item, op["field"]):
                before[name] = {op["field"]: _get(item, op["field"])}
                _set(item, op["field"], value)
        if before:  # a bulk edit that changes nothing is not an undo step
            self._push(gallery, "fields", before, rows)

    def _move(self, index: int, op: Op, rows: list[Row]) -> None:
        gallery = self.gallery(op["gallery"])
        current = gallery.names()
        moved = [n for n in current if n in set(op["items"])]
        rest = [n for n in current if n not in set(op["items"])]
        if op["to"] == "top":
            meant = moved + rest
        elif op["to"] == "bottom":
            meant = rest + moved
        else:
            at = rest.index(op["before"])
            meant = [*rest[:at], *moved, *rest[at:]]
        updated = {r.key: r.sort_order for r in rows if r.sort_order is not None and r.key}
        old = {k: gallery.items[k].order for k in updated if k in gallery.items}
        self._push(gallery, "orders", old, rows)
        self._set_orders(gallery, rows)
        self._check(index, gallery, meant, f"move {', '.join(moved)} ({op['to']})")

    def _delete_items(self, _index: int, op: Op, rows: list[Row]) -> None:
        gallery = self.gallery(op["gallery"])
        removed = {n: gallery.items.pop(n) for n in op["items"]}
        self._push(gallery, "items", removed, rows)

    def _undo(self, index: int, _op: Op, rows: list[Row]) -> None:
        step = self.undo.pop()
        gallery = next((g for g in self.galleries if g.key == step.gallery), None)
        if gallery is None:
            return  # its gallery was deleted: the window drops the step, nothing changes
        if step.kind == "name":
            gallery.name = step.before
        elif step.kind == "fields":
            for name, values in step.before.items():
                for field_name, value in values.items():
                    if name in gallery.items:
                        _set(gallery.items[name], field_name, value)
        elif step.kind == "orders":
            for name, order in step.before.items():
                if name in gallery.items:
                    # Back on its old sortOrder; if an item dropped since has the same one
                    # (an unsent move undone: nothing inverse is sent, the site keeps the
                    # old number), it goes before that item, as the app places it.
                    same = [
                        i.tiebreak
                        for i in gallery.items.values()
                        if i.order == order and i.name != name
                    ]
                    gallery.items[name].order = order
                    gallery.items[name].tiebreak = min(same) - 0.5 if same else self._tick()
            # A move already sent is undone by a move back, to the sortOrder it had or, when
            # another item took it since, just before that one (sync/placing.put_back): the
            # numbers the app chose, as for any move.
            self._set_orders(gallery, rows)
        else:
            # Brought back where it was or, when an item took that place since, just before
            # that one (sync/placing.put_back): the number the app chose, as for a move.
            placed = {r.key: r.sort_order for r in rows if r.kind == "create_item"}
            for name, item in step.before.items():
                order = placed.get(name)
                item.order = order if order is not None else item.order
                self._tie(index, gallery, name, item.order)
                gallery.items[name] = item
                self._remember_create(rows, gallery, name)

    # ------------------------------------------------------------------ helpers

    def _remember_create(self, rows: list[Row], gallery: GalleryState, name: str) -> None:
        for row in rows:
            if row.key == name and row.kind in ("upload", "create_item"):
                self._creates[row.seq] = (gallery, name, gallery.items[name].order)

    def _push(self, gallery: GalleryState, kind: str, before: Any, rows: list[Row]) -> None:
        self.undo.append(UndoStep(gallery.key, kind, before, tuple(r.seq for r in rows)))

    def _set_orders(self, gallery: GalleryState, rows: list[Row]) -> None:
        for row in rows:
            if row.kind == "update_item" and row.sort_order is not None and row.key:
                item = gallery.items.get(row.key)
                if item is not None:
                    item.order, item.tiebreak = row.sort_order, self._tick()

    def _tie(self, index: int, gallery: GalleryState, name: str, order: float) -> None:
        same = [i.name for i in gallery.items.values() if i.order == order and i.name != name]
        if same:
            self.findings.append(
                f"op {index}: {name} got the sortOrder {order!r} {same[0]} already has "
                f"in {gallery.name}"
            )

    def _check(self, index: int, gallery: GalleryState, meant: list[str], what: str) -> None:
        got = gallery.names()
        if got != meant:
            self.findings.append(
                f"op {index}: {what} in {gallery.name}: the sortOrders the app chose give "
                f"{_around(got, meant)}"
            )

    def _tick(self) -> int:
        return next(self._ticks)


def _get(item: ItemState, field_name: str) -> Any:
    return {"title": item.title, "alt": item.alt, "tags": item.tags}[field_name]


def _normal(field_name: str, value: Any) -> Any:
    if field_name == "tags":
        return tuple(normalise_tags(value))
    return value or None


def _set(item: ItemState, field_name: str, value: Any) -> None:
    value = _normal(field_name, value)
    if field_name == "title":
        item.title = value
    elif field_name == "alt":
        item.alt = value
    else:
        item.tags = value


def _around(got: list[str], meant: list[str]) -> str:
    """Where two orders first differ, with a little context."""
    first = next((i for i, (a, b) in enumerate(zip(got, meant, strict=False)) if a != b), 0)
    lo = max(0, first - 1)
    return f"{got[lo : first + 3]} where {meant[lo : first + 3]} was meant"
