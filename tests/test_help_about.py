"""Help ▸ About: versions, galleryman's licence, Qt's and PySide6's LGPL with where their source
is and how to replace them, and every bundled component with the licence its metadata
declares."""

from __future__ import annotations

import platform
from email.message import Message
from importlib import metadata

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from galleryman import __version__
from galleryman.views import versions
from galleryman.views.about_dialog import AboutDialog
from galleryman.views.versions import LICENCE_UNKNOWN, bundled_components, licence_of, qt_folder


@pytest.fixture
def about(qtbot: QtBot) -> AboutDialog:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_versions_and_the_lgpl_terms(about: AboutDialog) -> None:
    text = about.browser.toPlainText()
    assert f"galleryman {__version__}" in text
    assert f"Python {platform.python_version()}" in text
    assert f"Qt {qVersion()}, PySide6 {pyside_version}" in text
    assert "free software under the MIT licence" in text
    assert "GNU Lesser General Public License, version 3" in text
    assert "https://download.qt.io/" in text and "https://code.qt.io/" in text
    assert f"tag v{qVersion()}" in text
    assert "replace those files with your own build" in text
    assert str(qt_folder()) in text
    assert any(qt_folder().glob("QtCore*"))  # the folder named is where Qt really is


def test_every_component_is_listed_with_its_declared_licence(about: AboutDialog) -> None:
    text = about.browser.toPlainText()
    components = bundled_components()
    names = {c.name.lower() for c in components}
    # The app's direct dependencies and what they bring (httpx brings httpcore, certifi...).
    for wanted in ("pyside6_essentials", "shiboken6", "httpx", "httpcore", "certifi", "pillow"):
        assert wanted in names, wanted
    assert {"keyring", "platformdirs"} <= names
    assert "pytest" not in names and "galleryman" not in names  # test extras, ourselves
    for component in components:
        assert f"{component.name}\n{component.version}\n{component.licence}" in text
    # What the packages themselves declare, read at run time.
    assert licence_of(metadata.metadata("httpx")) == "BSD-3-Clause"
    assert licence_of(metadata.metadata("Pillow")) == "MIT-CMU"
    assert licence_of(metadata.metadata("PySide6-Essentials")).startswith("LGPL-3.0-only")
    assert "libjpeg" in text  # what Pillow carries


def test_copy_versions(qtbot: QtBot, about: AboutDialog) -> None:
    QGuiApplication.clipboard().clear()
    about.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"galleryman {__version__}\nPython {platform.python_version()}")
    assert f"Qt {qVersion()}, PySide6 {pyside_version}" in copied


def meta(**fields: str | list[str]) -> Message:
    message = Message()
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            message[name.replace("_", "-")] = one
    return message


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"License_Expression": "MIT", "License": "whatever"}, "MIT"),
        (
            {"Classifier": ["License :: OSI Approved :: BSD License", "Topic :: Internet"]},
            "BSD License",
        ),
        ({"License": "Apache 2.0"}, "Apache 2.0"),
        ({"License": "Copyright (c) 2020\n\nPermission is hereby granted..."}, LICENCE_UNKNOWN),
        ({}, LICENCE_UNKNOWN),
    ],
)
def test_licence_of(fields: dict[str, str | list[str]], expected: str) -> None:
    assert licence_of(meta(**fields)) == expected  # type: ignore[arg-type]


def test_a_build_without_galleryman_metadata_still_lists_its_components(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PyInstaller copies only the metadata it is told to: what is missing is said, not
    dropped."""
    real_requires = metadata.requires

    def requires(name: str) -> list[str] | None:
        if name == "galleryman":
            raise metadata.PackageNotFoundError(name)
        return real_requires(name)

    real_metadata = metadata.metadata

    def package_metadata(name: str) -> metadata.PackageMetadata:
        if name == "platformdirs":
            raise metadata.PackageNotFoundError(name)
        return real_metadata(name)

    monkeypatch.setattr(versions.metadata, "requires", requires)
    monkeypatch.setattr(versions.metadata, "metadata", package_metadata)
    by_name = {c.name: c for c in bundled_components()}
    assert by_name["platformdirs"].licence == LICENCE_UNKNOWN
    assert by_name["httpx"].licence == "BSD-3-Clause"
    assert "certifi" in by_name
