"""Render the Help and Preferences dialogs and the unexpected-error dialog to docs/screenshots/
(crash-dialog.png, preferences.png, shortcuts.png, about.png), offscreen, over the demo site.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_dialogs.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from galleryman.app import app_icon
from galleryman.logging_setup import describe_exception
from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.crash_dialog import CrashDialog
from galleryman.views.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import settle, wait  # noqa: E402  (the same waits as the other screenshots)


def save(app: QApplication, widget: QWidget, target: Path) -> None:
    for _ in range(10):
        app.processEvents()
    widget.grab().save(str(target))


def an_upload_that_failed() -> RuntimeError:
    """What an unexpected error looks like, with the upload URL it carried (scrubbed)."""

    def finish_upload(url: str) -> None:
        raise RuntimeError(f"the upload answer had no file id (PUT {url})")

    try:
        finish_upload("https://upload.wixmp.com/upload/eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbiI6MX0.c2ln")
    except RuntimeError as exc:
        return exc
    raise AssertionError("unreachable")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    app.setWindowIcon(app_icon())
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
        settle(app, window)  # the thumbnail cache now holds something to show

        preferences = window.help_actions.preferences()
        save(app, preferences, out / "preferences.png")
        preferences.close()

        shortcuts = window.help_actions.keyboard_shortcuts()
        save(app, shortcuts, out / "shortcuts.png")
        shortcuts.close()

        about = window.help_actions.about()
        save(app, about, out / "about.png")
        about.close()

        crash = CrashDialog(describe_exception(an_upload_that_failed()), paths.log_dir, window)
        crash.show()
        crash.details_button.setChecked(True)
        crash.resize(640, crash.sizeHint().height())
        save(app, crash, out / "crash-dialog.png")
        crash.close()
        window.close()
    print(f"dialog screenshots written to {out}")


if __name__ == "__main__":
    main()
