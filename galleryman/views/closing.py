"""The dialog shown when a site closes (Quit, another site) while changes are still going out:
it counts them down as they reach the site, and one click on Close Without Waiting stops
waiting (what is left is logged)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from galleryman.core.i18n import tr


class SendingChangesDialog(QDialog):
    def __init__(self, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sending changes"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._total = total
        self.label = QLabel()
        self.label.setAccessibleName(tr("Changes left to send"))
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, total)
        self.close_button = QPushButton(tr("Close Without Waiting"))
        self.close_button.setAccessibleName(tr("Close without waiting for the changes"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)
        self.set_left(total)

    def set_left(self, left: int) -> None:
        """How many changes are still on their way (the count goes down as they land)."""
        self._total = max(self._total, left)
        self.bar.setMaximum(self._total)
        self.bar.setValue(self._total - left)
        sending = tr("Sending %Ln change(s) to the site…", "", self._total)
        still = tr("%Ln left.", "", left)
        closes = tr("The window closes when they have arrived.")
        self.label.setText(f"{sending} {still}\n{closes}")
