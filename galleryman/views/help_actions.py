"""What the window's Help menu does (User Guide, Keyboard Shortcuts, Open Log Folder, About),
and Edit ▸ Preferences…: the app-wide dialogs. An object holding the window, like the gallery
and item action controllers.

Each dialog is shown without blocking the window, once: asking again brings the open one to
the front. A dialog's module is imported when it is first asked for: none is needed to build
the window (bench/bench_startup.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

if TYPE_CHECKING:
    from galleryman.views.main_window import MainWindow


class HelpActions:
    def __init__(self, window: MainWindow) -> None:
        self._w = window
        self._open: dict[str, QDialog] = {}
        a = window.actions_
        a.documentation.triggered.connect(self.user_guide)
        a.keyboard_shortcuts.triggered.connect(self.keyboard_shortcuts)
        a.open_log_folder.triggered.connect(self.open_log_folder)
        a.about.triggered.connect(self.about)
        a.preferences.triggered.connect(self.preferences)

    def user_guide(self) -> QDialog:
        from galleryman.views.documentation import UserGuideDialog

        return self._show("guide", lambda: UserGuideDialog(self._w))

    def keyboard_shortcuts(self) -> QDialog:
        from galleryman.views.shortcuts_dialog import ShortcutsDialog

        return self._show("shortcuts", lambda: ShortcutsDialog(self._w, self._w))

    def about(self) -> QDialog:
        from galleryman.views.about_dialog import AboutDialog

        return self._show("about", lambda: AboutDialog(self._w))

    def preferences(self) -> QDialog:
        from galleryman.views.preferences import PreferencesDialog

        w = self._w
        return self._show("preferences", lambda: PreferencesDialog(w.settings, w.sites.paths, w))

    def open_log_folder(self) -> bool:
        from galleryman.views.folders import open_folder

        return open_folder(self._w.sites.paths.log_dir, self._w)

    def _show(self, name: str, make: Callable[[], QDialog]) -> QDialog:
        dialog = self._open.get(name)
        if dialog is None or not shiboken6.isValid(dialog):
            dialog = make()
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self._open[name] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog
