"""Text from the site or the user shown as text, never as HTML.

Qt guesses: a QLabel, a tooltip or a message box whose text "might be rich text" renders it
as HTML, and an `<img src="file:///...">` in a gallery name or a server's error message then
makes Qt read a local file. Labels that show such text are set to plain text; tooltips are
always guessed, so their text is escaped (`models.roles.plain_tooltip`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

YES_NO = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    default: QMessageBox.StandardButton,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox.StandardButton:
    """A question whose text (it may name a gallery or a file) is shown as plain text."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(default)
    return QMessageBox.StandardButton(box.exec())
