"""GUI: items added, reordered, edited, bulk-edited and deleted in the real window, with
undo and redo, and failures shown without losing anything — each checked on the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl

from galleryman.sandbox.server import SandboxServer
from galleryman.views.main_window import MainWindow
from tests.gui_helpers import (
    answer_yes,
    item_titles,
    left_half,
    open_gallery_with_images,
    select,
    send_drop,
    server_of,
    wait_idle,
)
from tests.support import image_bytes, make_client

pytestmark = pytest.mark.also_wix  # the same against the slow, strict, Wix-like sandbox


def patches(server: SandboxServer) -> int:
    return sum(1 for method, _path, _s in server.request_log if method == "PATCH")


def test_drop_files_uploads_them_at_the_drop_position(
    qtbot, main_window: MainWindow, tmp_path: Path
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 3)
    good = []
    for n, fmt in enumerate(("PNG", "JPEG")):
        path = tmp_path / f"new{n}.{fmt.lower()}"
        path.write_bytes(image_bytes(64, 64, fmt, seed=10 + n))
        good.append(path)
    bad = tmp_path / "notes.jpg"
    bad.write_text("not an image")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (*good, bad)])
    session = main_window.session
    assert session is not None
    progress: list[tuple[int, int]] = []
    session.uploads_changed.connect(lambda done, total: progress.append((done, total)))
    send_drop(main_window.grid, mime, left_half(main_window.grid, 1), Qt.DropAction.CopyAction)
    assert main_window.activity_label.text() == "Uploading 1 of 3"
    wait_idle(qtbot, main_window)
    # Overall progress in the status bar: 3 files queued, finished one by one, then done.
    assert progress == [(0, 3), (1, 3), (2, 3), (0, 0)]
    server = server_of(main_window)
    assert item_titles(server, gallery_id) == ["p0", "new0", "new1", "p1", "p2"]
    failed = [r for r in session.items.upload_rows() if r.error]
    # The tile says why under the file's name, and offers no Retry: the file itself is bad.
    assert [r.path.name for r in failed] == ["notes.jpg"]
    assert not failed[0].retryable
    # The uploaded items are real Media Manager files with their true dimensions.
    new0 = server.store.list_items(gallery_id)[1]
    assert (new0["image"]["imageInfo"]["width"], new0["image"]["imageInfo"]["height"]) == (64, 64)


def test_drag_reorder_saves_one_patch_and_undoes(qtbot, main_window: MainWindow) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window)
    server = server_of(main_window)
    before = patches(server)
    grid = main_window.grid
    mime = grid.model().mimeData([grid.index_of_id(select(main_window, "p3")[0])])
    send_drop(grid, mime, left_half(grid, 1), Qt.DropAction.MoveAction)
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0", "p3", "p1", "p2", "p4"]
    assert patches(server) - before == 1  # one PATCH for one moved item
    shown = [grid.model().index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(5)]
    assert shown == ["p0", "p3", "p1", "p2", "p4"]

    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    assert [i.title for i in main_window.session.items.items()] == shown  # type: ignore[union-attr]

    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0", "p1", "p2", "p3", "p4"]
    main_window.actions_.redo.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0", "p3", "p1", "p2", "p4"]


def test_move_to_top_and_bottom(qtbot, main_window: MainWindow) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window)
    server = server_of(main_window)
    select(main_window, "p2", "p4")
    main_window.actions_.move_to_top.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p2", "p4", "p0", "p1", "p3"]
    select(main_window, "p2")
    main_window.actions_.move_to_bottom.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p4", "p0", "p1", "p3", "p2"]
    main_window.actions_.undo.trigger()
    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0", "p1", "p2", "p3", "p4"]


def test_edit_title_description_and_link_in_the_panel(qtbot, main_window: MainWindow) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    select(main_window, "p1")
    panel = main_window.item_panel
    assert panel.current_item_id() is not None

    panel.title_edit.setFocus()
    panel.title_edit.selectAll()
    qtbot.keyClicks(panel.title_edit, "Harbour at dawn")
    assert server.store.list_items(gallery_id)[1]["title"] == "p1"  # not saved while typing
    qtbot.keyClick(panel.title_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, main_window)
    assert server.store.list_items(gallery_id)[1]["title"] == "Harbour at dawn"

    panel.description_edit.setFocus()
    qtbot.keyClicks(panel.description_edit, "Boats coming in")
    qtbot.keyClick(panel.description_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, main_window)
    assert server.store.list_items(gallery_id)[1]["description"] == "Boats coming in"

    panel.link_url_edit.setFocus()
    qtbot.keyClicks(panel.link_url_edit, "https://example.com/harbour")
    qtbot.keyClick(panel.link_url_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, main_window)
    link = server.store.list_items(gallery_id)[1]["link"]
    assert link["url"] == "https://example.com/harbour" and link["target"] == "_blank"

    main_window.actions_.undo.trigger()  # the link
    wait_idle(qtbot, main_window)
    assert "link" not in server.store.list_items(gallery_id)[1]
    main_window.actions_.undo.trigger()  # the description
    main_window.actions_.undo.trigger()  # the title
    wait_idle(qtbot, main_window)
    held = server.store.list_items(gallery_id)[1]
    assert held["title"] == "p1" and "description" not in held
    main_window.actions_.redo.trigger()
    wait_idle(qtbot, main_window)
    assert server.store.list_items(gallery_id)[1]["title"] == "Harbour at dawn"


def test_bulk_edit_only_where_empty_and_undo(qtbot, main_window: MainWindow) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 4)
    server = server_of(main_window)
    with make_client(server) as client:
        first = server.store.list_items(gallery_id)[0]["id"]
        client.update_item(gallery_id, first, {"description": "keep me"})
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    select(main_window, "p0", "p1", "p2")
    bulk = main_window.bulk_panel
    assert main_window.detail_stack.currentWidget() is bulk
    bulk.description_check.setChecked(True)
    bulk.description_edit.setPlainText("From the 2026 trip")
    bulk.tags_check.setChecked(True)
    bulk.tags_edit.setText("trip, sea")
    bulk.only_empty_check.setChecked(True)
    qtbot.mouseClick(bulk.apply_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, main_window)
    held = server.store.list_items(gallery_id)
    assert [i.get("description") for i in held] == [
        "keep me",
        "From the 2026 trip",
        "From the 2026 trip",
        None,
    ]
    assert [i.get("tags", {}).get("values") for i in held[:3]] == [["trip", "sea"]] * 3
    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    held = server.store.list_items(gallery_id)
    assert [i.get("description") for i in held] == ["keep me", None, None, None]
    assert all(not i.get("tags", {}).get("values") for i in held)


def test_delete_then_undo_recreates_then_redo(
    qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 4)
    server = server_of(main_window)
    media = {i["title"]: i["image"]["imageInfo"]["id"] for i in server.store.list_items(gallery_id)}
    answer_yes(monkeypatch)
    select(main_window, "p1", "p2")
    bulk_posts = sum(1 for m, p, _ in server.request_log if m == "POST" and p.endswith("/delete"))
    main_window.actions_.delete_items.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0", "p3"]
    after = sum(1 for m, p, _ in server.request_log if m == "POST" and p.endswith("/delete"))
    assert after - bulk_posts == 1  # one bulk delete call

    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    held = server.store.list_items(gallery_id)
    assert [i["title"] for i in held] == ["p0", "p1", "p2", "p3"]
    assert {i["title"]: i["image"]["imageInfo"]["id"] for i in held} == media

    main_window.actions_.redo.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0", "p3"]


@pytest.mark.allow_modal  # the "Sending changes" dialog may show before they have landed
def test_closing_with_writes_in_flight_loses_nothing(qtbot, main_window: MainWindow) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 3)
    server = server_of(main_window)
    session = main_window.session
    assert session is not None
    gate = server.gate("PATCH", r"/items/")  # the edits are still on their way at close
    for n, item in enumerate(session.items.items()):
        session.edit_item(str(item.id), {"title": f"edited {n}"}, "Edit title")
    qtbot.waitUntil(lambda: gate.arrived(1, timeout=0))  # the window keeps running
    assert session.pending_writes() == 3
    QTimer.singleShot(0, gate.close)  # they land once the window is closing
    main_window.close()  # also stops the local sandbox; its data stays on disk
    reopened = SandboxServer(main_window.sites.paths.sandbox_dir)
    reopened.start()
    try:
        assert item_titles(reopened, gallery_id) == ["edited 0", "edited 1", "edited 2"]
    finally:
        reopened.stop()


def test_a_malformed_answer_is_reported_and_the_window_carries_on(
    qtbot, main_window: MainWindow
) -> None:
    open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    server.faults.inject_next("malformed-json", count=1, method="GET")
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    messages = main_window.notifications.messages()
    assert messages and "unexpected answer" in messages[-1]
    main_window.actions_.refresh.trigger()  # and the next try works
    wait_idle(qtbot, main_window)
    session = main_window.session
    assert session is not None and session.galleries.rowCount() == 1
    assert len(session.items.items()) == 2


def commit_line(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type over a single-line field and press Enter (one commit; no wait for the server)."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def commit_multiline(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type over a multi-line field and press Ctrl+Enter (one commit)."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def held_item(server: SandboxServer, gallery_id: str, item_id: str) -> dict:  # type: ignore[type-arg]
    return next(i for i in server.store.list_items(gallery_id) if i["id"] == item_id)


def test_undo_after_quick_title_edits_puts_back_the_one_before(
    qtbot, main_window: MainWindow
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    session = main_window.session
    assert session is not None
    [item_id] = select(main_window, "p1")
    panel = main_window.item_panel
    undo, redo = main_window.actions_.undo, main_window.actions_.redo

    with server.gate("PATCH", r"/items/"):  # no answer arrives between the commits
        commit_line(qtbot, panel.title_edit, "First")
        assert session.item(item_id).title == "First"  # type: ignore[union-attr]  # at once
        commit_line(qtbot, panel.title_edit, "Second")
        assert session.item(item_id).title == "Second"  # type: ignore[union-attr]
    wait_idle(qtbot, main_window)
    assert held_item(server, gallery_id, item_id)["title"] == "Second"

    undo.trigger()
    assert panel.title_edit.text() == "First"  # shown before the server answers
    wait_idle(qtbot, main_window)
    assert held_item(server, gallery_id, item_id)["title"] == "First"
    assert session.item(item_id).title == "First"  # type: ignore[union-attr]
    assert panel.title_edit.text() == "First" and not panel.title_edit.is_dirty()
    undo.trigger()
    wait_idle(qtbot, main_window)
    assert held_item(server, gallery_id, item_id)["title"] == "p1"

    redo.trigger()
    wait_idle(qtbot, main_window)
    assert held_item(server, gallery_id, item_id)["title"] == "First"
    redo.trigger()
    wait_idle(qtbot, main_window)
    assert held_item(server, gallery_id, item_id)["title"] == "Second"
    assert panel.title_edit.text() == "Second"


def test_description_and_link_edits_undo_and_redo_one_at_a_time(
    qtbot, main_window: MainWindow
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    [item_id] = select(main_window, "p1")
    panel = main_window.item_panel
    undo, redo = main_window.actions_.undo, main_window.actions_.redo

    def held() -> tuple[object, object]:
        item = held_item(server, gallery_id, item_id)
        return item.get("description"), item.get("link", {}).get("url")

    with server.gate("PATCH", r"/items/"):  # no answer arrives between the commits
        commit_multiline(qtbot, panel.description_edit, "Boats")
        commit_multiline(qtbot, panel.description_edit, "Boats coming in")
        commit_line(qtbot, panel.link_url_edit, "https://example.com/a")
        commit_line(qtbot, panel.link_url_edit, "https://example.com/b")
    wait_idle(qtbot, main_window)
    assert held() == ("Boats coming in", "https://example.com/b")

    steps = [
        ("Boats coming in", "https://example.com/a"),
        ("Boats coming in", None),
        ("Boats", None),
        (None, None),
    ]
    for expected in steps:
        undo.trigger()
        wait_idle(qtbot, main_window)
        assert held() == expected
    for expected in [*reversed(steps[:-1]), ("Boats coming in", "https://example.com/b")]:
        redo.trigger()
        wait_idle(qtbot, main_window)
        assert held() == expected
    link = held_item(server, gallery_id, item_id)["link"]
    assert link["target"] == "_blank"


def test_quick_bulk_edits_undo_and_redo_one_at_a_time(qtbot, main_window: MainWindow) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 3)
    server = server_of(main_window)
    select(main_window, "p0", "p1")
    bulk = main_window.bulk_panel
    assert main_window.detail_stack.currentWidget() is bulk
    undo, redo = main_window.actions_.undo, main_window.actions_.redo

    def descriptions() -> list[object]:
        return [i.get("description") for i in server.store.list_items(gallery_id)]

    bulk.description_check.setChecked(True)
    with server.gate("PATCH", r"/items/"):  # no answer arrives between the two applies
        for text in ("From the trip", "From the 2026 trip"):
            bulk.description_edit.setPlainText(text)
            qtbot.mouseClick(bulk.apply_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, main_window)
    assert descriptions() == ["From the 2026 trip", "From the 2026 trip", None]

    undo.trigger()
    wait_idle(qtbot, main_window)
    assert descriptions() == ["From the trip", "From the trip", None]
    undo.trigger()
    wait_idle(qtbot, main_window)
    assert descriptions() == [None, None, None]
    redo.trigger()
    wait_idle(qtbot, main_window)
    assert descriptions() == ["From the trip", "From the trip", None]
    redo.trigger()
    wait_idle(qtbot, main_window)
    assert descriptions() == ["From the 2026 trip", "From the 2026 trip", None]


def test_move_to_top_right_after_an_edit_stays_and_redoes(qtbot, main_window: MainWindow) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window)
    server = server_of(main_window)
    session = main_window.session
    assert session is not None
    [moved] = select(main_window, "p3")
    with server.gate("PATCH", r"/items/"):  # the edit is answered after the move was made
        commit_line(qtbot, main_window.item_panel.title_edit, "Cover")
        main_window.actions_.move_to_top.trigger()
        assert session.items.row_of(moved) == 0
        rows: list[int] = []
        session.items.dataChanged.connect(lambda *_: rows.append(session.items.row_of(moved)))
        session.items.rowsMoved.connect(lambda *_: rows.append(session.items.row_of(moved)))
    wait_idle(qtbot, main_window)
    # The edit's answer (sent before the move) does not pull the item back down meanwhile.
    assert rows and set(rows) == {0}
    assert item_titles(server, gallery_id) == ["Cover", "p0", "p1", "p2", "p4"]

    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0", "p1", "p2", "Cover", "p4"]
    main_window.actions_.redo.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["Cover", "p0", "p1", "p2", "p4"]
    assert [i.title for i in session.items.items()] == ["Cover", "p0", "p1", "p2", "p4"]


def test_an_edit_answered_after_its_item_was_deleted_does_not_bring_it_back(
    qtbot, main_window: MainWindow, monkeypatch
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    answer_yes(monkeypatch)
    session = main_window.session
    assert session is not None
    [doomed] = select(main_window, "p0")
    with server.gate("PATCH", r"/items/") as gate:  # the edit is answered after the delete
        session.edit_item(doomed, {"title": "edited, then deleted"}, "Edit title")
        qtbot.waitUntil(lambda: gate.arrived(1, timeout=0))  # the window keeps running
        main_window.item_actions.delete_selected_items()
        assert [i.title for i in session.items.items()] == ["p1"]
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p1"]
    assert [i.title for i in session.items.items()] == ["p1"]
