"""The filter box over the item grid: every typed word must occur in an item's search text.

Built for 100,000 items. A QSortFilterProxyModel asks a Python `filterAcceptsRow` about every
row at every keystroke, removes the rows that fail one range at a time (each a re-layout of
the view), and re-filters every row when one row moves: 2.2 s per key and 0.5 s per move at
100,000 items. This proxy instead:

* searches the model's index (each row's lower-cased title, description and tags, kept by
  the model and updated with it) in bounded slices: `rows_per_slice` rows now, the rest one
  slice per event-loop turn, so the GUI never stalls on it; a new key drops the search under
  way (typing fast never waits for stale results);
* applies a finished search in one batch: one `layoutChanged`, persistent indexes (the
  selection) carried over; until then the last result stays shown;
* maps rows through a sorted list of the source rows shown, kept right under the model's
  inserts, removals and moves (a bisect and a shift, `core.row_sets`), so a move, an upload's
  progress or a page arriving never re-filters the gallery.

Uploads are always shown (a file dropped while filtering stays visible); the places kept
for items on their way match nothing. Rows keep the source order (no sorting). The model
never emits `layoutChanged` itself, so the proxy does not follow one.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from galleryman.core.row_sets import move_rows, rows_inserted, rows_removed, span
from galleryman.core.text_match import filter_words, matches, matching
from galleryman.models.item_grid import ItemGridModel

Index = QModelIndex | QPersistentModelIndex
ROWS_PER_SLICE = 10_000  # ~2.5 ms of searching on the 2-core machine (~8 ms when it is busy)


class _Search:
    """A search under way: rows before `cursor` are searched, `found` are those matching."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        self.cursor = 0
        self.found: list[int] = []


