"""GUI: what the window remembers between runs, its keyboard shortcuts and accessible names,
and its notifications."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.main_window import MainWindow
from galleryman.views.notifications import MAX_SHOWN, NotificationArea
from tests.gui_helpers import wait_idle


def open_window(qtbot, base: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    paths = AppPaths.under(base).ensure()
    sites = SiteManager(paths, sandbox_in_process=True)  # the demo galleries, as a user sees
    window = MainWindow(sites, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.session_changed, timeout=10_000):
        window.open_site(LOCAL_SITE_KEY)
    wait_idle(qtbot, window)
    return window


def test_window_remembers_gallery_size_and_layout(qtbot, tmp_path: Path, memory_keyring) -> None:
    window = open_window(qtbot, tmp_path)
    session = window.session
    assert session is not None and session.galleries.rowCount() == 3
    window.sidebar.view.setCurrentIndex(session.galleries.index(2))
    wait_idle(qtbot, window)
    chosen = session.galleries.galleries()[2].id
    window.size_slider.setValue(240)
    screen = window.screen().availableGeometry()
    size = (min(700, screen.width() - 40), min(520, screen.height() - 40))
    window.resize(*size)
    size = (window.width(), window.height())  # what the window really took
    window.splitter.setSizes([300, 500, 311])
    sizes = window.splitter.sizes()
    window.close()

    again = open_window(qtbot, tmp_path)
    assert again.session is not None
    assert again.current_gallery_id() == chosen
    assert again.size_slider.value() == 240
    assert again.grid.thumbnail_size == 240
    assert (again.width(), again.height()) == size
    assert again.splitter.sizes() == sizes
    again.close()


def test_every_action_is_in_the_menu_bar_with_standard_keys(qtbot, main_window: MainWindow) -> None:
    in_menus = {
        action for menu in main_window.menuBar().findChildren(QMenu) for action in menu.actions()
    }
    missing = [a.text() for a in main_window.actions_.all() if a not in in_menus]
    assert missing == []
    a = main_window.actions_
    expected = {
        a.undo: QKeySequence.StandardKey.Undo,
        a.select_all: QKeySequence.StandardKey.SelectAll,
        a.delete_items: QKeySequence.StandardKey.Delete,
        a.add_files: QKeySequence.StandardKey.Open,
        a.new_gallery: QKeySequence.StandardKey.New,
        a.quit: QKeySequence.StandardKey.Quit,
    }
    for action, standard in expected.items():
        assert action.shortcuts() == QKeySequence.keyBindings(standard), action.text()
    assert QKeySequence("Ctrl+Shift+Z") in a.redo.shortcuts()
    assert a.rename_gallery.shortcut() == QKeySequence("F2")
    assert QKeySequence("F5") in a.refresh.shortcuts()


def test_widgets_have_accessible_names(qtbot, main_window: MainWindow) -> None:
    named = [
        main_window.grid,
        main_window.sidebar.view,
        main_window.filter_box,
        main_window.size_slider,
        main_window.site_box,
        main_window.item_panel.title_edit,
        main_window.item_panel.link_url_edit,
        main_window.bulk_panel.apply_button,
    ]
    assert all(w.accessibleName() for w in named)
    # Focus moves in reading order: site, filter, size, galleries (or, with none yet, the
    # New gallery button in their place), grid, gallery name.
    order = [main_window.site_box]
    widget: QWidget = main_window.site_box
    for _ in range(6):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & widget.focusPolicy().TabFocus:
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order == [
        main_window.site_box,
        main_window.filter_box,
        main_window.size_slider,
        main_window.sidebar.view,
        main_window.sidebar.empty_button,
        main_window.grid,
        main_window.gallery_panel.name_edit,
    ]


def test_notifications_stack_without_repeating(qtbot) -> None:
    area = NotificationArea()
    qtbot.addWidget(area)
    area.show()
    retried: list[int] = []
    area.show_error("Couldn't save: HTTP 500", retry=lambda: retried.append(1))
    area.show_error("Couldn't save: HTTP 500", retry=lambda: retried.append(2))
    assert area.messages() == ["Couldn't save: HTTP 500"]  # the same failure replaces
    for n in range(MAX_SHOWN + 2):
        area.show_error(f"problem {n}")
    assert len(area.messages()) == MAX_SHOWN
    assert area.messages()[-1] == f"problem {MAX_SHOWN + 1}"
