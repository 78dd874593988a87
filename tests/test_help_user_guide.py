"""Help ▸ User Guide: the README's "Using the app" section, shipped with the app (the two
never drift apart) and shown offline: nothing it refers to is ever loaded."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from pytestqt.qtbot import QtBot

from galleryman.views.documentation import (
    GUIDE_HEADING,
    OfflineBrowser,
    UserGuideDialog,
    user_guide,
    user_guide_from_readme,
)

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_shipped_guide_is_the_readmes_user_section() -> None:
    section = user_guide_from_readme(README.read_text("utf-8"))
    assert section.startswith(GUIDE_HEADING + "\n")
    assert "**Galleries**" in section and "\n## " not in section
    assert user_guide() == section, (
        "galleryman/assets/user-guide.md differs from the README's “Using the app” section: "
        "run .venv/bin/python scripts/update_user_guide.py"
    )


def test_the_section_ends_at_the_next_heading() -> None:
    readme = "# app\n\nintro\n\n## Using the app\n\n- one\n- two\n\n\n## Next\n\nother\n"
    assert user_guide_from_readme(readme) == "## Using the app\n\n- one\n- two\n"
    with pytest.raises(ValueError, match="no “## Using the app” section"):
        user_guide_from_readme("# app\n\n## Other\n")


def test_the_dialog_shows_the_guide_as_formatted_text(qtbot: QtBot) -> None:
    dialog = UserGuideDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    shown = dialog.browser.toPlainText()
    assert shown.startswith("Using the app")
    assert "Galleries (sidebar): New (Ctrl+N)" in shown  # bold markers rendered, not shown
    assert "**" not in shown and "## " not in shown
    assert dialog.browser.verticalScrollBar().value() == 0  # it opens at the top


class CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        CountingHandler.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def web_server() -> Iterator[str]:
    CountingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_nothing_the_document_refers_to_is_loaded(
    qtbot: QtBot, tmp_path: Path, web_server: str
) -> None:
    picture = tmp_path / "local.png"
    Image.new("RGB", (8, 8), "red").save(picture)
    browser = OfflineBrowser()
    qtbot.addWidget(browser)
    local_url = QUrl.fromLocalFile(str(picture))
    browser.setMarkdown(
        f"![web]({web_server}/tracker.png)\n\n![local]({local_url.toString()})\n\n"
        f"[a link]({web_server}/page)"
    )
    browser.show()
    qtbot.wait(100)
    for url in (local_url, QUrl(f"{web_server}/tracker.png")):
        image = browser.document().resource(QTextDocument.ResourceType.ImageResource, url)
        assert image is None or image.isNull(), url
    assert CountingHandler.requests == []


def test_only_web_links_open_and_in_the_browser(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    browser = OfflineBrowser()
    qtbot.addWidget(browser)
    browser.setMarkdown("text")
    for url in ("https://example.org/help", "file:///etc/passwd", "javascript:alert(1)"):
        browser.anchorClicked.emit(QUrl(url))
    assert opened == [QUrl("https://example.org/help")]
    assert browser.toPlainText() == "text"  # the page itself never changed
