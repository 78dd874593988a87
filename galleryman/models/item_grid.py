"""The open gallery's items in display order (ascending sortOrder), plus upload placeholders.

Changes are fine-grained (`beginInsertRows`, `beginMoveRows`, `dataChanged`); `load()` is the
only reset. The model never reorders in answer to a drop: it emits `move_requested`, the
session turns it into an undoable command, and the rows move as their new sortOrders are
shown (`upsert`).
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from galleryman.models.roles import (
    ROW_LOADING,
    ROW_UPLOAD,
    Role,
    Tile,
    item_data,
    plain_tooltip,
)
from galleryman.wix.models import Item

ITEM_IDS_MIME = "application/x-galleryman-item-ids"  # JSON list of item ids, in row order
# The gallery the dragged items come from. Not "…-gallery-id": the sidebar uses that format
# for dragging galleries themselves.
ITEM_GALLERY_MIME = "application/x-galleryman-item-source-gallery"
URI_LIST_MIME = "text/uri-list"

Index = QModelIndex | QPersistentModelIndex


@dataclass
class UploadRow:
    """A file being uploaded, shown where it was dropped until it becomes an item."""

    token: str
    path: Path
    progress: float = 0.0
    error: str | None = None
    retryable: bool = True  # whether sending the failed upload again could succeed
    phase: str = "uploading"  # or "processing": on Wix, not ready yet
    anchor: float = 0.0  # its sort key, so bisect over the rows still sees ascending keys


class LoadingRow:
    """A place kept at the end of the grid for an item whose page has not arrived yet, so the
    grid shows the gallery's size (and a scroll bar) at once on a slow site."""

    __slots__ = ()


LOADING = LoadingRow()  # one object serves every such row: they hold nothing of their own

Row = Item | UploadRow | LoadingRow


def _key(row: Row) -> float:
    if isinstance(row, UploadRow):
        return row.anchor
    if isinstance(row, LoadingRow):
        return math.inf
    order = row.sort_order
    # An item without a (usable) sortOrder goes last, as nothing can be placed after it.
    return order if order is not None and not math.isnan(order) else math.inf


def _index_key(row: Row) -> str | tuple[str, str] | None:
    if isinstance(row, LoadingRow):
        return None
    return ("upload", row.token) if isinstance(row, UploadRow) else row.id


def encode_item_ids(ids: list[str], gallery_id: str | None) -> QMimeData:
    mime = QMimeData()
    mime.setData(ITEM_IDS_MIME, json.dumps(ids).encode("utf-8"))
    mime.setData(ITEM_GALLERY_MIME, (gallery_id or "").encode("utf-8"))
    return mime


def decode_item_ids(mime: QMimeData) -> tuple[str | None, list[str]]:
    """(source gallery id, item ids) of an item drag; (None, []) for anything else."""
    if not mime.hasFormat(ITEM_IDS_MIME):
        return None, []
    try:
        ids = json.loads(bytes(mime.data(ITEM_IDS_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None, []
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        return None, []
    gallery = bytes(mime.data(ITEM_GALLERY_MIME).data()).decode("utf-8", "replace") or None
    return gallery, ids


def local_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders of a drop, in the order given (remote URLs are skipped)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class ItemGridModel(QAbstractListModel):
    move_requested = Signal(list, int)  # item ids (row order), destination row before removal
    files_dropped = Signal(list, int)  # list[Path], destination row
    count_changed = Signal(int)  # number of item rows (upload placeholders not counted)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._gallery_id: str | None = None
        self._rows: list[Row] = []
        # id (or ("upload", token)) -> row; rows [0, _indexed) are known to be right, the
        # rest is rebuilt on the next lookup, so an append costs O(page), not O(n).
        self._index: dict[str | tuple[str, str], int] = {}
        self._indexed = 0
        self._item_count = 0

    # ------------------------------------------------------------------ loading

    @property
    def gallery_id(self) -> str | None:
        return self._gallery_id

    def load(self, gallery_id: str | None, expected: int = 0) -> None:
        """Start showing another gallery: `expected` places for its items (the count the
        site last gave), filled as its pages arrive."""
        self.beginResetModel()
        self._gallery_id = gallery_id
        self._rows = [LOADING] * max(0, expected)
        self._index = {}
        self._indexed = 0
        self._item_count = 0
        self.endResetModel()
        self.count_changed.emit(0)

    def add_page(self, items: list[Item]) -> None:
        """Add a page of items at their sorted positions; ids already shown are updated."""
        fresh: dict[str, Item] = {}
        known: list[Item] = []
        for item in items:
            if item.id is not None and self.row_of(item.id) >= 0:
                known.append(item)
            else:
                fresh[item.id if item.id is not None else f"\0{id(item)}"] = item
        self._insert_sorted(sorted(fresh.values(), key=_key))
        self._drop_loading(len(fresh))
        for item in known:
            self.upsert(item)

    def finish_loading(self) -> None:
        """Every page has arrived (or no more will): no place is kept any longer."""
        self._drop_loading(len(self._rows))

    def loading_rows(self) -> int:
        """Places still kept for items on their way."""
        count = 0
        for row in reversed(self._rows):
            if not isinstance(row, LoadingRow):
                break
            count += 1
        return count

    def _drop_loading(self, count: int) -> None:
        """Remove up to `count` kept places (they are the last rows)."""
        kept = min(count, self.loading_rows())
        if kept:
            end = len(self._rows)
            self._remove_rows(end - kept, end - 1)

    def insert_items(self, items: list[Item]) -> None:
        """Put items back at their sorted positions (the undo of a delete)."""
        self.add_page(items)

    def _insert_sorted(self, page: list[Item]) -> None:
        if not page:
            return
        rows = self._rows
        if not rows or _key(page[0]) >= _key(rows[-1]):
            blocks = [(len(rows), page)]  # the usual case: the page continues the list
        else:
            # Positions in the list as it is now; equal positions form one block.
            blocks = []
            for item in page:
                pos = bisect_right(rows, _key(item), key=_key)
                if blocks and blocks[-1][0] == pos:
                    blocks[-1][1].append(item)
                else:
                    blocks.append((pos, [item]))
        shift = 0
        for pos, block in blocks:
            first = pos + shift
            self.beginInsertRows(QModelIndex(), first, first + len(block) - 1)
            rows[first:first] = block
            self._touch(first)
            self.endInsertRows()
            shift += len(block)
        self._item_count += len(page)
        self.count_changed.emit(self._item_count)

    # ------------------------------------------------------------------ reading

    def items(self) -> list[Item]:
        return [r for r in self._rows if isinstance(r, Item)]

    def item_at(self, row: int) -> Item | None:
        found = self._rows[row] if 0 <= row < len(self._rows) else None
        return found if isinstance(found, Item) else None

    def row_of(self, item_id: str) -> int:
        return self._lookup(item_id)

    def item_count(self) -> int:
        return self._item_count

    def item_position(self, row: int) -> int:
        """The index into `items()` / `order()` that model row `row` corresponds to: the
        number of item rows before it (rows and item positions differ while uploads show)."""
        end = len(self._rows) if row < 0 else min(row, len(self._rows))
        others = sum(1 for r in self._rows[:end] if not isinstance(r, Item))
        return end - others

    def order(self) -> list[tuple[str, float]]:
        """(id, sortOrder) of the item rows in display order (a missing order reads 0.0)."""
        return [
            (str(r.id), float(r.sort_order) if r.sort_order is not None else 0.0)
            for r in self._rows
            if isinstance(r, Item)
        ]

    # ------------------------------------------------------------------ changing

    def upsert(self, item: Item) -> None:
        """Replace the item with the same id (moving it if its sortOrder changed), or add it."""
        row = self.row_of(item.id) if item.id is not None else -1
        if row < 0:
            self._insert_sorted([item])
            return
        old = self._rows[row]
        self._rows[row] = item
        self._changed(row, row)
        if isinstance(old, Item) and old.sort_order != item.sort_order:
            self._move_to_sorted_place(row)

    def _move_to_sorted_place(self, row: int) -> None:
        rows = self._rows
        key = _key(rows[row])
        if row > 0 and key < _key(rows[row - 1]):
            dest = bisect_right(rows, key, 0, row, key=_key)
        elif row + 1 < len(rows) and key > _key(rows[row + 1]):
            dest = bisect_right(rows, key, row + 1, len(rows), key=_key)
        else:
            return
        self._move_block(row, row, dest)

    def remove_ids(self, ids: Iterable[str]) -> list[Item]:
        """Remove items; returns the removed ones in row order (for undo)."""
        found = sorted({r for r in (self.row_of(i) for i in ids) if r >= 0})
        removed = [self._rows[r] for r in found]
        for first, last in reversed(_runs(found)):
            self._remove_rows(first, last)
        items = [r for r in removed if isinstance(r, Item)]
        if items:
            self._item_count -= len(items)
            self.count_changed.emit(self._item_count)
        return items

    def _move_block(self, first: int, last: int, dest: int) -> None:
        """Qt move: rows first..last to before row `dest` (pre-move numbering)."""
        if not self.beginMoveRows(QModelIndex(), first, last, QModelIndex(), dest):
            return
        block = self._rows[first : last + 1]
        del self._rows[first : last + 1]
        at = dest if dest < first else dest - len(block)
        self._rows[at:at] = block
        self._touch(min(first, at))
        self.endMoveRows()

    # ------------------------------------------------------------------ uploads

    def add_uploads(self, uploads: list[tuple[str, Path]], dest_row: int) -> None:
        """Placeholder rows (token, local file) at `dest_row` (-1: the end)."""
        if not uploads:
            return
        rows = self._rows
        end = len(rows) - self.loading_rows()  # new files go before the places kept
        at = end if dest_row < 0 or dest_row > end else dest_row
        # The neighbour's key keeps the keys ascending for later bisects.
        neighbour = rows[at - 1] if at > 0 else (rows[0] if rows else None)
        anchor = _key(neighbour) if neighbour is not None else 0.0
        block: list[Row] = [UploadRow(token, Path(path), anchor=anchor) for token, path in uploads]
        self.beginInsertRows(QModelIndex(), at, at + len(block) - 1)
        rows[at:at] = block
        self._touch(at)
        self.endInsertRows()

    def add_upload_rows(self, uploads: list[UploadRow]) -> None:
        """Upload tiles (from an earlier run, still in the outbox) at their sorted places."""
        for upload in uploads:
            end = len(self._rows) - self.loading_rows()
            at = bisect_right(self._rows, _key(upload), 0, end, key=_key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, upload)
            self._touch(at)
            self.endInsertRows()

    def upload_rows(self) -> list[UploadRow]:
        """The upload placeholders in display order."""
        return [r for r in self._rows if isinstance(r, UploadRow)]

    def upload_row_of(self, token: str) -> int:
        return self._lookup(("upload", token))

    def set_upload_progress(self, token: str, fraction: float) -> None:
        """Progress 0..1; also clears an earlier failure (a retry started)."""
        row = self.upload_row_of(token)
        upload = self._rows[row] if row >= 0 else None
        if isinstance(upload, UploadRow):
            upload.progress = min(1.0, max(0.0, fraction))
            upload.error = None
            if fraction == 0.0:
                upload.phase = "uploading"  # sent again
            self._changed(row, row)

    def set_upload_phase(self, token: str, phase: str) -> None:
        """ "uploading" (the bytes are going up) or "processing" (Wix has them, not ready)."""
        row = self.upload_row_of(token)
        upload = self._rows[row] if row >= 0 else None
        if isinstance(upload, UploadRow) and upload.phase != phase:
            upload.phase = phase
            self._changed(row, row)

    def set_upload_failed(self, token: str, reason: str, *, retryable: bool = True) -> None:
        row = self.upload_row_of(token)
        upload = self._rows[row] if row >= 0 else None
        if isinstance(upload, UploadRow):
            upload.error = reason
            upload.retryable = retryable
            self._changed(row, row)

    def finish_upload(self, token: str, item: Item) -> None:
        """The placeholder becomes the created item, in place."""
        row = self.upload_row_of(token)
        if row < 0:
            self.upsert(item)
            return
        if item.id is not None and self.row_of(item.id) >= 0:
            self.remove_upload(token)  # a page brought the new item already
            self.upsert(item)
            return
        self._index.pop(("upload", token), None)
        self._rows[row] = item
        self._touch(row)
        self._changed(row, row)
        self._item_count += 1
        self.count_changed.emit(self._item_count)

    def remove_upload(self, token: str) -> None:
        row = self.upload_row_of(token)
        if row >= 0:
            self._remove_rows(row, row)

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or index.column() != 0:
            return None
        if not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if isinstance(row, UploadRow):
            return _upload_data(row, role)
        if isinstance(row, LoadingRow):
            return _loading_data(role)
        return item_data(row, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        row = self._rows[index.row()] if 0 <= index.row() < len(self._rows) else None
        if isinstance(row, LoadingRow):
            return Qt.ItemFlag.ItemIsEnabled  # nothing to select or drag yet
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if isinstance(row, Item):
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [ITEM_IDS_MIME, URI_LIST_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [str(item.id) for item in map(self.item_at, rows) if item is not None]
        return encode_item_ids(ids, self._gallery_id)

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action not in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction):
            return False
        gallery, ids = decode_item_ids(data)
        if ids:
            return self._gallery_id is not None and gallery == self._gallery_id
        return bool(local_paths(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if row >= 0:
            dest = min(row, len(self._rows))
        else:
            dest = parent.row() if parent.isValid() else len(self._rows)
        _, ids = decode_item_ids(data)
        if ids:
            # False: the window moves the rows through an undo command; True would make Qt
            # remove the dragged rows itself.
            self.move_requested.emit(ids, dest)
            return False
        self.files_dropped.emit(local_paths(data), dest)
        return True

    # ------------------------------------------------------------------ internals

    def _lookup(self, key: str | tuple[str, str]) -> int:
        rows = self._rows
        for i in range(self._indexed, len(rows)):
            k = _index_key(rows[i])
            if k is not None:
                self._index[k] = i
        self._indexed = len(rows)
        row = self._index.get(key, -1)
        if 0 <= row < len(rows) and _index_key(rows[row]) == key:
            return row
        return -1

    def _touch(self, row: int) -> None:
        self._indexed = min(self._indexed, row)

    def _changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first), self.index(last))

    def _remove_rows(self, first: int, last: int) -> None:
        self.beginRemoveRows(QModelIndex(), first, last)
        for row in self._rows[first : last + 1]:
            key = _index_key(row)
            if key is not None:
                self._index.pop(key, None)
        del self._rows[first : last + 1]
        self._touch(first)
        self.endRemoveRows()


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] + 1 == row:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _loading_data(role: int) -> Any:
    if role == Role.TILE:
        return Tile(ROW_LOADING, "")
    if role == Role.ROW_KIND:
        return ROW_LOADING
    if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
        return "Loading…"
    return None


def _upload_data(upload: UploadRow, role: int) -> Any:
    name = upload.path.name
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
        return name
    if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
        if upload.error:
            text = f"Upload of {name} failed: {upload.error}"
        elif upload.phase == "processing":
            text = f"{name}: processing on Wix…"
        else:
            text = f"Uploading {name}: {round(upload.progress * 100)}%"
        return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
    if role == Role.TILE:
        return Tile(
            ROW_UPLOAD,
            name,
            upload_progress=upload.progress,
            upload_error=upload.error,
            upload_retryable=upload.retryable,
            upload_phase=upload.phase,
        )
    values: dict[int, Any] = {
        Role.ROW_KIND: ROW_UPLOAD,
        Role.UPLOAD_PROGRESS: upload.progress,
        Role.UPLOAD_ERROR: upload.error,
        Role.UPLOAD_TOKEN: upload.token,
        Role.UPLOAD_RETRYABLE: upload.retryable,
        Role.SEARCH_TEXT: name.lower(),
    }
    return values.get(role)
