"""The Help menu and Edit ▸ Preferences… in the real window: where they are, their keys, and
what they open (each dialog without blocking the window, once)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from galleryman.views.about_dialog import AboutDialog
from galleryman.views.documentation import UserGuideDialog
from galleryman.views.main_window import MainWindow
from galleryman.views.preferences import PreferencesDialog
from galleryman.views.shortcuts_dialog import ShortcutsDialog


def menu(window: MainWindow, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title and isinstance(action.menu(), QMenu):
            found = action.menu()
            assert isinstance(found, QMenu)
            return found
    raise AssertionError(f"no {title} menu")


def texts(actions: list[QAction]) -> list[str]:
    return [a.text().replace("&", "") if not a.isSeparator() else "-" for a in actions]


def test_the_help_menu(main_window: MainWindow) -> None:
    assert texts(menu(main_window, "Help").actions()) == [
        "User Guide",
        "Keyboard Shortcuts",
        "-",
        "Open Log Folder",
        "-",
        "About galleryman",
    ]
    assert texts(menu(main_window, "Edit").actions())[-2:] == ["-", "Preferences…"]
    a = main_window.actions_
    assert QKeySequence("Ctrl+,") in a.preferences.shortcuts()
    assert QKeySequence("F1") in a.documentation.shortcuts()
    assert a.preferences.menuRole() == QAction.MenuRole.PreferencesRole
    assert a.about.menuRole() == QAction.MenuRole.AboutRole


@pytest.mark.parametrize(
    ("key", "modifiers", "kind"),
    [
        (Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier, PreferencesDialog),
        (Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier, ShortcutsDialog),
        (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier, UserGuideDialog),
    ],
)
def test_keys_open_their_dialog_without_blocking_the_window(
    qtbot: QtBot,
    main_window: MainWindow,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier,
    kind: type,
) -> None:
    main_window.activateWindow()
    main_window.grid.setFocus()
    qtbot.keyClick(main_window.grid, key, modifiers)

    def shown() -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()))
    assert len(shown()) == 1
    dialog = shown()[0]
    assert not dialog.isModal()
    dialog.close()


def test_each_dialog_opens_once(qtbot: QtBot, main_window: MainWindow) -> None:
    help_actions = main_window.help_actions
    for open_it in (
        help_actions.about,
        help_actions.preferences,
        help_actions.keyboard_shortcuts,
        help_actions.user_guide,
    ):
        first = open_it()
        assert open_it() is first
        first.close()
        qtbot.waitUntil(lambda first=first: not shiboken6.isValid(first))
        again = open_it()  # closed dialogs are deleted; a new one opens
        assert again.isVisible()
        again.close()


def test_about_from_the_menu(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.actions_.about.trigger()
    about = [w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog)]
    assert len(about) == 1 and about[0].isVisible()
    about[0].close()


def test_open_log_folder_opens_the_log_folder(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    main_window.actions_.open_log_folder.trigger()
    log_dir = main_window.sites.paths.log_dir
    assert opened == [QUrl.fromLocalFile(str(log_dir))]
    assert Path(opened[0].toLocalFile()).is_dir()
