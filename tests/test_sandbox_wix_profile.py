"""The sandbox behaving like the real Wix service (``--profile wix`` and its parts).

Nothing here waits on wall-clock time: latency is recorded by an injected sleep, the rate
limiter reads an injected clock, asynchronous media is held and released by the test, and
request interleavings come from gates.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from galleryman.sandbox.behaviour import LATENCY_CAP, Behaviour, Latency
from galleryman.sandbox.cli import behaviour_from, build_parser
from galleryman.sandbox.processing import MediaProcessing
from galleryman.sandbox.server import SandboxServer
from tests.sandbox_support import SSL, P, auth_headers, image, upload_photo

M = "/site-media/v1"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Sleeps:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def serve(tmp_path: Path, behaviour: Behaviour) -> tuple[SandboxServer, httpx.Client]:
    server = SandboxServer(tmp_path / "sandbox", behaviour=behaviour)
    server.start()
    client = httpx.Client(base_url=server.base_url, headers=auth_headers(server), verify=SSL)
    return server, client


@pytest.fixture
def wix(tmp_path: Path) -> Iterator[tuple[SandboxServer, httpx.Client]]:
    """The full wix profile with no latency and no rate limit (tests of other parts)."""
    server, client = serve(tmp_path, Behaviour.wix(latency_scale=0, rate_limit=None))
    try:
        yield server, client
    finally:
        client.close()
        server.stop()


def png(size: tuple[int, int] = (30, 20)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(buf, "PNG")
    return buf.getvalue()


def upload(client: httpx.Client, data: bytes) -> Any:
    url = client.post(f"{M}/files/generate-upload-url", json={"mimeType": "image/png"})
    r = httpx.put(url.json()["uploadUrl"], content=data)
    assert r.status_code == 200, r.text
    return r.json()["file"]


# -- profile and options ---------------------------------------------------------------------
def test_the_wix_profile_and_each_option() -> None:
    parse = build_parser().parse_args
    assert behaviour_from(parse([])) == Behaviour()
    wix = behaviour_from(parse(["--profile", "wix"]))
    assert wix == Behaviour.wix()
    assert (wix.latency_scale, wix.rate_limit, wix.async_media, wix.strict) == (1, 200, True, True)
    assert wix.null_clears is False
    assert behaviour_from(parse(["--profile", "wix", "--null-clears"])).null_clears is True
    tuned = behaviour_from(
        parse(["--profile", "wix", "--latency-scale", "0", "--rate-limit", "0", "--no-strict"])
    )
    assert (tuned.latency_scale, tuned.rate_limit, tuned.strict) == (0, None, False)
    alone = behaviour_from(parse(["--async-media", "--rate-limit", "7", "--seed", "3"]))
    assert alone == Behaviour(async_media=True, rate_limit=7, seed=3)
    with pytest.raises(ValueError):
        behaviour_from(parse(["--rate-limit", "-1"]))
    with pytest.raises(ValueError):
        Behaviour(latency_scale=-1)


def test_cli_with_profile_wix_and_a_small_rate_limit(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "galleryman", "sandbox", "--port", "0", "--data-dir",
            str(tmp_path), "--profile", "wix", "--latency-scale", "0",
            "--rate-limit", "2"]  # fmt: skip
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        try:
            assert proc.stdout is not None and proc.stderr is not None
            words = proc.stdout.readline().decode().split()
            fields = dict(w.split("=", 1) for w in words if "=" in w)
            headers = {"Authorization": fields["api-key"], "wix-site-id": fields["site-id"]}
            with httpx.Client(base_url=words[2], headers=headers) as client:
                first = client.get(f"{P}/galleries")
                assert first.status_code == 200 and first.json() == {"totalGalleries": 0}
                assert client.get(f"{P}/galleries").status_code == 200
                third = client.get(f"{P}/galleries")
                assert third.status_code == 429 and int(third.headers["Retry-After"]) >= 1
            assert b"async media" in proc.stderr.readline()
        finally:
            proc.terminate()
            proc.wait(30)


# -- latency ---------------------------------------------------------------------------------
def test_latency_distribution_is_seeded_and_scaled() -> None:
    one = Latency(Behaviour(latency_scale=1, seed=5))
    samples = [one.sample() for _ in range(20_000)]
    again = Latency(Behaviour(latency_scale=1, seed=5))
    assert [again.sample() for _ in range(100)] == samples[:100]
    assert 0.13 <= statistics.median(samples) <= 0.17
    assert 0.6 <= statistics.quantiles(samples, n=100)[98] <= LATENCY_CAP
    assert max(samples) <= LATENCY_CAP
    half = Latency(Behaviour(latency_scale=0.5, seed=5))
    assert [half.sample() for _ in range(100)] == [s / 2 for s in samples[:100]]
    assert Latency(Behaviour(latency_scale=0)).sample() == 0.0


def test_each_api_request_waits_its_latency(tmp_path: Path) -> None:
    sleeps = Sleeps()
    behaviour = Behaviour(latency_scale=0.01, seed=9, sleep=sleeps)
    server, client = serve(tmp_path, behaviour)
    try:
        photo = upload_photo(server)  # in-process: no latency
        assert sleeps.calls == []
        for _ in range(10):
            assert client.get(f"{P}/galleries").status_code == 200
        client.get(f"/media/{photo}")  # the media host (a CDN) adds none
        expected = Latency(Behaviour(latency_scale=0.01, seed=9))
        assert sleeps.calls == [expected.sample() for _ in range(10)]
    finally:
        client.close()
        server.stop()


# -- rate limit ------------------------------------------------------------------------------
def test_rate_limit_rolls_over_a_minute(tmp_path: Path) -> None:
    clock = Clock()
    server, client = serve(tmp_path, Behaviour(rate_limit=3, clock=clock))
    try:
        photo = upload_photo(server)
        for _ in range(3):  # at 1000, 1001 and 1002
            assert client.get(f"{P}/galleries").status_code == 200
            clock.now += 1
        clock.now = 1020
        refused = client.get(f"{P}/galleries")
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "40"
        error = refused.json()
        assert error["details"]["applicationError"]["code"] == "RESOURCE_EXHAUSTED"
        assert error["message"]
        # Not counted: refused requests, failed authentication, media, uploads.
        assert httpx.get(f"{server.base_url}{P}/galleries").status_code == 401
        assert client.get(f"/media/{photo}").status_code == 200
        clock.now = 1059.5
        assert client.get(f"{P}/galleries").headers["Retry-After"] == "1"
        clock.now = 1060  # 60 s after the first request: its slot frees, only its
        assert client.get(f"{P}/galleries").status_code == 200
        assert client.get(f"{P}/galleries").headers["Retry-After"] == "1"
        clock.now = 1120
        assert [client.get(f"{P}/galleries").status_code for _ in range(4)] == [200] * 3 + [429]
        assert server.rate_limiter is not None and server.rate_limiter.used() == 3
    finally:
        client.close()
        server.stop()


def test_rate_limit_counts_every_api_endpoint(tmp_path: Path) -> None:
    clock = Clock()
    server, client = serve(tmp_path, Behaviour(rate_limit=2, clock=clock))
    try:
        assert client.post(f"{P}/galleries", json={"gallery": {}}).status_code == 200
        r = client.post(f"{M}/files/generate-upload-url", json={"mimeType": "image/png"})
        assert r.status_code == 200
        assert client.post(f"{M}/files/get-files", json={"fileIds": []}).status_code == 429
        assert httpx.put(r.json()["uploadUrl"], content=png()).status_code == 200
    finally:
        client.close()
        server.stop()


# -- asynchronous media ----------------------------------------------------------------------
def test_upload_is_pending_until_processing_finishes(
    wix: tuple[SandboxServer, httpx.Client],
) -> None:
    server, client = wix
    processing = server.processing
    assert processing is not None
    gid = client.post(f"{P}/galleries", json={"gallery": {}}).json()["gallery"]["id"]
    with processing.hold():
        file = upload(client, png((30, 20)))
        assert file["operationStatus"] == "PENDING" and "media" not in file
        for r in (
            client.get(f"{M}/files/{file['id']}"),
            client.get(f"{M}/files/get-file-by-id", params={"fileId": file["id"]}),
        ):
            assert r.json()["file"]["operationStatus"] == "PENDING"
        assert client.get(f"/media/{file['id']}").status_code == 404
        item = {"item": image(file["id"])}
        r = client.post(f"{P}/galleries/{gid}/items", json=item)
        violation = r.json()["details"]["validationError"]["fieldViolations"][0]
        assert r.status_code == 400 and violation["field"] == "item.image.imageInfo.id"
        assert violation["ruleName"] == "FILE_NOT_READY"
        r = client.patch(f"{P}/galleries/{gid}", json={"gallery": {"items": [image(file["id"])]}})
        assert r.status_code == 400
        assert processing.pending == 1
    assert processing.wait_idle(30)
    ready = client.get(f"{M}/files/{file['id']}").json()["file"]
    assert ready["operationStatus"] == "READY"
    assert ready["media"]["image"]["image"]["width"] == 30
    assert client.post(f"{P}/galleries/{gid}/items", json=item).status_code == 200
    assert client.get(f"/media/{file['id']}").status_code == 200


def test_files_can_be_made_to_fail(wix: tuple[SandboxServer, httpx.Client]) -> None:
    server, client = wix
    processing = server.processing
    assert processing is not None
    gid = client.post(f"{P}/galleries", json={"gallery": {}}).json()["gallery"]["id"]
    with processing.hold():
        processing.fail_next()
        first, second, third = (upload(client, png()) for _ in range(3))
        processing.fail(third["id"])
    assert processing.wait_idle(30)
    statuses = [
        client.get(f"{M}/files/{f['id']}").json()["file"]["operationStatus"]
        for f in (first, second, third)
    ]
    assert statuses == ["FAILED", "READY", "FAILED"]
    r = client.post(f"{P}/galleries/{gid}/items", json={"item": image(first["id"])})
    violation = r.json()["details"]["validationError"]["fieldViolations"][0]
    assert violation["ruleName"] == "FILE_FAILED"
    assert not (server.data_dir / "media" / first["id"]).exists()


def test_some_pending_answers_show_the_size_early(wix: tuple[SandboxServer, httpx.Client]) -> None:
    server, client = wix
    assert server.processing is not None
    with server.processing.hold():
        files = [upload(client, png()) for _ in range(8)]
    shown = ["media" in f for f in files]
    assert shown == [False, False, False, True] * 2
    assert all(f["operationStatus"] == "PENDING" for f in files)


def test_processing_delay_grows_with_size(tmp_path: Path) -> None:
    server = SandboxServer(tmp_path)
    try:
        processing = MediaProcessing(server.store, tmp_path, latency_scale=1.0)
        assert processing.delay_for(0) == 0.5
        assert processing.delay_for(3_000_000) == pytest.approx(3.5)
        scaled = MediaProcessing(server.store, tmp_path, 0.01)
        assert scaled.delay_for(3_000_000) == pytest.approx(0.035)
    finally:
        server.stop()


def test_import_is_pending_then_ready(wix: tuple[SandboxServer, httpx.Client]) -> None:
    server, client = wix
    assert server.processing is not None
    source = upload(client, png((12, 8)))
    assert server.processing.wait_idle(30)
    with server.processing.hold():
        r = client.post(f"{M}/files/import", json={"url": source["url"], "mimeType": "image/png"})
        pending = r.json()["file"]
        assert pending["operationStatus"] == "PENDING" and "media" not in pending
        server.media.join_imports(30)  # fetched; still processing
        assert server.processing.pending == 1
    assert server.processing.wait_idle(30)
    file = client.get(f"{M}/files/{pending['id']}").json()["file"]
    assert file["operationStatus"] == "READY" and file["media"]["image"]["image"]["height"] == 8


def test_default_profile_refuses_unknown_media_too(tmp_path: Path) -> None:
    server, client = serve(tmp_path, Behaviour())
    try:
        gid = client.post(f"{P}/galleries", json={"gallery": {}}).json()["gallery"]["id"]
        missing = "abcdef_0123456789abcdef0123456789abcdef~mv2.jpg"
        r = client.post(f"{P}/galleries/{gid}/items", json={"item": image(missing)})
        assert r.json()["details"]["validationError"]["fieldViolations"][0]["ruleName"] == (
            "FILE_NOT_FOUND"
        )
        assert upload(client, png())["operationStatus"] == "READY"  # uploads stay synchronous
    finally:
        client.close()
        server.stop()


# -- strict requests -------------------------------------------------------------------------
def test_strict_drops_unknown_fields_and_empty_lists(
    wix: tuple[SandboxServer, httpx.Client],
) -> None:
    server, client = wix
    photo = upload_photo(server)
    r = client.post(f"{P}/galleries", json={"gallery": {"name": "g", "color": "red"}})
    gallery = r.json()["gallery"]
    assert "color" not in gallery and "items" not in gallery and gallery["totalItems"] == 0
    assert "items" not in client.get(f"{P}/galleries/{gallery['id']}").json()["gallery"]
    assert client.get(f"{P}/galleries/{gallery['id']}/items").json() == {}
    sent = image(
        photo,
        title="t",
        secondaryMedia={"x": 1},
        tags={"values": []},
        link={"url": "https://example.com", "wixLinkData": {"external": {"url": "x"}}, "z": 1},
    )
    sent["image"].update(crop={"x": 0}, exif={"Any": "thing"})
    item = client.post(f"{P}/galleries/{gallery['id']}/items", json={"item": sent}).json()["item"]
    assert "secondaryMedia" not in item and "crop" not in item["image"]
    assert item["image"]["exif"] == {"Any": "thing"}  # a free-form struct is kept whole
    assert item["link"] == {"url": "https://example.com", "wixLinkData": {"external": {"url": "x"}}}
    assert item["tags"] == {}
    url = f"{P}/galleries/{gallery['id']}/items/{item['id']}"
    patched = client.patch(url, json={"item": {"extra": 1, "image": {"focalPoint": {"q": 1}}}})
    assert "extra" not in patched.json()["item"]
    assert "focalPoint" not in patched.json()["item"]["image"]  # unknown keys inside too
    stored = server.store.list_items(gallery["id"])[0]
    assert "extra" not in stored and "secondaryMedia" not in stored
    file = client.get(f"{M}/files/{photo}").json()["file"]
    assert "labels" not in file


def test_strict_lists_galleries_in_creation_order(wix: tuple[SandboxServer, httpx.Client]) -> None:
    _, client = wix
    for name, order in [("first", 30), ("second", 10), ("third", 20)]:
        client.post(f"{P}/galleries", json={"gallery": {"name": name, "sortOrder": order}})
    listed = client.get(f"{P}/galleries").json()["galleries"]
    assert [g["name"] for g in listed] == ["first", "second", "third"]
    page = client.get(f"{P}/galleries", params={"offset": 1, "limit": 1}).json()["galleries"]
    assert [g["name"] for g in page] == ["second"]


def test_default_profile_lists_in_display_order_with_empty_lists(tmp_path: Path) -> None:
    server, client = serve(tmp_path, Behaviour())
    try:
        for name, order in [("first", 30), ("second", 10)]:
            client.post(f"{P}/galleries", json={"gallery": {"name": name, "sortOrder": order}})
        body = client.get(f"{P}/galleries").json()
        assert [g["name"] for g in body["galleries"]] == ["second", "first"]
        assert body["galleries"][0]["items"] == []
    finally:
        client.close()
        server.stop()


# -- clearing a field ------------------------------------------------------------------------
FULL = {
    "title": "T",
    "description": "D",
    "link": {"url": "https://example.com", "text": "go", "target": "_blank"},
    "tags": {"values": ["a"]},
}


def item_url(client: httpx.Client, server: SandboxServer) -> str:
    gid = client.post(f"{P}/galleries", json={"gallery": {"name": "G"}}).json()["gallery"]["id"]
    item = client.post(
        f"{P}/galleries/{gid}/items", json={"item": image(upload_photo(server), **FULL)}
    )
    return f"{P}/galleries/{gid}/items/{item.json()['item']['id']}"


def test_wix_reading_null_keeps_empty_string_and_empty_object_clear(
    wix: tuple[SandboxServer, httpx.Client],
) -> None:
    server, client = wix
    url = item_url(client, server)
    kept = client.patch(url, json={"item": {"title": None, "link": {"text": None}}}).json()
    assert kept["item"]["title"] == "T" and kept["item"]["link"]["text"] == "go"
    out = client.patch(url, json={"item": {"title": "", "link": {"text": ""}}}).json()["item"]
    assert "title" not in out and out["link"] == {"url": "https://example.com", "target": "_blank"}
    out = client.patch(url, json={"item": {"link": {}, "description": ""}}).json()["item"]
    assert "link" not in out and "description" not in out and out["tags"] == {"values": ["a"]}
    out = client.patch(url, json={"item": {"tags": {"values": []}}}).json()["item"]
    assert out["tags"] == {}
    assert client.get(url).json()["item"] == out
    for bad in ({"sortOrder": ""}, {"image": {}}, {"tags": ""}):
        r = client.patch(url, json={"item": bad})
        assert r.status_code == 400, bad
    gallery_url = url.rsplit("/items/", 1)[0]
    renamed = client.patch(gallery_url, json={"gallery": {"name": None}}).json()["gallery"]
    assert renamed["name"] == "G"
    assert "name" not in client.patch(gallery_url, json={"gallery": {"name": ""}}).json()["gallery"]
    created = client.post(
        f"{gallery_url}/items", json={"item": {"text": {"html": "x"}, "title": ""}}
    ).json()["item"]
    assert "title" not in created


def test_null_clears_reading(tmp_path: Path) -> None:
    for behaviour in (Behaviour(), Behaviour.wix(latency_scale=0, null_clears=True)):
        server, client = serve(tmp_path / str(behaviour.strict), behaviour)
        try:
            url = item_url(client, server)
            out = client.patch(url, json={"item": {"title": None, "link": {"text": None}}})
            item = out.json()["item"]
            assert "title" not in item and item["link"] == {
                "url": "https://example.com",
                "target": "_blank",
            }
            out = client.patch(url, json={"item": {"description": "", "link": {}}}).json()
            assert out["item"]["link"] == item["link"]  # {} merges nothing
            assert out["item"]["description"] == ""  # "" is a value under this reading
        finally:
            client.close()
            server.stop()


def test_demo_seeds_under_the_wix_profile(tmp_path: Path) -> None:
    from galleryman.sandbox.demo import seed_demo

    server = SandboxServer(tmp_path, behaviour=Behaviour.wix(latency_scale=0))
    server.start()
    try:
        seed_demo(server)
        galleries = server.store.list_galleries()
        assert [g["name"] for g in galleries] == ["Coastline", "City at Night", "Portraits"]
        ids = [i["image"]["imageInfo"]["id"] for g in galleries for i in g["items"] if "image" in i]
        statuses = {(server.store.get_file(f) or {}).get("operationStatus") for f in ids}
        assert ids and statuses == {"READY"}
    finally:
        server.stop()
