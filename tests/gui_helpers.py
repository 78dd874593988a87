"""Helpers for GUI tests: answer modal dialogs, wait for the worker, read the server."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from galleryman.core.ordering import plan_move
from galleryman.models.item_grid import ItemGridModel
from galleryman.sandbox.server import SandboxServer
from galleryman.views.item_grid_view import ItemGridView
from galleryman.views.main_window import MainWindow
from galleryman.wix.models import Item
from galleryman.workers.gui_thread import when_idle
from tests.support import image_bytes, make_client


def shown_text(rich: str) -> str:
    """The characters a tooltip shows (Qt renders tooltips that look like HTML as HTML)."""
    document = QTextDocument()
    if QtGui.Qt.mightBeRichText(rich):  # the test Qt itself applies to a tooltip
        document.setHtml(rich)
    else:
        document.setPlainText(rich)
    return document.toPlainText()


def focus(qtbot: Any, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


def replace_text(qtbot: Any, field: QWidget, text: str) -> None:
    """Focus the field, select everything and type over it (no commit)."""
    focus(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if not text:
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    for number, line in enumerate(text.split("\n")):
        if number:  # QTest cannot type "\n" as a character: press Return as a user would
            qtbot.keyClick(field, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(field, line)


def server_of(window: MainWindow) -> SandboxServer:
    server = window.sites.local.server
    assert server is not None
    return server


def until_event_loop_idle(qtbot: Any) -> None:
    """Until the GUI thread's event loop has run out of work once: what was queued to run
    then before this (a paced job's release, say) has run."""
    went_idle: list[bool] = []
    when_idle(lambda: went_idle.append(True))
    qtbot.waitUntil(lambda: went_idle == [True])


def wait_idle(qtbot: Any, window: MainWindow, timeout: int = 15_000) -> None:
    """Until every queued API job has run and its answer reached the GUI thread."""
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: session.busy() == 0, timeout=timeout)


def uploaded_images(window: MainWindow, count: int, prefix: str = "p") -> list[Item]:
    """Image items (not yet in a gallery) on real JPEGs uploaded to the window's sandbox,
    titled <prefix>0, <prefix>1, …"""
    made = []
    with make_client(server_of(window)) as client:
        for n in range(count):
            name = f"{prefix}{n}.jpg"
            data = image_bytes(120 + 10 * n, 80, seed=n)
            file = client.upload_data(data, name, "image/jpeg")  # READY, even on a Wix-like site
            made.append(Item.image_item(file, title=f"{prefix}{n}"))
    return made


def open_new_gallery(qtbot: Any, window: MainWindow, name: str, items: list[Item]) -> str:
    """A new gallery holding `items` on the window's sandbox, listed and opened in the
    window as a user would (Refresh, then a click in the sidebar); its id."""
    with make_client(server_of(window)) as client:
        gallery = client.create_gallery(name)
        for item in items:
            client.create_item(str(gallery.id), item)
    window.actions_.refresh.trigger()
    wait_idle(qtbot, window)
    session = window.session
    assert session is not None
    window.sidebar.view.setCurrentIndex(
        session.galleries.index(session.galleries.row_of(str(gallery.id)))
    )
    wait_idle(qtbot, window)
    assert len(session.items.items()) == len(items)
    return str(gallery.id)


def open_gallery_with_images(qtbot: Any, window: MainWindow, count: int = 5) -> str:
    """A new gallery "Photos" of `count` uploaded images titled p0, p1, …, opened."""
    return open_new_gallery(qtbot, window, "Photos", uploaded_images(window, count))


def select(window: MainWindow, *titles: str) -> list[str]:
    """Select the items with these titles in the grid; their ids."""
    session = window.session
    assert session is not None
    ids = [str(i.id) for i in session.items.items() if i.title in titles]
    window.grid.select_ids(ids)
    return ids


def answer_text(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """The next QInputDialog.getText returns `text` as if typed and accepted."""
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (text, True)))


def answer_questions(
    monkeypatch: pytest.MonkeyPatch, answers: Iterator[QMessageBox.StandardButton]
) -> list[str]:
    """Each question a QMessageBox asks gets the next answer, without showing it; returns
    the questions asked."""
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        assert box.textFormat() == Qt.TextFormat.PlainText  # names in it are never HTML
        asked.append(box.text())
        return int(next(answers).value)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return asked


def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every confirmation is answered Yes; returns the questions asked."""
    return answer_questions(monkeypatch, itertools.repeat(QMessageBox.StandardButton.Yes))


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


def apply_planned_move(model: ItemGridModel, moving: list[str], dest_row: int) -> None:
    """What the session does with a move request: plan the sortOrders (core.ordering) and
    show each new one; the rows follow their sortOrders."""
    position = model.item_position(dest_row)
    for update in plan_move(model.order(), moving, position):
        item = model.item_at(model.row_of(update.key))
        assert item is not None
        moved = item.copy()
        moved.sort_order = update.sort_order
        model.upsert(moved)


def held_at_page(
    real_job: Callable[..., Any], page: int, reached: threading.Event, release: threading.Event
) -> Callable[..., Any]:
    """A job factory like `real_job` whose jobs, at their `page`-th `progress` call (the page
    read, not yet handed over), set `reached` and wait for `release`: once, the first time."""

    def make(*args: Any) -> Any:
        job = real_job(*args)

        def run(client: Any, progress: Any) -> Any:
            calls = 0

            def held(value: object) -> None:
                nonlocal calls
                calls += 1
                if calls == page and not reached.is_set():
                    reached.set()
                    release.wait(30)
                progress(value)

            return job(client, held)

        return run

    return make
