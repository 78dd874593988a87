"""`--screenshot FILE.png`: wait until the first gallery's visible thumbnails have loaded,
save a PNG of the window and quit (exit 0; 1 if it never got there)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from galleryman.views.main_window import MainWindow

log = logging.getLogger(__name__)

TIMEOUT_S = 60.0
POLL_MS = 100
SETTLE_MS = 300  # one more paint after the last thumbnail arrived


def take_screenshot_when_ready(window: MainWindow, target: Path) -> None:
    started = time.monotonic()
    timer = QTimer(window)

    def poll() -> None:
        ready = _ready(window)
        timed_out = time.monotonic() - started > TIMEOUT_S
        if not ready and not timed_out:
            return
        timer.stop()
        QTimer.singleShot(SETTLE_MS, lambda: _save_and_quit(window, target, ok=ready))

    timer.timeout.connect(poll)
    timer.start(POLL_MS)


def _ready(window: MainWindow) -> bool:
    session, grid = window.session, window.grid
    if session is None or not session.gallery_id:
        return False
    if session.items.rowCount() == 0 and session.loaded_gallery_id != session.gallery_id:
        return False
    return bool(grid.visible_thumbnails_settled())


def _save_and_quit(window: MainWindow, target: Path, *, ok: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    saved = window.grab().save(str(target), "PNG")
    code = 0 if ok and saved else 1
    if not ok:
        print("galleryman: thumbnails did not finish loading in time", file=sys.stderr)
    elif not saved:
        print(f"galleryman: could not write {target}", file=sys.stderr)
    else:
        print(f"galleryman: wrote {target}")
    log.info("screenshot %s saved=%s ready=%s", target, saved, ok)
    QApplication.exit(code)
