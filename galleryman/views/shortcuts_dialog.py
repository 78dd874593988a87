"""Help ▸ Keyboard Shortcuts: every action that has keys, listed from the actions themselves
(menu by menu, keys as this platform writes them), so the list cannot fall behind the app."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.views.actions import action_name

OTHER_GROUP = QT_TR_NOOP("Other")
EVERYWHERE = QT_TR_NOOP("Anywhere")
# Keys from here on are a multimedia keyboard's (Back, Refresh, Zoom In, Open, Undo...): Qt
# binds them to standard actions, but few keyboards have them, and a list of them is noise.
_FIRST_MEDIA_KEY = Qt.Key.Key_Back


@dataclass(frozen=True)
class ShortcutRow:
    group: str  # the menu the action is in
    name: str
    keys: str  # every key sequence of the action, as the platform shows them
    where: str  # what must have focus for the keys to work


def keyboard_keys(action: QAction) -> list[QKeySequence]:
    """The action's key sequences a usual keyboard can type."""
    return [
        key
        for key in action.shortcuts()
        if all(
            _combination(key, i).key().value < _FIRST_MEDIA_KEY.value for i in range(key.count())
        )
    ]


def _combination(key: QKeySequence, index: int) -> QKeyCombination:
    combination: QKeyCombination = key[index]  # type: ignore[index]  # missing from the stubs
    return combination


def keys_text(action: QAction) -> str:
    """The keys, as this platform writes them ("Ctrl+Shift+Z, Ctrl+Y"; "⇧⌘Z, ⌘Y" on a Mac)."""
    return ", ".join(
        key.toString(QKeySequence.SequenceFormat.NativeText) for key in keyboard_keys(action)
    )


def shortcut_rows(window: QMainWindow, extra: list[QAction] | None = None) -> list[ShortcutRow]:
    """One row per action with keys: those in the menu bar, menu by menu in menu order, then
    any other action of the window (and `extra`) under "Other"."""
    rows: list[ShortcutRow] = []
    seen: set[int] = set()

    def add(action: QAction, group: str) -> None:
        if id(action) in seen or action.isSeparator() or not keyboard_keys(action):
            return
        seen.add(id(action))
        rows.append(ShortcutRow(group, action_name(action), keys_text(action), _where(action)))

    def walk(menu: QMenu, group: str) -> None:
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, group)
            else:
                add(action, group)

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, top.text().replace("&", ""))
    for action in [*window.findChildren(QAction), *(extra or [])]:
        add(action, tr(OTHER_GROUP))
    return rows


def _where(action: QAction) -> str:
    if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
        return tr(EVERYWHERE)
    places = [
        widget.accessibleName() or type(widget).__name__
        for widget in action.associatedObjects()
        # Menus and tool bars show the action; the keys work where the action was added.
        if isinstance(widget, QWidget)
        and not isinstance(widget, QMenu | QMainWindow | QToolBar | QAbstractButton)
    ]
    if not places:
        return tr(EVERYWHERE)
    return tr("In {places}").format(places=tr(" and ", "joins a list: A and B").join(places))


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard Shortcuts"))
        self.rows = shortcut_rows(window)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(tr("Find an action or a key"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName(tr("Find a shortcut"))
        self.filter_box.textChanged.connect(self._filter)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([tr("Action"), tr("Keys"), tr("Where")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName(tr("Keyboard shortcuts"))
        groups: dict[str, tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = {}
        for row in self.rows:
            if row.group not in groups:
                heading = QTreeWidgetItem(self.tree, [row.group])
                font = heading.font(0)
                font.setBold(True)
                heading.setFont(0, font)
                heading.setFirstColumnSpanned(True)
                heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[row.group] = (heading, [])
            heading, items = groups[row.group]
            items.append(QTreeWidgetItem(heading, [row.name, row.keys, row.where]))
        self._items = list(groups.values())
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        # Tall enough for every row without scrolling, on any usual screen.
        lines = len(self.rows) + len(self._items) + 1
        tree_height = lines * max(self.tree.sizeHintForRow(0), 1) + header.sizeHint().height()
        self.resize(620, min(tree_height + 110, 720))

    def shown_rows(self) -> list[tuple[str, str, str, str]]:
        """(group, action, keys, where) of every row not hidden by the filter."""
        return [
            (group.text(0), item.text(0), item.text(1), item.text(2))
            for group, items in self._items
            for item in items
            if not item.isHidden()
        ]

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for group, items in self._items:
            for item in items:
                item.setHidden(
                    bool(needle) and needle not in f"{item.text(0)} {item.text(1)}".lower()
                )
            group.setHidden(all(item.isHidden() for item in items))
