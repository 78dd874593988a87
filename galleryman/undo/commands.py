"""Undoable user actions. Each command changes the models at once and queues the matching
API call on the worker; undo queues the inverse.

Commands talk to the site through `SessionOps`, so they hold no Qt widgets and no client.
Item ids can change under a command: undoing a delete re-creates the items, and the server
gives them new ids. The session keeps an alias map and commands always ask it for the
current id (`ops.current_id`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from galleryman.core.ordering import SortUpdate, plan_move
from galleryman.wix.models import Item

Fields = dict[str, Any]


class SessionOps(Protocol):
    def current_id(self, item_id: str) -> str: ...
    def item(self, item_id: str) -> Item | None: ...
    def order(self) -> list[tuple[str, float]]: ...
    def apply_sort_orders(self, orders: Mapping[str, float]) -> None: ...
    def patch_item(self, gallery_id: str, item_id: str, fields: Fields, label: str) -> None:
        """Show `fields` in the model now and send them; a failure puts the server's back."""
        ...

    def remove_items_locally(self, item_ids: list[str]) -> None: ...
    def delete_items_remote(self, gallery_id: str, item_ids: list[str]) -> None: ...
    def recreate_items(
        self, gallery_id: str, items: list[Item], on_created: Callable[[str, Item], None]
    ) -> None: ...
    def rename_gallery(self, gallery_id: str, name: str) -> None: ...


def current_fields(item: Item, keys: list[str]) -> Fields:
    """The item's present JSON for the given top-level keys (None where absent)."""
    whole = item.to_json()
    return {key: whole.get(key) for key in keys}


class ItemEdit:
    """One item's fields before and after; the unit both edit commands are made of.

    The "before" values are read from the model, which `patch_item` updates as soon as an edit
    is sent (not when the server answers): an edit made while the last one is still on its
    way undoes to that last one.
    """

    def __init__(self, ops: SessionOps, gallery_id: str, item: Item, fields: Fields) -> None:
        self._ops = ops
        self._gallery_id = gallery_id
        self._item_id = str(item.id)
        self._new = dict(fields)
        self._old = current_fields(item, list(fields))

    def apply(self, label: str) -> None:
        self._send(self._new, label)

    def revert(self, label: str) -> None:
        self._send(self._old, label)

    def _send(self, fields: Fields, label: str) -> None:
        item_id = self._ops.current_id(self._item_id)
        self._ops.patch_item(self._gallery_id, item_id, fields, label)


class EditItemCommand(QUndoCommand):
    """Set some top-level fields of one item (title, link, image...)."""

    def __init__(
        self, ops: SessionOps, gallery_id: str, item: Item, fields: Fields, text: str
    ) -> None:
        super().__init__(text)
        self._edit = ItemEdit(ops, gallery_id, item, fields)

    def redo(self) -> None:
        self._edit.apply(self.text())

    def undo(self) -> None:
        self._edit.revert(self.text())


class BulkEditCommand(QUndoCommand):
    """Several items edited at once: one undo step, one PATCH per changed item.

    Plain ItemEdit objects rather than child QUndoCommands: a child's Python half could be
    collected while Qt still owns the C++ half.
    """

    def __init__(
        self,
        ops: SessionOps,
        gallery_id: str,
        changes: list[tuple[Item, Fields]],
        text: str,
    ) -> None:
        super().__init__(text)
        self._edits = [ItemEdit(ops, gallery_id, item, fields) for item, fields in changes]

    def redo(self) -> None:
        for edit in self._edits:
            edit.apply(self.text())

    def undo(self) -> None:
        for edit in reversed(self._edits):
            edit.revert(self.text())


class MoveItemsCommand(QUndoCommand):
    """Move items as a block: one PATCH per moved item (midpoint sortOrder), plus the few
    neighbours the ordering rule renumbers when float gaps run out."""

    def __init__(
        self, ops: SessionOps, gallery_id: str, item_ids: list[str], dest_row: int, text: str
    ) -> None:
        super().__init__(text)
        self._ops = ops
        self._gallery_id = gallery_id
        order = ops.order()
        self._updates: list[SortUpdate] = plan_move(order, item_ids, dest_row)
        before = dict(order)
        self._old = {u.key: before[u.key] for u in self._updates}
        if not self._updates:
            self.setObsolete(True)

    @property
    def patch_count(self) -> int:
        return len(self._updates)

    def redo(self) -> None:
        self._apply({u.key: u.sort_order for u in self._updates})

    def undo(self) -> None:
        self._apply(self._old)

    def _apply(self, orders: dict[str, float]) -> None:
        current = {self._ops.current_id(k): v for k, v in orders.items()}
        self._ops.apply_sort_orders(current)
        for item_id, value in current.items():
            self._ops.patch_item(self._gallery_id, item_id, {"sortOrder": value}, self.text())


class DeleteItemsCommand(QUndoCommand):
    """Delete items with one bulk call; undo re-creates them with the same media, fields and
    sortOrder (the server gives them new ids, which later commands follow)."""

    def __init__(self, ops: SessionOps, gallery_id: str, items: list[Item], text: str) -> None:
        super().__init__(text)
        self._ops = ops
        self._gallery_id = gallery_id
        self._items = [item.copy() for item in items]

    def redo(self) -> None:
        ids = [self._ops.current_id(str(item.id)) for item in self._items]
        self._ops.remove_items_locally(ids)
        self._ops.delete_items_remote(self._gallery_id, ids)

    def undo(self) -> None:
        self._ops.recreate_items(self._gallery_id, self._items, self._recreated)

    def _recreated(self, old_id: str, new_item: Item) -> None:
        for n, item in enumerate(self._items):
            if str(item.id) == old_id:
                self._items[n] = new_item.copy()


class RenameGalleryCommand(QUndoCommand):
    def __init__(self, ops: SessionOps, gallery_id: str, old: str, new: str) -> None:
        super().__init__(f"Rename gallery to “{new}”")
        self._ops = ops
        self._gallery_id = gallery_id
        self._old = old
        self._new = new

    def redo(self) -> None:
        self._ops.rename_gallery(self._gallery_id, self._new)

    def undo(self) -> None:
        self._ops.rename_gallery(self._gallery_id, self._old)
