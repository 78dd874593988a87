"""Help ▸ Keyboard Shortcuts lists every action that has keys, from the actions themselves,
with the keys written the way this platform writes them."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar
from pytestqt.qtbot import QtBot

from galleryman.views.actions import action_name
from galleryman.views.main_window import MainWindow
from galleryman.views.shortcuts_dialog import (
    EVERYWHERE,
    OTHER_GROUP,
    ShortcutsDialog,
    keyboard_keys,
    shortcut_rows,
)

NATIVE = QKeySequence.SequenceFormat.NativeText


def native(*keys: str) -> str:
    return ", ".join(QKeySequence(k).toString(NATIVE) for k in keys)


def test_every_action_with_keys_is_listed_with_them(qtbot: QtBot, main_window: MainWindow) -> None:
    dialog = main_window.help_actions.keyboard_shortcuts()
    assert isinstance(dialog, ShortcutsDialog)
    rows = dialog.shown_rows()
    by_name = {name: (group, keys, where) for group, name, keys, where in rows}
    assert len(by_name) == len(rows)  # one row per action
    with_keys = [a for a in main_window.findChildren(QAction) if keyboard_keys(a)]
    assert len(with_keys) >= 20
    for action in with_keys:
        name = action_name(action)
        assert name in by_name, name
        keys = by_name[name][1]
        for key in keyboard_keys(action):
            assert key.toString(NATIVE) in keys.split(", "), (name, keys)
    # A few the user will look for, in their menus.
    assert by_name["Add Files"][:2] == ("File", native("Ctrl+O"))
    quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)  # none on some
    assert ("Quit" in by_name) == bool(quit_keys)
    assert by_name["Redo"][0] == "Edit"
    assert native("Ctrl+Shift+Z") in by_name["Redo"][1]
    assert native("Ctrl+Y") in by_name["Redo"][1]
    assert by_name["Refresh"][:2] == ("Gallery", native("F5"))
    assert by_name["Larger Thumbnails"][1] == native("Ctrl++", "Ctrl+=")
    assert by_name["Keyboard Shortcuts"][:2] == ("Help", native("Ctrl+/"))
    # F2 does two things: where each works is said.
    assert by_name["Rename Item"][1:] == (native("F2"), "In Gallery items")
    assert by_name["Rename Gallery"][1:] == (native("F2"), "In Galleries")
    assert by_name["Refresh"][2] == EVERYWHERE
    # Actions without keys are not listed.
    assert "About galleryman" not in by_name
    assert "Open Log Folder" not in by_name
    dialog.close()


def test_names_stay_as_built_while_texts_change(main_window: MainWindow) -> None:
    main_window.actions_.undo.setText("&Undo Edit Title")
    rows = {row.name: row for row in shortcut_rows(main_window)}
    assert "Undo" in rows
    assert "Undo Edit Title" not in rows


def test_multimedia_keys_are_left_out(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    action = QAction("Open", window)
    # Some platforms bind the Open key of multimedia keyboards to Open.
    action.setShortcuts([QKeySequence("Ctrl+O"), QKeySequence("Open")])
    window.addAction(action)
    assert [k.toString() for k in keyboard_keys(action)] == ["Ctrl+O"]
    rows = shortcut_rows(window)
    assert [(r.group, r.keys) for r in rows] == [(OTHER_GROUP, native("Ctrl+O"))]


def test_actions_outside_the_menus_are_listed_under_other(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setMenuBar(QMenuBar(window))
    menu = window.menuBar().addMenu("&Tools")
    in_menu = QAction("&Measure", window)
    in_menu.setShortcut("Ctrl+M")
    menu.addAction(in_menu)
    loose = QAction("Secret Thing", window)
    loose.setShortcut("Ctrl+Alt+S")
    window.addAction(loose)
    rows = shortcut_rows(window)
    assert [(r.group, r.name) for r in rows] == [
        ("Tools", "Measure"),
        (OTHER_GROUP, "Secret Thing"),
    ]


def test_find_narrows_the_list(qtbot: QtBot, main_window: MainWindow) -> None:
    dialog = ShortcutsDialog(main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.filter_box, "f2")
    assert sorted(name for _, name, _, _ in dialog.shown_rows()) == [
        "Rename Gallery",
        "Rename Item",
    ]
    dialog.filter_box.setText("thumbnails")
    assert [name for _, name, _, _ in dialog.shown_rows()] == [
        "Larger Thumbnails",
        "Smaller Thumbnails",
    ]
    dialog.filter_box.clear()
    assert len(dialog.shown_rows()) == len(dialog.rows)
