"""Unit and property tests of galleryman.wix.models: parsing, exact round trip, edits."""

from __future__ import annotations

import copy
import dataclasses
import json
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from galleryman.wix.models import (
    FileDescriptor,
    Gallery,
    Image,
    ImageInfo,
    Item,
    Link,
    ModelError,
    Point,
    Tags,
    Text,
    Video,
    VideoInfo,
    VideoResolution,
)

IMAGE_ID = "11062b_12703ed9a6574547bcaed22b1ce44eef~mv2.jpeg"
IMAGE_URL = "https://static.wixstatic.com/media/" + IMAGE_ID


def assert_round_trip(model: Any, data: dict[str, Any]) -> Any:
    before = copy.deepcopy(data)
    parsed = model.from_json(data)
    assert data == before, "from_json mutated its input"
    out = parsed.to_json()
    assert out == data
    assert json.dumps(out) == json.dumps(data)  # same key order and representations everywhere
    assert parsed.copy().to_json() == data
    return parsed


def image_item_json() -> dict[str, Any]:
    return {
        "id": "a045b201-ee7d-447c-b0c3-746cba83253c",
        "sortOrder": 1644317968.985,
        "title": "Some Title",
        "description": "Some Description",
        "type": "IMAGE",
        "image": {
            "type": "WIX_MEDIA",
            "imageInfo": {"id": IMAGE_ID, "url": IMAGE_URL, "height": 4298, "width": 6446},
            "focalPoint": {"x": 0.5, "y": 0.5},
        },
        "createdDate": "2022-02-08T10:59:29Z",
        "tags": {"values": ["image"]},
    }


# ------------------------------------------------------------------------------- round trip


def test_unknown_fields_at_every_level_survive_parse_edit_write() -> None:
    data = {
        "zTop": {"a": [1, {"b": None}]},
        "id": "i1",
        "sortOrder": 3,
        "link": {"url": "https://a", "zLink": 1, "wixLinkData": {"external": {"url": "u"}}},
        "image": {
            "zImage": True,
            "type": "WIX_MEDIA",
            "imageInfo": {"id": IMAGE_ID, "width": 10, "height": 20, "zInfo": "k"},
            "focalPoint": {"x": 0.1, "y": 0.2, "zPoint": []},
            "exif": {"Artist": "Bob"},
        },
        "video": {
            "zVideo": 1,
            "videoInfo": {
                "zVi": 2,
                "resolutions": [{"url": "r", "zRes": 3}, "odd", None],
                "posters": [{"id": "p", "urlExpirationDate": None, "sizeInBytes": None}],
            },
            "durationInMillis": "5",
        },
        "text": {"html": "<p/>", "zText": {}},
        "tags": {"values": ["a"], "zTags": 0},
        "zLast": None,
    }
    item = assert_round_trip(Item, data)
    assert item.video.video_info.resolutions[0].url == "r"
    assert len(item.video.video_info.resolutions) == 1  # non-objects are skipped...

    item.title = "new"
    item.image.image_info.alt_text = "alt"
    item.image.focal_point.x = 0.9
    item.link.target = "_self"
    item.video.video_info.resolutions[0].quality = "720p"
    item.video.video_info.posters[0].width = 7
    item.text.css = {"width": 1}
    item.tags.values.append("b")
    out = item.to_json()

    expected = copy.deepcopy(data)
    expected["title"] = "new"
    expected["image"]["imageInfo"]["altText"] = "alt"
    expected["image"]["focalPoint"]["x"] = 0.9
    expected["link"]["target"] = "_self"
    expected["video"]["videoInfo"]["resolutions"][0]["quality"] = "720p"  # ...and kept in place
    expected["video"]["videoInfo"]["posters"][0]["width"] = 7
    expected["text"]["css"] = {"width": 1}
    expected["tags"]["values"] = ["a", "b"]
    assert out == expected
    assert json.dumps(out) == json.dumps(expected)


def test_gallery_round_trip_with_unknowns_and_items_presence() -> None:
    with_items = {"id": "g", "items": [image_item_json(), 7], "zGal": {"x": 1}, "totalItems": "2"}
    gallery = assert_round_trip(Gallery, with_items)
    assert gallery.total_items == 2
    assert len(gallery.items) == 1

    without = {"id": "g", "name": "N"}
    gallery = assert_round_trip(Gallery, without)
    assert gallery.items == []
    assert "items" not in gallery.to_json()

    empty = {"id": "g", "items": []}
    assert assert_round_trip(Gallery, empty).to_json()["items"] == []
    assert assert_round_trip(Gallery, {"items": None}).items == []


