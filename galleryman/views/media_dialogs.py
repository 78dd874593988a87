"""Small dialogs that make a new video or text item (no HTTP: they only build the `Item`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from galleryman.core.bulk_edit import normalized_video_url
from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.views.text_render import PREVIEW_LIMITS, BoundedHtml, bound_html
from galleryman.wix.models import Item
from galleryman.wix.urls import video_type_for_url

VIDEO_HINT = QT_TR_NOOP("Paste a YouTube or Vimeo link.")
_HOST_NAMES = {"YOUTUBE": "YouTube", "VIMEO": "Vimeo"}


_VIDEO_SITES = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com")


def video_url_problem(text: str) -> str | None:
    """Why this is not a video link the gallery can show, or None when it is."""
    url = normalized_video_url(text)
    if not url:
        return tr(VIDEO_HINT)
    try:
        video_type_for_url(url)
        return None
    except ValueError:
        pass
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        host = ""
    if any(host == site or host.endswith("." + site) for site in _VIDEO_SITES):
        return tr("The link does not point to a video (open the video and copy its address).")
    return tr("Only YouTube and Vimeo links can be added.")


def _optional(text: str) -> str | None:
    text = text.strip()
    return text or None


class _ItemDialog(QDialog):
    """OK/Cancel buttons; Enter accepts only while the input is valid, Esc cancels."""

    def _add_buttons(self, layout: QVBoxLayout) -> None:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert ok is not None and cancel is not None
        self.ok_button: QPushButton = ok
        self.ok_button.setText(tr("&Add"))
        self.ok_button.setAccessibleName(tr("Add item"))
        self.ok_button.setDefault(True)
        cancel.setAccessibleName(tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def is_valid(self) -> bool:
        raise NotImplementedError

    def accept(self) -> None:
        if self.is_valid():  # Enter in a field must not add an invalid item
            super().accept()


class AddVideoDialog(_ItemDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Add video"))
        self.setAccessibleName(tr("Add video"))
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://www.youtube.com/watch?v=…")
        self.url_edit.setAccessibleName(tr("Video link"))
        self.reason_label = QLabel(tr(VIDEO_HINT))
        self.reason_label.setWordWrap(True)
        self.reason_label.setAccessibleName(tr("Video link problem"))
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(tr("Title"))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName(tr("Description"))
        self.description_edit.setTabChangesFocus(True)  # Tab moves on; it never types a tab
        self.description_edit.setFixedHeight(80)

        form = QFormLayout()
        form.addRow(tr("&Link:"), self.url_edit)
        form.addRow("", self.reason_label)
        form.addRow(tr("&Title:"), self.title_edit)
        form.addRow(tr("&Description:"), self.description_edit)
        _set_buddies(form)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self._add_buttons(layout)
        QWidget.setTabOrder(self.url_edit, self.title_edit)
        QWidget.setTabOrder(self.title_edit, self.description_edit)
        QWidget.setTabOrder(self.description_edit, self.ok_button)
        self.setMinimumWidth(440)

        self.url_edit.textChanged.connect(self._revalidate)
        self._revalidate()

    def problem(self) -> str | None:
        return video_url_problem(self.url_edit.text())

    def is_valid(self) -> bool:
        return self.problem() is None

    def item(self) -> Item:
        """The new video item (ValueError while the link is not valid)."""
        problem = self.problem()
        if problem is not None:
            raise ValueError(problem)
        return Item.video_item(
            normalized_video_url(self.url_edit.text()),
            title=_optional(self.title_edit.text()),
            description=_optional(self.description_edit.toPlainText()),
        )

    def _revalidate(self) -> None:
        problem = self.problem()
        self.ok_button.setEnabled(problem is None)
        if problem is None:
            kind = video_type_for_url(normalized_video_url(self.url_edit.text()))
            host = _HOST_NAMES.get(kind, kind.title())
            self.reason_label.setText(tr("{host} video").format(host=host))
        else:
            self.reason_label.setText(problem)
        self.url_edit.setAccessibleDescription(self.reason_label.text())


class SafePreview(QTextBrowser):
    """An HTML preview that loads nothing and never freezes the window.

    Nothing is loaded: QTextDocument never runs scripts, but returning None from
    `loadResource` is not enough in Qt 6: the document then reads local files itself, and the
    image handler falls back to loading the `src` as a file path. So images get a grey
    placeholder and everything else empty bytes, and nothing named in the HTML is ever opened.

    Bounded: the browser lays out on the GUI thread, so `setHtml` gives it only
    `bound_html(html, PREVIEW_LIMITS)` (about 30 ms of Qt's time at worst, where 20,000
    nested divs took 10 s), with a note when that is not the whole text.
    """

    SHORTENED_NOTE = QT_TR_NOOP(
        "Preview of the beginning only: the text is longer. It is kept whole."
    )
    PLAIN_NOTE = QT_TR_NOOP(
        "Too complex to preview with its formatting, so its words are shown plain. "
        "The HTML is kept as written."
    )
    _placeholder: QImage | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self._shown = BoundedHtml("", True, False)

    @property
    def shown(self) -> BoundedHtml:
        """What the preview shows of the last HTML given (the whole of it, or less)."""
        return self._shown

    def setHtml(self, text: str) -> None:  # noqa: N802  (Qt's name)
        self._shown = bound_html(text, PREVIEW_LIMITS)
        note = self.PLAIN_NOTE if self._shown.plain else self.SHORTENED_NOTE
        prefix = "" if self._shown.complete else f"<p><i>{tr(note)}</i></p>"
        super().setHtml(prefix + self._shown.html)

    def loadResource(self, type: int, name: QUrl | str) -> Any:  # noqa: N802  (Qt's name)
        if type == QTextDocument.ResourceType.ImageResource:
            return self.placeholder()
        return QByteArray()

    @classmethod
    def placeholder(cls) -> QImage:
        if cls._placeholder is None:
            image = QImage(16, 16, QImage.Format.Format_ARGB32)
            image.fill(QColor(200, 200, 200))
            cls._placeholder = image
        return cls._placeholder


class AddTextDialog(_ItemDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Add text"))
        self.setAccessibleName(tr("Add text"))
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName(tr("Title"))
        self.html_edit = QPlainTextEdit()
        self.html_edit.setAccessibleName(tr("Text as HTML"))
        self.html_edit.setPlaceholderText(tr("<h2>Heading</h2>\n<p>Some <b>bold</b> text.</p>"))
        self.html_edit.setTabChangesFocus(True)
        self.preview = SafePreview()
        self.preview.setAccessibleName(tr("Preview"))
        self.reason_label = QLabel()
        self.reason_label.setAccessibleName(tr("Text problem"))

        editors = QSplitter()
        editors.addWidget(self.html_edit)
        editors.addWidget(self.preview)
        editors.setChildrenCollapsible(False)
        title_row = QHBoxLayout()
        title_label = QLabel(tr("&Title:"))
        title_label.setBuddy(self.title_edit)
        title_row.addWidget(title_label)
        title_row.addWidget(self.title_edit, 1)
        html_label = QLabel(tr("&HTML (left) and preview (right):"))
        html_label.setBuddy(self.html_edit)

        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addWidget(html_label)
        layout.addWidget(editors, 1)
        layout.addWidget(self.reason_label)
        self._add_buttons(layout)
        QWidget.setTabOrder(self.title_edit, self.html_edit)
        QWidget.setTabOrder(self.html_edit, self.preview)
        QWidget.setTabOrder(self.preview, self.ok_button)
        self.resize(720, 420)

        self.html_edit.textChanged.connect(self._update)
        self._update()

    def html(self) -> str:
        return self.html_edit.toPlainText()

    def is_valid(self) -> bool:
        return bool(self.html().strip())

    def item(self) -> Item:
        """The new text item, with the HTML exactly as typed (ValueError when empty)."""
        if not self.is_valid():
            raise ValueError(tr("The text is empty."))
        return Item.text_item(self.html(), title=_optional(self.title_edit.text()))

    def _update(self) -> None:
        self.preview.setHtml(self.html())
        valid = self.is_valid()
        self.ok_button.setEnabled(valid)
        self.reason_label.setText("" if valid else tr("Type the text (HTML) to add."))


def _set_buddies(form: QFormLayout) -> None:
    """Let each label's &-shortcut focus its field."""
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is None or field is None:
            continue
        label_widget, field_widget = label.widget(), field.widget()
        if isinstance(label_widget, QLabel) and field_widget is not None:
            label_widget.setBuddy(field_widget)
