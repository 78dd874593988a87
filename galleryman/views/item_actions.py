"""What the main window does for item actions: add files, video and text, delete, move to
top or bottom, edits from the panels, and the grid's context menu. A mixin of `MainWindow`,
kept apart so each module holds one idea; it uses the window's session, grid and panels."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from galleryman.core.bulk_edit import BulkEdit, plan_bulk_edit
from galleryman.core.images import collect_image_files
from galleryman.core.wording import count_of
from galleryman.views.media_dialogs import AddTextDialog, AddVideoDialog

if TYPE_CHECKING:
    from galleryman.views.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

IMAGE_FILTER = "Images (*.jpg *.jpeg *.png *.webp *.gif *.bmp *.tif *.tiff);;All files (*)"
ASK_ABOVE_FILES = 100  # a folder dropped by mistake can hold thousands of photos


class ItemActionsMixin(_Base):
    def selected_ids(self) -> list[str]:
        return self.grid.selected_ids()

    def _item_menu(self, pos: QPoint) -> None:
        a = self.actions_
        menu = QMenu(self)
        menu.addActions([a.move_to_top, a.move_to_bottom])
        menu.addSeparator()
        menu.addActions([a.add_files, a.add_video, a.add_text])
        menu.addSeparator()
        menu.addAction(a.delete_items)
        token = self.grid.failed_upload_at(self.grid.viewport().mapFromGlobal(pos))
        if token is not None:
            # Remove takes the selected failed tiles when the clicked one is among them.
            selected = self.grid.selected_failed_uploads()
            tokens = selected if token in selected else [token]
            retry = QAction("Retry Upload", menu)
            retry.triggered.connect(lambda: self._retry_upload(token))
            remove = QAction("Remove Upload", menu)
            remove.setToolTip("Drop the failed upload's tile; the file is not sent")
            remove.triggered.connect(lambda: self._remove_uploads(tokens))
            first = menu.actions()[0]
            menu.insertActions(first, [retry, remove])
            menu.insertSeparator(first)
        menu.popup(pos)

    def _retry_upload(self, token: str) -> None:
        if self.session is not None:
            self.session.retry_upload(token)

    def _remove_uploads(self, tokens: list[str]) -> None:
        if self.session is not None:
            for token in tokens:
                self.session.remove_upload(token)

    def move_selected(self, *, to_top: bool) -> None:
        ids = self.selected_ids()
        if self.session is None or not ids or self.proxy.is_filtering:
            return
        self.session.move_items(ids, 0 if to_top else self.session.items.item_count())

    def delete_selected_items(self) -> None:
        """Delete the selected items (after a question) and drop the selected failed upload
        tiles (nothing of them is on the server, so only they need no question)."""
        ids = self.selected_ids()
        failed = self.grid.selected_failed_uploads()
        if self.session is None or not (ids or failed):
            return
        if ids:
            noun = "this item" if len(ids) == 1 else f"these {len(ids)} items"
            answer = QMessageBox.question(
                self, "Delete items", f"Delete {noun} from the gallery? You can undo this."
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.session.delete_items(ids)
        self._remove_uploads(failed)

    def add_files_dialog(self) -> None:
        if self.current_gallery_id() is None:
            self.notifications.show_info("Open or create a gallery first.")
            return
        names, _ = QFileDialog.getOpenFileNames(self, "Add files", "", IMAGE_FILTER)
        if names:
            self._files_dropped([Path(n) for n in names], -1)

    def _files_dropped(self, paths: list[Path], dest_row: int) -> None:
        if self.session is None or self.current_gallery_id() is None:
            return
        files = collect_image_files(paths)
        if not files:
            self.notifications.show_info("No files to add in what was dropped.")
            return
        if len(files) > ASK_ABOVE_FILES:
            gallery = self.session.galleries.get(str(self.current_gallery_id()))
            name = gallery.name if gallery is not None and gallery.name else "this gallery"
            answer = QMessageBox.question(
                self,
                "Add files",
                f"Upload {count_of(len(files), 'file')} to “{name}”?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.session.add_files(files, dest_row)

    def add_video_dialog(self) -> None:
        if self.session is None or self.current_gallery_id() is None:
            return
        dialog = AddVideoDialog(self)
        if dialog.exec():
            self.session.add_item(dialog.item())

    def add_text_dialog(self) -> None:
        if self.session is None or self.current_gallery_id() is None:
            return
        dialog = AddTextDialog(self)
        if dialog.exec():
            self.session.add_item(dialog.item())

    def _item_edited(self, item_id: str, fields: dict[str, object]) -> None:
        if self.session is not None:
            names = ", ".join(fields)
            self.session.edit_item(item_id, dict(fields), f"Edit {names}")

    def _bulk_edit(self, edit: BulkEdit) -> None:
        if self.session is None:
            return
        items = [i for i in (self.session.item(x) for x in self.selected_ids()) if i]
        changes = plan_bulk_edit(items, edit)
        if not changes:
            self.notifications.show_info("Nothing to change in the selected items.")
            return
        self.session.bulk_edit(changes, f"Edit {len(changes)} items")

    def _item_saved(self, item_id: str, state: str, message: str) -> None:
        shown = self.item_panel.current_item_id()
        if shown and self.session and self.session.current_id(shown) == item_id:
            self.item_panel.set_status(state, message)
        if self.detail_stack.currentWidget() is self.bulk_panel:
            self.bulk_panel.set_status(state, message)
