"""QApplication set-up: paths, logging, the error reporter, the theme, settings, sites, the main
window.

The start is ordered for the first frame (bench/bench_startup.py): the window's frame is built
and painted with only the modules it needs; then, on a thread while the event loop runs, the
sites are made (the local sandbox's process started when it is the site about to open) and the
modules of the panes and the session imported; then the panes are built and the last site
opens, each in a turn of the event loop of its own.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from galleryman import __version__
from galleryman.logging_setup import (
    ErrorReport,
    describe_exception,
    install_excepthook,
    setup_logging,
)
from galleryman.paths import AppPaths
from galleryman.qt_environment import prepare_qt_environment
from galleryman.settings import LAST_SITE, SANDBOX_FOLDER, Settings
from galleryman.translations import install_translations
from galleryman.views.theme import ThemeFollower, follow_system_theme
from galleryman.workers.gui_thread import run_on_gui_thread

if TYPE_CHECKING:
    from galleryman.site_manager import SiteManager
    from galleryman.views.crash_dialog import CrashReporter
    from galleryman.views.main_window import MainWindow

log = logging.getLogger(__name__)

FIRST_FRAME_WAIT_MS = 1000  # a window never painted (e.g. not mapped yet) is built anyway
# Between two steps of building the window: a timer (not a zero one, which runs before the
# timers already due) lets the GUI thread paint and answer input and other timers first.
NEXT_STEP_MS = 1


def app_icon() -> QIcon:
    icon = resources.files("galleryman") / "assets" / "galleryman.svg"
    return QIcon(str(icon))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="galleryman",
        description="Manage Wix Pro Galleries. 'galleryman sandbox --help' runs the local "
        "Wix-compatible server on its own.",
    )
    parser.add_argument("--version", action="version", version=f"galleryman {__version__}")
    parser.add_argument(
        "--basedir",
        type=Path,
        help="keep settings, data, cache and logs under this folder (for tests and demos)",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help="open the local sandbox site, wait for the first gallery's thumbnails, save a "
        "PNG of the window and exit",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="check this installation (sandbox round trip through the worker thread, the main "
        "window, keyring, image codecs and Qt plugins) and exit 0, or non-zero with the reason",
    )
    return parser.parse_args(argv)


def run_app(argv: list[str]) -> int:
    args = parse_args(argv)
    prepare_qt_environment()  # before the QApplication (the smoke test's too)
    if args.smoke_test:
        from galleryman.smoke import run_smoke_test

        return run_smoke_test()
    paths = (AppPaths.under(args.basedir) if args.basedir else AppPaths.default()).ensure()
    undo_logging = setup_logging(paths.log_file)
    try:
        return _run(args, paths)
    finally:
        undo_logging()


def _run(args: argparse.Namespace, paths: AppPaths) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("galleryman")
    app.setApplicationDisplayName("galleryman")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("galleryman")
    app.setWindowIcon(app_icon())
    install_translations(app, paths.settings_file)  # before any window: text is read then
    # From here on an unexpected error on any thread is logged and shown, even one raised
    # while the window is being built.
    reporter = LazyCrashReporter(paths.log_dir)
    undo_excepthook = install_excepthook(reporter.show)
    theme: ThemeFollower | None = None
    try:
        theme = follow_system_theme(app)
        settings = Settings(paths.settings_file)
        try:
            from galleryman.views.main_window import MainWindow

            window = MainWindow(None, settings)  # its frame: the rest after the first frame
        except Exception as exc:
            return _could_not_start(exc, paths, wait_for_user=not args.screenshot)
        reporter.parent = window
        return _show_window(app, window, settings, args.screenshot, paths)
    finally:
        if theme is not None:
            theme.stop()
        undo_excepthook()


def _show_window(
    app: QApplication,
    window: MainWindow,
    settings: Settings,
    screenshot: Path | None,
    paths: AppPaths,
) -> int:
    if screenshot:
        window.resize(1360, 860)  # the same frame every time, whatever the screen
    window.show()

    # The site that opens; the local sandbox is started early when it is that one.
    opening = "" if screenshot else settings.get(LAST_SITE)

    def start_building(made: SiteManager | Exception) -> None:
        if isinstance(made, Exception):
            app.exit(_could_not_start(made, paths, wait_for_user=not screenshot))
        elif window.isVisible():
            build_step(made, window.steps_to_build_the_rest(made))
        else:  # closed before it was built: the app is ending
            made.shutdown()

    def build_step(sites: SiteManager, steps: list[Callable[[], None]]) -> None:
        if not window.isVisible():
            sites.shutdown()  # closed before it was built: the app is ending
            return
        try:
            steps.pop(0)()
        except Exception as exc:
            app.exit(_could_not_start(exc, paths, wait_for_user=not screenshot))
            return
        # The next step, then the site, each in a turn of its own: the GUI thread answers
        # (paints, takes input) in between.
        then = (lambda: build_step(sites, steps)) if steps else open_the_site
        QTimer.singleShot(NEXT_STEP_MS, window, then)

    def open_the_site() -> None:
        from galleryman.sites import LOCAL_SITE_KEY

        window.open_site(opening or LOCAL_SITE_KEY)  # its catalog, its workers
        if screenshot:
            from galleryman.screenshot import take_screenshot_when_ready

            take_screenshot_when_ready(window, screenshot)

    # The window's frame is painted first: the user sees it at once.
    AfterFirstFrame(
        window, lambda: prepare_then(sites_maker(paths, settings), opening, start_building)
    )
    # However the loop ends (window closed, --screenshot done, Ctrl+Q), close the window so
    # its state is saved and the local sandbox stops.
    app.aboutToQuit.connect(window.close)
    code = app.exec()
    log.info("galleryman exits with %d", code)
    return code


def prepare_then(
    make_sites: Callable[[], SiteManager],
    opening: str,
    then: Callable[[SiteManager | Exception], None],
) -> None:
    """On a thread: make the sites, start the local sandbox if `opening` (a site key, "" for
    the default) is it, so its process starts while the window is being built, and import
    what the rest of the window needs (~300 ms the GUI thread does not spend). Then `then`
    runs on the GUI thread with the sites, or with what failed."""
    from galleryman.views.main_window import import_the_rest

    def work() -> None:
        from galleryman.sites import LOCAL_SITE_KEY

        made: SiteManager | Exception
        try:
            made = make_sites()
            registry = made.registry  # the site chosen as MainWindow.open_site chooses it
            if (registry.get(opening or LOCAL_SITE_KEY) or registry.sites()[0]).kind == "sandbox":
                made.local.start_soon()  # what opening it does; a start under way is shared
            import_the_rest()
        except Exception as exc:
            made = exc
        run_on_gui_thread(lambda: then(made))

    threading.Thread(target=work, name="galleryman-prepare", daemon=True).start()


class LazyCrashReporter:
    """The app's CrashReporter, made (its dialog's module imported) at the first error."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.parent: QWidget | None = None
        self._reporter: CrashReporter | None = None

    def show(self, report: ErrorReport) -> None:
        if self._reporter is None:
            from galleryman.views.crash_dialog import CrashReporter

            self._reporter = CrashReporter(self.log_dir)
        self._reporter.parent = self.parent
        self._reporter.show(report)


