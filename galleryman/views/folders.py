"""Open a folder in the system's file manager, and say where it is when that cannot be done."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from galleryman.core.i18n import tr

log = logging.getLogger(__name__)


def open_folder(folder: Path, parent: QWidget | None) -> bool:
    """Show `folder` in the file manager (made first if it does not exist yet). When no file
    manager answers, a message gives the path to go to by hand; returns whether it opened."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("could not create %s: %s", folder, exc)
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    log.warning("no file manager opened %s", folder)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(tr("Open Folder"))
    box.setText(tr("galleryman could not open a file manager here. The folder is:"))
    box.setInformativeText(str(folder))
    box.setTextFormat(Qt.TextFormat.PlainText)  # a path is never markup
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setWindowModality(Qt.WindowModality.NonModal)  # a note, not a question
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return False
