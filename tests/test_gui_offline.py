"""Never lose a change: what the window does when the site cannot take a change now (down,
erroring, dropping connections). The change is on disk before it shows; it stays shown, the
window says it waits ("Offline – 1 change waiting"), and it goes out in order once the site
answers; undoing or discarding it before then sends nothing. Checked in the grid and on the
site."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from galleryman.sandbox.server import SandboxServer
from galleryman.sync import State
from galleryman.views.main_window import MainWindow
from galleryman.views.pending_changes import PendingChangesDialog
from tests.gui_helpers import (
    answer_yes,
    item_titles,
    open_gallery_with_images,
    replace_text,
    select,
    server_of,
    wait_idle,
)
from tests.upload_support import drop_file

pytestmark = pytest.mark.also_wix


def commit_title(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    field = window.item_panel.title_edit
    replace_text(qtbot, field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def api_requests(server: SandboxServer) -> list[tuple[str, str, int]]:
    """The API calls the site got (thumbnails and previews are fetched as they are shown)."""
    return [entry for entry in server.request_log if not entry[1].startswith("/media/")]


def grid_titles(window: MainWindow) -> list[str]:
    model = window.grid.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


@pytest.mark.parametrize("fault", ["500", "drop-before"])
def test_a_change_the_site_cannot_take_now_waits_shown_and_goes_out_when_it_can(
    qtbot, main_window: MainWindow, fault: str
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    server.faults.inject_next(fault, count=1000, method="PATCH")
    select(main_window, "p0")
    commit_title(qtbot, main_window, "Renamed")
    commit_title(qtbot, main_window, "Renamed again")  # a second one queues behind it
    wait_idle(qtbot, main_window)

    assert item_titles(server, gallery_id) == ["p0", "p1"]  # not on the site yet...
    assert grid_titles(main_window) == ["Renamed again", "p1"]  # ...but never taken back
    assert main_window.item_panel.title_edit.text() == "Renamed again"
    assert main_window.waiting_label.text().startswith("Offline – 2 changes waiting")
    assert main_window.pending.count_button.text() == "2 changes waiting"
    assert main_window.notifications.messages() == []  # said in the status bar, not as errors

    server.faults.clear()
    main_window.pending.send_action.trigger()  # or the retry timer, a moment later
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["Renamed again", "p1"]
    assert grid_titles(main_window) == ["Renamed again", "p1"]
    assert main_window.waiting_label.text() == ""
    assert not main_window.pending.count_button.isVisibleTo(main_window)


def test_undoing_a_change_not_sent_yet_sends_nothing(
    qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_yes(monkeypatch)
    gallery_id = open_gallery_with_images(qtbot, main_window, 3)
    server = server_of(main_window)
    session = main_window.session
    assert session is not None
    session.set_review_before_sending(True)  # nothing goes out until Send
    select(main_window, "p1")
    main_window.actions_.delete_items.trigger()
    commit_title_of = "p2"
    select(main_window, commit_title_of)
    commit_title(qtbot, main_window, "Pier")
    wait_idle(qtbot, main_window)
    assert grid_titles(main_window) == ["p0", "Pier"]
    sent = api_requests(server)

    main_window.actions_.undo.trigger()  # the title
    main_window.actions_.undo.trigger()  # the delete
    wait_idle(qtbot, main_window)
    assert grid_titles(main_window) == ["p0", "p1", "p2"]
    assert session.counts().waiting == 0  # dropped from the outbox, not sent and undone
    session.send_held()
    wait_idle(qtbot, main_window)
    assert api_requests(server) == sent  # not one request
    assert item_titles(server, gallery_id) == ["p0", "p1", "p2"]


def test_review_before_sending_holds_every_change_until_send(
    qtbot, main_window: MainWindow, tmp_path: Path
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    main_window.pending.review_action.setChecked(True)
    select(main_window, "p0")
    commit_title(qtbot, main_window, "Harbour")
    drop_file(main_window, tmp_path)
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0", "p1"]  # a dry run: the site is untouched
    assert main_window.pending.count_button.text() == "2 changes waiting, 2 held for review"

    main_window.pending.show_action.trigger()
    dialog = main_window.findChild(PendingChangesDialog)
    assert dialog is not None and dialog.isVisible()
    lines = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert lines == ["Title of “p0”: “p0” → “Harbour”", "Upload new.png"]
    states = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert states == ["Held for review", "Held for review"]
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["Harbour", "p1", "new"]
    assert dialog.table.rowCount() == 0 and dialog.summary.text() == "Every change is on the site."
    dialog.close()


def test_discarding_a_waiting_change_shows_the_site_s_value_again(
    qtbot, main_window: MainWindow
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    server = server_of(main_window)
    session = main_window.session
    assert session is not None
    server.faults.inject_next("503", count=1000, method="PATCH")
    select(main_window, "p1")
    commit_title(qtbot, main_window, "Gulls")
    wait_idle(qtbot, main_window)
    assert grid_titles(main_window) == ["p0", "Gulls"]
    [change] = session.edits.outbox.changes([State.QUEUED])
    main_window.pending.show_action.trigger()
    dialog = main_window.findChild(PendingChangesDialog)
    assert dialog is not None
    discard = [b for b in dialog.table.cellWidget(0, 2).findChildren(type(dialog.send_button))]
    assert [b.text() for b in discard] == ["Discard"]
    qtbot.mouseClick(discard[0], Qt.MouseButton.LeftButton)
    assert session.edits.outbox.get(change.seq) is None
    assert grid_titles(main_window) == ["p0", "p1"]  # the site's value again
    server.faults.clear()
    main_window.pending.send_action.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0", "p1"]
    dialog.close()


def test_another_window_sending_the_site_is_said_in_a_sentence_not_as_a_bug() -> None:
    from galleryman.core.failures import ExpectedFailure
    from galleryman.session.problems import sentence
    from galleryman.sync.sender import SenderBusyError

    error = SenderBusyError("Another galleryman window is already sending this site's changes.")
    assert isinstance(error, ExpectedFailure)  # logged as a warning, never with a traceback
    assert sentence(error) == "Another galleryman window is already sending this site's changes."
