"""Undoable user actions. Each command changes the models at once and queues the matching
API call; undo queues the inverse.

Commands talk to the site through `UndoTarget`, a narrow interface the session implements:
they hold no widgets, no client and no session internals.

Undo and redo show what they change: before a step runs, the window is brought to the gallery
it affects with the affected items selected (`reveal`), so Ctrl+Z in one gallery never changes
another one out of sight. A step whose target is gone (the gallery was deleted, or the site
says an item no longer exists) is dropped from the history with a plain sentence: it can
never work again, so it is not offered as Retry either.

Item ids can change under a command: undoing a delete re-creates the items, and the server
gives them new ids. The session keeps an alias map and commands always ask it for the
current id (`current_id`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from galleryman.core.ordering import SortUpdate
from galleryman.core.patches import Fields, revert_fields
from galleryman.wix.models import Item

Gone = Callable[[str], None]
"""Called (with a sentence) when the site says a command's target no longer exists."""


class UndoTarget(Protocol):
    def current_id(self, item_id: str) -> str: ...
    def gallery_exists(self, gallery_id: str) -> bool: ...
    def gallery_name(self, gallery_id: str) -> str: ...
    def reveal(self, gallery_id: str, item_ids: list[str]) -> None:
        """Show this gallery with these items selected (switching gallery if needed)."""
        ...

    def say(self, text: str) -> None:
        """A short status-bar sentence about what undo or redo just did."""
        ...

    def patch_item(
        self, gallery_id: str, item_id: str, fields: Fields, label: str, on_gone: Gone
    ) -> None:
        """Show `fields` in the model now and send them; a failure puts the server's back."""
        ...

    def remove_items(self, gallery_id: str, item_ids: list[str], on_failed: Gone) -> None:
        """Delete the items; `on_failed` if the site refused (nothing was deleted)."""
        ...

    def recreate_items(
        self,
        gallery_id: str,
        items: list[Item],
        on_created: Callable[[str, Item], None],
        on_gone: Gone,
    ) -> None: ...
    def rename_gallery(self, gallery_id: str, name: str | None, on_gone: Gone) -> None: ...
    def drop_command(self, command: QUndoCommand) -> None:
        """Remove a command whose target is gone from the undo history."""
        ...


class SiteCommand(QUndoCommand):
    """What every command shares: the first redo is the user's action itself; later undos and
    redos reveal what they change, and check that their target still exists."""

    def __init__(self, target: UndoTarget, gallery_id: str, text: str) -> None:
        super().__init__(text)
        self._target = target
        self._gallery_id = gallery_id
        self._pushed = False

    @property
    def gallery_id(self) -> str:
        return self._gallery_id

    def redo(self) -> None:
        first = not self._pushed
        self._pushed = True
        if not first and not self._ready("redo"):
            return
        self.apply()
        if not first:
            self._target.say(f"Redid: {self.text()}")

    def undo(self) -> None:
        if not self._ready("undo"):
            return
        self.revert()
        self._target.say(f"Undid: {self.text()}")

    def apply(self) -> None:
        raise NotImplementedError  # each command says what its action does

    def revert(self) -> None:
        raise NotImplementedError  # ... and what undoes it

    def affected_ids(self) -> list[str]:
        """The items to select when this step is undone or redone."""
        return []

    def gone(self, sentence: str) -> None:
        """The site says the target no longer exists: say so and leave the history."""
        self._target.say(sentence)
        self.setObsolete(True)
        self._target.drop_command(self)

    def _ready(self, verb: str) -> bool:
        if not self._target.gallery_exists(self._gallery_id):
            self._target.say(
                f"Can't {verb} “{self.text()}”: its gallery was deleted. "
                "The step was removed from the undo history."
            )
            self.setObsolete(True)  # QUndoStack deletes it once this call returns
            return False
        ids = [self._target.current_id(i) for i in self.affected_ids()]
        self._target.reveal(self._gallery_id, ids)
        return True

    def _on_gone(self, _sentence: str) -> None:
        name = self._target.gallery_name(self._gallery_id)
        self.gone(
            f"“{self.text()}” in {name} can't be undone or redone: the site no longer has "
            "what it changed (deleted elsewhere?). The step was removed from the undo history."
        )


