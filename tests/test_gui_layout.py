"""How the window fits: long gallery names, a small window, keys that act on what has focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from galleryman.views.main_window import MainWindow
from tests.gui_helpers import (
    focus,
    gallery_names,
    item_titles,
    open_gallery_with_images,
    open_new_gallery,
    select,
    server_of,
    uploaded_images,
    wait_idle,
)


def columns(window: MainWindow) -> int:
    grid = window.grid
    model = grid.model()
    tops = [grid.visualRect(model.index(r, 0)).top() for r in range(model.rowCount())]
    return tops.count(tops[0]) if tops else 0


def test_a_long_gallery_name_is_elided_and_every_count_stays_in_view(
    qtbot, main_window: MainWindow
) -> None:
    long = "Coastline at dawn, from the north pier to the lighthouse " * 4
    open_new_gallery(qtbot, main_window, long.strip(), uploaded_images(main_window, 2))
    view = main_window.sidebar.view
    QApplication.processEvents()
    assert view.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    model = view.model()
    for row in range(model.rowCount()):
        rect = view.visualRect(model.index(row, 0))
        assert rect.right() <= view.viewport().width()  # the count at the right edge shows
    assert model.index(0, 0).data() == long.strip()  # the name itself is kept whole


def test_a_small_window_still_shows_the_grid_in_columns(qtbot, main_window: MainWindow) -> None:
    open_gallery_with_images(qtbot, main_window, 6)
    main_window.resize(800, 550)
    qtbot.waitUntil(lambda: main_window.width() == 800)
    QApplication.processEvents()
    main_window.grid.doItemsLayout()
    assert columns(main_window) >= 2


def test_redo_and_zoom_keys_work_and_no_key_is_bound_twice(qtbot, main_window: MainWindow) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 3)
    select(main_window, "p2")
    main_window.actions_.move_to_top.trigger()
    wait_idle(qtbot, main_window)
    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    assert item_titles(server_of(main_window), gallery_id) == ["p0", "p1", "p2"]

    window_keys: dict[str, str] = {}
    for action in main_window.actions_.all():
        keys = [k.toString() for k in action.shortcuts()]
        assert len(keys) == len(set(keys)), action.text()  # listed twice: Qt does nothing
        if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
            for key in keys:
                assert key not in window_keys, f"{key}: {window_keys.get(key)} and {action.text()}"
                window_keys[key] = action.text()
    for key in ("Ctrl+Shift+Z", "Ctrl+Y", "Ctrl+=", "Ctrl++", "Ctrl+-"):
        assert key in window_keys, key

    focus(qtbot, main_window.grid)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(main_window.grid, Qt.Key.Key_Z, ctrl_shift)
    wait_idle(qtbot, main_window)
    assert item_titles(server_of(main_window), gallery_id) == ["p2", "p0", "p1"]
    main_window.actions_.undo.trigger()
    wait_idle(qtbot, main_window)
    qtbot.keyClick(main_window.grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, main_window)
    assert item_titles(server_of(main_window), gallery_id) == ["p2", "p0", "p1"]

    size = main_window.size_slider.value()
    qtbot.keyClick(main_window.grid, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert main_window.size_slider.value() > size


def test_f2_renames_what_has_focus(qtbot, main_window: MainWindow) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 2)
    select(main_window, "p1")
    focus(qtbot, main_window.grid)
    qtbot.keyClick(main_window.grid, Qt.Key.Key_F2)
    title = main_window.item_panel.title_edit
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClicks(title, "Lighthouse")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    wait_idle(qtbot, main_window)
    assert item_titles(server_of(main_window), gallery_id) == ["p0", "Lighthouse"]
    assert gallery_names(server_of(main_window)) == ["Photos"]  # the gallery kept its name

    view = main_window.sidebar.view
    focus(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not title
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Harbour")
    session = main_window.session
    assert session is not None
    # The delegate commits an Enter through a queued call: wait for the model's request.
    with qtbot.waitSignal(session.galleries.rename_requested, timeout=5000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_idle(qtbot, main_window)
    assert gallery_names(server_of(main_window)) == ["Harbour"]
    assert item_titles(server_of(main_window), gallery_id) == ["p0", "Lighthouse"]


def test_a_drag_of_several_items_shows_their_count_beside_the_pointer(
    qtbot, main_window: MainWindow
) -> None:
    open_gallery_with_images(qtbot, main_window, 4)
    grid = main_window.grid
    select(main_window, "p1", "p2", "p3")
    indexes = sorted(grid.selectionModel().selectedIndexes(), key=lambda i: i.row())
    several = grid.drag_pixmap(indexes).toImage()
    one = grid.drag_pixmap(indexes[:1]).toImage()
    # The count badge sits in the top-right corner, solid over the see-through tile.
    x, y = round(several.width() * 0.9), round(10 * grid.devicePixelRatioF())
    highlight = grid.palette().color(grid.palette().ColorRole.Highlight)
    assert several.pixelColor(x, y).rgba() == highlight.rgba()  # opaque, highlight colour
    assert one.pixelColor(x, y).alpha() < 255  # one item: no badge, just the tile
    # The picture hangs below-right of the pointer: the insertion marker under it stays clear.
    from galleryman.views.item_grid_view import DRAG_HOT_SPOT

    assert DRAG_HOT_SPOT.x() < 0 and DRAG_HOT_SPOT.y() < 0