def test_explicit_nulls_everywhere() -> None:
    keys = ["id", "sortOrder", "title", "description", "link", "image", "video", "text", "tags"]
    data: dict[str, Any] = dict.fromkeys(keys + ["createdDate", "updatedDate", "type"])
    item = assert_round_trip(Item, data)
    assert all(getattr(item, f.name) is None for f in dataclasses.fields(Item) if f.name[0] != "_")
    assert item.media_type == "UNDEFINED"
    item.title = "t"
    assert item.to_json() == {**data, "title": "t"}

    nested = {
        "image": {"type": None, "imageInfo": {"id": None, "width": None, "altText": None}},
        "video": {"videoInfo": {"resolutions": None, "posters": [None]}, "duration": None},
        "tags": {"values": None},
        "link": {"url": None, "wixLinkData": None},
    }
    item = assert_round_trip(Item, nested)
    assert item.image.image_info.id == ""  # protobuf default for the required id
    assert item.video.video_info.resolutions == []
    assert item.video.video_info.posters == []
    assert item.tags.values == []
    file = assert_round_trip(FileDescriptor, {"id": "f", "sizeInBytes": None, "media": None})
    assert file.size_in_bytes is None and file.width is None


def test_numbers_as_strings_and_ints_vs_floats() -> None:
    data = {
        "sortOrder": "1098567432145",
        "image": {"imageInfo": {"id": "x", "width": "4298", "height": 3586.0}, "quality": "90"},
        "video": {"durationInMillis": 1500.0},
    }
    item = assert_round_trip(Item, data)
    assert item.sort_order == 1098567432145.0 and isinstance(item.sort_order, float)
    assert (item.width, item.height) == (4298, 3586)
    assert isinstance(item.width, int) and isinstance(item.height, int)
    assert item.image.quality == 90
    assert item.video.duration_ms == 1500

    item.title = "x"
    assert item.to_json()["sortOrder"] == "1098567432145"  # untouched: stays a string
    item.sort_order = 2.5
    assert item.to_json()["sortOrder"] == 2.5

    gallery = assert_round_trip(Gallery, {"sortOrder": "1098567432145", "totalItems": 3.0})
    assert gallery.sort_order == 1098567432145.0
    assert gallery.total_items == 3

    assert Item.from_json({"sortOrder": 1.64431795e9}).sort_order == 1644317950.0
    assert Item.from_json({"sortOrder": 1642505672333}).sort_order == 1642505672333.0
    assert Item.from_json({"sortOrder": " 12.5 "}).sort_order == 12.5


def test_duration_and_duration_in_millis() -> None:
    video = assert_round_trip(Video, {"type": "WIX_MEDIA", "duration": "20000"})
    assert video.duration_ms == 20000
    assert assert_round_trip(Video, {"duration": 5000}).duration_ms == 5000
    assert assert_round_trip(Video, {"durationInMillis": "7"}).duration_ms == 7
    both = assert_round_trip(Video, {"duration": 1, "durationInMillis": 2})
    assert both.duration_ms == 2
    null_first = assert_round_trip(Video, {"durationInMillis": None, "duration": "3"})
    assert null_first.duration_ms == 3

    video.type = "YOUTUBE"  # another field: duration untouched
    assert video.to_json() == {"type": "YOUTUBE", "duration": "20000"}
    video.duration_ms = 1000  # rewritten in canonical form
    assert video.to_json() == {"type": "YOUTUBE", "durationInMillis": 1000}
    video.duration_ms = None
    assert video.to_json() == {"type": "YOUTUBE"}

    assert Video(type="WIX_MEDIA", duration_ms=5).to_json() == {
        "type": "WIX_MEDIA",
        "durationInMillis": 5,
    }


def test_absent_fields() -> None:
    item = assert_round_trip(Item, {})
    assert item == Item()
    assert (item.width, item.height, item.media_id, item.tag_values) == (None, None, None, [])
    assert assert_round_trip(Image, {}).image_info is None
    assert assert_round_trip(Point, {"y": 0.5}) == Point(0.0, 0.5)  # protobuf omits zeros
    assert assert_round_trip(ImageInfo, {"width": 1}).id == ""
    assert assert_round_trip(Text, {}).html == ""
    assert assert_round_trip(Tags, {}).values == []
    assert assert_round_trip(VideoInfo, {}).posters == []
    assert assert_round_trip(FileDescriptor, {}).operation_status is None


GARBAGE_ITEMS: list[dict[str, Any]] = [
    {"image": {"imageInfo": {"id": "x", "width": "abc", "height": True}}},
    {"image": {"imageInfo": {"id": 5, "width": 1.5, "height": "1e400"}}},
    {"image": {"imageInfo": [], "focalPoint": {"x": "a", "y": [1]}, "exif": "no", "quality": {}}},
    {"image": "not an object", "video": 3, "text": [], "link": "x", "tags": "t"},
    {"video": {"videoInfo": {"resolutions": 5, "posters": "p"}, "duration": "soon"}},
    {"video": {"videoInfo": {"resolutions": [1, "a", {"width": "w"}]}, "durationInMillis": []}},
    {"tags": {"values": [1, 2]}},
    {"tags": {"values": "a"}},
    {"tags": {"tags": ["_legacy"]}},
    {"text": {"html": 5, "css": [1]}},
    {"sortOrder": "abc", "title": 5, "description": [], "type": 1, "createdDate": {}},
    {"sortOrder": True, "id": None},
    {"sortOrder": 10**400},
    {"link": {"url": 1, "target": None, "type": [], "wixLinkData": "x"}},
    {"image": {"imageInfo": "wix:image://v1/"}, "video": {"videoInfo": "wix:video://nope"}},
]


