"""Edits sent to the site and not yet answered, kept over the server's copy of each item.

The window shows an edit the moment it is made, so the next edit (and its undo) starts from
it. Until the site answers, any copy of the item that arrives from the server (a listing that
ran alongside, the answer to an earlier PATCH) is older than what the user sees: it is shown
with the edits still on their way applied on top, in the order they were sent. A failed edit
drops out, and the item shows the server's value again.

Deletes on their way are kept too, so a listing that ran before the delete landed does not
bring the items back. No Qt here; the session calls it and updates its models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from galleryman.core.patches import Fields, apply_patch
from galleryman.wix.models import Item


@dataclass
class _ItemEdits:
    base: Item | None  # the server's last copy (None: not seen since the edit was made)
    patches: list[tuple[object, Fields]] = field(default_factory=list)


class PendingEdits:
    def __init__(self) -> None:
        self._edits: dict[str, _ItemEdits] = {}
        self._deleting: dict[str, int] = {}  # item id -> deletes on their way

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._edits

    def add(self, item_id: str, fields: Fields, server_copy: Item | None) -> object:
        """An edit is being sent; `server_copy` is the item as last known (may be None)."""
        edits = self._edits.setdefault(item_id, _ItemEdits(server_copy))
        token = object()
        edits.patches.append((token, fields))
        return token

    def settle(self, item_id: str, token: object, answer: Item | None) -> Item | None:
        """The edit `token` was answered with the server's copy (or failed: None). What the
        item should show now, or None when no server copy is known yet."""
        edits = self._edits.get(item_id)
        if edits is None:
            return answer
        edits.patches = [p for p in edits.patches if p[0] is not token]
        if answer is not None:
            edits.base = answer
        shown = self._shown(edits)
        if not edits.patches:
            del self._edits[item_id]
        return shown

    def overlay(self, server_copy: Item) -> Item:
        """A copy from the server (a listing page): what to show for it."""
        edits = self._edits.get(str(server_copy.id))
        if edits is None:
            return server_copy
        edits.base = server_copy
        shown = self._shown(edits)
        assert shown is not None
        return shown

    def start_delete(self, item_ids: list[str]) -> None:
        for item_id in item_ids:
            self._deleting[item_id] = self._deleting.get(item_id, 0) + 1

    def end_delete(self, item_ids: list[str]) -> None:
        for item_id in item_ids:
            left = self._deleting.get(item_id, 0) - 1
            if left > 0:
                self._deleting[item_id] = left
            else:
                self._deleting.pop(item_id, None)

    def is_being_deleted(self, item_id: str) -> bool:
        return item_id in self._deleting

    def clear(self) -> None:
        self._edits.clear()
        self._deleting.clear()

    @staticmethod
    def _shown(edits: _ItemEdits) -> Item | None:
        if edits.base is None:
            return None
        data = edits.base.to_json()
        for _token, fields in edits.patches:
            data = apply_patch(data, fields)
        return Item.from_json(data)
