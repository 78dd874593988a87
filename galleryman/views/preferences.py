"""Edit ▸ Preferences…: the options that have no place in the window itself. Each is stored
through galleryman/settings.py when the user presses OK; Clear Thumbnails acts at once.

- the thumbnail cache's size limit, what it holds now, and Clear;
- review-before-sending (the outbox reads REVIEW_BEFORE_SENDING);
- the language (galleryman/translations.py loads it at the next start);
- the local sandbox's data folder: shown, opened, or changed for the next start.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from galleryman import settings as opts
from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.core.thumbcache import ThumbnailDiskCache
from galleryman.paths import AppPaths
from galleryman.views.folders import open_folder

log = logging.getLogger(__name__)

NEXT_START = QT_TR_NOOP("Takes effect at the next start.")
# What the language choices (settings.LANGUAGES) are called in the list: each language also
# by its own name, so it can be found whatever the language shown.
LANGUAGE_NAMES = {
    "": QT_TR_NOOP("System default"),
    "en": QT_TR_NOOP("English"),
    "de": QT_TR_NOOP("German (Deutsch)"),
}


def thumbnail_cache_bytes(folder: Path) -> int:
    """What the thumbnail caches of every site (one subfolder each) hold on disk."""
    return sum(ThumbnailDiskCache(site).total_bytes() for site in _site_caches(folder))


def clear_thumbnail_caches(folder: Path) -> None:
    """Delete every site's cached thumbnails (they are fetched again when shown)."""
    for site in _site_caches(folder):
        ThumbnailDiskCache(site).clear()


def _site_caches(folder: Path) -> list[Path]:
    try:
        return sorted(child for child in folder.iterdir() if child.is_dir())
    except OSError:
        return []


