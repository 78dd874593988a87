"""Authentication and persistence of the sandbox (credentials, restart)."""

from __future__ import annotations

import io
import json
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from galleryman.sandbox.server import SandboxServer
from tests.sandbox_support import (
    SSL,
    P,
    app_code,
    auth_headers,
    server_fixture,  # noqa: F401  (the server fixture)
)


@pytest.fixture
def anon(server: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10, verify=SSL) as client:
        yield client


def unauthenticated(r: httpx.Response, secret: str = "") -> None:
    assert r.status_code == 401, r.text
    error = r.json()["details"]["applicationError"]
    assert error["code"] == "UNAUTHENTICATED" and error["description"]
    assert r.json()["message"]
    if secret:
        assert secret not in r.text


def test_api_key_with_site_id_is_accepted(server: SandboxServer, anon: httpx.Client) -> None:
    headers = auth_headers(server)
    assert anon.get(f"{P}/galleries", headers=headers).status_code == 200
    assert anon.get("/progallery/v2/galleries", headers=headers).status_code == 200
    r = anon.post("/site-media/v1/files/generate-upload-url", headers=headers, json={})
    assert r.status_code == 400  # authenticated; the body is what is wrong


def test_missing_and_wrong_credentials(server: SandboxServer, anon: httpx.Client) -> None:
    unauthenticated(anon.get(f"{P}/galleries"))
    unauthenticated(anon.get(f"{P}/galleries", headers={"wix-site-id": server.site_id}))
    wrong = "IST.wrong-key-that-must-not-be-echoed"
    r = anon.get(f"{P}/galleries", headers={"Authorization": wrong, "wix-site-id": server.site_id})
    unauthenticated(r, wrong)
    unauthenticated(anon.get(f"{P}/galleries", headers={"Authorization": server.api_key}))
    r = anon.get(f"{P}/galleries", headers={"Authorization": server.api_key, "wix-site-id": "x"})
    unauthenticated(r, server.api_key)
    r = anon.get(
        f"{P}/galleries",
        headers={"Authorization": f"Bearer {server.api_key}", "wix-site-id": server.site_id},
    )
    unauthenticated(r, server.api_key)  # API keys go raw, without a scheme
    r = anon.post("/site-media/v1/files/get-files", json={"fileIds": []})
    unauthenticated(r)


def test_site_and_account_headers_together_are_rejected(
    server: SandboxServer, anon: httpx.Client
) -> None:
    headers = {
        "Authorization": server.api_key,
        "wix-site-id": server.site_id,
        "wix-account-id": "some-account",
    }
    r = anon.get(f"{P}/galleries", headers=headers)
    assert r.status_code == 400
    assert app_code(r) == "INVALID_ARGUMENT"


@pytest.mark.parametrize("form", ["{token}", "Bearer {token}", "bearer {token}"])
def test_access_token_raw_or_bearer(server: SandboxServer, anon: httpx.Client, form: str) -> None:
    headers = {"Authorization": form.format(token=server.access_token)}
    assert anon.get(f"{P}/galleries", headers=headers).status_code == 200
    headers["wix-site-id"] = server.site_id
    assert anon.get(f"{P}/galleries", headers=headers).status_code == 200
    headers["wix-site-id"] = "another-site"
    unauthenticated(anon.get(f"{P}/galleries", headers=headers))


def test_uploads_and_media_need_no_auth(server: SandboxServer, anon: httpx.Client) -> None:
    token_headers = {"Authorization": server.access_token}
    r = anon.post(
        "/site-media/v1/files/generate-upload-url", json={"mimeType": "image/png"},
        headers=token_headers,
    )  # fmt: skip
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buf, "PNG")
    put = anon.put(r.json()["uploadUrl"], content=buf.getvalue())
    assert put.status_code == 200
    assert anon.get(put.json()["file"]["url"]).content == buf.getvalue()


def test_nothing_is_logged_per_request(
    server: SandboxServer, anon: httpx.Client, capfd: pytest.CaptureFixture[str]
) -> None:
    headers = auth_headers(server)
    anon.get(f"{P}/galleries", headers=headers)
    anon.get(f"{P}/galleries", headers={"Authorization": server.api_key})
    out, err = capfd.readouterr()
    assert server.api_key not in out + err and err == ""
    assert server.request_log[-2:] == [
        ("GET", f"{P}/galleries", 200),
        ("GET", f"{P}/galleries", 401),
    ]


