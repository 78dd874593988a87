"""Helpers for GUI tests: answer modal dialogs, wait for the worker, read the server."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from galleryman.sandbox.server import SandboxServer
from galleryman.views.item_grid_view import ItemGridView
from galleryman.views.main_window import MainWindow


def server_of(window: MainWindow) -> SandboxServer:
    server = window.sites.local.server
    assert server is not None
    return server


def wait_idle(qtbot: Any, window: MainWindow, timeout: int = 15_000) -> None:
    """Until every queued API job has run and its answer reached the GUI thread."""
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: session.busy() == 0, timeout=timeout)


def answer_text(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """The next QInputDialog.getText returns `text` as if typed and accepted."""
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (text, True)))


def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every confirmation is answered Yes; returns the questions asked."""
    asked: list[str] = []

    def yes(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(yes))
    return asked


def gallery_names(server: SandboxServer) -> list[str]:
    return [g.get("name", "") for g in server.store.list_galleries()]


def item_titles(server: SandboxServer, gallery_id: str) -> list[str]:
    return [i.get("title", "") for i in server.store.list_items(gallery_id)]


def send_drag(view: ItemGridView, mime: QMimeData, pos: QPoint, action: Qt.DropAction) -> bool:
    """Enter and move over the viewport like a window system does; True if accepted."""
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(view.viewport(), QDragEnterEvent(pos, action, mime, buttons, keys))
    move = QDragMoveEvent(pos, action, mime, buttons, keys)
    QApplication.sendEvent(view.viewport(), move)
    return move.isAccepted()


def send_drop(
    view: ItemGridView, mime: QMimeData, pos: QPoint, action: Qt.DropAction
) -> QDropEvent:
    send_drag(view, mime, pos, action)
    drop = QDropEvent(
        QPointF(pos), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(view.viewport(), drop)
    return drop


def left_half(view: ItemGridView, row: int) -> QPoint:
    rect = view.visualRect(view.model().index(row, 0))
    return QPoint(rect.left() + 10, rect.center().y())


def right_half(view: ItemGridView, row: int) -> QPoint:
    rect = view.visualRect(view.model().index(row, 0))
    return QPoint(rect.right() - 10, rect.center().y())