class AfterFirstFrame(QObject):
    """Runs `then` once `window` has painted its first frame (the Paint event starts it; a
    zero timer runs after the frame is flushed), or after FIRST_FRAME_WAIT_MS without one."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(FIRST_FRAME_WAIT_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def sites_from_preferences(paths: AppPaths, settings: Settings) -> SiteManager:
    """The sites as Preferences set them: the sandbox's folder, the thumbnail cache limit."""
    return sites_maker(paths, settings)()


def sites_maker(paths: AppPaths, settings: Settings) -> Callable[[], SiteManager]:
    """What makes the sites as Preferences set them, on any thread: the preferences are read
    now, on this one (a QSettings object is not to be shared between threads)."""
    chosen = _with_chosen_sandbox_dir(paths, settings)
    cache_bytes = settings.thumbnail_cache_bytes()

    def make() -> SiteManager:
        from galleryman.site_manager import SiteManager

        return SiteManager(chosen, thumbnail_cache_bytes=cache_bytes)

    return make


def _with_chosen_sandbox_dir(paths: AppPaths, settings: Settings) -> AppPaths:
    """The sandbox folder chosen in Preferences, if it can be used; else the default."""
    chosen = settings.get(SANDBOX_FOLDER)
    if not chosen:
        return paths
    try:
        changed = paths.with_sandbox_dir(Path(chosen))
        changed.sandbox_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("the chosen sandbox folder cannot be used, using the default: %s", exc)
        return paths
    return changed


def _could_not_start(exc: Exception, paths: AppPaths, *, wait_for_user: bool) -> int:
    """The window could not be built: log why, show it, and end with exit status 1."""
    from galleryman.views.crash_dialog import CrashDialog

    report = describe_exception(exc, "open its window")
    log.error("%s\n%s", report.summary, report.traceback)
    if wait_for_user:
        CrashDialog(report, paths.log_dir, fatal=True).exec()
    return 1
