"""Hostile and malformed requests against a started sandbox, over real HTTP on loopback.

The sandbox must refuse what Wix would refuse, with Wix's error body (a 4xx naming the field
or the error code), and never answer 500, hang, or create anything for a client's mistake.
Each case of the corpus is sent on its own connection, byte for byte as written.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from galleryman.sandbox import connections
from galleryman.sandbox.connections import ConnectionLimits
from galleryman.sandbox.handler import JSON_BODY_LIMIT
from galleryman.sandbox.server import SandboxServer
from tests.sandbox_support import SSL, P, auth_headers, image, upload_photo

FAKE_ID = "abcdef_0123456789abcdef0123456789abcdef~mv2.jpg"  # the right shape, no such file


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str  # may use {gid}, {iid}, {photo}
    body: bytes | None = None
    status: int = 400
    bad_field: str | None = None  # a validationError field (exact, or a prefix ending "*")
    code: str | None = None  # an applicationError code
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # the whole request, sent as is (then method/path/body unused)


def js(obj: Any) -> bytes:
    return json.dumps(obj).encode()


def item_with(**fields: Any) -> bytes:
    return js({"item": {"text": {"html": "<p>x</p>"}, **fields}})


def nested(depth: int) -> bytes:
    return b'{"gallery": {"name": "deep", "extra": ' + b"[" * depth + b"]" * depth + b"}}"


HEAD = "Host: x\r\nAuthorization: {key}\r\nwix-site-id: {site}\r\n"
ITEMS = P + "/galleries/{gid}/items"
ITEM = ITEMS + "/{iid}"
GALLERY = P + "/galleries/{gid}"

CORPUS = [
    # -- bodies too large: 413, whatever the endpoint --------------------------------------
    Case("2 MiB gallery", "POST", f"{P}/galleries", b" " * (2 * JSON_BODY_LIMIT) + b"{}",
         413, code="PAYLOAD_TOO_LARGE"),
    Case("2 MiB bulk delete", "POST", ITEMS + "/delete",
         js({"itemIds": ["x" * 1000] * 2100}), 413, code="PAYLOAD_TOO_LARGE"),
    Case("2 MiB GET body", "GET", f"{P}/galleries", b"0" * (2 * JSON_BODY_LIMIT),
         413, code="PAYLOAD_TOO_LARGE"),
    Case("expect-continue too large", "POST", f"{P}/galleries", None, 413,
         code="PAYLOAD_TOO_LARGE",
         headers={"Expect": "100-continue", "Content-Length": str(5 * JSON_BODY_LIMIT)}),
    # -- strings Python parses but cannot write back ---------------------------------------
    Case("lone surrogate in a title", "PATCH", ITEM, b'{"item": {"title": "a\\ud800b"}}',
         bad_field="item.title"),
    Case("lone low surrogate in a name", "POST", f"{P}/galleries",
         b'{"gallery": {"name": "\\udc00"}}', bad_field="gallery.name"),
    Case("lone surrogate in a key", "POST", f"{P}/galleries",
         b'{"gallery": {"\\ud83d": 1}}', bad_field="gallery.\\ud83d"),
    Case("surrogate inside a list", "PATCH", ITEM,
         b'{"item": {"tags": {"values": ["ok", "\\ud800"]}}}', bad_field="item.tags.values[1]"),
    Case("infinite number in a struct", "PATCH", ITEM,
         b'{"item": {"text": {"css": {"width": 1e999}}}}', bad_field="item.text.css.width"),
    # -- nesting ---------------------------------------------------------------------------
    Case("nested 500 deep", "POST", f"{P}/galleries", nested(500), bad_field="gallery.extra*"),
    Case("nested 100,000 deep", "POST", f"{P}/galleries", nested(100_000),
         bad_field="gallery.extra*"),
    # -- paging parameters -----------------------------------------------------------------
    Case("itemOffset=1e23", "GET", ITEMS + "?itemOffset=1e23", bad_field="itemOffset"),
    Case("offset=2**64", "GET", f"{P}/galleries?offset=18446744073709551616", bad_field="offset"),
    Case("itemOffset=-1", "GET", GALLERY + "?itemOffset=-1", bad_field="itemOffset"),
    Case("itemLimit=abc", "GET", ITEMS + "?itemLimit=abc", bad_field="itemLimit"),
    Case("huge itemLimit", "GET", ITEMS + "?itemLimit=99999999999999999999999999",
         bad_field="itemLimit"),
    Case("Arabic-Indic digits", "GET", f"{P}/galleries?offset=%D9%A3", bad_field="offset"),
    Case("offset with 100 digits", "GET", f"{P}/galleries?offset=" + "9" * 100,
         bad_field="offset"),
    # -- sortOrder -------------------------------------------------------------------------
    Case("sortOrder as a string", "POST", ITEMS, item_with(sortOrder="12"),
         bad_field="item.sortOrder"),
    Case("sortOrder NaN string", "PATCH", ITEM, js({"item": {"sortOrder": "NaN"}}),
         bad_field="item.sortOrder"),
    Case("sortOrder Infinity string", "PATCH", GALLERY,
         js({"gallery": {"sortOrder": "Infinity"}}), bad_field="gallery.sortOrder"),
    Case("sortOrder 1e999", "POST", ITEMS,
         b'{"item": {"text": {"html": "x"}, "sortOrder": 1e999}}', bad_field="item.sortOrder"),
    Case("sortOrder 10**400", "POST", ITEMS, item_with(sortOrder=10**400),
         bad_field="item.sortOrder"),
    Case("sortOrder true", "PATCH", ITEM, js({"item": {"sortOrder": True}}),
         bad_field="item.sortOrder"),
    # -- missing wrappers ------------------------------------------------------------------
    Case("gallery null in update", "PATCH", GALLERY, js({"gallery": None}), bad_field="gallery"),
    Case("item null in update", "PATCH", ITEM, js({"item": None}), bad_field="item"),
    Case("item null in create", "POST", ITEMS, js({"item": None}), bad_field="item"),
    Case("null item in gallery items", "PATCH", GALLERY, js({"gallery": {"items": [None]}}),
         bad_field="gallery.items[0]"),
    # -- links and video URLs --------------------------------------------------------------
    Case("javascript: link", "PATCH", ITEM,
         js({"item": {"link": {"url": "javascript:alert(1)"}}}), bad_field="item.link.url"),
    Case("JavaScript: link, odd case", "POST", ITEMS,
         item_with(link={"url": "JaVaScRiPt:alert(1)"}), bad_field="item.link.url"),
    Case("data: link", "PATCH", ITEM,
         js({"item": {"link": {"url": "data:text/html,<script>alert(1)</script>"}}}),
         bad_field="item.link.url"),
    Case("file: link", "PATCH", ITEM, js({"item": {"link": {"url": "file:///etc/passwd"}}}),
         bad_field="item.link.url"),
    Case("link behind a tab", "PATCH", ITEM,
         js({"item": {"link": {"url": "java\tscript:alert(1)"}}}), bad_field="item.link.url"),
    Case("link behind a space", "PATCH", ITEM,
         js({"item": {"link": {"url": " javascript:alert(1)"}}}), bad_field="item.link.url"),
    Case("file: video", "POST", ITEMS,
         js({"item": {"video": {"videoInfo": {"url": "file:///etc/passwd"}}}}),
         bad_field="item.video.videoInfo.url"),
    Case("video elsewhere", "POST", ITEMS,
         js({"item": {"video": {"type": "WIX_MEDIA",
                                "videoInfo": {"url": "https://evil.example/v.mp4"}}}}),
         bad_field="item.video.videoInfo.url"),
    Case("YouTube look-alike", "POST", ITEMS,
         js({"item": {"video": {"type": "YOUTUBE",
                                "videoInfo": {"url": "https://youtube.com.evil.example/x"}}}}),
         bad_field="item.video.videoInfo.url"),
    # -- media ids -------------------------------------------------------------------------
    Case("image id with ..", "POST", ITEMS, js({"item": image("../../etc/passwd")}),
         bad_field="item.image.imageInfo.id"),
    Case("image id with /", "PATCH", ITEM,
         js({"item": {"image": {"imageInfo": {"id": "abc_def/x.jpg"}}}}),
         bad_field="item.image.imageInfo.id"),
    Case("unknown image file", "POST", ITEMS, js({"item": image(FAKE_ID)}),
         bad_field="item.image.imageInfo.id"),
    Case("document as image", "POST", ITEMS, js({"item": image("{doc}")}),
         bad_field="item.image.imageInfo.id"),
    Case("file lookup with ..", "GET", "/site-media/v1/files/get-file-by-id?fileId=..%2F..%2Fx",
         status=404, code="NOT_FOUND"),
    Case("media path traversal", "GET", "/media/..%2F..%2Fetc%2Fpasswd", status=404,
         code="NOT_FOUND"),
    # -- other malformed bodies ------------------------------------------------------------
    Case("not UTF-8", "POST", f"{P}/galleries", b'{"gallery": {"name": "\xff"}}',
         code="INVALID_ARGUMENT"),
    Case("JSON array", "POST", f"{P}/galleries", b"[]", code="INVALID_ARGUMENT"),
    Case("item ids not strings", "POST", ITEMS + "/delete", js({"itemIds": [1, None]}),
         bad_field="itemIds"),
    Case("name too long", "POST", f"{P}/galleries", js({"gallery": {"name": "n" * 300}}),
         bad_field="gallery.name"),
    # -- broken HTTP -----------------------------------------------------------------------
    Case("Content-Length: abc", "", "", raw=b"POST " + P.encode()
         + b"/galleries HTTP/1.1\r\n" + HEAD.encode() + b"Content-Length: abc\r\n\r\n{}",
         code="INVALID_ARGUMENT"),
    Case("Content-Length: +2", "", "", raw=b"POST " + P.encode()
         + b"/galleries HTTP/1.1\r\n" + HEAD.encode() + b"Content-Length: +2\r\n\r\n{}",
         code="INVALID_ARGUMENT"),
    Case("two Content-Lengths", "", "", raw=b"POST " + P.encode()
         + b"/galleries HTTP/1.1\r\n" + HEAD.encode()
         + b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{} ", code="INVALID_ARGUMENT"),
    Case("bad chunk size", "", "", raw=b"POST " + P.encode() + b"/galleries HTTP/1.1\r\n"
         + HEAD.encode() + b"Transfer-Encoding: chunked\r\n\r\n0x2\r\n{}\r\n0\r\n\r\n",
         code="INVALID_ARGUMENT"),
    Case("gzip transfer coding", "", "", raw=b"POST " + P.encode() + b"/galleries HTTP/1.1\r\n"
         + HEAD.encode() + b"Transfer-Encoding: gzip\r\n\r\n", code="INVALID_ARGUMENT"),
    Case("unknown method", "", "", raw=b"BREW " + P.encode() + b"/galleries HTTP/1.1\r\n"
         + HEAD.encode() + b"\r\n", status=405, code="METHOD_NOT_ALLOWED"),
    Case("garbage request line", "", "", raw=b"GARBAGE\r\n\r\n", code="INVALID_ARGUMENT"),
    Case("HTTP/2.0 request line", "", "", raw=b"GET / HTTP/2.0\r\n\r\n",
         code="INVALID_ARGUMENT"),
    Case("URI too long", "", "", raw=b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
         status=414, code="INVALID_ARGUMENT"),
    Case("header too long", "", "", raw=b"GET / HTTP/1.1\r\nX: " + b"a" * 70_000 + b"\r\n\r\n",
         status=431, code="INVALID_ARGUMENT"),
    Case("too many headers", "", "", raw=b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 150 + b"\r\n",
         status=431, code="INVALID_ARGUMENT"),
]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One server for the whole corpus, with a gallery, an item, a photo and a document."""
    server = SandboxServer(tmp_path_factory.mktemp("hostile"))
    server.start()
    try:
        photo = upload_photo(server)
        _, token = server.local_call(
            "POST", "/site-media/v1/files/generate-upload-url", {"mimeType": "text/plain"}
        )
        upload = token["uploadUrl"].rsplit("/", 1)[1]
        _, doc = server.local_call("PUT", f"/upload/{upload}", data=b"plain text")
        _, gallery = server.local_call("POST", f"{P}/galleries", {"gallery": {"name": "g"}})
        gid = gallery["gallery"]["id"]
        _, item = server.local_call("POST", f"{P}/galleries/{gid}/items", {"item": image(photo)})
        names = {"gid": gid, "iid": item["item"]["id"], "photo": photo, "doc": doc["file"]["id"]}
        yield {"server": server, "names": names}
    finally:
        server.stop()


