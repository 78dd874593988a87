"""Every user action as a QAction with its standard shortcut, and the menu bar and toolbar
built from them. The main window connects them; tests trigger them like a user would."""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStyle, QToolBar

Std = QKeySequence.StandardKey
PLAIN_NAME = "galleryman_plain_name"


@dataclass
class Actions:
    add_files: QAction
    add_video: QAction
    add_text: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    select_all: QAction
    delete_items: QAction
    move_to_top: QAction
    move_to_bottom: QAction
    focus_filter: QAction
    new_gallery: QAction
    clone_gallery: QAction
    rename_gallery: QAction
    rename_item: QAction
    delete_gallery: QAction
    refresh: QAction
    add_site: QAction
    edit_site: QAction
    remove_site: QAction
    bigger: QAction
    smaller: QAction
    preferences: QAction
    documentation: QAction
    keyboard_shortcuts: QAction
    open_log_folder: QAction
    about: QAction

    def all(self) -> list[QAction]:
        return [getattr(self, f.name) for f in fields(self)]


def _action(
    window: QMainWindow,
    text: str,
    shortcut: QKeySequence.StandardKey | str | None = None,
    icon: QStyle.StandardPixmap | None = None,
    tip: str | None = None,
) -> QAction:
    action = QAction(text, window)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    plain = text.replace("&", "").replace("…", "")
    action.setToolTip(tip or plain)
    action.setStatusTip(tip or plain)
    # The name lists of actions show (Keyboard Shortcuts), whatever the text becomes later
    # ("Undo Edit Title" while there is something to undo).
    action.setProperty(PLAIN_NAME, plain)
    return action


def action_name(action: QAction) -> str:
    """The action's name as lists show it: its first text, without & and the ellipsis."""
    name = action.property(PLAIN_NAME)
    return str(name) if name else action.text().replace("&", "").replace("…", "")


def build_actions(window: QMainWindow) -> Actions:
    sp = QStyle.StandardPixmap
    actions = Actions(
        add_files=_action(
            window,
            "&Add Files…",
            Std.Open,
            sp.SP_DialogOpenButton,
            "Add image files to the open gallery",
        ),
        add_video=_action(
            window, "Add &Video…", "Ctrl+Shift+V", sp.SP_MediaPlay, "Add a YouTube or Vimeo video"
        ),
        add_text=_action(window, "Add &Text…", "Ctrl+Shift+T", sp.SP_FileIcon, "Add a text item"),
        quit=_action(window, "&Quit", Std.Quit),
        undo=_action(window, "&Undo", Std.Undo, sp.SP_ArrowBack),
        redo=_action(window, "&Redo", "Ctrl+Shift+Z", sp.SP_ArrowForward),
        select_all=_action(window, "Select &All", Std.SelectAll),
        delete_items=_action(
            window, "&Delete Items", Std.Delete, sp.SP_TrashIcon, "Delete the selected items"
        ),
        move_to_top=_action(window, "Move to &Top", "Ctrl+Home"),
        move_to_bottom=_action(window, "Move to &Bottom", "Ctrl+End"),
        focus_filter=_action(window, "&Find…", Std.Find, None, "Filter items by text"),
        new_gallery=_action(window, "&New Gallery…", Std.New, sp.SP_FileDialogNewFolder),
        clone_gallery=_action(
            window, "&Clone Gallery…", "Ctrl+Shift+D", sp.SP_FileDialogDetailedView
        ),
        rename_gallery=_action(window, "&Rename Gallery", "F2", sp.SP_FileLinkIcon),
        # F2 edits what has focus: the gallery in the sidebar, the photo in the grid.
        rename_item=_action(window, "Re&name Item", "F2", None, "Edit the selected item's title"),
        delete_gallery=_action(
            window, "De&lete Gallery…", "Ctrl+Shift+Del", sp.SP_DialogDiscardButton
        ),
        refresh=_action(window, "Re&fresh", Std.Refresh, sp.SP_BrowserReload),
        add_site=_action(window, "&Add Wix Site…"),
        edit_site=_action(window, "&Edit Site…"),
        remove_site=_action(window, "&Remove Site…"),
        bigger=_action(window, "&Larger Thumbnails", Std.ZoomIn),
        smaller=_action(window, "&Smaller Thumbnails", Std.ZoomOut),
        preferences=_action(window, "Pre&ferences…", Std.Preferences, None, "Change settings"),
        documentation=_action(
            window, "&User Guide", Std.HelpContents, None, "How to use galleryman"
        ),
        keyboard_shortcuts=_action(
            window, "&Keyboard Shortcuts", "Ctrl+/", None, "Every keyboard shortcut"
        ),
        open_log_folder=_action(
            window, "Open &Log Folder", None, None, "The log to attach when reporting a problem"
        ),
        about=_action(window, "&About galleryman"),
    )
    # On macOS these move to the application menu, where users look for them.
    actions.preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
    actions.about.setMenuRole(QAction.MenuRole.AboutRole)
    actions.quit.setMenuRole(QAction.MenuRole.QuitRole)
    # Ctrl+, opens preferences in most apps; the platform's own key (if any) as well.
    actions.preferences.setShortcuts(
        unique_keys([*QKeySequence.keyBindings(Std.Preferences), "Ctrl+,"])
    )
    actions.documentation.setShortcuts(
        unique_keys([*QKeySequence.keyBindings(Std.HelpContents), "F1"])
    )
    # Redo is Ctrl+Shift+Z and Ctrl+Y everywhere, plus the platform's own key. A sequence
    # listed twice makes Qt call the shortcut ambiguous and do nothing.
    actions.redo.setShortcuts(
        unique_keys(["Ctrl+Shift+Z", "Ctrl+Y", *QKeySequence.keyBindings(Std.Redo)])
    )
    # Ctrl+= is Ctrl++ without Shift on most keyboards.
    actions.bigger.setShortcuts(unique_keys([*QKeySequence.keyBindings(Std.ZoomIn), "Ctrl+="]))
    actions.refresh.setShortcuts(unique_keys([*QKeySequence.keyBindings(Std.Refresh), "F5"]))
    return actions


