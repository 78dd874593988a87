"""GUI: the window keeps what the user was doing — text typed in the panel survives Refresh
and Quit, the selection survives Refresh, keys act only on what has focus, and actions that
cannot act are disabled. Each checked on the server."""

from __future__ import annotations

from PySide6.QtCore import Qt

from galleryman.sandbox.server import SandboxServer
from galleryman.views.main_window import MainWindow
from tests.gui_helpers import answer_yes, item_titles, server_of, wait_idle
from tests.test_gui_items import open_gallery_with_images, select


def type_title_without_committing(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    field = window.item_panel.title_edit
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)  # no Enter, no focus change: not committed yet


def test_refresh_saves_typed_text_first_and_keeps_the_selection(
    qtbot, main_window: MainWindow
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 3)
    server = server_of(main_window)
    ids = select(main_window, "p1")
    type_title_without_committing(qtbot, main_window, "Typed then refreshed")

    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id)[1] == "Typed then refreshed"
    qtbot.waitUntil(lambda: main_window.selected_ids() == ids)
    assert main_window.item_panel.title_edit.text() == "Typed then refreshed"


def test_quit_saves_typed_text(qtbot, main_window: MainWindow) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    select(main_window, "p0")
    type_title_without_committing(qtbot, main_window, "Typed then quit")

    main_window.actions_.quit.trigger()
    # The window stopped the sandbox on its way out: read what it stored by opening it again.
    reopened = SandboxServer(server.data_dir)
    try:
        assert item_titles(reopened, gallery_id)[0] == "Typed then quit"
    finally:
        reopened.stop()


def test_delete_in_the_galleries_list_does_not_delete_photos(
    qtbot, main_window: MainWindow, monkeypatch
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    asked = answer_yes(monkeypatch)
    select(main_window, "p0")
    sidebar = main_window.sidebar.view
    sidebar.setFocus()
    qtbot.keyClick(sidebar, Qt.Key.Key_Delete)
    qtbot.keyClick(sidebar, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, main_window)
    assert asked == []
    assert item_titles(server, gallery_id) == ["p0", "p1"]
    assert len(main_window.selected_ids()) == 1  # Ctrl+A there did not select every photo

    grid = main_window.grid
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(main_window.selected_ids()) == 2
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    wait_idle(qtbot, main_window)
    assert len(asked) == 1
    assert item_titles(server, gallery_id) == []


def test_moves_are_disabled_while_the_filter_hides_part_of_the_order(
    qtbot, main_window: MainWindow
) -> None:
    open_gallery_with_images(qtbot, main_window, 3)
    select(main_window, "p2")
    a = main_window.actions_
    assert a.move_to_top.isEnabled() and a.move_to_bottom.isEnabled()
    main_window.filter_box.setText("p2")
    assert not a.move_to_top.isEnabled() and not a.move_to_bottom.isEnabled()
    assert a.delete_items.isEnabled()
    main_window.filter_box.clear()
    assert a.move_to_top.isEnabled()


def test_gallery_actions_are_on_the_toolbar(qtbot, main_window: MainWindow) -> None:
    a = main_window.actions_
    on_toolbar = main_window.toolbar.actions()
    for action in (a.new_gallery, a.clone_gallery, a.rename_gallery, a.delete_gallery, a.refresh):
        assert action in on_toolbar, action.text()
