"""Field widgets shared by the editing panels.

An edit is committed once, when the user is done with the field (Enter, focus-out, or
Ctrl+Enter in multi-line text), never on every keystroke: each commit becomes one API call.
Esc puts back the last committed text. A field whose text the user has changed and not yet
committed keeps that text when the panel is given a fresh copy of the same item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, QTime, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.models.roles import plain_tooltip
from galleryman.views.item_delegate import error_colour

Check = Callable[[str], str | None]
"""Returns why a text cannot be committed, or None when it can."""


def _is_cancel(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Cancel)


class _Baseline:
    """The last committed text, the check and the current error of one field."""

    def __init__(self, owner: _CommitField) -> None:
        self.owner = owner
        self.committed = ""
        self.check: Check | None = None
        self.error = ""

    def accept(self, text: str) -> bool:
        """Runs the check; True when `text` is a new value to commit (it becomes the baseline)."""
        if text == self.committed:
            self.set_error("")
            return False
        error = self.check(text) if self.check is not None else None
        self.set_error(error or "")
        if error:
            return False
        self.committed = text
        return True

    def set_error(self, message: str) -> None:
        if message == self.error:
            return
        self.error = message
        self.owner.setProperty("invalid", bool(message))
        self.owner.setAccessibleDescription(message)
        self.owner.error_changed.emit(message)


# For the type checker the mixin is a widget (it calls widget methods); at run time it is a
# plain class put before the Qt class in the bases, so its methods win.
if TYPE_CHECKING:
    _FieldBase = QWidget
else:
    _FieldBase = object


class _CommitField(_FieldBase):
    """What the single- and multi-line fields share: the committed baseline the text is
    compared with, the check run before a commit, and Esc putting back the baseline.

    A field class lists this mixin before its Qt widget class, declares the `committed` and
    `error_changed` signals, calls `_init_field` from `__init__` and supplies `_text` and
    `_set_text`.
    """

    committed: ClassVar[Signal]
    error_changed: ClassVar[Signal]
    _base: _Baseline

    def _init_field(self, accessible_name: str) -> None:
        self._base = _Baseline(self)
        if accessible_name:
            self.setAccessibleName(accessible_name)

    def _text(self) -> str:
        """The text in the widget now."""
        raise NotImplementedError

    def _set_text(self, text: str, *, from_start: bool = False) -> None:
        """Puts `text` in the widget; `from_start` shows its beginning (a committed value)."""
        raise NotImplementedError

    def set_check(self, check: Check | None) -> None:
        self._base.check = check

    def committed_text(self) -> str:
        return self._base.committed

    def error(self) -> str:
        return self._base.error

    def is_dirty(self) -> bool:
        """The user changed the text and has not committed it (or it was rejected)."""
        return self._text() != self._base.committed

    def set_committed_text(self, text: str, *, keep_edit: bool = False) -> None:
        """Shows `text` as the saved value; with `keep_edit`, unsaved typing is left alone."""
        dirty = self.is_dirty()
        self._base.committed = text
        if keep_edit and dirty:
            return
        self._base.set_error("")
        if self._text() != text:
            self._set_text(text, from_start=True)

    def revert(self) -> None:
        self._set_text(self._base.committed)
        self._base.set_error("")

    def commit(self) -> None:
        """Commits the text now if it changed (what Enter or Ctrl+Enter and focus-out do)."""
        if self._base.accept(self._text()):
            self.committed.emit(self._base.committed)

    def _cancel_edit(self, event: QKeyEvent) -> bool:
        """Esc on a changed or rejected text reverts it; True when `event` was used so."""
        if _is_cancel(event) and (self.is_dirty() or self._base.error):
            self.revert()
            event.accept()
            return True
        return False


class CommitLineEdit(_CommitField, QLineEdit):
    """A single-line field: `committed(text)` on Enter or focus-out when the text changed."""

    committed = Signal(str)
    error_changed = Signal(str)  # "" once the error is gone

    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "") -> None:
        super().__init__(parent)
        self._init_field(accessible_name)
        self.editingFinished.connect(self._on_editing_finished)

    def _text(self) -> str:
        return self.text()

    def _set_text(self, text: str, *, from_start: bool = False) -> None:
        self.setText(text)
        if from_start:
            self.setCursorPosition(0)

    def _on_editing_finished(self) -> None:
        self.commit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._cancel_edit(event):
            super().keyPressEvent(event)


class CommitTextEdit(_CommitField, QPlainTextEdit):
    """A multi-line field: `committed(text)` on focus-out or Ctrl+Enter when the text changed."""

    committed = Signal(str)
    error_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "") -> None:
        super().__init__(parent)
        self._init_field(accessible_name)
        # Tab moves on to the next field (keyboard users would otherwise be trapped here).
        self.setTabChangesFocus(True)

    def _text(self) -> str:
        return self.toPlainText()

    def _set_text(self, text: str, *, from_start: bool = False) -> None:
        self.setPlainText(text)  # leaves the cursor at the start either way

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.commit()
            event.accept()
            return
        if not self._cancel_edit(event):
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # A context menu taking focus is not the user leaving the field.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.commit()
        super().focusOutEvent(event)


class ErrorColour(QObject):
    """Draws a widget's text in the error red that reads on its palette (#c62828 on light,
    a lighter red on dark), and again whenever the palette changes (the system turned dark)."""

    def __init__(self, widget: QWidget, *, shown: bool = True) -> None:
        super().__init__(widget)
        self._widget = widget
        self._shown = shown
        widget.installEventFilter(self)
        self._apply()

    def set_shown(self, shown: bool) -> None:
        self._shown = shown
        self._apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply()
        return False

    def _apply(self) -> None:
        widget = self._widget
        if not self._shown:
            if widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
                widget.setPalette(QPalette())  # the inherited colours again
            return
        colour = error_colour(widget.palette())
        if widget.palette().color(QPalette.ColorRole.WindowText) != colour:
            # Only the text colour is set: every other role still follows the app's palette.
            own = QPalette()
            own.setColor(QPalette.ColorRole.WindowText, colour)
            widget.setPalette(own)


def follow_error_colour(widget: QWidget) -> ErrorColour:
    """Shows `widget`'s text in the error red, on light and dark palettes alike."""
    return ErrorColour(widget)


