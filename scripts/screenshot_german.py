"""Render the main window in German to docs/screenshots/german.png (offscreen, demo data), as
it starts with Preferences ▸ Language set to German (galleryman/translations.py).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_german.py [OUT_DIR] [--all]
(--all also saves the bulk panel, the dialogs and an error notification in German, to look at
them for text that does not fit.)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QWidget

from galleryman.app import app_icon
from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.translations import install_language
from galleryman.views.main_window import MainWindow
from galleryman.views.media_dialogs import AddTextDialog, AddVideoDialog
from galleryman.views.site_dialog import SiteDialog

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
    # German as Preferences would choose it, on a German system (its number and date formats).
    install_language(app, "de", QLocale("de_DE"))
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
        save(app, window, out / "german.png")
        if "--all" in sys.argv:
            save_the_rest(app, window, paths, out)
        window.close()
    print(f"German screenshot written to {out}")


def save_the_rest(app: QApplication, window: MainWindow, paths: AppPaths, out: Path) -> None:
    session = window.session
    assert session is not None
    window.grid.select_ids([str(i.id) for i in session.items.items()[:3]])
    panel = window.bulk_panel
    panel.title_check.setChecked(True)
    panel.tags_check.setChecked(True)
    panel.tags_add.setChecked(True)
    panel.only_empty_check.setChecked(True)
    window.notifications.show_error(
        "Speichern von „Titel bearbeiten“ fehlgeschlagen: Der Wix-Server hatte ein Problem "
        "(HTTP 500). Nichts ging verloren; versuche es noch einmal.",
        retry=lambda: None,
    )
    settle(app, window)
    save(app, window, out / "german-bulk.png")
    for name in ("preferences", "keyboard_shortcuts", "about", "user_guide"):
        dialog = getattr(window.help_actions, name)()
        save(app, dialog, out / f"german-{name}.png")
        dialog.close()
    site = SiteDialog(window.sites.registry, window.sites.credentials, parent=window)
    site.show()
    save(app, site, out / "german-site.png")
    site.close()
    for dialog_class, file in ((AddVideoDialog, "video"), (AddTextDialog, "text")):
        dialog = dialog_class(window)
        dialog.show()
        save(app, dialog, out / f"german-{file}.png")
        dialog.close()
    menu_bar = window.menuBar()
    for action in menu_bar.actions():
        menu = action.menu()
        if menu is not None:
            menu.popup(window.mapToGlobal(menu_bar.actionGeometry(action).bottomLeft()))
            save(app, menu, out / f"german-menu-{action.text().replace('&', '')}.png")
            menu.close()


if __name__ == "__main__":
    main()
