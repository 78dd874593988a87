"""Start-up in two steps: the main window's frame is painted before the HTTP client, Pillow,
SQLite and the session are imported; its panes, the sites and the site come after, and the
window is then the one a one-step build makes (menus, shortcuts, connections). The packages
that import their names when first used still give every name they list, and the log file
(no longer logging.handlers' at start-up) is still rotated."""

from __future__ import annotations

import importlib
import json
import logging
import os
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from galleryman import settings as opts
from galleryman.logging_setup import RotatingLogFile
from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.views.main_window import MainWindow

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
NOT_FOR_THE_FRAME = [
    "httpx",
    "PIL.Image",
    "sqlite3",
    "keyring",
    "logging.handlers",
    "galleryman.wix.client",
    "galleryman.sync.db",
    "galleryman.session.site_session",
    "galleryman.site_manager",
    "galleryman.views.item_grid_view",
    "galleryman.views.item_panel",
]
LAZY_PACKAGES = ["galleryman.session", "galleryman.sync", "galleryman.wix", "galleryman.workers"]

# The app as `galleryman --basedir DIR` runs it, watched from outside: what is imported when
# the window's first Paint event comes, then (once the local sandbox's galleries are listed)
# whether each menu item is connected to something.
CHILD = """
import json, sys
from PySide6.QtCore import SIGNAL, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

WATCHED = {watched!r}
seen = {{}}

class FirstPaint(QObject):
    def eventFilter(self, window, event):
        if event.type() == QEvent.Type.Paint and "imported" not in seen:
            seen["imported"] = [name for name in WATCHED if name in sys.modules]
            seen["built"] = window.built
        return False

probe = FirstPaint()
original_show = QMainWindow.show

def menu_actions(window):
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if not action.isSeparator() and action.menu() is None:
                yield action

def check(window, timer):
    session = window.session
    if session is None or session.galleries.rowCount() == 0:
        return
    timer.stop()
    seen["not_connected"] = sorted(
        action.text() for action in menu_actions(window)
        if action.receivers(SIGNAL("triggered(bool)")) == 0
    )
    seen["menu_items"] = len(list(menu_actions(window)))
    print(json.dumps(seen), flush=True)
    QApplication.quit()

def show(window):
    window.installEventFilter(probe)
    original_show(window)
    timer = QTimer(window)
    timer.timeout.connect(lambda: check(window, timer))
    timer.start(20)

QMainWindow.show = show
from galleryman.__main__ import main
sys.exit(main(["--basedir", {basedir!r}]))
"""


def run_python(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=100, env=ENV
    )


def test_the_frame_is_painted_before_the_rest_is_imported_then_every_menu_item_works(
    tmp_path: Path,
) -> None:
    basedir = str(tmp_path / "base")
    done = run_python(CHILD.format(watched=NOT_FOR_THE_FRAME, basedir=basedir))
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["imported"] == [] and seen["built"] is False
    assert seen["menu_items"] > 20 and seen["not_connected"] == []


def menus_of(window: MainWindow) -> list[tuple[str, str, str, bool, int]]:
    """Each menu item: its menu, text, shortcut, whether enabled, and how many slots it has."""
    return [
        (
            menu.title(),
            action.text(),
            action.shortcut().toString(),
            action.isEnabled(),
            action.receivers(SIGNAL("triggered(bool)")),
        )
        for menu in window.menuBar().findChildren(QMenu)
        for action in menu.actions()
        if not action.isSeparator()
    ]


