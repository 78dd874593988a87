"""The user's gestures as outbox rows, committed before the call returns.

Each call works out, from what the user sees (`View`: the catalog with the changes on their
way), what the change replaces (for undo, discard and conflict checks), the names to describe
it with, and for a create its local id and explicit sortOrder, then adds the rows of one
gesture as one group in one commit. The caller shows the change only after the call returns.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from galleryman.core.i18n import tr
from galleryman.core.ordering import plan_move, sort_order_for_append
from galleryman.core.patches import revert_fields
from galleryman.sync.changes import Change, Kind, NewChange, new_local_id
from galleryman.sync.db import SiteDb
from galleryman.sync.inverse import Undone, undo
from galleryman.sync.merge import Keep, as_state, clone_json, leaf_changes, resolve, resolve_all
from galleryman.sync.outbox import Outbox, OutboxError
from galleryman.sync.placing import clear_of_uploads, gallery_place
from galleryman.sync.view import View

JsonObject = dict[str, Any]
Fields = Mapping[str, Any]
_READ_ONLY = ("id", "createdDate", "updatedDate", "type")


class EditError(OutboxError):
    """An edit of something the user no longer sees (deleted meanwhile)."""


def title_for(path: Path) -> str:
    """An item's title from its file name (bytes that are not UTF-8 become "�")."""
    return os.fsencode(path.stem).decode("utf-8", "replace")


