"""Every option the app remembers, declared in one place, stored with QSettings (INI file).

UI state and preferences only: never a secret (API keys live in the keyring).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

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

THUMBNAIL_MIN = 96
THUMBNAIL_MAX = 320


class Settings:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, option: Option[T]) -> T:
        value: Any = self._qsettings.value(option.key, option.default)
        if value is None:
            return option.default
        if option.kind is int:
            try:
                return int(value)  # type: ignore[return-value]
            except (TypeError, ValueError):
                return option.default
        if option.kind is QByteArray and not isinstance(value, QByteArray):
            return option.default
        return value

    def set(self, option: Option[T], value: T) -> None:
        self._qsettings.setValue(option.key, value)

    def sync(self) -> None:
        self._qsettings.sync()

    def last_gallery_for(self, site_key: str) -> str:
        return str(self._qsettings.value(f"session/last_gallery/{site_key}", "") or "")

    def set_last_gallery_for(self, site_key: str, gallery_id: str) -> None:
        self._qsettings.setValue(f"session/last_gallery/{site_key}", gallery_id)
