"""What the window says while the site is slow or silent: loading looks like loading (never
like an empty gallery), a stuck save is said within seconds, and reads never queue behind it.
Requests are held server-side with a gate the test controls, never with injected latency."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from galleryman.session import LoadState
from galleryman.session import waiting as waiting_module
from galleryman.views.main_window import MainWindow
from galleryman.wix.models import Item
from tests.gui_helpers import (
    item_titles,
    open_gallery_with_images,
    open_new_gallery,
    replace_text,
    select,
    server_of,
    uploaded_images,
    wait_idle,
)
from tests.support import make_client


def made_elsewhere(qtbot, window: MainWindow, name: str, count: int) -> str:  # type: ignore[no-untyped-def]
    """A gallery someone made on the site (the Wix editor): the window lists its name, but
    has never listed its items, so opening it waits for the site (nothing in the catalog)."""
    with make_client(server_of(window)) as client:
        gallery = client.create_gallery(name)
        for n in range(count):
            client.create_item(gallery.id, Item.text_item(f"<p>p{n}</p>", title=f"p{n}"))
    window.actions_.refresh.trigger()
    wait_idle(qtbot, window)
    return str(gallery.id)


def open_in_sidebar(window: MainWindow, gallery_id: str) -> None:
    session = window.session
    assert session is not None
    window.sidebar.view.setCurrentIndex(
        session.galleries.index(session.galleries.row_of(gallery_id))
    )


def test_a_gallery_still_loading_says_so_and_never_looks_empty(
    qtbot, main_window: MainWindow
) -> None:
    server = server_of(main_window)
    open_new_gallery(qtbot, main_window, "Empty", [])  # open while the other is made
    first = made_elsewhere(qtbot, main_window, "Elsewhere", 9)
    assert main_window.grid.current_empty_text() == (
        "No items yet — drop photos here or use Add Files…"
    )  # the site has said so

    with server.gate("GET", rf"/galleries/{first}$") as gate:
        open_in_sidebar(main_window, first)
        qtbot.waitUntil(lambda: gate.arrived(1, timeout=0))  # the window keeps running
        session = main_window.session
        assert session is not None and session.load_state is LoadState.LOADING
        # Places for the 9 items the sidebar counts: never "no items".
        assert main_window.grid.model().rowCount() == 9
        assert main_window.grid.current_empty_text() is None
        qtbot.waitUntil(lambda: main_window.count_label.text() == "Loading… 0 of 9 items")
        gate.release()
    wait_idle(qtbot, main_window)
    assert main_window.grid.current_empty_text() is None
    assert main_window.grid.model().rowCount() == 9

    # A load that fails (of a gallery never listed before) says how to try again, not "no items".
    unseen = made_elsewhere(qtbot, main_window, "Unseen", 0)
    server.faults.inject_next("500", count=20, method="GET", path_contains=f"/galleries/{unseen}")
    open_in_sidebar(main_window, unseen)
    wait_idle(qtbot, main_window)
    assert session.load_state is LoadState.FAILED
    assert main_window.grid.current_empty_text() == (
        "Couldn't load this gallery's items. Refresh (F5) tries again."
    )


def test_no_site_open_is_not_an_empty_gallery(qtbot, main_window: MainWindow) -> None:
    main_window._close_session()
    main_window.update_details()
    main_window._update_counts()
    assert main_window.grid.current_empty_text() == "No site is open"


def test_a_stuck_save_is_said_within_seconds_and_reads_go_ahead_of_it(
    qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = server_of(main_window)
    other = open_new_gallery(qtbot, main_window, "Other", uploaded_images(main_window, 2, "q"))
    first = open_gallery_with_images(qtbot, main_window, 2)
    session = main_window.session
    assert session is not None
    # The watch speaks after SLOW_AFTER_S (3 s); here at once, checked when the test says.
    monkeypatch.setattr(waiting_module, "SLOW_AFTER_S", 0.0)

    with server.gate("PATCH", r"/items/") as gate:
        select(main_window, "p0")
        replace_text(qtbot, main_window.item_panel.title_edit, "Cove")
        qtbot.keyClick(main_window.item_panel.title_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: gate.arrived(1, timeout=0))  # the window keeps running
        session.watch.check()
        assert main_window.waiting_label.isVisibleTo(main_window)
        assert main_window.waiting_label.text().startswith(
            "Still trying to save… title of “p0”: “p0” → “Cove”"
        )
        assert main_window.item_panel.status.full_text() == "Saving…"

        # Another gallery opens while the save is stuck: reads do not wait behind writes.
        open_in_sidebar(main_window, other)
        qtbot.waitUntil(lambda: session.load_state is LoadState.LOADED, timeout=10_000)
        assert [i.title for i in session.items.items()] == ["q0", "q1"]
        assert item_titles(server, first) == ["p0", "p1"]  # still held
        gate.release()
    wait_idle(qtbot, main_window)
    session.watch.check()
    assert not main_window.waiting_label.isVisibleTo(main_window)
    assert item_titles(server, first) == ["Cove", "p1"]


def test_the_site_s_rate_limit_and_retries_are_said_with_the_time_left(
    qtbot, main_window: MainWindow
) -> None:
    from galleryman.wix.observer import BackoffWait, RetryAfterWait

    open_gallery_with_images(qtbot, main_window, 1)
    session = main_window.session
    assert session is not None
    # Every worker's client tells the watch about its waits...
    assert session._clients and all(c._transport.observer for c in session._clients)
    # ...which says them at once, counting down.
    session.watch.note_wait(RetryAfterWait(9.0))
    assert main_window.waiting_label.text() in (
        "Wix rate limit: waiting 9 s",
        "Wix rate limit: waiting 8 s",
    )
    session.watch.note_wait(BackoffWait(2, 4.0, "HTTP 503"))
    assert main_window.waiting_label.text().startswith("Wix answered HTTP 503; trying again in")


def test_many_changes_on_their_way_say_how_long_they_will_take(
    qtbot, main_window: MainWindow
) -> None:
    open_gallery_with_images(qtbot, main_window, 3)
    server = server_of(main_window)
    session = main_window.session
    assert session is not None
    with server.gate("PATCH", r"/items/") as gate:
        for n, item in enumerate(session.items.items()):
            session.edit_item(str(item.id), {"title": f"t{n}"}, "Edit title")
        qtbot.waitUntil(lambda: gate.arrived(1, timeout=0))  # the window keeps running
        qtbot.waitUntil(lambda: main_window.activity_label.text().startswith("Sending 3 changes"))
    wait_idle(qtbot, main_window)
    qtbot.waitUntil(lambda: main_window.activity_label.text() == "")


def test_a_gallery_on_its_way_keeps_a_place_for_each_item(qtbot, main_window: MainWindow) -> None:
    # The grid shows the gallery's size at once (a scroll bar to match), each item taking the
    # place kept for it as its page arrives; nothing of a place can be selected or dragged.
    server = server_of(main_window)
    open_new_gallery(qtbot, main_window, "Other", [])  # open while the other is made
    first = made_elsewhere(qtbot, main_window, "Elsewhere", 5)
    session = main_window.session
    assert session is not None
    with server.gate("GET", rf"/galleries/{first}$") as gate:
        open_in_sidebar(main_window, first)
        qtbot.waitUntil(lambda: gate.arrived(1, timeout=0))  # the window keeps running
        model = main_window.grid.model()
        assert model.rowCount() == 5 and session.items.item_count() == 0
        assert model.flags(model.index(0, 0)) == Qt.ItemFlag.ItemIsEnabled
        main_window.actions_.select_all.trigger()
        assert main_window.selected_ids() == []
        assert main_window.grid.current_empty_text() is None  # no "empty" over the places
        gate.release()
    wait_idle(qtbot, main_window)
    assert [i.title for i in session.items.items()] == ["p0", "p1", "p2", "p3", "p4"]
    assert main_window.grid.model().rowCount() == 5  # the places became the items
