"""Error text, notification edges and the status bar's waiting label read on dark and light
palettes alike (WCAG contrast: 4.5:1 for text, 3:1 for an edge), and follow the palette when
the system switches while the window is open. (Beside the translation tests because of who
owned which file when written; it belongs with tests/test_theme.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.views.bulk_panel import BulkEditPanel
from galleryman.views.commit_fields import CommitLineEdit, ErrorLabel, StatusLine
from galleryman.views.main_window import MainWindow
from galleryman.views.notifications import NotificationArea
from galleryman.views.theme import dark_palette


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_contrast(widget: QWidget) -> float:
    palette = widget.palette()
    return contrast(
        palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    )


@pytest.fixture
def app_palette(qapp: QApplication) -> Iterator[QApplication]:
    original = qapp.palette()
    try:
        yield qapp
    finally:
        qapp.setPalette(original)


def light_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    return palette


def test_error_text_reads_on_dark_and_follows_a_switch(
    qtbot: QtBot, app_palette: QApplication
) -> None:
    app_palette.setPalette(dark_palette())
    field = CommitLineEdit(accessible_name="Title")
    error = ErrorLabel(field)
    status = StatusLine()
    panel = BulkEditPanel()
    for widget in (field, error, status, panel):
        qtbot.addWidget(widget)
    status.set_status("failed", "HTTP 500")
    for widget in (error, status, panel.link_error_label):
        assert text_contrast(widget) >= 4.5, widget
        assert widget.palette().color(QPalette.ColorRole.WindowText) == QColor("#ff8a80")
    status.set_status("saved")  # no longer red: the palette's own text colour again
    assert status.palette().color(QPalette.ColorRole.WindowText) == QColor("#e6e6e6")

    app_palette.setPalette(light_palette())  # the system turned light while the window is open
    qtbot.waitUntil(lambda: error.palette().color(QPalette.ColorRole.Base) == QColor("#ffffff"))
    status.set_status("failed", "HTTP 500")
    for widget in (error, status, panel.link_error_label):
        assert widget.palette().color(QPalette.ColorRole.WindowText) == QColor("#c62828")
        assert text_contrast(widget) >= 4.5, widget
    # Only the text colour is the widget's own: the window colour still follows the app.
    assert error.palette().color(QPalette.ColorRole.Window) == QColor("#efefef")


def test_notification_edges_read_on_dark_and_follow_a_switch(
    qtbot: QtBot, app_palette: QApplication
) -> None:
    app_palette.setPalette(dark_palette())
    area = NotificationArea()
    qtbot.addWidget(area)
    error = area.show_error("The server had a problem")
    info = area._add("Cleared", None, error=False)
    window = dark_palette().color(QPalette.ColorRole.Window)
    assert contrast(QColor(error.edge_colour()), window) >= 3.0
    assert contrast(QColor(info.edge_colour()), window) >= 3.0
    assert error.edge_colour() in error.styleSheet()

    app_palette.setPalette(light_palette())  # Qt delivers the change as an event
    qtbot.waitUntil(lambda: "#b3261e" in error.styleSheet())
    assert "#1f6feb" in info.styleSheet()
    # The message follows too: dark text on the light window, not the dark theme's light text.
    assert text_contrast(error.label) >= 4.5
    assert error.label.palette().color(QPalette.ColorRole.WindowText) == QColor("#000000")
    assert contrast(QColor("#b3261e"), QColor("#efefef")) >= 3.0


def test_the_waiting_label_reads_on_dark_and_follows_a_switch(
    qtbot: QtBot, app_palette: QApplication, tmp_path: Path, memory_keyring: object
) -> None:
    """What waits for the site ("Offline – 2 changes waiting") is amber: an amber that reads
    on the window in both palettes, and again after the system switches."""
    app_palette.setPalette(dark_palette())
    paths = AppPaths.under(tmp_path / "app").ensure()
    sites = SiteManager(paths, seed_demo=False, sandbox_in_process=True)
    try:
        window = MainWindow(sites, Settings(paths.settings_file))
        qtbot.addWidget(window)
        label = window.waiting_label
        label.ensurePolished()
        assert label.palette().color(QPalette.ColorRole.WindowText) == QColor("#ffb74d")
        assert text_contrast(label) >= 4.5
        assert label.font().weight() >= 600  # bold enough to stand out

        app_palette.setPalette(light_palette())
        qtbot.waitUntil(
            lambda: label.palette().color(QPalette.ColorRole.WindowText) == QColor("#8a5200")
        )
        assert text_contrast(label) >= 4.5
        assert label.palette().color(QPalette.ColorRole.Window) == QColor("#efefef")
    finally:
        sites.shutdown()
