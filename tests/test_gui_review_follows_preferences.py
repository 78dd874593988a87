"""View ▸ Review Changes Before Sending and Preferences' "Review changes before sending them"
are one setting: turning it on or off in Preferences moves the menu's check mark at once, and
the open site holds (or sends) what the user does from then on. A closed window stops
listening (the settings outlive it)."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from galleryman import settings as opts
from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.views.main_window import MainWindow
from galleryman.views.preferences import PreferencesDialog
from tests.gui_helpers import (
    item_titles,
    open_gallery_with_images,
    replace_text,
    select,
    server_of,
    wait_idle,
)


def set_in_preferences(window: MainWindow, review: bool) -> None:
    dialog = window.help_actions.preferences()
    assert isinstance(dialog, PreferencesDialog)
    dialog.review_before_sending.setChecked(review)
    dialog.accept()


def test_preferences_moves_the_check_mark_and_holds_the_open_site_s_changes(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    gallery_id = open_gallery_with_images(qtbot, main_window, 1)
    server = server_of(main_window)
    session = main_window.session
    assert session is not None
    review = main_window.pending.review_action
    assert not review.isChecked()

    set_in_preferences(main_window, True)
    assert review.isChecked()
    select(main_window, "p0")
    replace_text(qtbot, main_window.item_panel.title_edit, "Harbour")
    qtbot.keyClick(main_window.item_panel.title_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, main_window)
    assert item_titles(server, gallery_id) == ["p0"]  # held for review
    assert session.counts().held == 1

    set_in_preferences(main_window, False)
    assert not review.isChecked()
    assert not session.edits.outbox.holding_new()


def test_a_closed_window_no_longer_follows_the_setting(
    qtbot: QtBot, tmp_path: Path, memory_keyring: object
) -> None:
    paths = AppPaths.under(tmp_path / "app").ensure()
    settings = Settings(paths.settings_file)
    sites = SiteManager(paths, seed_demo=False, sandbox_in_process=True)
    try:
        window = MainWindow(sites, settings)  # no site opened: the menu alone
        settings.set(opts.REVIEW_BEFORE_SENDING, True)
        assert window.pending.review_action.isChecked()
        shiboken6.delete(window)
        # Its action is gone: the setting changes without calling it.
        settings.set(opts.REVIEW_BEFORE_SENDING, False)
        assert settings.get(opts.REVIEW_BEFORE_SENDING) is False
    finally:
        sites.shutdown()
