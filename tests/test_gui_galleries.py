"""GUI: galleries created, cloned, renamed, reordered and deleted in the real window,
checked on the sandbox server afterwards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from galleryman.views.main_window import MainWindow
from tests.gui_helpers import answer_text, answer_yes, gallery_names, server_of, wait_idle
from tests.support import make_client


def test_empty_site_offers_new_gallery(qtbot, main_window: MainWindow, monkeypatch) -> None:
    sidebar = main_window.sidebar
    assert sidebar.stack.currentWidget() is sidebar.empty
    answer_text(monkeypatch, "First light")
    qtbot.mouseClick(sidebar.empty_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, main_window)
    assert gallery_names(server_of(main_window)) == ["First light"]
    assert sidebar.stack.currentWidget() is sidebar.view
    assert main_window.current_gallery_id() is not None  # the new gallery opens


def test_new_clone_rename_delete_with_undo(qtbot, main_window: MainWindow, monkeypatch) -> None:
    server = server_of(main_window)
    with make_client(server) as client:
        source = client.create_gallery("Trips")
        for n in range(3):
            client.create_item(source.id, client_text_item(f"note {n}"))
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    session = main_window.session
    assert session is not None
    main_window.sidebar.view.setCurrentIndex(session.galleries.index(0))
    wait_idle(qtbot, main_window)

    answer_text(monkeypatch, "Trips (copy)")
    main_window.actions_.clone_gallery.trigger()
    wait_idle(qtbot, main_window)
    assert gallery_names(server) == ["Trips", "Trips (copy)"]
    clone = server.store.list_galleries()[1]
    assert [i["title"] for i in server.store.list_items(clone["id"])] == [
        "note 0",
        "note 1",
        "note 2",
    ]

    # Rename in place, as F2 + typing + Enter does, through the model's edit role.
    index = session.galleries.index(session.galleries.row_of(clone["id"]))
    session.galleries.setData(index, "Road trips", Qt.ItemDataRole.EditRole)
    wait_idle(qtbot, main_window)
    assert gallery_names(server) == ["Trips", "Road trips"]
    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    assert gallery_names(server) == ["Trips", "Trips (copy)"]
    main_window.actions_.redo.trigger()
    wait_idle(qtbot, main_window)
    assert gallery_names(server) == ["Trips", "Road trips"]

    asked = answer_yes(monkeypatch)
    main_window.sidebar.view.setCurrentIndex(index)
    main_window.actions_.delete_gallery.trigger()
    wait_idle(qtbot, main_window)
    assert "3 items" in asked[-1]  # the confirmation names the item count
    assert gallery_names(server) == ["Trips"]
    assert session.galleries.rowCount() == 1


def test_drag_gallery_to_the_top(qtbot, main_window: MainWindow) -> None:
    server = server_of(main_window)
    with make_client(server) as client:
        for name in ("A", "B", "C"):
            client.create_gallery(name)
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    session = main_window.session
    assert session is not None
    mime = session.galleries.mimeData([session.galleries.index(2)])
    session.galleries.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    wait_idle(qtbot, main_window)
    assert gallery_names(server) == ["C", "A", "B"]
    assert [g.name for g in session.galleries.galleries()] == ["C", "A", "B"]
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    assert [g.name for g in session.galleries.galleries()] == ["C", "A", "B"]


def client_text_item(title: str):  # type: ignore[no-untyped-def]
    from galleryman.wix.models import Item

    return Item.text_item(f"<p>{title}</p>", title=title)


@pytest.fixture(autouse=True)
def _no_real_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody answers would hang the test: fail loudly instead."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    def unexpected(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an unexpected modal dialog was opened")

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(unexpected))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(unexpected))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(unexpected))
