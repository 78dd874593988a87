"""The panel that shows the selected gallery and renames it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from galleryman.core.i18n import number, tr
from galleryman.views.commit_fields import CommitLineEdit, ErrorLabel, ValueLabel, human_date
from galleryman.wix.models import Gallery


def _name_error(text: str) -> str | None:
    return None if text.strip() else tr("A gallery needs a name")


class GalleryPanel(QWidget):
    """Name (editable), id (with a copy button), item count and creation date."""

    rename_requested = Signal(str, str)  # gallery id, new name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Gallery details"))
        self._gallery: Gallery | None = None

        self.empty_label = QLabel(tr("No gallery selected"))
        self.empty_label.setAccessibleName(tr("No gallery selected"))
        self.name_edit = CommitLineEdit(accessible_name=tr("Gallery name"))
        self.name_edit.set_check(_name_error)
        self.name_error_label = ErrorLabel(self.name_edit)
        self.id_label = ValueLabel(tr("Gallery id"))
        self.copy_id_button = QToolButton()
        self.copy_id_button.setText(tr("Copy"))
        self.copy_id_button.setToolTip(tr("Copy the gallery id to the clipboard"))
        self.copy_id_button.setAccessibleName(tr("Copy gallery id"))
        self.count_label = ValueLabel(tr("Number of items"))
        self.created_label = ValueLabel(tr("Created"))

        name_box = QWidget()
        name_layout = QVBoxLayout(name_box)
        name_layout.setContentsMargins(0, 0, 0, 0)
        name_layout.addWidget(self.name_edit)
        name_layout.addWidget(self.name_error_label)
        id_box = QWidget()
        id_layout = QHBoxLayout(id_box)
        id_layout.setContentsMargins(0, 0, 0, 0)
        id_layout.addWidget(self.id_label, 1)
        id_layout.addWidget(self.copy_id_button)

        self._form_page = QWidget()
        form = QFormLayout(self._form_page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(tr("&Name"), name_box)
        form.addRow(tr("Id"), id_box)
        form.addRow(tr("Items"), self.count_label)
        form.addRow(tr("Created"), self.created_label)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self._form_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self._stack)
        layout.addStretch(1)

        self.name_edit.committed.connect(self._on_name)
        self.copy_id_button.clicked.connect(self.copy_id)

    def gallery(self) -> Gallery | None:
        return self._gallery

    def show_gallery(self, gallery: Gallery | None) -> None:
        """Shows a gallery (None: the empty state). A fresh copy of the same gallery leaves a
        name the user is typing alone."""
        same = gallery is not None and self._gallery is not None and gallery.id == self._gallery.id
        if not same:
            self.commit_pending()  # a name typed for the gallery shown until now
        self._gallery = gallery
        if gallery is None:
            self._stack.setCurrentWidget(self.empty_label)
            return
        self.name_edit.set_committed_text(gallery.name or "", keep_edit=same)
        self.id_label.setText(gallery.id or "—")
        self.copy_id_button.setEnabled(bool(gallery.id))
        count = gallery.total_items if gallery.total_items is not None else len(gallery.items)
        self.count_label.setText(number(count))
        self.created_label.setText(human_date(gallery.created_date))
        self._stack.setCurrentWidget(self._form_page)

    def commit_pending(self) -> None:
        """Commits a name typed and not yet committed (before another gallery is shown, or
        an undo runs)."""
        if self._gallery is not None and self.name_edit.is_dirty():
            self.name_edit.commit()

    def copy_id(self) -> None:
        if self._gallery is not None and self._gallery.id:
            QGuiApplication.clipboard().setText(self._gallery.id)

    def _on_name(self, text: str) -> None:
        gallery = self._gallery
        name = text.strip()
        if gallery is None or not gallery.id or name == (gallery.name or ""):
            return
        self.rename_requested.emit(gallery.id, name)
