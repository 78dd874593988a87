"""GUI: reading a site (read paths, on the default sandbox only; the write paths also run
against the Wix-like profile in the other GUI modules): a big gallery arrives page by page, and
the item panel fetches its preview as sharp as it shows it."""

from __future__ import annotations

import os
import signal

import pytest
from PySide6.QtCore import Qt

from galleryman.models import item_grid
from galleryman.models.roles import Role
from galleryman.sandbox.server import SandboxServer
from galleryman.views.main_window import MainWindow
from galleryman.wix.models import Item
from galleryman.workers import api_worker
from galleryman.workers.thumbnails import bucket_for
from tests.gui_helpers import select, server_of, until_event_loop_idle, wait_idle
from tests.support import image_bytes, make_client


def test_items_appear_page_by_page_and_roles(
    qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = server_of(main_window)
    with make_client(server) as client:
        gallery = client.create_gallery("Many")
        for n in range(230):
            client.create_item(gallery.id, Item.text_item("<p/>", title=f"t{n:03}"))
    session = main_window.session
    assert session is not None
    pages: list[int] = []
    # A page takes the places kept for the items on their way (rows change), or is inserted.
    session.items.rowsInserted.connect(lambda _p, first, last: pages.append(last - first + 1))
    session.items.dataChanged.connect(
        lambda first, last, *_roles: pages.append(last.row() - first.row() + 1)
    )
    made_on_gui: list[object] = []  # the pages come compact: the GUI thread only places rows
    monkeypatch.setattr(item_grid, "compact", lambda item: made_on_gui.append(item))
    main_window.actions_.refresh.trigger()  # lists the galleries and opens the first
    wait_idle(qtbot, main_window)
    assert pages == [100, 100, 30]
    assert made_on_gui == []
    index = main_window.grid.model().index(229, 0)
    assert index.data(Role.MEDIA_TYPE) == "TEXT"
    # The status bar counts once per burst of pages, a moment after the last one.
    qtbot.waitUntil(lambda: main_window.count_label.text() == "230 items")


def test_the_item_panel_preview_is_fetched_as_sharp_as_the_panel_shows_it(
    qtbot, main_window: MainWindow
) -> None:
    server = server_of(main_window)
    with make_client(server) as client:
        gallery = client.create_gallery("Big photos")
        file = client.upload_data(image_bytes(1600, 1200, seed=7), "big.jpg", "image/jpeg")
        client.create_item(gallery.id, Item.image_item(file, title="big"))
    main_window.actions_.refresh.trigger()
    wait_idle(qtbot, main_window)
    session = main_window.session
    assert session is not None
    main_window.sidebar.view.setCurrentIndex(session.galleries.index(0))
    wait_idle(qtbot, main_window)
    grid = main_window.grid
    tile_px = round(grid.thumbnail_size * grid.devicePixelRatio())
    qtbot.waitUntil(grid.visible_thumbnails_settled, timeout=15_000)

    select(main_window, "big")
    panel = main_window.item_panel
    wanted = panel.preview_pixels()
    assert wanted > tile_px  # the panel shows the picture larger than a tile

    def longest_side() -> int:
        pixmap = panel.preview.pixmap()
        return 0 if pixmap is None else max(pixmap.width(), pixmap.height())

    # The tile's copy at once, then the sharper one when it arrives.
    assert longest_side() == bucket_for(tile_px) < wanted
    qtbot.waitUntil(lambda: longest_side() >= wanted, timeout=15_000)
    fetched = [path for method, path, _status in server.request_log if method == "GET"]
    assert any("/v1/fit/w_512,h_512/" in p or "/v1/fit/w_1024,h_1024/" in p for p in fetched)


# ------------------------------------------------- quick successive edits: undo, redo, failure


def test_a_first_open_whose_listing_process_is_killed_midway_shows_every_item(
    qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The listing process parses the pages after the first; killed after the second page,
    # the rest are parsed on the worker's thread: the window shows every item, in order,
    # exactly as the site holds them, and says nothing went wrong (nothing did).
    server = server_of(main_window)
    with make_client(server) as client:
        items = [
            Item.from_json({**Item.text_item("<p/>", title=f"t{n:03}").to_json(), "sortOrder": n})
            for n in range(350)
        ]
        gallery_id = str(client.create_gallery("Many", items=items).id)
    session = main_window.session
    assert session is not None
    listing = session.threads.listing
    assert listing.wait_ready(30)
    real_parse = listing.parse
    killed: list[int] = []

    def parse_then_kill(body: bytes) -> object:
        page = real_parse(body)
        if listing.pages_answered() == 1 and listing._child is not None and not killed:
            killed.append(listing._child.process.pid)  # after page 2, before page 3
            os.kill(killed[0], signal.SIGKILL)
        return page

    monkeypatch.setattr(listing, "parse", parse_then_kill)
    main_window.actions_.refresh.trigger()  # lists the galleries and opens the first
    wait_idle(qtbot, main_window)
    assert session.gallery_id == gallery_id and len(killed) == 1
    titles = [f"t{n:03}" for n in range(350)]
    model = main_window.grid.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == titles
    assert [i["title"] for i in server.store.list_items(gallery_id)] == titles
    assert main_window.notifications.messages() == []
    assert main_window.sidebar.view.currentIndex().data(Qt.ItemDataRole.DisplayRole) == "Many"


def one_photo_gallery(server: SandboxServer, name: str, count: int) -> str:
    """A new gallery of `count` items on one uploaded photo, titled p000, p001, … in that
    order (one thumbnail for them all); its id."""
    with make_client(server) as client:
        photo = client.upload_data(image_bytes(400, 300, seed=3), "p.jpg", "image/jpeg")
        items = [
            Item.from_json({**Item.image_item(photo, title=f"p{n:03}").to_json(), "sortOrder": n})
            for n in range(count)
        ]
        return str(client.create_gallery(name, items=items).id)


def pages_asked(server: SandboxServer, gallery_id: str) -> int:
    """The site's answers of a gallery's pages so far: the first comes with the gallery, the
    others as its items."""
    ends = (f"/galleries/{gallery_id}", f"/galleries/{gallery_id}/items")
    return sum(1 for m, p, _s in server.request_log if m == "GET" and p.endswith(ends))


def test_a_first_open_asks_for_its_next_page_once_the_screen_shows_its_thumbnails(
    qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The listing's later pages (the site's answers, their parsing) competed with the first
    # screen's thumbnails for the window's share of a busy machine: the page after the first
    # is asked for once the screen shows them. Held on their way here, the listing waits.
    monkeypatch.setattr(api_worker, "PACE_MAX_WAIT_S", 60.0)  # only the thumbnails end the wait
    server = server_of(main_window)
    gallery_id = one_photo_gallery(server, "Photos", 250)
    session = main_window.session
    assert session is not None

    with server.gate("GET", r"^/media/[^/]+/v1/") as thumbnails:
        main_window.actions_.refresh.trigger()  # lists the galleries and opens the first
        qtbot.waitUntil(lambda: thumbnails.held >= 1, timeout=15_000)
        qtbot.waitUntil(lambda: session.items.item_count() == 100)
        until_event_loop_idle(qtbot)
        pace = session.reader._pace
        assert pace is not None and not pace.is_set()  # the listing waits for the screen
        assert pages_asked(server, gallery_id) == 1
        thumbnails.release()
        wait_idle(qtbot, main_window)
    assert main_window.grid.visible_thumbnails_settled()
    titles = [f"p{n:03}" for n in range(250)]
    model = main_window.grid.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == titles
    assert [i["title"] for i in server.store.list_items(gallery_id)] == titles
    assert pages_asked(server, gallery_id) == 3
    assert main_window.notifications.messages() == []


def test_switching_gallery_while_a_first_open_waits_for_its_thumbnails(
    qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The listing waiting for the first screen's thumbnails is dropped at once by a click on
    # another gallery (the grid lets go of its wait too); the other gallery opens whole, and
    # the first opens whole when it is clicked again.
    monkeypatch.setattr(api_worker, "PACE_MAX_WAIT_S", 60.0)
    server = server_of(main_window)
    big = one_photo_gallery(server, "Big", 250)
    with make_client(server) as client:
        few = [Item.text_item("<p/>", title=f"t{n}") for n in range(3)]
        small = str(client.create_gallery("Small", items=few).id)
    session = main_window.session
    assert session is not None
    sidebar = main_window.sidebar.view
    model = main_window.grid.model()

    def shown() -> list[str]:
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    def on_server(gallery_id: str) -> list[str]:
        return [i["title"] for i in server.store.list_items(gallery_id)]

    with server.gate("GET", r"^/media/[^/]+/v1/") as thumbnails:
        main_window.actions_.refresh.trigger()
        qtbot.waitUntil(lambda: session.gallery_id is not None)
        sidebar.setCurrentIndex(session.galleries.index(session.galleries.row_of(big)))
        qtbot.waitUntil(lambda: thumbnails.held >= 1, timeout=15_000)
        qtbot.waitUntil(lambda: session.items.item_count() == 100)
        assert session.gallery_id == big

        sidebar.setCurrentIndex(session.galleries.index(session.galleries.row_of(small)))
        wait_idle(qtbot, main_window)  # while the big gallery's thumbnails are still held
        assert shown() == on_server(small) == ["t0", "t1", "t2"]
        assert len(session.items.items()) == 3
        assert pages_asked(server, big) == 1  # its listing went no further

        sidebar.setCurrentIndex(session.galleries.index(session.galleries.row_of(big)))
        thumbnails.release()
        wait_idle(qtbot, main_window)
    assert shown() == on_server(big) == [f"p{n:03}" for n in range(250)]
    assert main_window.notifications.messages() == []
