"""Non-modal notifications above the grid: the Wix error's sentence, with Retry where it
makes sense. Several can stack; each is dismissed on its own."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from galleryman.core.i18n import tr
from galleryman.views.plain_text import plain_label
from galleryman.views.theme import is_dark

MAX_SHOWN = 4
INFO_TIMEOUT_MS = 6000
# The edge colours, (light palette, dark palette): at least 3:1 against the window either way
# (#b3261e on the dark window was 1.9:1).
ERROR_EDGE = ("#b3261e", "#ff8a80")
INFO_EDGE = ("#1f6feb", "#6cb4ff")


class Notification(QFrame):
    def __init__(
        self, message: str, retry: Callable[[], None] | None, error: bool, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notification")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(tr("Notification"))
        self.setAccessibleDescription(message)
        self.error = error
        self._show_edge()
        self.label = plain_label(message, self)  # a server's message is never HTML
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        self.retry_button: QPushButton | None = None
        if retry is not None:
            self.retry_button = QPushButton(tr("Retry"), self)
            self.retry_button.setAccessibleName(tr("Retry the failed action"))
            self.retry_button.clicked.connect(lambda: self._retry(retry))
            layout.addWidget(self.retry_button)
        dismiss = QPushButton(tr("Dismiss"), self)
        dismiss.setAccessibleName(tr("Dismiss the notification"))
        dismiss.clicked.connect(self.close_now)
        layout.addWidget(dismiss)

    def edge_colour(self) -> str:
        light, dark = ERROR_EDGE if self.error else INFO_EDGE
        # The app's palette: a widget with a style sheet keeps the palette it was polished with.
        return dark if is_dark(QApplication.palette(self)) else light

    def _show_edge(self) -> None:
        colour = self.edge_colour()
        self.setStyleSheet(
            f"#notification {{ border: 1px solid {colour}; border-left: 4px solid {colour};"
            " border-radius: 4px; }"
        )

    def restyle(self) -> None:
        """After the app's palette changed: setting the style sheet again polishes the frame
        and its labels with the new palette. Without it they keep the old one (light text on
        a light window), and a style sheet's widget hears of no palette change itself."""
        self.setStyleSheet("")
        self._show_edge()

    def _retry(self, retry: Callable[[], None]) -> None:
        self.close_now()
        retry()

    def close_now(self) -> None:
        self.hide()
        self.deleteLater()


class NotificationArea(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 0)
        self._layout.setSpacing(4)
        self.setAccessibleName(tr("Notifications"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the system turned dark or light
            for note in self.findChildren(Notification):
                note.restyle()

    def show_error(self, message: str, retry: Callable[[], None] | None = None) -> Notification:
        return self._add(message, retry, error=True)

    def show_info(self, message: str) -> Notification:
        note = self._add(message, None, error=False)
        QTimer.singleShot(INFO_TIMEOUT_MS, note, note.close_now)
        return note

    def clear(self) -> None:
        """Close every notification (their Retry belongs to a site that is gone)."""
        for note in self.findChildren(Notification):
            note.close_now()

    def messages(self) -> list[str]:
        return [n.label.text() for n in self.findChildren(Notification) if not n.isHidden()]

    def _add(self, message: str, retry: Callable[[], None] | None, error: bool) -> Notification:
        shown = [n for n in self.findChildren(Notification) if not n.isHidden()]
        for same in (n for n in shown if n.label.text() == message):
            same.close_now()  # the same failure again replaces, not piles up
        for old in shown[: max(0, len(shown) - MAX_SHOWN + 1)]:
            old.close_now()
        note = Notification(message, retry, error, self)
        self._layout.addWidget(note)
        note.show()  # now, not when the layout's queued show runs
        return note
