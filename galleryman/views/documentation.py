"""Help ▸ User Guide: the README's "Using the app" section, shipped with the app as
galleryman/assets/user-guide.md (scripts/update_user_guide.py copies it; a test keeps the two
identical) and shown offline: nothing is ever fetched to display it."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from galleryman.core.i18n import tr

GUIDE_HEADING = "## Using the app"  # i18n: not translated (the README's heading)
WEB_SCHEMES = ("http", "https", "mailto")


def user_guide() -> str:
    return (resources.files("galleryman") / "assets" / "user-guide.md").read_text("utf-8")


def user_guide_from_readme(readme: str) -> str:
    """The README's user section: from its heading to the next second-level heading."""
    lines = readme.splitlines()
    try:
        start = lines.index(GUIDE_HEADING)
    except ValueError:
        raise ValueError(f"the README has no “{GUIDE_HEADING}” section") from None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).rstrip() + "\n"


class OfflineBrowser(QTextBrowser):
    """Shows a document without loading anything it refers to (images, style sheets, local
    files); a web link is opened in the user's browser when clicked, never fetched here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._open_link)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        # Not None: for None the document reads local files itself. An empty image is no
        # picture, style sheet or page, so nothing is shown in their place.
        return QImage()

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in WEB_SCHEMES:
            QDesktopServices.openUrl(url)


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("galleryman – User Guide"))
        self.browser = OfflineBrowser(self)
        self.browser.setAccessibleName(tr("User guide"))
        self.browser.setMarkdown(user_guide())  # GitHub's dialect, as the README
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 720)