@pytest.mark.parametrize("data", GARBAGE_ITEMS)
def test_garbage_types_are_kept_raw(data: dict[str, Any]) -> None:
    item = assert_round_trip(Item, data)
    repr(item)
    assert item.media_type in ("IMAGE", "VIDEO", "TEXT", "UNDEFINED")
    assert item.width is None or isinstance(item.width, int)
    assert item.sort_order is None or isinstance(item.sort_order, float)
    assert isinstance(item.tag_values, list)
    item.title = "edited"
    assert item.to_json() == {**data, "title": "edited"}


def test_garbage_typed_values() -> None:
    item = Item.from_json(GARBAGE_ITEMS[0])
    assert item.width is None and item.height is None
    item = Item.from_json(GARBAGE_ITEMS[3])
    assert (item.image, item.video, item.text, item.link, item.tags) == (None,) * 5
    item = Item.from_json(GARBAGE_ITEMS[2])
    assert item.image.focal_point == Point(0.0, 0.0)
    assert item.image.exif is None and item.image.quality is None
    gallery = assert_round_trip(Gallery, {"items": 5, "totalItems": "many", "name": 1})
    assert (gallery.items, gallery.total_items, gallery.name) == ([], None, None)
    file = assert_round_trip(FileDescriptor, {"sizeInBytes": "big", "media": {"image": 1}})
    assert file.size_in_bytes is None and file.width is None


@pytest.mark.parametrize("bad", [5, "x", [], None, 1.5])
def test_non_object_raises_model_error(bad: Any) -> None:
    for model in (Item, Gallery, FileDescriptor, Link, Point):
        with pytest.raises(ModelError, match="expected a JSON object"):
            model.from_json(bad)
    assert issubclass(ModelError, ValueError)


def test_from_json_accepts_any_mapping_and_keeps_no_reference_to_input() -> None:
    data = image_item_json()
    item = Item.from_json(MappingProxyType(data))
    assert item.to_json() == data
    data["image"]["imageInfo"]["width"] = 1  # the caller mutates its dict afterwards
    data["tags"]["values"].append("x")
    assert item.width == 6446
    assert item.to_json()["image"]["imageInfo"]["width"] == 6446
    assert item.to_json()["tags"] == {"values": ["image"]}
    out = item.to_json()
    out["image"]["imageInfo"]["width"] = 2  # nor does the output alias the model
    assert item.to_json()["image"]["imageInfo"]["width"] == 6446


# ------------------------------------------------------------------------------- documented shapes


def test_text_item_with_css() -> None:
    css = {
        "backgroundColor": "rgba(232, 230, 230, 0.7)",
        "googleFonts": [],
        "height": 420,
        "textVerticalAlignment": "middle",
        "canvasLayout": "square",
        "ratio": -50,
        "padding": 30,
        "width": 420,
    }
    data = {
        "id": "534264c7-0c61-45ce-b414-891aacadf4c2",
        "sortOrder": 1657439075188,
        "title": "Item 1",
        "type": "TEXT",
        "text": {"html": "<p>woohoo</p>", "css": css, "editorHtml": "<p/>", "editorFontId": "f"},
    }
    item = assert_round_trip(Item, data)
    assert item.media_type == "TEXT"
    assert item.text.html == "<p>woohoo</p>"
    assert item.text.css == css and item.text.css is not css
    assert (item.text.editor_html, item.text.editor_font_id) == ("<p/>", "f")
    assert (item.width, item.height) == (None, None)

    item.text.css["googleFonts"].append("Roboto")
    item.text.css["width"] = 500
    out = item.to_json()
    assert out["text"]["css"] == {**css, "googleFonts": ["Roboto"], "width": 500}
    assert list(out["text"]["css"]) == list(css)
    assert out["text"]["html"] == "<p>woohoo</p>"
    assert css["googleFonts"] == []


def test_link_with_type_and_wix_link_data() -> None:
    data = {
        "type": "INTERNAL",
        "text": "Go",
        "url": "https://www.wix.com/about/us",
        "target": "_blank",
        "wixLinkData": {"page": {"pageId": "abc", "target": "_self"}},
    }
    link = assert_round_trip(Link, data)
    assert (link.type, link.text, link.target) == ("INTERNAL", "Go", "_blank")
    link.url = "https://example.com"
    assert link.to_json() == {**data, "url": "https://example.com"}
    assert list(link.to_json()) == list(data)
    assert Link(url="https://a", target="_blank").to_json() == {
        "url": "https://a",
        "target": "_blank",
    }