class ErrorLabel(QLabel):
    """The inline error under a field; hidden while there is none."""

    def __init__(
        self, field: CommitLineEdit | CommitTextEdit, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.colour = follow_error_colour(self)
        name = field.accessibleName()
        self.setAccessibleName(tr("{field} error").format(field=name) if name else tr("Error"))
        self.hide()
        field.error_changed.connect(self.show_error)

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


class ValueLabel(QLineEdit):
    """A read-only value the user can select and copy. A frameless read-only line edit
    rather than a label: a long id scrolls inside it instead of widening the panel."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setReadOnly(True)
        self.setFrame(False)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setStyleSheet("QLineEdit { background: transparent; }")

    def setText(self, text: str | None) -> None:  # noqa: N802 (Qt naming)
        if (text or "") == self.text():
            return  # shown again at every burst of a listing: keep the user's selection
        super().setText(text)
        self.setToolTip(plain_tooltip(text or ""))
        self.setCursorPosition(0)  # show the start of a long value


STATUS_TEXT = {
    "idle": "",
    "saving": QT_TR_NOOP("Saving…"),
    "saved": QT_TR_NOOP("Saved"),
    "failed": QT_TR_NOOP("Couldn't save"),
}


class StatusLine(QLabel):
    """ "Saving…", "Saved" or "Couldn't save: <why>" for a panel's last edit.

    Always one line tall, shown or not, so a status appearing never moves the fields below it
    (a click meant for one field landed on the next). A long reason is elided; the whole
    sentence is in the tooltip and in the window's notification.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Save status"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self.state = "idle"
        self._full = ""
        self._colour = ErrorColour(self, shown=False)

    def full_text(self) -> str:
        return self._full

    def set_status(self, state: str, message: str = "") -> None:
        if state not in STATUS_TEXT:
            raise ValueError(f"unknown status {state!r}")
        self.state = state
        text = tr(STATUS_TEXT[state]) if STATUS_TEXT[state] else ""
        if message and state == "failed":
            text = tr("Couldn't save: {reason}").format(reason=message)
        elif message and state != "idle":
            text = f"{text} {message}"
        self._colour.set_shown(state == "failed")
        self._full = text
        self.setToolTip(plain_tooltip(text))
        self.setAccessibleDescription(text)
        self._show_elided()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_elided()

    def _show_elided(self) -> None:
        width = max(self.width(), 1)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))


def human_date(value: str | None) -> str:
    """An RFC 3339 timestamp in local time, written the locale's way: "8 Feb 2022, 11:59",
    "Feb 8, 2022, 11:59 AM", "8. Feb. 2022, 11:59"; "—" when absent."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value.strip()).astimezone()
    except ValueError:
        return value  # an unexpected format is still worth showing as sent
    locale = QLocale()
    day = locale.toString(QDate(moment.year, moment.month, moment.day), medium_date_format(locale))
    time = QTime(moment.hour, moment.minute, moment.second)
    return tr("{date}, {time}").format(
        date=day, time=locale.toString(time, QLocale.FormatType.ShortFormat)
    )


def medium_date_format(locale: QLocale) -> str:
    """The locale's long date without the weekday and with short month names: "d MMM yyyy"
    (British), "MMM d, yyyy" (American), "d. MMM yyyy" (German). Qt has only long and short
    formats, and the short one ("2/8/22") is hard to read."""
    long = locale.dateFormat(QLocale.FormatType.LongFormat)
    without_weekday = re.sub(r"dddd[,\s]*|[,\s]*dddd", "", long).strip()
    return without_weekday.replace("MMMM", "MMM")
