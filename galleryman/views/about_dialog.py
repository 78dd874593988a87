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
from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.views.documentation import OfflineBrowser
from galleryman.views.versions import (
    LICENCE_UNKNOWN,
    bundled_components,
    qt_folder,
    version_lines,
)

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
    "pillow": QT_TR_NOOP(
        "includes libjpeg, libpng, libwebp, libtiff, zlib, FreeType and other image "
        "libraries under their own licences, listed in Pillow's licence file"
    ),
}


def about_html() -> str:
    e = html.escape
    qt, pyside = qVersion(), PySide6.__version__
    rows = []
    for component in bundled_components():
        note = CARRIES.get(component.name.lower())
        licence = (
            e(tr(component.licence))
            if component.licence == LICENCE_UNKNOWN
            else e(component.licence)
        )
        if note:
            licence += f"<br><small>{e(tr(note))}</small>"
        rows.append(
            f"<tr><td>{e(component.name)}</td><td>{e(component.version)}</td>"
            f"<td>{licence}</td></tr>"
        )
    links = {
        name: tr(" or ").join(f'<a href="{url}">{e(url)}</a>' for url in urls)
        for name, urls in QT_SOURCE.items()
    }
    licence_name = e(tr("GNU Lesser General Public License, version 3"))
    lgpl = f'<a href="{LGPL_URL}">{licence_name}</a>'
    paragraphs = [
        "<br>".join(e(line) for line in version_lines()),
        e(tr("galleryman is free software under the {licence} licence.")).format(
            licence=GALLERYMAN_LICENCE
        ),
    ]
    built_with = e(
        tr(
            "galleryman is built with Qt {qt} and PySide6 {pyside}, by The Qt Company and "
            "others, used under the {lgpl}."
        )
    ).format(qt=e(qt), pyside=e(pyside), lgpl=lgpl)
    tag = e(tr("{name} {version} (tag v{version}): {links}"))
    replacing = tr(
        "<b>Replacing them.</b> galleryman loads Qt and PySide6 as shared libraries from its "
        "own folder; you may replace those files with your own build of the same versions, "
        "changed or not, and galleryman uses yours. On this computer they are in:"
    )
    # Every text is translated before it goes into the page: lupdate does not read f-strings.
    heading = e(tr("Qt and PySide6"))
    source_code = tr("<b>Source code</b>, with the tag of each version:")
    components = e(tr("Components"))
    columns = "".join(
        f'<th align="left">{e(title)}</th>'
        for title in (tr("Component"), tr("Version"), tr("Licence"))
    )
    return f"""
<p>{"</p><p>".join(paragraphs)}</p>
<h3>{heading}</h3>
<p>{built_with}</p>
<p>{source_code}</p>
<ul>
<li>{tag.format(name="Qt", version=e(qt), links=links["Qt"])}</li>
<li>{tag.format(name="PySide6", version=e(pyside), links=links["PySide6"])}</li>
</ul>
<p>{replacing}<br><code>{e(str(qt_folder()))}</code></p>
<h3>{components}</h3>
<table cellspacing="0" cellpadding="3">
<tr>{columns}</tr>
{"".join(rows)}
</table>
"""


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("About galleryman"))
        icon = QLabel(self)
        icon.setPixmap(QGuiApplication.windowIcon().pixmap(64, 64))
        tagline = html.escape(tr("Manage Wix Pro Galleries from your desktop."))
        name = "<b style='font-size:16pt'>galleryman</b>"
        title = QLabel(f"{name} {html.escape(__version__)}<br>{tagline}", self)
        title.setTextFormat(Qt.TextFormat.RichText)
        heading = QHBoxLayout()
        heading.addWidget(icon)
        heading.addWidget(title, 1)
        self.browser = OfflineBrowser(self)
        self.browser.setAccessibleName(tr("Versions and licences"))
        self.browser.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(
            tr("Copy Versions"), QDialogButtonBox.ButtonRole.ActionRole
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
        self.copy_button.setText(tr("Copied"))
