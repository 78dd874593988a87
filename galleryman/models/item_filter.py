"""The filter box over the item grid: every typed word must occur in an item's search text."""

from __future__ import annotations

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from galleryman.models.roles import ROW_LOADING, ROW_UPLOAD, Role

Index = QModelIndex | QPersistentModelIndex


class ItemFilterModel(QSortFilterProxyModel):
    """Keeps the source order (no sorting); upload placeholders are always shown, so a file
    dropped while filtering stays visible."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setDynamicSortFilter(True)

    @property
    def filter_text(self) -> str:
        return " ".join(self._words)

    @property
    def is_filtering(self) -> bool:
        return bool(self._words)

    def set_filter_text(self, text: str) -> None:
        words = text.lower().split()
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        kind = index.data(Role.ROW_KIND)
        if kind == ROW_UPLOAD:
            return True
        if kind == ROW_LOADING:
            return False  # a place kept for an item not here yet matches nothing
        text = index.data(Role.SEARCH_TEXT) or ""
        return all(word in text for word in self._words)

    # Drops: QSortFilterProxyModel maps a drop with column -1 to the source's end, so the
    # row is mapped here explicitly: before the source row of the visible row, or the end.

    def _source_row(self, row: int, parent: Index) -> int:
        if row < 0:
            return self.mapToSource(parent).row() if parent.isValid() else -1
        if row >= self.rowCount():
            return self.sourceModel().rowCount()
        return self.mapToSource(self.index(row, 0)).row()

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        source = self.sourceModel()
        if source is None:
            return False
        return source.canDropMimeData(data, action, self._source_row(row, parent), 0, QModelIndex())

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        source = self.sourceModel()
        if source is None:
            return False
        return source.dropMimeData(data, action, self._source_row(row, parent), 0, QModelIndex())
