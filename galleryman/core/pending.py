"""Edits sent to the site and not yet answered, kept over the server's copy of each item.

The window shows an edit the moment it is made, so the next edit (and its undo) starts from
it. Until the site answers, any copy of the item that arrives from the server (a listing that
ran alongside, the answer to an earlier PATCH) is older than what the user sees: it is shown
with the edits still on their way applied on top, in the order they were sent. A failed edit
drops out, and the item shows the server's value again.

A listing can also have been read before an edit landed and arrive after its answer: the
site's answers to edits are kept, and a listed copy older than the answer (by the site's own
`updatedDate`) is replaced by it. Deleted items are kept likewise, so a listing that ran
before (or while) a delete landed never brings them back (the site never reuses an id). No Qt
here; the session calls it and updates its models.
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
        self._answers: dict[str, Item] = {}  # the site's copy after the last edit answered
        self._deleted: set[str] = set()  # deleted on the site by this session

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
        if answer is not None:
            self._answers[item_id] = answer
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
        item_id = str(server_copy.id)
        answer = self._answers.get(item_id)
        if answer is not None and not _newer(server_copy, answer):
            server_copy = answer  # the listing was read before the edit landed
        edits = self._edits.get(item_id)
        if edits is None:
            return server_copy
        edits.base = server_copy
        shown = self._shown(edits)
        assert shown is not None
        return shown

    def start_delete(self, item_ids: list[str]) -> None:
        for item_id in item_ids:
            self._deleting[item_id] = self._deleting.get(item_id, 0) + 1

    def end_delete(self, item_ids: list[str], *, deleted: bool) -> None:
        """The delete was answered: `deleted` (gone for good) or refused."""
        if deleted:
            self._deleted.update(item_ids)
        for item_id in item_ids:
            left = self._deleting.get(item_id, 0) - 1
            if left > 0:
                self._deleting[item_id] = left
            else:
                self._deleting.pop(item_id, None)

    def is_deleted(self, item_id: str) -> bool:
        """Deleted by this session, or on its way to being deleted: never shown again."""
        return item_id in self._deleting or item_id in self._deleted

    def clear(self) -> None:
        self._edits.clear()
        self._deleting.clear()
        self._answers.clear()
        self._deleted.clear()

    @staticmethod
    def _shown(edits: _ItemEdits) -> Item | None:
        if edits.base is None:
            return None
        data = edits.base.to_json()
        for _token, fields in edits.patches:
            data = apply_patch(data, fields)
        return Item.from_json(data)


def _newer(copy: Item, than: Item) -> bool:
    """Whether the site changed `copy` after `than` (its updatedDate is later; RFC 3339 times
    from one server compare as text). Without both dates, the answer to our edit is kept."""
    if copy.updated_date and than.updated_date:
        return copy.updated_date > than.updated_date
    return False
