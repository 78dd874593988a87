"""A gallery read again off the GUI thread (after a listing, F5 or a reopen) and the user's
gestures meanwhile: what the read saw must never paint over what the user just did, and a
read that finds many items changed reaches the grid in batches, every item right at the end.
Interleavings are forced with an event the test holds (never a sleep); the grid and the
site are both checked."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from galleryman.core.compact_items import CompactItem
from galleryman.session import site_session, worker_side
from galleryman.views.main_window import MainWindow
from galleryman.wix.client import WixClient
from tests.gui_helpers import (
    held_at_page,
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


def grid_titles(window: MainWindow) -> list[str]:
    model = window.grid.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def wait_for_titles(qtbot: Any, window: MainWindow, expected: list[str], *context: object) -> None:
    """Until the grid shows these titles; on a timeout, the error says what it showed."""

    def shows() -> None:
        assert grid_titles(window) == expected, context

    qtbot.waitUntil(shows)


def retitle_elsewhere(window: MainWindow, gallery_id: str, titles: dict[str, str]) -> None:
    """Someone changes titles on the site (another client, as the Wix editor would)."""
    server = server_of(window)
    with make_client(server) as client:
        for item in server.store.list_items(gallery_id):
            if item["title"] in titles:
                client.update_item(gallery_id, item["id"], {"title": titles[item["title"]]})


class HeldRead:
    """Wraps the job that reads the gallery for the grid: the first read, once done, waits
    until the test lets it answer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read = threading.Event()
        self.answer = threading.Event()
        real = site_session.shown_now_job

        def held(*args: Any) -> Callable[[WixClient, Any], Any]:
            job = real(*args)

            def run(client: WixClient, progress: Any) -> Any:
                now = job(client, progress)
                if not self.read.is_set():
                    self.read.set()
                    self.answer.wait(30)
                return now

            return run

        monkeypatch.setattr(site_session, "shown_now_job", held)


def test_an_edit_made_while_the_gallery_is_read_again_is_not_painted_over(
    qtbot: Any, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 3)
    session = main_window.session
    assert session is not None
    server = server_of(main_window)
    retitle_elsewhere(main_window, gallery_id, {"p1": "From the editor"})
    p2 = next(i["id"] for i in server.store.list_items(gallery_id) if i["title"] == "p2")
    held = HeldRead(monkeypatch)
    main_window.actions_.refresh.trigger()  # lists the site, then reads the gallery to show it
    qtbot.waitUntil(held.read.is_set)
    with server.gate("PATCH", rf"/items/{p2}") as patch:  # the edit stays unconfirmed
        session.edit_item(p2, {"title": "Mine"})  # made while that read waits to answer
        assert grid_titles(main_window) == ["p0", "p1", "Mine"]
        held.answer.set()
        qtbot.waitUntil(lambda: grid_titles(main_window)[1] == "From the editor")
        qtbot.waitUntil(lambda: session.local.busy() == 0)
        # The read saw "p2" (it ran before the edit): it must not have put it back.
        assert grid_titles(main_window) == ["p0", "From the editor", "Mine"]
        patch.release()
    wait_idle(qtbot, main_window)
    assert grid_titles(main_window) == item_titles(server, gallery_id)
    assert item_titles(server, gallery_id) == ["p0", "From the editor", "Mine"]


def test_many_items_changed_on_the_site_reach_the_grid_in_batches_all_of_them(
    qtbot: Any, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_session, "RECONCILE_BATCH", 2)  # 7 changed items: 4 batches
    gallery_id = open_gallery_with_images(qtbot, main_window, 8)
    server = server_of(main_window)
    renamed = {f"p{n}": f"Renamed {n}" for n in range(1, 8)}
    retitle_elsewhere(main_window, gallery_id, renamed)
    # One moved too (to the front): a move among in-place changes shifts rows.
    with make_client(server) as client:
        last = next(i for i in server.store.list_items(gallery_id) if i["title"] == "Renamed 7")
        first = server.store.list_items(gallery_id)[0]
        client.update_item(gallery_id, last["id"], {"sortOrder": first["sortOrder"] - 1})
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    expected = ["Renamed 7", "p0", *(f"Renamed {n}" for n in range(1, 7))]
    wait_for_titles(qtbot, main_window, expected)
    assert item_titles(server, gallery_id) == expected


