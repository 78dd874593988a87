"""Media Manager through the client: upload, descriptors, import, waiting for READY."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from galleryman.sandbox.server import SandboxServer
from galleryman.wix.client import WixClient
from galleryman.wix.errors import MediaProcessingError, NotFoundError
from galleryman.wix.transport import UPLOAD_CHUNK
from tests.support import image_bytes


def test_upload_file_then_descriptors(client: WixClient, sandbox: SandboxServer, tmp_path) -> None:
    path = tmp_path / "beach.png"
    path.write_bytes(image_bytes(120, 80, "PNG"))
    file = client.upload_file(path)
    assert file.operation_status == "READY"
    assert (file.width, file.height) == (120, 80)
    assert file.size_in_bytes == path.stat().st_size
    assert sandbox.store.get_file(file.id) is not None
    assert client.get_file(file.id).id == file.id
    other = client.upload_file(path, display_name="copy.png")
    assert [f.id for f in client.get_files([file.id, other.id])] == [file.id, other.id]


def test_upload_retry_after_a_dropped_answer_makes_one_file(
    client: WixClient, sandbox: SandboxServer
) -> None:
    data = image_bytes(50, 50)
    url = client.generate_upload_url("image/jpeg", "a.jpg", len(data))
    sandbox.faults.inject_next("drop-after", count=1, method="PUT")
    file = client.upload_bytes(url, data, "a.jpg", "image/jpeg")
    assert sandbox.store.get_file(file.id) is not None
    puts = [r for r in sandbox.request_log if r[0] == "PUT"]
    assert len(puts) == 2  # sent again to the same URL, which the server treats as one upload


def test_import_from_url_becomes_ready(client: WixClient, sandbox: SandboxServer) -> None:
    source = client.upload_bytes(
        client.generate_upload_url("image/jpeg", "src.jpg"),
        image_bytes(90, 60),
        "src.jpg",
        "image/jpeg",
    )
    pending = client.import_file(str(source.url), display_name="imported.jpg")
    assert pending.operation_status in ("PENDING", "READY")
    ready = client.wait_until_ready(pending.id, timeout=10)
    assert ready.operation_status == "READY" and (ready.width, ready.height) == (90, 60)


def test_import_that_fails_is_reported(client: WixClient) -> None:
    pending = client.import_file("https://unreachable.example/photo.jpg", mime_type="image/jpeg")
    with pytest.raises(MediaProcessingError) as raised:
        client.wait_until_ready(pending.id, timeout=10)
    assert "failed" in raised.value.user_message


def test_unknown_file_is_not_found(client: WixClient) -> None:
    with pytest.raises(NotFoundError):
        client.get_file("abcdef_00000000000000000000000000000000~mv2.jpg")


def test_upload_reports_progress_as_the_bytes_go_out(
    client: WixClient, sandbox: SandboxServer
) -> None:
    noise = Image.effect_noise((900, 700), 80).convert("RGB")  # does not compress: ~1 MB
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=95)
    data = out.getvalue()
    assert len(data) > 4 * UPLOAD_CHUNK
    url = client.generate_upload_url("image/jpeg", "noise.jpg", len(data))
    fractions: list[float] = []
    file = client.upload_bytes(url, data, "noise.jpg", "image/jpeg", progress=fractions.append)
    assert len(fractions) >= 4
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert file.size_in_bytes == len(data)  # every byte arrived, in one piece
    puts = [r for r in sandbox.request_log if r[0] == "PUT"]
    assert len(puts) == 1
