"""Undoable user actions, on top of the site's outbox.

A command's action is a gesture written to the outbox (`UndoTarget.edit_items`...), which
returns the gesture's group. Undo hands that group back (`undo_group`): changes not sent yet
are simply dropped (nothing goes to the site), and those that were get their inverse queued
after them (`galleryman.sync.inverse`). Redo makes the gesture again, as a new group.

Undo and redo show what they change: before a step runs, the window is brought to the gallery
it affects with the affected items selected (`reveal`), so Ctrl+Z in one gallery never changes
another one out of sight. A step whose target is gone (the gallery was deleted, or the site
says an item no longer exists) is dropped from the history with a plain sentence: it can
never work again, so it is not offered as Retry either.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from galleryman.core.i18n import tr
from galleryman.core.ordering import SortUpdate
from galleryman.core.patches import Fields
from galleryman.wix.models import Item


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

    def edit_items(
        self,
        gallery_id: str,
        edits: Mapping[str, Fields],
        label: str,
        planned_around: Mapping[str, float] | None = None,
    ) -> str | None:
        """Show and queue the edits (one PATCH per item); the gesture's group. A move's
        `planned_around`: the upload tiles it was planned around (`sync/placing.py`)."""
        ...

    def remove_items(self, gallery_id: str, item_ids: list[str]) -> str | None:
        """Queue the items' delete (gone from the grid at once); the gesture's group."""
        ...

    def rename_gallery(self, gallery_id: str, name: str | None) -> str | None: ...
    def undo_group(self, group: str) -> bool:
        """Take back a gesture; False (with a sentence said) if it cannot be."""
        ...

    def track_command(self, group: str, command: SiteCommand) -> None:
        """Remember which step a gesture belongs to (its changes may fail as gone later)."""
        ...

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
        self._group: str | None = None

    @property
    def gallery_id(self) -> str:
        return self._target.current_id(self._gallery_id)

    def redo(self) -> None:
        first = not self._pushed
        self._pushed = True
        if not first and not self._ready(undoing=False):
            return
        self._group = self.apply()
        if self._group is not None:
            self._target.track_command(self._group, self)
        if not first:
            self._target.say(tr("Redid: {step}").format(step=self.text()))

    def undo(self) -> None:
        if not self._ready(undoing=True):
            return
        if self._group is None or not self._target.undo_group(self._group):
            self.setObsolete(True)  # nothing it did can be taken back: it leaves the history
            return
        self._target.say(tr("Undid: {step}").format(step=self.text()))

    def apply(self) -> str | None:
        raise NotImplementedError  # each command says what its action is (its outbox group)

    def affected_ids(self) -> list[str]:
        """The items to select when this step is undone or redone."""
        return []

    def gone(self, sentence: str) -> None:
        """The site says the target no longer exists: say so and leave the history."""
        self._target.say(sentence)
        self.setObsolete(True)
        self._target.drop_command(self)

    def _ready(self, *, undoing: bool) -> bool:
        if not self._target.gallery_exists(self._gallery_id):
            if undoing:
                sentence = tr(
                    "Can't undo “{step}”: its gallery was deleted. The step was removed from "
                    "the undo history."
                )
            else:
                sentence = tr(
                    "Can't redo “{step}”: its gallery was deleted. The step was removed from "
                    "the undo history."
                )
            self._target.say(sentence.format(step=self.text()))
            self.setObsolete(True)  # QUndoStack deletes it once this call returns
            return False
        ids = [self._target.current_id(i) for i in self.affected_ids()]
        self._target.reveal(self._gallery_id, ids)
        return True


class EditItemsCommand(SiteCommand):
    """Set some fields of one item or of several (a bulk edit): one undo step, one PATCH per
    changed item. Undo puts back exactly what each item had, a field it lacked included."""

    def __init__(
        self, target: UndoTarget, gallery_id: str, changes: list[tuple[Item, Fields]], text: str
    ) -> None:
        super().__init__(target, gallery_id, text)
        self._edits = {str(item.id): dict(fields) for item, fields in changes}

    def affected_ids(self) -> list[str]:
        return list(self._edits)

    def apply(self) -> str | None:
        current = {self._target.current_id(i): f for i, f in self._edits.items()}
        return self._target.edit_items(self.gallery_id, current, self.text())


class MoveItemsCommand(SiteCommand):
    """Move items as a block: one PATCH per moved item (midpoint sortOrder), plus the few
    neighbours the ordering rule renumbers when float gaps run out. The plan is made by the
    caller (`core.ordering.plan_move`), around the upload tiles in `planned_around`."""

    def __init__(
        self,
        target: UndoTarget,
        gallery_id: str,
        moved_ids: list[str],
        updates: list[SortUpdate],
        text: str,
        planned_around: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__(target, gallery_id, text)
        self._moved = list(moved_ids)
        self._new = {u.key: u.sort_order for u in updates}
        self._planned_around = dict(planned_around or {})

    def affected_ids(self) -> list[str]:
        return list(self._moved)

    def apply(self) -> str | None:
        edits = {self._target.current_id(k): {"sortOrder": v} for k, v in self._new.items()}
        return self._target.edit_items(self.gallery_id, edits, self.text(), self._planned_around)


class DeleteItemsCommand(SiteCommand):
    """Delete items with one bulk call; undo re-creates them with the same media, fields and
    sortOrder (the site gives them new ids, which later commands follow through
    `current_id`), or, if the delete has not gone out yet, simply drops it."""

    def __init__(self, target: UndoTarget, gallery_id: str, items: list[Item], text: str) -> None:
        super().__init__(target, gallery_id, text)
        self._ids = [str(item.id) for item in items]

    def affected_ids(self) -> list[str]:
        return list(self._ids)

    def apply(self) -> str | None:
        ids = [self._target.current_id(i) for i in self._ids]
        return self._target.remove_items(self.gallery_id, ids)


class RenameGalleryCommand(SiteCommand):
    def __init__(self, target: UndoTarget, gallery_id: str, old: str | None, new: str) -> None:
        super().__init__(target, gallery_id, tr("Rename gallery to “{name}”").format(name=new))
        self._new = new

    def apply(self) -> str | None:
        return self._target.rename_gallery(self.gallery_id, self._new)
