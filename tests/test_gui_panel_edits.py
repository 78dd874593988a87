"""GUI: what the item panel refuses is shown inline and never sent, and what it accepts is
stored by the server as typed — in the real window, checked on the server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from galleryman.sandbox.server import SandboxServer
from galleryman.views.main_window import MainWindow
from galleryman.wix.models import Item
from tests.gui_helpers import open_new_gallery, select, server_of, uploaded_images, wait_idle

pytestmark = pytest.mark.also_wix  # the same against the slow, strict, Wix-like sandbox


def open_gallery(qtbot, window: MainWindow, items: list[Item]) -> str:
    """A new gallery on the window's sandbox holding `items`, opened in the window."""
    return open_new_gallery(qtbot, window, "Panel edits", items)


def select_one(window: MainWindow, title: str) -> str:
    (item_id,) = select(window, title)
    assert window.item_panel.current_item_id() == item_id
    return item_id


def patches(server: SandboxServer) -> int:
    return sum(1 for method, _path, _status in server.request_log if method == "PATCH")


def stored(server: SandboxServer, gallery_id: str) -> dict[str, dict]:
    """The server's items by title."""
    return {doc.get("title", ""): doc for doc in server.store.list_items(gallery_id)}


def type_over(qtbot, field: QLineEdit | QPlainTextEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


def test_a_link_that_cannot_be_parsed_is_refused_and_the_next_edit_goes_to_the_right_item(
    qtbot, main_window: MainWindow
) -> None:
    gallery_id = open_gallery(qtbot, main_window, uploaded_images(main_window, 2))
    server = server_of(main_window)
    panel = main_window.item_panel
    before = patches(server)
    first = select_one(main_window, "p0")

    type_over(qtbot, panel.link_url_edit, "http://[::1")
    qtbot.keyClick(panel.link_url_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, main_window)
    assert panel.link_url_error_label.isVisible()
    assert panel.link_url_error_label.text() == "Not a valid web address"
    assert patches(server) == before

    # Selecting another item tries the typed link once more (refused again) and moves on.
    second = select_one(main_window, "p1")
    assert second != first
    assert panel.link_url_edit.text() == ""
    assert not panel.link_url_error_label.isVisible()
    type_over(qtbot, panel.title_edit, "Harbour at dawn")
    qtbot.keyClick(panel.title_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, main_window)

    held = stored(server, gallery_id)
    assert sorted(held) == ["Harbour at dawn", "p0"]
    assert held["Harbour at dawn"]["id"] == second
    assert held["p0"]["id"] == first
    assert all("link" not in doc for doc in held.values())
    assert patches(server) == before + 1
    assert panel.status.state == "saved"


def test_closing_the_window_with_an_unparsable_link_typed_sends_nothing(
    qtbot, main_window: MainWindow
) -> None:
    gallery_id = open_gallery(qtbot, main_window, uploaded_images(main_window, 1))
    server = server_of(main_window)
    select_one(main_window, "p0")
    type_over(qtbot, main_window.item_panel.link_url_edit, "http://[::1")
    before = patches(server)
    main_window.close()  # commits what was typed first: refused, not a crash
    assert patches(server) == before
    reopened = SandboxServer(main_window.sites.paths.sandbox_dir)  # closing stopped the sandbox
    reopened.start()
    try:
        assert "link" not in reopened.store.list_items(gallery_id)[0]
    finally:
        reopened.stop()


def test_a_video_url_typed_without_https_is_stored_with_it(qtbot, main_window: MainWindow) -> None:
    clip = Item.video_item("https://www.youtube.com/watch?v=dQw4w9WgXcQ", title="Clip")
    gallery_id = open_gallery(qtbot, main_window, [clip])
    server = server_of(main_window)
    panel = main_window.item_panel
    select_one(main_window, "Clip")

    type_over(qtbot, panel.video_url_edit, "youtu.be/abcdefghijk")
    qtbot.keyClick(panel.video_url_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, main_window)

    video = stored(server, gallery_id)["Clip"]["video"]
    assert video["type"] == "YOUTUBE"
    assert video["videoInfo"]["url"] == "https://youtu.be/abcdefghijk"
    assert panel.status.state == "saved"
    assert panel.video_url_edit.text() == "https://youtu.be/abcdefghijk"
    assert not panel.video_url_error_label.isVisible()


def test_clearing_a_text_items_html_is_refused_inline(qtbot, main_window: MainWindow) -> None:
    note = Item.text_item("<p>Open daily</p>", title="Note")
    gallery_id = open_gallery(qtbot, main_window, [note])
    server = server_of(main_window)
    panel = main_window.item_panel
    select_one(main_window, "Note")
    before = patches(server)

    type_over(qtbot, panel.html_edit, "")
    qtbot.keyClick(panel.html_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, main_window)

    assert patches(server) == before
    assert stored(server, gallery_id)["Note"]["text"]["html"] == "<p>Open daily</p>"
    assert panel.status.state != "failed"
    assert panel.html_error_label.isVisible()
    assert "empty" in panel.html_error_label.text()

    # Typing text again clears the error and saves it.
    type_over(qtbot, panel.html_edit, "<p>Closed on Mondays</p>")
    qtbot.keyClick(panel.html_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, main_window)
    assert not panel.html_error_label.isVisible()
    assert stored(server, gallery_id)["Note"]["text"]["html"] == "<p>Closed on Mondays</p>"
