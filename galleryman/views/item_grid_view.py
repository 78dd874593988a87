"""The thumbnail grid: a QListView in icon mode with our own drop handling.

Qt's icon-mode drag and drop either moves items freely (Free movement) or drops *on* items;
neither is "insert between tiles". So the view computes the insertion row from the cursor
(left half of a tile: before it, right half: after it), draws a vertical marker there and hands
the row to the model's `dropMimeData`, which emits a request; the view itself never reorders.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QRegion,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QListView,
    QToolTip,
    QWidget,
)

from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.models.item_filter import ItemFilterModel
from galleryman.models.item_grid import ItemGridModel, decode_item_ids
from galleryman.models.roles import ROW_UPLOAD, Role, plain_tooltip, thumb_key, thumb_url
from galleryman.views.item_delegate import DEFAULT_SIZE, ItemDelegate, Prepared, ThumbnailSource
from galleryman.wix.models import Item

EMPTY_TEXT = QT_TR_NOOP("No items yet — drop photos here or use Add files…")
NO_MATCH_TEXT = QT_TR_NOOP("No items match “{}”")
SPACING = 8
BATCH_SIZE = 100
AUTO_SCROLL_MARGIN = 48
AUTO_SCROLL_INTERVAL_MS = 40
REPAINT_DELAY_MS = 16  # thumbnails arriving in a burst cost one repaint
DRAG_PIXMAP_PX = 96
AHEAD_PER_TURN = 4  # faces drawn ahead of a scroll per event-loop turn (about a millisecond)
DRAG_HOT_SPOT = QPoint(-14, -14)  # the picture sits below-right of the pointer, off the marker


class ItemGridView(QListView):
    context_menu_requested = Signal(QPoint)  # global position
    delete_requested = Signal()
    upload_retry_requested = Signal(str)  # upload token: a failed tile's "Retry" was clicked

    def __init__(
        self, parent: QWidget | None = None, *, loader: ThumbnailSource | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Gallery items"))
        self._delegate = ItemDelegate(loader, self)
        self.setItemDelegate(self._delegate)
        self._loader: ThumbnailSource | None = None
        self._empty_text = tr(EMPTY_TEXT)
        self._marker: QRect | None = None
        self._drag_pos: QPoint | None = None
        self._retry_pressed: str | None = None  # token whose "Retry" link the press hit
        self._keep: int | None = None  # the scroll position while the grid is laid out again

        # A grid of tiles from list mode (rows flowing left to right, wrapped): icon mode
        # looks the same but asks the model for every row's index twice per layout, and
        # the view lays everything out again at every insert, removal and move (measured at
        # 100,000 rows: 0.32 s of layout in icon mode, 0.13 s in list mode).
        # Static: the view never moves tiles itself (drops go through the model).
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setMovement(QListView.Movement.Static)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(BATCH_SIZE)
        self.setSpacing(SPACING)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionRectVisible(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAutoScroll(True)
        self.setAutoScrollMargin(AUTO_SCROLL_MARGIN)
        self.setMouseTracking(True)  # hover highlight

        self.verticalScrollBar().actionTriggered.connect(self._forget_place)
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setInterval(AUTO_SCROLL_INTERVAL_MS)
        self._scroll_timer.timeout.connect(self._auto_scroll_step)
        self._repaint_timer = QTimer(self)
        self._repaint_timer.setSingleShot(True)
        self._repaint_timer.setInterval(REPAINT_DELAY_MS)
        self._repaint_timer.timeout.connect(self._repaint_arrived)
        self._arrived: set[str] = set()  # thumbnails ready or failed since the last repaint
        self._scrolled = False  # the next paint shows what a scroll uncovered
        # The rows a scroll brings in next (a screenful past the visible ones, the way the
        # user scrolls), whose faces are drawn a few a turn while the window has nothing else
        # to do: the paint of the next scroll step then copies them.
        self._ahead: list[int] = []
        self._ahead_done: set[int] = set()  # rows of the current plan that have their faces
        self._ahead_waiting: set[int] = set()  # rows of the plan waiting for their thumbnails
        self._ahead_direction = 0  # 1: the user scrolls down, -1: up, 0: has not scrolled
        self._ahead_timer = QTimer(self)
        self._ahead_timer.setSingleShot(True)
        self._ahead_timer.setInterval(0)
        self._ahead_timer.timeout.connect(self._draw_ahead)
        # Called once the tiles on screen show their thumbnails (`when_thumbnails_shown`).
        self._shown_waiters: list[Callable[[], None]] = []
        self.set_loader(loader)
        self.set_thumbnail_size(DEFAULT_SIZE)

    # ------------------------------------------------------------------ configuration

    @property
    def item_delegate(self) -> ItemDelegate:
        return self._delegate

    @property
    def loader(self) -> ThumbnailSource | None:
        return self._loader

    def set_loader(self, loader: ThumbnailSource | None) -> None:
        if self._loader is not None:
            with contextlib.suppress(RuntimeError):  # already gone or never connected
                self._loader.ready.disconnect(self._thumbnail_arrived)
                self._loader.failed.disconnect(self._thumbnail_arrived)
        self._loader = loader
        self._delegate.set_loader(loader)
        if loader is not None:
            loader.ready.connect(self._thumbnail_arrived)
            loader.failed.connect(self._thumbnail_arrived)

    @property
    def thumbnail_size(self) -> int:
        return self._delegate.thumbnail_size

    def set_thumbnail_size(self, px: int) -> None:
        """Thumbnail side in logical pixels (96..320); cells and grid follow."""
        self._delegate.set_thumbnail_size(px)
        self._update_grid()

    @property
    def empty_text(self) -> str:
        return self._empty_text

    def set_empty_text(self, text: str) -> None:
        """What an empty grid says. Repaints only when it shows: the window sets it at every
        burst of pages, and a full repaint each time was most of the grid's paints while a
        big gallery loaded."""
        if text == self._empty_text:
            return
        self._empty_text = text
        if self.current_empty_text() is not None:
            self.viewport().update()

    def setItemDelegate(self, delegate: QAbstractItemDelegate) -> None:
        """A replacement ItemDelegate takes over the current size and loader."""
        if isinstance(delegate, ItemDelegate) and delegate is not self._delegate:
            delegate.set_thumbnail_size(self._delegate.thumbnail_size)
            if delegate.loader is None:
                delegate.set_loader(self._loader)
            self._delegate = delegate
        super().setItemDelegate(delegate)
        self._update_grid()

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            with contextlib.suppress(RuntimeError):
                for signal, slot in self._model_connections(old):
                    signal.disconnect(slot)
        super().setModel(model)
        self._keep = None
        self._stop_ahead()
        if model is not None:
            for signal, slot in self._model_connections(model):
                signal.connect(slot)

    def _model_connections(self, model: QAbstractItemModel) -> list[tuple[Any, Any]]:
        return [
            (model.modelReset, self._on_model_reset),
            (model.rowsAboutToBeInserted, self._keep_place),
            (model.rowsAboutToBeRemoved, self._keep_place),
            (model.rowsAboutToBeMoved, self._keep_place),
            (model.layoutAboutToBeChanged, self._keep_place),
            (model.rowsInserted, self._forget_ahead),
            (model.rowsRemoved, self._forget_ahead),
            (model.rowsMoved, self._forget_ahead),
            (model.layoutChanged, self._forget_ahead),
        ]

    # ------------------------------------------------------------------ selection

    def selected_ids(self) -> list[str]:
        """Ids of the selected items in display order (upload placeholders left out)."""
        selection = self.selectionModel()
        if selection is None:
            return []
        indexes = sorted(selection.selectedIndexes(), key=lambda i: i.row())
        return [i.data(Role.ID) for i in indexes if i.data(Role.ID) is not None]

    def selected_failed_uploads(self) -> list[str]:
        """Tokens of the selected upload placeholders whose upload failed, in display order."""
        selection = self.selectionModel()
        if selection is None:
            return []
        indexes = sorted(selection.selectedIndexes(), key=lambda i: i.row())
        return [str(i.data(Role.UPLOAD_TOKEN)) for i in indexes if _failed_upload(i)]

    def select_ids(self, ids: list[str]) -> None:
        """Select exactly these items (the first becomes current and is scrolled to)."""
        selection_model = self.selectionModel()
        if selection_model is None:
            return
        rows = sorted({i.row() for i in map(self.index_of_id, ids) if i.isValid()})
        selection = QItemSelection()
        model = self.model()
        for row in rows:
            index = model.index(row, 0)
            selection.select(index, index)
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if rows:
            first = model.index(rows[0], 0)
            selection_model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(first)

    def index_of_id(self, item_id: str) -> QModelIndex:
        """The view's index of an item (through any proxies), invalid if absent or hidden."""
        model: QAbstractItemModel | None = self.model()
        proxies: list[QAbstractProxyModel | ItemFilterModel] = []
        while isinstance(model, QAbstractProxyModel | ItemFilterModel):
            proxies.append(model)
            model = model.sourceModel()
        if isinstance(model, ItemGridModel):
            row = model.row_of(item_id)
            index = model.index(row, 0) if row >= 0 else QModelIndex()
            for proxy in reversed(proxies):
                index = proxy.mapFromSource(index)
            return index
        if model is None:
            return QModelIndex()
        found = model.match(model.index(0, 0), Role.ID, item_id, 1, Qt.MatchFlag.MatchExactly)
        return found[0] if found else QModelIndex()

    def thumbnail_problem_at(self, pos: QPoint) -> str | None:
        """Why the thumbnail of the tile at a viewport position could not be loaded."""
        index = self.indexAt(pos)
        key, url = index.data(Role.THUMB_KEY), index.data(Role.THUMB_URL)
        if self._loader is None or not key or not url:
            return None
        size_px = round(self.thumbnail_size * self.devicePixelRatioF())
        if self._loader.state(key, size_px) != "failed":
            return None
        reason = self._loader.failure_reason(key, size_px) or tr("unknown error")
        return tr("Can't load the image: {reason}. Refresh (F5) tries again.").format(reason=reason)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            problem = self.thumbnail_problem_at(event.pos())
            if problem is not None:
                QToolTip.showText(event.globalPos(), plain_tooltip(problem), self.viewport())
                return True
        return super().viewportEvent(event)

    def dataChanged(
        self,
        topLeft: QModelIndex | QPersistentModelIndex,
        bottomRight: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        """Repaint the changed rows that are visible. Qt repaints the whole viewport for a
        change of more than one row, wherever it is: each page of a listing filling the
        places kept below the visible rows repainted every visible tile."""
        if self._ahead_done and topLeft.isValid() and bottomRight.isValid():
            # Changed rows drawn ahead look different now: drawn again if still ahead.
            self._ahead_done.difference_update(range(topLeft.row(), bottomRight.row() + 1))
        if (
            topLeft == bottomRight
            or not (topLeft.isValid() and bottomRight.isValid())
            or self.state() == QAbstractItemView.State.EditingState
        ):
            super().dataChanged(topLeft, bottomRight, roles)
            return
        top = self.visualRect(topLeft)
        if not top.isValid() or top.top() > self.viewport().rect().bottom():
            # Below what shows, or not laid out yet (painted when it is): the usual case
            # for a listing's page, and one call instead of two per visible row.
            return
        visible, _complete = self.rows_in_viewport()
        model = self.model()
        first, stop = max(topLeft.row(), visible.start), min(bottomRight.row() + 1, visible.stop)
        for row in range(first, stop):
            self.update(model.index(row, 0))

    def rows_in_viewport(self) -> tuple[range, bool]:
        """The visible rows, and whether the layout covers the whole viewport yet.

        In batched layout mode rows not laid out yet have no rectangle, so while a big
        gallery arrives the viewport may show fewer tiles than it soon will.
        """
        model = self.model()
        if model is None or model.rowCount() == 0:
            return range(0), True
        area = self.viewport().rect()
        # The first column, at the top edge; where that falls in the gap between two lines of
        # tiles, just below it. One probe a gap's height down from the top missed every line
        # when it fell in a gap, and the grid then repainted none of the tiles it showed.
        left = area.left() + SPACING + 1
        first = self.indexAt(QPoint(left, area.top()))
        if not first.isValid():
            first = self.indexAt(QPoint(left, area.top() + SPACING + 1))
        start = first.row() if first.isValid() else 0
        end = start
        complete = True
        rows = model.rowCount()  # once: each call is a trip from Qt into Python
        while end < rows:
            rect = self.visualRect(model.index(end, 0))
            if not rect.isValid():
                complete = False  # the layout has not reached this row yet
                break
            if not rect.intersects(area):
                break
            end += 1
        return range(start, max(end, start + 1)), complete

    def visible_thumbnails_settled(self) -> bool:
        """True when the viewport is laid out and every visible tile that has a thumbnail
        to fetch shows it or an error."""
        model = self.model()
        if model is None or self._loader is None:
            return False
        rows, complete = self.rows_in_viewport()
        if not complete:
            return False
        size_px = round(self.thumbnail_size * self.devicePixelRatioF())
        for row in rows:
            index = model.index(row, 0)
            key, url = index.data(Role.THUMB_KEY), index.data(Role.THUMB_URL)
            if key and url and self._loader.state(key, size_px) not in ("ready", "failed"):
                return False
        return True

    def when_thumbnails_shown(self, callback: Callable[[], None]) -> None:
        """Call `callback` once every tile on screen that has a thumbnail to fetch shows it
        or its error: at once if they do now, or if nothing is painted to show them (no
        model or loader, the window hidden or minimized). Looked at after each paint (a
        thumbnail arriving, the layout reaching the screen); a new gallery calls it too."""
        if self._screen_shown():
            callback()
        else:
            self._shown_waiters.append(callback)

    def _screen_shown(self) -> bool:
        """The tiles on screen show their thumbnails, or nothing is painted to show them."""
        nothing_painted = (
            self.model() is None
            or self._loader is None
            or not self.isVisible()
            or self.window().isMinimized()
        )
        return nothing_painted or self.visible_thumbnails_settled()

    def _call_shown_waiters(self, *, at_once: bool = False) -> None:
        if not self._shown_waiters:
            return
        if at_once or self._screen_shown():
            waiters, self._shown_waiters = self._shown_waiters, []
            for callback in waiters:
                callback()

    def failed_upload_at(self, pos: QPoint) -> str | None:
        """The token of the failed upload placeholder at a viewport position, if any."""
        index = self.indexAt(pos)
        return str(index.data(Role.UPLOAD_TOKEN)) if _failed_upload(index) else None

    def retry_link_at(self, pos: QPoint) -> str | None:
        """The token of the failed upload whose "Retry" link is at a viewport position (only
        uploads that a retry could fix have one)."""
        index = self.indexAt(pos)
        if not _failed_upload(index) or not index.data(Role.UPLOAD_RETRYABLE):
            return None
        link = self._delegate.retry_rect(self.visualRect(index), self.font())
        return str(index.data(Role.UPLOAD_TOKEN)) if link.contains(pos.toPointF()) else None

    def preview_for(self, item: Item, size_px: int | None = None) -> QPixmap | None:
        """The item's thumbnail at `size_px` device pixels (default: the tile's) if the loader
        has it, else the tile's one meanwhile, else None. A fetch starts for what is missing;
        the loader's `ready` says when it arrived."""
        key, url = thumb_key(item), thumb_url(item)
        if self._loader is None or not key or not url or item.media_type == "TEXT":
            return None
        tile = round(self._delegate.thumbnail_size * self.devicePixelRatio())
        wanted = self._loader.pixmap(key, url, size_px or tile)
        return wanted if wanted is not None else self._loader.pixmap(key, url, tile)

    # ------------------------------------------------------------------ keys and menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Delete):
            event.accept()
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        left = event.button() == Qt.MouseButton.LeftButton
        self._retry_pressed = self.retry_link_at(event.position().toPoint()) if left else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click (press and release) on a failed tile's "Retry" link retries the upload; a
        click anywhere else on the tile only selects it, like any tile."""
        pressed, self._retry_pressed = self._retry_pressed, None
        super().mouseReleaseEvent(event)
        if (
            pressed is not None
            and event.button() == Qt.MouseButton.LeftButton
            and self.retry_link_at(event.position().toPoint()) == pressed
        ):
            self.upload_retry_requested.emit(pressed)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        event.accept()
        self.context_menu_requested.emit(event.globalPos())

    # ------------------------------------------------------------------ drag and drop

    @property
    def drop_marker(self) -> QRect | None:
        """Where the insertion marker is drawn during a drag (viewport coordinates)."""
        return self._marker

    def drop_row_at(self, pos: QPoint) -> int:
        """The insertion row (view rows, before removal) for a drop at a viewport position."""
        return self._drop_slot(pos)[0]

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """Drag the selected items with a picture that says how many there are, held off to
        the side of the pointer so the insertion marker under it stays visible."""
        selection = self.selectionModel()
        model = self.model()
        if selection is None or model is None:
            return
        indexes = sorted(
            (
                i
                for i in selection.selectedIndexes()
                if model.flags(i) & Qt.ItemFlag.ItemIsDragEnabled
            ),
            key=lambda i: i.row(),
        )
        if not indexes:
            return
        mime = model.mimeData(indexes)
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(self.drag_pixmap(indexes))
        drag.setHotSpot(DRAG_HOT_SPOT)
        drag.exec(supportedActions, Qt.DropAction.MoveAction)

    def drag_pixmap(self, indexes: list[QModelIndex]) -> QPixmap:
        """The first dragged tile, small and see-through, with a badge counting them all."""
        dpr = self.devicePixelRatioF()
        side = DRAG_PIXMAP_PX
        pixmap = QPixmap(round(side * dpr), round(side * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setOpacity(0.75)
            tile = self.visualRect(indexes[0])
            if tile.isValid():
                grabbed = self.viewport().grab(tile)
                painter.drawPixmap(
                    QRect(0, 0, side, side),
                    grabbed.scaled(
                        round(side * dpr),
                        round(side * dpr),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    ),
                )
            painter.setOpacity(1.0)
            if len(indexes) > 1:
                text = f"{len(indexes):,}"
                font = painter.font()
                font.setBold(True)
                painter.setFont(font)
                width = max(painter.fontMetrics().horizontalAdvance(text) + 12, 24)
                badge = QRect(side - width - 2, 2, width, 22)
                palette = self.palette()
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
                painter.drawRoundedRect(badge, 11, 11)
                painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
                painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        finally:
            painter.end()
        return pixmap

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._drag_over(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._drag_over(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._end_drag()
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        pos = event.position().toPoint()
        self._end_drag()
        model = self.model()
        action = self._action_for(event.mimeData())
        if model is None or action is None:
            event.ignore()
            return
        row = self.drop_row_at(pos)
        model.dropMimeData(event.mimeData(), action, row, 0, QModelIndex())
        event.setDropAction(action)
        event.accept()

    def _drag_over(self, event: QDragMoveEvent) -> None:
        action = self._action_for(event.mimeData())
        if action is None:
            self._end_drag()
            event.ignore()
            return
        self._drag_pos = event.position().toPoint()
        self._set_marker(self._drop_slot(self._drag_pos)[1])
        if self._near_edge(self._drag_pos) != 0:
            if not self._scroll_timer.isActive():
                self._scroll_timer.start()
        else:
            self._scroll_timer.stop()
        event.setDropAction(action)
        event.accept()

    def _action_for(self, mime: QMimeData) -> Qt.DropAction | None:
        """Move for our own items, Copy for files; None when the model takes neither."""
        model = self.model()
        if model is None:
            return None
        _, ids = decode_item_ids(mime)
        action = Qt.DropAction.MoveAction if ids else Qt.DropAction.CopyAction
        if not model.canDropMimeData(mime, action, -1, -1, QModelIndex()):
            return None
        return action

    def _end_drag(self) -> None:
        self._scroll_timer.stop()
        self._drag_pos = None
        self._set_marker(None)

    def _set_marker(self, marker: QRect | None) -> None:
        if marker != self._marker:
            self._marker = marker
            self.viewport().update()

    def _near_edge(self, pos: QPoint) -> int:
        margin = self.autoScrollMargin()
        if pos.y() < margin:
            return -1
        if pos.y() > self.viewport().height() - margin:
            return 1
        return 0

    def _auto_scroll_step(self) -> None:
        pos = self._drag_pos
        direction = self._near_edge(pos) if pos is not None else 0
        bar = self.verticalScrollBar()
        if pos is None or direction == 0:
            self._scroll_timer.stop()
            return
        # The marker follows in scrollContentsBy (as for the wheel).
        bar.setValue(bar.value() + direction * max(8, self.gridSize().height() // 4))

    def _drop_slot(self, pos: QPoint) -> tuple[int, QRect | None]:
        """(insertion row, marker rectangle) for a viewport position. Uniform cells make the
        grid arithmetic exact, and it also covers the gaps between tiles."""
        model = self.model()
        n = model.rowCount() if model is not None else 0
        first = self.visualRect(model.index(0, 0)) if n else QRect()
        grid = self.gridSize()
        if n == 0 or not first.isValid() or grid.width() <= 0 or grid.height() <= 0:
            return n, None
        cols = self._columns(n, first.top())
        left0 = first.center().x() - grid.width() / 2
        line = max(0, math.floor((pos.y() - first.top() + SPACING / 2) / grid.height()))
        last_line = (n - 1) // cols
        if line > last_line:
            row = n
        else:
            slot = min(cols, max(0, round((pos.x() - left0) / grid.width())))
            row = min(line * cols + slot, n)
        marker_line = min(line, last_line)
        x = round(left0 + (row - marker_line * cols) * grid.width())
        top = first.top() + marker_line * grid.height()
        return row, QRect(x - 1, top, 3, first.height())

    def _columns(self, n: int, top: int) -> int:
        """Tiles on the first line (binary search: rows are laid out line by line; a row not
        laid out yet has no rectangle)."""
        model = self.model()
        lo, hi = 1, n
        while lo < hi:
            mid = (lo + hi) // 2
            rect = self.visualRect(model.index(mid, 0))
            if rect.isValid() and rect.top() == top:
                lo = mid + 1
            else:
                hi = mid
        return lo

    # ------------------------------------------------------------------ painting

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._scrolled = True
        if dy:
            self._ahead_direction = 1 if dy < 0 else -1
        if self._drag_pos is not None:  # scrolled during a drag (the wheel, or auto-scroll)
            # The marker moved with the pixels: it goes where a drop would land now.
            self._marker = self._drop_slot(self._drag_pos)[1]
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        # What a scroll uncovers is drawn whole, as a plain list view would: drawn a few
        # tiles a paint, a fast scroll showed grey places flashing by and cost about a
        # quarter more of the window's time (more paints for the same tiles).
        scrolled, self._scrolled = self._scrolled, False
        self.item_delegate.begin_paint(every_tile=scrolled)
        try:
            super().paintEvent(event)
        finally:
            deferred = self.item_delegate.end_paint()
        if deferred:  # tiles shown as their place for now: painted at the next turn
            QTimer.singleShot(0, self, lambda: self._paint_deferred(deferred))
        if scrolled:
            self._plan_ahead()
        if self._shown_waiters:  # looked at once this paint has ended
            QTimer.singleShot(0, self, self._call_shown_waiters)
        model = self.model()
        empty = model is None or model.rowCount() == 0
        if not empty and self._marker is None:
            return
        painter = QPainter(self.viewport())
        try:
            if empty:
                self._paint_empty(painter)
            if self._marker is not None:
                painter.fillRect(self._marker, self.palette().color(QPalette.ColorRole.Highlight))
        finally:
            painter.end()

    def _plan_ahead(self) -> None:
        """After a scroll: the rows the next steps bring in, a screenful, to draw ahead. Fewer
        when the faces' budget would then push out the tiles on screen."""
        model = self.model()
        if model is None or self._ahead_direction == 0:
            return
        rows, _complete = self.rows_in_viewport()
        n = model.rowCount()
        if n == 0:
            return
        cell = self.visualRect(model.index(rows.start, 0)).size()
        dpr = self.viewport().devicePixelRatioF()
        face_bytes = max(1.0, cell.width() * cell.height() * 4 * dpr * dpr)
        room = int(self._delegate.faces.budget_bytes // face_bytes) - 2 * len(rows)
        count = max(0, min(len(rows), room))
        if self._ahead_direction > 0:
            ahead = range(rows.stop, min(n, rows.stop + count))
        else:
            ahead = range(rows.start - 1, max(-1, rows.start - 1 - count), -1)
        # Rows drawn ahead for the last steps still have their faces (those further away may
        # have made room for newer ones since, and are forgotten); rows waiting for their
        # thumbnails are queued again when those come (`_draw_ahead_arrived`), not each step.
        done = self._ahead_done = self._ahead_done.intersection(ahead)
        waiting = self._ahead_waiting = self._ahead_waiting.intersection(ahead)
        self._ahead = [row for row in ahead if row not in done and row not in waiting]
        if self._ahead:
            self._ahead_timer.start()

    def _draw_ahead(self) -> None:
        model = self.model()
        drawn = 0
        while self._ahead and drawn < AHEAD_PER_TURN and model is not None:
            row = self._ahead.pop(0)
            if row >= model.rowCount():
                continue
            prepared = self._delegate.prepare(model.index(row, 0))
            drawn += prepared in (Prepared.DRAWN, Prepared.STARTED)
            if prepared is Prepared.WAITING:  # drawn when its thumbnail comes
                self._ahead_waiting.add(row)
            else:
                self._ahead_done.add(row)
        if self._ahead:
            self._ahead_timer.start()  # the rest at the next turn: input and paints first

    def _stop_ahead(self) -> None:
        self._ahead, self._ahead_direction = [], 0
        self._ahead_timer.stop()
        self._forget_ahead()

    def _forget_ahead(self, *_args: object) -> None:
        """Rows were inserted, removed or moved (the row numbers planned mean other tiles
        now), or every face's look changed (palette, font, tile size): planned afresh at the
        next scroll."""
        self._ahead, self._ahead_done, self._ahead_waiting = [], set(), set()

    def _draw_ahead_arrived(self, arrived: set[str]) -> None:
        """The rows ahead whose thumbnails came: their faces can be drawn now."""
        model = self.model()
        if model is None or not self._ahead_waiting:
            return
        n = model.rowCount()
        came = [
            row
            for row in self._ahead_waiting
            if row < n and model.index(row, 0).data(Role.THUMB_KEY) in arrived
        ]
        if came:
            self._ahead_waiting.difference_update(came)
            self._ahead.extend(sorted(came, reverse=self._ahead_direction < 0))
            self._ahead_timer.start()

    def _paint_deferred(self, rows: list[QPersistentModelIndex]) -> None:
        """Repaint the tiles a paint showed as their place, where they are now: a scroll in
        between moved their places with the pixels, and repainting the rectangles they had
        left those places on screen."""
        model, region = self.model(), QRegion()
        for row in rows:
            if row.isValid() and model is not None:
                region += self.visualRect(model.index(row.row(), 0))
        if not region.isEmpty():
            self.viewport().update(region)

    def _paint_empty(self, painter: QPainter) -> None:
        painter.setPen(QColor(self.palette().color(QPalette.ColorRole.PlaceholderText)))
        painter.setFont(self.font())
        area = self.viewport().rect().adjusted(24, 24, -24, -24)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(area, flags, self.current_empty_text() or "")

    def current_empty_text(self) -> str | None:
        """The message the viewport shows now, None when there are rows."""
        model = self.model()
        if model is not None and model.rowCount() > 0:
            return None
        if isinstance(model, ItemFilterModel) and model.is_filtering:
            source = model.sourceModel()
            if source is not None and source.rowCount() > 0:
                return tr(NO_MATCH_TEXT).format(model.filter_text)
        return self._empty_text

    # ------------------------------------------------------------------ internals

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._update_grid()
        if event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.PaletteChange,
        ):
            self._delegate.forget_faces()
            self._forget_ahead()

    def _update_grid(self) -> None:
        cell = self._delegate.cell_size(self.font())
        grid = cell + QSize(SPACING, SPACING)
        if grid != self.gridSize():
            self.setGridSize(grid)
            self.scheduleDelayedItemsLayout()
            self._forget_ahead()  # the faces drawn ahead have the old size

    def _thumbnail_arrived(self, key: str, *_reason: object) -> None:
        self._arrived.add(key)
        if not self._repaint_timer.isActive():
            self._repaint_timer.start()

    def _repaint_arrived(self) -> None:
        """Repaint the visible tiles whose thumbnails arrived (or failed) in the last burst,
        not the whole viewport: each tile repainted is a trip through the delegate, and a
        full repaint for every burst was most of the grid's paints while a gallery loads."""
        arrived, self._arrived = self._arrived, set()
        model = self.model()
        if model is None:
            return
        rows, _complete = self.rows_in_viewport()
        for row in rows:
            index = model.index(row, 0)
            if index.data(Role.THUMB_KEY) in arrived:
                self.update(index)
        self._draw_ahead_arrived(arrived)

    # ------------------------------------------------------------------ keeping the place

    def _keep_place(self, *_args: object) -> None:
        """Rows are about to be inserted, removed or moved: Qt lays a big grid out again in
        batches from the top, and meanwhile clamps the scroll bar to what is laid out, so
        at row 50,000 the view would jump to the top and stay there. The scroll position
        is noted here and kept while the layout arrives (`updateGeometries`), as Qt keeps
        it when a small grid is laid out at once."""
        value = self.verticalScrollBar().value()
        if self._keep is None and value > 0:
            self._keep = value

    def updateGeometries(self) -> None:
        super().updateGeometries()
        keep = self._keep
        if keep is None:
            return
        bar = self.verticalScrollBar()
        model = self.model()
        n = model.rowCount() if model is not None else 0
        if n == 0 or self.visualRect(model.index(n - 1, 0)).isValid():
            self._keep = None  # laid out to the end: the range is right again
        elif bar.maximum() < keep:
            bar.setMaximum(keep)  # not laid out that far yet
        bar.setValue(keep)

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        self._keep = None  # asked to show something: that wins over the place kept
        super().scrollTo(index, hint)

    def _forget_place(self, *_args: object) -> None:
        self._keep = None

    def _on_model_reset(self) -> None:
        self._call_shown_waiters(at_once=True)  # what they waited for is not shown any more
        self._keep = None
        self._stop_ahead()
        self._end_drag()
        if self._loader is not None:
            self._loader.cancel_pending()  # the old gallery's thumbnails are no longer wanted


def _failed_upload(index: QModelIndex) -> bool:
    return index.data(Role.ROW_KIND) == ROW_UPLOAD and bool(index.data(Role.UPLOAD_ERROR))
