"""Bulk edits become the right update_item fields: only for items that change, with nested
objects sent complete (keys the app does not model included), and accepted by the server;
the bulk panel describes the edit the user checked."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from galleryman.core.bulk_edit import (
    BulkEdit,
    apply_fields,
    focal_point_fields,
    html_error,
    html_fields,
    link_fields,
    link_url_error,
    normalized_video_url,
    parse_tags,
    plan_bulk_edit,
    video_url_error,
    video_url_fields,
)
from galleryman.sandbox.server import SandboxServer
from galleryman.views.bulk_panel import BulkEditPanel
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from tests.item_samples import all_items, documented_items, rich_image_json, text_item_json
from tests.support import image_bytes


def plan_dict(items: list[Item], edit: BulkEdit) -> dict[str, dict[str, Any]]:
    return dict(plan_bulk_edit(items, edit))


IMAGE_ID = "a045b201-ee7d-447c-b0c3-746cba83253c"
YOUTUBE_ID = "17c786c6-5d5d-4271-995a-02d007809064"
WIX_VIDEO_ID = "975a57a1-eccd-4e28-aac5-265be4dbb4f8"
RICH_ID = rich_image_json()["id"]
TEXT_ID = text_item_json()["id"]


# ----------------------------------------------------------------------------- scalar fields


def test_title_is_sent_as_is_to_items_whose_title_differs() -> None:
    items = all_items()
    plan = plan_bulk_edit(items, BulkEdit(title="Video"))
    # The YouTube item is already called "Video": no request for it.
    assert [item_id for item_id, _ in plan] == [IMAGE_ID, WIX_VIDEO_ID, RICH_ID, TEXT_ID]
    assert all(fields == {"title": "Video"} for _, fields in plan)


def test_description_only_where_empty_skips_items_that_have_one() -> None:
    plan = plan_dict(all_items(), BulkEdit(description="Shot on film", only_where_empty=True))
    # The rich image has "" and the text item none; the documented three have descriptions.
    assert plan == {
        RICH_ID: {"description": "Shot on film"},
        TEXT_ID: {"description": "Shot on film"},
    }


def test_a_field_left_as_none_is_never_sent() -> None:
    assert plan_bulk_edit(all_items(), BulkEdit()) == []


def test_items_without_an_id_are_skipped() -> None:
    unsaved = Item.text_item("<p>draft</p>", title="Draft")
    assert plan_bulk_edit([unsaved], BulkEdit(title="New")) == []


# ---------------------------------------------------------------------------------- alt text


def test_alt_text_only_changes_images_and_sends_the_complete_image() -> None:
    items = all_items()
    plan = plan_dict(items, BulkEdit(alt_text="Boats in the harbour"))
    assert set(plan) == {IMAGE_ID, RICH_ID}  # videos and text have no alt text

    expected = copy.deepcopy(rich_image_json()["image"])
    expected["imageInfo"]["altText"] = "Boats in the harbour"
    # Unknown keys (crop, urlExpirationDate, sizeInBytes) and the focal point are all kept.
    assert plan[RICH_ID] == {"image": expected}


def test_alt_text_only_where_empty() -> None:
    plan = plan_dict(all_items(), BulkEdit(alt_text="Boats", only_where_empty=True))
    assert set(plan) == {RICH_ID}  # the documented image already says "Some Alt"


def test_alt_text_already_set_is_not_sent_again() -> None:
    assert plan_bulk_edit(documented_items()[:1], BulkEdit(alt_text="Some Alt")) == []


# -------------------------------------------------------------------------------------- tags


def test_tags_replace_sends_the_complete_normalised_tags_object() -> None:
    plan = plan_dict(all_items(), BulkEdit(tags=[" harbour", "sea", "harbour ", ""]))
    assert plan[RICH_ID] == {"tags": {"values": ["harbour", "sea"], "source": "editor"}}
    assert plan[TEXT_ID] == {"tags": {"values": ["harbour", "sea"]}}
    assert plan[IMAGE_ID] == {"tags": {"values": ["harbour", "sea"]}}


def test_tags_replace_only_where_empty_keeps_tagged_items() -> None:
    plan = plan_dict(all_items(), BulkEdit(tags=["sea"], only_where_empty=True))
    assert set(plan) == {YOUTUBE_ID, WIX_VIDEO_ID, TEXT_ID}


def test_tags_add_keeps_existing_tags_and_ignores_only_where_empty() -> None:
    edit = BulkEdit(tags=["sea", "dusk"], tags_mode="add", only_where_empty=True)
    plan = plan_dict(all_items(), edit)
    assert plan[IMAGE_ID] == {"tags": {"values": ["image", "sea", "dusk"]}}
    assert plan[RICH_ID] == {
        "tags": {"values": ["_fileOrigin_uploaded", "sea", "dusk"], "source": "editor"}
    }
    assert plan[TEXT_ID] == {"tags": {"values": ["sea", "dusk"]}}


def test_tags_add_excludes_items_that_already_have_them() -> None:
    edit = BulkEdit(tags=["sea"], tags_mode="add")
    assert RICH_ID not in plan_dict(all_items(), edit)


def test_parse_tags_trims_drops_empties_and_duplicates_in_order() -> None:
    assert parse_tags(" b, a ,, b,c , a") == ["b", "a", "c"]
    assert parse_tags("") == []


# -------------------------------------------------------------------------------------- link


def test_link_sets_a_complete_link_with_a_default_target() -> None:
    edit = BulkEdit(link_url="https://example.org/shop", link_text="Buy a print")
    plan = plan_dict(all_items(), edit)
    new = {"url": "https://example.org/shop", "text": "Buy a print", "target": "_blank"}
    assert plan[IMAGE_ID] == {"link": new}
    # An existing link keeps its other keys (type, wixLinkData) and its own target.
    existing = copy.deepcopy(rich_image_json()["link"])
    existing.update(url="https://example.org/shop", text="Buy a print")
    assert plan[RICH_ID] == {"link": existing}


def test_link_target_applies_and_only_where_empty_skips_linked_items() -> None:
    edit = BulkEdit(link_url="mailto:hello@example.com", link_target="_self", only_where_empty=True)
    plan = plan_dict(all_items(), edit)
    assert RICH_ID not in plan
    assert plan[TEXT_ID] == {"link": {"url": "mailto:hello@example.com", "target": "_self"}}


def test_an_empty_link_url_removes_links_where_there_are_any() -> None:
    assert plan_dict(all_items(), BulkEdit(link_url="")) == {RICH_ID: {"link": None}}


def test_bulk_edit_rejects_incomplete_or_invalid_link_fields() -> None:
    with pytest.raises(ValueError, match="need a link URL"):
        BulkEdit(link_text="Shop")
    with pytest.raises(ValueError, match="https://"):
        BulkEdit(link_url="javascript:alert(1)")
    with pytest.raises(ValueError, match="target"):
        BulkEdit(link_url="https://example.com", link_target="_top")
    with pytest.raises(ValueError, match="mode"):
        BulkEdit(tags=["a"], tags_mode="merge")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/a?b=1", True),
        ("http://example.com", True),
        ("mailto:someone@example.com", True),
        ("tel:+441234567890", True),
        ("example.com", False),
        ("javascript:alert(1)", False),
        ("ftp://example.com/file", False),
        ("https://", False),
        ("mailto:", False),
        ("http://[::1", False),
    ],
)
def test_link_url_validation(url: str, ok: bool) -> None:
    assert (link_url_error(url) is None) is ok


@pytest.mark.parametrize("url", ["http://[::1", "https://[example.com/a", "http://a]b/"])
def test_a_url_that_cannot_be_parsed_is_an_error_not_a_crash(url: str) -> None:
    assert link_url_error(url) == "Not a valid web address"
    with pytest.raises(ValueError, match="Not a valid web address"):
        BulkEdit(link_url=url)
    with pytest.raises(ValueError, match="Not a valid web address"):
        link_fields(Item.from_json(rich_image_json()), url)
    assert video_url_error(url) is not None


# --------------------------------------------------------------------- single-item builders


def test_link_text_can_change_on_a_link_whose_own_url_we_would_not_accept() -> None:
    item = Item.from_json({"id": "x", "link": {"type": "INTERNAL", "url": "/about"}})
    assert link_fields(item, "/about", "About us") == {
        "link": {"type": "INTERNAL", "url": "/about", "text": "About us", "target": "_blank"}
    }
    with pytest.raises(ValueError):
        link_fields(item, "/contact")


def test_video_url_sends_the_complete_video_with_the_matching_type() -> None:
    youtube = documented_items()[1]
    fields = video_url_fields(youtube, " https://vimeo.com/76979871 ")
    assert fields is not None
    assert fields["video"]["type"] == "VIMEO"
    assert fields["video"]["videoInfo"]["url"] == "https://vimeo.com/76979871"
    assert (
        fields["video"]["videoInfo"]["posters"]
        == youtube.to_json()["video"]["videoInfo"]["posters"]
    )
    with pytest.raises(ValueError):
        video_url_fields(youtube, "https://example.com/clip.mp4")
    same = "https://www.youtube.com/watch?v=NCtzkaL2t_Y&ab_channel=TheBeatlesVEVO"
    assert video_url_fields(youtube, same) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("youtu.be/abcdefghijk", "https://youtu.be/abcdefghijk"),
        (" www.youtube.com/watch?v=abcdefghijk ", "https://www.youtube.com/watch?v=abcdefghijk"),
        ("vimeo.com/76979871", "https://vimeo.com/76979871"),
        ("http://vimeo.com/76979871", "http://vimeo.com/76979871"),
    ],
)
def test_a_video_url_without_a_scheme_is_stored_with_https(typed: str, stored: str) -> None:
    """As the Add Video dialog stores it: the server wants an http(s) URL."""
    youtube = documented_items()[1]
    assert video_url_error(typed) is None
    fields = video_url_fields(youtube, typed)
    assert fields is not None
    assert fields["video"]["videoInfo"]["url"] == stored
    assert normalized_video_url(typed) == stored
    assert video_url_fields(apply_fields(youtube, fields), typed) is None  # already stored


def test_empty_html_is_an_error() -> None:
    item = Item.from_json(text_item_json())
    for blank in ("", "  \n\t"):
        assert html_error(blank) is not None
        with pytest.raises(ValueError):
            html_fields(item, blank)
    assert html_error("<p/>") is None


def test_html_keeps_the_text_objects_other_keys() -> None:
    item = Item.from_json(text_item_json())
    fields = html_fields(item, "<p>Closed on Mondays</p>")
    expected = dict(text_item_json()["text"], html="<p>Closed on Mondays</p>")
    assert fields == {"text": expected}
    assert html_fields(item, text_item_json()["text"]["html"]) is None


def test_focal_point_is_clamped_and_sent_in_the_complete_image() -> None:
    item = Item.from_json(rich_image_json())
    fields = focal_point_fields(item, 1.3, 0.123456)
    expected = copy.deepcopy(rich_image_json()["image"])
    expected["focalPoint"] = {"x": 1.0, "y": 0.1235}
    assert fields == {"image": expected}
    assert focal_point_fields(item, 0.25, 0.75) is None


def test_apply_fields_shows_what_the_server_will_hold() -> None:
    item = Item.from_json(rich_image_json())
    after = apply_fields(item, {"title": "Quay", "link": None})
    assert (after.title, after.link) == ("Quay", None)
    assert after.to_json()["image"] == rich_image_json()["image"]


# ----------------------------------------------------------------- against the real server


def test_a_planned_bulk_edit_is_accepted_by_the_server(
    client: WixClient, sandbox: SandboxServer
) -> None:
    gallery = client.create_gallery("Harbour")
    assert gallery.id is not None
    data = image_bytes(120, 80)
    upload = client.generate_upload_url("image/jpeg", "quay.jpg", len(data))
    file = client.upload_bytes(upload, data, "quay.jpg", "image/jpeg")
    image = client.create_item(gallery.id, Item.image_item(file, title="Quay", alt_text="Quay"))
    bare = client.create_item(gallery.id, Item.image_item(file, title="Boats"))
    note = client.create_item(gallery.id, Item.text_item("<p>Hi</p>", title="Note"))
    edit = BulkEdit(
        alt_text="Fishing boats",
        tags=["harbour", "boats"],
        tags_mode="add",
        link_url="https://example.com/prints",
        only_where_empty=True,
    )

    plan = plan_bulk_edit([image, bare, note], edit)
    for item_id, fields in plan:
        client.update_item(gallery.id, item_id, fields)

    stored = {doc["id"]: doc for doc in sandbox.store.list_items(gallery.id)}
    assert stored[image.id]["image"]["imageInfo"]["altText"] == "Quay"  # it had one
    assert stored[bare.id]["image"]["imageInfo"]["altText"] == "Fishing boats"
    assert stored[bare.id]["image"]["imageInfo"]["id"] == file.id
    assert "image" not in stored[note.id]
    for item_id in (image.id, bare.id, note.id):
        assert stored[item_id]["tags"]["values"] == ["harbour", "boats"]
        assert stored[item_id]["link"]["url"] == "https://example.com/prints"
        assert stored[item_id]["link"]["target"] == "_blank"
    # Planning the same edit against the server's copies finds nothing left to do.
    fresh = client.list_items(gallery.id)
    assert plan_bulk_edit(fresh, edit) == []


# ------------------------------------------------------------------------- the bulk panel


def test_bulk_panel_builds_the_edit_from_the_checked_fields(qtbot: QtBot) -> None:
    widget = BulkEditPanel()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_items(documented_items())
    assert widget.count_label.text() == "3 items selected"
    assert not widget.apply_button.isEnabled()
    assert not widget.title_edit.isEnabled()

    widget.title_check.setChecked(True)
    widget.title_edit.setText("Harbour")
    widget.tags_check.setChecked(True)
    widget.tags_edit.setText(" sea, boats,sea ")
    widget.tags_add.setChecked(True)
    widget.only_empty_check.setChecked(True)
    widget.description_edit.setPlainText("not checked, not sent")
    assert widget.apply_button.isEnabled()
    with qtbot.waitSignal(widget.bulk_edit_requested, timeout=1000) as blocker:
        qtbot.mouseClick(widget.apply_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [
        BulkEdit(title="Harbour", tags=["sea", "boats"], tags_mode="add", only_where_empty=True)
    ]

    widget.title_check.setChecked(False)
    widget.tags_check.setChecked(False)
    assert not widget.apply_button.isEnabled()


def test_bulk_panel_link_is_validated_before_it_is_sent(qtbot: QtBot) -> None:
    widget = BulkEditPanel()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_items([Item.from_json(rich_image_json())])
    assert widget.count_label.text() == "1 item selected"
    sent: list[object] = []
    widget.bulk_edit_requested.connect(sent.append)
    widget.link_check.setChecked(True)
    url_field: QLineEdit = widget.link_url_edit
    url_field.setText("www.example.com")
    qtbot.mouseClick(widget.apply_button, Qt.MouseButton.LeftButton)
    assert sent == []
    assert widget.link_error_label.isVisible()

    url_field.setText("https://example.com/shop")
    widget.link_text_edit.setText("Shop")
    widget.link_target_combo.setCurrentIndex(widget.link_target_combo.findData("_self"))
    qtbot.mouseClick(widget.apply_button, Qt.MouseButton.LeftButton)
    assert sent == [
        BulkEdit(link_url="https://example.com/shop", link_text="Shop", link_target="_self")
    ]
    widget.set_status("failed", "1 of 1 items not saved")
    assert widget.status.full_text() == "Couldn't save: 1 of 1 items not saved"


def test_bulk_panel_shows_a_url_that_cannot_be_parsed_as_an_error(qtbot: QtBot) -> None:
    widget = BulkEditPanel()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_items(documented_items())
    sent: list[object] = []
    widget.bulk_edit_requested.connect(sent.append)
    widget.link_check.setChecked(True)
    widget.link_url_edit.setText("http://[::1")
    qtbot.mouseClick(widget.apply_button, Qt.MouseButton.LeftButton)
    assert sent == []
    assert widget.link_error_label.isVisible()
    assert widget.link_error_label.text() == "Not a valid web address"


def test_only_where_empty_counts_whitespace_as_empty() -> None:
    # A title or alt text of spaces shows nothing on the site: "only where empty" fills it.
    # (Decided and documented in the README's "Using the app".)
    spaces, real = Item.from_json(rich_image_json()), Item.from_json(rich_image_json())
    spaces.id, real.id = "a", "b"
    spaces.title, real.title = "   ", "Harbour"
    assert spaces.image is not None and spaces.image.image_info is not None
    spaces.image.image_info.alt_text = " \t"
    plan = plan_dict(
        [spaces, real], BulkEdit(title="Pier", alt_text="Gulls", only_where_empty=True)
    )
    assert plan["a"]["title"] == "Pier"
    assert plan["a"]["image"]["imageInfo"]["altText"] == "Gulls"
    assert "title" not in plan.get("b", {})