def test_velo_string_forms() -> None:
    image_uri = (
        "wix:image://v1/25139f9568b74d8aac6286c9ac1e8186.jpg/flowers.jpg"
        "#originWidth=4000&originHeight=2667"
    )
    video_uri = (
        "wix:video://v1/8b7eef_9c5e/BigBuckBunny.mp4"
        "#posterUri=8b7eef_9c5ef002.jpg&posterWidth=1280&posterHeight=720"
    )
    item = assert_round_trip(Item, {"image": {"imageInfo": image_uri}})
    assert item.media_id == "25139f9568b74d8aac6286c9ac1e8186.jpg"
    assert (item.width, item.height) == (4000, 2667)
    assert item.image.image_info.filename == "flowers.jpg"
    item.image.image_info.alt_text = "Flowers"  # an edit writes the REST object
    assert item.to_json()["image"]["imageInfo"] == {
        "id": "25139f9568b74d8aac6286c9ac1e8186.jpg",
        "width": 4000,
        "height": 2667,
        "altText": "Flowers",
        "filename": "flowers.jpg",
    }

    video = assert_round_trip(Item, {"video": {"type": "WIX_MEDIA", "videoInfo": video_uri}})
    assert video.video.video_info.id == "8b7eef_9c5e"
    assert (video.width, video.height) == (1280, 720)
    vimeo = assert_round_trip(Video, {"type": "VIMEO", "videoInfo": "https://vimeo.com/1"})
    assert vimeo.video_info.url == "https://vimeo.com/1"


# ------------------------------------------------------------------------------- edits


def test_edits_produce_expected_json_and_leave_the_rest_unchanged() -> None:
    data = image_item_json()
    item = Item.from_json(data)

    item.title = "x"
    assert item.to_json() == {**data, "title": "x"}

    item.link = Link(url="https://a", target="_blank")
    assert item.to_json() == {
        **data,
        "title": "x",
        "link": {"url": "https://a", "target": "_blank"},
    }

    item.tags = Tags(["a", "b"])
    expected = {**data, "title": "x", "link": {"url": "https://a", "target": "_blank"}}
    expected["tags"] = {"values": ["a", "b"]}
    assert item.to_json() == expected
    assert list(item.to_json()) == list(data) + ["link"]  # new keys go last, others keep place

    item.image.focal_point = Point(0.2, 0.3)
    expected["image"] = {**data["image"], "focalPoint": {"x": 0.2, "y": 0.3}}
    assert item.to_json() == expected

    item.link = None
    del expected["link"]
    assert item.to_json() == expected
    item.description = None
    del expected["description"]
    assert item.to_json() == expected
    item.tags = None
    del expected["tags"]
    assert item.to_json() == expected


def test_assigning_none_removes_nulls_and_garbage_but_equal_values_keep_their_form() -> None:
    data = {"title": None, "link": "garbage", "sortOrder": "99", "tags": {"values": [1]}, "z": 0}
    item = Item.from_json(data)
    item.title = None
    item.link = None
    item.sort_order = 99.0  # the value parsed: the server's representation is kept
    assert item.to_json() == {"sortOrder": "99", "tags": {"values": [1]}, "z": 0}
    item.tags = Tags([])
    assert item.to_json()["tags"] == {"values": []}

    video = Video.from_json({"durationInMillis": None, "duration": "x"})
    video.duration_ms = None
    assert video.to_json() == {}
    point = Point.from_json({"x": "a", "y": 0.5})
    assert point.x == 0.0
    assert point.to_json() == {"x": "a", "y": 0.5}
    point.x = 0.0  # the fallback value, now assigned on purpose
    assert point.to_json() == {"x": 0.0, "y": 0.5}
    info = ImageInfo.from_json({"id": 5})
    info.id = ""
    assert info.to_json() == {"id": ""}


def test_replacing_media() -> None:
    item = Item.from_json(image_item_json())
    item.image = None
    item.text = Text("<p>hi</p>")
    out = item.to_json()
    assert "image" not in out
    assert out["text"] == {"html": "<p>hi</p>"}
    assert item.media_type == "TEXT"


def test_gallery_item_list_edits() -> None:
    first = image_item_json()
    second = {**image_item_json(), "id": "second", "zUnknown": 1, "sortOrder": "5"}
    data = {"id": "g", "name": "G", "items": [first, "junk", second], "createdDate": "d"}
    gallery = Gallery.from_json(data)

    gallery.items[1].title = "edited in place"
    out = gallery.to_json()
    assert out["items"][1] == "junk"
    assert out["items"][2] == {**second, "title": "edited in place"}

    gallery.items.reverse()  # changing the list rewrites it (junk dropped, items keep raw)
    out = gallery.to_json()
    assert out["items"] == [{**second, "title": "edited in place"}, first]

    gallery.items.append(Item(title="new"))
    assert gallery.to_json()["items"][-1] == {"title": "new"}
    gallery.items = []
    assert gallery.to_json() == {**data, "items": []}


def test_setting_wrong_types_raises_model_error_on_write() -> None:
    item = Item.from_json(image_item_json())
    item.title = 5  # type: ignore[assignment]
    with pytest.raises(ModelError, match="title"):
        item.to_json()
    gallery = Gallery(items=[{"title": "dict, not Item"}])  # type: ignore[list-item]
    with pytest.raises(ModelError, match="items"):
        gallery.to_json()
    with pytest.raises(ModelError, match="sort_order"):
        Item(sort_order=float("nan")).to_json()


# ------------------------------------------------------------------------------- canonical JSON