class Edits:
    def __init__(self, db: SiteDb, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock
        self.view = View(db)
        self.outbox = Outbox(db, clock)

    # ------------------------------------------------------------------ items

    def edit_items(
        self,
        gallery_id: str,
        edits: Mapping[str, Fields],
        planned_around: Mapping[str, float] | None = None,
    ) -> list[Change]:
        """PATCH fields per item (a None at any depth clears); one row per item that really
        changes, as one gesture. New positions (a move) are kept clear of the uploads on
        their way but the tiles the window `planned_around` (`placing.py`)."""
        group = new_local_id()
        with self._db.transaction():
            gallery_id = self.outbox.current_id(gallery_id)
            gallery = self._gallery_name(gallery_id)
            edits = self._placed_moves(gallery_id, edits, planned_around)
            news = []
            for item_id, fields in edits.items():
                item_id = self.outbox.current_id(item_id)
                shown = self._shown_item(gallery_id, item_id)
                patch = clone_json(dict(fields))
                replaces = revert_fields(shown, patch)
                if not leaf_changes(as_state(replaces), as_state(patch)):
                    continue  # already so
                names = {"gallery": gallery, "item": _label(shown)}
                news.append(
                    NewChange(
                        Kind.UPDATE_ITEM, gallery_id, (item_id,), patch, replaces,
                        names=names, group=group,
                    )
                )  # fmt: skip
            return self.outbox.add_all(news) if news else []

    def edit_item(self, gallery_id: str, item_id: str, fields: Fields) -> Change | None:
        changes = self.edit_items(gallery_id, {item_id: fields})
        return changes[0] if changes else None

    def move_items(
        self,
        gallery_id: str,
        orders: Mapping[str, float],
        planned_around: Mapping[str, float] | None = None,
    ) -> list[Change]:
        """New sortOrders (one PATCH each), as one gesture."""
        moves = {i: {"sortOrder": o} for i, o in orders.items()}
        return self.edit_items(gallery_id, moves, planned_around)

    def move_items_to(
        self, gallery_id: str, item_ids: Sequence[str], dest_row: int
    ) -> list[Change]:
        """Move items as a block before the row now at `dest_row` of the shown gallery (the
        ordering rule's midpoints, see `core.ordering.plan_move`)."""
        rows = self.view.items(gallery_id).rows
        order = [(row.id, float(row.sort_order)) for row in rows if row.sort_order is not None]
        updates = plan_move(order, [self.outbox.current_id(i) for i in item_ids], dest_row)
        return self.move_items(gallery_id, {u.key: u.sort_order for u in updates})

    def delete_items(self, gallery_id: str, item_ids: Iterable[str]) -> Change:
        """One bulk delete; the items' JSON is kept in the row so undo can re-create them."""
        with self._db.transaction():
            gallery_id = self.outbox.current_id(gallery_id)
            ids = list(dict.fromkeys(self.outbox.current_id(i) for i in item_ids))
            if not ids:
                raise EditError(tr("No items to delete."))
            replaces = {i: self._shown_item(gallery_id, i) for i in ids}
            names = {"gallery": self._gallery_name(gallery_id), "item": _label(replaces[ids[0]])}
            new = NewChange(Kind.DELETE_ITEMS, gallery_id, tuple(ids), {}, replaces, names=names)
            return self.outbox.add(new)

    def add_item(
        self,
        gallery_id: str,
        item: JsonObject,
        sort_order: float | None = None,
        planned_around: Mapping[str, float] | None = None,
    ) -> Change:
        """A new video or text item (its JSON), last unless `sort_order` says where (planned
        around these upload tiles, see `placing.py`)."""
        with self._db.transaction():
            gallery_id = self.outbox.current_id(gallery_id)
            fields = {k: v for k, v in clone_json(item).items() if k not in _READ_ONLY}
            order = sort_order if sort_order is not None else self.append_orders(gallery_id, 1)[0]
            [order] = clear_of_uploads(
                self.view, self.outbox, gallery_id, [order], planned_around=planned_around
            )
            fields["sortOrder"] = order
            names = {"gallery": self._gallery_name(gallery_id), "item": _label(fields)}
            new = NewChange(
                Kind.CREATE_ITEM, gallery_id, (new_local_id(),), fields,
                resume={"sortOrder": order}, names=names,
            )  # fmt: skip
            return self.outbox.add(new)

    def upload(
        self,
        gallery_id: str,
        paths: Sequence[Path],
        sort_orders: Sequence[float] | None = None,
        fields: Fields | None = None,
        *,
        photo_text: bool = False,
        planned_around: Mapping[str, float] | None = None,
    ) -> list[Change]:
        """Local image files to upload and add (last, unless `sort_orders` says where, after
        the uploads already on their way there that the window did not plan around:
        `placing.py`), one row each, as one gesture. The file is read when it is sent; with
        `photo_text`, the title and caption it carries (EXIF) then become the item's title
        and description."""
        if sort_orders is not None and len(sort_orders) != len(paths):
            raise ValueError("one sortOrder per file")
        group = new_local_id()
        with self._db.transaction():
            gallery_id = self.outbox.current_id(gallery_id)
            gallery = self._gallery_name(gallery_id)
            orders = list(sort_orders or self.append_orders(gallery_id, len(paths)))
            orders = clear_of_uploads(
                self.view, self.outbox, gallery_id, orders, planned_around=planned_around
            )
            news = []
            for path, order in zip(paths, orders, strict=True):
                path = Path(path).absolute()
                extra = {"title": title_for(path), **clone_json(dict(fields or {}))}
                resume = {"path": str(path), "name": path.name, "sortOrder": order}
                if photo_text:
                    resume["photoText"] = True
                names = {"gallery": gallery, "file": path.name, "item": extra.get("title")}
                news.append(
                    NewChange(
                        Kind.UPLOAD, gallery_id, (new_local_id(),), extra,
                        resume=resume, names=names, group=group,
                    )
                )  # fmt: skip
            return self.outbox.add_all(news)

    # ------------------------------------------------------------------ galleries

    def create_gallery(self, name: str | None, sort_order: float | None = None) -> Change:
        return self._new_gallery(Kind.CREATE_GALLERY, "", name, sort_order)

    def clone_gallery(
        self, source_id: str, name: str | None = None, sort_order: float | None = None
    ) -> Change:
        return self._new_gallery(Kind.CLONE_GALLERY, source_id, name, sort_order)

    def update_gallery(self, gallery_id: str, fields: Fields) -> Change | None:
        """A gallery PATCH: {"name": ...} or {"sortOrder": ...}."""
        with self._db.transaction():
            gallery_id = self.outbox.current_id(gallery_id)
            shown = self.view.gallery_json(gallery_id)
            if shown is None:
                raise EditError(tr("That gallery is no longer on the site."))
            patch = clone_json(dict(fields))
            if isinstance(order := patch.get("sortOrder"), int | float):
                patch["sortOrder"] = gallery_place(self.view, gallery_id, order, back=False)
            replaces = revert_fields(shown, patch)
            if not leaf_changes(as_state(replaces), as_state(patch)):
                return None
            names = {"gallery": shown.get("name")}
            new = NewChange(
                Kind.UPDATE_GALLERY, gallery_id, (gallery_id,), patch, replaces, names=names
            )
            return self.outbox.add(new)

    def rename_gallery(self, gallery_id: str, name: str) -> Change | None:
        return self.update_gallery(gallery_id, {"name": name})

    def delete_gallery(self, gallery_id: str) -> Change:
        with self._db.transaction():
            gallery_id = self.outbox.current_id(gallery_id)
            shown = self.view.gallery_json(gallery_id)
            if shown is None:
                raise EditError(tr("That gallery is no longer on the site."))
            names = {"gallery": shown.get("name"), "items": self.view.item_count(gallery_id)}
            new = NewChange(Kind.DELETE_GALLERY, gallery_id, (gallery_id,), {}, shown, names=names)
            return self.outbox.add(new)

    # ------------------------------------------------------------------ decisions

    def undo(self, group: str) -> Undone:
        return undo(self._db, group)

    def discard(self, seq: int) -> list[int]:
        return self.outbox.discard(seq)

    def retry(self, seq: int) -> list[Change]:
        return self.outbox.retry(seq)

    def resolve(self, seq: int, keep: Keep) -> Change | None:
        return resolve(self._db, seq, keep)

    def resolve_all(self, keep: Keep) -> None:
        resolve_all(self._db, keep)

    # ------------------------------------------------------------------ internals

    def _new_gallery(
        self, kind: Kind, source_id: str, name: str | None, sort_order: float | None
    ) -> Change:
        with self._db.transaction():
            source_id = self.outbox.current_id(source_id) if source_id else ""
            local = new_local_id()
            if sort_order is None:
                orders = [row.sort_order for row in self.view.galleries().rows]
                sort_order = sort_order_for_append(
                    [float(o) for o in orders if o is not None], self._clock()
                )
            fields: JsonObject = {} if name is None else {"name": name}
            names = {"gallery": self._gallery_name(source_id) if source_id else name}
            new = NewChange(
                kind, source_id or local, (local,), fields,
                resume={"sortOrder": sort_order}, names=names,
            )  # fmt: skip
            return self.outbox.add(new)

    def _placed_moves(
        self,
        gallery_id: str,
        edits: Mapping[str, Fields],
        planned_around: Mapping[str, float] | None,
    ) -> Mapping[str, Fields]:
        """A move (every edit a new sortOrder) with its positions kept clear of uploads (the
        window then shows it where it is placed: the rows it wrote say)."""
        if not edits or any(fields.keys() != {"sortOrder"} for fields in edits.values()):
            return edits
        asked = {self.outbox.current_id(i): float(f["sortOrder"]) for i, f in edits.items()}
        ids = list(asked)
        orders = [asked[i] for i in ids]
        placed = clear_of_uploads(
            self.view, self.outbox, gallery_id, orders, set(ids), planned_around
        )
        return {i: {"sortOrder": o} for i, o in zip(ids, placed, strict=True)}

    def _shown_item(self, gallery_id: str, item_id: str) -> JsonObject:
        shown = self.view.item_json(gallery_id, item_id)
        if shown is None:
            raise EditError(tr("That item is no longer in the gallery."))
        return shown

    def _gallery_name(self, gallery_id: str) -> str | None:
        shown = self.view.gallery_json(gallery_id)
        name = shown.get("name") if shown else None
        return name if isinstance(name, str) else None

    def append_orders(self, gallery_id: str, count: int) -> list[float]:
        """sortOrders for `count` items put last: after every item the catalog knows, the
        uploads on their way included, and after now (the site's rule for a new item)."""
        rows = self.view.items_near(gallery_id, math.inf, math.inf).rows  # the last ones
        orders = [float(r.sort_order) for r in rows if r.sort_order is not None]
        chosen: list[float] = []
        for _ in range(count):
            chosen.append(sort_order_for_append([*orders, *chosen[-1:]], self._clock()))
        return chosen


def _label(item: JsonObject) -> str | None:
    title = item.get("title")
    return title if isinstance(title, str) and title else None
