"""What the main window does for item actions: add files, video and text, delete, move to
top or bottom, edits from the panels, and the grid's context menu. An object holding the
window, so each module holds one idea and the type checker can follow every attribute."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from galleryman import settings as opts
from galleryman.core.bulk_edit import BulkEdit, apply_fields, describe_fields, plan_bulk_edit
from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.core.images import collect_image_files
from galleryman.models.roles import display_title
from galleryman.views.media_dialogs import AddTextDialog, AddVideoDialog
from galleryman.views.plain_text import YES_NO, ask
from galleryman.wix.models import Item

if TYPE_CHECKING:
    from galleryman.views.main_window import MainWindow

IMAGE_PATTERNS = "*.jpg *.jpeg *.png *.webp *.gif *.bmp *.tif *.tiff"
IMAGE_FILTER = QT_TR_NOOP("Images ({patterns});;All files (*)")
ASK_ABOVE_FILES = 100  # a folder dropped by mistake can hold thousands of photos


class ItemActions:
    def __init__(self, window: MainWindow) -> None:
        self._w = window

    def item_menu(self, pos: QPoint) -> None:
        w = self._w
        a = w.actions_
        menu = QMenu(w)
        menu.addActions([a.move_to_top, a.move_to_bottom])
        menu.addSeparator()
        menu.addActions([a.add_files, a.add_video, a.add_text])
        menu.addSeparator()
        menu.addAction(a.delete_items)
        token = w.grid.failed_upload_at(w.grid.viewport().mapFromGlobal(pos))
        if token is not None:
            # Remove takes the selected failed tiles when the clicked one is among them.
            selected = w.grid.selected_failed_uploads()
            tokens = selected if token in selected else [token]
            retry = QAction(tr("Retry Upload"), menu)
            retry.triggered.connect(lambda: self.retry_upload(token))
            remove = QAction(tr("Remove Upload"), menu)
            remove.setToolTip(tr("Drop the failed upload's tile; the file is not sent"))
            remove.triggered.connect(lambda: self.remove_uploads(tokens))
            first = menu.actions()[0]
            menu.insertActions(first, [retry, remove])
            menu.insertSeparator(first)
        menu.popup(pos)

    def retry_upload(self, token: str) -> None:
        if self._w.session is not None:
            self._w.session.retry_upload(token)

    def remove_uploads(self, tokens: list[str]) -> None:
        if self._w.session is not None:
            for token in tokens:
                self._w.session.remove_upload(token)

    def move_selected(self, *, to_top: bool) -> None:
        w = self._w
        ids = w.selected_ids()
        if w.session is None or not ids or w.is_filtering():
            return
        w.session.move_items(ids, 0 if to_top else w.session.items.rowCount())

    def delete_selected_items(self) -> None:
        """Delete the selected items (after a question) and drop the selected failed upload
        tiles (nothing of them is on the server, so only they need no question)."""
        w = self._w
        ids = w.selected_ids()
        failed = w.grid.selected_failed_uploads()
        if w.session is None or not (ids or failed):
            return
        if ids:
            answer = ask(
                w,
                tr("Delete items"),
                tr("Delete this item from the gallery? You can undo this.")
                if len(ids) == 1
                else tr(
                    "Delete these %Ln items from the gallery? You can undo this.", "", len(ids)
                ),
                YES_NO,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            w.session.delete_items(ids)
        self.remove_uploads(failed)

    def add_files_dialog(self) -> None:
        w = self._w
        if w.current_gallery_id() is None:
            w.notifications.show_info(tr("Open or create a gallery first."))
            return
        filters = tr(IMAGE_FILTER).format(patterns=IMAGE_PATTERNS)
        names, _ = QFileDialog.getOpenFileNames(w, tr("Add files"), self._start_folder(), filters)
        if names:
            w.settings.set(opts.LAST_ADD_FOLDER, str(Path(names[0]).parent))
            self.files_dropped([Path(n) for n in names], -1)

    def _start_folder(self) -> str:
        """The folder files were last added from, else the user's Pictures folder."""
        last = self._w.settings.get(opts.LAST_ADD_FOLDER)
        if last and Path(last).is_dir():
            return last
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        return pictures if pictures and Path(pictures).is_dir() else str(Path.home())

    def files_dropped(self, paths: list[Path], dest_row: int) -> None:
        w = self._w
        if w.session is None or w.current_gallery_id() is None:
            return
        files = collect_image_files(paths)
        if not files:
            w.notifications.show_info(tr("No files to add in what was dropped."))
            return
        if len(files) > ASK_ABOVE_FILES:
            gallery = w.session.galleries.get(str(w.current_gallery_id()))
            name = gallery.name if gallery is not None and gallery.name else tr("this gallery")
            answer = ask(
                w,
                tr("Add files"),
                tr("Upload %Ln file(s) to “{name}”?", "", len(files)).format(name=name),
                YES_NO,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        w.session.add_files(files, dest_row)

    def add_video_dialog(self) -> None:
        w = self._w
        if w.session is None or w.current_gallery_id() is None:
            return
        dialog = AddVideoDialog(w)
        if dialog.exec():
            w.session.add_item(dialog.item())

    def add_text_dialog(self) -> None:
        w = self._w
        if w.session is None or w.current_gallery_id() is None:
            return
        dialog = AddTextDialog(w)
        if dialog.exec():
            w.session.add_item(dialog.item())

    def item_edited(self, item_id: str, fields: dict[str, object], before: Item) -> None:
        session = self._w.session
        if session is None:
            return
        item = session.editable_item(item_id)
        if item is None:
            # A listing found it deleted on the site while the panel showed it: the typing
            # cannot be saved, and must not vanish unsaid.
            self._w.notifications.show_error(edit_not_saved(before, dict(fields)))
            return
        what = describe_fields(item, dict(fields))
        what_of = tr("Edit {fields} of “{title}”").format(fields=what, title=display_title(item))
        session.edit_item(item_id, dict(fields), what_of)

    def bulk_edit(self, edit: BulkEdit) -> None:
        w = self._w
        if w.session is None:
            return
        items = [i for i in (w.session.item(x) for x in w.selected_ids()) if i]
        changes = plan_bulk_edit(items, edit)
        if not changes:
            w.notifications.show_info(tr("Nothing to change in the selected items."))
            return
        w.session.bulk_edit(changes, tr("Edit %Ln item(s)", "", len(changes)))

    def item_saved(self, item_id: str, state: str, message: str) -> None:
        w = self._w
        shown = w.item_panel.current_item_id()
        if shown and w.session and w.session.current_id(shown) == item_id:
            w.item_panel.set_status(state, message)
        if w.detail_stack.currentWidget() is w.bulk_panel:
            w.bulk_panel.set_status(state, message)


def edit_not_saved(before: Item, fields: dict[str, object]) -> str:
    """The sentence for an edit whose item left the gallery before it could be saved, with
    the text typed (a title, description or alt text), so the user can use it again."""
    after = apply_fields(before, fields)
    info = after.image.image_info if after.image is not None else None
    typed = [
        text
        for text in (
            after.title if "title" in fields else None,
            after.description if "description" in fields else None,
            info.alt_text if info is not None and "image" in fields else None,
        )
        if text
    ]
    said = tr("“{title}” is no longer in this gallery, so its new {fields} was not saved.").format(
        title=display_title(before), fields=describe_fields(before, fields)
    )
    if typed:
        said += " " + tr("You typed: {text}").format(text="; ".join(f"“{t}”" for t in typed))
    return said
