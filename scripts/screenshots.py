"""Render the main views of galleryman to docs/screenshots/*.png (offscreen, demo data).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from galleryman.app import app_icon
from galleryman.models.roles import thumb_key
from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.main_window import MainWindow
from galleryman.wix.models import Item


def wait(app: QApplication, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, window: MainWindow) -> None:
    session = window.session
    assert session is not None
    wait(app, lambda: session.busy() == 0)
    wait(app, window.grid.visible_thumbnails_settled)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    app.setWindowIcon(app_icon())
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(Path(tmp)).ensure()
        # In-process, so a gallery's listing can be held to show what loading looks like.
        sites = SiteManager(paths, sandbox_in_process=True)
        window = MainWindow(sites, Settings(paths.settings_file))
        window.resize(1360, 860)
        window.show()
        window.open_site(LOCAL_SITE_KEY)
        session = window.session
        assert session is not None
        wait(app, lambda: session.loaded_gallery_id is not None)
        settle(app, window)
        window.grab().save(str(out / "main-window.png"))

        first = session.items.items()[0]
        window.grid.select_ids([str(first.id)])
        settle(app, window)
        loader, key = window.loader, thumb_key(first)
        assert loader is not None and key is not None
        size = window.item_panel.preview_pixels()
        wait(app, lambda: loader.state(key, size) in ("ready", "failed"))  # the sharp preview
        settle(app, window)
        window.grab().save(str(out / "item-panel.png"))

        window.grid.select_ids([str(i.id) for i in session.items.items()[:4]])
        settle(app, window)
        bulk = window.bulk_panel
        bulk.alt_text_check.setChecked(True)
        bulk.alt_text_edit.setText("Waves on the north beach")
        bulk.tags_check.setChecked(True)
        bulk.tags_add.setChecked(True)
        bulk.tags_edit.setText("golden-hour, sea")
        settle(app, window)
        window.grab().save(str(out / "bulk-edit.png"))  # says what Apply will change
        window.grid.clearSelection()

        # Long titles, a text item and an error notification in the "Portraits" gallery.
        window.sidebar.view.setCurrentIndex(session.galleries.index(2))
        wait(app, lambda: session.loaded_gallery_id == session.galleries.galleries()[2].id)
        item = session.items.items()[1]
        session.edit_item(
            str(item.id),
            {"title": "A very long title that goes on and on about the light in the studio"},
        )
        session.add_item(
            Item.text_item("<h2>Studio notes</h2><p>Shot on <b>film</b>, 2026.</p>", title="Notes")
        )
        settle(app, window)
        window.notifications.show_error(
            "Couldn't save “Edit title”: The Wix server had a problem (HTTP 500). Nothing was "
            "lost; try again.",
            retry=lambda: None,
        )
        settle(app, window)
        window.grab().save(str(out / "long-titles-and-error.png"))

        # Files that cannot be added say why on their tiles, with Retry only where it helps.
        bad = Path(tmp) / "bad"
        bad.mkdir()
        (bad / "IMG_2041.HEIC").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
        (bad / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
        (bad / "notes.txt.jpg").write_text("shopping list")
        session.add_files(sorted(bad.iterdir()))
        settle(app, window)
        window.grab().save(str(out / "failed-uploads.png"))

        # A long gallery name in the sidebar: elided, its count still in view.
        long_name = "Coastline at dawn, from the north pier to the old lighthouse and back again"
        session.rename_gallery_undoable(str(session.galleries.galleries()[1].id), long_name)
        settle(app, window)
        window.grab().save(str(out / "long-gallery-name.png"))

        # A gallery while its items are on their way (one never opened before, so nothing of
        # it is in the local catalog): it says so, it does not look empty.
        server = sites.local.server
        assert server is not None
        with sites.local.client() as elsewhere:  # as the Wix editor would
            made = elsewhere.create_gallery("Made in the Wix editor")
            for n in range(24):
                elsewhere.create_item(made.id, Item.text_item(f"<p>note {n}</p>", title=f"n{n}"))
        unseen = {"id": str(made.id)}
        window.actions_.refresh.trigger()
        settle(app, window)
        with server.gate("GET", rf"/galleries/{unseen['id']}$") as gate:
            row = session.galleries.row_of(str(unseen["id"]))
            window.sidebar.view.setCurrentIndex(session.galleries.index(row))
            wait(app, lambda: gate.arrived(1, timeout=0))
            for _ in range(20):
                app.processEvents()
                time.sleep(0.01)
            window.grab().save(str(out / "loading.png"))
        settle(app, window)
        window.sidebar.view.setCurrentIndex(session.galleries.index(0))
        wait(app, lambda: session.loaded_gallery_id == session.galleries.galleries()[0].id)
        settle(app, window)

        # The site cannot be reached: edits wait on disk and the status bar says so.
        gallery_id = str(session.gallery_id)
        items = session.items.items()
        server.faults.inject_next("503", count=100_000)
        session.edit_item(str(items[0].id), {"title": "Harbour at first light"})
        session.move_items([str(items[3].id)], 0)
        wait(app, lambda: session.counts().waiting >= 2 and session.busy() == 0)
        settle(app, window)
        window.grab().save(str(out / "offline.png"))
        server.faults.clear()
        session.send_now(wake=True)
        settle(app, window)

        # Pending Changes, with "Review changes before sending": what will go out, in words.
        session.set_review_before_sending(True)
        items = session.items.items()
        session.edit_item(str(items[1].id), {"title": "Cove at dawn"})
        session.move_items([str(items[4].id), str(items[5].id)], 0)
        session.delete_items([str(items[2].id)])
        photo = Path(tmp) / "beach.jpg"
        photo.write_bytes((bad / "scan.jpg").read_bytes())  # a file that will fail its check
        session.add_files([photo])
        settle(app, window)
        window.pending.show_action.trigger()
        dialog = window.pending.dialog
        assert dialog is not None
        dialog.resize(860, 420)
        settle(app, window)
        dialog.grab().save(str(out / "pending-changes.png"))
        dialog.close()

        # A conflict: the title was changed in the Wix editor before the held edit went out.
        edited = session.items.items()[6]
        session.edit_item(str(edited.id), {"title": "Lighthouse, north pier"})
        with sites.local.client() as elsewhere:
            elsewhere.update_item(gallery_id, str(edited.id), {"title": "Lighthouse (edited)"})
        window.actions_.refresh.trigger()
        settle(app, window)
        window.pending.show_action.trigger()
        settle(app, window)
        dialog.grab().save(str(out / "conflict.png"))
        dialog.close()
        session.set_review_before_sending(False)

        window.filter_box.setText("zzz-no-match")
        settle(app, window)
        window.grab().save(str(out / "filter-no-match.png"))
        window.filter_box.clear()

        window.grid.scrollTo(window.grid.model().index(0, 0))
        window.grid.viewport().mapToGlobal(QPoint(0, 0))
        window.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main()
