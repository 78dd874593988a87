"""State that crosses selections: a panel reused for a new selection starts clean, says what
it will do, and a status appearing never moves the fields under the user's pointer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from galleryman.views.main_window import MainWindow
from tests.gui_helpers import (
    open_gallery_with_images,
    open_new_gallery,
    replace_text,
    select,
    server_of,
    shown_text,
    uploaded_images,
    wait_idle,
)


def tags_on_site(window: MainWindow, gallery_id: str) -> list[list[str]]:
    items = server_of(window).store.list_items(gallery_id)
    return [(i.get("tags") or {}).get("values", []) for i in items]


def alt_on_site(window: MainWindow, gallery_id: str) -> list[str | None]:
    items = server_of(window).store.list_items(gallery_id)
    return [i["image"]["imageInfo"].get("altText") for i in items]


def test_the_bulk_panel_starts_clean_for_another_gallerys_selection(
    qtbot, main_window: MainWindow
) -> None:
    first = open_gallery_with_images(qtbot, main_window, 3)
    panel = main_window.bulk_panel
    main_window.actions_.select_all.trigger()
    panel.tags_check.setChecked(True)
    panel.tags_edit.setText("golden-hour")
    panel.tags_add.setChecked(True)
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, main_window)
    assert tags_on_site(main_window, first) == [["golden-hour"]] * 3

    second = open_new_gallery(qtbot, main_window, "Other", uploaded_images(main_window, 2, "q"))
    main_window.grid.setFocus()
    main_window.actions_.select_all.trigger()
    assert main_window.detail_stack.currentWidget() is panel
    assert not panel.tags_check.isChecked() and panel.tags_edit.text() == ""
    assert panel.tags_replace.isChecked() and not panel.only_empty_check.isChecked()
    assert panel.summary_label.text() == "Tick the fields to change in every selected item."

    panel.alt_text_check.setChecked(True)
    panel.alt_text_edit.setText("Harbour wall")
    assert panel.summary_label.text() == "Apply to 2 items: alt text"
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, main_window)
    assert alt_on_site(main_window, second) == ["Harbour wall"] * 2
    assert tags_on_site(main_window, second) == [[], []]  # nothing but what was asked for


def test_the_bulk_panel_keeps_typing_for_the_same_selection_and_clears_for_another(
    qtbot, main_window: MainWindow
) -> None:
    open_gallery_with_images(qtbot, main_window, 4)
    panel = main_window.bulk_panel
    select(main_window, "p0", "p1")
    panel.title_check.setChecked(True)
    panel.title_edit.setText("Pier")
    panel.link_check.setChecked(True)
    panel.link_url_edit.setText("")
    panel.only_empty_check.setChecked(True)
    expected = "Apply to 2 items: title, remove link, only where empty"
    assert panel.summary_label.text() == expected
    session = main_window.session
    assert session is not None
    session.items.dataChanged.emit(session.items.index(0), session.items.index(3))  # a refresh
    main_window.update_details()
    assert panel.title_edit.text() == "Pier" and panel.summary_label.text() == expected

    select(main_window, "p1", "p2")  # another selection, same gallery
    assert not panel.title_check.isChecked() and panel.title_edit.text() == ""
    assert not panel.link_check.isChecked() and not panel.only_empty_check.isChecked()


def test_the_item_panel_shows_each_item_fresh(qtbot, main_window: MainWindow) -> None:
    open_gallery_with_images(qtbot, main_window, 2)
    panel = main_window.item_panel
    select(main_window, "p0")
    replace_text(qtbot, panel.link_url_edit, "http://[::1")  # not a web address
    qtbot.keyClick(panel.link_url_edit, Qt.Key.Key_Return)
    assert panel.link_url_edit.property("invalid")
    select(main_window, "p1")
    assert panel.title_edit.text() == "p1"
    assert panel.link_url_edit.text() == "" and not panel.link_url_edit.property("invalid")
    assert panel.status.full_text() == ""


@pytest.mark.parametrize("which", ["item", "bulk"])
def test_a_save_status_does_not_move_the_fields(qtbot, main_window: MainWindow, which: str) -> None:
    open_gallery_with_images(qtbot, main_window, 2)
    if which == "item":
        select(main_window, "p0")
        panel, field = main_window.item_panel, main_window.item_panel.title_edit
    else:
        select(main_window, "p0", "p1")
        panel, field = main_window.bulk_panel, main_window.bulk_panel.title_edit
    main_window.detail_stack.currentWidget().show()
    qtbot.waitUntil(field.isVisible)
    before = field.mapTo(main_window, field.rect().topLeft())
    long = "The server is not answering. " * 6
    for state, message in (("saving", ""), ("failed", long), ("saved", ""), ("idle", "")):
        panel.set_status(state, message)
        QApplication.processEvents()  # let the layout run
        assert field.mapTo(main_window, field.rect().topLeft()) == before, state
    panel.set_status("failed", long)
    assert shown_text(panel.status.toolTip()).startswith("Couldn't save: The server is not")
