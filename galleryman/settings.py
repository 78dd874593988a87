"""Every option the app remembers, declared in one place, stored with QSettings (INI file).

UI state and preferences only: never a secret (API keys live in the keyring).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from galleryman.core.i18n import QT_TR_NOOP

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T
    kind: type


WINDOW_GEOMETRY = Option[QByteArray]("window/geometry", QByteArray(), QByteArray)
SPLITTER_SIZES = Option[QByteArray]("window/splitter", QByteArray(), QByteArray)
LAST_SITE = Option[str]("session/last_site", "", str)
THUMBNAIL_SIZE = Option[int]("view/thumbnail_size", 160, int)
LAST_ADD_FOLDER = Option[str]("files/last_add_folder", "", str)  # where Add Files opens

# Preferences (Edit ▸ Preferences…).
THUMBNAIL_CACHE_MB = Option[int]("preferences/thumbnail_cache_mb", 512, int)
LANGUAGE = Option[str]("preferences/language", "", str)  # "" follows the system; "en", "de"
REVIEW_BEFORE_SENDING = Option[bool]("preferences/review_before_sending", False, bool)
# Photos added get the title and caption they carry (EXIF) instead of their file name.
PHOTO_TEXT = Option[bool]("preferences/photo_text", False, bool)
SANDBOX_FOLDER = Option[str]("preferences/sandbox_folder", "", str)  # "" is the default folder

THUMBNAIL_MIN = 96
THUMBNAIL_MAX = 320
THUMBNAIL_CACHE_MIN_MB = 50
THUMBNAIL_CACHE_MAX_MB = 20_000
# The choices of LANGUAGE and their names, marked for translation (Preferences shows them).
LANGUAGES = {
    "": QT_TR_NOOP("System default"),
    "en": QT_TR_NOOP("English"),
    "de": QT_TR_NOOP("German (Deutsch)"),
}


class Settings:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)
        self._watchers: dict[str, list[Callable[[Any], None]]] = {}

    def get(self, option: Option[T]) -> T:
        value: Any = self._qsettings.value(option.key, option.default)
        if value is None:
            return option.default
        if option.kind is bool:
            # The INI file keeps every value as text.
            if isinstance(value, str):
                return value.strip().lower() in ("true", "1", "yes")  # type: ignore[return-value]
            return bool(value)  # type: ignore[return-value]
        if option.kind is int:
            try:
                return int(value)  # type: ignore[return-value]
            except (TypeError, ValueError):
                return option.default
        if option.kind is QByteArray and not isinstance(value, QByteArray):
            return option.default
        return value

    def set(self, option: Option[T], value: T) -> None:
        changed = self.get(option) != value
        self._qsettings.setValue(option.key, value)
        if changed:
            for callback in list(self._watchers.get(option.key, [])):
                callback(value)

    def watch(self, option: Option[T], callback: Callable[[T], None]) -> None:
        """Call `callback(value)` whenever `option` is set to a different value (so a menu's
        check mark follows what Preferences changed)."""
        self._watchers.setdefault(option.key, []).append(callback)

    def unwatch(self, option: Option[T], callback: Callable[[T], None]) -> None:
        watchers = self._watchers.get(option.key, [])
        if callback in watchers:
            watchers.remove(callback)

    def sync(self) -> None:
        self._qsettings.sync()

    def thumbnail_cache_bytes(self) -> int:
        """The size limit of each site's thumbnail disk cache, within its bounds."""
        mb = self.get(THUMBNAIL_CACHE_MB)
        return max(THUMBNAIL_CACHE_MIN_MB, min(THUMBNAIL_CACHE_MAX_MB, mb)) * 1024 * 1024

    def last_gallery_for(self, site_key: str) -> str:
        return str(self._qsettings.value(f"session/last_gallery/{site_key}", "") or "")

    def set_last_gallery_for(self, site_key: str, gallery_id: str) -> None:
        self._qsettings.setValue(f"session/last_gallery/{site_key}", gallery_id)