class ItemEdit:
    """One item's fields before and after; the unit both edit commands are made of.

    The "before" values are read from the model, which `patch_item` updates as soon as an edit
    is sent (not when the server answers): an edit made while the last one is still on its
    way undoes to that last one. A field the item did not have undoes to `None`, which clears
    it on the site (core/patches.py), including keys inside nested objects (alt text, focal
    point).
    """

    def __init__(self, item: Item, fields: Fields) -> None:
        self.item_id = str(item.id)
        self.new = dict(fields)
        self.old = revert_fields(item.to_json(), fields)


class EditItemsCommand(SiteCommand):
    """Set some fields of one item or of several (a bulk edit): one undo step, one PATCH per
    changed item."""

    def __init__(
        self, target: UndoTarget, gallery_id: str, changes: list[tuple[Item, Fields]], text: str
    ) -> None:
        super().__init__(target, gallery_id, text)
        self._edits = [ItemEdit(item, fields) for item, fields in changes]

    def affected_ids(self) -> list[str]:
        return [edit.item_id for edit in self._edits]

    def apply(self) -> None:
        for edit in self._edits:
            self._send(edit, edit.new)

    def revert(self) -> None:
        for edit in reversed(self._edits):
            self._send(edit, edit.old)

    def _send(self, edit: ItemEdit, fields: Fields) -> None:
        item_id = self._target.current_id(edit.item_id)
        self._target.patch_item(self._gallery_id, item_id, fields, self.text(), self._on_gone)


class MoveItemsCommand(SiteCommand):
    """Move items as a block: one PATCH per moved item (midpoint sortOrder), plus the few
    neighbours the ordering rule renumbers when float gaps run out. The plan is made by the
    caller (`core.ordering.plan_move`); `before` holds each planned item's sortOrder now."""

    def __init__(
        self,
        target: UndoTarget,
        gallery_id: str,
        moved_ids: list[str],
        updates: list[SortUpdate],
        before: Mapping[str, float],
        text: str,
    ) -> None:
        super().__init__(target, gallery_id, text)
        self._moved = list(moved_ids)
        self._new = {u.key: u.sort_order for u in updates}
        self._old = {key: before[key] for key in self._new}

    def affected_ids(self) -> list[str]:
        return list(self._moved)

    def apply(self) -> None:
        self._send(self._new)

    def revert(self) -> None:
        self._send(self._old)

    def _send(self, orders: dict[str, float]) -> None:
        current = {self._target.current_id(k): v for k, v in orders.items()}
        for item_id, value in current.items():
            self._target.patch_item(
                self._gallery_id, item_id, {"sortOrder": value}, self.text(), self._on_gone
            )


class DeleteItemsCommand(SiteCommand):
    """Delete items with one bulk call; undo re-creates them with the same media, fields and
    sortOrder (the server gives them new ids, which later commands follow)."""

    def __init__(self, target: UndoTarget, gallery_id: str, items: list[Item], text: str) -> None:
        super().__init__(target, gallery_id, text)
        self._items = [item.copy() for item in items]

    def affected_ids(self) -> list[str]:
        return [str(item.id) for item in self._items]

    def apply(self) -> None:
        ids = [self._target.current_id(str(item.id)) for item in self._items]
        self._target.remove_items(self._gallery_id, ids, self.gone)

    def revert(self) -> None:
        self._target.recreate_items(self._gallery_id, self._items, self._recreated, self._on_gone)

    def _recreated(self, old_id: str, new_item: Item) -> None:
        for n, item in enumerate(self._items):
            if str(item.id) == old_id:
                self._items[n] = new_item.copy()


class RenameGalleryCommand(SiteCommand):
    def __init__(self, target: UndoTarget, gallery_id: str, old: str | None, new: str) -> None:
        super().__init__(target, gallery_id, f"Rename gallery to “{new}”")
        self._old = old or None  # an unnamed gallery undoes to no name, not to ""
        self._new = new

    def apply(self) -> None:
        self._target.rename_gallery(self._gallery_id, self._new, self._on_gone)

    def revert(self) -> None:
        self._target.rename_gallery(self._gallery_id, self._old, self._on_gone)
