"""GUI: galleries created, cloned, renamed, reordered and deleted in the real window,
checked on the sandbox server afterwards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLineEdit

from galleryman.models.gallery_list import GALLERY_ID_ROLE, GalleryListModel
from galleryman.sync import State
from galleryman.views.main_window import MainWindow
from galleryman.wix.models import Gallery
from tests.gui_helpers import (
    answer_text,
    answer_yes,
    gallery_names,
    server_of,
    wait_idle,
)
from tests.support import make_client

pytestmark = pytest.mark.also_wix  # the same against the slow, strict, Wix-like sandbox


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
    # The window opened the copy once the site made it: its real id, its items listed.
    assert session.gallery_id == clone["id"]
    assert [item.title for item in session.items.items()] == [
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


def test_a_gallery_dragged_into_the_place_of_one_whose_delete_is_discarded_goes_after_it(
    qtbot, main_window: MainWindow, monkeypatch
) -> None:
    """B's delete waits for review, D is dragged between A and C (the midpoint is the place
    B left), and B's delete is discarded: B is there on the site still. The site refused
    D's move (it failed); now D goes just after B."""
    answer_yes(monkeypatch)
    server = server_of(main_window)
    with make_client(server) as client:
        ids = {name: str(client.create_gallery(name, sort_order=n).id) for n, name in
               enumerate("ABCD", start=1)}  # fmt: skip
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    session = main_window.session
    assert session is not None

    def sidebar() -> list[str | None]:
        return [g.name for g in session.galleries.galleries()]

    session.set_review_before_sending(True)
    _open(qtbot, main_window, ids["B"])
    main_window.actions_.delete_gallery.trigger()
    [delete] = session.edits.outbox.changes([State.HELD])
    assert sidebar() == ["A", "C", "D"]
    mime = session.galleries.mimeData([session.galleries.index(2)])
    session.galleries.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert sidebar() == ["A", "D", "C"]
    session.discard_change(delete.seq)  # what the Pending Changes dialog's Discard calls
    assert sidebar() == ["A", "B", "D", "C"]
    session.set_review_before_sending(False)
    session.send_held()
    wait_idle(qtbot, main_window)
    assert sidebar() == ["A", "B", "D", "C"]
    assert gallery_names(server) == ["A", "B", "D", "C"]
    assert session.edits.outbox.changes([State.FAILED]) == []
    assert sum(1 for _m, _p, status in server.request_log.snapshot() if status == 400) == 0


