"""Edit ▸ Preferences…: the thumbnail cache (its limit, what it holds, Clear), review before
sending, the language, and the local sandbox's data folder; each stored in the settings file on
OK, and read back by the next start."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from galleryman import settings as opts
from galleryman.app import _with_chosen_sandbox_dir
from galleryman.core.thumbcache import ThumbnailDiskCache
from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.views.preferences import (
    NEXT_START,
    PreferencesDialog,
    data_size,
    thumbnail_cache_bytes,
)

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "app").ensure()


def open_preferences(qtbot: QtBot, paths: AppPaths) -> PreferencesDialog:
    dialog = PreferencesDialog(Settings(paths.settings_file), paths, None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_caches(paths: AppPaths) -> list[Path]:
    """Two sites' thumbnails, as the thumbnail loader stores them; their files."""
    for site, count in (("local", 3), ("site-2", 2)):
        cache = ThumbnailDiskCache(paths.thumbnails_dir / site)
        for n in range(count):
            cache.put(f"media-{n}@256", bytes([n]) * 10_000)
    return sorted(paths.thumbnails_dir.rglob("*.thumb"))


def test_the_cache_shows_its_size_and_clear_empties_it(qtbot: QtBot, paths: AppPaths) -> None:
    files = fill_caches(paths)
    assert len(files) == 5
    assert thumbnail_cache_bytes(paths.thumbnails_dir) == 50_000
    dialog = open_preferences(qtbot, paths)
    assert dialog.cache_usage.text() == f"Now on disk: {data_size(50_000)}."
    qtbot.mouseClick(dialog.clear_button, LEFT)
    assert not any(f.exists() for f in files)
    assert thumbnail_cache_bytes(paths.thumbnails_dir) == 0
    assert paths.thumbnails_dir.is_dir()  # only the thumbnails go
    assert dialog.cache_usage.text().startswith(f"Now on disk: {data_size(0)}. Cleared")
    # The caches keep working after a clear.
    cache = ThumbnailDiskCache(paths.thumbnails_dir / "local")
    cache.put("again", b"x" * 10)
    assert cache.get("again") == b"x" * 10


def test_ok_stores_every_choice_and_the_next_start_reads_them(
    qtbot: QtBot, paths: AppPaths
) -> None:
    dialog = open_preferences(qtbot, paths)
    assert dialog.cache_limit.value() == 512
    assert not dialog.review_before_sending.isChecked()
    assert dialog.language.currentText() == "System default"
    dialog.cache_limit.setValue(2000)
    dialog.review_before_sending.setChecked(True)
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.accept()
    later = Settings(paths.settings_file)  # what the next start reads from the INI file
    assert later.get(opts.THUMBNAIL_CACHE_MB) == 2000
    assert later.thumbnail_cache_bytes() == 2000 * 1024 * 1024
    assert later.get(opts.REVIEW_BEFORE_SENDING) is True
    assert later.get(opts.LANGUAGE) == "de"
    again = open_preferences(qtbot, paths)
    assert again.cache_limit.value() == 2000
    assert again.review_before_sending.isChecked()
    assert again.language.currentText() == "German (Deutsch)"


def test_cancel_stores_nothing(qtbot: QtBot, paths: AppPaths) -> None:
    dialog = open_preferences(qtbot, paths)
    dialog.review_before_sending.setChecked(True)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.reject()
    later = Settings(paths.settings_file)
    assert later.get(opts.REVIEW_BEFORE_SENDING) is False
    assert later.get(opts.LANGUAGE) == ""


def test_the_language_says_when_it_takes_effect(qtbot: QtBot, paths: AppPaths) -> None:
    dialog = open_preferences(qtbot, paths)
    group = dialog.language.parentWidget()
    assert group is not None
    assert NEXT_START in [label.text() for label in group.findChildren(QLabel)]
    assert [dialog.language.itemText(i) for i in range(dialog.language.count())] == [
        "System default",
        "English",
        "German (Deutsch)",
    ]


