"""The galleries sidebar: the site's galleries in order with their item counts, renamed in
place (F2), reordered by drag and drop, with an empty state that offers "New gallery"."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragMoveEvent, QDropEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from galleryman.core.i18n import number, tr
from galleryman.models.gallery_list import GALLERY_MIME, ITEM_COUNT_ROLE, GalleryListModel


def replace_model(view: QAbstractItemView, model: QAbstractItemModel | None) -> None:
    """`view.setModel(model)`, deleting the selection model made for the old one: Qt leaves
    that to the caller, and a window that switches sites many times would pile them up."""
    old_selection = view.selectionModel()
    view.setModel(model)
    if old_selection is not None and old_selection is not view.selectionModel():
        old_selection.deleteLater()


class GalleryDelegate(QStyledItemDelegate):
    """Name on the left (elided), item count on the right in a muted colour."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        count = index.data(ITEM_COUNT_ROLE)
        text = "" if count is None else number(count)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        count_width = opt.fontMetrics.horizontalAdvance(text) + 12 if text else 0
        name = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = opt.rect.adjusted(8, 0, -8, 0)
        name_rect = QRect(rect.left(), rect.top(), rect.width() - count_width, rect.height())
        elided = opt.fontMetrics.elidedText(name, Qt.TextElideMode.ElideRight, name_rect.width())
        painter.save()
        painter.setPen(opt.palette.color(group, text_role))
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter, elided)
        if text:
            muted = opt.palette.color(group, text_role)
            muted.setAlpha(150)
            painter.setPen(muted)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text
            )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        # No width of its own: a long name is elided to the list's width instead of widening
        # the rows, which brought a horizontal scroll bar and pushed the counts out of view.
        size = super().sizeHint(option, index)
        return QSize(0, max(size.height(), option.fontMetrics.height() + 14))


class GalleryListView(QListView):
    """Drops compute the destination row themselves, so the model gets a clear request."""

    context_menu_requested = Signal(QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Galleries"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)  # F2
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setItemDelegate(GalleryDelegate(self))
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: self.context_menu_requested.emit(self.viewport().mapToGlobal(pos))
        )

    def drop_row_at(self, pos: QPoint) -> int:
        index = self.indexAt(pos)
        if not index.isValid():
            return self.model().rowCount()
        rect = self.visualRect(index)
        return index.row() + (1 if pos.y() > rect.center().y() else 0)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(GALLERY_MIME):
            super().dragMoveEvent(event)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        model = self.model()
        if not isinstance(model, GalleryListModel) or not event.mimeData().hasFormat(GALLERY_MIME):
            event.ignore()
            return
        row = self.drop_row_at(event.position().toPoint())
        model.dropMimeData(event.mimeData(), Qt.DropAction.MoveAction, row, 0, QModelIndex())
        # Accept as a copy so the view does not also remove the dragged row itself.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()


class GallerySidebar(QWidget):
    new_gallery_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = GalleryListView(self)
        self.empty = QWidget(self)
        empty_label = QLabel(tr("No galleries yet"), self.empty)
        empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_label.setWordWrap(True)
        self.empty_button = QPushButton(tr("New gallery"), self.empty)
        self.empty_button.setAccessibleName(tr("Create the first gallery"))
        self.empty_button.clicked.connect(self.new_gallery_requested)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch()
        empty_layout.addWidget(empty_label)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch()
        # Until the site has answered, the list is empty for another reason than "none".
        self.waiting_label = QLabel(tr("Loading galleries…"), self)
        self.waiting_label.setAccessibleName(tr("Galleries status"))
        self.waiting_label.setTextFormat(Qt.TextFormat.PlainText)
        self.waiting_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting_label.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.waiting_label)
        title = QLabel(tr("Galleries"), self)
        title.setStyleSheet("font-weight: 600; padding: 6px 4px 2px 4px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(title)
        layout.addWidget(self.stack)
        self._loaded = False
        self.no_galleries = GalleryListModel(self)  # shown while no site is open
        self.set_model(self.no_galleries)

    def set_model(self, model: GalleryListModel) -> None:
        """Show another site's galleries; the empty state follows the new model."""
        old = self.view.model()
        if old is not None:
            for signal in (old.rowsInserted, old.rowsRemoved, old.modelReset):
                signal.disconnect(self._update_empty_state)
        replace_model(self.view, model)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._update_empty_state)
        self._loaded = False
        self._update_empty_state()

    def set_loaded(self, loaded: bool) -> None:
        """Before the first answer the list is empty for a different reason than "none"."""
        self._loaded = loaded
        self.waiting_label.setText(tr("Loading galleries…"))
        self._update_empty_state()

    def set_failed(self, message: str) -> None:
        """The galleries could not be listed; what is shown (if anything) may be stale."""
        self.waiting_label.setText(message)
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        rows = self.view.model().rowCount()
        if rows:
            self.stack.setCurrentWidget(self.view)
        elif self._loaded:
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.waiting_label)
