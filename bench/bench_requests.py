"""How many requests each user action costs on the site (a real site allows 200 a minute).

Drives the real main window against an in-process sandbox and counts the requests the server
received for each action, until the window is idle again. Prints a Markdown table; asserts
nothing. Only the window's actions and the sandbox's request log are used, so the same script
measures older versions of the app too (to compare before and after).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_requests.py [ITEMS] [PHOTOS]
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from galleryman.paths import AppPaths
from galleryman.qt_environment import prepare_qt_environment
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.main_window import MainWindow
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item


def jpeg(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (seed * 37 % 256, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def spin(app: QApplication, done: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get idle in time")
        app.processEvents()
        time.sleep(0.002)


def main() -> None:
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    items = numbers[0] if numbers else 250
    photos = numbers[1] if len(numbers) > 1 else 5
    prepare_qt_environment()  # as the app does, before its QApplication
    app = QApplication.instance() or QApplication([])
    QMessageBox.exec = lambda _box: QMessageBox.StandardButton.Yes  # type: ignore[method-assign]
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)  # type: ignore[method-assign]
    QMessageBox.warning = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(Path(tmp) / "app").ensure()
        sites = SiteManager(paths, seed_demo=False, sandbox_in_process=True)
        endpoint = sites.local.start()
        server = sites.local.server
        assert server is not None
        log = server.request_log
        seed(endpoint.base_url, endpoint.api_key, endpoint.site_id, items)
        files = []
        for n in range(photos):
            path = Path(tmp) / f"photo{n}.jpg"
            path.write_bytes(jpeg(n))
            files.append(path)

        rows: list[tuple[str, int, int, list[str]]] = []
        window = MainWindow(sites, Settings(paths.settings_file))
        window.resize(1200, 800)
        window.show()

        def idle() -> bool:
            session = window.session
            return session is None or session.busy() == 0

        def measure(label: str, action: Callable[[], Any]) -> None:
            spin(app, idle)
            before = len(log)
            action()
            spin(app, idle)
            for _ in range(20):
                app.processEvents()
            spin(app, idle)
            sent = log.snapshot()[before:]
            api = [f"{method} {path}" for method, path, _status in sent if is_api(path)]
            rows.append((label, len(api), len(sent) - len(api), api))

        measure(
            "open the app (list galleries, open the first)",
            lambda: window.open_site(LOCAL_SITE_KEY),
        )
        session = window.session
        assert session is not None
        small = session.galleries.gallery_at(1)
        big = session.galleries.gallery_at(0)
        assert small is not None and big is not None

        def open_gallery(gallery_id: str) -> None:
            window.sidebar.view.setCurrentIndex(
                session.galleries.index(session.galleries.row_of(gallery_id))
            )

        measure("open another gallery (2 items)", lambda: open_gallery(str(small.id)))
        measure(f"open a gallery of {items:,} items", lambda: open_gallery(str(big.id)))
        first = session.items.items()[0]

        def edit_title() -> None:
            window.grid.select_ids([str(first.id)])
            field = window.item_panel.title_edit
            field.setText("Edited")
            field.committed.emit("Edited")

        measure("edit a field", edit_title)
        measure("undo the edit", window.actions_.undo.trigger)

        def move_last_to_top() -> None:
            last = session.items.items()[-1]
            window.grid.select_ids([str(last.id)])
            window.actions_.move_to_top.trigger()

        measure("move one item", move_last_to_top)
        measure("undo the move", window.actions_.undo.trigger)
        measure(f"upload {photos} photos", lambda: session.add_files(files))

        def delete_some() -> None:
            window.grid.select_ids([str(i.id) for i in session.items.items()[:3]])
            window.actions_.delete_items.trigger()

        measure("delete 3 items", delete_some)
        measure("undo the delete", window.actions_.undo.trigger)
        QInputDialog.getText = staticmethod(lambda *a, **k: ("New gallery", True))  # type: ignore[method-assign]
        measure("create a gallery", window.actions_.new_gallery.trigger)
        measure(
            "rename a gallery", lambda: session.rename_gallery_undoable(str(small.id), "Renamed")
        )
        window.close()

    print(f"| action ({items:,}-item gallery) | API requests | media (CDN, uploads) |")
    print("|---|---:|---:|")
    for label, count, media, _api in rows:
        print(f"| {label} | {count} | {media} |")
    if "-v" in sys.argv:
        for label, _count, _media, api in rows:
            print(label, api)


def is_api(path: str) -> bool:
    """A call that counts against the site's 200-a-minute budget (not the CDN's scaled copies
    or the upload URL, which are other hosts on Wix)."""
    return path.startswith(("/pro-gallery/", "/progallery/", "/site-media/"))


def seed(base_url: str, api_key: str, site_id: str, items: int) -> None:
    with WixClient(ApiKeyAuth(api_key, site_id), base_url, rate_limit_per_minute=None) as client:
        data = jpeg(1)
        url = client.generate_upload_url("image/jpeg", "seed.jpg", len(data))
        file = client.upload_bytes(url, data, "seed.jpg", "image/jpeg")
        if file.width is None:
            file = client.wait_until_ready(str(file.id))
        big = client.create_gallery("Big", sort_order=1.0)
        client.create_gallery("Small", sort_order=2.0, items=[
            Item.image_item(file, title="s0", sort_order=1.0),
            Item.image_item(file, title="s1", sort_order=2.0),
        ])  # fmt: skip
        for n in range(items):
            client.create_item(
                str(big.id), Item.image_item(file, title=f"b{n}", sort_order=n + 1.0)
            )


if __name__ == "__main__":
    main()
