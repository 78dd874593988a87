"""What a build is made of: paths, names, the version, the date, who maintains it.

The maintainer and homepage are real settings, resolved in this order (the first that is set
wins), so that no placeholder is ever baked into a package:

    maintainer  GALLERYMAN_MAINTAINER ("Name <email>"), pyproject.toml [project] maintainers,
                DEBFULLNAME + DEBEMAIL (as dch uses), git config user.name + user.email
    homepage    GALLERYMAN_HOMEPAGE, pyproject.toml [project.urls] Homepage, else none: the
                packages then carry no Homepage/URL and the AppStream data no links

The date of every file in every package is SOURCE_DATE_EPOCH: from the environment, else the
last git commit's time (https://reproducible-builds.org/specs/source-date-epoch/).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PACKAGING = ROOT / "packaging"
BUILD = ROOT / "build"
VENV = BUILD / "venv"
ICONS = BUILD / "icons"
PYI_DIST = BUILD / "pyinstaller" / "dist"
PYI_WORK = BUILD / "pyinstaller" / "work"
BUNDLE = PYI_DIST / "galleryman"
BUILD_LOCK = PACKAGING / "requirements-build.txt"

NAME = "galleryman"
APP_ID = "io.github.galleryman.galleryman"  # AppStream id (never change it once released)
SUMMARY = "desktop app for managing Wix Pro Galleries"

MAINTAINER_RE = re.compile(r"[^<>@\n]+ <[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>")


class SettingError(SystemExit):
    """A setting is missing or malformed; the message says which and how to set it."""


@dataclass(frozen=True)
class Settings:
    version: str
    maintainer: str  # "Name <email>"
    homepage: str | None  # https://...
    source_date_epoch: int

    @property
    def debian_version(self) -> str:
        return debian_version(self.version)


def app_version(root: Path = ROOT) -> str:
    text = (root / "galleryman" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SettingError("build: no __version__ in galleryman/__init__.py")
    return match.group(1)


def debian_version(version: str) -> str:
    """PEP 440 to Debian and RPM: pre-releases sort before the release (1.0rc1 -> 1.0~rc1)."""
    return re.sub(r"[.-]?(a|b|rc|alpha|beta|dev)\.?(\d*)", r"~\1\2", version)


def _pyproject(root: Path) -> dict[str, object]:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")).get("project")
    return project if isinstance(project, dict) else {}


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def resolve_maintainer(env: Mapping[str, str], root: Path = ROOT) -> str:
    candidates: list[tuple[str, str]] = []
    if env.get("GALLERYMAN_MAINTAINER"):
        candidates.append(("GALLERYMAN_MAINTAINER", env["GALLERYMAN_MAINTAINER"]))
    maintainers = _pyproject(root).get("maintainers")
    if isinstance(maintainers, list) and maintainers and isinstance(maintainers[0], dict):
        first = maintainers[0]
        if first.get("name") and first.get("email"):
            candidates.append(("pyproject.toml", f"{first['name']} <{first['email']}>"))
    if env.get("DEBFULLNAME") and env.get("DEBEMAIL"):
        candidates.append(("DEBFULLNAME/DEBEMAIL", f"{env['DEBFULLNAME']} <{env['DEBEMAIL']}>"))
    name, email = _git(root, "config", "user.name"), _git(root, "config", "user.email")
    if name and email:
        candidates.append(("git config", f"{name} <{email}>"))
    if not candidates:
        raise SettingError(
            "build: who maintains the package? Set GALLERYMAN_MAINTAINER='Name <email>' (or "
            "maintainers in pyproject.toml, or git config user.name and user.email)"
        )
    source, value = candidates[0]
    if not MAINTAINER_RE.fullmatch(value.strip()):
        raise SettingError(f"build: the maintainer from {source}, {value!r}, is not 'Name <email>'")
    return value.strip()


def resolve_homepage(env: Mapping[str, str], root: Path = ROOT) -> str | None:
    value, source = env.get("GALLERYMAN_HOMEPAGE", ""), "GALLERYMAN_HOMEPAGE"
    if not value:
        urls = _pyproject(root).get("urls")
        if isinstance(urls, dict):
            found = {str(k).lower(): str(v) for k, v in urls.items()}
            value, source = found.get("homepage", ""), "pyproject.toml [project.urls]"
    if not value:
        return None
    if not re.fullmatch(r"https://[^\s/]+(/[^\s]*)?", value):
        raise SettingError(f"build: the homepage from {source}, {value!r}, is not an https URL")
    return value.rstrip("/")


def resolve_source_date_epoch(env: Mapping[str, str], root: Path = ROOT) -> int:
    if env.get("SOURCE_DATE_EPOCH"):
        value = env["SOURCE_DATE_EPOCH"]
        if not value.isdigit():
            raise SettingError(f"build: SOURCE_DATE_EPOCH={value!r} is not a number of seconds")
        return int(value)
    committed = _git(root, "log", "-1", "--format=%ct")
    if committed.isdigit():
        return int(committed)
    print("build: no SOURCE_DATE_EPOCH and no git history: files dated now (not reproducible)")
    return int(time.time())


def load(
    env: Mapping[str, str] | None = None, root: Path = ROOT, *, need_maintainer: bool = True
) -> Settings:
    """The build's settings. Only the Linux packages name a maintainer: elsewhere (the
    Windows and macOS installers) a missing one is no error and stays empty."""
    env = os.environ if env is None else env
    try:
        maintainer = resolve_maintainer(env, root)
    except SettingError:
        if need_maintainer:
            raise
        maintainer = ""
    return Settings(
        version=app_version(root),
        maintainer=maintainer,
        homepage=resolve_homepage(env, root),
        source_date_epoch=resolve_source_date_epoch(env, root),
    )