def folder_problem(folder: Path) -> str | None:
    """Why the sandbox cannot keep its data in `folder`, or None if it can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return tr("galleryman cannot write in this folder ({reason}).").format(
            reason=exc.strerror or exc
        )
    return None


def data_size(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


class PreferencesDialog(QDialog):
    def __init__(self, settings: opts.Settings, paths: AppPaths, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.paths = paths
        self.setWindowTitle(tr("Preferences"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._thumbnails_group())
        layout.addWidget(self._sending_group())
        layout.addWidget(self._adding_group())
        layout.addWidget(self._language_group())
        layout.addWidget(self._sandbox_group())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setDefault(True)
        ok.setFocus()  # not into the first field, where a stray key would change it
        self.adjustSize()
        # Wrapped notes need the height their lines take at this width (a size hint made
        # for a narrower width clipped them).
        width = max(self.width(), self.minimumWidth())
        self.resize(width, max(self.height(), layout.totalHeightForWidth(width)))

    # ------------------------------------------------------------------ groups

    def _thumbnails_group(self) -> QGroupBox:
        group = QGroupBox(tr("Thumbnails"), self)
        self.cache_limit = QSpinBox(group)
        self.cache_limit.setRange(opts.THUMBNAIL_CACHE_MIN_MB, opts.THUMBNAIL_CACHE_MAX_MB)
        self.cache_limit.setSingleStep(50)
        self.cache_limit.setSuffix(tr(" MB"))
        self.cache_limit.setValue(self.settings.thumbnail_cache_bytes() // (1024 * 1024))
        self.cache_limit.setAccessibleName(tr("Thumbnail cache size per site"))
        self.cache_usage = _note("", group)
        self.clear_button = QPushButton(tr("Clear Thumbnails"), group)
        self.clear_button.clicked.connect(self.clear_thumbnails)
        usage = QHBoxLayout()
        usage.addWidget(self.cache_usage, 1)
        usage.addWidget(self.clear_button)
        form = _form(group)
        form.addRow(tr("Keep on disk, per site:"), self.cache_limit)
        form.addRow(usage)
        form.addRow(
            _note(
                tr(
                    "Thumbnails are kept so galleries open fast; the least recently seen go "
                    "first when a site's cache is full. A new size takes effect at the next start."
                ),
                group,
            )
        )
        self._show_cache_usage()
        return group

    def _adding_group(self) -> QGroupBox:
        group = QGroupBox(tr("Adding photos"), self)
        self.photo_text = QCheckBox(tr("Use the title and caption stored in the photo"), group)
        self.photo_text.setChecked(self.settings.get(opts.PHOTO_TEXT))
        box = QVBoxLayout(group)
        box.addWidget(self.photo_text)
        box.addWidget(
            _note(
                tr(
                    "The photo's title becomes the item's title and its caption the "
                    "description (EXIF, as cameras, Windows and Lightroom write them). "
                    "Otherwise, and for photos without them, the title is the file name."
                ),
                group,
            )
        )
        return group

    def _sending_group(self) -> QGroupBox:
        group = QGroupBox(tr("Sending changes", "Preferences: the group's heading"), self)
        self.review_before_sending = QCheckBox(tr("Review changes before sending them"), group)
        self.review_before_sending.setChecked(self.settings.get(opts.REVIEW_BEFORE_SENDING))
        box = QVBoxLayout(group)
        box.addWidget(self.review_before_sending)
        box.addWidget(
            _note(
                tr(
                    "When on, your edits wait in the window until you review and send them; "
                    "when off, each change goes to the site at once."
                ),
                group,
            )
        )
        return group

    def _language_group(self) -> QGroupBox:
        group = QGroupBox(tr("Language"), self)
        self.language = QComboBox(group)
        self.language.setAccessibleName(tr("Language"))
        for code, name in opts.LANGUAGES.items():
            self.language.addItem(tr(LANGUAGE_NAMES.get(code, name)), code)
        chosen = self.language.findData(self.settings.get(opts.LANGUAGE))
        self.language.setCurrentIndex(max(chosen, 0))
        form = _form(group)
        form.addRow(tr("Language:"), self.language)
        form.addRow(_note(tr(NEXT_START), group))
        return group

    def _sandbox_group(self) -> QGroupBox:
        group = QGroupBox(tr("Local sandbox"), self)
        self.sandbox_folder = QLineEdit(group)
        self.sandbox_folder.setReadOnly(True)
        self.sandbox_folder.setAccessibleName(tr("Local sandbox data folder"))
        self._chosen_sandbox = self.settings.get(opts.SANDBOX_FOLDER)
        self.open_sandbox_button = QPushButton(tr("Open Folder"), group)
        self.open_sandbox_button.clicked.connect(lambda: open_folder(self.paths.sandbox_dir, self))
        self.change_sandbox_button = QPushButton(tr("Change…"), group)
        self.change_sandbox_button.clicked.connect(self.choose_sandbox_folder)
        self.default_sandbox_button = QPushButton(tr("Use Default"), group)
        self.default_sandbox_button.clicked.connect(lambda: self._set_sandbox_folder(""))
        self.sandbox_note = _note("", group)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (
            self.open_sandbox_button,
            self.change_sandbox_button,
            self.default_sandbox_button,
        ):
            buttons.addWidget(button)
        form = QFormLayout(group)
        form.addRow(tr("Data folder:"), self.sandbox_folder)
        form.addRow(buttons)
        form.addRow(self.sandbox_note)
        self._show_sandbox_folder()
        return group

    # ------------------------------------------------------------------ actions

    def clear_thumbnails(self) -> None:
        clear_thumbnail_caches(self.paths.thumbnails_dir)
        log.info("thumbnail caches cleared in %s", self.paths.thumbnails_dir)
        self._show_cache_usage(cleared=True)

    def choose_sandbox_folder(self) -> None:
        start = self._chosen_sandbox or str(self.paths.sandbox_dir)
        folder = QFileDialog.getExistingDirectory(self, tr("Local Sandbox Data Folder"), start)
        if folder:
            self._set_sandbox_folder(folder)

    def accept(self) -> None:
        self.settings.set(opts.THUMBNAIL_CACHE_MB, self.cache_limit.value())
        self.settings.set(opts.REVIEW_BEFORE_SENDING, self.review_before_sending.isChecked())
        self.settings.set(opts.PHOTO_TEXT, self.photo_text.isChecked())
        self.settings.set(opts.LANGUAGE, str(self.language.currentData()))
        self.settings.set(opts.SANDBOX_FOLDER, self._chosen_sandbox)
        self.settings.sync()
        super().accept()

    # ------------------------------------------------------------------ display

    def _show_cache_usage(self, *, cleared: bool = False) -> None:
        used = data_size(thumbnail_cache_bytes(self.paths.thumbnails_dir))
        text = tr("Now on disk: {size}.").format(size=used)
        if cleared:
            text += " " + tr("Cleared: thumbnails are fetched again as they are shown.")
        self.cache_usage.setText(text)

    def _set_sandbox_folder(self, folder: str) -> None:
        if folder:
            path = Path(folder).expanduser().absolute()
            problem = folder_problem(path)
            if problem:
                self.sandbox_note.setText(
                    tr("{folder}: {problem} The folder was not changed.").format(
                        folder=path, problem=problem
                    )
                )
                return
            folder = "" if path == self.paths.default_sandbox_dir else str(path)
        self._chosen_sandbox = folder
        self._show_sandbox_folder()

    def _show_sandbox_folder(self) -> None:
        chosen = Path(self._chosen_sandbox) if self._chosen_sandbox else None
        target = chosen or self.paths.default_sandbox_dir
        self.sandbox_folder.setText(str(target))
        self.default_sandbox_button.setEnabled(chosen is not None)
        in_use = self.paths.sandbox_dir
        if target == in_use:
            self.sandbox_note.setText(
                tr("The sandbox keeps its galleries, items and media files here.")
            )
        else:
            until_then = tr(
                "Until then the sandbox uses {folder}. Nothing is moved: the sandbox uses what "
                "the new folder holds (an empty one gets the demo galleries)."
            ).format(folder=in_use)
            self.sandbox_note.setText(f"{tr(NEXT_START)} {until_then}")


def _form(group: QGroupBox) -> QFormLayout:
    form = QFormLayout(group)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    return label