def test_a_gallery_read_again_is_compared_over_several_turns_and_an_edit_between_wins(
    qtbot: Any, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Comparing what a read saw with the grid takes 1 µs an item: at 100,000 items, 0.1 s
    at once. It is done a batch per event-loop turn, so the window paints and takes gestures
    between batches; an edit made meanwhile outdates the read, which is read again."""
    from galleryman.models.item_grid import ItemGridModel

    monkeypatch.setattr(site_session, "COMPARE_BATCH", 2)
    monkeypatch.setattr(site_session, "RECONCILE_BATCH", 2)
    gallery_id = open_gallery_with_images(qtbot, main_window, 8)
    session = main_window.session
    assert session is not None
    server = server_of(main_window)
    retitle_elsewhere(main_window, gallery_id, {f"p{n}": f"Renamed {n}" for n in range(1, 8)})
    p0 = next(i["id"] for i in server.store.list_items(gallery_id) if i["title"] == "p0")
    events: list[str] = []
    real_ids, real_compare = ItemGridModel.ids_unordered, ItemGridModel.not_shown_exactly

    def gesture() -> None:
        events.append("edit")
        session.edit_item(p0, {"title": "Mine"})

    def ids(model: ItemGridModel) -> list[str]:
        if not events:  # the read's comparison begins: the user edits at the next turn
            events.append("compare")
            QTimer.singleShot(0, gesture)
        return real_ids(model)

    def compare(model: ItemGridModel, entries: list[CompactItem]) -> list[CompactItem]:
        events.extend("compared" for _ in entries)
        return real_compare(model, entries)

    monkeypatch.setattr(ItemGridModel, "ids_unordered", ids)
    monkeypatch.setattr(ItemGridModel, "not_shown_exactly", compare)
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    expected = ["Mine", *(f"Renamed {n}" for n in range(1, 8))]
    wait_for_titles(qtbot, main_window, expected, events)
    # The edit ran before the first read's comparison was through (8 items, 2 a turn).
    assert "edit" in events
    assert events.index("edit") < [n for n, e in enumerate(events) if e == "compared"][7]
    wait_idle(qtbot, main_window)
    assert grid_titles(main_window) == expected
    assert item_titles(server, gallery_id) == expected


def test_edits_made_between_the_pages_of_a_reread_are_not_painted_over(
    qtbot: Any, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reread is paced: a page at a time, each while the window is idle, so the user
    can edit between its pages. An edit of an item already read, and of one not read yet,
    both stay shown (the read is outdated and read again), and the site gets them."""
    monkeypatch.setattr(worker_side, "PAGE", 2)  # 6 items: the reread takes 3 pages
    gallery_id = open_gallery_with_images(qtbot, main_window, 6)
    session = main_window.session
    assert session is not None
    server = server_of(main_window)
    retitle_elsewhere(main_window, gallery_id, {"p5": "From the editor"})
    ids = {i["title"]: i["id"] for i in server.store.list_items(gallery_id)}
    between_pages, go_on = threading.Event(), threading.Event()
    # Held after its second page: p0-p3 read, p4-p5 not yet.
    held = held_at_page(site_session.shown_now_job, 2, between_pages, go_on)
    monkeypatch.setattr(site_session, "shown_now_job", held)
    main_window.actions_.refresh.trigger()  # lists the site, then reads the gallery again
    qtbot.waitUntil(between_pages.is_set)
    session.edit_item(ids["p0"], {"title": "Mine 0"})
    session.edit_item(ids["p4"], {"title": "Mine 4"})
    go_on.set()
    wait_idle(qtbot, main_window)
    expected = ["Mine 0", "p1", "p2", "p3", "Mine 4", "From the editor"]
    wait_for_titles(qtbot, main_window, expected)
    qtbot.waitUntil(lambda: session.busy() == 0)
    assert grid_titles(main_window) == expected
    assert item_titles(server, gallery_id) == expected


def test_a_title_typed_for_an_item_a_listing_finds_deleted_is_not_dropped_without_a_word(
    qtbot: Any, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reopened gallery shows the catalog's copy at once and lists the site behind it; the
    # user types a title for an item someone has deleted on the site meanwhile. When the
    # listing takes the item away, the panel's typing cannot be saved: the user is told, with
    # the text they typed, instead of it vanishing with the panel.
    gallery_id = open_gallery_with_images(qtbot, main_window, 3)
    open_new_gallery(qtbot, main_window, "Other", uploaded_images(main_window, 1, "q"))
    with make_client(server_of(main_window)) as client:
        deleted = next(i for i in client.list_items(gallery_id) if i.title == "p1")
        client.delete_item(gallery_id, str(deleted.id))  # someone else, in the Wix editor
    listing, go_on = threading.Event(), threading.Event()
    monkeypatch.setattr(site_session, "FRESH_S", 0.0)  # as if listed minutes ago
    real = worker_side.refresh_items_job

    def held_listing(*args: Any, **kwargs: Any) -> Callable[[WixClient, Any], Any]:
        job = real(*args, **kwargs)

        def run(client: WixClient, progress: Any) -> Any:
            listing.set()
            go_on.wait(30)  # bounds a broken run only
            return job(client, progress)

        return run

    monkeypatch.setattr(site_session, "refresh_items_job", held_listing)
    session = main_window.session
    assert session is not None
    row = session.galleries.row_of(gallery_id)
    main_window.sidebar.view.setCurrentIndex(session.galleries.index(row))
    qtbot.waitUntil(listing.is_set)  # the catalog's copy is shown; the listing waits
    qtbot.waitUntil(lambda: grid_titles(main_window) == ["p0", "p1", "p2"])
    select(main_window, "p1")
    replace_text(qtbot, main_window.item_panel.title_edit, "Harbour at dusk")

    go_on.set()
    wait_idle(qtbot, main_window)
    wait_for_titles(qtbot, main_window, ["p0", "p2"])
    assert item_titles(server_of(main_window), gallery_id) == ["p0", "p2"]
    told = [m for m in main_window.notifications.messages() if "Harbour at dusk" in m]
    assert len(told) == 1 and "“p1”" in told[0] and "not saved" in told[0], told
    assert main_window.notifications.messages() == told  # said once, and said whole
