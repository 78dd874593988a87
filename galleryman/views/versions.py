"""What this copy of galleryman is made of: its version, Python's, Qt's and PySide6's, and every
bundled Python component with its licence, read from the installed packages' metadata at run
time (so the list follows whatever the build really contains)."""

from __future__ import annotations

import platform
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import QSysInfo, qVersion
from PySide6.QtGui import QGuiApplication

from galleryman import __version__
from galleryman.core.i18n import QT_TR_NOOP

# Read when galleryman's own metadata is missing (a bundle that copied only some of it).
DIRECT_DEPENDENCIES = ("PySide6-Essentials", "httpx", "Pillow", "keyring", "platformdirs")
LICENCE_UNKNOWN = QT_TR_NOOP("not recorded in this build")  # About shows it translated
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str


def version_lines() -> list[str]:
    """One line each: galleryman, Python, Qt and PySide6, the system and Qt's platform. In
    English whatever the language shown: they go into bug reports."""
    qt_platform = QGuiApplication.platformName() if QGuiApplication.instance() else "none"
    return [
        f"galleryman {__version__}",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}",  # i18n: not translated
        f"{QSysInfo.prettyProductName()} ({QSysInfo.currentCpuArchitecture()}), "
        f"Qt platform {qt_platform}",  # i18n: not translated
    ]


def qt_folder() -> Path:
    """Where PySide6 and the Qt libraries it loads are installed (inside the app's folder in
    an installed build)."""
    return Path(PySide6.__file__).resolve().parent


def bundled_components() -> list[Component]:
    """Every package galleryman needs, directly or through another, that is installed here,
    sorted by name (galleryman itself not included)."""
    try:
        roots = _requirements("galleryman")
    except metadata.PackageNotFoundError:
        roots = list(DIRECT_DEPENDENCIES)
    found: dict[str, Component] = {}
    waiting = list(roots)
    while waiting:
        name = waiting.pop()
        key = _canonical(name)
        if key in found:
            continue
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            if name in roots:  # bundled without its metadata: still say it is there
                found[key] = Component(name, "", LICENCE_UNKNOWN)
            continue
        found[key] = Component(_field(meta, "Name"), _field(meta, "Version"), licence_of(meta))
        waiting.extend(_requirements(name))
    return sorted(found.values(), key=lambda c: c.name.lower())


def licence_of(meta: metadata.PackageMetadata) -> str:
    """The licence a package declares: its SPDX expression, else its licence classifiers,
    else a short License field; LICENCE_UNKNOWN when it declares none."""
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    classifiers = [
        c.split(" :: ")[-1]
        for c in meta.get_all("Classifier") or []
        if c.startswith("License :: ") and c.count(" :: ") >= 2
    ]
    if classifiers:
        return ", ".join(classifiers)
    field = _field(meta, "License")
    if field and "\n" not in field and len(field) <= 80:
        return field
    return LICENCE_UNKNOWN


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    values = meta.get_all(name) or []
    return str(values[0]).strip() if values else ""


def _requirements(name: str) -> list[str]:
    """The names `name` requires, leaving out optional extras (what a build installs)."""
    wanted = []
    for requirement in metadata.requires(name) or []:
        _, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        match = _NAME.match(requirement)
        if match:
            wanted.append(match.group(1))
    return wanted


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
