"""Media Manager through the client: upload, descriptors, import, waiting for READY."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from galleryman.sandbox.behaviour import Behaviour
from galleryman.sandbox.faults import FaultSpec
from galleryman.sandbox.server import SandboxServer
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.errors import (
    LocalFileError,
    MediaProcessingError,
    NetworkError,
    NotFoundError,
    UploadLinkExpiredError,
)
from galleryman.wix.limits import Limits
from galleryman.wix.models import Item
from galleryman.wix.transport import UPLOAD_CHUNK, RetryPolicy
from galleryman.wix.uploads import UploadPhase, UploadState
from tests.hostile_server import HostileServer
from tests.support import SteppingClock, image_bytes, make_client


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


def _puts(sandbox: SandboxServer) -> int:
    return len([r for r in sandbox.request_log if r[0] == "PUT"])


def _upload_urls(sandbox: SandboxServer) -> int:
    return len([r for r in sandbox.request_log if r[1].endswith("/generate-upload-url")])


def test_a_ready_upload_is_reused_not_sent_again(client: WixClient, sandbox: SandboxServer) -> None:
    state = UploadState()
    first = client.upload_data(image_bytes(40, 30), "a.jpg", "image/jpeg", state=state)
    again = client.upload_data(image_bytes(40, 30), "a.jpg", "image/jpeg", state=state)
    assert again.id == first.id == state.file_id and (again.width, again.height) == (40, 30)
    assert _puts(sandbox) == 1 and _upload_urls(sandbox) == 1
    assert "secret" not in repr(state) and (state.upload_url is None)


def test_a_lost_put_answer_is_resumed_with_the_same_link(
    client: WixClient, sandbox: SandboxServer
) -> None:
    state = UploadState()
    data = image_bytes(50, 40)
    sandbox.faults.inject_next("drop-after", count=50, method="PUT")
    with pytest.raises(NetworkError):
        client.upload_data(data, "lost.jpg", "image/jpeg", state=state)
    assert state.file_id is None and state.upload_url is not None
    sandbox.faults = FaultSpec.parse("")
    file = client.upload_data(data, "lost.jpg", "image/jpeg", state=state)
    with sandbox.store.read() as tx:
        assert len(tx.file_ids()) == 1 == _upload_urls(sandbox)
    assert sandbox.store.get_file(file.id) is not None and state.file_id == file.id


def test_an_expired_link_gets_a_new_one(client: WixClient, sandbox: SandboxServer) -> None:
    state = UploadState(upload_url=f"{sandbox.base_url}/upload/expired0000000000000000")
    file = client.upload_data(image_bytes(20, 20), "late.jpg", "image/jpeg", state=state)
    assert file.is_ready and _upload_urls(sandbox) == 1 and _puts(sandbox) == 2


def test_an_expired_link_says_so(client: WixClient, sandbox: SandboxServer) -> None:
    with pytest.raises(UploadLinkExpiredError) as raised:
        client.upload_bytes(f"{sandbox.base_url}/upload/nope", b"x", "a.jpg", "image/jpeg")
    assert "link expired" in raised.value.user_message
    assert "API key" not in raised.value.user_message


def _bounded(fn: Callable[[], object]) -> BaseException | None:
    """Run `fn` on a thread; fail if it is still running after 10 s (it must not block)."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - returned to the test
            caught.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "upload_file blocked"
    return caught[0] if caught else None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_blocking(client: WixClient, tmp_path: Path) -> None:
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    error = _bounded(lambda: client.upload_file(fifo))
    assert isinstance(error, LocalFileError) and "not a regular file" in error.user_message
    assert client.requests_sent == 0


def test_a_folder_or_device_is_refused(client: WixClient, tmp_path: Path) -> None:
    for path in [tmp_path, Path(os.devnull)]:
        error = _bounded(lambda path=path: client.upload_file(path))
        assert isinstance(error, LocalFileError), path
    assert client.requests_sent == 0