def test_canonical_json_of_built_objects() -> None:
    item = Item(
        id="i",
        sort_order=1.5,
        title="T",
        description="D",
        link=Link(url="https://a", text="A", target="_self", type="EXTERNAL"),
        image=Image(
            type="WIX_MEDIA",
            image_info=ImageInfo(IMAGE_ID, IMAGE_URL, 6446, 4298, alt_text="alt", filename="f"),
            focal_point=Point(0.5, 0.25),
            exif={"Artist": "A"},
            quality=90,
            unsharp_masking={"amount": 1, "radius": 2, "threshold": 0.5},
        ),
        tags=Tags(["a"]),
        created_date="c",
        updated_date="u",
        type="IMAGE",
    )
    assert item.to_json() == {
        "id": "i",
        "sortOrder": 1.5,
        "title": "T",
        "description": "D",
        "link": {"url": "https://a", "text": "A", "target": "_self", "type": "EXTERNAL"},
        "image": {
            "type": "WIX_MEDIA",
            "imageInfo": {
                "id": IMAGE_ID,
                "url": IMAGE_URL,
                "width": 6446,
                "height": 4298,
                "altText": "alt",
                "filename": "f",
            },
            "focalPoint": {"x": 0.5, "y": 0.25},
            "exif": {"Artist": "A"},
            "quality": 90,
            "unsharpMasking": {"amount": 1, "radius": 2, "threshold": 0.5},
        },
        "tags": {"values": ["a"]},
        "createdDate": "c",
        "updatedDate": "u",
        "type": "IMAGE",
    }
    assert Item.from_json(item.to_json()) == item

    video = Video(
        type="WIX_MEDIA",
        video_info=VideoInfo(
            id="v",
            url="u",
            resolutions=[VideoResolution("r", 854, 480, "mp4", "480p", "f")],
            filename="n",
            posters=[ImageInfo("p", width=1, height=2)],
        ),
        duration_ms=20000,
    )
    assert video.to_json() == {
        "type": "WIX_MEDIA",
        "videoInfo": {
            "id": "v",
            "url": "u",
            "resolutions": [
                {
                    "url": "r",
                    "width": 854,
                    "height": 480,
                    "format": "mp4",
                    "quality": "480p",
                    "filename": "f",
                }
            ],
            "filename": "n",
            "posters": [{"id": "p", "width": 1, "height": 2}],
        },
        "durationInMillis": 20000,
    }
    assert Text("<p/>", css={"ratio": -50}).to_json() == {"html": "<p/>", "css": {"ratio": -50}}
    assert Tags().to_json() == {"values": []}
    assert Item().to_json() == {}
    assert Gallery(name="G").to_json() == {"name": "G"}
    assert Gallery(name="G", sort_order=3, items=[Item(title="a")]).to_json() == {
        "name": "G",
        "sortOrder": 3,
        "items": [{"title": "a"}],
    }
    built = FileDescriptor(id="f", size_in_bytes=12, width=3, height=4, operation_status="READY")
    assert built.to_json() == {
        "id": "f",
        "operationStatus": "READY",
        "sizeInBytes": "12",
        "media": {"image": {"image": {"width": 3, "height": 4}}},
    }


def test_file_descriptor_edits_keep_the_rest() -> None:
    data = {"id": "f", "sizeInBytes": "10", "media": {"image": {"image": {"width": 1}}}, "z": 1}
    file = FileDescriptor.from_json(data)
    file.size_in_bytes = 11
    file.height = 2
    assert file.to_json() == {
        "id": "f",
        "sizeInBytes": "11",
        "media": {"image": {"image": {"width": 1, "height": 2}}},
        "z": 1,
    }
    file.width = None
    assert file.to_json()["media"] == {"image": {"image": {"height": 2}}}
    assert data["media"] == {"image": {"image": {"width": 1}}}


# ------------------------------------------------------------------------------- helpers


def test_image_item_constructor() -> None:
    file = FileDescriptor(
        id=IMAGE_ID, url=IMAGE_URL, display_name="a.jpg", media_type="IMAGE", width=10, height=20
    )
    item = Item.image_item(file, title="T", description="D", alt_text="A", sort_order=7)
    assert item.media_type == "IMAGE"
    assert item.media_id == IMAGE_ID
    assert item.to_json() == {
        "sortOrder": 7,
        "title": "T",
        "description": "D",
        "image": {
            "type": "WIX_MEDIA",
            "imageInfo": {
                "id": IMAGE_ID,
                "url": IMAGE_URL,
                "width": 10,
                "height": 20,
                "altText": "A",
                "filename": "a.jpg",
            },
        },
    }
    with pytest.raises(ValueError, match="no id"):
        Item.image_item(FileDescriptor(width=1, height=1))


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.youtube.com/watch?v=NCtzkaL2t_Y", "YOUTUBE"),
        ("https://youtube.com/watch?v=x", "YOUTUBE"),
        ("https://m.youtube.com/watch?v=x", "YOUTUBE"),
        ("https://youtu.be/NCtzkaL2t_Y", "YOUTUBE"),
        ("http://www.youtube-nocookie.com/embed/x", "YOUTUBE"),
        ("https://vimeo.com/76979871", "VIMEO"),
        ("https://player.vimeo.com/video/76979871", "VIMEO"),
        ("  https://VIMEO.com/1  ", "VIMEO"),
    ],
)
def test_video_item_constructor(url: str, kind: str) -> None:
    item = Item.video_item(url, title="V", sort_order=1)
    assert item.media_type == "VIDEO"
    assert item.to_json() == {
        "sortOrder": 1,
        "title": "V",
        "video": {"type": kind, "videoInfo": {"url": url.strip()}},
    }


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/watch?v=x",
        "https://notyoutube.com/x",
        "https://youtube.com.evil.net/x",
        "ftp://youtube.com/x",
        "youtube.com/watch?v=x",
        "",
        "wix:video://v1/x/y.mp4",
        "http://[::1/x",
    ],
)
def test_video_item_rejects_other_hosts(url: str) -> None:
    with pytest.raises(ValueError, match="YouTube or Vimeo"):
        Item.video_item(url)


