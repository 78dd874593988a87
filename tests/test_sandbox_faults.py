"""Fault injection of the sandbox: parsing, one-shot faults and probabilistic faults."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest
from PIL import Image

from galleryman.sandbox.behaviour import Behaviour
from galleryman.sandbox.faults import KINDS, FaultSpec
from galleryman.sandbox.server import SandboxServer
from tests.sandbox_support import (
    SSL,
    P,
    api_fixture,  # noqa: F401  (the api fixture)
    server_fixture,  # noqa: F401  (the server fixture)
)

DROPPED = (httpx.RemoteProtocolError, httpx.ReadError)


def gallery_count(server: SandboxServer) -> int:
    return len(server.store.list_galleries())


def create(api: httpx.Client, name: str = "g") -> httpx.Response:
    return api.post(f"{P}/galleries", json={"gallery": {"name": name}})


# -- parsing ---------------------------------------------------------------------------------
def test_parse_full_spec() -> None:
    spec = FaultSpec.parse(
        "500=0.1, 429=0.05,drop-before=0.02,drop-after=0.02,latency-ms=5,seed=1,retry-after=3"
    )
    assert spec.probabilities == {"500": 0.1, "429": 0.05, "drop-before": 0.02, "drop-after": 0.02}
    assert (spec.latency_ms, spec.seed, spec.retry_after) == (5, 1, 3)
    assert FaultSpec.parse(str(spec)).probabilities == spec.probabilities
    assert FaultSpec.parse("").probabilities == {}
    every = FaultSpec.parse(",".join(f"{k}=0.1" for k in KINDS))
    assert set(every.probabilities) == set(KINDS)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("500=0.1,boom=0.2", "boom"),
        ("500=x", "500=x"),
        ("500=1.5", "500=1.5"),
        ("500=0.6,503=0.6", "more than 1"),
        ("500", "'500'"),
        ("500=0.1,500=0.2", "twice"),
        ("seed=abc", "seed"),
        ("latency-ms=-1", "latency-ms=-1"),
        ("=0.5", "=0.5"),
    ],
)
def test_parse_errors_name_the_bad_part(text: str, named: str) -> None:
    with pytest.raises(ValueError) as info:
        FaultSpec.parse(text)
    assert named in str(info.value)


def test_seeded_draws_are_deterministic() -> None:
    def draws(spec: FaultSpec) -> list[str | None]:
        return [spec.pick("GET", "/x") for _ in range(200)]

    a = draws(FaultSpec.parse("500=0.3,429=0.2,seed=7"))
    assert a == draws(FaultSpec.parse("500=0.3,429=0.2,seed=7"))
    assert 30 < a.count("500") < 90 and 15 < a.count("429") < 70 and None in a
    assert draws(FaultSpec.parse("503=1")) == ["503"] * 200
    with pytest.raises(ValueError):
        FaultSpec().inject_next("teapot")


# -- one-shot faults over HTTP ---------------------------------------------------------------
def test_500_before_is_not_applied(api: httpx.Client, server: SandboxServer) -> None:
    server.faults.inject_next("500")
    r = create(api)
    assert r.status_code == 500 and r.json() == {"message": "", "details": {}}
    assert gallery_count(server) == 0
    assert create(api).status_code == 200  # one shot only
    assert server.request_log[-2:] == [
        ("POST", f"{P}/galleries", 500),
        ("POST", f"{P}/galleries", 200),
    ]


def test_500_after_is_applied(api: httpx.Client, server: SandboxServer) -> None:
    server.faults.inject_next("500-after")
    r = create(api, "applied")
    assert r.status_code == 500 and r.json() == {"message": "", "details": {}}
    assert [g["name"] for g in server.store.list_galleries()] == ["applied"]


def test_503_and_html_502(api: httpx.Client, server: SandboxServer) -> None:
    server.faults.inject_next("503")
    server.faults.inject_next("html-502")
    assert create(api).status_code == 503
    r = create(api)
    assert r.status_code == 502 and r.headers["content-type"].startswith("text/html")
    assert b"<html>" in r.content
    with pytest.raises(json.JSONDecodeError):
        r.json()
    assert gallery_count(server) == 0


def test_429_with_and_without_retry_after(api: httpx.Client, server: SandboxServer) -> None:
    server.faults.inject_next("429")
    r = create(api)
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
    assert r.json()["details"]["applicationError"]["code"] == "RESOURCE_EXHAUSTED"
    server.faults.retry_after = 7
    server.faults.inject_next("429")
    assert create(api).headers["Retry-After"] == "7"
    server.faults.inject_next("429-no-retry-after")
    r = create(api)
    assert r.status_code == 429 and "Retry-After" not in r.headers
    assert gallery_count(server) == 0


def test_drop_before_closes_without_response(api: httpx.Client, server: SandboxServer) -> None:
    server.faults.inject_next("drop-before")
    with pytest.raises(DROPPED):
        create(api)
    assert gallery_count(server) == 0
    assert server.request_log[-1] == ("POST", f"{P}/galleries", 0)
    assert create(api).status_code == 200  # the client reconnects


def test_drop_after_applies_then_closes(api: httpx.Client, server: SandboxServer) -> None:
    server.faults.inject_next("drop-after")
    with pytest.raises(DROPPED):
        create(api, "made it")
    assert [g["name"] for g in server.store.list_galleries()] == ["made it"]
    assert server.request_log[-1] == ("POST", f"{P}/galleries", 0)


def test_malformed_json_is_applied(api: httpx.Client, server: SandboxServer) -> None:
    server.faults.inject_next("malformed-json")
    r = create(api, "half")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        r.json()
    assert [g["name"] for g in server.store.list_galleries()] == ["half"]


def test_injection_filters_and_count(api: httpx.Client, server: SandboxServer) -> None:
    server.faults.inject_next("503", count=2, method="POST", path_contains="/items")
    gid = create(api).json()["gallery"]["id"]  # POST but not /items: unaffected
    assert api.get(f"{P}/galleries/{gid}/items").status_code == 200  # GET: unaffected
    assert server.faults.pending == 2
    item = {"item": {"text": {"html": "x"}}}
    assert api.post(f"{P}/galleries/{gid}/items", json=item).status_code == 503
    assert api.post(f"{P}/galleries/{gid}/items", json=item).status_code == 503
    assert api.post(f"{P}/galleries/{gid}/items", json=item).status_code == 200
    assert server.faults.pending == 0
    server.faults.inject_next("500", count=5)
    server.faults.clear()
    assert create(api).status_code == 200


def test_media_is_never_faulted_but_uploads_are(api: httpx.Client, server: SandboxServer) -> None:
    url = api.post(
        "/site-media/v1/files/generate-upload-url", json={"mimeType": "image/png"}
    ).json()["uploadUrl"]
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "PNG")
    server.faults.inject_next("drop-after", method="PUT")
    with pytest.raises(DROPPED), httpx.Client(verify=SSL) as plain:
        plain.put(url, content=buf.getvalue())
    retry = httpx.put(url, content=buf.getvalue(), verify=SSL)  # the retry finds the file
    assert retry.status_code == 200
    file = retry.json()["file"]
    server.faults = FaultSpec.parse("500=1")
    assert api.get(file["url"]).content == buf.getvalue()
    assert api.get(f"{file['url']}/v1/fit/w_2,h_2/a.jpg").status_code == 200
    assert api.get(f"{P}/galleries").status_code == 500


def test_probabilistic_faults_and_latency(tmp_path: Path) -> None:
    spec = FaultSpec.parse("500=0.5,seed=3,latency-ms=20")
    slept: list[float] = []
    with SandboxServer(tmp_path, faults=spec, behaviour=Behaviour(sleep=slept.append)) as srv:
        headers = {"Authorization": srv.access_token}
        with httpx.Client(base_url=srv.base_url, headers=headers, verify=SSL) as client:
            statuses = [client.get(f"{P}/galleries").status_code for _ in range(12)]
            client.get(f"/media/{'0' * 6}_{'0' * 32}~mv2.jpg")  # media: no fault latency
    assert set(statuses) == {200, 500}
    assert slept == [0.02] * 12  # each request waited its latency (the wall time: bench)
    replay = FaultSpec.parse("500=0.5,seed=3")
    assert [replay.pick("GET", "/") == "500" for _ in range(12)] == [s == 500 for s in statuses]
