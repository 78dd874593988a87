"""Pro Gallery endpoints of the sandbox, over real HTTP on loopback."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from galleryman.sandbox.server import SandboxServer
from tests.sandbox_support import (
    PREFIXES,
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


# -- galleries -------------------------------------------------------------------------------
@pytest.mark.parametrize("prefix", PREFIXES)
def test_gallery_crud_on_both_prefixes(api: httpx.Client, prefix: str) -> None:
    created = make_gallery(api, prefix, name="Holiday")
    assert set(created) == {"id", "name", "sortOrder", "totalItems", "items", "createdDate"}
    assert created["totalItems"] == 0 and created["items"] == []
    assert TIMESTAMP.match(created["createdDate"])
    gid = created["id"]
    got = api.get(f"{prefix}/galleries/{gid}").json()["gallery"]
    assert got == created
    r = api.patch(f"{prefix}/galleries/{gid}", json={"gallery": {"name": "Renamed"}})
    assert r.status_code == 200
    assert r.json()["gallery"]["name"] == "Renamed"
    assert r.json()["gallery"]["sortOrder"] == created["sortOrder"]
    listed = api.get(f"{prefix}/galleries").json()
    assert listed["totalGalleries"] == 1 and listed["galleries"][0]["name"] == "Renamed"
    assert api.delete(f"{prefix}/galleries/{gid}").json() == {"galleryId": gid}
    r = api.get(f"{prefix}/galleries/{gid}")
    assert r.status_code == 404 and app_code(r) == "NOT_FOUND"


def test_gallery_without_name_omits_it_and_gets_increasing_sort_order(
    api: httpx.Client,
) -> None:
    high = make_gallery(api, name="high", sortOrder=10_000_000_000)
    plain = make_gallery(api)
    assert "name" not in plain
    assert plain["sortOrder"] > high["sortOrder"]
    assert isinstance(plain["sortOrder"], float)


def test_galleries_listed_ascending_with_embedded_items(api: httpx.Client, photo: str) -> None:
    for name, order in [("b", 20), ("c", 30), ("a", 10)]:
        gid = make_gallery(api, name=name, sortOrder=order)["id"]
        for i in range(3):
            add_item(api, gid, image(photo, title=f"{name}{i}"))
    body = api.get(f"{P}/galleries", params={"itemLimit": 2}).json()
    assert set(body) == {"galleries", "totalGalleries"}
    assert [g["name"] for g in body["galleries"]] == ["a", "b", "c"]
    for g in body["galleries"]:
        assert g["totalItems"] == 3
        assert [i["title"] for i in g["items"]] == [g["name"] + "0", g["name"] + "1"]


def test_list_galleries_paging_and_limits(api: httpx.Client) -> None:
    for i in range(12):
        make_gallery(api, name=f"g{i:02d}", sortOrder=i + 1)
    first = api.get(f"{P}/galleries").json()
    assert len(first["galleries"]) == 10 and first["totalGalleries"] == 12
    rest = api.get(f"{P}/galleries", params={"offset": 10}).json()
    assert [g["name"] for g in rest["galleries"]] == ["g10", "g11"]
    three = api.get(f"{P}/galleries", params={"limit": 3, "offset": 2}).json()
    assert [g["name"] for g in three["galleries"]] == ["g02", "g03", "g04"]
    cases: list[tuple[dict[str, Any], str]] = [
        ({"limit": 11}, "limit"),
        ({"limit": 0}, "limit"),
        ({"itemLimit": 101}, "itemLimit"),
        ({"itemLimit": 0}, "itemLimit"),
        ({"offset": -1}, "offset"),
        ({"limit": "ten"}, "limit"),
    ]
    for params, field in cases:
        assert field in violations(api.get(f"{P}/galleries", params=params)), params


def test_get_gallery_and_list_items_paging(api: httpx.Client, photo: str) -> None:
    items = [dict(image(photo), title=f"t{i:03d}", sortOrder=i + 1) for i in range(120)]
    gid = api.post(f"{P}/galleries", json={"gallery": {"name": "big", "items": items}})
    gid = gid.json()["gallery"]["id"]
    gallery = api.get(f"{P}/galleries/{gid}").json()["gallery"]
    assert gallery["totalItems"] == 120 and len(gallery["items"]) == 50
    page = api.get(f"{P}/galleries/{gid}", params={"itemOffset": 100, "itemLimit": 100})
    assert [i["title"] for i in page.json()["gallery"]["items"]][:2] == ["t100", "t101"]
    assert len(page.json()["gallery"]["items"]) == 20
    alias = api.get(f"{P}/galleries/{gid}", params={"offset": 5, "limit": 2}).json()
    assert [i["title"] for i in alias["gallery"]["items"]] == ["t005", "t006"]
    listed = api.get(f"{P}/galleries/{gid}/items", params={"itemOffset": 118}).json()
    assert set(listed) == {"items"} and [i["title"] for i in listed["items"]] == ["t118", "t119"]
    assert len(api.get(f"{P}/galleries/{gid}/items").json()["items"]) == 50
    assert "itemLimit" in violations(api.get(f"{P}/galleries/{gid}", params={"itemLimit": 101}))
    assert "limit" in violations(api.get(f"{P}/galleries/{gid}", params={"limit": 0}))
    r = api.get(f"{P}/galleries/{gid}/items", params={"itemLimit": 101})
    assert "itemLimit" in violations(r)


def test_gallery_validation_and_duplicate_sort_order(api: httpx.Client) -> None:
    make_gallery(api, name="one", sortOrder=5)
    r = api.post(f"{P}/galleries", json={"gallery": {"name": "two", "sortOrder": 5}})
    v = violations(r)["gallery.sortOrder"]
    assert v["ruleName"] == "DUPLICATE_SORT_ORDER"
    r = api.post(f"{P}/galleries", json={"gallery": {"name": "x" * 257, "sortOrder": "nan"}})
    assert set(violations(r)) == {"gallery.name", "gallery.sortOrder"}
    other = make_gallery(api, name="other", sortOrder=7.5)
    assert other["sortOrder"] == 7.5
    r = api.patch(f"{P}/galleries/{other['id']}", json={"gallery": {"sortOrder": 5}})
    assert violations(r)["gallery.sortOrder"]["ruleName"] == "DUPLICATE_SORT_ORDER"
    assert len(api.get(f"{P}/galleries").json()["galleries"]) == 2


def test_update_gallery_partial_read_only_and_items(api: httpx.Client, photo: str) -> None:
    g = make_gallery(api, name="Keep", sortOrder=3)
    first = add_item(api, g["id"], image(photo, title="first", sortOrder=1))
    body = {
        "gallery": {
            "id": "ignored", "totalItems": 99, "createdDate": "2000-01-01T00:00:00Z",
            "sortOrder": 4,
            "items": [{"id": first["id"], "title": "patched"}, dict(image(photo), title="new")],
        }
    }  # fmt: skip
    r = api.patch(f"{P}/galleries/{g['id']}", json=body)
    assert r.status_code == 200, r.text
    out = r.json()["gallery"]
    assert out["id"] == g["id"] and out["name"] == "Keep" and out["sortOrder"] == 4
    assert out["createdDate"] == g["createdDate"] and out["totalItems"] == 2
    assert [i["title"] for i in out["items"]] == ["patched", "new"]
    assert out["items"][0]["image"] == first["image"]
    r = api.patch(f"{P}/galleries/{g['id']}", json={"gallery": {"items": [{"id": "nope"}]}})
    assert r.status_code == 404 and app_code(r) == "NOT_FOUND"
    r = api.patch(f"{P}/galleries/{g['id']}", json={"gallery": {"items": [{"title": "no media"}]}})
    assert "gallery.items[0]" in violations(r)
    assert api.patch(f"{P}/galleries/{g['id']}", json={}).status_code == 400
    assert len(api.get(f"{P}/galleries/{g['id']}/items").json()["items"]) == 2


def test_clone_gallery(api: httpx.Client, server: SandboxServer, photo: str) -> None:
    src = make_gallery(api, name="Source", sortOrder=1)
    a = add_item(api, src["id"], image(photo, title="a", sortOrder=30, custom={"keep": [1, 2]}))
    b = add_item(api, src["id"], {"text": {"html": "<p>b</p>"}, "title": "b", "sortOrder": 10})
    time.sleep(0.002)  # make the clone's dates differ from the source's
    r = api.post(f"{P}/galleries", json={"cloneFromGalleryId": src["id"]})
    assert r.status_code == 200, r.text
    clone = r.json()["gallery"]
    assert clone["name"] == "Source" and clone["id"] != src["id"]
    assert clone["sortOrder"] > src["sortOrder"] and clone["totalItems"] == 2
    assert [i["title"] for i in clone["items"]] == ["b", "a"]
    assert {i["id"] for i in clone["items"]}.isdisjoint({a["id"], b["id"]})
    copied_a = clone["items"][1]
    assert copied_a["custom"] == {"keep": [1, 2]} and copied_a["image"] == a["image"]
    assert copied_a["createdDate"] != a["createdDate"]
    r = api.post(
        f"{P}/galleries",
        json={"cloneFromGalleryId": src["id"], "gallery": {"name": "Copy", "sortOrder": 77}},
    )
    named = r.json()["gallery"]
    assert named["name"] == "Copy" and named["sortOrder"] == 77 and named["totalItems"] == 2
    assert len(server.store.list_items(src["id"])) == 2  # the source is untouched
    r = api.post(f"{P}/galleries", json={"cloneFromGalleryId": "missing"})
    assert r.status_code == 404 and app_code(r) == "NOT_FOUND"


def test_create_gallery_with_items(api: httpx.Client, photo: str) -> None:
    items = [dict(image(photo), title="x"), {"text": {"html": "<b>y</b>"}, "title": "y"}]
    r = api.post(f"{P}/galleries", json={"gallery": {"name": "with", "items": items}})
    out = r.json()["gallery"]
    assert [i["type"] for i in out["items"]] == ["IMAGE", "TEXT"]
    assert out["items"][0]["sortOrder"] < out["items"][1]["sortOrder"]
    bad = [
        image(photo),
        {"video": {}},
        dict(image(photo), sortOrder=1),
        dict(image(photo), sortOrder=1),
    ]
    r = api.post(f"{P}/galleries", json={"gallery": {"items": bad}})
    v = violations(r)
    assert "gallery.items[1].video.videoInfo" in v
    r = api.post(f"{P}/galleries", json={"gallery": {"items": bad[2:]}})
    assert violations(r)["gallery.items[1].sortOrder"]["ruleName"] == "DUPLICATE_SORT_ORDER"
    assert api.get(f"{P}/galleries").json()["totalGalleries"] == 1


def test_delete_gallery_removes_items(api: httpx.Client, server: SandboxServer, photo: str) -> None:
    g = make_gallery(api, name="gone")
    add_item(api, g["id"], image(photo))
    assert api.delete(f"{P}/galleries/{g['id']}").json() == {"galleryId": g["id"]}
    assert server.store.list_items(g["id"]) == [] and server.store.get_gallery(g["id"]) is None
    r = api.delete(f"{P}/galleries/{g['id']}")
    assert r.status_code == 404 and app_code(r) == "NOT_FOUND"
