"""Light or dark, as the system says (Qt 6.5+: `QStyleHints.colorScheme()`), and following it
while the app runs.

Where the platform brings its own dark palette (macOS, Windows 11, GNOME and KDE through their
platform themes) Qt applies it and nothing is done here. Where the scheme is dark but the
palette stays light (offscreen, a bare X11 session, the old "windowsvista" style that ignores
dark mode), the app switches to the Fusion style with a dark palette, and back when the system
turns light again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

log = logging.getLogger(__name__)

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# The platform's light style that draws a dark palette badly: Fusion draws it well.
_STYLES_WITHOUT_DARK = {"windowsvista", "windows"}


def dark_palette() -> QPalette:
    """A dark palette for Fusion: neutral greys, readable text, a blue that reads on both.
    Fusion draws frames a little darker than the window: fields and check boxes are darker
    still, so their edges show."""
    palette = QPalette()
    colours = {
        Role.Window: "#353535",
        Role.WindowText: "#e6e6e6",
        Role.Base: "#252525",
        Role.AlternateBase: "#2e2e2e",
        Role.ToolTipBase: "#454545",
        Role.ToolTipText: "#f0f0f0",
        Role.PlaceholderText: "#8c8c8c",
        Role.Text: "#e6e6e6",
        Role.Button: "#404040",
        Role.ButtonText: "#e6e6e6",
        Role.BrightText: "#ff6b6b",
        Role.Light: "#505050",
        Role.Midlight: "#454545",
        Role.Mid: "#2c2c2c",
        Role.Dark: "#202020",
        Role.Shadow: "#111111",
        Role.Highlight: "#2f6fb0",
        Role.HighlightedText: "#ffffff",
        Role.Link: "#6cb4ff",
        Role.LinkVisited: "#b99cff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor("#7a7a7a"))
    palette.setColor(Group.Disabled, Role.Highlight, QColor("#4a4a4a"))
    palette.setColor(Group.Disabled, Role.HighlightedText, QColor("#9a9a9a"))
    palette.setColor(Group.Disabled, Role.Base, QColor("#2d2d2d"))
    return palette


def is_dark(palette: QPalette) -> bool:
    """Whether the palette is a dark one: light text on a dark window."""
    window = palette.color(Role.Window).lightness()
    return window < palette.color(Role.WindowText).lightness()


class ThemeFollower(QObject):
    """Keeps the app's palette in step with the system's colour scheme."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._own_palette = False  # whether the dark palette on the app is ours
        self._first_style = app.style().name()
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)
        self.apply(app.styleHints().colorScheme())

    @property
    def applied_own_palette(self) -> bool:
        return self._own_palette

    def stop(self) -> None:
        """Stop following the system (the palette stays as it is)."""
        self._app.styleHints().colorSchemeChanged.disconnect(self._scheme_changed)

    def apply(self, scheme: Qt.ColorScheme) -> None:
        """Make the app light or dark as `scheme` says (Unknown counts as light)."""
        app = self._app
        if scheme == Qt.ColorScheme.Dark:
            if app.style().name().lower() in _STYLES_WITHOUT_DARK:
                app.setStyle(QStyleFactory.create("Fusion"))
            if self._own_palette or not is_dark(app.palette()):
                app.setPalette(dark_palette())
                self._own_palette = True
                log.info("the system is in dark mode: using galleryman's dark palette")
        elif self._own_palette:
            app.setPalette(QPalette())  # back to the platform's own (light) palette
            self._own_palette = False
            if app.style().name() != self._first_style:
                app.setStyle(QStyleFactory.create(self._first_style))

    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        # The platform theme may update its palette after announcing the new scheme: look
        # at the palette once that is done.
        QTimer.singleShot(0, self, lambda: self.apply(scheme))


def follow_system_theme(app: QApplication) -> ThemeFollower:
    """Apply the system's colour scheme now and whenever it changes (owned by `app`)."""
    return ThemeFollower(app)
