"""The editing panels, driven like a user would: typing, Enter, Esc, focus changes, clicks."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PILImage
from PySide6.QtCore import QByteArray, QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QPixmap, QTextDocument
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from galleryman.sandbox.server import SandboxServer
from galleryman.views.commit_fields import human_date
from galleryman.views.focal_point import FocalPointPreview
from galleryman.views.gallery_panel import GalleryPanel
from galleryman.views.item_panel import ItemPanel
from galleryman.wix.client import WixClient
from galleryman.wix.models import Gallery, Item
from tests.gui_helpers import focus, replace_text
from tests.item_samples import documented_items, rich_image_json, text_item_json
from tests.support import image_bytes

Edits = list[tuple[str, dict[str, Any]]]


def pixmap(width: int, height: int) -> QPixmap:
    """A real image made with Pillow, decoded by Qt."""
    result = QPixmap()
    assert result.loadFromData(image_bytes(width, height, "PNG"))
    return result


@pytest.fixture
def panel(qtbot: QtBot) -> tuple[ItemPanel, Edits]:
    widget = ItemPanel()
    qtbot.addWidget(widget)
    widget.resize(420, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
    edits: Edits = []
    widget.edit_committed.connect(lambda item_id, fields: edits.append((item_id, fields)))
    return widget, edits


def rich_image() -> Item:
    return Item.from_json(rich_image_json())


# --------------------------------------------------------------------- committing basics


def test_enter_in_the_title_emits_exactly_one_edit(panel: tuple[ItemPanel, Edits], qtbot: QtBot):
    widget, edits = panel
    item = documented_items()[0]
    widget.show_item(item, pixmap(64, 48))

    replace_text(qtbot, widget.title_edit, "Sunset over the bay")
    assert edits == []  # typing alone sends nothing
    qtbot.keyClick(widget.title_edit, Qt.Key.Key_Return)
    focus(qtbot, widget.tags_edit)  # leaving the field after Enter must not send it again

    assert edits == [(item.id, {"title": "Sunset over the bay"})]


def test_typing_without_committing_emits_nothing(panel: tuple[ItemPanel, Edits], qtbot: QtBot):
    widget, edits = panel
    widget.show_item(documented_items()[0])
    replace_text(qtbot, widget.title_edit, "Half-typed")
    replace_text(qtbot, widget.alt_text_edit, "Also half")
    replace_text(qtbot, widget.description_edit, "Multi\nline")
    assert widget.title_edit.text() == "Half-typed"
    # Only the fields left by focus-out committed; the one still focused has not.
    assert [list(fields) for _, fields in edits] == [["title"], ["image"]]


def test_focus_out_commits_the_description(panel: tuple[ItemPanel, Edits], qtbot: QtBot):
    widget, edits = panel
    item = documented_items()[0]
    widget.show_item(item)
    replace_text(qtbot, widget.description_edit, "Long exposure,\nnorth pier")
    qtbot.keyClick(widget.description_edit, Qt.Key.Key_Return)  # a new line, not a commit
    assert edits == []
    focus(qtbot, widget.title_edit)
    assert edits == [(item.id, {"description": "Long exposure,\nnorth pier\n"})]


def test_ctrl_enter_commits_multi_line_text(panel: tuple[ItemPanel, Edits], qtbot: QtBot):
    widget, edits = panel
    item = documented_items()[0]
    widget.show_item(item)
    replace_text(qtbot, widget.description_edit, "Pier")
    qtbot.keyClick(widget.description_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert edits == [(item.id, {"description": "Pier"})]


def test_escape_reverts_and_sends_nothing(panel: tuple[ItemPanel, Edits], qtbot: QtBot):
    widget, edits = panel
    widget.show_item(documented_items()[0])
    replace_text(qtbot, widget.title_edit, "Oops")
    qtbot.keyClick(widget.title_edit, Qt.Key.Key_Escape)
    assert widget.title_edit.text() == "Some Title"
    qtbot.keyClick(widget.title_edit, Qt.Key.Key_Return)
    replace_text(qtbot, widget.description_edit, "Oops too")
    qtbot.keyClick(widget.description_edit, Qt.Key.Key_Escape)
    assert widget.description_edit.toPlainText() == "Some Description"
    focus(qtbot, widget.title_edit)
    assert edits == []


def test_committing_the_same_value_sends_nothing(panel: tuple[ItemPanel, Edits], qtbot: QtBot):
    widget, edits = panel
    widget.show_item(documented_items()[0])
    replace_text(qtbot, widget.title_edit, "Some Title")
    qtbot.keyClick(widget.title_edit, Qt.Key.Key_Return)
    assert edits == []


def test_changing_a_value_back_before_the_server_answers_is_sent(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot
):
    widget, edits = panel
    item = documented_items()[0]
    widget.show_item(item)
    for title in ("First", "Some Title"):
        replace_text(qtbot, widget.title_edit, title)
        qtbot.keyClick(widget.title_edit, Qt.Key.Key_Return)
    assert [fields for _, fields in edits] == [{"title": "First"}, {"title": "Some Title"}]


# ------------------------------------------------------------------------------------ link


def test_link_url_text_and_target_make_one_complete_link(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot
):
    widget, edits = panel
    item = documented_items()[0]  # no link yet
    widget.show_item(item)
    replace_text(qtbot, widget.link_text_edit, "Buy a print")
    widget.link_target_combo.setCurrentIndex(widget.link_target_combo.findData("_self"))
    replace_text(qtbot, widget.link_url_edit, "https://example.com/prints")
    assert edits == []  # text and target wait for a URL
    qtbot.keyClick(widget.link_url_edit, Qt.Key.Key_Return)
    link = {"url": "https://example.com/prints", "text": "Buy a print", "target": "_self"}
    assert edits == [(item.id, {"link": link})]


def test_a_url_without_a_chosen_target_opens_in_a_new_tab(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot
):
    widget, edits = panel
    widget.show_item(documented_items()[0])
    replace_text(qtbot, widget.link_url_edit, "tel:+441234567890")
    qtbot.keyClick(widget.link_url_edit, Qt.Key.Key_Return)
    assert edits[0][1] == {"link": {"url": "tel:+441234567890", "target": "_blank"}}


def test_changing_the_target_of_an_existing_link_keeps_its_other_keys(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot
):
    widget, edits = panel
    widget.show_item(rich_image())
    focus(qtbot, widget.link_target_combo)
    qtbot.keyClick(widget.link_target_combo, Qt.Key.Key_Up)  # "_self" → "_blank"
    expected = dict(copy.deepcopy(rich_image_json()["link"]), target="_blank")
    assert edits == [(rich_image().id, {"link": expected})]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "example.com", "ftp://example.com/a"])
def test_an_invalid_link_url_shows_an_error_and_sends_nothing(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot, url: str
):
    widget, edits = panel
    widget.show_item(documented_items()[0])
    replace_text(qtbot, widget.link_url_edit, url)
    qtbot.keyClick(widget.link_url_edit, Qt.Key.Key_Return)
    assert edits == []
    assert widget.link_url_error_label.isVisible()
    assert "https://" in widget.link_url_error_label.text()
    # Fixing it clears the error and sends the link.
    replace_text(qtbot, widget.link_url_edit, "https://example.com")
    qtbot.keyClick(widget.link_url_edit, Qt.Key.Key_Return)
    assert not widget.link_url_error_label.isVisible()
    assert len(edits) == 1


def test_clearing_the_url_removes_the_link(panel: tuple[ItemPanel, Edits], qtbot: QtBot):
    widget, edits = panel
    widget.show_item(rich_image())
    replace_text(qtbot, widget.link_url_edit, "")
    qtbot.keyClick(widget.link_url_edit, Qt.Key.Key_Return)
    assert edits == [(rich_image().id, {"link": None})]
    assert widget.link_text_edit.text() == ""


# ------------------------------------------------------------------------- tags, alt text


def test_tags_are_trimmed_deduplicated_and_kept_in_order(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot
):
    widget, edits = panel
    widget.show_item(rich_image())
    assert widget.tags_edit.text() == "_fileOrigin_uploaded, sea"
    replace_text(qtbot, widget.tags_edit, " sea ,dusk,, sea, boats ")
    qtbot.keyClick(widget.tags_edit, Qt.Key.Key_Return)
    assert edits == [
        (rich_image().id, {"tags": {"values": ["sea", "dusk", "boats"], "source": "editor"}})
    ]
    assert widget.tags_edit.text() == "sea, dusk, boats"


def test_alt_text_sends_the_complete_image_with_unknown_keys(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot
):
    widget, edits = panel
    widget.show_item(rich_image(), pixmap(90, 60))
    replace_text(qtbot, widget.alt_text_edit, "Fishing boats moored at dusk")
    qtbot.keyClick(widget.alt_text_edit, Qt.Key.Key_Return)
    expected = copy.deepcopy(rich_image_json()["image"])
    expected["imageInfo"]["altText"] = "Fishing boats moored at dusk"
    assert edits == [(rich_image().id, {"image": expected})]


# --------------------------------------------------------------------------- focal point


def test_clicking_a_letterboxed_image_picks_a_point_on_the_image(qtbot: QtBot) -> None:
    preview = FocalPointPreview()
    qtbot.addWidget(preview)
    preview.setFixedSize(400, 300)
    preview.set_pixmap(pixmap(200, 200))  # square: bars 50 px wide left and right
    preview.show()
    qtbot.waitExposed(preview)
    picked: list[tuple[float, float]] = []
    preview.focal_point_picked.connect(lambda x, y: picked.append((x, y)))

    qtbot.mouseClick(preview, Qt.MouseButton.LeftButton, pos=QPoint(20, 150))  # on a bar
    assert picked == []
    qtbot.mouseClick(preview, Qt.MouseButton.LeftButton, pos=QPoint(125, 225))
    assert picked == [pytest.approx((0.25, 0.75), abs=0.005)]
    assert preview.focal_point() == pytest.approx((0.25, 0.75), abs=0.005)
    assert preview.accessibleName() == "Focal point"


def test_the_keyboard_moves_the_focal_point_and_enter_commits(qtbot: QtBot) -> None:
    preview = FocalPointPreview()
    qtbot.addWidget(preview)
    preview.set_pixmap(pixmap(120, 80))
    preview.set_focal_point((0.5, 0.5))
    picked: list[tuple[float, float]] = []
    preview.focal_point_picked.connect(lambda x, y: picked.append((x, y)))
    qtbot.keyClick(preview, Qt.Key.Key_Right)
    qtbot.keyClick(preview, Qt.Key.Key_Right)
    qtbot.keyClick(preview, Qt.Key.Key_Up)
    assert picked == []  # arrows only move it
    qtbot.keyClick(preview, Qt.Key.Key_Return)
    assert picked == [pytest.approx((0.6, 0.45))]


def test_clicking_the_item_preview_sends_the_focal_point(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot
):
    widget, edits = panel
    widget.show_item(rich_image(), pixmap(300, 200))
    rect = widget.preview.image_rect()
    target = QPoint(round(rect.left() + rect.width() / 2), round(rect.top() + rect.height() / 4))
    qtbot.mouseClick(widget.preview, Qt.MouseButton.LeftButton, pos=target)
    assert len(edits) == 1
    image = edits[0][1]["image"]
    assert image["focalPoint"] == pytest.approx({"x": 0.5, "y": 0.25}, abs=0.01)
    assert image["crop"] == rich_image_json()["image"]["crop"]
    assert widget.focal_label.text() == "x 0.50, y 0.25"


def test_a_refresh_keeps_a_keyboard_move_unless_the_focal_point_changed(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot
):
    widget, edits = panel
    item = rich_image()  # focal point (0.25, 0.75)
    widget.show_item(item, pixmap(300, 200))
    focus(qtbot, widget.preview)
    qtbot.keyClick(widget.preview, Qt.Key.Key_Right)
    qtbot.keyClick(widget.preview, Qt.Key.Key_Right)
    assert widget.preview.focal_point() == pytest.approx((0.35, 0.75))

    # Another change to the same item (here its title) leaves the move alone...
    renamed = rich_image_json()
    renamed["title"] = "Renamed elsewhere"
    widget.refresh_item(Item.from_json(renamed))
    widget.show_item(Item.from_json(renamed))  # a selection refresh of the same item
    assert widget.title_edit.text() == "Renamed elsewhere"
    assert widget.preview.focal_point() == pytest.approx((0.35, 0.75))
    qtbot.keyClick(widget.preview, Qt.Key.Key_Return)
    assert len(edits) == 1
    assert edits[0][1]["image"]["focalPoint"] == pytest.approx({"x": 0.35, "y": 0.75})

    # ...but a new focal point on the server copy replaces it.
    qtbot.keyClick(widget.preview, Qt.Key.Key_Left)
    assert widget.preview.focal_point() == pytest.approx((0.3, 0.75))
    moved = copy.deepcopy(renamed)
    moved["image"]["focalPoint"] = {"x": 0.9, "y": 0.1}
    widget.refresh_item(Item.from_json(moved))
    assert widget.preview.focal_point() == pytest.approx((0.9, 0.1))
    assert widget.focal_label.text() == "x 0.90, y 0.10"
    qtbot.keyClick(widget.preview, Qt.Key.Key_Return)  # nothing pending: nothing sent
    assert len(edits) == 1

    # Another item, even with the same focal point, never inherits a move.
    qtbot.keyClick(widget.preview, Qt.Key.Key_Right)
    other = copy.deepcopy(moved)
    other["id"] = "another-image"
    widget.show_item(Item.from_json(other), pixmap(300, 200))
    assert widget.preview.focal_point() == pytest.approx((0.9, 0.1))
    qtbot.keyClick(widget.preview, Qt.Key.Key_Return)
    assert len(edits) == 1


# ------------------------------------------------------------------------ video and text


def test_video_url_is_validated_and_sent_with_its_type(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot
):
    widget, edits = panel
    youtube = documented_items()[1]
    widget.show_item(youtube)
    assert widget.video_url_edit.isVisible() and not widget.alt_text_edit.isVisible()
    replace_text(qtbot, widget.video_url_edit, "https://example.com/clip.mp4")
    qtbot.keyClick(widget.video_url_edit, Qt.Key.Key_Return)
    assert edits == []
    assert "YouTube or Vimeo" in widget.video_url_error_label.text()

    replace_text(qtbot, widget.video_url_edit, "https://vimeo.com/76979871")
    qtbot.keyClick(widget.video_url_edit, Qt.Key.Key_Return)
    expected = copy.deepcopy(youtube.to_json()["video"])
    expected["type"] = "VIMEO"
    expected["videoInfo"]["url"] = "https://vimeo.com/76979871"
    assert edits == [(youtube.id, {"video": expected})]


def test_text_html_commits_and_previews_safely(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot, tmp_path: Path
):
    widget, edits = panel
    item = Item.from_json(text_item_json())
    widget.show_item(item)
    assert widget.html_edit.isVisible() and not widget.preview.isVisible()
    replace_text(qtbot, widget.html_edit, "<p>Closed on <i>Mondays</i></p>")
    assert "Closed on Mondays" in widget.html_preview.toPlainText()
    qtbot.keyClick(widget.html_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    expected = dict(text_item_json()["text"], html="<p>Closed on <i>Mondays</i></p>")
    assert edits == [(item.id, {"text": expected})]

    # The preview never reads files or follows links, which a plain QTextBrowser would.
    picture = tmp_path / "local.png"
    picture.write_bytes(image_bytes(8, 8, "PNG"))
    url = QUrl.fromLocalFile(str(picture))
    kind = int(QTextDocument.ResourceType.ImageResource.value)
    plain = QTextBrowser()
    try:
        assert plain.loadResource(kind, url) is not None
    finally:
        plain.deleteLater()
    assert image_size(widget.html_preview.loadResource(kind, url)) != (8, 8)
    assert not widget.html_preview.openLinks()
    assert not widget.html_preview.openExternalLinks()


def image_size(resource: object) -> tuple[int, int] | None:
    """The size of an image resource, whatever form Qt holds it in (None: no image)."""
    if isinstance(resource, QPixmap | QImage):
        return None if resource.isNull() else (resource.width(), resource.height())
    if isinstance(resource, QByteArray | bytes):
        image = QImage.fromData(resource)
        return None if image.isNull() else (image.width(), image.height())
    return None


def test_the_text_preview_reads_no_local_file_the_html_names(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot, tmp_path: Path
) -> None:
    widget, _edits = panel
    picture = tmp_path / "secret.png"
    PILImage.new("RGB", (40, 30), (255, 0, 0)).save(picture, "PNG")
    as_url = QUrl.fromLocalFile(str(picture))  # file:///…/secret.png
    as_path = QUrl(str(picture))  # /…/secret.png
    html = f'<p>Hi</p><img src="{as_url.toString()}"><img src="{picture}">'

    # A plain QTextBrowser reads both: the checks below can fail.
    plain = QTextBrowser()
    qtbot.addWidget(plain)
    plain.setHtml(html)
    for url in (as_url, as_path):
        found = plain.document().resource(QTextDocument.ResourceType.ImageResource, url)
        assert image_size(found) == (40, 30)

    data = text_item_json()
    data["text"] = dict(data["text"], html=html)
    widget.show_item(Item.from_json(data))
    preview = widget.html_preview
    assert preview.isVisible() and "Hi" in preview.toPlainText()
    shot = preview.grab().toImage()  # lay out and paint, as the screen would
    for url in (as_url, as_path):
        found = preview.document().resource(QTextDocument.ResourceType.ImageResource, url)
        assert image_size(found) != (40, 30)
    red = [
        (x, y)
        for y in range(0, shot.height(), 2)
        for x in range(0, shot.width(), 2)
        if shot.pixelColor(x, y).getRgb()[:3] == (255, 0, 0)
    ]
    assert not red, "the preview painted the local picture"
    assert not preview.openLinks() and not preview.openExternalLinks()


# ------------------------------------------------------------------- refresh, status, empty


def test_refresh_keeps_the_field_being_edited(panel: tuple[ItemPanel, Edits], qtbot: QtBot):
    widget, edits = panel
    item = documented_items()[0]
    widget.show_item(item)
    replace_text(qtbot, widget.title_edit, "My draft")
    server_copy = item.to_json()
    server_copy.update(title="Renamed elsewhere", description="Updated elsewhere")
    widget.refresh_item(Item.from_json(server_copy))

    assert widget.title_edit.text() == "My draft"  # still being typed
    assert widget.description_edit.toPlainText() == "Updated elsewhere"
    qtbot.keyClick(widget.title_edit, Qt.Key.Key_Return)
    assert edits == [(item.id, {"title": "My draft"})]

    other = documented_items()[1]
    widget.refresh_item(other)  # not the item shown: ignored
    assert widget.current_item_id() == item.id

    # Showing the same item again (a selection refresh) does not clobber typing either.
    replace_text(qtbot, widget.alt_text_edit, "Alt draft")
    widget.show_item(Item.from_json(server_copy))
    assert widget.alt_text_edit.text() == "Alt draft"
    assert widget.title_edit.text() == "Renamed elsewhere"


def test_showing_another_item_commits_what_was_typed(panel: tuple[ItemPanel, Edits], qtbot: QtBot):
    widget, edits = panel
    first, second = documented_items()[:2]
    widget.show_item(first)
    replace_text(qtbot, widget.title_edit, "Typed for the first")
    widget.show_item(second)
    assert edits == [(first.id, {"title": "Typed for the first"})]
    assert widget.title_edit.text() == "Video"


def test_status_line_and_read_only_rows(panel: tuple[ItemPanel, Edits]) -> None:
    widget, _ = panel
    item = rich_image()
    widget.show_item(item)
    assert widget.status.full_text() == ""
    widget.set_status("saving")
    assert widget.status.full_text() == "Saving…"
    widget.set_status("failed", "The server is not answering")
    assert widget.status.full_text() == "Couldn't save: The server is not answering"
    widget.set_status("saved")
    assert widget.status.full_text() == "Saved"
    assert widget.id_label.text() == item.id
    assert widget.media_id_label.text() == "11062b_8f2a3c1d9e7b4a5f8c6d2e1f0a9b8c7d~mv2.jpg"
    assert widget.dimensions_label.text() == "4500 × 3000"
    assert widget.created_label.text() == human_date("2022-03-02T09:13:33.120Z")
    assert "2022" in widget.created_label.text() and "T09" not in widget.created_label.text()
    assert widget.focal_label.text() == "x 0.25, y 0.75"


def test_no_item_shows_the_empty_state(panel: tuple[ItemPanel, Edits]) -> None:
    widget, _ = panel
    widget.show_item(None)
    assert widget.empty_label.isVisible()
    assert widget.empty_label.text() == "Select an item to edit it"
    assert not widget.title_edit.isVisible()


def test_panel_edits_are_accepted_by_the_server(
    panel: tuple[ItemPanel, Edits], qtbot: QtBot, client: WixClient, sandbox: SandboxServer
):
    widget, _ = panel
    gallery = client.create_gallery("Harbour")
    assert gallery.id is not None
    data = image_bytes(160, 90)
    upload = client.generate_upload_url("image/jpeg", "quay.jpg", len(data))
    file = client.upload_bytes(upload, data, "quay.jpg", "image/jpeg")
    item = client.create_item(gallery.id, Item.image_item(file, title="Quay"))
    preview = QPixmap()
    assert preview.loadFromData(data)
    widget.show_item(item, preview)
    widget.edit_committed.connect(
        lambda item_id, fields: widget.refresh_item(client.update_item(gallery.id, item_id, fields))
    )

    replace_text(qtbot, widget.alt_text_edit, "Boats at the quay")
    qtbot.keyClick(widget.alt_text_edit, Qt.Key.Key_Return)
    replace_text(qtbot, widget.link_url_edit, "https://example.com/quay")
    qtbot.keyClick(widget.link_url_edit, Qt.Key.Key_Return)
    rect = widget.preview.image_rect()
    qtbot.mouseClick(
        widget.preview,
        Qt.MouseButton.LeftButton,
        pos=QPoint(round(rect.left() + rect.width() * 0.8), round(rect.center().y())),
    )

    stored = sandbox.store.list_items(gallery.id)[0]
    assert stored["image"]["imageInfo"]["altText"] == "Boats at the quay"
    assert stored["image"]["imageInfo"]["id"] == file.id
    assert stored["image"]["focalPoint"]["x"] == pytest.approx(0.8, abs=0.01)
    assert stored["link"] == {"url": "https://example.com/quay", "target": "_blank"}
    assert widget.updated_label.text() == human_date(stored["updatedDate"])


# --------------------------------------------------------------------------- gallery panel


def documented_gallery() -> Gallery:
    return Gallery.from_json(
        {
            "id": "432c362d-1440-4205-b9cb-35ea11a22682",
            "name": "Harbour prints",
            "sortOrder": 1646212412985,
            "totalItems": 3,
            "createdDate": "2022-01-18T11:34:34Z",
        }
    )


def test_gallery_panel_renames_and_copies_the_id(qtbot: QtBot) -> None:
    widget = GalleryPanel()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    gallery = documented_gallery()
    widget.show_gallery(gallery)
    assert widget.count_label.text() == "3"
    assert widget.created_label.text() == human_date("2022-01-18T11:34:34Z") != "—"
    renames: list[tuple[str, str]] = []
    widget.rename_requested.connect(lambda gid, name: renames.append((gid, name)))

    replace_text(qtbot, widget.name_edit, "   ")
    qtbot.keyClick(widget.name_edit, Qt.Key.Key_Return)
    assert renames == []
    assert widget.name_error_label.isVisible()

    replace_text(qtbot, widget.name_edit, "Harbour prints 2022 ")
    qtbot.keyClick(widget.name_edit, Qt.Key.Key_Return)
    assert renames == [(gallery.id, "Harbour prints 2022")]
    assert not widget.name_error_label.isVisible()

    qtbot.mouseClick(widget.copy_id_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == gallery.id


def test_gallery_panel_empty_state_and_missing_date(qtbot: QtBot) -> None:
    widget = GalleryPanel()
    qtbot.addWidget(widget)
    widget.show()
    widget.show_gallery(None)
    assert widget.empty_label.isVisible() and widget.empty_label.text() == "No gallery selected"
    widget.show_gallery(Gallery.from_json({"id": "g1", "name": "Empty", "totalItems": 0}))
    assert widget.created_label.text() == "—"
    assert widget.name_edit.text() == "Empty"


def test_the_gallery_shown_again_keeps_the_id_the_user_is_selecting(qtbot: QtBot) -> None:
    # The window shows the open gallery again at every burst of a listing's pages: the id
    # being selected to copy lost its selection several times a second.
    widget = GalleryPanel()
    qtbot.addWidget(widget)
    widget.show()
    gallery = documented_gallery()
    widget.show_gallery(gallery)
    widget.id_label.setSelection(2, 6)
    assert widget.id_label.selectedText() == str(gallery.id)[2:8]
    widget.show_gallery(Gallery.from_json(gallery.to_json()))  # a page later: the same copy
    assert widget.id_label.selectedText() == str(gallery.id)[2:8]
    widget.show_gallery(Gallery.from_json({**gallery.to_json(), "id": "another-gallery"}))
    assert widget.id_label.text() == "another-gallery" and widget.id_label.selectedText() == ""


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"id": "i", "type": "IMAGE", "image": {"type": "WIX_MEDIA"}}, "alt_text_edit"),
        ({"id": "v", "type": "VIDEO"}, "video_url_edit"),
        ({"id": "t", "type": "TEXT"}, "html_edit"),
    ],
    ids=["image-without-imageInfo", "video-type-without-video", "text-type-without-text"],
)
def test_a_field_an_edit_cannot_reach_is_not_offered(
    panel: tuple[ItemPanel, Edits], data: dict[str, object], field: str
) -> None:
    # The site sent the item without the object this field edits: typing there would show
    # as saved and send nothing, so the field is not shown at all.
    widget, edits = panel
    widget.show_item(Item.from_json(data))
    assert widget.title_edit.isVisible()
    assert not getattr(widget, field).isVisible()
    widget.show_item(rich_image())
    assert widget.alt_text_edit.isVisible()
    assert edits == []