def test_text_item_constructor() -> None:
    css = {"backgroundColor": "red"}
    item = Item.text_item("<p>Hi</p>", title="T", css=css)
    assert item.media_type == "TEXT"
    assert item.to_json() == {"title": "T", "text": {"html": "<p>Hi</p>", "css": css}}
    item.text.css["backgroundColor"] = "blue"
    assert css == {"backgroundColor": "red"}
    assert Item.text_item("<b/>").to_json() == {"text": {"html": "<b/>"}}


def test_patch_json() -> None:
    item = Item.from_json({**image_item_json(), "link": {"url": "https://a", "wixLinkData": {}}})
    item.title = "x"
    assert item.patch_json(["title", "link"]) == {
        "title": "x",
        "link": {"url": "https://a", "wixLinkData": {}},
    }
    item.link = None
    item.description = None
    assert item.patch_json(["title", "link", "description"]) == {
        "title": "x",
        "link": None,
        "description": None,
    }
    assert item.patch_json(["sort_order", "sortOrder"]) == {"sortOrder": 1644317968.985}
    assert item.patch_json("title") == {"title": "x"}
    assert item.patch_json([]) == {}
    assert json.loads(json.dumps(item.patch_json(["link"]))) == {"link": None}
    with pytest.raises(ModelError, match="no field 'nope'"):
        item.patch_json(["nope"])
    assert Gallery(name="n").patch_json(["name", "sort_order"]) == {"name": "n", "sortOrder": None}


# ------------------------------------------------------------------------------- copies, repr


def test_parsed_json_is_the_dict_parsed_until_the_model_changes() -> None:
    """What a listing's item keeps as its JSON (`ListedItem.data`): the very dict parsed,
    not a copy, equal to `to_json()`; once a field is assigned, `to_json()`'s rewritten copy,
    and the dict parsed is left as it was."""
    data = {"id": "a", "sortOrder": "7", "title": 7, "unknownKey": {"nested": [1, None]}}
    owned = copy.deepcopy(data)
    item = Item.parse_owned(owned)
    assert item.parsed_json() is owned
    assert item.parsed_json() == item.to_json() == data
    item.title = "New"
    assert item.parsed_json() == {**data, "title": "New"}
    assert owned == data
    assert Item(title="Made here").parsed_json() == {"title": "Made here"}


def test_copy_is_deep_and_round_trips() -> None:
    data = {"id": "g", "items": [image_item_json()], "zUnknown": [1]}
    gallery = Gallery.from_json(data)
    clone = gallery.copy()
    assert clone == gallery and clone is not gallery
    clone.items[0].title = "changed"
    clone.items[0].image.focal_point.x = 0.0
    assert gallery.to_json() == data
    assert clone.to_json()["items"][0]["title"] == "changed"
    assert clone.to_json()["zUnknown"] == [1]

    item = Item.from_json(image_item_json())
    item_copy = item.copy()
    item_copy.tags.values.append("z")
    assert item.tag_values == ["image"]


def test_dataclasses_replace_keeps_what_the_server_sent() -> None:
    data = {**image_item_json(), "zUnknown": {"a": 1}, "sortOrder": "99"}
    item = Item.from_json(data)
    renamed = dataclasses.replace(item, title="Renamed")
    assert renamed.to_json() == {**data, "title": "Renamed"}
    assert item.to_json() == data
    assert renamed != item
    assert dataclasses.replace(item) == item


def test_equality_ignores_representation() -> None:
    assert Item.from_json({"sortOrder": "5"}) == Item.from_json({"sortOrder": 5})
    assert Item.from_json({"title": "a", "z": 1}) == Item(title="a")


def test_repr_is_short() -> None:
    item = Item.from_json(image_item_json())
    assert repr(item) == (
        "Item(id='a045b201-ee7d-447c-b0c3-746cba83253c', type='IMAGE', title='Some Title')"
    )
    assert repr(Item(title="t", type="VIDEO")) == "Item(id=None, type='VIDEO', title='t')"
    gallery = Gallery.from_json({"id": "g", "name": "G", "items": [image_item_json()] * 3})
    assert repr(gallery) == "Gallery(id='g', name='G', items=3)"
    file = FileDescriptor(id="f", media_type="IMAGE", operation_status="PENDING")
    assert repr(file) == "FileDescriptor(id='f', media_type='IMAGE', status='PENDING')"
    assert "_raw" not in repr(Link.from_json({"url": "u", "z": 1}))


