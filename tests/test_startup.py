"""Start-up: the window shows (loading) before the local sandbox answers and connects once it
does; the sandbox starts and seeds its demo off the GUI thread; a sandbox that cannot start
says so in the window; the local site's catalog belongs to the sandbox it came from; the
thumbnail cache limit from Preferences reaches the cache. The start is held on an event the
test controls, never timed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from galleryman import settings as opts
from galleryman.app import AfterFirstFrame, _with_chosen_sandbox_dir, sites_from_preferences
from galleryman.local_site import Endpoint, LocalSandbox
from galleryman.models.roles import Role
from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SANDBOX, LOCAL_SITE_KEY
from galleryman.views.main_window import MainWindow
from tests.gui_helpers import gallery_names, open_gallery_with_images, server_of, wait_idle

WRITES = ("POST", "PATCH", "PUT", "DELETE")


def shown_galleries(window: MainWindow) -> list[str]:
    assert window.session is not None
    return [g.name for g in window.session.galleries.galleries()]


def new_window(qtbot: QtBot, sites: SiteManager, paths: AppPaths) -> MainWindow:
    window = MainWindow(sites, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    return window


def sandbox_as_chosen(paths: AppPaths, settings: Settings) -> SiteManager:
    """The sites the next start makes from Preferences' sandbox folder (the server in-process,
    so the test can read it)."""
    chosen = _with_chosen_sandbox_dir(paths, settings)
    return SiteManager(chosen, seed_demo=False, sandbox_in_process=True)


def hold_the_start(
    sites: SiteManager, monkeypatch: pytest.MonkeyPatch, started_on: list[threading.Thread]
) -> threading.Event:
    """The local sandbox's start (and demo seeding) waits until the returned event is set;
    `started_on` gets the thread it runs on."""
    release = threading.Event()
    start = sites.local._start_in_process

    def held_start(seed: bool) -> Endpoint:
        started_on.append(threading.current_thread())
        assert release.wait(60)
        return start(seed)

    monkeypatch.setattr(sites.local, "_start_in_process", held_start)
    return release


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "app").ensure()


@pytest.fixture
def windows(qtbot: QtBot, memory_keyring: object) -> Iterator[list[MainWindow]]:
    """Windows a test opens; each is closed (its sandbox stopped) at the end."""
    opened: list[MainWindow] = []
    yield opened
    for window in opened:
        window.close()


def test_the_window_shows_loading_before_the_sandbox_answers_then_its_galleries(
    qtbot: QtBot, paths: AppPaths, windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    sites = SiteManager(paths, sandbox_in_process=True)  # seeds the demo, as a new user's
    started_on: list[threading.Thread] = []
    release = hold_the_start(sites, monkeypatch, started_on)
    window = new_window(qtbot, sites, paths)
    windows.append(window)
    window.open_site(LOCAL_SITE_KEY)  # returns while the sandbox is held
    qtbot.waitUntil(lambda: bool(started_on))  # the event loop runs meanwhile
    assert started_on[0] is not threading.main_thread()
    session = window.session
    assert session is not None and window.isVisible()
    sidebar = window.sidebar
    assert sidebar.stack.currentWidget() is sidebar.waiting_label
    assert sidebar.waiting_label.text() == "Loading galleries…"
    assert session.galleries.rowCount() == 0
    assert sites.local.endpoint is None

    release.set()
    qtbot.waitUntil(lambda: session.galleries.rowCount() == 3, timeout=60_000)
    wait_idle(qtbot, window)
    server = server_of(window)
    assert sorted(shown_galleries(window)) == sorted(gallery_names(server)) != []
    shown_ids = {str(g.id) for g in session.galleries.galleries()}
    assert shown_ids == {str(g["id"]) for g in server.store.list_galleries()}
    assert sidebar.stack.currentWidget() is sidebar.view
    # The catalog is the one of the sandbox that answered (chosen while it was starting).
    assert sites.site_db(LOCAL_SANDBOX) == paths.site_db(LOCAL_SITE_KEY, server.site_id)
    assert sites.site_db(LOCAL_SANDBOX).exists()


def test_thumbnails_asked_for_while_the_sandbox_starts_arrive_once_it_has(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_gallery_with_images(qtbot, main_window, 3)
    model = main_window.grid.model()
    thumbnails = [
        (model.index(row, 0).data(Role.THUMB_KEY), model.index(row, 0).data(Role.THUMB_URL))
        for row in range(model.rowCount())
    ]
    assert len(thumbnails) == 3 and all(key and url for key, url in thumbnails)
    main_window.close()  # the catalog keeps these URLs, on this run's port
    paths = AppPaths.under(tmp_path / "app")
    shutil.rmtree(paths.thumbnails_dir)  # nothing cached: every thumbnail is fetched
    QPixmapCache.clear()
    sites = SiteManager(paths, seed_demo=False, sandbox_in_process=True)
    release = hold_the_start(sites, monkeypatch, [])
    sites.local.start_soon()  # what opening the site does
    loader = sites.thumbnail_loader(LOCAL_SANDBOX)
    failures: list[str] = []
    loader.failed.connect(lambda _key, reason: failures.append(reason))
    try:
        for key, url in thumbnails:
            assert loader.pixmap(key, url, 256) is None
        keys = [key for key, _url in thumbnails]
        assert [loader.state(key, 256) for key in keys] == ["loading"] * 3
        assert sites.local.endpoint is None  # asked for while the sandbox is still starting

        release.set()
        qtbot.waitUntil(lambda: [loader.state(key, 256) for key in keys] == ["ready"] * 3)
        assert failures == []
    finally:
        release.set()
        loader.shutdown()
        sites.shutdown()


def test_a_sandbox_that_cannot_start_says_so_in_the_window(
    qtbot: QtBot, paths: AppPaths, windows: list[MainWindow]
) -> None:
    # The child refuses an option it does not know and exits before its banner.
    sites = SiteManager(paths, seed_demo=False, sandbox_options=["--no-such-option"])
    window = new_window(qtbot, sites, paths)
    windows.append(window)
    window.open_site(LOCAL_SITE_KEY)
    said = "Couldn't load the galleries: the local sandbox did not start (see the log)"
    qtbot.waitUntil(lambda: said in window.notifications.messages(), timeout=30_000)
    assert window.sidebar.waiting_label.text().startswith(said)
    assert window.sidebar.stack.currentWidget() is window.sidebar.waiting_label
    assert sites.local.endpoint is None


def test_a_sandbox_in_another_folder_shows_and_gets_nothing_of_the_old_one(
    qtbot: QtBot, paths: AppPaths, windows: list[MainWindow], tmp_path: Path
) -> None:
    settings = Settings(paths.settings_file)
    first = new_window(qtbot, sandbox_as_chosen(paths, settings), paths)
    windows.append(first)
    with qtbot.waitSignal(first.session_changed, timeout=10_000):
        first.open_site(LOCAL_SITE_KEY)
    assert first.session is not None
    first.session.create_gallery("Old")
    wait_idle(qtbot, first)
    old_server = server_of(first)
    assert gallery_names(old_server) == ["Old"]
    # A change held for review stays in this sandbox's outbox when the app quits.
    first.pending.set_review(True)
    gallery_id = str(first.session.galleries.galleries()[0].id)
    first.session.rename_gallery_undoable(gallery_id, "Renamed, not sent")
    wait_idle(qtbot, first)
    assert first.session.counts().held == 1
    first.close()

    # Preferences ▸ sandbox data folder, then the next start.
    settings.set(opts.SANDBOX_FOLDER, str(tmp_path / "elsewhere"))
    second = new_window(qtbot, sandbox_as_chosen(paths, settings), paths)
    windows.append(second)
    with qtbot.waitSignal(second.session_changed, timeout=10_000):
        second.open_site(LOCAL_SITE_KEY)
    qtbot.waitUntil(lambda: second.sidebar.stack.currentWidget() is second.sidebar.empty)
    wait_idle(qtbot, second)
    session = second.session
    assert session is not None
    assert shown_galleries(second) == [] and session.counts().waiting == 0
    second.pending.send_now()  # nothing of the old sandbox's goes out, even when asked
    wait_idle(qtbot, second)
    new_server = server_of(second)
    assert new_server is not old_server and gallery_names(new_server) == []
    assert [e for e in new_server.request_log if e[0] in WRITES] == []
    second.close()

    # Back to the first folder: its galleries and its held change are there again.
    settings.set(opts.SANDBOX_FOLDER, "")
    third = new_window(qtbot, sandbox_as_chosen(paths, settings), paths)
    windows.append(third)
    with qtbot.waitSignal(third.session_changed, timeout=10_000):
        third.open_site(LOCAL_SITE_KEY)
    qtbot.waitUntil(lambda: shown_galleries(third) == ["Renamed, not sent"])
    wait_idle(qtbot, third)
    assert third.session is not None and third.session.counts().held == 1
    assert gallery_names(server_of(third)) == ["Old"]


@pytest.mark.parametrize("in_process", [True, False])
def test_the_sandbox_site_id_is_known_before_it_starts_and_is_the_one_it_serves(
    tmp_path: Path, in_process: bool
) -> None:
    folder = tmp_path / "sandbox"
    local = LocalSandbox(folder, seed_demo=False, in_process=in_process)
    before = local.site_id  # a new folder: nothing has started
    assert before and local.endpoint is None
    try:
        assert local.start().site_id == before
        with local.client() as client:
            client.create_gallery("Kept")  # the server's key works with it
    finally:
        local.stop()
    again = LocalSandbox(folder, seed_demo=False, in_process=in_process)
    assert again.site_id == before  # the folder keeps it, and the server's keys with it
    try:
        with again.client() as client:
            assert [g.name for g in client.list_galleries()] == ["Kept"]
    finally:
        again.stop()
    assert LocalSandbox(tmp_path / "another").site_id != before


def test_the_thumbnail_cache_limit_from_preferences_reaches_the_cache(
    qtbot: QtBot, paths: AppPaths
) -> None:
    settings = Settings(paths.settings_file)
    settings.set(opts.THUMBNAIL_CACHE_MB, opts.THUMBNAIL_CACHE_MIN_MB)
    sites = sites_from_preferences(paths, settings)
    limit = opts.THUMBNAIL_CACHE_MIN_MB * 1024 * 1024
    assert sites.thumbnail_cache_bytes == limit
    loader = sites.thumbnail_loader(LOCAL_SANDBOX)
    try:
        cache = loader.disk_cache  # the folder and limit its process is started with
        assert cache.max_bytes == limit
        # What the limit does: a cache past it drops what was used longest ago.
        blob = bytes(limit // 3 + 1)
        for used, key in enumerate(("oldest", "middle", "newest"), start=1):
            cache.put(key, blob)
            os.utime(cache.path_for(key), (used, used))  # the order they were last used in
        cache.prune()
        assert cache.get("oldest") is None and cache.get("newest") == blob
    finally:
        loader.shutdown()


def test_the_site_opens_after_the_window_s_first_frame(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    opened: list[bool] = []
    AfterFirstFrame(window, lambda: opened.append(window.isVisible()))
    assert opened == []  # not before the window is painted
    window.show()
    qtbot.waitUntil(lambda: opened == [True])


def test_the_first_window_does_not_import_what_it_does_not_need(paths: AppPaths) -> None:
    """The keyring, the sandbox server and its demo, the site dialog: loaded when used (the
    local sandbox's site id of a new folder included)."""
    code = (
        "import sys\n"
        "from galleryman.app import sites_from_preferences\n"
        "from galleryman.settings import Settings\n"
        "from galleryman.paths import AppPaths\n"
        "import galleryman.views.main_window\n"
        f"paths = AppPaths.under({str(paths.config_dir.parent)!r})\n"
        "sites = sites_from_preferences(paths, Settings(paths.settings_file))\n"
        "print(sites.local.site_id and 'ok')\n"
        "for name in ('keyring', 'galleryman.credentials', 'galleryman.sandbox.server',\n"
        "             'galleryman.sandbox.demo', 'galleryman.sandbox.auth',\n"
        "             'galleryman.views.site_dialog'):\n"
        "    print(name, name in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "ok"
    assert [line for line in lines[1:] if line.endswith("True")] == []
