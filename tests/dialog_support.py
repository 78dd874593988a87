"""Helpers shared by the dialog tests: show a dialog under qtbot, follow the Tab chain."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

DialogT = TypeVar("DialogT", bound=QWidget)


def open_dialog(qtbot: QtBot, dialog: DialogT) -> DialogT:
    """`dialog` shown, and closed by qtbot after the test."""
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def tab_chain(start: QWidget, count: int) -> list[QWidget]:
    """The widgets Tab visits from `start` (the focus chain minus unfocusable widgets)."""
    chain = [start]
    widget: QWidget | None = start
    while len(chain) < count and widget is not None:
        widget = widget.nextInFocusChain()
        if widget is None or widget is start:
            break
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(start.window()):
            chain.append(widget)
    return chain
