"""What the window's Help menu does (About...). An object holding the window, like the
gallery and item action controllers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from galleryman import __version__

if TYPE_CHECKING:
    from galleryman.views.main_window import MainWindow


class HelpActions:
    def __init__(self, window: MainWindow) -> None:
        self._w = window
        window.actions_.about.triggered.connect(self.about)

    def about(self) -> None:
        QMessageBox.about(
            self._w,
            "About galleryman",
            f"<b>galleryman</b> {__version__}<br>Manage Wix Pro Galleries from your desktop.",
        )
