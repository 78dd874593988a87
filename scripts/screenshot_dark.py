"""Render the main window in dark mode to docs/screenshots/dark-mode.png (offscreen, demo data),
as a system in dark mode without a dark palette of its own gets it (galleryman/views/theme.py).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_dark.py [OUT_DIR] [--all]
(--all also saves the dialogs and an error notification in dark mode, to look at them.)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from galleryman.app import app_icon
from galleryman.logging_setup import describe_exception
from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.commit_fields import ErrorLabel, StatusLine
from galleryman.views.crash_dialog import CrashDialog
from galleryman.views.main_window import MainWindow
from galleryman.views.theme import ThemeFollower

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import settle, wait  # noqa: E402  (the same waits as the other screenshots)


def save(app: QApplication, widget: QWidget, target: Path) -> None:
    for _ in range(10):
        app.processEvents()
    widget.grab().save(str(target))


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    app.setWindowIcon(app_icon())
    ThemeFollower(app).apply(Qt.ColorScheme.Dark)
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(Path(tmp)).ensure()
        sites = SiteManager(paths, sandbox_in_process=True)
        window = MainWindow(sites, Settings(paths.settings_file))
        window.resize(1360, 860)
        window.show()
        window.open_site(LOCAL_SITE_KEY)
        session = window.session
        assert session is not None
        wait(app, lambda: session.loaded_gallery_id is not None)
        settle(app, window)
        window.grid.select_ids([str(session.items.items()[1].id)])
        settle(app, window)
        save(app, window, out / "dark-mode.png")
        if "--all" in sys.argv:
            window.notifications.show_error(
                "Couldn't save “Edit title”: The Wix server had a problem (HTTP 500).",
                retry=lambda: None,
            )
            window.grid.select_ids([str(i.id) for i in session.items.items()[:3]])
            settle(app, window)
            save(app, window, out / "dark-mode-error.png")
            # Colours set in other views' style sheets: the save status, a field's error and
            # the "still waiting" line of the status bar.
            window.grid.select_ids([str(session.items.items()[0].id)])
            settle(app, window)
            for status in window.findChildren(StatusLine):
                status.set_status("failed", "The Wix server had a problem (HTTP 500).")
            for label in window.findChildren(ErrorLabel):
                label.show_error("Enter a web address that starts with https://")
            window.waiting_label.setText("Still trying to save… edit title of “Cove” (12 s)")
            window.waiting_label.show()
            settle(app, window)
            save(app, window, out / "dark-mode-colours.png")
            for name in ("preferences", "keyboard_shortcuts", "about", "user_guide"):
                dialog = getattr(window.help_actions, name)()
                save(app, dialog, out / f"dark-{name}.png")
                dialog.close()
            try:
                raise RuntimeError("the grid lost its model")
            except RuntimeError as exc:
                crash = CrashDialog(describe_exception(exc), paths.log_dir, window)
            crash.show()
            save(app, crash, out / "dark-crash.png")
            crash.close()
        window.close()
    print(f"dark-mode screenshot written to {out}")


if __name__ == "__main__":
    main()
