"""The open gallery's items in display order (ascending sortOrder), plus upload placeholders
and the places kept for items whose pages have not arrived.

Built for 100,000 items: an item is kept compact (`core.compact_items`: id, sortOrder, search
text and its JSON as bytes, ~0.7 KB instead of ~3.8 KB parsed) and parsed back only when it
is painted or asked for (`item_at`, `item`; the last 1,024 parsed stay cached). Rows are found
by bisecting their sort keys (`core.sorted_rows`), so a lookup, an upsert or a move costs
O(log n) plus a memmove; `plan_move` / `plan_insert` plan reorders from the rows in place.

Changes are fine-grained (`beginInsertRows`, `beginMoveRows`, `dataChanged`); `load()` is the
only reset. The model never reorders in answer to a drop: it emits `move_requested`, the
session turns it into an undoable command, and the rows move as their new sortOrders are
shown (`upsert`).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from galleryman.core.compact_items import CompactItem, compact, unpack
from galleryman.core.ordering import SortUpdate, plan_insert_in, plan_move_in
from galleryman.core.sorted_rows import PLACEHOLDER_KEY, RowStore, sort_key
from galleryman.models.roles import (
    ROW_ITEM,
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
PARSED_CACHE = 1024  # parsed items kept: more than a screenful of the smallest tiles

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


class RowPlan(NamedTuple):
    """A block placed before a grid row: its sortOrders (new items) or PATCHes (moved
    items), the neighbours to renumber for it, and the upload tiles the plan counted (upload
    id -> the sortOrder it counted the tile at; empty when planned over the items alone), so
    the outbox keeps it clear only of the uploads the window did not plan around
    (`sync/placing.py`)."""

    orders: list[float]
    updates: list[SortUpdate]
    planned_around: dict[str, float]


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
        self._store: RowStore[UploadRow] = RowStore()
        self._loading = 0  # places kept after the rows for items on their way
        self._parsed: OrderedDict[CompactItem, Item] = OrderedDict()

    # ------------------------------------------------------------------ loading

    @property
    def gallery_id(self) -> str | None:
        return self._gallery_id

    def load(self, gallery_id: str | None, expected: int = 0) -> None:
        """Start showing another gallery: `expected` places for its items (the count the
        site last gave), filled as its pages arrive."""
        self.beginResetModel()
        self._gallery_id = gallery_id
        self._store.clear()
        self._parsed.clear()
        self._loading = max(0, expected)
        self.endResetModel()
        self.count_changed.emit(0)

    def add_page(self, items: Sequence[Item | CompactItem]) -> None:
        """Add a page of items at their sorted positions; ids already shown are updated.
        The session's pages come compact (`core.compact_items.compact`, made on the worker
        thread, so the GUI thread only places them)."""
        fresh: list[CompactItem] = []
        known: list[CompactItem] = []
        seen: set[str] = set()
        for item in items:
            entry = item if isinstance(item, CompactItem) else compact(item)
            if entry.id is not None and (entry.id in seen or self._store.item(entry.id)):
                known.append(entry)  # shown already (or twice in this page): an update
                continue
            if entry.id is not None:
                seen.add(entry.id)
            fresh.append(entry)
        fresh.sort(key=lambda entry: sort_key(entry.order))
        if not self._fill_places(fresh):
            self._insert_sorted(fresh)
            self._drop_loading(len(fresh))
        if known:
            self.update_items(known)

    def _fill_places(self, page: list[CompactItem]) -> bool:
        """A page that goes after every row, into places kept for it (a listing arrives
        in display order): those rows become its items, with no row inserted or removed,
        so the view neither lays the grid out again nor repaints what it shows for a page
        that lands below it. False when the page goes elsewhere."""
        store = self._store
        first = len(store)
        if not page or len(page) > self._loading:
            return False
        if store.insertion_row(sort_key(page[0].order)) != first:
            return False
        store.insert(first, page)
        self._loading -= len(page)
        self.dataChanged.emit(self.index(first), self.index(first + len(page) - 1))
        self.count_changed.emit(store.item_count)
        return True

    def finish_loading(self) -> None:
        """Every page has arrived (or no more will): no place is kept any longer."""
        self._drop_loading(self._loading)

    def loading_rows(self) -> int:
        """Places still kept for items on their way."""
        return self._loading

    def _drop_loading(self, count: int) -> None:
        """Remove up to `count` kept places (they are the last rows)."""
        kept = min(count, self._loading)
        if kept:
            end = len(self._store) + self._loading
            self.beginRemoveRows(QModelIndex(), end - kept, end - 1)
            self._loading -= kept
            self.endRemoveRows()

    def insert_items(self, items: list[Item]) -> None:
        """Put items back at their sorted positions (the undo of a delete)."""
        self.add_page(items)

    def _insert_sorted(self, page: list[CompactItem]) -> None:
        """Insert entries sorted by key: one block per gap they fall into."""
        if not page:
            return
        store = self._store
        blocks: list[tuple[int, list[CompactItem]]] = []
        for entry in page:
            at = store.insertion_row(sort_key(entry.order))
            if blocks and blocks[-1][0] == at:
                blocks[-1][1].append(entry)
            else:
                blocks.append((at, [entry]))
        shift = 0
        for at, block in blocks:
            first = at + shift
            self.beginInsertRows(QModelIndex(), first, first + len(block) - 1)
            store.insert(first, block)
            self.endInsertRows()
            shift += len(block)
        self.count_changed.emit(store.item_count)

    # ------------------------------------------------------------------ reading

    def items(self) -> list[Item]:
        """Every item, parsed (O(n): prefer `ids()` or `item()` where they do)."""
        return [self._parse(r) for r in self._store.rows if isinstance(r, CompactItem)]

    def ids(self) -> list[str]:
        """The item ids in display order."""
        return [str(r.id) for r in self._store.rows if isinstance(r, CompactItem)]

    def ids_unordered(self) -> list[str]:
        """The item ids in no particular order: one C-level copy, where `ids()` takes a
        Python step per row."""
        return list(self._store.items_by_id())

    def item_at(self, row: int) -> Item | None:
        rows = self._store.rows
        found = rows[row] if 0 <= row < len(rows) else None
        return self._parse(found) if isinstance(found, CompactItem) else None

    def item(self, item_id: str) -> Item | None:
        entry = self._store.item(item_id)
        return self._parse(entry) if entry is not None else None

    def not_shown_exactly(self, entries: Iterable[CompactItem]) -> list[CompactItem]:
        """Those of `entries` the grid does not hold exactly (compared by their JSON as
        `compact_items.blob_of`: a whole gallery compared this way parses nothing, and a
        batch of 2,000 makes no Python call per item)."""
        shown = self._store.items_by_id()
        return [e for e in entries if (row := shown.get(e.id or "")) is None or row.blob != e.blob]

    def id_at(self, row: int) -> str | None:
        rows = self._store.rows
        found = rows[row] if 0 <= row < len(rows) else None
        return found.id if isinstance(found, CompactItem) else None

    def row_of(self, item_id: str) -> int:
        return self._store.row_of(item_id)

    def item_count(self) -> int:
        return self._store.item_count

    def gallery_count(self) -> int:
        """The gallery's items as far as the grid knows: its item rows and the places still
        kept for items on their way (before the last page, the rows are only part of it)."""
        return self._store.item_count + self._loading

    def item_position(self, row: int) -> int:
        """The index into `items()` / `order()` that model row `row` corresponds to: the
        number of item rows before it (rows and item positions differ while uploads show)."""
        store = self._store
        end = len(store) if row < 0 else min(row, len(store))
        return store.item_position(end)

    def order(self) -> list[tuple[str, float]]:
        """(id, sortOrder) of the item rows in display order (a missing order reads 0.0)."""
        return [
            (str(r.id), float(r.order) if r.order is not None else 0.0)
            for r in self._store.rows
            if isinstance(r, CompactItem)
        ]

    def sort_orders(self, ids: Iterable[str]) -> dict[str, float]:
        """The current sortOrder of each of these items that is shown (missing reads 0.0,
        as in `order()`)."""
        found = {i: self._store.item(i) for i in ids}
        return {
            i: float(e.order) if e.order is not None else 0.0
            for i, e in found.items()
            if e is not None
        }

    def plan_move(self, ids: Sequence[str], dest_position: int) -> list[SortUpdate]:
        """`core.ordering.plan_move(self.order(), ids, dest_position)`, read in place."""
        return plan_move_in(self._store.order_source(), ids, dest_position)

    def plan_move_to_row(self, ids: Sequence[str], dest_row: int) -> RowPlan:
        """The PATCHes (`updates`) that move these items as a block before model row
        `dest_row` (the row count: the end), upload tiles counted: planned over every row, so
        the block lands on the tiles' side of the drop (`RowOrder`). Where that plan would
        renumber a tile (its sortOrder is its upload's, not ours to PATCH: only when the gap
        has run out), it is planned over the items alone."""
        updates = plan_move_in(self._store.row_order(), ids, dest_row)
        if any(u.key.startswith(PLACEHOLDER_KEY) for u in updates):
            return RowPlan([], self.plan_move(ids, self.item_position(dest_row)), {})
        return RowPlan([], updates, self._tiles_counted())

    def plan_insert(self, count: int, position: int) -> tuple[list[float], list[SortUpdate]]:
        """`core.ordering.plan_insert(self.order(), count, position)`, read in place."""
        return plan_insert_in(self._store.order_source(), count, position)

    def end_not_known(self, dest_row: int) -> bool:
        """Whether a block put before row `dest_row` (-1: the end) would go after every item
        the grid has while places are still kept for items on their way: the gallery's last
        sortOrder is not known yet, and a plan over what has arrived would put the block
        among the items still coming."""
        store = self._store
        end = len(store) if dest_row < 0 else min(dest_row, len(store))
        return self._loading > 0 and store.item_position(end) == store.item_count

    def plan_insert_at_row(self, count: int, dest_row: int) -> RowPlan:
        """sortOrders for `count` new items before model row `dest_row` (-1: the end), and
        the neighbours to renumber for them, upload tiles counted as `plan_move_to_row`
        counts them. Over the items alone, a photo dropped at the end took the sortOrder
        of the tile there nudged by one float, so the next drop between them found no room
        and renumbered the item past the tiles after it (found by the soak, seed 4)."""
        end = len(self._store) if dest_row < 0 else min(dest_row, len(self._store))
        orders, updates = plan_insert_in(self._store.row_order(), count, end)
        if any(u.key.startswith(PLACEHOLDER_KEY) for u in updates):
            return RowPlan(*self.plan_insert(count, self.item_position(dest_row)), {})
        return RowPlan(orders, updates, self._tiles_counted())

    def _tiles_counted(self) -> dict[str, float]:
        """The upload tiles a plan over the rows counts, at the sort keys it counts them."""
        return {upload.token: upload.anchor for upload in self.upload_rows()}

    # ------------------------------------------------------------------ the filter's index

    def searchable_rows(self) -> int:
        """Rows a filter looks at: the items and uploads (the places kept match nothing)."""
        return len(self._store)

    def search_texts(self, first: int, stop: int) -> list[str | None]:
        """The search text of rows first..stop-1; None for an upload (always shown)."""
        return self._store.texts[first:stop]

    # ------------------------------------------------------------------ changing

    def upsert(self, item: Item, *, arriving: bool = False) -> None:
        """Replace the item with the same id (moving it if its sortOrder changed), or add it.
        `arriving`: one of the items whose places are kept (its page has not come yet); it
        takes one of them, so the count stays the gallery's."""
        row = self.row_of(item.id) if item.id is not None else -1
        if row < 0:
            self._insert_sorted([compact(item)])
            if arriving:
                self._drop_loading(1)
            return
        self._replace_row(row, compact(item))

    def update_items(self, entries: Iterable[CompactItem]) -> None:
        """`upsert` for many items (made with `core.compact_items.compact`, off the GUI
        thread), as one batch: those changed in place go out as one dataChanged per run of
        rows (a refresh that found 10,000 items changed sent 10,000 signals through the
        filter to the view: a 0.8 s stall); new and moved ones one by one, after what was
        collected (a move shifts rows)."""
        store = self._store
        collected: list[int] = []

        def flush() -> None:
            for first, last in _runs(sorted(set(collected))):
                self._changed(first, last)
            collected.clear()

        for entry in entries:
            row = self.row_of(entry.id) if entry.id is not None else -1
            in_place = (
                row >= 0
                and isinstance(store.rows[row], CompactItem)
                and store.destination(row, sort_key(entry.order)) is None
            )
            if in_place:
                self._forget_parsed(store.replace(row, entry))
                collected.append(row)
            else:
                flush()
                if row < 0:
                    self._insert_sorted([entry])
                else:
                    self._replace_row(row, entry)
        flush()

    def _replace_row(self, row: int, entry: CompactItem) -> None:
        """Put an entry in place of a row, moving it first where its key sorts: the keys are
        ascending whenever a signal goes out (a listener may look a row up)."""
        store = self._store
        key = sort_key(entry.order)
        if not isinstance(store.rows[row], CompactItem):
            store.reanchor(row, key)  # an upload becoming its item, in place
        dest = store.destination(row, key)
        if dest is not None and self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest):
            store.move(row, row, dest)
            row = dest if dest < row else dest - 1
            old = store.replace(row, entry)
            self.endMoveRows()
        else:
            old = store.replace(row, entry)
        self._forget_parsed(old)
        self._changed(row, row)

    def remove_ids(self, ids: Iterable[str]) -> list[Item]:
        """Remove items; returns the removed ones in row order (for undo)."""
        found = sorted({r for r in (self.row_of(i) for i in ids) if r >= 0})
        removed = [self._store.rows[r] for r in found]
        items = [self._parse(r) for r in removed if isinstance(r, CompactItem)]
        for first, last in reversed(_runs(found)):
            self._remove_rows(first, last)
        if items:
            self.count_changed.emit(self._store.item_count)
        return items

    # ------------------------------------------------------------------ uploads

    def add_uploads(
        self,
        uploads: list[tuple[str, Path]],
        dest_row: int,
        orders: Sequence[float] | None = None,
    ) -> None:
        """Placeholder rows (token, local file) at `dest_row` (-1: the end); `orders`: the
        sortOrders chosen for them, which become their keys, so an item placed beside them
        later (an undone move) sorts against where they will be, not after them all (found
        by the soak). Where those sortOrders do not fit at `dest_row` (the outbox put them
        after uploads already waiting there, see sync/placing.py) the tiles show where they
        sort, which is where the site will have them."""
        if not uploads:
            return
        store = self._store
        end = len(store)  # new files go before the places kept
        at = end if dest_row < 0 or dest_row > end else dest_row
        keys = store.keys
        keyed = (
            [sort_key(order) for order in orders]
            if orders is not None
            and len(orders) == len(uploads)
            and all(a < b for a, b in zip(orders, orders[1:], strict=False))
            else None
        )

        def fits(row: int, keyed: list[float]) -> bool:
            after_below = row == 0 or keyed[0] >= keys[row - 1]
            return after_below and (row == end or keyed[-1] <= keys[row])

        if keyed is not None and not fits(at, keyed):
            at = store.insertion_row(keyed[0])
        if keyed is not None and fits(at, keyed):
            anchors = keyed
        else:  # the neighbour's key keeps the keys ascending for later bisects
            below = keys[at - 1] if at > 0 else None
            anchors = [below if below is not None else (keys[0] if end else 0.0)] * len(uploads)
        block = [
            UploadRow(token, Path(path), anchor=anchor)
            for (token, path), anchor in zip(uploads, anchors, strict=True)
        ]
        self.beginInsertRows(QModelIndex(), at, at + len(block) - 1)
        store.insert(at, block)
        self.endInsertRows()

    def add_upload_rows(self, uploads: list[UploadRow]) -> None:
        """Upload tiles (from an earlier run, still in the outbox) at their sorted places."""
        for upload in uploads:
            at = self._store.insertion_row(sort_key(upload.anchor))
            self.beginInsertRows(QModelIndex(), at, at)
            self._store.insert(at, [upload])
            self.endInsertRows()

    def upload_rows(self) -> list[UploadRow]:
        """The upload placeholders in display order."""
        rows = self._store.rows
        return [
            u for u in (rows[r] for r in self._store.placeholder_rows()) if isinstance(u, UploadRow)
        ]

    def upload_row_of(self, token: str) -> int:
        return self._store.placeholder_row(token)

    def _upload(self, token: str) -> tuple[int, UploadRow | None]:
        row = self.upload_row_of(token)
        return row, self._store.placeholder(token) if row >= 0 else None

    def set_upload_progress(self, token: str, fraction: float) -> None:
        """Progress 0..1; also clears an earlier failure (a retry started)."""
        row, upload = self._upload(token)
        if upload is not None:
            upload.progress = min(1.0, max(0.0, fraction))
            upload.error = None
            if fraction == 0.0:
                upload.phase = "uploading"  # sent again
            self._changed(row, row)

    def set_upload_phase(self, token: str, phase: str) -> None:
        """ "uploading" (the bytes are going up) or "processing" (Wix has them, not ready)."""
        row, upload = self._upload(token)
        if upload is not None and upload.phase != phase:
            upload.phase = phase
            self._changed(row, row)

    def set_upload_failed(self, token: str, reason: str, *, retryable: bool = True) -> None:
        row, upload = self._upload(token)
        if upload is not None:
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
        self._replace_row(row, compact(item))
        self.count_changed.emit(self._store.item_count)

    def remove_upload(self, token: str) -> None:
        row = self.upload_row_of(token)
        if row >= 0:
            self._remove_rows(row, row)

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._store) + self._loading

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or index.column() != 0:
            return None
        return self.row_data(index.row(), role)

    def row_data(self, row: int, role: int) -> Any:
        """`data()` of a row, without making an index (the filter asks this way)."""
        rows = self._store.rows
        if not 0 <= row < len(rows):
            return _loading_data(role) if 0 <= row < len(rows) + self._loading else None
        found = rows[row]
        if not isinstance(found, CompactItem):
            return _upload_data(found, role)
        # The id, kind and search text are at hand; anything else is read from the item.
        if role == Role.ID:
            return found.id
        if role == Role.ROW_KIND:
            return ROW_ITEM
        if role == Role.SEARCH_TEXT:
            return found.search
        return item_data(self._parse(found), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        rows = self._store.rows
        row = index.row()
        if not 0 <= row < len(rows):
            return Qt.ItemFlag.ItemIsEnabled  # a place kept: nothing to select or drag yet
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if isinstance(rows[row], CompactItem):
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [ITEM_IDS_MIME, URI_LIST_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [i for i in map(self.id_at, rows) if i is not None]
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
            dest = min(row, self.rowCount())
        else:
            dest = parent.row() if parent.isValid() else self.rowCount()
        _, ids = decode_item_ids(data)
        if ids:
            # False: the window moves the rows through an undo command; True would make Qt
            # remove the dragged rows itself.
            self.move_requested.emit(ids, dest)
            return False
        self.files_dropped.emit(local_paths(data), dest)
        return True

    # ------------------------------------------------------------------ internals

    def _parse(self, entry: CompactItem) -> Item:
        parsed = self._parsed
        item = parsed.get(entry)
        if item is None:
            item = parsed[entry] = unpack(entry)
            if len(parsed) > PARSED_CACHE:
                parsed.popitem(last=False)
        else:
            parsed.move_to_end(entry)
        return item

    def _forget_parsed(self, row: CompactItem | UploadRow) -> None:
        if isinstance(row, CompactItem):
            self._parsed.pop(row, None)

    def _changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first), self.index(last))

    def _remove_rows(self, first: int, last: int) -> None:
        self.beginRemoveRows(QModelIndex(), first, last)
        for row in self._store.remove(first, last):
            self._forget_parsed(row)
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
        return QCoreApplication.translate("ItemGridModel", "Loading…")
    return None


def _upload_data(upload: UploadRow, role: int) -> Any:
    name = upload.path.name
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
        return name
    if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
        if upload.error:
            text = QCoreApplication.translate(
                "ItemGridModel", "Upload of {name} failed: {error}"
            ).format(name=name, error=upload.error)
        elif upload.phase == "processing":
            text = QCoreApplication.translate("ItemGridModel", "{name}: processing on Wix…").format(
                name=name
            )
        else:
            text = QCoreApplication.translate("ItemGridModel", "Uploading {name}: {percent}%")
            text = text.format(name=name, percent=round(upload.progress * 100))
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
