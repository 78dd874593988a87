"""Fixtures and helpers shared by the sandbox tests (tests/test_sandbox_*.py).

The fixtures are defined here once; a test module imports the ones it uses by name
(``from tests.sandbox_support import api_fixture, server_fixture``); pytest registers them
there under their fixture names (``api``, ``server``), so a test's parameter never shadows an
imported name.
"""

from __future__ import annotations

import io
import re
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from galleryman.sandbox.server import SandboxServer

PREFIXES = ["/pro-gallery/v2", "/progallery/v2"]
P = PREFIXES[0]
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
SSL = ssl.create_default_context()  # one for all clients: building it costs ~30 ms


def auth_headers(server: SandboxServer) -> dict[str, str]:
    """The headers of an API-key call to the sandbox's site."""
    return {"Authorization": server.api_key, "wix-site-id": server.site_id}


@pytest.fixture(name="server")
def server_fixture(tmp_path: Path) -> Iterator[SandboxServer]:
    """A started sandbox with generated credentials (unlike conftest's ``sandbox``, whose
    credentials are given explicitly)."""
    srv = SandboxServer(tmp_path / "sandbox")
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(name="api")
def api_fixture(server: SandboxServer) -> Iterator[httpx.Client]:
    """A client authenticated with the server's API key and site id."""
    with httpx.Client(
        base_url=server.base_url, headers=auth_headers(server), timeout=10, verify=SSL
    ) as client:
        yield client


def upload_photo(server: SandboxServer, size: tuple[int, int] = (640, 480)) -> str:
    """A real JPEG uploaded to the sandbox's Media Manager (in-process); its READY file id."""
    buf = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(buf, "JPEG")
    status, body = server.local_call(
        "POST", "/site-media/v1/files/generate-upload-url", {"mimeType": "image/jpeg"}
    )
    assert status == 200, body
    token = body["uploadUrl"].rsplit("/", 1)[1]
    status, body = server.local_call("PUT", f"/upload/{token}", data=buf.getvalue())
    assert status == 200, body
    file_id: str = body["file"]["id"]
    if server.processing is not None:
        server.processing.finish_now(file_id)
    return file_id


@pytest.fixture(name="photo")
def photo_fixture(server: SandboxServer) -> str:
    """The id of a 640x480 photo in the server's Media Manager (items need a real file)."""
    return upload_photo(server)


def image(file_id: str, **extra: Any) -> Any:
    return {"image": {"imageInfo": {"id": file_id, "width": 640, "height": 480}}, **extra}


def make_gallery(api: httpx.Client, prefix: str = P, **gallery: Any) -> dict[str, Any]:
    r = api.post(f"{prefix}/galleries", json={"gallery": gallery})
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()["gallery"]
    return result


def add_item(api: httpx.Client, gid: str, item: dict[str, Any], prefix: str = P) -> Any:
    r = api.post(f"{prefix}/galleries/{gid}/items", json={"item": item})
    assert r.status_code == 200, r.text
    return r.json()["item"]


def violations(r: httpx.Response) -> dict[str, dict[str, Any]]:
    assert r.status_code == 400, r.text
    found = r.json()["details"]["validationError"]["fieldViolations"]
    return {v["field"]: v for v in found}


def app_code(r: httpx.Response) -> str:
    code: str = r.json()["details"]["applicationError"]["code"]
    return code
