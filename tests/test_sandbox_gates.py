"""Test gates of the sandbox: hold requests server-side until the test releases them.

GUI and client tests use them to force an interleaving (a save in flight while the user does
something else) without latency or sleeps.
"""

from __future__ import annotations

import contextlib
import io
import threading
from pathlib import Path

import httpx
from PIL import Image

from galleryman.sandbox.server import SandboxServer
from tests.sandbox_support import SSL, P, auth_headers, upload_photo

M = "/site-media/v1"


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    return buf.getvalue()


def serve(tmp_path: Path) -> tuple[SandboxServer, httpx.Client]:
    server = SandboxServer(tmp_path / "sandbox")
    server.start()
    client = httpx.Client(base_url=server.base_url, headers=auth_headers(server), verify=SSL)
    return server, client


def test_gate_holds_requests_until_released(tmp_path: Path) -> None:
    server, client = serve(tmp_path)
    try:
        gid = client.post(f"{P}/galleries", json={"gallery": {"name": "a"}}).json()["gallery"]
        gid = gid["id"]
        results: list[str] = []

        def rename(name: str) -> None:
            with httpx.Client(base_url=server.base_url, headers=auth_headers(server)) as c:
                r = c.patch(f"{P}/galleries/{gid}", json={"gallery": {"name": name}})
                results.append(r.json()["gallery"]["name"])

        with server.gate("PATCH", r"/galleries/[^/]+$") as gate:
            first = threading.Thread(target=rename, args=("first",))
            first.start()
            assert gate.arrived(1, timeout=30) and gate.held == 1
            assert client.get(f"{P}/galleries/{gid}").json()["gallery"]["name"] == "a"
            second = threading.Thread(target=rename, args=("second",))
            second.start()
            assert gate.arrived(2, timeout=30)
            gate.release_one()  # the oldest: "first"
            first.join(30)
            assert results == ["first"] and gate.held == 1
        second.join(30)  # leaving the block released it
        assert results == ["first", "second"]
        assert client.patch(f"{P}/galleries/{gid}", json={"gallery": {"name": "x"}}).is_success
    finally:
        client.close()
        server.stop()


def test_gate_permit_release_and_other_methods(tmp_path: Path) -> None:
    server, client = serve(tmp_path)
    try:
        photo = upload_photo(server)
        media = f"/media/{photo}"
        gate = server.gate("GET", "^/media/")
        gate.release_one()  # a permit: the next request passes without waiting
        assert client.get(media).status_code == 200
        got: list[int] = []
        thread = threading.Thread(target=lambda: got.append(client.get(media).status_code))
        thread.start()
        assert gate.arrived(1, timeout=30)
        assert client.get(f"{P}/galleries").status_code == 200  # other paths pass
        gate.release()
        thread.join(30)
        assert got == [200] and client.get(media).status_code == 200  # open for good
        gate.close()
        with server.gate("PUT", "^/upload/") as uploads:
            url = client.post(f"{M}/files/generate-upload-url", json={"mimeType": "image/png"})
            put: list[int] = []
            t = threading.Thread(
                target=lambda: put.append(
                    httpx.put(url.json()["uploadUrl"], content=png()).status_code
                )
            )
            t.start()
            assert uploads.arrived(1, timeout=30) and put == []
        t.join(30)
        assert put == [200]

        def list_galleries() -> None:
            with contextlib.suppress(httpx.HTTPError):  # the server is stopping under it
                client.get(f"{P}/galleries")

        with server.gate("GET", "galleries") as never:
            waiting = threading.Thread(target=list_galleries)
            waiting.start()
            assert never.arrived(1, timeout=30)
            assert not never.arrived(2, timeout=0.01)
            server.stop()  # stopping the server lets held requests go
            waiting.join(30)
            assert not waiting.is_alive()
    finally:
        client.close()
        server.stop()
