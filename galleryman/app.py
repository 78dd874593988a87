"""QApplication set-up: paths, logging, excepthook, settings, sites, the main window."""

from __future__ import annotations

import argparse
import logging
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from galleryman import __version__
from galleryman.logging_setup import install_excepthook, setup_logging
from galleryman.paths import AppPaths
from galleryman.settings import LAST_SITE, Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY

log = logging.getLogger(__name__)


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
    if args.smoke_test:
        from galleryman.smoke import run_smoke_test

        return run_smoke_test()
    paths = (AppPaths.under(args.basedir) if args.basedir else AppPaths.default()).ensure()
    setup_logging(paths.log_file)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("galleryman")
    app.setApplicationDisplayName("galleryman")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("galleryman")
    app.setWindowIcon(app_icon())

    from galleryman.views.main_window import MainWindow

    settings = Settings(paths.settings_file)
    window = MainWindow(SiteManager(paths), settings)
    install_excepthook(lambda title, details: _show_error_dialog(window, title, details))
    if args.screenshot:
        window.resize(1360, 860)  # the same frame every time, whatever the screen
    window.show()
    site = LOCAL_SITE_KEY if args.screenshot else settings.get(LAST_SITE) or LOCAL_SITE_KEY
    window.open_site(site)
    if args.screenshot:
        from galleryman.screenshot import take_screenshot_when_ready

        take_screenshot_when_ready(window, args.screenshot)
    # However the loop ends (window closed, --screenshot done, Ctrl+Q), close the window so
    # its state is saved and the local sandbox stops.
    app.aboutToQuit.connect(window.close)
    code = app.exec()
    log.info("galleryman exits with %d", code)
    return code


def _show_error_dialog(parent: QWidget | None, title: str, details: str) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("galleryman")
    box.setText(title)
    box.setInformativeText("The details are in the log. galleryman keeps running.")
    box.setDetailedText(details)
    box.open()