def test_restart_keeps_data_and_generated_credentials(tmp_path: Path) -> None:
    data_dir = tmp_path / "sandbox"
    with SandboxServer(data_dir) as first:
        creds = (first.api_key, first.site_id, first.access_token)
        headers = auth_headers(first)
        with httpx.Client(base_url=first.base_url, headers=headers, verify=SSL) as client:
            gid = client.post(f"{P}/galleries", json={"gallery": {"name": "kept"}}).json()
            gid = gid["gallery"]["id"]
            item = {"text": {"html": "<p>kept</p>"}}
            client.post(f"{P}/galleries/{gid}/items", json={"item": item}).raise_for_status()
    path = data_dir / "credentials.json"
    stored = json.loads(path.read_text())
    assert (stored["apiKey"], stored["siteId"], stored["accessToken"]) == creds
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (data_dir / "sandbox.sqlite3").is_file()
    with SandboxServer(data_dir) as second:
        assert (second.api_key, second.site_id, second.access_token) == creds
        headers = auth_headers(second)
        with httpx.Client(base_url=second.base_url, headers=headers, verify=SSL) as client:
            gallery = client.get(f"{P}/galleries/{gid}").json()["gallery"]
    assert gallery["name"] == "kept" and gallery["items"][0]["text"]["html"] == "<p>kept</p>"


def test_explicit_credentials_win(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, api_key="K", site_id="S", access_token="T") as srv:
        assert (srv.api_key, srv.site_id, srv.access_token) == ("K", "S", "T")
        with httpx.Client(base_url=srv.base_url, verify=SSL) as client:
            ok = client.get(f"{P}/galleries", headers={"Authorization": "K", "wix-site-id": "S"})
            assert ok.status_code == 200
            assert client.get(f"{P}/galleries", headers={"Authorization": "Bearer T"}).is_success


def test_stop_is_idempotent_and_base_url_needs_start(tmp_path: Path) -> None:
    srv = SandboxServer(tmp_path)
    with pytest.raises(RuntimeError):
        _ = srv.base_url
    srv.start()
    srv.start()  # no-op
    url = srv.base_url
    assert url.startswith("http://127.0.0.1:")
    srv.stop()
    srv.stop()
    with pytest.raises(httpx.ConnectError), httpx.Client(verify=SSL) as client:
        client.get(f"{url}{P}/galleries")


def test_stop_closes_open_keep_alive_connections(tmp_path: Path) -> None:
    srv = SandboxServer(tmp_path)
    srv.start()
    with httpx.Client(base_url=srv.base_url, verify=SSL, timeout=5) as client:
        headers = {"Authorization": srv.access_token}
        assert client.get(f"{P}/galleries", headers=headers).status_code == 200
        srv.stop()  # returns (how fast: bench/bench_sandbox.py) with the connection open
        with pytest.raises(httpx.TransportError):
            client.get(f"{P}/galleries", headers=headers)


def test_serve_forever_blocks_until_stop(tmp_path: Path) -> None:
    srv = SandboxServer(tmp_path)
    thread = threading.Thread(target=srv.serve_forever)
    thread.start()
    deadline = time.monotonic() + 10
    while True:
        try:
            url = srv.base_url
            break
        except RuntimeError:
            assert time.monotonic() < deadline
            time.sleep(0.01)
    headers = {"Authorization": srv.access_token}
    assert httpx.get(f"{url}{P}/galleries", headers=headers, verify=SSL).status_code == 200
    assert thread.is_alive()
    srv.stop()
    thread.join(5)
    assert not thread.is_alive()


def test_accepted_sockets_have_tcp_nodelay(tmp_path: Path) -> None:
    with SandboxServer(tmp_path) as srv, httpx.Client(base_url=srv.base_url, verify=SSL) as client:
        assert client.get(f"{P}/galleries", headers={"Authorization": srv.access_token}).is_success
        httpd = srv._httpd  # white-box: the keep-alive socket the request came in on
        assert httpd is not None
        sockets = httpd.connections.sockets()
        assert sockets
        for sock in sockets:
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
