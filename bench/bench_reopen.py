"""Instant reopen: a 10,000-item gallery the app has seen before, opened again after a restart
(a new window on the same data folder: the local catalog and the thumbnail cache on disk),
against the sandbox run as the app runs it (a child process) with `--profile wix` (a real
site's latency, 200 requests a minute).

Prints, first listing (nothing in the catalog) beside the reopen:
- time to the first visible thumbnails,
- API requests before the grid is usable (every item in place, selectable),
- API requests of the background refresh that brings the catalog up to date (after a restart
  the catalog's listing is older than the freshness window, so it is listed again, at low
  priority in the rate budget),
- the longest GUI-thread stall.
Then the catalog's size on disk. Asserts nothing.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_reopen.py [ITEMS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import bench_wix
from bench_gui import Heartbeat, spin_until  # this folder
from bench_gui import _pump as pump
from bench_wix import RATE_WINDOW_S, api_requests
from bench_wix import seed as seed_sizes
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QApplication

from galleryman.paths import AppPaths
from galleryman.session import LoadState, site_session
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.main_window import MainWindow


def open_window(paths: AppPaths) -> MainWindow:
    sites = SiteManager(paths, seed_demo=False, sandbox_options=["--profile", "wix"])
    window = MainWindow(sites, Settings(paths.settings_file))
    window.resize(1360, 860)
    window.show()
    window.open_site(LOCAL_SITE_KEY)
    return window


def measure(app: QApplication, window: MainWindow, gallery_id: str) -> dict[str, float]:
    session = window.session
    assert session is not None
    QPixmapCache.clear()
    beat = Heartbeat()
    beat.start()
    before = api_requests(session)
    started = time.perf_counter()
    row = session.galleries.row_of(gallery_id)
    window.sidebar.view.setCurrentIndex(session.galleries.index(row))
    first = spin_until(
        app, lambda: session.items.item_count() > 0 and window.grid.visible_thumbnails_settled()
    )
    spin_until(app, lambda: session.load_state is LoadState.LOADED, timeout=900)
    usable = time.perf_counter() - started
    usable_requests = api_requests(session) - before
    spin_until(app, lambda: session.busy() == 0, timeout=900)
    return {
        "first": first * 1000,
        "usable": usable,
        "usable_requests": usable_requests,
        "refresh_requests": api_requests(session) - before - usable_requests,
        "stall": beat.stop(),
    }


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    bench_wix.SIZES = (size,)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(Path(tmp)).ensure()
        window = open_window(paths)
        session = window.session
        assert session is not None
        spin_until(app, lambda: session.busy() == 0)
        gallery_id = seed_sizes(window)[size]
        print(f"seeded; letting the site's rate window roll ({RATE_WINDOW_S} s)", flush=True)
        pump(app, RATE_WINDOW_S)
        window.actions_.refresh.trigger()
        spin_until(app, lambda: session.busy() == 0)
        cold = measure(app, window, gallery_id)
        window.close()
        print(f"letting the site's rate window roll ({RATE_WINDOW_S} s)", flush=True)
        pump(app, RATE_WINDOW_S)

        site_session.FRESH_S = 0.0  # as after a restart some minutes later: refreshed too
        window = open_window(paths)  # a restart: same data folder, new window and session
        session = window.session
        assert session is not None
        spin_until(app, lambda: session.galleries.rowCount() > 0 and session.busy() == 0)
        warm = measure(app, window, gallery_id)
        window.close()
        catalog = sum(f.stat().st_size for f in (paths.data_dir / "sites").glob("*"))

    print(f"Reopen of a {size:,}-item gallery, Wix-like sandbox (full latency, 200 requests/min)")
    print(f"{'':32}{'first listing':>16}{'reopen':>12}")
    rows = (
        ("first visible thumbnails (ms)", "first", "{:.0f}"),
        ("grid usable (s)", "usable", "{:.2f}"),
        ("requests before usable", "usable_requests", "{:.0f}"),
        ("requests, background refresh", "refresh_requests", "{:.0f}"),
        ("longest GUI stall (ms)", "stall", "{:.0f}"),
    )
    for label, key, form in rows:
        print(f"{label:32}{form.format(cold[key]):>16}{form.format(warm[key]):>12}")
    print(f"catalog on disk: {catalog / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
