"""Item operations through the real client against the sandbox, checked on the server."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from galleryman.sandbox.behaviour import Behaviour
from galleryman.sandbox.server import SandboxServer
from galleryman.wix.client import WixClient
from galleryman.wix.errors import InvalidValueError, NotFoundError
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


def test_an_explicit_sort_order_costs_one_request(
    client: WixClient, sandbox: SandboxServer
) -> None:
    gallery = client.create_gallery("One")
    with make_client(sandbox) as fresh:
        fresh.create_item(gallery.id, Item.text_item("<p/>", title="placed", sort_order=7.0))
        fresh.remember_largest_sort_order(gallery.id, 7.0)
        told = fresh.create_item(gallery.id, Item.text_item("<p/>", title="told"))
        assert fresh.requests_sent == 2  # no listing for either
    assert told.sort_order is not None and told.sort_order > 7.0


def test_new_sort_orders_stay_distinct_past_2_to_the_53(
    client: WixClient, sandbox: SandboxServer
) -> None:
    gallery = client.create_gallery("Huge orders")
    client.create_item(gallery.id, Item.text_item("<p/>", title="big", sort_order=2.0**53))
    orders = [
        client.create_item(gallery.id, Item.text_item("<p/>", title=f"n{n}")).sort_order
        for n in range(3)
    ]
    assert orders == sorted(orders) and len(set(orders)) == 3
    assert all(o is not None and o > 2.0**53 for o in orders)
    held = sorted(sandbox.store.list_items(gallery.id), key=lambda i: i["sortOrder"])
    assert [i["title"] for i in held] == ["big", "n0", "n1", "n2"]


def test_no_sort_order_left_after_the_largest_double_is_a_sentence(client: WixClient) -> None:
    gallery = client.create_gallery("Full")
    client.create_item(gallery.id, Item.text_item("<p/>", sort_order=sys.float_info.max))
    sent = client.requests_sent
    with pytest.raises(InvalidValueError) as raised:
        client.create_item(gallery.id, Item.text_item("<p/>", title="no room"))
    assert "no sortOrder left" in raised.value.user_message
    assert client.requests_sent == sent  # learned from the first create's answer: no request


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_never_sent(client: WixClient, bad: float) -> None:
    gallery = client.create_gallery("Finite")
    item = client.create_item(gallery.id, Item.text_item("<p/>", title="x"))
    sent = client.requests_sent
    with pytest.raises(ValueError):
        client.create_item(gallery.id, Item.text_item("<p/>", sort_order=bad))
    with pytest.raises(ValueError):
        client.update_item(gallery.id, item.id, {"sortOrder": bad})
    with pytest.raises(ValueError):
        client.update_gallery(gallery.id, {"sortOrder": bad})
    assert client.requests_sent == sent


def test_text_that_is_not_valid_unicode_is_refused_before_sending(client: WixClient) -> None:
    gallery = client.create_gallery("Text")
    item = client.create_item(gallery.id, Item.text_item("<p/>", title="x"))
    sent = client.requests_sent
    with pytest.raises(InvalidValueError) as raised:
        client.update_item(gallery.id, item.id, {"title": "caf\udce9"})
    assert "title" in raised.value.user_message
    assert client.requests_sent == sent


def test_a_create_applied_but_answered_unreadably_is_found_and_a_retry_returns_it(
    client: WixClient, sandbox: SandboxServer
) -> None:
    """The soak failure: created, reported failed, and the Retry refused as a duplicate."""
    gallery = client.create_gallery("Soak")
    sandbox.faults.inject_next("malformed-json", count=1, method="POST", path_contains="/items")
    wanted = Item.text_item("<p/>", title="once", sort_order=42.0)
    created = client.create_item(gallery.id, wanted)
    again = client.create_item(gallery.id, wanted)  # what the app's Retry sends
    held = sandbox.store.list_items(gallery.id)
    assert [i["title"] for i in held] == ["once"]
    assert created.id == again.id == held[0]["id"]


def test_clearing_nested_alt_text(client: WixClient, sandbox: SandboxServer) -> None:
    gallery = client.create_gallery("Alt")
    data = image_bytes(30, 20)
    file = client.upload_data(data, "a.jpg", "image/jpeg")
    item = client.create_item(gallery.id, Item.image_item(file, alt_text="old alt"))
    image = item.to_json()["image"]
    image["imageInfo"]["altText"] = None
    updated = client.update_item(gallery.id, item.id, {"image": image})
    assert updated.image is not None and updated.image.image_info is not None
    assert updated.image.image_info.alt_text is None
    held = sandbox.store.list_items(gallery.id)[0]["image"]["imageInfo"]
    assert "altText" not in held and held["id"] == file.id and held["width"] == 30


# ------------------------------------------------------------------ the Wix-like sandbox


@pytest.fixture
def wix_sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    """The sandbox's `--profile wix`: null leaves a field as it was, uploads start PENDING,
    strict requests (no latency, no rate limit: those are the client's other tests)."""
    behaviour = Behaviour.wix(latency_scale=0.0, rate_limit=None)
    server = SandboxServer(tmp_path / "wix", api_key="k", site_id="s", behaviour=behaviour)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_clearing_reaches_the_state_where_null_changes_nothing(wix_sandbox: SandboxServer) -> None:
    with make_client(wix_sandbox) as client:
        gallery = client.create_gallery("Wix reading")
        file = client.upload_data(image_bytes(30, 20), "a.jpg", "image/jpeg")
        link = Link(url="https://example.com", text="See").to_json()
        item = client.create_item(
            gallery.id, Item.image_item(file, title="t", alt_text="old alt", sort_order=1.0)
        )
        client.update_item(gallery.id, item.id, {"link": link})
        sent = client.requests_sent
        cleared = client.update_item(gallery.id, item.id, {"link": None})
        assert cleared.link is None and client.requests_sent - sent == 2  # null, then {}
        image = cleared.to_json()["image"]
        image["imageInfo"]["altText"] = None
        sent = client.requests_sent
        client.update_item(gallery.id, item.id, {"description": "kept", "image": image})
        assert client.requests_sent - sent == 1  # the empty form, learned above
    held = wix_sandbox.store.list_items(gallery.id)[0]
    assert "link" not in held and "altText" not in held["image"]["imageInfo"]
    assert held["description"] == "kept" and held["image"]["imageInfo"]["id"] == file.id
