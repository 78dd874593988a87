"""The panel that edits one gallery item.

Each committed field becomes `edit_committed(item_id, fields, before)`, where `fields` is
ready for `WixClient.update_item` (built by `galleryman.core.bulk_edit`, which sends nested
objects complete) and `before` is the item as the panel showed it until then. The panel
shows the edit at once and the main window sends it; when the server answers, `refresh_item`
brings in its copy without disturbing a field the user is typing in. The session's model
shows an edit at once too, so a `refresh_item` with the edited values can come while the
commit is still being handled. When a save fails (`set_status("failed")`), the next
`refresh_item` brings the server's value back as the saved one, and what the user typed
stays in the field as an unsaved edit: nothing typed is lost, and Enter sends it again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from galleryman.core import bulk_edit as edits
from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.views.commit_fields import (
    CommitLineEdit,
    CommitTextEdit,
    ErrorLabel,
    StatusLine,
    ValueLabel,
    human_date,
)
from galleryman.views.focal_point import FocalPointPreview
from galleryman.views.media_dialogs import SafePreview
from galleryman.wix.models import Item

# The labels are translated where they are shown: tr(label).
TARGETS = ((QT_TR_NOOP("Open in new tab"), "_blank"), (QT_TR_NOOP("Open in same tab"), "_self"))


def _text_of(field: CommitLineEdit | CommitTextEdit) -> str:
    return field.text() if isinstance(field, CommitLineEdit) else field.toPlainText()


def _put_text(field: CommitLineEdit | CommitTextEdit, text: str) -> None:
    """Shows `text` in the field as unsaved typing (its saved value stays as it is)."""
    if isinstance(field, CommitLineEdit):
        field.setText(text)
    else:
        field.setPlainText(text)


def _with_error(field: CommitLineEdit | CommitTextEdit) -> tuple[QWidget, ErrorLabel]:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    error = ErrorLabel(field)
    layout.addWidget(field)
    layout.addWidget(error)
    box.setFocusProxy(field)  # the row label's &-shortcut focuses the field, not the box
    return box, error


class ItemPanel(QWidget):
    """Edits the title, description, alt text, link, tags, focal point and media of an item."""

    edit_committed = Signal(str, dict, object)  # item id, update_item fields, the item before

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Item details"))
        self._item: Item | None = None
        # What each field held after the user last committed it (for the item shown), and
        # whether the next refresh follows a failed save.
        self._typed: dict[CommitLineEdit | CommitTextEdit, str] = {}
        self._after_failure = False
        # The focal point last given to the preview: a refresh that brings the same one keeps a
        # keyboard move not yet committed (the window refreshes on many unrelated changes).
        self._shown_focal_point: tuple[float, float] | None = None

        self.status = StatusLine()
        self.empty_label = QLabel(tr("Select an item to edit it"))
        self.empty_label.setAccessibleName(tr("No item selected"))
        self._build_fields()
        self._stack = QStackedWidget()
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self._form_page)
        self._stack.currentChanged.connect(self._size_to_page)
        self._size_to_page()

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self._stack)
        layout.addStretch(1)
        self._connect()

    # -------------------------------------------------------------------------------- build

    def _build_fields(self) -> None:
        self.preview = FocalPointPreview()
        self.title_edit = CommitLineEdit(accessible_name=tr("Title"))
        self.description_edit = CommitTextEdit(accessible_name=tr("Description"))
        self.description_edit.setMaximumHeight(110)
        self.alt_text_edit = CommitLineEdit(accessible_name=tr("Alt text"))
        self.alt_text_edit.setPlaceholderText(tr("Describe the image for screen readers"))
        self.link_url_edit = CommitLineEdit(accessible_name=tr("Link URL"))
        self.link_url_edit.setPlaceholderText(tr("https://…, mailto:… or tel:…"))
        self.link_url_edit.set_check(lambda text: text.strip() and edits.link_url_error(text))
        self.link_text_edit = CommitLineEdit(accessible_name=tr("Link text"))
        self.link_target_combo = QComboBox()
        self.link_target_combo.setAccessibleName(tr("Link opens in"))
        for label, target in TARGETS:
            self.link_target_combo.addItem(tr(label), target)
        self.tags_edit = CommitLineEdit(accessible_name=tr("Tags"))
        self.tags_edit.setPlaceholderText(tr("Comma-separated"))
        self.focal_label = ValueLabel(tr("Focal point coordinates"))
        self.video_url_edit = CommitLineEdit(accessible_name=tr("Video URL"))
        self.video_url_edit.setPlaceholderText(tr("YouTube or Vimeo address"))
        self.video_url_edit.set_check(edits.video_url_error)
        self.html_edit = CommitTextEdit(accessible_name=tr("Text HTML"))
        self.html_edit.setMaximumHeight(140)
        self.html_edit.set_check(edits.html_error)  # the server refuses blank HTML
        # The Add Text dialog's preview: reads nothing the HTML names, local or remote.
        self.html_preview = SafePreview()
        self.html_preview.setAccessibleName(tr("Text preview"))
        self.html_preview.setMaximumHeight(140)
        self.id_label = ValueLabel(tr("Item id"))
        self.media_id_label = ValueLabel(tr("Media id"))
        self.dimensions_label = ValueLabel(tr("Dimensions"))
        self.created_label = ValueLabel(tr("Created"))
        self.updated_label = ValueLabel(tr("Updated"))

        self._form_page = QWidget()
        form = self._form = QFormLayout(self._form_page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._link_box, self.link_url_error_label = _with_error(self.link_url_edit)
        self._video_box, self.video_url_error_label = _with_error(self.video_url_edit)
        self._html_box, self.html_error_label = _with_error(self.html_edit)
        form.addRow(self.preview)
        form.addRow(tr("&Title"), self.title_edit)
        form.addRow(tr("&Description"), self.description_edit)
        form.addRow(tr("&Alt text"), self.alt_text_edit)
        form.addRow(tr("&Video URL"), self._video_box)
        form.addRow(tr("&HTML"), self._html_box)
        form.addRow(tr("Text preview"), self.html_preview)
        form.addRow(tr("&Link URL"), self._link_box)
        form.addRow(tr("Link te&xt"), self.link_text_edit)
        form.addRow(tr("Link &opens"), self.link_target_combo)
        form.addRow(tr("Ta&gs"), self.tags_edit)
        form.addRow(tr("Focal point"), self.focal_label)
        form.addRow(tr("Id"), self.id_label)
        form.addRow(tr("Media id"), self.media_id_label)
        form.addRow(tr("Dimensions"), self.dimensions_label)
        form.addRow(tr("Created"), self.created_label)
        form.addRow(tr("Updated"), self.updated_label)

    def _connect(self) -> None:
        self.title_edit.committed.connect(
            lambda text: self._emit(edits.scalar_fields(self._current(), "title", text))
        )
        self.description_edit.committed.connect(
            lambda text: self._emit(edits.scalar_fields(self._current(), "description", text))
        )
        self.alt_text_edit.committed.connect(
            lambda text: self._emit(edits.alt_text_fields(self._current(), text))
        )
        self.link_url_edit.committed.connect(self._on_link_url)
        self.link_text_edit.committed.connect(self._on_link_text)
        self.link_target_combo.activated.connect(self._on_link_target)
        self.tags_edit.committed.connect(self._on_tags)
        self.preview.focal_point_picked.connect(
            lambda x, y: self._emit(edits.focal_point_fields(self._current(), x, y))
        )
        self.video_url_edit.committed.connect(self._on_video_url)
        self.html_edit.committed.connect(
            lambda text: self._emit(edits.html_fields(self._current(), text))
        )
        self.html_edit.textChanged.connect(
            lambda: self.html_preview.setHtml(self.html_edit.toPlainText())
        )
        for field in self._text_fields():  # after the handlers above, which may tidy the text
            field.committed.connect(lambda _text, f=field: self._note_commit(f))

    # ---------------------------------------------------------------------------- public

    def item(self) -> Item | None:
        """The item as shown, including edits committed but not yet confirmed by the server."""
        return self._item

    def current_item_id(self) -> str | None:
        return self._item.id if self._item is not None else None

    def show_item(self, item: Item | None, preview: QPixmap | None = None) -> None:
        """Shows another item (or the empty state), committing what was typed for the last.
        Showing the item already shown again acts like `refresh_item` (typing is kept)."""
        same = item is not None and self._item is not None and item.id == self._item.id
        if not same:
            if self._item is not None:
                self.commit_pending()
            self.status.set_status("idle")
            self._typed.clear()
            self._after_failure = False
        self._item = item
        if preview is not None or not same:  # the same item again may come without a preview
            self.preview.set_pixmap(preview)
        if item is None:
            self._stack.setCurrentWidget(self.empty_label)
            return
        self._fill(item, keep_edit=same)
        self._stack.setCurrentWidget(self._form_page)

    def _size_to_page(self, *_index: int) -> None:
        """A stacked widget is as tall as its tallest page; size it to the page shown, so the
        empty state does not come with a scroll bar."""
        for page in (self.empty_label, self._form_page):
            policy = QSizePolicy.Policy.Preferred
            if page is not self._stack.currentWidget():
                policy = QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self._stack.adjustSize()

    def set_preview(self, pixmap: QPixmap | None) -> None:
        self.preview.set_pixmap(pixmap)

    def preview_pixels(self) -> int:
        """The longest side of the preview in device pixels: the size worth fetching."""
        side = max(self.preview.width(), self.preview.height(), self.preview.minimumWidth())
        return round(side * self.preview.devicePixelRatioF())

    def refresh_item(self, item: Item) -> None:
        """The server's copy of the shown item; fields with unsaved typing keep it. After a
        failed save, a field still showing what the user committed keeps that text, unsaved,
        while the item and the field's saved value are the server's. A focal point moved with
        the keyboard and not yet committed stays unless the server's focal point changed."""
        if self._item is None or item.id != self._item.id:
            return
        kept: dict[CommitLineEdit | CommitTextEdit, str] = {}
        if self._after_failure:
            kept = {f: t for f, t in self._typed.items() if _text_of(f) == t}
            self._after_failure = False
        self._item = item
        self._fill(item, keep_edit=True)
        for field, text in kept.items():
            if field.committed_text() != text:
                _put_text(field, text)

    def set_status(self, state: str, message: str = "") -> None:
        """ "idle", "saving", "saved" or "failed" (with the reason)."""
        self._after_failure = state == "failed"
        self.status.set_status(state, message)

    def edit_title(self) -> None:
        """F2 on a photo: its title, ready to type over."""
        if self._item is not None:
            self.title_edit.setFocus()
            self.title_edit.selectAll()

    def commit_pending(self) -> None:
        """Commits every field that holds unsaved text (e.g. before another item is shown)."""
        for field in self._text_fields():
            if field.isVisibleTo(self) and field.is_dirty():
                field.commit()

    def _text_fields(self) -> tuple[CommitLineEdit | CommitTextEdit, ...]:
        return (
            self.title_edit,
            self.description_edit,
            self.alt_text_edit,
            self.video_url_edit,
            self.html_edit,
            self.link_url_edit,
            self.link_text_edit,
            self.tags_edit,
        )

    def _note_commit(self, field: CommitLineEdit | CommitTextEdit) -> None:
        self._typed[field] = field.committed_text()

    # --------------------------------------------------------------------------- filling

    def _fill(self, item: Item, *, keep_edit: bool) -> None:
        kind = item.media_type
        info = item.image.image_info if item.image is not None else None
        video_info = item.video.video_info if item.video is not None else None
        self.title_edit.set_committed_text(item.title or "", keep_edit=keep_edit)
        self.description_edit.set_committed_text(item.description or "", keep_edit=keep_edit)
        alt = info.alt_text if info is not None else None
        self.alt_text_edit.set_committed_text(alt or "", keep_edit=keep_edit)
        link = item.link
        url, text = (link.url or "", link.text or "") if link is not None else ("", "")
        self.link_url_edit.set_committed_text(url, keep_edit=keep_edit)
        self.link_text_edit.set_committed_text(text, keep_edit=keep_edit)
        if link is not None or not keep_edit:
            target = (link.target if link is not None else None) or edits.DEFAULT_LINK_TARGET
            index = self.link_target_combo.findData(target)
            self.link_target_combo.setCurrentIndex(max(index, 0))
        self.tags_edit.set_committed_text(edits.format_tags(item.tag_values), keep_edit=keep_edit)
        video_url = video_info.url if video_info is not None else None
        self.video_url_edit.set_committed_text(video_url or "", keep_edit=keep_edit)
        self.html_edit.set_committed_text(item.text.html if item.text else "", keep_edit=keep_edit)
        self.html_preview.setHtml(self.html_edit.toPlainText())

        point = item.image.focal_point if item.image is not None else None
        shown = (point.x, point.y) if point is not None else None
        if not keep_edit or shown != self._shown_focal_point:  # else keep a keyboard move
            self.preview.set_focal_point(shown)
        self._shown_focal_point = shown
        if point is not None:
            locale = QLocale()
            self.focal_label.setText(
                tr("x {x}, y {y}").format(
                    x=locale.toString(point.x, "f", 2), y=locale.toString(point.y, "f", 2)
                )
            )
        else:
            self.focal_label.setText(tr("Centre (default)"))
        self.id_label.setText(item.id or "—")
        self.media_id_label.setText(item.media_id or "—")
        known = item.width is not None and item.height is not None
        self.dimensions_label.setText(f"{item.width} × {item.height}" if known else "—")
        self.created_label.setText(human_date(item.created_date))
        self.updated_label.setText(human_date(item.updated_date))

        is_image, is_text = kind == "IMAGE", kind == "TEXT"
        # A field shows only where an edit of it can be made: an item the site sent without
        # the object it edits (an image without imageInfo, a VIDEO or TEXT type without its
        # video or text) would take the typing, show it as saved and send nothing.
        for widget, visible in (
            (self.preview, is_image),
            (self.alt_text_edit, info is not None),
            (self.focal_label, is_image),
            (self.media_id_label, is_image),
            (self._video_box, item.video is not None),
            (self._html_box, item.text is not None),
            (self.html_preview, is_text),
            (self.dimensions_label, known),
        ):
            self._form.setRowVisible(widget, visible)

    # ------------------------------------------------------------------------------ edits

    def _current(self) -> Item:
        assert self._item is not None, "a field committed with no item shown"
        return self._item

    def _emit(self, fields: dict[str, Any] | None) -> None:
        item = self._item
        if not fields or item is None or not item.id:
            return
        # Show the edit right away; refresh_item later brings the server's copy.
        self._item = edits.apply_fields(item, fields)
        self._fill(self._item, keep_edit=True)
        self.edit_committed.emit(item.id, fields, item)

    def _target(self) -> str:
        return str(self.link_target_combo.currentData())

    def _on_link_url(self, url: str) -> None:
        item = self._current()
        if not url.strip():
            self._emit(edits.link_fields(item, ""))
            return
        # Text and target typed before there was a URL go along with it.
        text = self.link_text_edit.text()
        self.link_text_edit.set_committed_text(text)
        self._emit(edits.link_fields(item, url, text, self._target()))
        self.link_url_edit.set_committed_text(url.strip())

    def _on_link_text(self, text: str) -> None:
        item = self._current()
        if item.link is not None and item.link.url:
            self._emit(edits.link_fields(item, item.link.url, text, None))

    def _on_link_target(self, _index: int) -> None:
        item = self._current()
        if item.link is not None and item.link.url:
            self._emit(edits.link_fields(item, item.link.url, None, self._target()))

    def _on_video_url(self, text: str) -> None:
        self._emit(edits.video_url_fields(self._current(), text))
        # Shown as stored, with the https:// the check let the user leave out.
        self.video_url_edit.set_committed_text(edits.normalized_video_url(text))

    def _on_tags(self, text: str) -> None:
        values = edits.parse_tags(text)
        self._emit(edits.tags_fields(self._current(), values))
        self.tags_edit.set_committed_text(edits.format_tags(values))
