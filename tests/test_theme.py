"""Dark mode follows the system: a dark scheme the platform gives no palette for gets the
Fusion dark palette, a platform's own dark palette is left alone, and a change while the app
runs is followed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QStyleFactory
from pytestqt.qtbot import QtBot

from galleryman.views.theme import ThemeFollower, dark_palette, follow_system_theme, is_dark

Role = QPalette.ColorRole
DARK = Qt.ColorScheme.Dark
LIGHT = Qt.ColorScheme.Light


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application, its style and palette put back afterwards."""
    style = qapp.style().name()
    yield qapp
    qapp.setPalette(QPalette())
    qapp.setStyle(QStyleFactory.create(style))


@pytest.fixture
def follower(app: QApplication) -> Iterator[ThemeFollower]:
    follower = follow_system_theme(app)
    yield follower
    follower.stop()
    shiboken6.delete(follower)


def window_colour(widget_or_app: QApplication | QLineEdit, role: Role = Role.Window) -> QColor:
    return widget_or_app.palette().color(role)


def test_the_dark_palette_is_dark_and_readable(app: QApplication) -> None:
    palette = dark_palette()
    assert is_dark(palette)
    assert not is_dark(app.style().standardPalette())
    # Text on its background, and highlighted text on the highlight, stay far apart.
    for text, background in [
        (Role.Text, Role.Base),
        (Role.WindowText, Role.Window),
        (Role.ButtonText, Role.Button),
        (Role.HighlightedText, Role.Highlight),
    ]:
        gap = palette.color(text).lightness() - palette.color(background).lightness()
        assert gap > 120, (text, background)


def test_the_offscreen_platform_reports_no_scheme_and_stays_light(
    app: QApplication, follower: ThemeFollower
) -> None:
    assert app.styleHints().colorScheme() == Qt.ColorScheme.Unknown
    assert not is_dark(app.palette())
    assert not follower.applied_own_palette


def test_a_dark_system_without_a_dark_palette_gets_ours_and_light_puts_it_back(
    qtbot: QtBot, app: QApplication, follower: ThemeFollower
) -> None:
    light = window_colour(app)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    app.styleHints().colorSchemeChanged.emit(DARK)  # what Qt sends when the system changes
    qtbot.waitUntil(lambda: is_dark(app.palette()))
    assert follower.applied_own_palette
    assert app.style().name().lower() == "fusion"
    # Widgets already on screen follow.
    qtbot.waitUntil(lambda: window_colour(field, Role.Base) == dark_palette().color(Role.Base))
    app.styleHints().colorSchemeChanged.emit(LIGHT)
    qtbot.waitUntil(lambda: not is_dark(app.palette()))
    assert window_colour(app) == light
    assert not follower.applied_own_palette
    qtbot.waitUntil(lambda: not is_dark(field.palette()))


def test_a_style_that_cannot_draw_dark_is_replaced_by_fusion_and_comes_back(
    app: QApplication,
) -> None:
    app.setStyle(QStyleFactory.create("Windows"))
    follower = ThemeFollower(app)  # started under that style, as on Windows 10
    try:
        follower.apply(DARK)
        assert app.style().name().lower() == "fusion"
        assert is_dark(app.palette())
        follower.apply(LIGHT)
        assert app.style().name().lower() == "windows"
        assert not is_dark(app.palette())
    finally:
        follower.stop()
        shiboken6.delete(follower)


def test_a_platform_dark_palette_is_left_alone(app: QApplication, follower: ThemeFollower) -> None:
    platform_dark = QPalette(QColor("#202124"))  # as a platform theme would give it
    assert is_dark(platform_dark)
    app.setPalette(platform_dark)
    follower.apply(DARK)
    assert not follower.applied_own_palette
    assert window_colour(app) == QColor("#202124")
    follower.apply(LIGHT)  # the platform brings its light palette itself
    assert window_colour(app) == QColor("#202124")