def unique_keys(keys: list[QKeySequence | str]) -> list[QKeySequence]:
    """The key sequences, each once, in the order given (empty ones dropped)."""
    seen: list[QKeySequence] = []
    for key in keys:
        sequence = QKeySequence(key)
        if not sequence.isEmpty() and sequence not in seen:
            seen.append(sequence)
    return seen


def build_menus(window: QMainWindow, a: Actions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a.add_files, a.add_video, a.add_text])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit = bar.addMenu("&Edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.rename_item, a.select_all, a.delete_items])
    edit.addActions([a.move_to_top, a.move_to_bottom])
    edit.addSeparator()
    edit.addAction(a.focus_filter)
    edit.addSeparator()
    edit.addAction(a.preferences)
    gallery = bar.addMenu("&Gallery")
    gallery.addActions([a.new_gallery, a.clone_gallery, a.rename_gallery, a.delete_gallery])
    gallery.addSeparator()
    gallery.addAction(a.refresh)
    site = bar.addMenu("&Site")
    site.addActions([a.add_site, a.edit_site, a.remove_site])
    view = bar.addMenu("&View")
    view.addActions([a.bigger, a.smaller])
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a.documentation, a.keyboard_shortcuts])
    help_menu.addSeparator()
    help_menu.addAction(a.open_log_folder)
    help_menu.addSeparator()
    help_menu.addAction(a.about)


def build_toolbar(window: QMainWindow, a: Actions) -> QToolBar:
    bar = window.addToolBar("Main")
    bar.setObjectName("main-toolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    short = {
        a.new_gallery: "New",
        a.clone_gallery: "Clone",
        a.rename_gallery: "Rename",
        a.delete_gallery: "Delete Gallery",
        a.refresh: "Refresh",
        a.add_files: "Add Files",
        a.add_video: "Video",
        a.add_text: "Text",
        a.undo: "Undo",
        a.redo: "Redo",
        a.delete_items: "Delete",
    }
    for action, label in short.items():
        action.setIconText(label)
    bar.addActions([a.new_gallery, a.clone_gallery, a.rename_gallery, a.delete_gallery, a.refresh])
    bar.addSeparator()
    bar.addActions([a.add_files, a.add_video, a.add_text])
    bar.addSeparator()
    bar.addActions([a.undo, a.redo, a.delete_items])
    return bar
