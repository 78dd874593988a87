"""Instant reopen: a 10,000-item gallery the app has seen before, opened again after a restart
(a new window on the same data folder: the local catalog and the thumbnail cache on disk),
against the sandbox run as the app runs it (a child process) with `--profile wix` (a real
site's latency, 200 requests a minute).

The reopen runs in a process of its own, as a restart does. Prints, first listing (nothing in
the catalog) beside the reopen:
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

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_wix
from bench_gui import Heartbeat, first_thumbnails, spin_until  # this folder
from bench_wix import RATE_WINDOW_S, api_requests
from bench_wix import seed as seed_sizes
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QApplication

from galleryman.paths import AppPaths
from galleryman.qt_environment import prepare_qt_environment
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
    session.open_gallery(None)  # the app may have opened it at start: measure the opening
    spin_until(app, lambda: session.busy() == 0)
    QPixmapCache.clear()
    usable: dict[str, float] = {}

    def note_usable() -> None:
        if session.load_state is LoadState.LOADED and not usable:
            usable["s"] = time.perf_counter() - started
            usable["requests"] = api_requests(session) - before

    session.load_state_changed.connect(note_usable)
    beat = Heartbeat()
    beat.start()
    before = api_requests(session)
    started = time.perf_counter()
    session.open_gallery(gallery_id)
    first = first_thumbnails(app, window)
    spin_until(app, lambda: bool(usable), timeout=900)
    spin_until(app, lambda: session.busy() == 0, timeout=900)
    return {
        "first": first * 1000,
        "usable": usable["s"],
        "usable_requests": usable["requests"],
        "refresh_requests": api_requests(session) - before - usable["requests"],
        "stall": beat.stop(),
    }


def run(phase: str, basedir: Path, sandbox: Path, size: int) -> None:
    """One run of the app, in a process of its own as a restart is."""
    prepare_qt_environment()  # as the app does, before its QApplication
    app = QApplication([])
    paths = AppPaths.under(basedir).with_sandbox_dir(sandbox).ensure()
    window = open_window(paths)
    session = window.session
    assert session is not None
    spin_until(
        app, lambda: (phase == "seed" or session.galleries.rowCount() > 0) and not session.busy()
    )
    if phase == "seed":
        with window.sites.local.client() as client:  # first in the sidebar: the app opens it
            client.create_gallery("Opened at start")
        bench_wix.SIZES = (size,)
        print(json.dumps(seed_sizes(window)[size]), flush=True)
    else:
        site_session.FRESH_S = 0.0  # a restart minutes later: the reopen is refreshed too
        [gallery] = [g for g in session.galleries.galleries() if g.name == f"{size} items"]
        print(json.dumps(measure(app, window, str(gallery.id))), flush=True)
    window.close()


def child(phase: str, basedir: Path, sandbox: Path, size: int) -> object:
    done = subprocess.run(
        [sys.executable, __file__, phase, str(basedir), str(sandbox), str(size)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"the {phase} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pause() -> None:
    print(f"letting the site's rate window roll ({RATE_WINDOW_S} s)", flush=True)
    time.sleep(RATE_WINDOW_S)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        sandbox = Path(tmp) / "sandbox"
        child("seed", Path(tmp) / "seeding", sandbox, size)  # another client made it
        pause()
        cold = child("measure", Path(tmp) / "app", sandbox, size)  # never seen: listed
        pause()
        warm = child("measure", Path(tmp) / "app", sandbox, size)  # a restart: the catalog
        catalog = sum(f.stat().st_size for f in (Path(tmp) / "app").rglob("sites/*.sqlite3*"))
    assert isinstance(cold, dict) and isinstance(warm, dict)
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
    if sys.argv[1:2] in (["seed"], ["measure"]):
        run(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
