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

from galleryman.core.wording import count_of


class SendingChangesDialog(QDialog):
    def __init__(self, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sending changes")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._total = total
        self.label = QLabel()
        self.label.setAccessibleName("Changes left to send")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, total)
        self.close_button = QPushButton("Close Without Waiting")
        self.close_button.setAccessibleName("Close without waiting for the changes")
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
        self.label.setText(
            f"Sending {count_of(self._total, 'change')} to the site… {left:,} left.\n"
            "The window closes when they have arrived."
        )