def test_a_file_is_read_with_a_size_bound(sandbox: SandboxServer, tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    path.write_bytes(b"x" * 2000)
    with make_client(sandbox, limits=Limits(max_upload_bytes=1000)) as small:
        with pytest.raises(LocalFileError) as raised:
            small.upload_file(path)
        assert small.requests_sent == 0
    assert "larger than" in raised.value.user_message


@pytest.mark.skipif(os.name == "nt", reason="Windows file names are always Unicode")
def test_a_file_name_that_is_not_utf8_uploads_once(
    client: WixClient, sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.png"))
    try:
        path.write_bytes(image_bytes(12, 10, "PNG"))
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    file = client.upload_file(path)
    assert file.display_name == "caf\ufffd.png" and (file.width, file.height) == (12, 10)
    assert _puts(sandbox) == 1  # sent correctly the first time: no retry loop


def _hostile_client(server: HostileServer, clock: SteppingClock, **limits: float) -> WixClient:
    retry = RetryPolicy(sleep=clock.sleep, clock=clock)
    return WixClient(
        ApiKeyAuth("key", "site"),
        server.base_url,
        rate_limit_per_minute=None,
        retry=retry,
        limits=Limits(**limits),  # type: ignore[arg-type]
    )


def test_a_slow_processing_file_is_waited_for_again_not_uploaded_again() -> None:
    clock = SteppingClock()
    with HostileServer() as server, _hostile_client(server, clock, ready_seconds=10) as client:
        server.wix.pending_polls = 1000
        state = UploadState()
        phases: list[UploadPhase] = []
        with pytest.raises(MediaProcessingError) as raised:
            client.upload_data(
                b"img", "slow.jpg", "image/jpeg", state=state, on_phase=phases.append
            )
        assert "still processing" in raised.value.user_message
        assert state.file_id is not None and phases == [
            UploadPhase.UPLOADING,
            UploadPhase.PROCESSING,
        ]
        assert sum(clock.sleeps) <= 10  # the wait is bounded (by the clock, not for real)
        server.wix.pending_polls = 0
        file = client.upload_data(b"img", "slow.jpg", "image/jpeg", state=state)
        assert file.is_ready and file.id == state.file_id
        assert len(server.sent("PUT")) == 1


def test_a_file_that_failed_on_wix_is_uploaded_again() -> None:
    clock = SteppingClock()
    with HostileServer() as server, _hostile_client(server, clock) as client:
        server.wix.fail = True
        state = UploadState()
        with pytest.raises(MediaProcessingError):
            client.upload_data(b"img", "bad.jpg", "image/jpeg", state=state)
        assert state.file_id is None
        server.wix.fail = False
        file = client.upload_data(b"img", "bad.jpg", "image/jpeg", state=state)
        assert file.is_ready and (file.width, file.height) == (640, 480)
        assert len(server.sent("PUT")) == 2


# ------------------------------------------------------------------ the Wix-like sandbox


@pytest.fixture
def wix_sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    """The sandbox's `--profile wix`: null leaves a field as it was, uploads start PENDING,
    strict requests (no latency, no rate limit: those are the client's other tests)."""
    behaviour = Behaviour.wix(latency_scale=0.0, rate_limit=None)
    server = SandboxServer(tmp_path / "wix", api_key="k", site_id="s", behaviour=behaviour)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _released_on_first_pause(server: SandboxServer) -> tuple[RetryPolicy, Callable[[], None]]:
    """A retry policy whose first pause lets processing finish (and waits for it): the
    upload is seen PENDING exactly once, with no real waiting."""
    assert server.processing is not None
    hold = server.processing.hold()
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        hold.release()
        assert server.processing is not None and server.processing.wait_idle(10)

    return RetryPolicy(sleep=sleep), hold.release


def test_a_pending_upload_is_waited_for_and_becomes_an_item(
    wix_sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "wave.png"
    path.write_bytes(image_bytes(90, 60, "PNG"))
    retry, release = _released_on_first_pause(wix_sandbox)
    phases: list[UploadPhase] = []
    try:
        with make_client(wix_sandbox, retry=retry) as client:
            gallery = client.create_gallery("Async")
            file = client.upload_file(path, on_phase=phases.append)
            item = client.create_item(gallery.id, Item.image_item(file, title="wave"))
    finally:
        release()
    assert phases == [UploadPhase.UPLOADING, UploadPhase.PROCESSING, UploadPhase.READY]
    assert file.is_ready and (file.width, file.height) == (90, 60)
    assert (item.width, item.height) == (90, 60)


def test_an_upload_that_fails_processing_is_uploaded_again_on_retry(
    wix_sandbox: SandboxServer,
) -> None:
    assert wix_sandbox.processing is not None
    wix_sandbox.processing.fail_next()
    state = UploadState()
    with make_client(wix_sandbox, retry=RetryPolicy(sleep=lambda _s: _settle(wix_sandbox))) as c:
        with pytest.raises(MediaProcessingError) as raised:
            c.upload_data(image_bytes(16, 16), "f.jpg", "image/jpeg", state=state)
        assert "failed" in raised.value.user_message and state.file_id is None
        file = c.upload_data(image_bytes(16, 16), "f.jpg", "image/jpeg", state=state)
    assert file.is_ready and state.file_id == file.id
    assert _puts(wix_sandbox) == 2


def _settle(server: SandboxServer) -> None:
    assert server.processing is not None and server.processing.wait_idle(10)


def test_a_loopback_media_url_moves_to_the_sandbox_s_current_port() -> None:
    from galleryman.wix.urls import on_loopback_origin

    kept = "http://127.0.0.1:39965/media/abc~mv2.jpg/v1/fit/w_256,h_256/file.jpg"
    assert on_loopback_origin(kept, "http://127.0.0.1:41000") == (
        "http://127.0.0.1:41000/media/abc~mv2.jpg/v1/fit/w_256,h_256/file.jpg"
    )
    wix = "https://static.wixstatic.com/media/abc~mv2.jpg"
    assert on_loopback_origin(wix, "http://127.0.0.1:41000") == wix  # a real site's: untouched
