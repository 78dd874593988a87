"""Text from the site or the user is shown as text: a gallery name, a file name or a
server's message holding HTML is shown literally, so Qt never renders it (nor reads the
local file an `<img src="file:///...">` names)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from galleryman.models.roles import plain_tooltip, tooltip
from galleryman.views.main_window import MainWindow
from galleryman.wix.models import Item
from tests.gui_helpers import (
    answer_yes,
    open_new_gallery,
    select,
    shown_text,
    uploaded_images,
    wait_idle,
)

HOSTILE = '<img src="file:///etc/passwd"><b>Summer</b>'


def test_a_gallery_named_with_html_shows_its_name_literally(
    qtbot, main_window: MainWindow, monkeypatch
) -> None:
    asked = answer_yes(monkeypatch)
    items = uploaded_images(main_window, 1)
    items[0].title = HOSTILE
    open_new_gallery(qtbot, main_window, HOSTILE, items)
    session = main_window.session
    assert session is not None
    index = session.galleries.index(0)
    assert shown_text(index.data(Qt.ItemDataRole.ToolTipRole)) == f"{HOSTILE}\n1 item"
    [item] = session.items.items()
    assert HOSTILE in shown_text(tooltip(item))  # the grid tile's tooltip
    select(main_window, HOSTILE)
    panel = main_window.item_panel
    assert panel.title_edit.text() == HOSTILE
    main_window.actions_.delete_gallery.trigger()  # the question names it
    wait_idle(qtbot, main_window)
    assert asked == [f"Delete “{HOSTILE}” and its 1 item? This cannot be undone."]


def test_a_server_message_with_html_is_shown_as_text(qtbot, main_window: MainWindow) -> None:
    note = main_window.notifications.show_error(f"Couldn't save: {HOSTILE}")
    assert note.label.textFormat() == Qt.TextFormat.PlainText
    assert note.label.text() == f"Couldn't save: {HOSTILE}"
    main_window.item_panel.set_status("failed", HOSTILE)
    status = main_window.item_panel.status
    assert status.textFormat() == Qt.TextFormat.PlainText
    assert shown_text(status.toolTip()) == f"Couldn't save: {HOSTILE}"
    for label in (
        main_window.activity_label,
        main_window.waiting_label,
        main_window.bulk_panel.summary_label,
        main_window.bulk_panel.link_error_label,
    ):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.accessibleName()


def test_plain_tooltips_show_every_character() -> None:
    for text in (HOSTILE, "a < b & c > d", "two\nlines", "  spaced  "):
        assert shown_text(plain_tooltip(text)) == text
    assert plain_tooltip("") == ""
    assert Item.from_json({"id": "x", "title": HOSTILE}).title == HOSTILE