def test_media_type_derivation() -> None:
    assert Item(image=Image()).media_type == "IMAGE"
    assert Item(video=Video()).media_type == "VIDEO"
    assert Item(text=Text("")).media_type == "TEXT"
    assert Item(type="VIDEO").media_type == "VIDEO"
    assert Item(type="PHOTO").media_type == "UNDEFINED"
    assert Item(type="IMAGE", text=Text("")).media_type == "TEXT"
    poster_item = Item(video=Video(video_info=VideoInfo(posters=[ImageInfo("p", width=4)])))
    assert (poster_item.width, poster_item.height, poster_item.media_id) == (4, None, None)
    assert Item(image=Image(image_info=ImageInfo(""))).media_id is None


# ------------------------------------------------------------------------------- property test

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
numberish = (
    st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers().map(str)
    | st.floats(allow_nan=False).map(str)
    | st.sampled_from(["1.64431795E9", "1e400", "-0", " 7 ", "0x10", "NaN", "½", "²", "1_000"])
)
stringish = st.text(max_size=10) | st.sampled_from(["", "IMAGE", "VIDEO", "TEXT", "WIX_MEDIA"])


def odd(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the plausible shape, sometimes null or any JSON value at all."""
    return st.one_of(strategy, strategy, st.none(), json_values)


def obj(known: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with any subset of the known keys (odd values) plus unknown keys, in any order."""
    optional = {key: odd(value) for key, value in known.items()}
    unknown = st.dictionaries(
        st.text(max_size=6).filter(lambda k: k not in known), json_values, max_size=2
    )
    pairs = st.tuples(st.fixed_dictionaries({}, optional=optional), unknown)
    return pairs.flatmap(lambda p: st.permutations(list({**p[0], **p[1]}.items())).map(dict))


point_json = obj({"x": numberish, "y": numberish})
image_info_json = obj(
    {k: stringish for k in ("id", "url", "altText", "filename")}
    | {"width": numberish, "height": numberish}
)
velo_image = st.builds(
    lambda i, w, h: f"wix:image://v1/{i}/{i}#originWidth={w}&originHeight={h}",
    st.text(max_size=5),
    st.text(max_size=3),
    st.text(max_size=3),
)
image_json = obj(
    {
        "type": stringish,
        "imageInfo": image_info_json | velo_image,
        "focalPoint": point_json,
        "exif": st.dictionaries(st.text(max_size=5), json_values, max_size=3),
        "quality": numberish,
        "unsharpMasking": st.dictionaries(st.text(max_size=5), numberish, max_size=3),
    }
)
resolution_json = obj(
    {k: stringish for k in ("url", "format", "quality", "filename")}
    | {"width": numberish, "height": numberish}
)
video_info_json = obj(
    {
        "id": stringish,
        "url": stringish,
        "filename": stringish,
        "resolutions": st.lists(odd(resolution_json), max_size=3),
        "posters": st.lists(odd(image_info_json), max_size=3),
    }
)
video_json = obj(
    {
        "type": stringish,
        "videoInfo": video_info_json | st.just("https://vimeo.com/1"),
        "durationInMillis": numberish,
        "duration": numberish,
    }
)
text_json = obj(
    {
        "html": stringish,
        "css": st.dictionaries(st.text(max_size=5), json_values, max_size=4),
        "editorHtml": stringish,
        "editorFontId": stringish,
    }
)
link_json = obj(
    {k: stringish for k in ("url", "text", "target", "type")}
    | {"wixLinkData": st.dictionaries(st.text(max_size=5), json_values, max_size=2)}
)
tags_json = obj(
    {"values": st.lists(st.text(max_size=5), max_size=3), "tags": st.lists(st.text(max_size=5))}
)
item_json = obj(
    {
        "id": stringish,
        "sortOrder": numberish,
        "title": stringish,
        "description": stringish,
        "link": link_json,
        "image": image_json,
        "video": video_json,
        "text": text_json,
        "tags": tags_json,
        "createdDate": stringish,
        "updatedDate": stringish,
        "type": stringish,
    }
)
gallery_json = obj(
    {
        "id": stringish,
        "name": stringish,
        "sortOrder": numberish,
        "totalItems": numberish,
        "items": st.lists(odd(item_json), max_size=3),
        "createdDate": stringish,
    }
)
file_json = obj(
    {
        **{k: stringish for k in ("id", "displayName", "url", "mediaType", "operationStatus")},
        "sizeInBytes": numberish,
        "mimeType": stringish,
        "media": obj({"image": obj({"image": image_info_json})}),
        "hash": stringish,
    }
)

PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def check_item_types(item: Item) -> None:
    repr(item)
    assert item.media_type in ("IMAGE", "VIDEO", "TEXT", "UNDEFINED")
    for value in (item.id, item.title, item.description, item.created_date, item.type):
        assert value is None or isinstance(value, str)
    assert item.sort_order is None or isinstance(item.sort_order, float)
    for value in (item.width, item.height):
        assert value is None or (isinstance(value, int) and not isinstance(value, bool))
    assert all(isinstance(v, str) for v in item.tag_values)
    if item.video is not None:
        assert item.video.duration_ms is None or type(item.video.duration_ms) is int
    if item.image is not None and item.image.focal_point is not None:
        assert isinstance(item.image.focal_point.x, float)


@PROPERTY_SETTINGS
@given(item_json)
def test_property_item_round_trip(data: dict[str, Any]) -> None:
    item = assert_round_trip(Item, data)
    check_item_types(item)
    assert item.patch_json(["title", "link"]) == {
        "title": data.get("title"),
        "link": data.get("link"),
    }


@PROPERTY_SETTINGS
@given(item_json, st.text(max_size=5))
def test_property_item_edit_changes_only_that_field(data: dict[str, Any], title: str) -> None:
    item = Item.from_json(data)
    item.title = title
    assert item.to_json() == {**data, "title": title}
    item.title = None
    assert item.to_json() == {k: v for k, v in data.items() if k != "title"}
    item.link = Link(url="https://a", target="_blank")
    expected = {k: v for k, v in data.items() if k != "title"}
    expected["link"] = {"url": "https://a", "target": "_blank"}
    assert item.to_json() == expected


@PROPERTY_SETTINGS
@given(gallery_json)
def test_property_gallery_round_trip(data: dict[str, Any]) -> None:
    gallery = assert_round_trip(Gallery, data)
    repr(gallery)
    assert all(isinstance(i, Item) for i in gallery.items)
    for item in gallery.items:
        check_item_types(item)
    assert gallery.total_items is None or type(gallery.total_items) is int


@PROPERTY_SETTINGS
@given(file_json)
def test_property_file_descriptor_round_trip(data: dict[str, Any]) -> None:
    file = assert_round_trip(FileDescriptor, data)
    repr(file)
    assert file.size_in_bytes is None or type(file.size_in_bytes) is int
    assert file.width is None or type(file.width) is int


# ------------------------------------------------------------------------------- fast paths


ALL_MODELS = [
    Point,
    ImageInfo,
    VideoResolution,
    VideoInfo,
    Image,
    Video,
    Text,
    Link,
    Tags,
    Item,
    Gallery,
    FileDescriptor,
]


@pytest.mark.parametrize("model", ALL_MODELS)
def test_every_dataclass_field_is_a_json_field(model: Any) -> None:
    # parsing fills the instance dict without calling __init__: no field may be left out
    names = [f.name for f in dataclasses.fields(model) if not f.name.startswith("_")]
    assert names == [f.name for f in model.json_fields]
    parsed = model.from_json({})
    assert all(hasattr(parsed, name) for name in names)


def test_unchanged_to_json_is_an_independent_copy() -> None:
    data = {**image_item_json(), "zUnknown": {"deep": [1, {"x": 2}]}}
    item = Item.from_json(data)
    out = item.to_json()
    assert out == data and json.dumps(out) == json.dumps(data)
    out["image"]["imageInfo"]["width"] = 1
    out["tags"]["values"].append("x")
    out["zUnknown"]["deep"][1]["x"] = 3
    assert item.to_json() == data

    item.tags.values.append("b")  # in-place edits after an unchanged to_json are still seen
    item.image.image_info.width = 7
    expected = copy.deepcopy(data)
    expected["tags"]["values"].append("b")
    expected["image"]["imageInfo"]["width"] = 7
    assert item.to_json() == expected
    assert data == {**image_item_json(), "zUnknown": {"deep": [1, {"x": 2}]}}


def test_reassigning_the_parsed_values_changes_nothing() -> None:
    data = {**image_item_json(), "sortOrder": "12", "description": None}
    item = Item.from_json(data)
    item.title = item.title
    item.sort_order = item.sort_order
    item.image = item.image
    item.tags = item.tags
    assert item.to_json() == data
    item.description = None  # assigned over a null: removed
    assert item.to_json() == {k: v for k, v in data.items() if k != "description"}


def test_shared_input_objects_give_independent_output() -> None:
    shared = image_item_json()
    gallery = Gallery.from_json({"id": "g", "items": [shared, shared]})
    out = gallery.to_json()
    assert out["items"][0] is not out["items"][1]
    out["items"][0]["title"] = "changed"
    assert out["items"][1]["title"] == "Some Title"
    gallery.items[1].title = "second"
    assert [i["title"] for i in gallery.to_json()["items"]] == ["Some Title", "second"]


def test_nested_edits_below_unchanged_parents_and_replace() -> None:
    data = {"id": "g", "items": [image_item_json(), {"video": {"duration": "5", "z": 1}}]}
    gallery = Gallery.from_json(data)
    gallery.items[1].video.duration_ms = 6
    expected = copy.deepcopy(data)
    expected["items"][1]["video"] = {"z": 1, "durationInMillis": 6}
    assert gallery.to_json() == expected

    item = Item.from_json(image_item_json())
    renamed = dataclasses.replace(item, title="R")
    renamed.image.focal_point.y = 0.25  # shared with `item`: seen by both
    assert renamed.to_json()["image"]["focalPoint"] == {"x": 0.5, "y": 0.25}
    assert item.to_json()["image"]["focalPoint"] == {"x": 0.5, "y": 0.25}
    assert renamed.to_json()["title"] == "R" and item.to_json()["title"] == "Some Title"
