"""The site's galleries for the sidebar, in display order (ascending sortOrder).

The model never changes itself in answer to the user: a rename typed in place or a drag to a
new position is emitted as a request (`rename_requested`, `move_requested`) that the session
turns into an undoable command, which then updates the model and the server.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from galleryman.core.i18n import tr
from galleryman.core.ordering import sort_by_order
from galleryman.models.roles import plain_tooltip
from galleryman.wix.models import Gallery

GALLERY_MIME = "application/x-galleryman-gallery-id"
GALLERY_ROLE = Qt.ItemDataRole.UserRole + 1
GALLERY_ID_ROLE = Qt.ItemDataRole.UserRole + 2
ITEM_COUNT_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


class GalleryListModel(QAbstractListModel):
    rename_requested = Signal(str, str)  # gallery id, new name
    move_requested = Signal(str, int)  # gallery id, destination row (before removal)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._galleries: list[Gallery] = []

    # ---------------------------------------------------------------- content

    def set_galleries(self, galleries: list[Gallery]) -> None:
        self.beginResetModel()
        self._galleries = sort_by_order(galleries)
        self.endResetModel()

    def galleries(self) -> list[Gallery]:
        return list(self._galleries)

    def gallery_at(self, row: int) -> Gallery | None:
        return self._galleries[row] if 0 <= row < len(self._galleries) else None

    def row_of(self, gallery_id: str) -> int:
        return next((r for r, g in enumerate(self._galleries) if g.id == gallery_id), -1)

    def get(self, gallery_id: str) -> Gallery | None:
        return self.gallery_at(self.row_of(gallery_id))

    def upsert(self, gallery: Gallery) -> None:
        """Add or replace a gallery, keeping the list sorted.

        A gallery already listed is updated in place, or moved with beginMoveRows when its
        sortOrder puts it elsewhere, never removed and inserted again: persistent indexes (the
        sidebar's current index and selection) must follow it, or the view's current index
        would slide to a neighbour and the window would open that gallery instead."""
        row = self.row_of(str(gallery.id))
        if row < 0:
            target = self._sorted_position(gallery)
            self.beginInsertRows(QModelIndex(), target, target)
            self._galleries.insert(target, gallery)
            self.endInsertRows()
            return
        others = self._galleries[:row] + self._galleries[row + 1 :]
        target = self._sorted_position(gallery, others)
        if target != row:
            # destinationChild is the row before which it goes, numbered before the move.
            destination = target + 1 if target > row else target
            if not self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination):
                raise RuntimeError(f"cannot move gallery row {row} to {target}")
            self._galleries = others
            self._galleries.insert(target, gallery)
            self.endMoveRows()
        else:
            self._galleries[row] = gallery
        index = self.index(target)
        self.dataChanged.emit(index, index)

    def remove(self, gallery_id: str) -> Gallery | None:
        row = self.row_of(gallery_id)
        if row < 0:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        gone = self._galleries.pop(row)
        self.endRemoveRows()
        return gone

    def set_item_count(self, gallery_id: str, count: int) -> None:
        row = self.row_of(gallery_id)
        if row >= 0 and self._galleries[row].total_items != count:
            self._galleries[row].total_items = count
            index = self.index(row)
            self.dataChanged.emit(index, index, [ITEM_COUNT_ROLE, Qt.ItemDataRole.DisplayRole])

    def order(self) -> list[tuple[str, float]]:
        return [(str(g.id), float(g.sort_order or 0.0)) for g in self._galleries]

    def _sorted_position(self, gallery: Gallery, among: list[Gallery] | None = None) -> int:
        """Where `gallery` goes in `among` (default: the list): after equal sortOrders."""
        galleries = self._galleries if among is None else among
        key = gallery.sort_order
        if key is None:
            return len(galleries)
        for row, other in enumerate(galleries):
            if other.sort_order is None or other.sort_order > key:
                return row
        return len(galleries)

    # ---------------------------------------------------------------- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._galleries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        gallery = self.gallery_at(index.row()) if index.isValid() else None
        if gallery is None:
            return None
        name = gallery.name or tr("Untitled gallery")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return name
        if role == Qt.ItemDataRole.EditRole:
            return gallery.name or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{name}\n{_count_text(gallery.total_items)}")
        if role == GALLERY_ROLE:
            return gallery
        if role == GALLERY_ID_ROLE:
            return gallery.id
        if role == ITEM_COUNT_ROLE:
            return gallery.total_items
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        gallery = self.gallery_at(index.row()) if index.isValid() else None
        if gallery is None or role != Qt.ItemDataRole.EditRole:
            return False
        name = str(value).strip()
        if not name or name == (gallery.name or ""):
            return False
        self.rename_requested.emit(str(gallery.id), name)
        return False  # the rename command changes the model once it is pushed

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [GALLERY_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        ids = [self._galleries[i.row()].id for i in indexes if i.isValid()]
        mime = QMimeData()
        mime.setData(GALLERY_MIME, json.dumps(ids).encode())
        return mime

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(GALLERY_MIME):
            return False
        try:
            ids = json.loads(bytes(data.data(GALLERY_MIME).data()).decode())
        except ValueError:
            return False
        if not ids or not isinstance(ids[0], str):
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._galleries)
        self.move_requested.emit(ids[0], row)
        return False  # the move command reorders the model; Qt must not remove rows itself


def _count_text(count: int | None) -> str:
    if count is None:
        return tr("item count unknown")
    return tr("%Ln item(s)", "", count)
