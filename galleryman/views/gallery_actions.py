"""What the main window does for gallery actions: new, clone, rename, delete, the sidebar's
context menu, and following the selected gallery. A mixin of `MainWindow`, kept apart so
each module holds one idea; it uses the window's session, sidebar and panels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from galleryman.core.wording import count_of

if TYPE_CHECKING:
    from galleryman.views.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class GalleryActionsMixin(_Base):
    def _galleries_loaded(self) -> None:
        session = self.session
        if session is None:
            return
        self.sidebar.set_loaded(True)
        wanted = session.gallery_id or self.settings.last_gallery_for(session.profile.key)
        row = session.galleries.row_of(wanted) if wanted else -1
        if row < 0 and session.galleries.rowCount() > 0:
            row = 0
        if row >= 0:
            self.sidebar.view.setCurrentIndex(session.galleries.index(row))
        self._update_details()

    def _gallery_data_changed(self, *_args: object) -> None:
        gallery_id = self.current_gallery_id()
        if self.session is not None and gallery_id is not None:
            self.gallery_panel.show_gallery(self.session.galleries.get(gallery_id))

    def _gallery_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.session is None:
            return
        gallery = self.session.galleries.gallery_at(current.row()) if current.isValid() else None
        gallery_id = str(gallery.id) if gallery else None
        if gallery_id:
            self.settings.set_last_gallery_for(self.session.profile.key, gallery_id)
        if self.loader is not None and gallery_id != self.session.gallery_id:
            self.loader.cancel_pending()
        self.session.open_gallery(gallery_id)
        self._update_details()

    def current_gallery_id(self) -> str | None:
        return self.session.gallery_id if self.session else None

    def new_gallery(self) -> None:
        if self.session is None:
            return
        name, ok = QInputDialog.getText(self, "New gallery", "Name:", text="New gallery")
        if ok and name.strip():
            self.session.create_gallery(name.strip(), self._select_gallery)

    def clone_gallery(self) -> None:
        gallery_id = self.current_gallery_id()
        if self.session is None or gallery_id is None:
            return
        source = self.session.galleries.get(gallery_id)
        suggested = f"Copy of {source.name if source and source.name else 'gallery'}"
        name, ok = QInputDialog.getText(self, "Clone gallery", "Name of the copy:", text=suggested)
        if ok and name.strip():
            self.session.clone_gallery(gallery_id, name.strip(), self._select_gallery)

    def _select_gallery(self, gallery: object) -> None:
        if self.session is not None:
            row = self.session.galleries.row_of(str(getattr(gallery, "id", "")))
            if row >= 0:
                self.sidebar.view.setCurrentIndex(self.session.galleries.index(row))

    def rename_gallery(self) -> None:
        index = self.sidebar.view.currentIndex()
        if index.isValid():
            self.sidebar.view.edit(index)

    def _rename_from_panel(self, gallery_id: str, name: str) -> None:
        if self.session is not None:
            self.session.rename_gallery_undoable(gallery_id, name)

    def delete_gallery(self) -> None:
        gallery_id = self.current_gallery_id()
        if self.session is None or gallery_id is None:
            return
        gallery = self.session.galleries.get(gallery_id)
        count = gallery.total_items if gallery and gallery.total_items is not None else 0
        name = gallery.name if gallery and gallery.name else "this gallery"
        noun = count_of(count, "item")
        answer = QMessageBox.warning(
            self,
            "Delete gallery",
            f"Delete “{name}” and its {noun}? This cannot be undone.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.delete_gallery(gallery_id)

    def _gallery_menu(self, pos: QPoint) -> None:
        a = self.actions_
        menu = QMenu(self)
        menu.addActions([a.new_gallery, a.clone_gallery, a.rename_gallery, a.delete_gallery])
        menu.addSeparator()
        menu.addAction(a.refresh)
        menu.popup(pos)