def exchange(port: int, data: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
    """Send ``data`` on a new connection and read one response (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        with contextlib.suppress(OSError):  # an early answer and close: still there to read
            sock.sendall(data)
        response = http.client.HTTPResponse(sock, method="GET")
        response.begin()
        return response.status, response.read()


def request_bytes(case: Case, server: SandboxServer, names: dict[str, str]) -> bytes:
    if case.raw is not None:
        text = case.raw.replace(b"{key}", server.api_key.encode())
        return text.replace(b"{site}", server.site_id.encode())
    path = case.path.format(**names)
    body = case.body
    if body is not None:
        body = body.replace(b"{doc}", names["doc"].encode())
    headers = {"Host": "127.0.0.1", **auth_headers(server), **case.headers}
    if body is not None:
        headers.setdefault("Content-Type", "application/json")
        headers.setdefault("Content-Length", str(len(body)))
    head = f"{case.method} {path} HTTP/1.1\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode() + (body or b"")


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 25
    assert len({c.name for c in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[c.name for c in CORPUS])
def test_hostile_request(site: dict[str, Any], case: Case) -> None:
    server: SandboxServer = site["server"]
    before = server.store.list_galleries()
    status, body = exchange(server.port, request_bytes(case, server, site["names"]))
    assert status == case.status, body[:300]
    error = json.loads(body)
    assert error["message"]
    details = error["details"]
    if case.bad_field is not None:
        fields = [v["field"] for v in details["validationError"]["fieldViolations"]]
        if case.bad_field.endswith("*"):
            assert any(f.startswith(case.bad_field[:-1]) for f in fields), fields
        else:
            assert case.bad_field in fields, fields
    if case.code is not None:
        assert details["applicationError"]["code"] == case.code
    assert server.store.list_galleries() == before  # nothing created or changed
    with httpx.Client(base_url=server.base_url, headers=auth_headers(server), verify=SSL) as c:
        assert c.get(f"{P}/galleries").status_code == 200  # and still serving


def test_100_mb_post_is_413_and_creates_nothing(tmp_path: Path) -> None:
    with SandboxServer(tmp_path) as server:
        headers = auth_headers(server)
        with httpx.Client(base_url=server.base_url, headers=headers, verify=SSL) as client:
            body = b'{"gallery": {"name": "x"}, "pad": "' + b"x" * (100 * 1024 * 1024) + b'"}'
            r = client.post(f"{P}/galleries", content=body, timeout=120)
            assert r.status_code == 413
            assert r.json()["details"]["applicationError"]["code"] == "PAYLOAD_TOO_LARGE"
            assert server.store.list_galleries() == []
            # The body was drained: the same connection goes on serving.
            assert client.get(f"{P}/galleries").json()["totalGalleries"] == 0
        assert server.request_log[-2:] == [
            ("POST", f"{P}/galleries", 413),
            ("GET", f"{P}/galleries", 200),
        ]


def test_body_far_beyond_draining_is_answered_then_closed(tmp_path: Path) -> None:
    with SandboxServer(tmp_path) as server:
        head = (
            f"POST {P}/galleries HTTP/1.1\r\nHost: x\r\nAuthorization: {server.api_key}\r\n"
            f"wix-site-id: {server.site_id}\r\nContent-Length: {10**12}\r\n\r\n"
        )
        status, body = exchange(server.port, head.encode() + b"{" * 1000)
        assert status == 413 and json.loads(body)["details"]["applicationError"]["code"]
        assert server.store.list_galleries() == []


def test_chunked_body_too_large_is_413(tmp_path: Path) -> None:
    with SandboxServer(tmp_path) as server:
        chunks = iter([b" " * (512 * 1024)] * 4 + [b"{}"])
        r = httpx.post(
            f"{server.base_url}{P}/galleries", content=chunks, headers=auth_headers(server)
        )
        assert r.status_code == 413 and server.store.list_galleries() == []


def test_upload_over_its_own_limit_is_413_but_uploads_may_exceed_the_json_limit(
    tmp_path: Path,
) -> None:
    from galleryman.sandbox.handler import UPLOAD_BODY_LIMIT

    with SandboxServer(tmp_path) as server:
        status, body = server.local_call(
            "POST", "/site-media/v1/files/generate-upload-url", {"mimeType": "text/plain"}
        )
        url = body["uploadUrl"]
        r = httpx.put(url, content=b"\0" * (UPLOAD_BODY_LIMIT + 1), timeout=60)
        assert r.status_code == 413
        with server.store.read() as tx:
            assert tx.file_ids() == []
        r = httpx.put(url, content=b"a" * (2 * JSON_BODY_LIMIT), timeout=60)
        assert r.status_code == 200 and r.json()["file"]["sizeInBytes"] == str(2 * JSON_BODY_LIMIT)


# -- connections ------------------------------------------------------------------------------
def idle_sockets(port: int, count: int) -> list[socket.socket]:
    return [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(count)]


def test_idle_connections_cannot_lock_out_a_real_client(tmp_path: Path) -> None:
    limits = ConnectionLimits(max_connections=16)
    with SandboxServer(tmp_path, limits=limits) as server:
        idle = idle_sockets(server.port, 200)
        try:
            headers = auth_headers(server)
            r = httpx.get(f"{server.base_url}{P}/galleries", headers=headers, timeout=30)
            assert r.status_code == 200
            httpd = server._httpd
            assert httpd is not None
            assert len(httpd.connections) <= limits.max_connections
            assert httpd.connections.evicted >= 200 - limits.max_connections
        finally:
            for sock in idle:
                sock.close()


def test_half_sent_requests_make_room_for_a_real_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A flood of connections that send half a request head and stop: a real client is still
    # served, the oldest slow head making room for it (the grace is 1 s; here none).
    monkeypatch.setattr(connections, "SLOW_HEAD_GRACE", 0.0)
    limits = ConnectionLimits(max_connections=8)
    with SandboxServer(tmp_path, limits=limits) as server:
        flood = []
        try:
            for _ in range(40):
                sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
                sock.sendall(b"GET /pro-gallery/v2/galleries HTTP/1.1\r\nHost: x\r\n")
                flood.append(sock)
            r = httpx.get(f"{server.base_url}{P}/galleries", headers=auth_headers(server))
            assert r.status_code == 200
        finally:
            for sock in flood:
                sock.close()


def test_full_of_busy_requests_refuses_politely(tmp_path: Path) -> None:
    limits = ConnectionLimits(max_connections=4)
    with SandboxServer(tmp_path, limits=limits) as server:
        url, headers = f"{server.base_url}{P}/galleries", auth_headers(server)
        statuses: list[int] = []
        with server.gate("GET", r"/galleries$") as gate:
            threads = [
                threading.Thread(
                    target=lambda: statuses.append(httpx.get(url, headers=headers).status_code)
                )
                for _ in range(4)
            ]
            for t in threads:
                t.start()
            assert gate.arrived(4, timeout=30)
            r = httpx.get(url, headers=headers, timeout=30)
            assert r.status_code == 503 and r.headers["Retry-After"] == "1"
            assert r.json()["details"]["applicationError"]["code"] == "UNAVAILABLE"
        for t in threads:
            t.join(30)
        assert statuses == [200] * 4
        assert httpx.get(url, headers=headers, timeout=30).status_code == 200


def test_a_half_sent_request_is_cut_off(tmp_path: Path) -> None:
    limits = ConnectionLimits(request_timeout=0.2, idle_timeout=0.2)
    with SandboxServer(tmp_path, limits=limits) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as slow:
            slow.sendall(b"GET /pro-gallery/v2/galleries HTTP/1.1\r\nHost: x\r\n")  # no end
            assert slow.recv(1024) == b""  # closed by the server, without an answer
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as idle:
            assert idle.recv(1024) == b""  # an idle keep-alive connection ends too


def test_1100_half_open_connections_under_1024_descriptors(tmp_path: Path) -> None:
    """The bug report's case, in a child process whose descriptor limit is 1024."""
    import subprocess
    import sys

    argv = ["galleryman", "sandbox", "--port", "0", "--data-dir", str(tmp_path),
            "--api-key", "k", "--site-id", "s"]  # fmt: skip
    code = (
        "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024)); "
        f"sys.argv = {argv!r}; runpy.run_module('galleryman', run_name='__main__')"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as proc:
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().decode().split()[2]
            port = int(url.rsplit(":", 1)[1])
            idle = idle_sockets(port, 1100)
            try:
                headers = {"Authorization": "k", "wix-site-id": "s"}
                r = httpx.get(f"{url}{P}/galleries", headers=headers, timeout=60)
                assert r.status_code == 200
            finally:
                for sock in idle:
                    sock.close()
        finally:
            proc.kill()
            proc.wait(30)


def test_keep_alive_survives_a_rejected_request(tmp_path: Path) -> None:
    with SandboxServer(tmp_path) as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            headers = auth_headers(server)
            conn.request("GET", f"{P}/galleries?offset=-1", headers=headers)
            first = conn.getresponse()
            assert first.status == 400
            first.read()
            conn.request("GET", f"{P}/galleries", headers=headers)
            assert conn.getresponse().status == 200
        finally:
            conn.close()


def test_request_log_stays_bounded(tmp_path: Path) -> None:
    from galleryman.sandbox.server import RequestLog

    log = RequestLog(maxlen=5)
    for n in range(12):
        log.append(("GET", f"/{n}", 200))
    assert len(log) == 5 and log[0] == ("GET", "/7", 200) and log[-1] == ("GET", "/11", 200)
    assert log[-2:] == [("GET", "/10", 200), ("GET", "/11", 200)]
    assert ("GET", "/3", 200) not in log
    with SandboxServer(tmp_path) as server:
        assert server.request_log._entries.maxlen == 10_000


def test_scaled_copies_are_not_made_for_missing_files(tmp_path: Path) -> None:
    with SandboxServer(tmp_path) as server:
        with httpx.Client(base_url=server.base_url) as client:
            for n in range(50):
                r = client.get(f"/media/{FAKE_ID}/v1/fit/w_{n + 1},h_10/x.jpg")
                assert r.status_code == 404
        assert list((tmp_path / "cache").iterdir()) == []
