"""Media Manager subset, uploads, imports and /media serving of the sandbox."""

from __future__ import annotations

import hashlib
import http.client
import io
import re
import time
from typing import Any

import httpx
import pytest
from PIL import Image

from galleryman.sandbox.server import SandboxServer
from tests.sandbox_support import (
    SSL,
    TIMESTAMP,
    api_fixture,  # noqa: F401  (the api fixture)
    server_fixture,  # noqa: F401  (the server fixture)
)

M = "/site-media/v1"
FILE_ID = re.compile(r"^[0-9a-f]{6}_[0-9a-f]{32}~mv2\.(jpg|png|webp|gif)$")


def picture(size: tuple[int, int], fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    buf = io.BytesIO()
    im = Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30))
    im.save(buf, fmt)
    return buf.getvalue()


def upload_url(api: httpx.Client, mime: str = "image/jpeg", **extra: Any) -> str:
    r = api.post(f"{M}/files/generate-upload-url", json={"mimeType": mime, **extra})
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"uploadUrl"}
    url: str = r.json()["uploadUrl"]
    return url


def upload(
    api: httpx.Client, data: bytes, name: str = "photo.jpg", mime: str = "image/jpeg"
) -> Any:
    r = httpx.put(upload_url(api, mime), params={"filename": name}, content=data, verify=SSL)
    assert r.status_code == 200, r.text
    return r.json()["file"]


def poll_file(api: httpx.Client, file_id: str, deadline: float = 10.0) -> Any:
    end = time.monotonic() + deadline
    while True:
        file = api.get(f"{M}/files/{file_id}").json()["file"]
        if file["operationStatus"] != "PENDING" or time.monotonic() > end:
            return file
        time.sleep(0.02)