def test_what_watches_review_before_sending_hears_the_change(qtbot: QtBot, paths: AppPaths) -> None:
    settings = Settings(paths.settings_file)
    heard: list[bool] = []
    settings.watch(opts.REVIEW_BEFORE_SENDING, heard.append)
    dialog = PreferencesDialog(settings, paths, None)
    qtbot.addWidget(dialog)
    dialog.review_before_sending.setChecked(True)
    dialog.accept()
    assert heard == [True]
    settings.set(opts.REVIEW_BEFORE_SENDING, True)  # unchanged: nobody is told
    assert heard == [True]


def test_bad_setting_values_fall_back_to_the_defaults(paths: AppPaths) -> None:
    paths.settings_file.write_text(
        "[preferences]\nthumbnail_cache_mb=lots\nreview_before_sending=maybe\n"
    )
    settings = Settings(paths.settings_file)
    assert settings.get(opts.THUMBNAIL_CACHE_MB) == 512
    assert settings.get(opts.REVIEW_BEFORE_SENDING) is False
    settings.set(opts.THUMBNAIL_CACHE_MB, 1)  # below the minimum
    assert settings.thumbnail_cache_bytes() == opts.THUMBNAIL_CACHE_MIN_MB * 1024 * 1024


def test_the_sandbox_folder_is_shown_and_opened(
    qtbot: QtBot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = open_preferences(qtbot, paths)
    assert dialog.sandbox_folder.text() == str(paths.sandbox_dir)
    assert not dialog.default_sandbox_button.isEnabled()
    qtbot.mouseClick(dialog.open_sandbox_button, LEFT)
    assert opened == [QUrl.fromLocalFile(str(paths.sandbox_dir))]


def test_a_new_sandbox_folder_takes_effect_at_the_next_start(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "elsewhere" / "sandbox data"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(chosen))
    dialog = open_preferences(qtbot, paths)
    qtbot.mouseClick(dialog.change_sandbox_button, LEFT)
    assert dialog.sandbox_folder.text() == str(chosen)
    note = dialog.sandbox_note.text()
    assert note.startswith(NEXT_START)
    assert f"Until then the sandbox uses {paths.sandbox_dir}." in note
    assert "Nothing is moved" in note
    dialog.accept()
    # The next start: app.py reads the choice into the paths the SiteManager gets.
    started = _with_chosen_sandbox_dir(paths, Settings(paths.settings_file))
    assert started.sandbox_dir == chosen
    assert started.data_dir == paths.data_dir and started.log_dir == paths.log_dir
    assert chosen.is_dir()
    # Going back to the default.
    dialog = open_preferences(qtbot, started)
    assert dialog.sandbox_folder.text() == str(chosen)
    qtbot.mouseClick(dialog.default_sandbox_button, LEFT)
    assert dialog.sandbox_folder.text() == str(paths.default_sandbox_dir)
    dialog.accept()
    assert Settings(paths.settings_file).get(opts.SANDBOX_FOLDER) == ""
    assert _with_chosen_sandbox_dir(paths, Settings(paths.settings_file)) == paths


def test_a_folder_the_sandbox_cannot_use_is_refused(
    qtbot: QtBot, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(a_file / "sub"))
    dialog = open_preferences(qtbot, paths)
    qtbot.mouseClick(dialog.change_sandbox_button, LEFT)
    assert dialog.sandbox_folder.text() == str(paths.sandbox_dir)  # unchanged
    assert "galleryman cannot write in this folder" in dialog.sandbox_note.text()
    assert "The folder was not changed." in dialog.sandbox_note.text()
    dialog.accept()
    assert Settings(paths.settings_file).get(opts.SANDBOX_FOLDER) == ""


def test_a_chosen_folder_that_became_unusable_falls_back_to_the_default(
    paths: AppPaths, tmp_path: Path
) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    settings = Settings(paths.settings_file)
    settings.set(opts.SANDBOX_FOLDER, str(a_file / "sandbox"))
    assert _with_chosen_sandbox_dir(paths, settings).sandbox_dir == paths.default_sandbox_dir
