"""GUI: the window keeps what the user was doing — text typed in the panel survives Refresh
and Quit, the selection survives Refresh, keys act only on what has focus, and actions that
cannot act are disabled. Each checked on the server."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt, QTimer

from galleryman.models.roles import thumb_key
from galleryman.sandbox.server import SandboxServer
from galleryman.views.closing import SendingChangesDialog
from galleryman.views.main_window import MainWindow
from tests.gui_helpers import (
    answer_yes,
    item_titles,
    open_gallery_with_images,
    select,
    server_of,
    wait_idle,
)


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


def edit_every_title(window: MainWindow) -> str:
    """Queue one title edit per item; the gallery's id."""
    session = window.session
    assert session is not None and session.gallery_id is not None
    for n, item in enumerate(session.items.items()):
        session.edit_item(str(item.id), {"title": f"edited {n}"}, "Edit title")
    return session.gallery_id


def watch_while_closing(window: MainWindow, on_dialog=None):  # type: ignore[no-untyped-def]
    """Ticks of a 20 ms timer during close (did the window keep running?) and the texts the
    finishing dialog showed."""
    seen: dict[str, list[str]] = {"ticks": [], "dialog": []}
    timer = QTimer()
    timer.setInterval(20)

    def tick() -> None:
        seen["ticks"].append("tick")
        dialog = window.findChild(SendingChangesDialog)
        if dialog is not None and dialog.isVisible():
            seen["dialog"].append(dialog.label.text())
            if on_dialog is not None:
                on_dialog(dialog)

    timer.timeout.connect(tick)
    timer.start()
    window.close()
    timer.stop()
    return seen


@pytest.mark.allow_modal
def test_closing_with_changes_on_their_way_keeps_the_window_running_and_sends_them_all(
    qtbot, main_window: MainWindow
) -> None:
    open_gallery_with_images(qtbot, main_window, 3)
    server = server_of(main_window)
    data_dir = server.data_dir
    with server.gate("PATCH", r"/items/") as gate:
        gallery_id = edit_every_title(main_window)
        qtbot.waitUntil(lambda: gate.arrived(1, timeout=0))  # the window keeps running

        counted: list[str] = []

        def release_when_shown(dialog: SendingChangesDialog) -> None:
            # One change lands each time the dialog has counted the last one down.
            left = dialog.label.text().split("… ")[1].split(" left")[0]
            if left not in counted:
                counted.append(left)
                gate.release_one()

        seen = watch_while_closing(main_window, on_dialog=release_when_shown)
    assert len(seen["ticks"]) > 5  # the event loop ran while the changes went out
    assert seen["dialog"][0].startswith("Sending 3 changes to the site… 3 left.")
    assert counted == ["3", "2", "1"]  # it counts down as they land
    reopened = SandboxServer(data_dir)
    try:
        assert item_titles(reopened, gallery_id) == ["edited 0", "edited 1", "edited 2"]
    finally:
        reopened.stop()


@pytest.mark.allow_modal
def test_close_without_waiting_closes_at_once_with_one_click_and_says_what_was_left(
    qtbot, main_window: MainWindow, caplog
) -> None:
    open_gallery_with_images(qtbot, main_window, 4)
    server = server_of(main_window)
    clicks: list[str] = []

    def click_once(dialog: SendingChangesDialog) -> None:
        if not clicks:
            clicks.append("click")
            qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    with server.gate("PATCH", r"/items/") as gate:
        edit_every_title(main_window)
        qtbot.waitUntil(lambda: gate.arrived(1, timeout=0))  # the window keeps running
        with caplog.at_level(logging.INFO, logger="galleryman"):
            seen = watch_while_closing(main_window, on_dialog=click_once)
        assert clicks == ["click"] and seen["dialog"]
        assert not main_window.isVisible()  # closed with that one click
    assert any("changes not yet sent" in record.getMessage() for record in caplog.records)


def test_refresh_gives_failed_thumbnails_another_chance(qtbot, main_window: MainWindow) -> None:
    open_gallery_with_images(qtbot, main_window, 2)
    session, loader, grid = main_window.session, main_window.loader, main_window.grid
    assert session is not None and loader is not None
    qtbot.waitUntil(grid.visible_thumbnails_settled)
    # The server loses its files for a while; a larger size needs new scaled copies.
    data = server_of(main_window).data_dir
    for name in ("media", "cache"):
        (data / name).rename(data / f"{name}.away")
    main_window.size_slider.setValue(main_window.size_slider.maximum())
    size_px = round(grid.thumbnail_size * grid.devicePixelRatio())
    keys = [thumb_key(item) for item in session.items.items()]
    qtbot.waitUntil(lambda: all(loader.state(k, size_px) == "failed" for k in keys))

    for name in ("media", "cache"):
        (data / f"{name}.away").rename(data / name)  # back again
    main_window.actions_.refresh.trigger()
    qtbot.waitUntil(lambda: all(loader.state(k, size_px) == "ready" for k in keys))


def test_add_files_opens_in_pictures_then_in_the_last_folder_used(
    qtbot, main_window: MainWindow, monkeypatch, tmp_path
) -> None:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    from tests.support import image_bytes

    open_gallery_with_images(qtbot, main_window, 1)
    pictures = tmp_path / "Pictures"
    pictures.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(pictures))
    trip = tmp_path / "trip"
    trip.mkdir()
    photo = trip / "beach.png"
    photo.write_bytes(image_bytes(30, 20, "PNG"))
    opened_in: list[str] = []

    def choose(_parent, _title, folder, _filter):  # type: ignore[no-untyped-def]
        opened_in.append(folder)
        return [str(photo)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    main_window.actions_.add_files.trigger()
    wait_idle(qtbot, main_window)
    main_window.actions_.add_files.trigger()
    wait_idle(qtbot, main_window)
    assert opened_in == [str(pictures), str(trip)]
    session = main_window.session
    assert session is not None
    assert item_titles(server_of(main_window), str(session.gallery_id)) == ["p0", "beach", "beach"]


def test_a_status_message_does_not_outlive_what_it_describes(
    qtbot, main_window: MainWindow, monkeypatch
) -> None:
    answer_yes(monkeypatch)
    open_gallery_with_images(qtbot, main_window, 3)
    select(main_window, "p0", "p1")
    main_window.actions_.delete_items.trigger()
    wait_idle(qtbot, main_window)
    assert main_window.message_label.text() == "Deleted 2 items"
    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    assert main_window.message_label.text() == "Undid: Delete 2 items"
    # And a message leaves by itself: shown with a timeout, never for good...
    main_window.actions_.redo.trigger()
    wait_idle(qtbot, main_window)
    timer = main_window._message_timer
    assert timer.isActive() and timer.interval() > 0
    timer.timeout.emit()
    assert main_window.message_label.text() == ""
    # ...and never hides the counts, nor is drawn under them.
    assert main_window.count_label.isVisibleTo(main_window)