def _three_galleries(qtbot, window: MainWindow) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A, B and C on the server, loaded in the sidebar; returns their ids by name."""
    with make_client(server_of(window)) as client:
        ids = {name: str(client.create_gallery(name).id) for name in ("A", "B", "C")}
    window.actions_.refresh.trigger()
    wait_idle(qtbot, window)
    return ids


def _open(qtbot, window: MainWindow, gallery_id: str) -> None:  # type: ignore[no-untyped-def]
    session = window.session
    assert session is not None
    window.sidebar.view.setCurrentIndex(
        session.galleries.index(session.galleries.row_of(gallery_id))
    )
    wait_idle(qtbot, window)
    assert session.gallery_id == gallery_id


def _assert_open(window: MainWindow, gallery_id: str) -> None:
    session = window.session
    assert session is not None
    assert session.gallery_id == gallery_id
    current = window.sidebar.view.currentIndex()
    assert current.isValid()
    assert session.galleries.gallery_at(current.row()).id == gallery_id  # type: ignore[union-attr]
    assert window.sidebar.view.selectionModel().isSelected(current)


def test_rename_open_gallery_in_place_keeps_it_open(qtbot, main_window: MainWindow) -> None:
    ids = _three_galleries(qtbot, main_window)
    _open(qtbot, main_window, ids["A"])
    view = main_window.sidebar.view

    qtbot.keyClick(view, Qt.Key.Key_F2)
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "F2 should open the in-place editor"
    editor = editors[0]
    assert editor.text() == "A"
    editor.selectAll()
    qtbot.keyClicks(editor, "Alpha")
    # The delegate commits an Enter through a queued call: wait for the model's request.
    with qtbot.waitSignal(main_window.session.galleries.rename_requested, timeout=5000):  # type: ignore[union-attr]
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_idle(qtbot, main_window)

    assert gallery_names(server_of(main_window)) == ["Alpha", "B", "C"]
    _assert_open(main_window, ids["A"])
    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    assert gallery_names(server_of(main_window)) == ["A", "B", "C"]
    _assert_open(main_window, ids["A"])
    main_window.actions_.redo.trigger()
    wait_idle(qtbot, main_window)
    assert gallery_names(server_of(main_window)) == ["Alpha", "B", "C"]
    _assert_open(main_window, ids["A"])


@pytest.mark.parametrize(
    ("moved", "drop_row", "expected"),
    [
        ("B", 0, ["B", "A", "C"]),  # up, onto the top half of the first row
        ("A", 2, ["B", "C", "A"]),  # down, onto the bottom half of the last row
        ("A", 1, ["B", "A", "C"]),  # down by one, onto the bottom half of the next row
    ],
)
def test_drag_open_gallery_keeps_it_open(
    qtbot, main_window: MainWindow, moved: str, drop_row: int, expected: list[str]
) -> None:
    ids = _three_galleries(qtbot, main_window)
    _open(qtbot, main_window, ids[moved])
    view = main_window.sidebar.view
    model = main_window.session.galleries  # type: ignore[union-attr]
    mime = model.mimeData([model.index(model.row_of(ids[moved]))])
    rect = view.visualRect(model.index(drop_row))
    y = rect.top() + 2 if drop_row == 0 else rect.bottom() - 2
    # A synthetic drag is refused on entry by an InternalMove view (its source is not the view,
    # no QDrag is running), so hand the drop straight to the view's own drop handler.
    drop = QDropEvent(
        QPointF(rect.center().x(), y),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(drop)
    assert drop.isAccepted()
    wait_idle(qtbot, main_window)

    assert gallery_names(server_of(main_window)) == expected
    assert [g.name for g in model.galleries()] == expected
    _assert_open(main_window, ids[moved])


def test_refresh_keeps_open_gallery_open_and_selected(qtbot, main_window: MainWindow) -> None:
    ids = _three_galleries(qtbot, main_window)
    _open(qtbot, main_window, ids["B"])
    with make_client(server_of(main_window)) as client:
        client.update_gallery(ids["B"], {"sortOrder": -1.0})  # moved elsewhere meanwhile
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    assert [g.name for g in main_window.session.galleries.galleries()] == ["B", "A", "C"]  # type: ignore[union-attr]
    _assert_open(main_window, ids["B"])


def test_refresh_after_the_open_gallery_was_deleted_elsewhere_opens_another(
    qtbot, main_window: MainWindow
) -> None:
    ids = _three_galleries(qtbot, main_window)
    _open(qtbot, main_window, ids["B"])
    with make_client(server_of(main_window)) as client:
        client.delete_gallery(ids["B"])  # by someone else, on the site
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    session = main_window.session
    assert session is not None
    assert [g.name for g in session.galleries.galleries()] == ["A", "C"]
    # The gallery highlighted in the sidebar is the one open, not a closed one.
    _assert_open(main_window, ids["A"])


@pytest.mark.parametrize(
    ("start", "new_order", "end"),
    [(0, 35.0, 2), (0, 25.0, 1), (2, 5.0, 0), (2, 15.0, 1), (1, 15.0, 1)],
)
def test_model_upsert_keeps_persistent_index_on_the_gallery(
    qtbot, start: int, new_order: float, end: int
) -> None:
    model = GalleryListModel()
    model.set_galleries(
        [Gallery(id=n, name=n, sort_order=o) for n, o in (("a", 10.0), ("b", 20.0), ("c", 30.0))]
    )
    others = [QPersistentModelIndex(model.index(r)) for r in range(3)]
    moved_id = str(model.gallery_at(start).id)  # type: ignore[union-attr]
    removed: list[object] = []
    model.rowsRemoved.connect(lambda *a: removed.append(a))

    gallery = model.get(moved_id)
    assert gallery is not None
    gallery.sort_order = new_order
    model.upsert(gallery)

    assert model.row_of(moved_id) == end
    assert sorted(g.sort_order for g in model.galleries()) == [
        g.sort_order for g in model.galleries()
    ]
    for was_row, persistent in zip(range(3), others, strict=True):
        assert persistent.isValid()
        assert persistent.data(GALLERY_ID_ROLE) == ["a", "b", "c"][was_row]
    assert removed == []  # moved or updated in place, never taken out


def test_model_upsert_in_place_emits_data_changed(qtbot) -> None:
    model = GalleryListModel()
    model.set_galleries([Gallery(id=n, name=n, sort_order=o) for n, o in (("a", 1.0), ("b", 2.0))])
    persistent = QPersistentModelIndex(model.index(0))
    with qtbot.waitSignal(model.dataChanged, timeout=1000) as blocker:
        model.upsert(Gallery(id="a", name="Alpha", sort_order=1.0))
    assert blocker.args[0].row() == 0
    assert persistent.row() == 0 and persistent.data() == "Alpha"


def client_text_item(title: str):  # type: ignore[no-untyped-def]
    from galleryman.wix.models import Item

    return Item.text_item(f"<p>{title}</p>", title=title)
