"""Conflicts: a field the user changed was also changed on the site (the Wix editor) before the
change went out. The window never overwrites the site's value silently: Pending Changes shows
both values and the user keeps theirs or the site's, per change or for all. An item deleted on
the site while edited here is reported, never re-created. Checked in the grid, the dialog and
on the site."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from galleryman.sync import State
from galleryman.views.main_window import MainWindow
from galleryman.views.pending_changes import PendingChangesDialog
from tests.gui_helpers import (
    item_titles,
    open_gallery_with_images,
    replace_text,
    select,
    server_of,
    wait_idle,
)
from tests.support import make_client


def grid_titles(window: MainWindow) -> list[str]:
    model = window.grid.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def retitle_here(qtbot, window: MainWindow, title: str, text: str) -> None:  # type: ignore[no-untyped-def]
    select(window, title)
    replace_text(qtbot, window.item_panel.title_edit, text)
    qtbot.keyClick(window.item_panel.title_edit, Qt.Key.Key_Return)


def retitle_elsewhere(window: MainWindow, gallery_id: str, old: str, new: str) -> None:
    """Someone changes the title on the site (another client, as the Wix editor would)."""
    server = server_of(window)
    item = next(i for i in server.store.list_items(gallery_id) if i["title"] == old)
    with make_client(server) as client:
        client.update_item(gallery_id, item["id"], {"title": new})


def open_pending(window: MainWindow) -> PendingChangesDialog:
    window.pending.show_action.trigger()
    dialog = window.findChild(PendingChangesDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def row_buttons(dialog: PendingChangesDialog, row: int) -> dict[str, QPushButton]:
    return {b.text(): b for b in dialog.table.cellWidget(row, 2).findChildren(QPushButton)}


@pytest.mark.parametrize("keep", ["Keep Mine", "Keep the Site's"])
def test_a_title_changed_on_the_site_too_is_shown_with_both_values_and_the_user_chooses(
    qtbot, main_window: MainWindow, keep: str
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    session = main_window.session
    assert session is not None
    session.set_review_before_sending(True)  # held: the site changes before it goes out
    retitle_here(qtbot, main_window, "p0", "Cove at dawn")
    wait_idle(qtbot, main_window)
    retitle_elsewhere(main_window, gallery_id, "p0", "Cove (2)")

    main_window.actions_.refresh.trigger()  # the listing sees the site's change
    wait_idle(qtbot, main_window)
    [change] = session.edits.outbox.changes([State.CONFLICT])
    assert item_titles(server, gallery_id) == ["Cove (2)", "p1"]  # nothing overwritten
    assert grid_titles(main_window) == ["Cove at dawn", "p1"]  # the user's value, still shown
    dialog = open_pending(main_window)
    assert dialog.table.item(0, 0).text().splitlines() == [
        "Title of “p0”: “p0” → “Cove at dawn”",
        "Title: yours “Cove at dawn”, the site's “Cove (2)”",
    ]
    assert dialog.table.item(0, 1).text() == "Changed on the site too"
    assert set(row_buttons(dialog, 0)) == {"Keep Mine", "Keep the Site's", "Discard"}

    qtbot.mouseClick(row_buttons(dialog, 0)[keep], Qt.MouseButton.LeftButton)
    session.send_held()
    wait_idle(qtbot, main_window)
    expected = "Cove at dawn" if keep == "Keep Mine" else "Cove (2)"
    assert item_titles(server, gallery_id) == [expected, "p1"]
    assert grid_titles(main_window) == [expected, "p1"]
    assert session.counts().waiting == 0
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    dialog.close()


def test_keep_all_of_the_site_s_values_resolves_every_conflict_at_once(
    qtbot, main_window: MainWindow
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 3)
    server = server_of(main_window)
    session = main_window.session
    assert session is not None
    session.set_review_before_sending(True)
    for n in range(3):
        retitle_here(qtbot, main_window, f"p{n}", f"mine {n}")
    wait_idle(qtbot, main_window)
    for n in range(2):  # two of the three are changed on the site too
        retitle_elsewhere(main_window, gallery_id, f"p{n}", f"site {n}")
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    assert len(session.edits.outbox.changes([State.CONFLICT])) == 2

    dialog = open_pending(main_window)
    for _ in range(3):  # it follows the outbox: refreshed again and again
        dialog.refresh()
    buttons = [b for b in dialog.table.findChildren(QPushButton) if b.isVisibleTo(dialog)]
    # One set of buttons per row, nothing left over from an earlier refresh.
    assert sorted(b.text() for b in buttons) == sorted(
        ["Keep Mine", "Keep the Site's", "Discard"] * 2 + ["Discard"]
    )
    assert dialog.keep_all_site.isVisible() and dialog.keep_all_mine.isVisible()
    qtbot.mouseClick(dialog.keep_all_site, Qt.MouseButton.LeftButton)
    session.send_held()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["site 0", "site 1", "mine 2"]
    assert grid_titles(main_window) == ["site 0", "site 1", "mine 2"]
    dialog.close()


def test_an_item_deleted_on_the_site_while_edited_here_is_reported_not_recreated(
    qtbot, main_window: MainWindow
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    session = main_window.session
    assert session is not None
    session.set_review_before_sending(True)
    retitle_here(qtbot, main_window, "p1", "Gulls")
    wait_idle(qtbot, main_window)
    gone = next(i for i in server.store.list_items(gallery_id) if i["title"] == "p1")
    with make_client(server) as client:
        client.delete_item(gallery_id, gone["id"])

    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    session.send_held()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0"]  # not re-created by the edit
    assert grid_titles(main_window) == ["p0"]
    [failed] = session.edits.outbox.changes([State.FAILED])
    dialog = open_pending(main_window)
    text = dialog.table.item(0, 0).text()
    assert text.startswith("Title of “p1”: “p1” → “Gulls”")
    assert "deleted" in text.lower()
    assert set(row_buttons(dialog, 0)) == {"Discard"}  # nothing to retry
    dialog.close()
    assert failed.problem is not None
