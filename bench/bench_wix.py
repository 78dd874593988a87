"""The real window against a Wix-like site: the local sandbox run as the app runs it (a child
process) with `--profile wix` at full latency (a median of ~150 ms a request, a tail to
~800 ms), the 200-requests-a-minute limit and uploads processed asynchronously.

Prints, for galleries of 1,000 and 10,000 items: time to the first visible thumbnails (cold
caches), time until every item is listed, the longest GUI-thread stall while loading; then
an upload of PHOTOS photos: wall time, API requests, and the time left the status bar
estimated at the start against the real time. Asserts nothing. Takes several minutes: the
rate limit is real.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_wix.py [PHOTOS]
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_gui import Heartbeat, first_thumbnails, image_bytes, spin_until  # this folder
from bench_gui import _pump as pump
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QApplication

from galleryman.paths import AppPaths
from galleryman.qt_environment import prepare_qt_environment
from galleryman.session import SiteSession
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.main_window import MainWindow
from galleryman.wix.models import Item

SIZES = (1_000, 10_000)
DISTINCT_IMAGES = 24  # seeding uploads count against the site's minute as well
SEED_CHUNK = 2_000  # items per request while seeding (a body may hold 1 MiB)
# The sandbox's budget is a rolling minute: let it roll before measuring (shorter for a try).
RATE_WINDOW_S = int(os.environ.get("RATE_WINDOW_S", "61"))


def api_requests(session: SiteSession) -> int:
    return sum(client.requests_sent for client in session._clients)


def seed(window: MainWindow) -> dict[int, str]:
    """Galleries of SIZES items on real images, made through the API like any client would."""
    ids: dict[int, str] = {}
    with window.sites.local.client() as client:
        files = [
            client.upload_data(image_bytes(1200, 800 + 50 * n, seed=n), f"b{n}.jpg", "image/jpeg")
            for n in range(DISTINCT_IMAGES)
        ]
        for size in SIZES:
            items = [
                Item.image_item(files[n % len(files)], title=f"P{n:05}", sort_order=n + 1.0)
                for n in range(size)
            ]
            # A request body may hold 1 MiB: the gallery, then the rest of its items in chunks
            # (Update Gallery creates the items it is given without an id).
            first, rest = items[:SEED_CHUNK], items[SEED_CHUNK:]
            gallery_id = str(client.create_gallery(f"{size} items", items=first).id)
            for start in range(0, len(rest), SEED_CHUNK):
                chunk = [i.to_json() for i in rest[start : start + SEED_CHUNK]]
                client.update_gallery(gallery_id, {"items": chunk})
            ids[size] = gallery_id
    return ids


def open_cold(app: QApplication, window: MainWindow, gallery_id: str) -> tuple[float, float, float]:
    """Open a gallery with empty thumbnail caches: (first thumbnails s, all listed s, stall ms)."""
    session = window.session
    assert session is not None and window.loader is not None
    session.open_gallery(None)
    window.loader.cancel_pending()
    window.loader.wait_until_idle()
    QPixmapCache.clear()
    shutil.rmtree(window.sites.paths.thumbnails_dir, ignore_errors=True)
    beat = Heartbeat()
    beat.start()
    started = time.perf_counter()
    session.open_gallery(gallery_id)
    first = first_thumbnails(app, window)
    spin_until(app, lambda: session.loaded_gallery_id == gallery_id, timeout=600)
    listed = time.perf_counter() - started
    spin_until(app, lambda: session.busy() == 0, timeout=600)
    return first, listed, beat.stop()


def main() -> None:
    photos = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    prepare_qt_environment()  # as the app does, before its QApplication
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(Path(tmp)).ensure()
        sites = SiteManager(paths, seed_demo=False, sandbox_options=["--profile", "wix"])
        window = MainWindow(sites, Settings(paths.settings_file))
        window.resize(1360, 860)
        window.show()
        window.open_site(LOCAL_SITE_KEY)
        session = window.session
        assert session is not None
        spin_until(app, lambda: session.busy() == 0)
        ids = seed(window)
        print(f"seeded; letting the site's rate window roll ({RATE_WINDOW_S} s)", flush=True)
        pump(app, RATE_WINDOW_S)
        window.actions_.refresh.trigger()
        spin_until(app, lambda: session.galleries.rowCount() == len(SIZES) and session.busy() == 0)

        print("Wix-like sandbox (--profile wix, full latency, 200 requests/min), 1360x860")
        for size in SIZES:
            first, listed, stall = open_cold(app, window, ids[size])
            print(
                f"{size:>6,} items: first visible thumbnails {first * 1000:.0f} ms (goal < 1500),"
                f" every item listed {listed:.1f} s, longest GUI stall {stall:.0f} ms (goal < 50)"
            )

        folder = Path(tmp) / "photos"
        folder.mkdir()
        files = []
        for n in range(photos):
            path = folder / f"photo{n:03}.jpg"
            path.write_bytes(image_bytes(1600, 1067, seed=100 + n))
            files.append(path)
        row = session.galleries.row_of(ids[SIZES[0]])
        window.sidebar.view.setCurrentIndex(session.galleries.index(row))
        spin_until(app, lambda: session.busy() == 0, timeout=600)
        before = api_requests(session)
        beat = Heartbeat()
        beat.start()
        started = time.perf_counter()
        session.add_files(files)
        spin_until(app, lambda: "left" in window.activity_label.text(), timeout=60)
        shown = window.activity_label.text()
        spin_until(app, lambda: session.busy() == 0, timeout=1800)
        took = time.perf_counter() - started
        stall = beat.stop()
        estimate = _seconds(shown)
        print(
            f"upload {photos} photos: {took:.0f} s, {api_requests(session) - before} API requests,"
            f" longest GUI stall {stall:.0f} ms"
        )
        if estimate is not None:
            error = (estimate - took) / took * 100
            print(f"  estimate shown at the start: “{shown}” = {estimate:.0f} s ({error:+.0f}%)")
        window.close()


def _seconds(text: str) -> float | None:
    """The seconds in "… about 3 min left" / "… about 40 s left"."""
    match = re.search(r"about (?:(\d+) h )?(\d+) (s|min)", text)
    if match is None:
        return None
    hours = int(match.group(1) or 0)
    value = int(match.group(2))
    return hours * 3600 + value * (60 if match.group(3) == "min" else 1)


if __name__ == "__main__":
    main()
