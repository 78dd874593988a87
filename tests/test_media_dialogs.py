"""The Add video / Add text dialogs: live validation, the items they build, a preview that
loads nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument
from PySide6.QtWidgets import QDialog, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from galleryman.views.media_dialogs import AddTextDialog, AddVideoDialog, SafePreview
from galleryman.views.text_render import PREVIEW_LIMITS
from tests.dialog_support import open_dialog, tab_chain
from tests.support import image_bytes

WAIT_MS = 5_000


def open_video_dialog(qtbot: QtBot) -> AddVideoDialog:
    return open_dialog(qtbot, AddVideoDialog())


def open_text_dialog(qtbot: QtBot) -> AddTextDialog:
    return open_dialog(qtbot, AddTextDialog())


def test_video_dialog_refuses_a_link_that_is_not_youtube_or_vimeo(qtbot: QtBot) -> None:
    dialog = open_video_dialog(qtbot)
    assert not dialog.ok_button.isEnabled()  # nothing typed yet

    qtbot.keyClicks(dialog.url_edit, "https://example.com/x")

    assert not dialog.ok_button.isEnabled()
    assert dialog.reason_label.text() == "Only YouTube and Vimeo links can be added."
    qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)  # Enter must not add it
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_video_dialog_refuses_a_bare_site_address(qtbot: QtBot) -> None:
    dialog = open_video_dialog(qtbot)
    qtbot.keyClicks(dialog.url_edit, "https://www.youtube.com/")
    assert not dialog.ok_button.isEnabled()
    assert "does not point to a video" in dialog.reason_label.text()


def test_video_dialog_builds_a_youtube_item_and_enter_accepts(qtbot: QtBot) -> None:
    dialog = open_video_dialog(qtbot)
    qtbot.keyClicks(dialog.title_edit, "Launch film")
    qtbot.keyClicks(dialog.description_edit, "Our first video")
    qtbot.keyClicks(dialog.url_edit, " https://youtu.be/dQw4w9WgXcQ ")

    assert dialog.ok_button.isEnabled()
    assert dialog.reason_label.text() == "YouTube video"
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)

    item = dialog.item()
    assert item.media_type == "VIDEO"
    assert item.video is not None and item.video.type == "YOUTUBE"
    assert item.video.video_info is not None
    assert item.video.video_info.url == "https://youtu.be/dQw4w9WgXcQ"
    assert item.title == "Launch film"
    assert item.description == "Our first video"
    assert item.to_json()["video"]["type"] == "YOUTUBE"


def test_video_dialog_accepts_vimeo_and_leaves_empty_texts_out(qtbot: QtBot) -> None:
    dialog = open_video_dialog(qtbot)
    qtbot.keyClicks(dialog.url_edit, "vimeo.com/76979871")  # the scheme left out, as people do
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    item = dialog.item()
    assert item.video is not None and item.video.type == "VIMEO"
    assert item.video.video_info is not None
    assert item.video.video_info.url == "https://vimeo.com/76979871"
    assert item.title is None and item.description is None


def test_escape_cancels_both_dialogs(qtbot: QtBot) -> None:
    video = open_video_dialog(qtbot)
    qtbot.keyClicks(video.url_edit, "https://youtu.be/dQw4w9WgXcQ")
    with qtbot.waitSignal(video.rejected, timeout=WAIT_MS):
        qtbot.keyClick(video.url_edit, Qt.Key.Key_Escape)

    text = open_text_dialog(qtbot)
    qtbot.keyClicks(text.html_edit, "<p>x</p>")
    with qtbot.waitSignal(text.rejected, timeout=WAIT_MS):
        qtbot.keyClick(text.title_edit, Qt.Key.Key_Escape)


def test_text_dialog_previews_as_you_type_and_keeps_the_html_exactly(qtbot: QtBot) -> None:
    dialog = open_text_dialog(qtbot)
    assert not dialog.ok_button.isEnabled()  # an empty text item is not allowed

    html = "<h2>Opening hours</h2><p>Mon-Fri <b>9-17</b></p>"
    qtbot.keyClicks(dialog.title_edit, "Hours")
    qtbot.keyClicks(dialog.html_edit, html)

    qtbot.waitUntil(lambda: "Opening hours" in dialog.preview.toPlainText(), timeout=WAIT_MS)
    assert "<" not in dialog.preview.toPlainText()  # rendered, not shown as source
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)

    item = dialog.item()
    assert item.media_type == "TEXT"
    assert item.text is not None and item.text.html == html
    assert item.title == "Hours"


def test_text_dialog_enter_does_nothing_while_the_text_is_empty(qtbot: QtBot) -> None:
    dialog = open_text_dialog(qtbot)
    qtbot.keyClicks(dialog.title_edit, "Only a title")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.reason_label.text()


def test_the_preview_reads_no_file_the_html_names(qtbot: QtBot, tmp_path: Path) -> None:
    picture = tmp_path / "local.png"
    picture.write_bytes(image_bytes(32, 24, "PNG"))
    as_url = QUrl.fromLocalFile(str(picture))
    as_path = QUrl(str(picture))
    html = (
        f'<p>Hi</p><img src="{as_url.toString()}"><img src="{picture}">'
        '<a href="https://example.com">x</a>'
    )

    # A plain QTextBrowser reads the files named in the HTML: the check below can fail.
    plain = QTextBrowser()
    qtbot.addWidget(plain)
    plain.setHtml(html)
    for url in (as_url, as_path):
        found = plain.document().resource(QTextDocument.ResourceType.ImageResource, url)
        assert image_size(found) == (32, 24)

    dialog = open_text_dialog(qtbot)
    qtbot.keyClicks(dialog.html_edit, html)
    qtbot.waitUntil(lambda: "Hi" in dialog.preview.toPlainText(), timeout=WAIT_MS)
    dialog.preview.grab()  # lay out and paint, as the screen would
    for url in (as_url, as_path):
        found = dialog.preview.document().resource(QTextDocument.ResourceType.ImageResource, url)
        assert image_size(found) != (32, 24)
    assert not dialog.preview.openLinks() and not dialog.preview.openExternalLinks()


def image_size(resource: object) -> tuple[int, int] | None:
    """The size of an image resource, whatever form QTextDocument holds it in."""
    if isinstance(resource, QPixmap | QImage):
        return (resource.width(), resource.height())
    if isinstance(resource, QByteArray | bytes):
        image = QImage.fromData(resource)
        return None if image.isNull() else (image.width(), image.height())
    return None


def test_dialog_widgets_have_accessible_names_and_a_sensible_tab_order(qtbot: QtBot) -> None:
    video = open_video_dialog(qtbot)
    widget: QWidget
    for widget in (video.url_edit, video.title_edit, video.description_edit, video.ok_button):
        assert widget.accessibleName()
    assert tab_chain(video.url_edit, 4) == [
        video.url_edit,
        video.title_edit,
        video.description_edit,
        video.ok_button,
    ]

    text = open_text_dialog(qtbot)
    for widget in (text.title_edit, text.html_edit, text.preview, text.ok_button):
        assert widget.accessibleName()
    assert tab_chain(text.title_edit, 3) == [text.title_edit, text.html_edit, text.preview]


def test_the_preview_shows_ordinary_html_whole_without_a_note(qtbot: QtBot) -> None:
    dialog = open_text_dialog(qtbot)
    dialog.html_edit.setPlainText("<p>Closed on <i>Mondays</i></p>")
    assert dialog.preview.shown.complete
    assert dialog.preview.toPlainText() == "Closed on Mondays"


def test_the_preview_of_deeply_nested_html_is_its_words_with_a_note(qtbot: QtBot) -> None:
    # 20,000 nested divs held the window for about ten seconds.
    html = "<p>Spring <b>sale</b></p>" + "<div>" * 20_000 + "deep" + "</div>" * 20_000
    dialog = open_text_dialog(qtbot)
    dialog.html_edit.setPlainText(html)
    preview = dialog.preview
    assert preview.shown.plain
    text = preview.toPlainText()
    assert text.startswith(SafePreview.PLAIN_NOTE) and "Spring sale" in text
    assert dialog.item().text is not None and dialog.item().text.html == html  # kept whole


def test_the_preview_of_five_megabytes_shows_the_beginning_with_a_note(qtbot: QtBot) -> None:
    html = "<p>Once upon a time</p>" + "<p>and then more words</p>" * 200_000
    dialog = open_text_dialog(qtbot)
    dialog.html_edit.setPlainText(html)
    preview = dialog.preview
    assert not preview.shown.complete and not preview.shown.plain
    text = preview.toPlainText()
    assert text.startswith(SafePreview.SHORTENED_NOTE) and "Once upon a time" in text
    assert len(text) < PREVIEW_LIMITS.source_chars
