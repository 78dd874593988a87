"""Help ▸ About: galleryman's version, the versions it runs on, and the licence of every
component it is built from, with how to get Qt's and PySide6's source and replace them (the
LGPL's terms). The component list is read from the installed packages at run time."""

from __future__ import annotations

import html

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from galleryman import __version__
from galleryman.views.documentation import OfflineBrowser
from galleryman.views.versions import bundled_components, qt_folder, version_lines

GALLERYMAN_LICENCE = "MIT"
QT_SOURCE = {
    "Qt": ("https://download.qt.io/archive/qt/", "https://code.qt.io/cgit/qt/qt5.git/"),
    "PySide6": (
        "https://download.qt.io/official_releases/QtForPython/",
        "https://code.qt.io/cgit/pyside/pyside-setup.git/",
    ),
}
LGPL_URL = "https://www.gnu.org/licenses/lgpl-3.0.html"
# Their wheels carry other projects' libraries, whose licences their own licence file lists.
CARRIES = {
    "pillow": "includes libjpeg, libpng, libwebp, libtiff, zlib, FreeType and other image "
    "libraries under their own licences, listed in Pillow's licence file",
}


def about_html() -> str:
    e = html.escape
    qt, pyside = qVersion(), PySide6.__version__
    rows = []
    for component in bundled_components():
        note = CARRIES.get(component.name.lower())
        licence = e(component.licence) + (f"<br><small>{e(note)}</small>" if note else "")
        rows.append(
            f"<tr><td>{e(component.name)}</td><td>{e(component.version)}</td>"
            f"<td>{licence}</td></tr>"
        )
    links = {
        name: " or ".join(f'<a href="{url}">{e(url)}</a>' for url in urls)
        for name, urls in QT_SOURCE.items()
    }
    return f"""
<p>{"<br>".join(e(line) for line in version_lines())}</p>
<p>galleryman is free software under the {GALLERYMAN_LICENCE} licence.</p>
<h3>Qt and PySide6</h3>
<p>galleryman is built with Qt {e(qt)} and PySide6 {e(pyside)}, by The Qt Company and others,
used under the <a href="{LGPL_URL}">GNU Lesser General Public License, version 3</a>.</p>
<p><b>Source code</b>, with the tag of each version:</p>
<ul>
<li>Qt {e(qt)} (tag v{e(qt)}): {links["Qt"]}</li>
<li>PySide6 {e(pyside)} (tag v{e(pyside)}): {links["PySide6"]}</li>
</ul>
<p><b>Replacing them.</b> galleryman loads Qt and PySide6 as shared libraries from its own
folder; you may replace those files with your own build of the same versions, changed or not,
and galleryman uses yours. On this computer they are in:<br><code>{e(str(qt_folder()))}</code></p>
<h3>Components</h3>
<table cellspacing="0" cellpadding="3">
<tr><th align="left">Component</th><th align="left">Version</th><th align="left">Licence</th></tr>
{"".join(rows)}
</table>
"""


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About galleryman")
        icon = QLabel(self)
        icon.setPixmap(QGuiApplication.windowIcon().pixmap(64, 64))
        title = QLabel(
            f"<b style='font-size:16pt'>galleryman</b> {html.escape(__version__)}<br>"
            "Manage Wix Pro Galleries from your desktop.",
            self,
        )
        title.setTextFormat(Qt.TextFormat.RichText)
        heading = QHBoxLayout()
        heading.addWidget(icon)
        heading.addWidget(title, 1)
        self.browser = OfflineBrowser(self)
        self.browser.setAccessibleName("Versions and licences")
        self.browser.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(
            "Copy Versions", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_versions)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(640, 640)

    def copy_versions(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(version_lines()) + "\n")
        self.copy_button.setText("Copied")
