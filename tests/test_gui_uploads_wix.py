"""Uploads against the Wix-like sandbox: Wix processes a file after its bytes arrive, so the
tile says "Processing on Wix…" until the file is READY, the item gets the READY file's real
size, and a retry after a failure reuses the file that already reached the Media Manager."""

from __future__ import annotations

from pathlib import Path

import pytest

from galleryman.models.roles import ROW_UPLOAD, Role
from galleryman.views.main_window import MainWindow
from tests.gui_helpers import item_titles, open_new_gallery, server_of, wait_idle
from tests.upload_support import drop_file

pytestmark = pytest.mark.parametrize("sandbox_profile", ["wix"], indirect=True)


def tile_phases(window: MainWindow) -> list[str]:
    model = window.grid.model()
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    return [i.data(Role.TILE).upload_phase for i in rows if i.data(Role.ROW_KIND) == ROW_UPLOAD]


def media_files(window: MainWindow) -> int:
    return len(list((server_of(window).data_dir / "media").iterdir()))


def test_a_file_wix_is_still_processing_shows_so_and_becomes_an_item_when_ready(
    qtbot, main_window: MainWindow, tmp_path: Path
) -> None:
    gallery_id = open_new_gallery(qtbot, main_window, "Photos", [])
    server = server_of(main_window)
    with server.processing.hold():  # Wix keeps the file PENDING until the test lets go
        drop_file(main_window, tmp_path)
        qtbot.waitUntil(lambda: tile_phases(main_window) == ["processing"], timeout=10_000)
        tip = main_window.grid.model().index(0, 0).data(Role.UPLOAD_ERROR)
        assert tip is None
        assert item_titles(server, gallery_id) == []  # no item for a file not ready
    wait_idle(qtbot, main_window)
    [item] = server.store.list_items(gallery_id)
    info = item["image"]["imageInfo"]
    assert (item["title"], info["width"], info["height"]) == ("new", 64, 64)
    assert tile_phases(main_window) == []


def test_an_upload_whose_item_the_site_cannot_make_now_reuses_its_file_when_it_can(
    qtbot, main_window: MainWindow, tmp_path: Path
) -> None:
    """The file reaches the Media Manager, then creating its item fails (the site erroring):
    the tile waits and nothing is lost; once the site answers, the item is made from that same
    file, never from a second upload."""
    gallery_id = open_new_gallery(qtbot, main_window, "Photos", [])
    server = server_of(main_window)
    before = media_files(main_window)
    server.faults.inject_next("503", count=1000, method="POST", path_contains="/items")
    drop_file(main_window, tmp_path)
    session = main_window.session
    assert session is not None
    qtbot.waitUntil(lambda: main_window.waiting_label.text().startswith("Offline – 1 change"))
    assert media_files(main_window) == before + 1  # the file is up...
    assert item_titles(server, gallery_id) == []  # ...its item not made yet
    assert len(tile_phases(main_window)) == 1  # the tile stays, waiting

    server.faults.clear()
    main_window.pending.send_action.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["new"]
    assert media_files(main_window) == before + 1  # the same file, not uploaded again
    assert tile_phases(main_window) == [] and session.counts().waiting == 0
