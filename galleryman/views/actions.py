"""Every user action as a QAction with its standard shortcut, and the menu bar and toolbar
built from them. The main window connects them; tests trigger them like a user would."""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStyle, QToolBar

from galleryman.core.i18n import tr

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
            tr("&Add Files…"),
            Std.Open,
            sp.SP_DialogOpenButton,
            tr("Add image files to the open gallery"),
        ),
        add_video=_action(
            window,
            tr("Add &Video…"),
            "Ctrl+Shift+V",
            sp.SP_MediaPlay,
            tr("Add a YouTube or Vimeo video"),
        ),
        add_text=_action(
            window, tr("Add &Text…"), "Ctrl+Shift+T", sp.SP_FileIcon, tr("Add a text item")
        ),
        quit=_action(window, tr("&Quit"), Std.Quit),
        undo=_action(window, tr("&Undo"), Std.Undo, sp.SP_ArrowBack),
        redo=_action(window, tr("&Redo"), "Ctrl+Shift+Z", sp.SP_ArrowForward),
        select_all=_action(window, tr("Select &All"), Std.SelectAll),
        delete_items=_action(
            window,
            tr("&Delete Items"),
            Std.Delete,
            sp.SP_TrashIcon,
            tr("Delete the selected items"),
        ),
        move_to_top=_action(window, tr("Move to &Top"), "Ctrl+Home"),
        move_to_bottom=_action(window, tr("Move to &Bottom"), "Ctrl+End"),
        focus_filter=_action(window, tr("&Find…"), Std.Find, None, tr("Filter items by text")),
        new_gallery=_action(window, tr("&New Gallery…"), Std.New, sp.SP_FileDialogNewFolder),
        clone_gallery=_action(
            window, tr("&Clone Gallery…"), "Ctrl+Shift+D", sp.SP_FileDialogDetailedView
        ),
        rename_gallery=_action(window, tr("&Rename Gallery"), "F2", sp.SP_FileLinkIcon),
        # F2 edits what has focus: the gallery in the sidebar, the photo in the grid.
        rename_item=_action(
            window, tr("Re&name Item"), "F2", None, tr("Edit the selected item's title")
        ),
        delete_gallery=_action(
            window, tr("De&lete Gallery…"), "Ctrl+Shift+Del", sp.SP_DialogDiscardButton
        ),
        refresh=_action(window, tr("Re&fresh"), Std.Refresh, sp.SP_BrowserReload),
        add_site=_action(window, tr("&Add Wix Site…")),
        edit_site=_action(window, tr("&Edit Site…")),
        remove_site=_action(window, tr("&Remove Site…")),
        bigger=_action(window, tr("&Larger Thumbnails"), Std.ZoomIn),
        smaller=_action(window, tr("&Smaller Thumbnails"), Std.ZoomOut),
        preferences=_action(
            window, tr("Pre&ferences…"), Std.Preferences, None, tr("Change settings")
        ),
        documentation=_action(
            window, tr("&User Guide"), Std.HelpContents, None, tr("How to use galleryman")
        ),
        keyboard_shortcuts=_action(
            window, tr("&Keyboard Shortcuts"), "Ctrl+/", None, tr("Every keyboard shortcut")
        ),
        open_log_folder=_action(
            window,
            tr("Open &Log Folder"),
            None,
            None,
            tr("The log to attach when reporting a problem"),
        ),
        about=_action(window, tr("&About galleryman")),
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
    file_menu = bar.addMenu(tr("&File"))
    file_menu.addActions([a.add_files, a.add_video, a.add_text])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit = bar.addMenu(tr("&Edit"))
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addActions([a.rename_item, a.select_all, a.delete_items])
    edit.addActions([a.move_to_top, a.move_to_bottom])
    edit.addSeparator()
    edit.addAction(a.focus_filter)
    edit.addSeparator()
    edit.addAction(a.preferences)
    gallery = bar.addMenu(tr("&Gallery"))
    gallery.addActions([a.new_gallery, a.clone_gallery, a.rename_gallery, a.delete_gallery])
    gallery.addSeparator()
    gallery.addAction(a.refresh)
    site = bar.addMenu(tr("&Site"))
    site.addActions([a.add_site, a.edit_site, a.remove_site])
    view = bar.addMenu(tr("&View"))
    view.addActions([a.bigger, a.smaller])
    help_menu = bar.addMenu(tr("&Help"))
    help_menu.addActions([a.documentation, a.keyboard_shortcuts])
    help_menu.addSeparator()
    help_menu.addAction(a.open_log_folder)
    help_menu.addSeparator()
    help_menu.addAction(a.about)


def build_toolbar(window: QMainWindow, a: Actions) -> QToolBar:
    bar = window.addToolBar(tr("Main"))
    bar.setObjectName("main-toolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    short = {
        a.new_gallery: tr("New"),
        a.clone_gallery: tr("Clone"),
        a.rename_gallery: tr("Rename"),
        a.delete_gallery: tr("Delete Gallery"),
        a.refresh: tr("Refresh"),
        a.add_files: tr("Add Files"),
        a.add_video: tr("Video"),
        a.add_text: tr("Text"),
        a.undo: tr("Undo"),
        a.redo: tr("Redo"),
        a.delete_items: tr("Delete"),
    }
    for action, label in short.items():
        action.setIconText(label)
    bar.addActions([a.new_gallery, a.clone_gallery, a.rename_gallery, a.delete_gallery, a.refresh])
    bar.addSeparator()
    bar.addActions([a.add_files, a.add_video, a.add_text])
    bar.addSeparator()
    bar.addActions([a.undo, a.redo, a.delete_items])
    return bar