def test_a_window_built_after_its_frame_is_the_window_built_at_once(
    qtbot: QtBot, tmp_path: Path, memory_keyring: object
) -> None:
    def sites_and_settings(name: str) -> tuple[SiteManager, Settings]:
        paths = AppPaths.under(tmp_path / name).ensure()
        return SiteManager(paths, seed_demo=False), Settings(paths.settings_file)

    sites, settings = sites_and_settings("at-once")
    at_once = MainWindow(sites, settings)
    later_sites, settings = sites_and_settings("in-two-steps")
    two_steps = MainWindow(None, settings)
    windows = [at_once, two_steps]
    for window in windows:
        qtbot.addWidget(window)
        window.show()
    assert not two_steps.built and not hasattr(two_steps, "grid")
    # The frame has the menus, and their items with their shortcuts (View's pending-changes
    # items come with the rest).
    in_frame = {m[:3] for m in menus_of(two_steps)}
    assert len(in_frame) > 20 and in_frame <= {m[:3] for m in menus_of(at_once)}
    two_steps.build_the_rest(later_sites)
    assert two_steps.built and two_steps.sites is later_sites
    assert menus_of(two_steps) == menus_of(at_once)
    assert two_steps.site_box.count() == at_once.site_box.count() == 2
    assert two_steps.splitter.count() == at_once.splitter.count() == 3
    assert [a.shortcut() for a in two_steps.grid.actions()] == [
        a.shortcut() for a in at_once.grid.actions()
    ]
    for window in windows:
        window.close()


def test_a_frame_closed_before_the_rest_is_built_keeps_its_size(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths = AppPaths.under(tmp_path / "base").ensure()
    settings = Settings(paths.settings_file)
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    window.resize(700, 500)  # within the offscreen screen (800 x 600)
    window.show()
    window.close()
    assert not settings.get(opts.WINDOW_GEOMETRY).isEmpty()
    again = MainWindow(None, Settings(paths.settings_file))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)


def test_a_failure_while_building_the_rest_is_logged_and_ends_the_app_with_1(
    tmp_path: Path,
) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from galleryman.views.main_window import MainWindow

        def broken(self):
            raise RuntimeError("no panes today")

        MainWindow._build_details = broken
        from galleryman.app import run_app
        sys.exit(run_app(["--basedir", {str(tmp_path)!r}, "--screenshot", "x.png"]))
        """
    )
    done = run_python(script)
    assert done.returncode == 1, done.stderr[-3000:]
    log = (tmp_path / "log" / "galleryman.log").read_text()
    assert "galleryman could not open its window (RuntimeError: no panes today)." in log


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_a_lazy_package_gives_every_name_it_lists(package: str) -> None:
    module = importlib.import_module(package)
    modules = [
        importlib.import_module(f"{package}.{info.name}")
        for info in pkgutil.iter_modules(module.__path__)
    ]
    for name in module.__all__:
        value = getattr(module, name)
        assert any(getattr(one, name, None) is value for one in modules), name
    with pytest.raises(AttributeError, match="no_such_name"):
        module.no_such_name  # noqa: B018


def test_a_module_of_a_lazy_package_does_not_import_its_siblings() -> None:
    done = run_python(
        "import sys\n"
        "import galleryman.wix.errors, galleryman.workers.gui_thread, galleryman.logging_setup\n"
        "print([n for n in ('httpx', 'PIL.Image', 'galleryman.wix.client',\n"
        "       'galleryman.workers.api_worker') if n in sys.modules])\n"
        "from galleryman.session import site_session, waiting\n"
        "print(site_session.SiteSession.__name__, waiting.__name__)\n"
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == ["[]", "SiteSession galleryman.session.waiting"]


def test_the_log_file_is_renamed_once_it_holds_its_limit_and_the_oldest_dropped(
    tmp_path: Path,
) -> None:
    path = tmp_path / "galleryman.log"
    handler = RotatingLogFile(path, max_bytes=200, backups=2)
    log = logging.getLogger("test-rotation")
    log.propagate = False
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    try:
        for number in range(40):
            log.info("line %02d %s", number, "x" * 20)  # 29 bytes: 7 lines reach 200
    finally:
        log.removeHandler(handler)
        handler.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "galleryman.log",
        "galleryman.log.1",
        "galleryman.log.2",
    ]
    oldest_first = [tmp_path / "galleryman.log.2", tmp_path / "galleryman.log.1", path]
    kept = [line for one in oldest_first for line in one.read_text().splitlines()]
    # The newest lines, in order, none lost between the files that are kept.
    assert kept == [f"line {n:02d} {'x' * 20}" for n in range(40 - len(kept), 40)]
    assert [len(one.read_text().splitlines()) for one in oldest_first[:2]] == [7, 7]
