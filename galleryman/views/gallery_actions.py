"""What the main window does for gallery actions: new, clone, rename, delete, the sidebar's
context menu, and following the selected gallery. An object holding the window, so each
module holds one idea and the type checker can follow every attribute it uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from galleryman.core.i18n import tr
from galleryman.views.plain_text import ask
from galleryman.wix.models import Gallery

if TYPE_CHECKING:
    from galleryman.views.main_window import MainWindow


class GalleryActions:
    def __init__(self, window: MainWindow) -> None:
        self._w = window

    def galleries_loaded(self) -> None:
        w = self._w
        session = w.session
        if session is None:
            return
        w.sidebar.set_loaded(True)
        wanted = session.gallery_id or w.settings.last_gallery_for(session.profile.key)
        row = session.galleries.row_of(wanted) if wanted else -1
        if row < 0 and session.galleries.rowCount() > 0:
            row = 0
        if row >= 0:
            w.sidebar.view.setCurrentIndex(session.galleries.index(row))
        w.update_details()

    def gallery_data_changed(self, *_args: object) -> None:
        w = self._w
        gallery_id = w.current_gallery_id()
        if w.session is not None and gallery_id is not None:
            w.gallery_panel.show_gallery(w.session.galleries.get(gallery_id))

    def gallery_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        w = self._w
        session = w.session
        if session is None:
            return
        gallery = session.galleries.gallery_at(current.row()) if current.isValid() else None
        gallery_id = str(gallery.id) if gallery else None
        if gallery_id:
            w.settings.set_last_gallery_for(session.profile.key, gallery_id)
        if w.loader is not None and gallery_id != session.gallery_id:
            w.loader.cancel_pending()
        session.open_gallery(gallery_id)
        w.update_details()

    def new_gallery(self) -> None:
        w = self._w
        if w.session is None:
            return
        name, ok = QInputDialog.getText(w, tr("New gallery"), tr("Name:"), text=tr("New gallery"))
        if ok and name.strip():
            w.session.create_gallery(name.strip(), self.select_gallery)

    def clone_gallery(self) -> None:
        w = self._w
        gallery_id = w.current_gallery_id()
        if w.session is None or gallery_id is None:
            return
        source = w.session.galleries.get(gallery_id)
        original = source.name if source and source.name else tr("gallery")
        suggested = tr("Copy of {name}").format(name=original)
        name, ok = QInputDialog.getText(
            w, tr("Clone gallery"), tr("Name of the copy:"), text=suggested
        )
        if ok and name.strip():
            w.session.clone_gallery(gallery_id, name.strip(), self.select_gallery)

    def select_gallery(self, gallery: Gallery) -> None:
        w = self._w
        if w.session is not None:
            row = w.session.galleries.row_of(str(gallery.id))
            if row >= 0:
                w.sidebar.view.setCurrentIndex(w.session.galleries.index(row))

    def rename_gallery(self) -> None:
        view = self._w.sidebar.view
        index = view.currentIndex()
        if index.isValid():
            view.edit(index)

    def rename_from_panel(self, gallery_id: str, name: str) -> None:
        if self._w.session is not None:
            self._w.session.rename_gallery_undoable(gallery_id, name)

    def delete_gallery(self) -> None:
        w = self._w
        gallery_id = w.current_gallery_id()
        if w.session is None or gallery_id is None:
            return
        gallery = w.session.galleries.get(gallery_id)
        count = gallery.total_items if gallery and gallery.total_items is not None else 0
        name = gallery.name if gallery and gallery.name else tr("this gallery")
        answer = ask(
            w,
            tr("Delete gallery"),
            tr("Delete “{name}” and its %Ln item(s)? This cannot be undone.", "", count).format(
                name=name
            ),
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes,
            QMessageBox.StandardButton.Cancel,
            QMessageBox.Icon.Warning,
        )
        if answer == QMessageBox.StandardButton.Yes:
            w.session.delete_gallery(gallery_id)

    def gallery_menu(self, pos: QPoint) -> None:
        w = self._w
        a = w.actions_
        menu = QMenu(w)
        menu.addActions([a.new_gallery, a.clone_gallery, a.rename_gallery, a.delete_gallery])
        menu.addSeparator()
        menu.addAction(a.refresh)
        menu.popup(pos)
