"""Pro Gallery item endpoints of the sandbox (and paging/latency), over real HTTP on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from galleryman.sandbox.server import SandboxServer
from tests.sandbox_support import (
    PREFIXES,
    SSL,
    TIMESTAMP,
    P,
    add_item,
    api_fixture,  # noqa: F401  (the api fixture)
    app_code,
    image,
    make_gallery,
    photo_fixture,  # noqa: F401  (the photo fixture)
    server_fixture,  # noqa: F401  (the server fixture)
    violations,
)


# -- items -----------------------------------------------------------------------------------
@pytest.mark.parametrize("prefix", PREFIXES)
def test_item_crud_on_both_prefixes(
    api: httpx.Client, server: SandboxServer, prefix: str, photo: str
) -> None:
    gid = make_gallery(api, prefix)["id"]
    item = add_item(api, gid, image(photo, title="t"), prefix)
    base = f"{prefix}/galleries/{gid}/items"
    assert api.get(f"{base}/{item['id']}").json() == {"item": item}
    r = api.patch(f"{base}/{item['id']}", json={"item": {"description": "d"}})
    assert r.json()["item"]["description"] == "d"
    assert api.get(base).json()["items"][0]["description"] == "d"
    assert api.delete(f"{base}/{item['id']}").json() == {"itemId": item["id"]}
    r = api.get(f"{base}/{item['id']}")
    assert r.status_code == 404 and app_code(r) == "NOT_FOUND"
    other = add_item(api, gid, image(photo), prefix)
    r = api.post(f"{base}/delete", json={"itemIds": [other["id"]]})
    assert r.json() == {"itemIds": [other["id"]]}
    assert server.store.list_items(gid) == []


def test_create_item_sets_read_only_fields_and_keeps_unknown(
    api: httpx.Client, server: SandboxServer, photo: str
) -> None:
    gid = make_gallery(api)["id"]
    sent = {
        "id": "client-id", "type": "VIDEO", "createdDate": "1999-01-01T00:00:00Z",
        "updatedDate": "1999-01-01T00:00:00Z", "title": "Sea",
        "image": {
            "type": "WIX_MEDIA", "focalPoint": {"x": 0.25, "y": 1},
            "imageInfo": {"id": photo, "url": "https://evil.example/x.jpg", "width": "640",
                          "height": 480.0, "altText": "alt"},
        },
        "link": {"url": "https://example.com", "target": "_blank", "wixLinkData": {"k": 1}},
        "tags": {"values": ["a", "b"]}, "secondaryMedia": {"anything": True},
        "nothing": None,
    }  # fmt: skip
    item = add_item(api, gid, sent)
    assert item["id"] != "client-id" and item["type"] == "IMAGE"
    assert TIMESTAMP.match(item["createdDate"]) and item["createdDate"] == item["updatedDate"]
    assert item["createdDate"] != sent["createdDate"]
    info = item["image"]["imageInfo"]
    assert info == {"id": photo, "url": f"{server.base_url}/media/{photo}", "width": 640,
                    "height": 480, "altText": "alt"}  # fmt: skip
    assert item["link"]["wixLinkData"] == {"k": 1} and item["secondaryMedia"] == {"anything": True}
    assert "nothing" not in item
    assert isinstance(item["sortOrder"], float)
    assert server.store.list_items(gid) == [item]


def test_item_types_and_valid_variants(api: httpx.Client, photo: str) -> None:
    gid = make_gallery(api)["id"]
    youtube = {"type": "YOUTUBE", "videoInfo": {"url": "https://youtu.be/abc"}, "duration": "20"}
    vimeo = {"type": "VIMEO", "videoInfo": {"url": "https://vimeo.com/1"}, "durationInMillis": 5}
    wix = {"type": "WIX_MEDIA", "videoInfo": {"id": "v1"}, "duration": 5000}
    assert add_item(api, gid, {"video": youtube})["video"]["duration"] == "20"
    assert add_item(api, gid, {"video": vimeo})["type"] == "VIDEO"
    assert add_item(api, gid, {"video": wix})["video"]["duration"] == 5000
    text = add_item(api, gid, {"text": {"html": "<p>x</p>", "css": {"a": 1}}, "link": {}})
    assert text["type"] == "TEXT"
    q = add_item(api, gid, {"image": dict(image(photo)["image"], quality="90"), "sortOrder": 12.5})
    assert q["image"]["quality"] == 90 and q["sortOrder"] == 12.5


def test_item_validation_reports_every_field(api: httpx.Client) -> None:
    gid = make_gallery(api)["id"]
    bad = {
        "image": {"imageInfo": {"width": 0, "height": "tall"}, "quality": 20,
                  "focalPoint": {"x": 1.5, "y": "0.5"}},
        "sortOrder": "soon", "title": "t" * 1001, "description": "d" * 5001,
        "link": {"target": "_top"}, "tags": {"values": ["ok", 3]},
    }  # fmt: skip
    v = violations(api.post(f"{P}/galleries/{gid}/items", json={"item": bad}))
    assert set(v) == {
        "item.image.imageInfo.id", "item.image.imageInfo.width", "item.image.imageInfo.height",
        "item.image.quality", "item.image.focalPoint.x", "item.image.focalPoint.y",
        "item.sortOrder", "item.title", "item.description", "item.link.target",
        "item.tags.values",
    }  # fmt: skip
    assert v["item.image.imageInfo.id"]["violatedRule"] == "REQUIRED_FIELD"
    assert v["item.title"]["violatedRule"] == "MAX"
    assert api.get(f"{P}/galleries/{gid}/items").json()["items"] == []


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({}, "item"),
        ({"image": {"imageInfo": {"id": "x", "width": 1, "height": 1}}, "text": {"html": "a"}},
         "item"),
        ({"image": {}}, "item.image.imageInfo"),
        ({"image": "x"}, "item.image"),
        ({"video": {"type": "YOUTUBE", "videoInfo": {"url": "https://vimeo.com/1"}}},
         "item.video.videoInfo.url"),
        ({"video": {"type": "VIMEO", "videoInfo": {"url": "ftp://vimeo.com/1"}}},
         "item.video.videoInfo.url"),
        ({"video": {"type": "YOUTUBE", "videoInfo": {}}}, "item.video.videoInfo.url"),
        ({"video": {"type": "FLASH", "videoInfo": {}}}, "item.video.type"),
        ({"video": {"videoInfo": {}, "duration": "long"}}, "item.video.duration"),
        ({"text": {"html": "  "}}, "item.text.html"),
        ({"text": {}}, "item.text.html"),
        ({"text": {"html": "x"}, "sortOrder": "1e999"}, "item.sortOrder"),
    ],
)  # fmt: skip
def test_item_validation_cases(api: httpx.Client, item: Any, field: str) -> None:
    gid = make_gallery(api)["id"]
    r = api.post(f"{P}/galleries/{gid}/items", json={"item": item})
    assert field in violations(r)


def test_new_items_land_last_in_ascending_order(api: httpx.Client, photo: str) -> None:
    gid = make_gallery(api)["id"]
    far = add_item(api, gid, dict(image(photo), title="far", sortOrder=5e12))
    low = add_item(api, gid, dict(image(photo), title="low", sortOrder=-3))
    new = add_item(api, gid, dict(image(photo), title="new"))
    newer = add_item(api, gid, dict(image(photo), title="newer"))
    assert new["sortOrder"] > far["sortOrder"] and newer["sortOrder"] > new["sortOrder"]
    titles = [i["title"] for i in api.get(f"{P}/galleries/{gid}/items").json()["items"]]
    assert titles == ["low", "far", "new", "newer"]
    assert low["sortOrder"] == -3


def test_duplicate_item_sort_order_rejected(api: httpx.Client, photo: str) -> None:
    gid = make_gallery(api)["id"]
    other_gid = make_gallery(api)["id"]
    add_item(api, gid, dict(image(photo), sortOrder=1))
    add_item(api, other_gid, dict(image(photo), sortOrder=1))  # other galleries do not count
    second = add_item(api, gid, dict(image(photo), sortOrder=2))
    r = api.post(f"{P}/galleries/{gid}/items", json={"item": dict(image(photo), sortOrder=1.0)})
    v = violations(r)["item.sortOrder"]
    assert v["ruleName"] == "DUPLICATE_SORT_ORDER" and v["violatedRule"] == "CUSTOM"
    r = api.patch(f"{P}/galleries/{gid}/items/{second['id']}", json={"item": {"sortOrder": 1}})
    assert violations(r)["item.sortOrder"]["ruleName"] == "DUPLICATE_SORT_ORDER"
    same = api.patch(f"{P}/galleries/{gid}/items/{second['id']}", json={"item": {"sortOrder": 2}})
    assert same.status_code == 200


def test_patch_item_deep_merge_and_null_removal(api: httpx.Client, photo: str) -> None:
    gid = make_gallery(api)["id"]
    start = {
        "title": "T", "description": "D", "tags": {"values": ["a", "b"]},
        "image": {"imageInfo": {"id": photo, "width": 10, "height": 20, "altText": "x"},
                  "focalPoint": {"x": 0.1, "y": 0.2}, "exif": {"A": "1", "B": "2"}},
    }  # fmt: skip
    item = add_item(api, gid, start)
    time.sleep(0.002)
    patch = {
        "id": "ignored", "type": "TEXT", "createdDate": "2000-01-01T00:00:00Z",
        "title": None, "tags": {"values": ["c"]},
        "image": {"imageInfo": {"altText": None, "url": "http://x/y"}, "focalPoint": {"x": 0.9},
                  "exif": {"B": None, "C": "3"}},
    }  # fmt: skip
    r = api.patch(f"{P}/galleries/{gid}/items/{item['id']}", json={"item": patch})
    assert r.status_code == 200, r.text
    out = r.json()["item"]
    assert out["id"] == item["id"] and out["type"] == "IMAGE" and "title" not in out
    assert out["description"] == "D" and out["tags"] == {"values": ["c"]}
    assert "altText" not in out["image"]["imageInfo"]
    assert out["image"]["imageInfo"]["url"].endswith(f"/media/{photo}")
    assert out["image"]["focalPoint"] == {"x": 0.9, "y": 0.2}
    assert out["image"]["exif"] == {"A": "1", "C": "3"}
    assert out["createdDate"] == item["createdDate"] and out["updatedDate"] > item["updatedDate"]
    assert out["sortOrder"] == item["sortOrder"]
    r = api.patch(f"{P}/galleries/{gid}/items/{item['id']}", json={"item": {"sortOrder": None}})
    assert r.json()["item"]["sortOrder"] == item["sortOrder"]


def test_patch_item_switching_media_kind(api: httpx.Client, photo: str) -> None:
    gid = make_gallery(api)["id"]
    item = add_item(api, gid, image(photo, title="was image"))
    url = f"{P}/galleries/{gid}/items/{item['id']}"
    out = api.patch(url, json={"item": {"text": {"html": "<p>now text</p>"}}}).json()["item"]
    assert out["type"] == "TEXT" and "image" not in out and out["title"] == "was image"
    r = api.patch(url, json={"item": {"text": None}})
    assert "item" in violations(r)
    r = api.patch(url, json={"item": {"video": {"type": "YOUTUBE", "videoInfo": {"url": "x"}}}})
    assert "item.video.videoInfo.url" in violations(r)
    assert api.get(url).json()["item"]["type"] == "TEXT"
    assert api.patch(url, json={"item": "nope"}).status_code == 400
    assert "item" in violations(api.patch(url, json={}))


def test_bulk_delete_items(api: httpx.Client, photo: str) -> None:
    gid = make_gallery(api)["id"]
    ids = [add_item(api, gid, image(photo))["id"] for _ in range(4)]
    url = f"{P}/galleries/{gid}/items/delete"
    r = api.post(url, json={"itemIds": [ids[0], "unknown", ids[2], ids[0]]})
    assert r.status_code == 200 and r.json() == {"itemIds": [ids[0], ids[2]]}
    assert api.post(url, json={"itemIds": [ids[0], ids[2]]}).json() == {"itemIds": []}
    left = [i["id"] for i in api.get(f"{P}/galleries/{gid}/items").json()["items"]]
    assert left == [ids[1], ids[3]]
    assert violations(api.post(url, json={}))["itemIds"]["violatedRule"] == "REQUIRED_FIELD"
    assert "itemIds" in violations(api.post(url, json={"itemIds": [1, 2]}))
    assert "itemIds" in violations(api.post(url, json={"itemIds": "abc"}))
    r = api.post(f"{P}/galleries/missing/items/delete", json={"itemIds": []})
    assert r.status_code == 404 and app_code(r) == "NOT_FOUND"


def test_not_found_everywhere(api: httpx.Client, photo: str) -> None:
    gid = make_gallery(api)["id"]
    calls = [
        ("GET", f"{P}/galleries/nope", None),
        ("PATCH", f"{P}/galleries/nope", {"gallery": {"name": "x"}}),
        ("DELETE", f"{P}/galleries/nope", None),
        ("GET", f"{P}/galleries/nope/items", None),
        ("POST", f"{P}/galleries/nope/items", {"item": image(photo)}),
        ("GET", f"{P}/galleries/{gid}/items/nope", None),
        ("PATCH", f"{P}/galleries/{gid}/items/nope", {"item": {"title": "x"}}),
        ("DELETE", f"{P}/galleries/{gid}/items/nope", None),
    ]
    for method, url, body in calls:
        r = api.request(method, url, json=body)
        assert r.status_code == 404, (method, url)
        assert app_code(r) == "NOT_FOUND"
        assert r.json()["message"]


def test_malformed_bodies_and_unknown_routes(api: httpx.Client) -> None:
    gid = make_gallery(api)["id"]
    headers = {"Content-Type": "application/json"}
    for content in [b"{not json", b'{"item": NaN}', b"[1, 2]", b"\xff\xfe"]:
        r = api.post(f"{P}/galleries/{gid}/items", content=content, headers=headers)
        assert r.status_code == 400, content
        assert app_code(r) == "INVALID_ARGUMENT"
    r = api.post(f"{P}/galleries/{gid}/items", json={"item": [1]})
    assert "item" in violations(r)
    r = api.get("/pro-gallery/v3/galleries")
    assert r.status_code == 404 and app_code(r) == "NOT_FOUND"
    assert api.get(f"{P}/galleries/{gid}/items/x/y").status_code == 404
    r = api.put(f"{P}/galleries/{gid}", json={})
    assert r.status_code == 405 and set(r.headers["Allow"].split(", ")) == {
        "GET",
        "PATCH",
        "DELETE",
    }
    assert api.post(f"{P}/galleries/{gid}/items/abc").status_code == 405
    assert api.request("HEAD", f"{P}/galleries").status_code == 405


def test_store_helpers_match_served_json(
    api: httpx.Client, server: SandboxServer, photo: str
) -> None:
    g = make_gallery(api, name="Helpers")
    add_item(api, g["id"], image(photo, title="one"))
    add_item(api, g["id"], {"text": {"html": "two"}})
    served = api.get(f"{P}/galleries/{g['id']}").json()["gallery"]
    assert server.store.get_gallery(g["id"]) == served
    assert server.store.list_galleries() == [served]
    assert server.store.list_items(g["id"]) == served["items"]
    assert server.store.get_gallery("missing") is None


def vm_steps(server: SandboxServer, query: Callable[[], object]) -> int:
    """How much work SQLite does for ``query``: its virtual machine steps (in hundreds), a
    deterministic cost measure (the wall time is in bench/bench_sandbox.py)."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    conn = server.store._conn
    conn.set_progress_handler(count, 100)
    try:
        query()
    finally:
        conn.set_progress_handler(None, 0)
    return steps


