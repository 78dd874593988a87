"""The window's three item models pass Qt's model tester through a real session: loads,
inserts (uploads, undo of a delete), moves (reorder, gallery order), removals, renames,
filtering, and switching gallery. The tester watches every signal and fails on any model
inconsistency (a row count off by one, a move to an invalid place...)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from galleryman.views.main_window import MainWindow
from galleryman.wix.models import Gallery
from tests.gui_helpers import (
    answer_text,
    answer_yes,
    open_gallery_with_images,
    open_new_gallery,
    select,
    shown_text,
    uploaded_images,
    wait_idle,
)
from tests.support import image_bytes


def test_the_window_models_stay_consistent_through_a_session(
    qtbot, qtmodeltester, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answer_yes(monkeypatch)
    first = open_gallery_with_images(qtbot, main_window, 5)
    session, proxy = main_window.session, main_window.proxy
    assert session is not None and proxy is not None
    for model in (session.galleries, session.items, proxy):
        qtmodeltester.check(model)  # ...and keeps watching everything below

    select(main_window, "p4")
    main_window.actions_.move_to_top.trigger()
    select(main_window, "p1", "p2")
    main_window.actions_.delete_items.trigger()
    wait_idle(qtbot, main_window)
    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    photo = tmp_path / "new.png"
    photo.write_bytes(image_bytes(40, 30, "PNG"))
    session.add_files([photo], 2)
    wait_idle(qtbot, main_window)
    main_window.filter_box.setText("p1")
    main_window.filter_box.setText("")
    session.rename_gallery_undoable(first, "Harbour")
    answer_text(monkeypatch, "Second")
    main_window.actions_.new_gallery.trigger()
    wait_idle(qtbot, main_window)
    second = next(g for g in session.galleries.galleries() if g.name == "Second")
    session.move_gallery(str(second.id), 0)
    wait_idle(qtbot, main_window)
    other = open_new_gallery(qtbot, main_window, "Other", uploaded_images(main_window, 2, "q"))
    main_window.actions_.delete_gallery.trigger()
    wait_idle(qtbot, main_window)
    assert session.galleries.row_of(other) < 0
    assert [g.name for g in session.galleries.galleries()] == ["Second", "Harbour"]


def test_the_gallery_list_passes_the_model_tester(qtmodeltester) -> None:
    from galleryman.models.gallery_list import GalleryListModel

    model = GalleryListModel()
    qtmodeltester.check(model)

    def gallery(n: int, order: float, count: int = 0) -> Gallery:
        return Gallery.from_json(
            {"id": f"g{n}", "name": f"G{n}", "sortOrder": order, "totalItems": count}
        )

    model.set_galleries([gallery(n, float(n)) for n in range(6)])
    model.upsert(gallery(9, 2.5))  # inserted in place
    model.upsert(gallery(1, 10.0))  # moved to the end
    model.upsert(gallery(4, -1.0, 3))  # moved to the front
    model.set_item_count("g2", 7)
    model.remove("g3")
    assert [g.id for g in model.galleries()] == ["g4", "g0", "g2", "g9", "g5", "g1"]
    assert shown_text(model.index(2).data(Qt.ItemDataRole.ToolTipRole)) == "G2\n7 items"
    model.set_galleries([])
    assert model.rowCount() == 0