class ItemFilterModel(QAbstractListModel):
    """A filtering proxy over an `ItemGridModel` (`sourceModel`, `mapToSource`,
    `mapFromSource` as in QAbstractProxyModel). Not a QAbstractProxyModel: a view asks
    `index()` of every row at every layout, and QAbstractListModel answers it in C++."""

    filter_applied = Signal()  # the rows shown now match the filter text (after a search)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows_per_slice = ROWS_PER_SLICE
        self._source: ItemGridModel | None = None
        self._words: tuple[str, ...] = ()  # what the shown rows match ((): every row)
        self._shown: list[int] | None = None  # source rows shown, ascending (None: all)
        self._wanted: tuple[str, ...] = ()  # the words typed
        self._text = ""
        self._search: _Search | None = None
        self._begun = False  # a removal or move of shown rows was begun, not yet ended
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._search_step)

    # ------------------------------------------------------------------ the filter

    @property
    def filter_text(self) -> str:
        return " ".join(self._text.split())

    @property
    def is_filtering(self) -> bool:
        """Whether words are typed (their search may still be under way)."""
        return bool(self._wanted)

    @property
    def is_searching(self) -> bool:
        """Whether a search is under way: the rows shown match earlier words."""
        return self._search is not None

    def set_filter_text(self, text: str) -> None:
        self._text = text
        words = filter_words(text)
        if words == self._wanted:
            return
        self._wanted = words
        self._search = None
        self._timer.stop()
        if words == self._words:  # back to what is shown (typed on, then erased)
            self.filter_applied.emit()
        elif not words:
            self._apply((), None)
        else:
            self._search = _Search(words)
            self._search_step()

    def _search_step(self) -> None:
        search = self._search
        if search is None:
            return
        if not self._advance(search):
            self._timer.start()
            return
        self._search = None
        self._apply(search.words, search.found)

    def _advance(self, search: _Search) -> bool:
        """Search one slice; True when every row is searched."""
        source = self._source
        end = source.searchable_rows() if source is not None else 0
        stop = min(end, search.cursor + max(1, self.rows_per_slice))
        if source is not None and stop > search.cursor:
            texts = source.search_texts(search.cursor, stop)
            search.found += matching(texts, search.words, search.cursor)
        search.cursor = stop
        return stop >= end

    def _apply(self, words: tuple[str, ...], shown: list[int] | None) -> None:
        """Show these source rows (None: all) in one layout change; the selection follows."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        sources = [self._to_source_row(i.row()) if i.isValid() else -1 for i in old]
        self._words, self._shown = words, shown
        self.changePersistentIndexList(old, [self._from_source_row(r) for r in sources])
        self.layoutChanged.emit()
        self.filter_applied.emit()

    # ------------------------------------------------------------------ mapping

    def _to_source_row(self, row: int) -> int:
        return row if self._shown is None else self._shown[row]

    def _proxy_row(self, source_row: int) -> int:
        shown = self._shown
        if shown is None:
            return source_row
        at = bisect_left(shown, source_row)
        return at if at < len(shown) and shown[at] == source_row else -1

    def _from_source_row(self, source_row: int) -> QModelIndex:
        row = self._proxy_row(source_row) if source_row >= 0 else -1
        return self.createIndex(row, 0) if row >= 0 else QModelIndex()

    def mapToSource(self, proxyIndex: Index) -> QModelIndex:
        source = self._source
        if source is None or not proxyIndex.isValid():
            return QModelIndex()
        return source.index(self._to_source_row(proxyIndex.row()), 0)

    def mapFromSource(self, sourceIndex: Index) -> QModelIndex:
        if not sourceIndex.isValid() or sourceIndex.parent().isValid():
            return QModelIndex()
        return self._from_source_row(sourceIndex.row())

    def sourceModel(self) -> ItemGridModel | None:
        return self._source

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._source is None:
            return 0
        return self._source.rowCount() if self._shown is None else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self._source
        if source is None or not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        return source.row_data(self._to_source_row(index.row()), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        source = self._source
        if source is None:
            return Qt.ItemFlag.NoItemFlags
        return source.flags(self.mapToSource(index))

    def supportedDropActions(self) -> Qt.DropAction:
        source = self._source
        return source.supportedDropActions() if source is not None else Qt.DropAction.IgnoreAction

    def mimeTypes(self) -> list[str]:
        return self._source.mimeTypes() if self._source is not None else []

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        source = self._source
        if source is None:
            return QMimeData()
        return source.mimeData([self.mapToSource(i) for i in indexes])

    # ------------------------------------------------------------------ the source

    def setSourceModel(self, sourceModel: QAbstractItemModel | None) -> None:
        if sourceModel is not None and not isinstance(sourceModel, ItemGridModel):
            raise TypeError("ItemFilterModel filters an ItemGridModel")
        self.beginResetModel()
        old = self._source
        if old is not None:
            for signal, slot in self._connections(old):
                signal.disconnect(slot)
        self._source = sourceModel
        if sourceModel is not None:
            for signal, slot in self._connections(sourceModel):
                signal.connect(slot)
        self._restart()
        self.endResetModel()

    def _connections(self, model: ItemGridModel) -> list[tuple[Any, Any]]:
        return [
            (model.rowsAboutToBeInserted, self._before_insert),
            (model.rowsInserted, self._inserted),
            (model.rowsAboutToBeRemoved, self._before_remove),
            (model.rowsRemoved, self._removed),
            (model.rowsAboutToBeMoved, self._before_move),
            (model.rowsMoved, self._moved),
            (model.dataChanged, self._data_changed),
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._reset),
        ]

    def _restart(self) -> None:
        """The source changed wholesale (no signals may go out): the first slice is searched
        now, what is left of a big gallery in the background."""
        self._timer.stop()
        self._search = None
        self._words, self._shown = (), None
        if not self._wanted:
            return
        search = _Search(self._wanted)
        done = self._advance(search)
        self._words = self._wanted
        self._shown = search.found if done else []
        if not done:
            self._search = search
            self._timer.start()

    def _reset(self) -> None:
        self._restart()
        self.endResetModel()

    def _accepts(self, source_row: int, words: tuple[str, ...]) -> bool:
        assert self._source is not None
        return matches(self._source.search_texts(source_row, source_row + 1)[0], words)

    def _searchable(self, source_row: int) -> bool:
        return self._source is not None and source_row < self._source.searchable_rows()

    def _before_insert(self, parent: QModelIndex, first: int, last: int) -> None:
        if self._shown is None:
            self.beginInsertRows(QModelIndex(), first, last)

    def _inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        search = self._search
        if search is not None:
            at = rows_inserted(search.found, first, count)
            if first < search.cursor:  # among the rows searched: search the new ones now
                search.found[at:at] = self._matching(first, last, search.words)
                search.cursor += count
        shown = self._shown
        if shown is None:
            self.endInsertRows()
            return
        at = rows_inserted(shown, first, count)
        new = self._matching(first, last, self._words)
        if new:
            self.beginInsertRows(QModelIndex(), at, at + len(new) - 1)
            shown[at:at] = new
            self.endInsertRows()

    def _matching(self, first: int, last: int, words: tuple[str, ...]) -> list[int]:
        assert self._source is not None
        stop = min(last + 1, self._source.searchable_rows())
        if stop <= first:
            return []  # places kept for items on their way: they match nothing
        return matching(self._source.search_texts(first, stop), words, first)

    def _before_remove(self, parent: QModelIndex, first: int, last: int) -> None:
        shown = self._shown
        if shown is None:
            self.beginRemoveRows(QModelIndex(), first, last)
            return
        lo, hi = span(shown, first, last)
        self._begun = hi > lo
        if self._begun:
            self.beginRemoveRows(QModelIndex(), lo, hi - 1)

    def _removed(self, parent: QModelIndex, first: int, last: int) -> None:
        search = self._search
        if search is not None:
            rows_removed(search.found, first, last)
            if search.cursor > last:
                search.cursor -= last - first + 1
            elif search.cursor > first:
                search.cursor = first
        shown = self._shown
        if shown is None:
            self.endRemoveRows()
            return
        rows_removed(shown, first, last)
        if self._begun:
            self._begun = False
            self.endRemoveRows()

    def _before_move(self, parent: QModelIndex, first: int, last: int, *rest: Any) -> None:
        dest = int(rest[-1])
        shown = self._shown
        if shown is None:
            self.beginMoveRows(QModelIndex(), first, last, QModelIndex(), dest)
            return
        lo, hi = span(shown, first, last)
        to = bisect_left(shown, dest)
        # Shown rows that change their place among the shown ones (else nothing shown moves).
        self._begun = hi > lo and not lo <= to <= hi
        if self._begun:
            self.beginMoveRows(QModelIndex(), lo, hi - 1, QModelIndex(), to)

    def _moved(self, parent: QModelIndex, first: int, last: int, *rest: Any) -> None:
        dest = int(rest[-1])
        if self._search is not None:
            self._search = _Search(self._search.words)  # rare: search again from the top
        shown = self._shown
        if shown is None:
            self.endMoveRows()
            return
        move_rows(shown, first, last, dest)
        if self._begun:
            self._begun = False
            self.endMoveRows()

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *roles: Any) -> None:
        first, last = top_left.row(), bottom_right.row()
        search = self._search
        if search is not None:  # rows searched already are searched again
            for row in range(first, min(last + 1, search.cursor)):
                self._update(search.found, row, self._accepts(row, search.words))
        shown = self._shown
        if shown is None:
            self.dataChanged.emit(self.index(first, 0), self.index(last, 0), *roles)
            return
        for row in range(first, last + 1):
            if not self._searchable(row):
                continue
            at = bisect_left(shown, row)
            here = at < len(shown) and shown[at] == row
            wanted = self._accepts(row, self._words)
            if here and wanted:
                self.dataChanged.emit(self.index(at, 0), self.index(at, 0), *roles)
            elif here:
                self.beginRemoveRows(QModelIndex(), at, at)
                del shown[at]
                self.endRemoveRows()
            elif wanted:
                self.beginInsertRows(QModelIndex(), at, at)
                shown.insert(at, row)
                self.endInsertRows()

    @staticmethod
    def _update(rows: list[int], row: int, wanted: bool) -> None:
        at = bisect_left(rows, row)
        here = at < len(rows) and rows[at] == row
        if here and not wanted:
            del rows[at]
        elif wanted and not here:
            insort(rows, row)

    # Drops: the row is mapped explicitly: before the source row of the visible row, or
    # the source's end.

    def _source_row(self, row: int, parent: Index) -> int:
        if row < 0:
            return self.mapToSource(parent).row() if parent.isValid() else -1
        if row >= self.rowCount():
            return self._source.rowCount() if self._source is not None else 0
        return self._to_source_row(row)

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        source = self._source
        if source is None:
            return False
        return source.canDropMimeData(data, action, self._source_row(row, parent), 0, QModelIndex())

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        source = self._source
        if source is None:
            return False
        return source.dropMimeData(data, action, self._source_row(row, parent), 0, QModelIndex())