def raw_get(server: SandboxServer, path: str) -> tuple[int, bytes]:
    """GET with the path sent byte for byte (httpx would normalise dot segments)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_upload_image_descriptor(api: httpx.Client, server: SandboxServer) -> None:
    data = picture((370, 226))
    url = upload_url(api, fileName="ignored.jpg", sizeInBytes=str(len(data)), labels=["a"])
    assert url.startswith(f"{server.base_url}/upload/")
    file = httpx.put(url, params={"filename": "myfilename.jpg"}, content=data, verify=SSL).json()
    file = file["file"]
    assert FILE_ID.match(file["id"]) and file["id"].endswith(".jpg")
    assert file["url"] == f"{server.base_url}/media/{file['id']}"
    assert file["thumbnailUrl"] == file["url"]
    assert file["displayName"] == "myfilename.jpg"
    assert file["parentFolderId"] == "media-root" and file["private"] is False
    assert file["hash"] == hashlib.md5(data).hexdigest()
    assert file["sizeInBytes"] == str(len(data))
    assert file["mediaType"] == "IMAGE" and file["operationStatus"] == "READY"
    assert file["state"] == "OK" and file["labels"] == ["a"]
    assert file["media"] == {"image": {"image": {
        "id": file["id"], "url": file["url"], "width": 370, "height": 226,
        "filename": "myfilename.jpg",
    }}}  # fmt: skip
    assert TIMESTAMP.match(file["createdDate"])
    assert server.store.get_file(file["id"]) == file
    served = api.get(file["url"])
    assert served.content == data and served.headers["content-type"] == "image/jpeg"
    assert "max-age" in served.headers["cache-control"] and served.headers["etag"]
    again = api.get(file["url"], headers={"If-None-Match": served.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_reput_is_idempotent_and_unknown_token_404(api: httpx.Client) -> None:
    url = upload_url(api, "image/png")
    first = httpx.put(url, content=picture((20, 10), "PNG"), verify=SSL).json()["file"]
    assert first["id"].endswith("~mv2.png")
    second = httpx.put(url, content=picture((99, 99), "PNG"), verify=SSL)
    assert second.status_code == 200 and second.json()["file"] == first
    assert (
        api.get(f"{M}/files/{first['id']}").json()["file"]["media"]["image"]["image"]["width"] == 20
    )
    bogus = url.rsplit("/", 1)[0] + "/" + "A" * 43
    r = httpx.put(bogus, content=b"x", verify=SSL)
    assert r.status_code == 404
    assert r.json()["details"]["applicationError"]["code"] == "NOT_FOUND"
    assert httpx.put(url.rsplit("/", 1)[0] + "/..", content=b"x", verify=SSL).status_code == 404


def test_generate_upload_url_validation(api: httpx.Client) -> None:
    r = api.post(f"{M}/files/generate-upload-url", json={"fileName": "x.jpg"})
    fields = {v["field"] for v in r.json()["details"]["validationError"]["fieldViolations"]}
    assert r.status_code == 400 and fields == {"mimeType"}
    r = api.post(f"{M}/files/generate-upload-url", json={"mimeType": "a/b", "sizeInBytes": "x"})
    assert r.status_code == 400
    assert api.post(f"{M}/files/generate-upload-url", content=b"{").status_code == 400


def test_document_and_fake_image_uploads(api: httpx.Client) -> None:
    doc = upload(api, b"%PDF-1.4 not really", "notes.pdf", "application/pdf")
    assert doc["mediaType"] == "DOCUMENT" and "media" not in doc and "thumbnailUrl" not in doc
    assert doc["operationStatus"] == "READY" and doc["id"].endswith(".pdf")
    served = api.get(doc["url"])
    assert served.content == b"%PDF-1.4 not really"
    assert served.headers["content-type"] == "application/pdf"
    r = httpx.put(upload_url(api, "image/jpeg"), content=b"definitely not a jpeg", verify=SSL)
    assert r.status_code == 400
    assert r.json()["details"]["applicationError"]["description"]
    truncated = picture((300, 300))[:200]
    assert httpx.put(upload_url(api), content=truncated, verify=SSL).status_code == 400
    assert httpx.put(upload_url(api), content=b"", verify=SSL).status_code == 400


def test_upload_size_limit(api: httpx.Client) -> None:
    url = upload_url(api, "application/octet-stream")
    r = httpx.put(url, content=b"\0" * (50 * 1024 * 1024 + 1), verify=SSL, timeout=30)
    assert r.status_code == 413
    assert r.json()["details"]["applicationError"]["code"]
    ok = httpx.put(url, content=b"small", verify=SSL)  # the token is still usable
    assert ok.status_code == 200 and ok.json()["file"]["sizeInBytes"] == "5"


def test_get_file_by_id_and_get_files(api: httpx.Client) -> None:
    a = upload(api, picture((10, 10)))
    b = upload(api, picture((20, 20), "PNG"), "b.png", "image/png")
    assert api.get(f"{M}/files/{a['id']}").json() == {"file": a}
    assert api.get(f"{M}/files/get-file-by-id", params={"fileId": a["id"]}).json() == {"file": a}
    wix_uri = f"wix:image://v1/{a['id']}/photo.jpg#originWidth=10&originHeight=10"
    assert api.get(f"{M}/files/get-file-by-id", params={"fileId": wix_uri}).json()["file"] == a
    r = api.post(f"{M}/files/get-files", json={"fileIds": [b["id"], a["id"]]})
    assert r.json() == {"files": [b, a]}
    missing = "abcdef_00000000000000000000000000000000~mv2.jpg"
    for r in [
        api.get(f"{M}/files/{missing}"),
        api.get(f"{M}/files/get-file-by-id", params={"fileId": "nope"}),
        api.post(f"{M}/files/get-files", json={"fileIds": [a["id"], missing]}),
    ]:
        assert (
            r.status_code == 404 and r.json()["details"]["applicationError"]["code"] == "NOT_FOUND"
        )
    assert api.get(f"{M}/files/get-file-by-id").status_code == 400
    assert api.post(f"{M}/files/get-files", json={"fileIds": "x"}).status_code == 400


def test_import_from_loopback_becomes_ready(api: httpx.Client, server: SandboxServer) -> None:
    source = upload(api, picture((64, 48), "PNG"), "src.png", "image/png")
    r = api.post(
        f"{M}/files/import",
        json={"url": source["url"], "mimeType": "image/png", "displayName": "copy.png",
              "parentFolderId": "folder1"},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    pending = r.json()["file"]
    assert pending["operationStatus"] in ("PENDING", "READY")
    assert "media" not in pending or pending["operationStatus"] == "READY"
    assert pending["sourceUrl"] == source["url"] and FILE_ID.match(pending["id"])
    file = poll_file(api, pending["id"])
    assert file["operationStatus"] == "READY"
    assert file["media"]["image"]["image"]["width"] == 64 and file["displayName"] == "copy.png"
    assert file["hash"] == source["hash"] and file["parentFolderId"] == "folder1"
    assert api.get(file["url"]).content == api.get(source["url"]).content


def test_import_failures(api: httpx.Client, server: SandboxServer) -> None:
    outside = api.post(f"{M}/files/import", json={"url": "https://example.com/x.jpg"})
    assert outside.status_code == 200
    assert outside.json()["file"]["operationStatus"] == "PENDING"
    assert "media" not in outside.json()["file"]
    assert poll_file(api, outside.json()["file"]["id"])["operationStatus"] == "FAILED"
    gone = api.post(f"{M}/files/import", json={"url": f"{server.base_url}/media/nothing.jpg"})
    assert poll_file(api, gone.json()["file"]["id"])["operationStatus"] == "FAILED"
    doc = upload(api, b"plain text", "a.txt", "text/plain")
    wrong = api.post(f"{M}/files/import", json={"url": doc["url"], "mimeType": "image/jpeg"})
    assert poll_file(api, wrong.json()["file"]["id"])["operationStatus"] == "FAILED"
    assert api.get(f"/media/{wrong.json()['file']['id']}").status_code == 404
    for body in [{}, {"url": "ftp://127.0.0.1/x"}, {"url": 5}, {"url": "http://["}]:
        r = api.post(f"{M}/files/import", json=body)
        assert r.status_code == 400
        assert r.json()["details"]["validationError"]["fieldViolations"][0]["field"] == "url"


def scaled(api: httpx.Client, file: Any, spec: str) -> httpx.Response:
    return api.get(f"{file['url']}/v1/{spec}/file.jpg")


def test_fit_and_fill(api: httpx.Client, server: SandboxServer) -> None:
    file = upload(api, picture((300, 200)))
    cases = {
        "fit/w_100,h_100": (100, 67),
        "fit/w_1000,h_1000": (300, 200),  # never upscaled
        "fit/w_300,h_50": (75, 50),
        "fill/w_50,h_50": (50, 50),
        "fill/w_120,h_40,al_c,q_60": (120, 40),
        "fill/w_400,h_400,al_t": (400, 400),
        "fit/w_64,h_64,enc_auto": (64, 43),
    }
    for spec, size in cases.items():
        r = scaled(api, file, spec)
        assert r.status_code == 200, (spec, r.text)
        assert r.headers["content-type"] == "image/jpeg" and r.headers["etag"]
        with Image.open(io.BytesIO(r.content)) as im:
            assert (im.format, im.size) == ("JPEG", size), spec
    cached = sorted(p.name for p in (server.data_dir / "cache").iterdir())
    assert len(cached) == len(cases) and all(n.startswith(file["id"]) for n in cached)
    first = scaled(api, file, "fit/w_100,h_100")
    assert first.content == scaled(api, file, "fit/w_100,h_100").content
    r = api.get(
        f"{file['url']}/v1/fit/w_100,h_100/x.jpg", headers={"If-None-Match": first.headers["etag"]}
    )
    assert r.status_code == 304
    alpha = upload(api, picture((40, 80), "PNG", "RGBA"), "a.png", "image/png")
    with Image.open(io.BytesIO(scaled(api, alpha, "fit/w_20,h_20").content)) as im:
        assert im.size == (10, 20) and im.mode == "RGB"


@pytest.mark.parametrize(
    "spec",
    ["fit/w_0,h_10", "fit/w_10,h_5001", "fit/w_10", "fill/w_-1,h_10", "fit/w_1e3,h_10",
     "fill/w_10,h_10,q_101", "fill/w_10,h_10,al_zz", "crop/w_10,h_10", "fit/w_10,h_10,$$"],
)  # fmt: skip
def test_bad_transformations_are_400(api: httpx.Client, spec: str) -> None:
    file = upload(api, picture((30, 30)))
    assert scaled(api, file, spec).status_code == 400


def test_transforming_a_document_is_400(api: httpx.Client) -> None:
    doc = upload(api, b"text", "a.txt", "text/plain")
    assert scaled(api, doc, "fit/w_10,h_10").status_code == 400


def test_path_traversal_is_rejected(api: httpx.Client, server: SandboxServer) -> None:
    file = upload(api, picture((30, 30)))
    secret = server.api_key.encode()
    attempts = [
        "/media/../credentials.json",
        "/media/..%2Fcredentials.json",
        "/media/%2e%2e%2fcredentials.json",
        "/media/credentials.json",
        "/media/sandbox.sqlite3",
        "/media/..%2F..%2F..%2Fetc%2Fpasswd",
        f"/media/{file['id']}%2F..%2F..%2Fcredentials.json",
        f"/media/..%2F{file['id']}/v1/fit/w_10,h_10/x.jpg",
        "/media/abcdef_00000000000000000000000000000000~mv2.jpg%00.png",
        "/upload/..%2F..%2Fcredentials.json",
    ]
    for path in attempts:
        status, body = raw_get(server, path)
        assert status in (400, 404, 405), path
        assert secret not in body and b"SQLite" not in body
    status, body = raw_get(server, f"/media/{file['id']}/v1/fit/w_10,h_10/..%2F..%2Fx.jpg")
    assert status == 200  # the trailing name is never used as a path
    assert not list((server.data_dir / "media").glob("*credentials*"))


def test_chunked_upload_body(api: httpx.Client) -> None:
    data = picture((50, 40), "PNG")
    chunks = iter([data[:10], data[10:100], data[100:]])
    r = httpx.put(upload_url(api, "image/png"), content=chunks, verify=SSL)
    assert r.status_code == 200, r.text
    assert r.json()["file"]["sizeInBytes"] == str(len(data))
    assert api.get(r.json()["file"]["url"]).content == data


def rotated_photo(orientation: int) -> bytes:
    """400x200 stored pixels, red left half and blue right half, with an EXIF Orientation:
    6 means "turn 90 degrees clockwise to show", so it shows 200x400, red on top."""
    im = Image.new("RGB", (400, 200), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 200, 200))
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif, quality=95)
    return buf.getvalue()


def colour(im: Image.Image, xy: tuple[int, int]) -> str:
    r, _, b = im.convert("RGB").getpixel(xy)
    return "red" if r > 200 and b < 60 else "blue" if b > 200 and r < 60 else "other"


def test_exif_rotated_photo_is_served_upright(api: httpx.Client) -> None:
    data = rotated_photo(6)
    file = upload(api, data)
    info = file["media"]["image"]["image"]
    assert (info["width"], info["height"]) == (200, 400)  # the upright size
    assert api.get(file["url"]).content == data  # the original, byte for byte
    with Image.open(io.BytesIO(scaled(api, file, "fit/w_100,h_100").content)) as im:
        assert im.size == (50, 100)
        assert (colour(im, (25, 5)), colour(im, (25, 95))) == ("red", "blue")
    with Image.open(io.BytesIO(scaled(api, file, "fill/w_60,h_60,al_t").content)) as im:
        assert im.size == (60, 60) and colour(im, (30, 30)) == "red"  # the top of the photo
    with Image.open(io.BytesIO(scaled(api, file, "fit/w_5000,h_5000").content)) as im:
        assert im.size == (200, 400)  # never upscaled, and upright


def test_upside_down_photo_is_turned_and_keeps_its_size(api: httpx.Client) -> None:
    file = upload(api, rotated_photo(3))
    info = file["media"]["image"]["image"]
    assert (info["width"], info["height"]) == (400, 200)
    with Image.open(io.BytesIO(scaled(api, file, "fit/w_100,h_100").content)) as im:
        assert im.size == (100, 50)
        assert (colour(im, (5, 25)), colour(im, (95, 25))) == ("blue", "red")
