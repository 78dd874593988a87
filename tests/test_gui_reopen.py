"""Instant reopen and offline browsing: a gallery seen before shows from the local catalog
before the site has answered a single request, then is brought up to date in the background.
Checked in the grid and against the site, with the site's answers held by a gate the test
controls (never a sleep)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QPixmapCache

from galleryman.models.roles import thumb_key
from galleryman.paths import AppPaths
from galleryman.sandbox.server import SandboxServer
from galleryman.session import site_session
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.main_window import MainWindow
from tests.gui_helpers import (
    gallery_names,
    item_titles,
    open_gallery_with_images,
    open_new_gallery,
    server_of,
    until_event_loop_idle,
    uploaded_images,
    wait_idle,
)
from tests.support import make_client


def grid_titles(window: MainWindow) -> list[str]:
    model = window.grid.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def sidebar_names(window: MainWindow) -> list[str]:
    assert window.session is not None
    return [g.name for g in window.session.galleries.galleries()]


def show_gallery(window: MainWindow, gallery_id: str) -> None:
    session = window.session
    assert session is not None
    window.sidebar.view.setCurrentIndex(
        session.galleries.index(session.galleries.row_of(gallery_id))
    )


def test_a_gallery_listed_moments_ago_reopens_without_a_request(
    qtbot, main_window: MainWindow
) -> None:
    first = open_gallery_with_images(qtbot, main_window, 4)
    open_new_gallery(qtbot, main_window, "Other", uploaded_images(main_window, 1, "q"))
    server = server_of(main_window)
    before = len(server.request_log)
    show_gallery(main_window, first)
    qtbot.waitUntil(lambda: grid_titles(main_window) == ["p0", "p1", "p2", "p3"])
    wait_idle(qtbot, main_window)
    asked = [e for e in list(server.request_log)[before:] if not e[1].startswith("/media/")]
    assert asked == []  # switching back costs none of the site's rate budget
    main_window.actions_.refresh.trigger()  # F5 always asks the site
    wait_idle(qtbot, main_window)
    assert any(e[1].endswith(first) for e in list(server.request_log)[before:])


def test_a_gallery_seen_before_shows_before_the_site_answers(
    qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_session, "FRESH_S", 0.0)  # every reopen is refreshed
    first = open_gallery_with_images(qtbot, main_window, 4)
    open_new_gallery(qtbot, main_window, "Other", uploaded_images(main_window, 1, "q"))
    server = server_of(main_window)
    with server.gate("GET", rf"/galleries/{first}") as gate:
        show_gallery(main_window, first)
        # The background refresh is on its way, not answered (the window keeps running)...
        qtbot.waitUntil(lambda: gate.arrived(1, timeout=0))
        qtbot.waitUntil(lambda: grid_titles(main_window) == ["p0", "p1", "p2", "p3"])  # ...shown
        gate.release()
    wait_idle(qtbot, main_window)
    assert grid_titles(main_window) == item_titles(server, first) == ["p0", "p1", "p2", "p3"]


def forget_thumbnails(window: MainWindow) -> None:
    """Drop the thumbnails in memory and on disk: what shows next is fetched from the site."""
    QPixmapCache.clear()
    shutil.rmtree(window.sites.paths.thumbnails_dir)


def times_listed(server: SandboxServer, gallery_id: str) -> int:
    """Listings of a gallery the site answered (a listing's first page comes with the
    gallery: these galleries have one page)."""
    return sum(1 for m, p, _s in server.request_log if m == "GET" and p.endswith(gallery_id))


def test_a_gallery_shown_from_the_catalog_is_listed_once_the_screen_shows_its_thumbnails(
    qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its background listing competed with the first screen's thumbnails for the window's
    # share of a busy machine: it now starts once they show (here held at the sandbox).
    monkeypatch.setattr(site_session, "FRESH_S", 0.0)  # every reopen is refreshed
    monkeypatch.setattr(site_session, "BACKGROUND_LISTING_WAIT_S", 60.0)  # no giving up here
    first = open_gallery_with_images(qtbot, main_window, 4)
    open_new_gallery(qtbot, main_window, "Other", uploaded_images(main_window, 1, "q"))
    server = server_of(main_window)
    with make_client(server) as client:  # changed on the site meanwhile
        p1 = next(i for i in client.list_items_page(first) if i.title == "p1")
        client.update_item(first, str(p1.id), {"title": "renamed"})
    forget_thumbnails(main_window)  # they must come from the site again
    session = main_window.session
    assert session is not None

    before = times_listed(server, first)
    with server.gate("GET", r"^/media/[^/]+/v1/") as thumbnails:
        show_gallery(main_window, first)
        qtbot.waitUntil(lambda: thumbnails.held >= 1, timeout=15_000)
        assert grid_titles(main_window) == ["p0", "p1", "p2", "p3"]  # from the catalog
        until_event_loop_idle(qtbot)
        assert times_listed(server, first) == before  # not asked yet
        assert session.busy() > 0  # and the window says it is not done
        thumbnails.release()
        wait_idle(qtbot, main_window)
    assert times_listed(server, first) == before + 1
    assert grid_titles(main_window) == item_titles(server, first) == ["p0", "renamed", "p2", "p3"]


def test_a_gallery_left_before_its_thumbnails_showed_is_not_listed_in_the_background(
    qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its background listing waits for the screen; another gallery clicked meanwhile makes
    # the grid let go of that wait, which must not list the gallery left (a hundred
    # requests of the site's budget for a 10,000-item gallery nobody looks at).
    monkeypatch.setattr(site_session, "FRESH_S", 0.0)
    monkeypatch.setattr(site_session, "BACKGROUND_LISTING_WAIT_S", 60.0)
    first = open_gallery_with_images(qtbot, main_window, 4)
    other = open_new_gallery(qtbot, main_window, "Other", uploaded_images(main_window, 1, "q"))
    server = server_of(main_window)
    forget_thumbnails(main_window)
    session = main_window.session
    assert session is not None

    before = times_listed(server, first)
    with server.gate("GET", r"^/media/[^/]+/v1/") as thumbnails:
        show_gallery(main_window, first)
        qtbot.waitUntil(lambda: thumbnails.held >= 1, timeout=15_000)
        # Shown from the catalog, and its listing waiting for the screen:
        qtbot.waitUntil(lambda: session.loaded_gallery_id == first)
        assert times_listed(server, first) == before
        show_gallery(main_window, other)
        qtbot.waitUntil(lambda: grid_titles(main_window) == ["q0"])
        thumbnails.release()
        wait_idle(qtbot, main_window)
    assert times_listed(server, first) == before
    assert grid_titles(main_window) == item_titles(server, other) == ["q0"]


def test_after_a_restart_the_site_shows_from_the_catalog_before_any_answer(
    qtbot, main_window: MainWindow, tmp_path: Path, memory_keyring
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 3)
    main_window.close()  # the app quits; the catalog stays on disk

    paths = AppPaths.under(tmp_path / "app")
    sites = SiteManager(paths, seed_demo=False, sandbox_in_process=True)
    sites.local.start()
    server = sites.local.server
    assert server is not None
    window = MainWindow(sites, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    try:
        # The site is unreachable (every read held): the sidebar and the gallery still show.
        with server.gate("GET", r"/progallery/") as reads:
            with qtbot.waitSignal(window.session_changed, timeout=10_000):
                window.open_site(LOCAL_SITE_KEY)
            qtbot.waitUntil(
                lambda: window.session is not None and sidebar_names(window) == ["Photos"]
            )
            show_gallery(window, gallery_id)
            qtbot.waitUntil(lambda: grid_titles(window) == ["p0", "p1", "p2"])
            qtbot.waitUntil(lambda: reads.arrived(1, timeout=0))  # the refresh waits...
            # Shown before the site answered any read of the API (thumbnails the first
            # window had not cached yet may come from the media server meanwhile, as on Wix).
            answered = [
                entry
                for entry in server.request_log
                if entry[0] == "GET" and not entry[1].startswith("/media/")
            ]
            assert answered == []
            reads.release()
        wait_idle(qtbot, window)
        assert gallery_names(server) == ["Photos"]
        assert grid_titles(window) == item_titles(server, gallery_id)
        # Thumbnails of a size not cached yet come from the sandbox now listening on another
        # port than the one the catalog's media URLs name.
        assert window.session is not None and window.loader is not None
        window.size_slider.setValue(window.size_slider.maximum())
        size_px = round(window.grid.thumbnail_size * window.grid.devicePixelRatio())
        qtbot.waitUntil(window.grid.visible_thumbnails_settled, timeout=20_000)
        rows, _complete = window.grid.rows_in_viewport()
        items = window.session.items.items()
        assert rows and all(
            window.loader.state(thumb_key(items[r]), size_px) == "ready" for r in rows
        )
    finally:
        window.close()
