"""Every folder the app uses, in one place.

The defaults follow each platform's conventions (platformdirs). `--basedir DIR` puts
everything under one folder instead, so tests, screenshots and a portable copy never touch the
user's real configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

APP_NAME = "galleryman"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path
    # A folder the user chose for the sandbox (Preferences), instead of the default one.
    chosen_sandbox_dir: Path | None = None

    @property
    def sandbox_dir(self) -> Path:
        """The local sandbox's database and media files."""
        return self.chosen_sandbox_dir or self.default_sandbox_dir

    @property
    def default_sandbox_dir(self) -> Path:
        return self.data_dir / "sandbox"

    def with_sandbox_dir(self, folder: Path) -> AppPaths:
        """The same folders, with the sandbox's data in `folder`."""
        return replace(self, chosen_sandbox_dir=Path(folder).expanduser().absolute())

    def site_db(self, site_key: str, identity: str = "") -> Path:
        """One site's catalog and outbox (galleryman.sync): its galleries and items as last
        seen, and the changes not yet on the site.

        `identity` names which server the site is: the local sandbox gives its own site id,
        so a sandbox in another folder (Preferences) never sees this one's catalog, nor is
        sent its changes; switching back finds them again."""
        name = safe_name(site_key) + (f"-{safe_name(identity)}" if identity else "")
        return self.data_dir / "sites" / f"{name}.sqlite3"

    @property
    def thumbnails_dir(self) -> Path:
        return self.cache_dir / "thumbnails"

    @property
    def sites_file(self) -> Path:
        return self.config_dir / "sites.json"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "galleryman.log"

    @classmethod
    def default(cls) -> AppPaths:
        """The platform's usual folders for this user."""
        # appauthor=False: no "galleryman\galleryman" nesting on Windows.
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @classmethod
    def under(cls, basedir: Path | str) -> AppPaths:
        """Everything below one folder (config/, data/, cache/, log/)."""
        # Absolute, so a later change of working directory cannot move the folders.
        base = Path(basedir).expanduser().absolute()
        return cls(
            config_dir=base / "config",
            data_dir=base / "data",
            cache_dir=base / "cache",
            log_dir=base / "log",
        )

    def ensure(self) -> AppPaths:
        """Create every folder that does not exist yet; returns self for chaining."""
        for folder in (
            self.config_dir,
            self.data_dir,
            self.cache_dir,
            self.log_dir,
            self.sandbox_dir,
            self.thumbnails_dir,
        ):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def safe_name(text: str) -> str:
    """`text` as a file name on every platform."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)