def test_paging_a_10000_item_gallery_at_any_offset(
    api: httpx.Client, server: SandboxServer, photo: str
) -> None:
    items = [{"text": {"html": f"<p>{i}</p>"}, "sortOrder": i} for i in range(10_000)]
    r = api.post(f"{P}/galleries", json={"gallery": {"name": "huge", "items": items}}, timeout=60)
    gid = r.json()["gallery"]["id"]
    assert r.json()["gallery"]["totalItems"] == 10_000

    def page(offset: int, limit: int = 100) -> list[float]:
        params = {"itemOffset": offset, "itemLimit": limit}
        return [
            i["sortOrder"]
            for i in api.get(f"{P}/galleries/{gid}/items", params=params).json()["items"]
        ]

    for offset in range(0, 10_000, 100):
        assert page(offset) == list(range(offset, offset + 100))
    for offset in (1, 255, 256, 257, 511, 9_999):
        assert page(offset, 7) == list(range(offset, min(offset + 7, 10_000)))
    assert page(10_000) == [] and page(12_345) == []
    # Writes move what later offsets show (nothing stale is remembered).
    third = api.get(f"{P}/galleries/{gid}/items", params={"itemOffset": 3, "itemLimit": 1})
    api.delete(f"{P}/galleries/{gid}/items/{third.json()['items'][0]['id']}")
    assert page(300, 2) == [301, 302]
    add_item(api, gid, image(photo, sortOrder=300.5))
    assert page(299, 3) == [300, 300.5, 301]
    assert api.get(f"{P}/galleries/{gid}").json()["gallery"]["totalItems"] == 10_000
    # A listing's next page is a seek past the last one served: nothing is built for it.
    with server.store.read() as tx:
        first = vm_steps(server, lambda: tx.items(gid, 0, 100))
        following = vm_steps(server, lambda: tx.items(gid, 100, 100))
    assert following <= first + 1
    # Every page costs about the same, at any offset (a plain OFFSET would not).
    with server.store.read() as tx:
        tx.items(gid, 100, 100)  # remembers the positions once
        near = vm_steps(server, lambda: tx.items(gid, 100, 100))
        far = vm_steps(server, lambda: tx.items(gid, 9_800, 100))
        sql = "SELECT doc FROM items WHERE gallery_id = ? ORDER BY sort_order LIMIT 100 OFFSET ?"
        plain = vm_steps(server, lambda: server.store._conn.execute(sql, (gid, 9_800)).fetchall())
    assert far <= 2 * near + 5
    assert plain > 10 * near


