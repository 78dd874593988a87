"""Memory of the window across many site open/close cycles (opening and closing must not leak).

Opens the local sandbox site in the real window, loads a gallery, closes the site, and again,
CYCLES times; prints the process's resident memory after the first cycles (the baseline, once
caches have filled) and after the last, and the growth per cycle. Goal: flat within 10 MB over
300 cycles. Asserts nothing.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_sessions.py [CYCLES]
"""

from __future__ import annotations

import gc
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from galleryman.paths import AppPaths
from galleryman.qt_environment import prepare_qt_environment
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.main_window import MainWindow

WARM_UP = 10


def rss_mb() -> float:
    """Resident memory now (Linux: /proc), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def spin(app: QApplication, done: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.001)


def main() -> None:
    cycles = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    prepare_qt_environment()  # as the app does, before its QApplication
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(Path(tmp)).ensure()
        sites = SiteManager(paths, seed_demo=True, sandbox_in_process=True)
        window = MainWindow(sites, Settings(paths.settings_file))
        window.show()
        baseline = 0.0
        for cycle in range(cycles):
            window.open_site(LOCAL_SITE_KEY)
            session = window.session
            assert session is not None
            spin(app, lambda s=session: s.loaded_gallery_id is not None and s.busy() == 0)  # type: ignore[misc]
            window._close_session()  # what switching to another site does
            # What the event loop does on its way back: run the deletes closing queued.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            if cycle + 1 == WARM_UP:
                gc.collect()
                baseline = rss_mb()
        gc.collect()
        end = rss_mb()
        window.close()
    grown = end - baseline
    per_cycle = grown / max(cycles - WARM_UP, 1) * 1000
    print(f"site open/close cycles: {cycles} (baseline after {WARM_UP})")
    print(f"resident memory: {baseline:.1f} MB -> {end:.1f} MB (+{grown:.1f} MB, goal < 10 MB)")
    print(f"per cycle: {per_cycle:.1f} kB")


if __name__ == "__main__":
    main()
