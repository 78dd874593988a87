"""The documented Wix example bodies parse, carry the right typed values and round-trip exactly.

The bodies are verbatim copies (see tests/fixtures/wix-examples/PROVENANCE.md).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from galleryman.wix.answers import file_from, gallery_from, item_from
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.models import FileDescriptor, Gallery, Item
from tests.hostile_server import HostileServer, json_reply

FIXTURES = Path(__file__).parent / "fixtures" / "wix-examples"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _webhook_item(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [body["actionEvent"]["body"]["item"]]


# (file, model, how to find the objects in the body)
CASES: list[tuple[str, type[Gallery] | type[Item] | type[FileDescriptor], Any]] = [
    ("get_gallery.response.json", Gallery, lambda b: [b["gallery"]]),
    ("list_galleries.response.json", Gallery, lambda b: b["gallery"]),  # documented odd key
    ("update_gallery.request.json", Gallery, lambda b: [b["gallery"]]),
    ("update_gallery.response.json", Gallery, lambda b: [b["gallery"]]),
    ("create_gallery.request.json", Gallery, lambda b: [b["gallery"]]),  # legacy items
    ("update_gallery_item.request.json", Item, lambda b: [b["item"]]),
    ("update_gallery_item.response.json", Item, lambda b: [b["item"]]),
    ("create_gallery_item.request.json", Item, lambda b: [b["item"]]),
    ("create_gallery_item.response.json", Item, lambda b: [b["item"]]),  # legacy shape
    ("webhook_gallery_item_created.event.json", Item, _webhook_item),
    ("media_get_file_descriptor.response.json", FileDescriptor, lambda b: [b["file"]]),
    ("media_get_file_descriptors.response.json", FileDescriptor, lambda b: b["files"]),
    ("media_import_file.response.json", FileDescriptor, lambda b: [b["file"]]),
    ("media_bulk_import_files.response.json", FileDescriptor, lambda b: b["files"]),
    ("media_upload_put.response.json", FileDescriptor, lambda b: [b["file"]]),
]


# Documented answers that are not models: what a delete answers.
DELETE_ANSWERS = {"delete_gallery.response.json", "delete_gallery_item.response.json"}


def test_every_fixture_is_covered_and_documented() -> None:
    files = {p.name for p in FIXTURES.glob("*.json")}
    assert files == {name for name, _, _ in CASES} | DELETE_ANSWERS
    provenance = (FIXTURES / "PROVENANCE.md").read_text(encoding="utf-8")
    for name in files:
        assert f"`{name}`" in provenance, name
        digest = hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()
        assert re.search(rf"^{digest}  {re.escape(name)}$", provenance, re.M), name


@pytest.mark.parametrize(("name", "model", "pick"), CASES, ids=[c[0] for c in CASES])
def test_example_round_trips_exactly(name: str, model: Any, pick: Any) -> None:
    body = load(name)
    objects = pick(body)
    assert objects
    for original in objects:
        before = copy.deepcopy(original)
        parsed = model.from_json(original)
        assert original == before  # never mutated
        out = parsed.to_json()
        assert out == original
        assert list(out) == list(original)  # key order kept
        assert json.dumps(out) == json.dumps(original)  # same representations, nested order
        again = parsed.copy().to_json()
        assert again == original


def test_get_gallery_typed_values() -> None:
    gallery = Gallery.from_json(load("get_gallery.response.json")["gallery"])
    assert gallery.id == "432c362d-1440-4205-b9cb-35ea11a22682"
    assert gallery.total_items == 3
    assert gallery.name is None
    assert [i.media_type for i in gallery.items] == ["IMAGE", "VIDEO", "VIDEO"]

    image, youtube, wix_video = gallery.items
    assert image.sort_order == 1.64431795e9 == 1644317950.0
    assert image.title == "Some Title"
    assert image.media_id == "11062b_12703ed9a6574547bcaed22b1ce44eef~mv2.jpeg"
    assert (image.width, image.height) == (6446, 4298)
    assert image.image is not None and image.image.type == "WIX_MEDIA"
    assert image.image.image_info is not None and image.image.image_info.alt_text == "Some Alt"
    assert image.tag_values == ["image"]
    assert image.created_date == "2022-02-08T10:59:29Z"

    assert youtube.sort_order == 1642505672333.0
    assert youtube.video is not None and youtube.video.type == "YOUTUBE"
    info = youtube.video.video_info
    assert info is not None
    assert info.url == "https://www.youtube.com/watch?v=NCtzkaL2t_Y&ab_channel=TheBeatlesVEVO"
    assert info.id == ""
    assert info.resolutions[0].format == "Youtube"
    assert info.resolutions[0].quality is None
    assert (info.resolutions[0].width, info.resolutions[0].height) == (0, 0)
    assert (youtube.width, youtube.height) == (1280, 720)  # from the poster
    assert info.posters[0].alt_text is None
    assert youtube.video.duration_ms is None
    assert youtube.media_id is None
    assert youtube.tag_values == []

    assert wix_video.title == "Mountainous Landscape"
    assert wix_video.video is not None
    assert wix_video.video.duration_ms == 20000  # documented as "duration": "20000"
    assert wix_video.video.type == "WIX_MEDIA"
    vinfo = wix_video.video.video_info
    assert vinfo is not None
    assert [r.quality for r in vinfo.resolutions] == ["480p", "720p", "1080p"]
    assert [(r.width, r.height) for r in vinfo.resolutions][-1] == (1920, 1080)
    assert len(vinfo.posters) == 4
    assert (wix_video.width, wix_video.height) == (3840, 2160)


def test_list_galleries_odd_keys() -> None:
    body = load("list_galleries.response.json")
    assert body["totalGalleriesCount"] == 1
    (gallery,) = [Gallery.from_json(g) for g in body["gallery"]]
    assert gallery.id == "e481d9b4-14b9-4a98-ae52-67f4170e3a63"
    assert gallery.total_items == 2
    assert len(gallery.items) == 3  # the documented body has three items under totalItems 2
    assert gallery.created_date == "2020-08-04T10:01:50Z"


def test_update_gallery_item_response() -> None:
    item = Item.from_json(load("update_gallery_item.response.json")["item"])
    assert item.sort_order == 1563813120.0
    assert item.tags is not None and item.tags.values == []
    assert item.tag_values == []
    assert item.updated_date == "2020-08-17T15:13:12Z"
    assert item.image is not None and item.image.focal_point is not None
    assert (item.image.focal_point.x, item.image.focal_point.y) == (0.5, 0.5)
    assert item.to_json()["tags"] == {}


def test_partial_update_bodies() -> None:
    item = Item.from_json(load("update_gallery_item.request.json")["item"])
    assert (item.title, item.description, item.media_type) == (
        "Newly Updated Item1",
        "Describe your image here1.",
        "UNDEFINED",
    )
    gallery = Gallery.from_json(load("update_gallery.request.json")["gallery"])
    assert gallery.name == "Partially Updated Gallery123"
    assert gallery.items == []
    assert "items" not in gallery.to_json()


def test_legacy_shapes_parse_without_losing_anything() -> None:
    legacy = load("create_gallery_item.response.json")["item"]
    item = Item.from_json(legacy)
    assert item.sort_order == 1597671468.749
    assert item.title == "Image by Savannah Rohleder"
    assert item.media_type == "UNDEFINED"  # `dataType: PHOTO` is not the current schema
    assert item.image is None and item.width is None
    assert item.tags is not None and item.tag_values == []  # legacy {"tags": [...]} is kept raw
    item.title = "Renamed"
    out = item.to_json()
    assert out["title"] == "Renamed"
    assert out["tags"] == {"tags": ["_unsplash", "_unsplash_qWBg64lnD5Q"]}
    assert out["mediaUrl"] == legacy["mediaUrl"]
    assert out["photoMetadata"] == {"width": 3265, "height": 4898}

    gallery = Gallery.from_json(load("create_gallery.request.json")["gallery"])
    assert gallery.name == "Simple Gallery"
    assert gallery.total_items == 1
    assert gallery.items[0].sort_order == 1563813116.8060222
    assert gallery.items[0].description == "Describe your image here."


def test_webhook_item() -> None:
    item = Item.from_json(
        load("webhook_gallery_item_created.event.json")["actionEvent"]["body"]["item"]
    )
    assert item.id == "a045b201-ee7d-447c-b0c3-746cba83253c"
    assert item.sort_order == 1644317968.985
    assert item.media_type == "IMAGE"
    assert (item.width, item.height) == (6446, 4298)


def test_file_descriptors() -> None:
    video = FileDescriptor.from_json(load("media_get_file_descriptor.response.json")["file"])
    assert video.size_in_bytes == 5918720
    assert video.to_json()["sizeInBytes"] == "5918720"
    assert video.media_type == "VIDEO"
    assert video.operation_status == "READY"
    assert video.hash == "6f9dad8f467c579269d96fdb4f7c95cd"
    assert video.display_name == "sample-mpg-file.mpg"
    assert (video.width, video.height) == (None, None)  # not an image
    assert video.created_date == "2022-08-21T15:39:09Z"
    assert video.updated_date == "2022-08-21T15:39:21Z"

    files = [
        FileDescriptor.from_json(f)
        for f in load("media_get_file_descriptors.response.json")["files"]
    ]
    assert [f.size_in_bytes for f in files] == [5918720, 5918720]

    pending = FileDescriptor.from_json(load("media_import_file.response.json")["file"])
    assert pending.operation_status == "PENDING"
    assert pending.size_in_bytes == 7108
    assert pending.width is None
    assert pending.mime_type is None

    bulk = [
        FileDescriptor.from_json(f) for f in load("media_bulk_import_files.response.json")["files"]
    ]
    assert [f.media_type for f in bulk] == ["IMAGE", "VIDEO"]
    assert [f.display_name for f in bulk] == ["T-shirt", "Pants"]

    image = FileDescriptor.from_json(load("media_upload_put.response.json")["file"])
    assert image.id == "2acbb8_86485e224dd84143ba2f228777217bb7~mv2.jpeg"
    assert (image.width, image.height) == (370, 226)
    assert image.size_in_bytes == 15359
    assert image.operation_status == "READY"
    assert image.url == "https://static.wixstatic.com/media/" + image.id


def test_image_item_from_uploaded_file() -> None:
    file = FileDescriptor.from_json(load("media_upload_put.response.json")["file"])
    item = Item.image_item(file, title="Upload", alt_text="alt", sort_order=5.5)
    assert item.to_json() == {
        "sortOrder": 5.5,
        "title": "Upload",
        "image": {
            "type": "WIX_MEDIA",
            "imageInfo": {
                "id": "2acbb8_86485e224dd84143ba2f228777217bb7~mv2.jpeg",
                "url": "https://static.wixstatic.com/media/2acbb8_86485e224dd84143ba2f228777217bb7~mv2.jpeg",
                "width": 370,
                "height": 226,
                "altText": "alt",
                "filename": "file.jpg",
            },
        },
    }
    pending = FileDescriptor.from_json(load("media_import_file.response.json")["file"])
    with pytest.raises(ValueError, match="width/height"):
        Item.image_item(pending)
    video = FileDescriptor.from_json(load("media_get_file_descriptor.response.json")["file"])
    with pytest.raises(ValueError, match="not an image"):
        Item.image_item(video)


def test_edit_example_gallery_changes_only_what_was_edited() -> None:
    original = load("get_gallery.response.json")["gallery"]
    gallery = Gallery.from_json(original)
    gallery.items[2].title = "Mountains"
    out = gallery.to_json()
    expected = copy.deepcopy(original)
    expected["items"][2]["title"] = "Mountains"
    assert out == expected
    assert out["items"][2]["video"]["duration"] == "20000"


RESPONSES = [c for c in CASES if ".response." in c[0] or c[0].endswith(".event.json")]


@pytest.mark.parametrize(("name", "model", "pick"), RESPONSES, ids=[c[0] for c in RESPONSES])
def test_documented_answers_pass_the_clients_checks(name: str, model: Any, pick: Any) -> None:
    """The strict reading of answers (no id, a non-finite sortOrder... is an error) accepts
    every documented body, legacy shapes included."""
    read = {Gallery: gallery_from, Item: item_from, FileDescriptor: file_from}[model]
    for original in pick(load(name)):
        assert read(original).to_json() == original


@pytest.mark.parametrize(
    ("fixture", "method", "path", "call"),
    [
        (
            "delete_gallery.response.json",
            "DELETE",
            r"/galleries/[^/]+$",
            lambda c: c.delete_gallery("c68c0dc5-088f-4205-b202-3eef797ea0ab"),
        ),
        (
            "delete_gallery_item.response.json",
            "DELETE",
            r"/items/[^/]+$",
            lambda c: c.delete_item("g", "fa499c86-aee9-11ea-8c85-12879e2400f0"),
        ),
    ],
)
def test_documented_delete_answers_are_success(
    fixture: str, method: str, path: str, call: Any
) -> None:
    with HostileServer() as server:
        server.script(method, path, json_reply(load(fixture)))
        client = WixClient(ApiKeyAuth("k", "s"), server.base_url, rate_limit_per_minute=None)
        with client:
            assert call(client) == next(iter(load(fixture).values()))
            assert client.requests_sent == 1  # the documented answer needs no check