def test_listing_walks_stay_exact_when_interleaved_and_across_writes(
    api: httpx.Client, server: SandboxServer
) -> None:
    items = [{"text": {"html": f"<p>{i}</p>"}, "sortOrder": i} for i in range(1_000)]
    r = api.post(f"{P}/galleries", json={"gallery": {"name": "walk", "items": items}}, timeout=60)
    gid = r.json()["gallery"]["id"]

    def page(offset: int, limit: int = 100) -> list[Any]:
        params = {"itemOffset": offset, "itemLimit": limit}
        return api.get(f"{P}/galleries/{gid}/items", params=params).json()["items"]

    # Two walks interleaved, each exact.
    walked: dict[int, list[float]] = {100: [], 75: []}
    for step in range(4):
        for size, orders in walked.items():
            orders += [i["sortOrder"] for i in page(step * size, size)]
    assert walked == {100: list(range(400)), 75: list(range(300))}
    # A write between two pages: the next page shows the gallery as it is now.
    first = page(0)
    api.delete(f"{P}/galleries/{gid}/items/{first[3]['id']}")
    assert [i["sortOrder"] for i in page(100, 2)] == [101, 102]
    fifty = page(49, 1)[0]
    assert fifty["sortOrder"] == 50 and page(200, 1)[0]["sortOrder"] == 201
    api.patch(f"{P}/galleries/{gid}/items/{fifty['id']}", json={"item": {"sortOrder": 1000.5}})
    assert [i["sortOrder"] for i in page(201, 2)] == [203, 204]


def test_requests_on_keep_alive_share_one_connection(
    api: httpx.Client, server: SandboxServer, photo: str
) -> None:
    gid = make_gallery(api)["id"]
    iid = add_item(api, gid, image(photo))["id"]
    url = f"{P}/galleries/{gid}/items/{iid}"
    for _ in range(200):
        assert api.get(url).status_code == 200
    httpd = server._httpd
    assert httpd is not None and len(httpd.connections) == 1  # (per-request time: the bench)


def test_concurrent_creates_get_distinct_sort_orders(
    api: httpx.Client, server: SandboxServer, photo: str
) -> None:
    gid = make_gallery(api)["id"]
    statuses: list[int] = []
    headers = dict(api.headers)

    def worker() -> None:
        with httpx.Client(base_url=server.base_url, headers=headers, verify=SSL) as client:
            for _ in range(10):
                r = client.post(f"{P}/galleries/{gid}/items", json={"item": image(photo)})
                statuses.append(r.status_code)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert statuses == [200] * 60
    orders = [i["sortOrder"] for i in server.store.list_items(gid)]
    assert len(set(orders)) == 60 and orders == sorted(orders)
