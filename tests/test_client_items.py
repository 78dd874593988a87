"""Item operations through the real client against the sandbox, checked on the server."""

from __future__ import annotations

import pytest

from galleryman.sandbox.server import SandboxServer
from galleryman.wix.client import WixClient
from galleryman.wix.errors import NotFoundError
from galleryman.wix.models import Item, Link, Tags
from tests.support import image_bytes, make_client


def test_create_image_video_and_text_items(client: WixClient, sandbox: SandboxServer) -> None:
    gallery = client.create_gallery("Mixed")
    data = image_bytes(300, 200)
    file = client.upload_bytes(
        client.generate_upload_url("image/jpeg", "sea.jpg", len(data)),
        data,
        "sea.jpg",
        "image/jpeg",
    )
    image = client.create_item(gallery.id, Item.image_item(file, title="Sea", alt_text="Waves"))
    video = client.create_item(
        gallery.id, Item.video_item("https://www.youtube.com/watch?v=dQw4w9WgXcQ", title="Clip")
    )
    text = client.create_item(gallery.id, Item.text_item("<p>Hello</p>", title="Note"))

    assert (image.media_type, video.media_type, text.media_type) == ("IMAGE", "VIDEO", "TEXT")
    held = sandbox.store.list_items(gallery.id)
    assert [i["title"] for i in held] == ["Sea", "Clip", "Note"]  # new items land last
    assert held[0]["image"]["imageInfo"]["id"] == file.id
    assert held[0]["image"]["imageInfo"]["width"] == 300
    assert held[0]["image"]["imageInfo"]["height"] == 200
    assert held[0]["image"]["imageInfo"]["altText"] == "Waves"
    assert held[1]["video"]["type"] == "YOUTUBE"
    assert held[2]["text"]["html"] == "<p>Hello</p>"
    assert client.get_item(gallery.id, image.id).media_id == file.id


def test_listing_pages_through_250_items_in_sort_order(
    client: WixClient, sandbox: SandboxServer
) -> None:
    gallery = client.create_gallery("Big")
    # Given sortOrders descending with creation, so server insertion order != display order.
    for n in range(250):
        client.create_item(
            gallery.id, Item.text_item("<p>x</p>", title=f"i{n}", sort_order=1e6 - n)
        )
    before = client.requests_sent
    items = client.list_items(gallery.id)
    assert [i.title for i in items] == [f"i{n}" for n in reversed(range(250))]
    assert len({i.id for i in items}) == 250
    # Get Gallery brings the first 100 and the total; then two more pages of 100.
    assert client.requests_sent - before == 3


def test_update_item_fields_and_clear_link(client: WixClient, sandbox: SandboxServer) -> None:
    gallery = client.create_gallery("Edit")
    item = client.create_item(gallery.id, Item.text_item("<p>a</p>", title="Old"))
    updated = client.update_item(
        gallery.id,
        item.id,
        {
            "title": "New",
            "description": "Described",
            "link": Link(url="https://example.com", text="See", target="_blank").to_json(),
            "tags": Tags(["sea", "blue"]).to_json(),
        },
    )
    assert updated.title == "New" and updated.link is not None
    held = sandbox.store.list_items(gallery.id)[0]
    assert held["title"] == "New"
    assert held["description"] == "Described"
    assert held["link"] == {"url": "https://example.com", "text": "See", "target": "_blank"}
    assert held["tags"] == {"values": ["sea", "blue"]}
    assert held["text"]["html"] == "<p>a</p>"  # untouched by a partial update

    client.update_item(gallery.id, item.id, {"link": None})
    assert "link" not in sandbox.store.list_items(gallery.id)[0]


def test_read_modify_write_keeps_unknown_fields(client: WixClient, sandbox: SandboxServer) -> None:
    gallery = client.create_gallery("Keep")
    created = client.create_item(
        gallery.id,
        Item.from_json({"title": "x", "text": {"html": "<p/>"}, "futureField": {"a": 1}}),
    )
    fetched = client.get_item(gallery.id, created.id)
    fetched.title = "y"
    assert fetched.to_json()["futureField"] == {"a": 1}
    client.update_item(gallery.id, created.id, fetched.patch_json(["title"]))
    held = sandbox.store.list_items(gallery.id)[0]
    assert held["title"] == "y" and held["futureField"] == {"a": 1}


def test_delete_and_bulk_delete(client: WixClient, sandbox: SandboxServer) -> None:
    gallery = client.create_gallery("Del")
    ids = [
        client.create_item(gallery.id, Item.text_item("<p/>", title=f"{n}")).id for n in range(5)
    ]
    assert client.delete_item(gallery.id, ids[0]) == ids[0]
    assert sorted(client.bulk_delete_items(gallery.id, ids[1:3])) == sorted(ids[1:3])
    assert [i["id"] for i in sandbox.store.list_items(gallery.id)] == ids[3:]
    assert client.bulk_delete_items(gallery.id, []) == []
    with pytest.raises(NotFoundError) as raised:
        client.get_item(gallery.id, ids[0])
    assert raised.value.code == "NOT_FOUND"


def test_create_without_sort_order_lands_after_millisecond_orders(
    client: WixClient, sandbox: SandboxServer
) -> None:
    gallery = client.create_gallery("Millis")
    client.create_item(gallery.id, Item.text_item("<p/>", title="old", sort_order=1642505672333.0))
    # A client that has never seen this gallery still puts a new item last.
    with make_client(sandbox) as fresh:
        created = fresh.create_item(gallery.id, Item.text_item("<p/>", title="new"))
    assert created.sort_order is not None and created.sort_order > 1642505672333.0
    assert [i["title"] for i in sandbox.store.list_items(gallery.id)] == ["old", "new"]
