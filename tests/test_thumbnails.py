"""Thumbnails: the disk cache, and the loader against the sandbox's scaled media over HTTP."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import shiboken6
from PIL import Image
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QPixmap, QPixmapCache
from pytestqt.qtbot import QtBot

from galleryman.core.thumbcache import ThumbnailDiskCache
from galleryman.sandbox.server import SandboxServer
from galleryman.wix.client import WixClient
from galleryman.wix.models import FileDescriptor
from galleryman.workers.thumbnails import ThumbnailLoader, bucket_for
from tests.support import image_bytes

# ---------------------------------------------------------------------- the disk cache


def test_disk_cache_round_trip_and_safe_file_names(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path / "thumbs")
    assert cache.get("abc@256") is None
    cache.put("abc@256", b"jpeg bytes")
    hostile = "../../outside/../../etc/passwd"
    cache.put(hostile, b"other")
    assert cache.get("abc@256") == b"jpeg bytes"
    assert cache.get(hostile) == b"other"
    files = [p for p in (tmp_path / "thumbs").rglob("*") if p.is_file()]
    digests = {hashlib.sha1(k.encode()).hexdigest() for k in ("abc@256", hostile)}
    assert {p.stem for p in files} == digests  # names come from the hash, never from the key
    assert all(tmp_path / "thumbs" in p.parents for p in files)
    assert not (tmp_path / "outside").exists()


def test_disk_cache_put_replaces_atomically(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path)
    cache.put("k", b"first")
    cache.put("k", b"second")
    assert cache.get("k") == b"second"
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file() and ".tmp" in p.name]
    assert leftovers == []


def test_disk_cache_prunes_least_recently_used_first(tmp_path: Path) -> None:
    roomy = ThumbnailDiskCache(tmp_path)
    for n in range(5):
        roomy.put(f"k{n}", bytes(3000))  # 15,000 bytes in all
        os.utime(roomy.path_for(f"k{n}"), (1_000_000 + n, 1_000_000 + n))
    cache = ThumbnailDiskCache(tmp_path, max_bytes=10_000)
    cache.get("k0")  # a read makes k0 the most recently used
    cache.prune()
    assert [cache.get(f"k{n}") is not None for n in range(5)] == [True, False, False, True, True]
    assert cache.total_bytes() <= 10_000


def test_disk_cache_prunes_by_itself_as_it_fills(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path, max_bytes=50_000)
    for n in range(100):
        cache.put(f"k{n}", bytes(2000))
    assert cache.total_bytes() <= 50_000
    assert cache.get("k99") is not None


def test_disk_cache_clear(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path)
    for n in range(3):
        cache.put(f"k{n}", b"x")
    cache.clear()
    assert [cache.get(f"k{n}") for n in range(3)] == [None, None, None]
    assert cache.total_bytes() == 0


def test_disk_cache_is_safe_from_many_threads(tmp_path: Path) -> None:
    cache = ThumbnailDiskCache(tmp_path, max_bytes=1_000_000)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for n in range(50):
                key = f"k{n % 10}"  # the threads fight over the same ten keys
                cache.put(key, bytes([t]) * 500)
                data = cache.get(key)
                assert data is not None and len(data) == 500 and len(set(data)) == 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


# ---------------------------------------------------------------------- the loader


def test_buckets() -> None:
    assert [bucket_for(n) for n in (1, 128, 129, 256, 300, 512, 900, 1024, 4000)] == [
        128, 128, 256, 256, 512, 512, 1024, 1024, 1024,
    ]  # fmt: skip


@pytest.fixture
def disk_cache(tmp_path: Path) -> ThumbnailDiskCache:
    return ThumbnailDiskCache(tmp_path / "thumbs")


@pytest.fixture
def loader(disk_cache: ThumbnailDiskCache, qtbot: QtBot) -> Iterator[ThumbnailLoader]:
    thumbs = ThumbnailLoader(disk_cache, threads=2)
    yield thumbs
    thumbs.shutdown()


def upload(client: WixClient, width: int, height: int, name: str) -> FileDescriptor:
    data = image_bytes(width, height, "JPEG")
    url = client.generate_upload_url("image/jpeg", name, len(data))
    return client.upload_bytes(url, data, name, "image/jpeg")


def upload_png_with_alpha(client: WixClient, width: int, height: int) -> FileDescriptor:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste((20, 120, 220, 255), (width // 4, height // 4, width * 3 // 4, height * 3 // 4))
    out = io.BytesIO()
    image.save(out, "PNG")
    data = out.getvalue()
    url = client.generate_upload_url("image/png", "logo.png", len(data))
    return client.upload_bytes(url, data, "logo.png", "image/png")


def media_requests(sandbox: SandboxServer) -> int:
    return sum(1 for _method, path, _status in sandbox.request_log if path.startswith("/media/"))


def load(qtbot: QtBot, thumbs: ThumbnailLoader, key: str, url: str, size: int) -> QPixmap:
    assert thumbs.pixmap(key, url, size) is None
    assert thumbs.state(key, size) == "loading"
    with qtbot.waitSignal(thumbs.ready, check_params_cb=lambda k: k == key, timeout=10_000):
        pass
    pixmap = thumbs.pixmap(key, url, size)
    assert isinstance(pixmap, QPixmap) and not pixmap.isNull()
    assert thumbs.state(key, size) == "ready"
    return pixmap


def test_thumbnail_loads_at_its_bucket_keeping_aspect(
    loader: ThumbnailLoader, client: WixClient, sandbox: SandboxServer, qtbot: QtBot
) -> None:
    file = upload(client, 1600, 1200, "wide.jpg")
    assert loader.state(file.id, 200) == "idle"
    before = media_requests(sandbox)

    pixmap = load(qtbot, loader, file.id, str(file.url), 200)

    assert (pixmap.width(), pixmap.height()) == (256, 192)  # bucket 256, 4:3 kept
    # The scaled copy was asked for, not the original.
    scaled = [p for _m, p, _s in sandbox.request_log[before:] if p.startswith("/media/")]
    assert len(scaled) == 1 and "/v1/fit/w_256,h_256/" in scaled[0]
    # A second call is a memory hit: no new request.
    assert loader.pixmap(file.id, str(file.url), 200) is not None
    assert media_requests(sandbox) == before + 1


@pytest.mark.parametrize("kind", ["jpeg", "png with alpha"])
def test_small_image_is_never_upscaled(
    loader: ThumbnailLoader, client: WixClient, qtbot: QtBot, kind: str
) -> None:
    if kind == "jpeg":
        file = upload(client, 100, 60, "small.jpg")
    else:
        file = upload_png_with_alpha(client, 100, 60)
    pixmap = load(qtbot, loader, file.id, str(file.url), 512)
    assert (pixmap.width(), pixmap.height()) == (100, 60)


def test_portrait_at_a_bigger_bucket(
    loader: ThumbnailLoader, client: WixClient, qtbot: QtBot
) -> None:
    file = upload(client, 900, 1800, "tall.jpg")
    pixmap = load(qtbot, loader, file.id, str(file.url), 300)
    assert (pixmap.width(), pixmap.height()) == (256, 512)


def test_one_request_per_key_and_bucket_however_often_painted(
    loader: ThumbnailLoader, client: WixClient, sandbox: SandboxServer, qtbot: QtBot
) -> None:
    file = upload(client, 400, 300, "p.jpg")
    before = media_requests(sandbox)
    with qtbot.waitSignal(loader.ready, timeout=10_000):
        for _ in range(20):  # the view repaints while the job runs
            assert loader.pixmap(file.id, str(file.url), 128) is None
    assert media_requests(sandbox) == before + 1


def test_second_loader_uses_the_disk_cache_without_http(
    disk_cache: ThumbnailDiskCache, client: WixClient, sandbox: SandboxServer, qtbot: QtBot
) -> None:
    file = upload(client, 800, 600, "cached.jpg")
    first = ThumbnailLoader(disk_cache)
    try:
        load(qtbot, first, file.id, str(file.url), 256)
    finally:
        first.shutdown()
    QPixmapCache.clear()  # as after a restart: only the disk cache remains
    before = media_requests(sandbox)

    second = ThumbnailLoader(disk_cache)
    try:
        pixmap = load(qtbot, second, file.id, str(file.url), 256)
    finally:
        second.shutdown()

    assert (pixmap.width(), pixmap.height()) == (256, 192)
    assert media_requests(sandbox) == before


def test_missing_media_fails_once_and_can_be_retried(
    loader: ThumbnailLoader, sandbox: SandboxServer, qtbot: QtBot
) -> None:
    url = f"{sandbox.base_url}/media/abcdef_00000000000000000000000000000000~mv2.jpg"
    with qtbot.waitSignal(loader.failed, timeout=10_000) as failed:
        assert loader.pixmap("gone", url, 256) is None
    key, reason = failed.args
    assert key == "gone" and "404" in reason
    assert loader.state("gone", 256) == "failed"
    before = media_requests(sandbox)
    assert loader.pixmap("gone", url, 256) is None  # no endless retry from repaints
    assert media_requests(sandbox) == before

    with qtbot.waitSignal(loader.failed, timeout=10_000):
        loader.retry_failed()
    assert media_requests(sandbox) == before + 1


def test_connection_refused_fails(loader: ThumbnailLoader, qtbot: QtBot) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    with qtbot.waitSignal(loader.failed, timeout=10_000) as failed:
        loader.pixmap("offline", f"http://127.0.0.1:{port}/media/x.jpg", 128)
    assert failed.args[0] == "offline"
    assert "could not connect" in failed.args[1]
    assert loader.state("offline", 128) == "failed"


class _Handler(BaseHTTPRequestHandler):
    """A slow media server that counts how many requests it is serving at once."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else keep-alive adds ~40 ms to every answer
    lock = threading.Lock()
    active = 0
    peak = 0
    served = 0
    body = b""
    release: threading.Event | None = None  # if set, each request waits for it

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        cls = type(self)
        with cls.lock:
            cls.active += 1
            cls.peak = max(cls.peak, cls.active)
        try:
            if cls.release is not None:
                cls.release.wait(30)
            time.sleep(0.01)  # a slow server, so that requests would overlap if allowed to
            body = b"these bytes are not an image" if "garbage" in self.path else cls.body
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the thumbnail process was killed mid-download (on purpose)
        finally:
            with cls.lock:
                cls.active -= 1
                cls.served += 1

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def slow_server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"body": image_bytes(300, 200, "JPEG")})
    with serving(handler) as base:
        yield base, handler


@contextlib.contextmanager
def serving(handler: type[_Handler]) -> Iterator[str]:
    """`handler` on a loopback port: its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        if handler.release is not None:
            handler.release.set()  # no request is left waiting for the test
        server.shutdown()
        server.server_close()
        thread.join()


def test_bytes_that_do_not_decode_fail(
    loader: ThumbnailLoader, slow_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    base, _ = slow_server
    with qtbot.waitSignal(loader.failed, timeout=10_000) as failed:
        loader.pixmap("junk", f"{base}/media/garbage.jpg", 128)
    assert failed.args == ["junk", "the server sent something that is not an image"]
    assert loader.failure_reason("junk", 128) == failed.args[1]


def test_never_more_than_threads_downloads_at_once(
    disk_cache: ThumbnailDiskCache, slow_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    base, handler = slow_server
    thumbs = ThumbnailLoader(disk_cache, threads=3)
    ready: set[str] = set()
    thumbs.ready.connect(ready.add)
    try:
        for n in range(200):
            assert thumbs.pixmap(f"k{n}", f"{base}/media/file{n}.jpg", 128) is None
        qtbot.waitUntil(lambda: len(ready) == 200, timeout=30_000)
    finally:
        thumbs.shutdown()
    assert handler.served == 200
    assert handler.peak == 3  # the pool is used fully, and never beyond its size
    pixmap = QPixmapCache.find(f"thumb:{disk_cache.root}:k7@128")
    assert pixmap is not None and (pixmap.width(), pixmap.height()) == (128, 85)


def test_cancel_pending_prevents_ready(
    loader: ThumbnailLoader,
    slow_server: tuple[str, type[_Handler]],
    qtbot: QtBot,
) -> None:
    base, handler = slow_server
    ready: list[str] = []
    loader.ready.connect(ready.append)
    for n in range(30):
        loader.pixmap(f"old{n}", f"{base}/media/old{n}.jpg", 128)
    loader.cancel_pending()  # switched gallery: nothing of the old one may arrive
    assert loader.state("old5", 128) == "idle"
    # The new gallery's thumbnail arrives; by then the old jobs that were running are done.
    with qtbot.waitSignal(loader.ready, timeout=10_000):
        loader.pixmap("new", f"{base}/media/new.jpg", 128)
    qtbot.waitUntil(lambda: handler.active == 0)
    assert ready == ["new"]
    assert handler.served < 30  # queued fetches were dropped, not just ignored


def test_loader_deleted_with_its_parent_mid_download_is_harmless(
    disk_cache: ThumbnailDiskCache, held_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    base, handler = held_server
    owner = QObject()
    thumbs = ThumbnailLoader(disk_cache, threads=2, parent=owner)
    for n in range(6):
        thumbs.pixmap(f"k{n}", f"{base}/media/k{n}.jpg", 128)
    qtbot.waitUntil(lambda: handler.active == 2)  # two downloads held, four queued
    pid = thumbs.process_id
    assert pid is not None
    shiboken6.delete(owner)  # the window closed while downloads were running
    assert not shiboken6.isValid(thumbs)
    handler.release.set()
    qtbot.waitUntil(lambda: not process_exists(pid))  # the process ends with its window
    QCoreApplication.processEvents()  # the answers that came find nobody
    assert handler.served == 2  # what was only queued was dropped
    # What was downloaded was kept.
    assert sum(disk_cache.get(f"k{n}@128") is not None for n in range(6)) == 2
    thumbs.shutdown()  # harmless after


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def held_server() -> Iterator[tuple[str, type[_Handler]]]:
    """A media server that holds every request until the test sets `release`."""
    handler = type(
        "Held", (_Handler,), {"body": image_bytes(300, 200, "JPEG"), "release": threading.Event()}
    )
    with serving(handler) as base:
        yield base, handler


# ---------------------------------------------------------------------- the thumbnail process


def test_a_thumbnail_being_made_when_the_process_dies_comes_from_a_new_one(
    loader: ThumbnailLoader, held_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    base, handler = held_server
    loader.pixmap("k", f"{base}/media/k.jpg", 128)
    qtbot.waitUntil(lambda: handler.active == 1)
    first = loader.process_id
    assert first is not None
    os.kill(first, signal.SIGKILL)  # crashed, or killed by the user, mid-download
    qtbot.waitUntil(lambda: handler.active == 2)  # asked again, by a new process
    assert loader.process_id not in (None, first)
    with qtbot.waitSignal(loader.ready, timeout=10_000) as ready:
        handler.release.set()
    assert ready.args == ["k"]
    pixmap = loader.pixmap("k", f"{base}/media/k.jpg", 128)
    assert pixmap is not None and (pixmap.width(), pixmap.height()) == (128, 85)


def test_a_thumbnail_in_flight_at_two_deaths_fails_and_the_rest_carry_on(
    loader: ThumbnailLoader, held_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    base, handler = held_server
    loader.pixmap("k", f"{base}/media/k.jpg", 128)
    for active in (1, 2):
        qtbot.waitUntil(lambda: handler.active == active)  # noqa: B023 - used at once
        pid = loader.process_id
        assert pid is not None
        if active == 1:
            os.kill(pid, signal.SIGKILL)
    with qtbot.waitSignal(loader.failed, timeout=10_000) as failed:
        os.kill(pid, signal.SIGKILL)
    assert failed.args == ["k", "the thumbnail process stopped while making it"]
    assert loader.state("k", 128) == "failed"
    handler.release.set()
    with qtbot.waitSignal(loader.ready, timeout=10_000) as ready:
        loader.pixmap("other", f"{base}/media/other.jpg", 128)
    assert ready.args == ["other"]


def test_a_process_that_keeps_stopping_is_not_started_again_until_retried(
    loader: ThumbnailLoader, held_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    base, handler = held_server
    failed: list[tuple[str, str]] = []
    loader.failed.connect(lambda key, reason: failed.append((key, reason)))
    # k0 is being made at two deaths, k1 at the third: three children in a row died with
    # requests in flight and answered none.
    loader.pixmap("k0", f"{base}/media/k0.jpg", 128)
    for held in (1, 2, 3):
        if held == 3:
            loader.pixmap("k1", f"{base}/media/k1.jpg", 128)
        qtbot.waitUntil(lambda: handler.active == held)  # noqa: B023 - used at once
        pid = loader.process_id
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: len(failed) == 2)
    assert failed == [
        ("k0", "the thumbnail process stopped while making it"),
        ("k1", "the thumbnail process keeps stopping (see the log)"),
    ]
    with qtbot.waitSignal(loader.failed, timeout=10_000) as more:
        loader.pixmap("k2", f"{base}/media/k2.jpg", 128)
    assert more.args == ["k2", "the thumbnail process keeps stopping (see the log)"]
    assert loader.process_id is None and handler.active == 3  # nothing new was started
    handler.release.set()
    loader.retry_failed()  # the user's Retry: a new process makes all three
    qtbot.waitUntil(lambda: all(loader.state(f"k{n}", 128) == "ready" for n in range(3)))


def test_a_process_that_cannot_start_fails_its_thumbnails_until_retried(
    disk_cache: ThumbnailDiskCache, slow_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    base, _ = slow_server
    # The cache folder became a file: the process stops as it starts, every time.
    disk_cache.root.rmdir()
    disk_cache.root.write_bytes(b"")
    thumbs = ThumbnailLoader(disk_cache)
    failed: list[tuple[str, str]] = []
    thumbs.failed.connect(lambda key, reason: failed.append((key, reason)))
    try:
        for n in range(3):
            thumbs.pixmap(f"k{n}", f"{base}/media/k{n}.jpg", 128)
        qtbot.waitUntil(lambda: len(failed) == 3)
        assert {reason for _key, reason in failed} == {
            "the thumbnail process could not be started (see the log)"
        }
        assert thumbs.state("k2", 128) == "failed"
        disk_cache.root.unlink()  # put right
        with qtbot.waitSignal(thumbs.ready, timeout=10_000):
            thumbs.retry_failed()
        qtbot.waitUntil(lambda: all(thumbs.state(f"k{n}", 128) == "ready" for n in range(3)))
    finally:
        thumbs.shutdown()


def test_after_a_cancel_the_loader_is_idle_once_the_running_downloads_end(
    loader: ThumbnailLoader, held_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    base, handler = held_server
    ready: list[str] = []
    loader.ready.connect(ready.append)
    for n in range(5):
        loader.pixmap(f"k{n}", f"{base}/media/k{n}.jpg", 128)
    qtbot.waitUntil(lambda: handler.active == 2)
    loader.cancel_pending()
    assert not loader.wait_until_idle(timeout_ms=200)  # two downloads are still held
    handler.release.set()
    assert loader.wait_until_idle()  # the queued three were dropped, and said so
    qtbot.waitUntil(lambda: handler.active == 0)  # the server counts after it has answered
    assert handler.served == 2
    QCoreApplication.processEvents()
    assert ready == []  # nothing of the old gallery arrives


def test_the_process_keeps_the_disk_cache_within_the_loader_s_limit(
    tmp_path: Path, slow_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    base, handler = slow_server
    size = len(handler.body)
    cache = ThumbnailDiskCache(tmp_path / "small", max_bytes=size * 5 // 2)  # two and a half
    thumbs = ThumbnailLoader(cache)
    try:
        for n in range(6):  # one at a time, so that the last ones are the newest
            with qtbot.waitSignal(thumbs.ready, timeout=10_000):
                thumbs.pixmap(f"k{n}", f"{base}/media/k{n}.jpg", 128)
        assert thumbs.wait_until_idle()
    finally:
        thumbs.shutdown()
    assert cache.total_bytes() <= cache.max_bytes
    assert [cache.get(f"k{n}@128") is not None for n in range(6)] == [False] * 4 + [True] * 2


WINDOW_PROCESS = """
import sys
from PySide6.QtGui import QGuiApplication
from galleryman.core.thumbcache import ThumbnailDiskCache
from galleryman.workers.thumbnails import ThumbnailLoader

app = QGuiApplication([])
loader = ThumbnailLoader(ThumbnailDiskCache(sys.argv[1]))  # starts its process
print("ready", flush=True)
sys.stdin.read()  # until the test kills us
"""


def test_the_process_ends_when_the_window_s_process_is_killed(tmp_path: Path, qtbot: QtBot) -> None:
    window = subprocess.Popen(
        [sys.executable, "-c", WINDOW_PROCESS, str(tmp_path / "thumbs")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        text=True,
    )
    try:
        assert window.stdout is not None and window.stdout.readline() == "ready\n"
        qtbot.waitUntil(lambda: thumbnail_children(window.pid) != [], timeout=10_000)
        [child] = thumbnail_children(window.pid)
        window.kill()  # no shutdown, no destructor: only the end of the child's input
        window.wait()
        qtbot.waitUntil(lambda: not running(child), timeout=10_000)
    finally:
        window.kill()
        window.wait()
        assert window.stdin is not None and window.stdout is not None
        window.stdin.close()
        window.stdout.close()


def thumbnail_children(parent: int) -> list[int]:
    """The ids of `parent`'s children that run `galleryman thumbnails` (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError):
            continue  # not a process, or one that has just ended
        if int(fields[1]) == parent and b"thumbnails" in command:
            found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Whether `pid` runs: not gone, and not a zombie nobody has reaped yet."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_process_runs_in_a_session_of_its_own(
    disk_cache: ThumbnailDiskCache, slow_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    """Linux shares the processors between sessions first: the process weighs as a program
    of its own, not against the window's share (it still ends with the window: see the
    killed window above)."""
    base, _ = slow_server
    thumbs = ThumbnailLoader(disk_cache)
    try:
        with qtbot.waitSignal(thumbs.ready, timeout=10_000):
            thumbs.pixmap("k", f"{base}/media/k.jpg", 128)
        pid = thumbs.process_id
        assert pid is not None
        assert os.getsid(pid) == pid != os.getsid(0)
    finally:
        thumbs.shutdown()


def test_closing_the_loader_ends_its_process(
    disk_cache: ThumbnailDiskCache, slow_server: tuple[str, type[_Handler]], qtbot: QtBot
) -> None:
    base, _ = slow_server
    thumbs = ThumbnailLoader(disk_cache)
    with qtbot.waitSignal(thumbs.ready, timeout=10_000):
        thumbs.pixmap("k", f"{base}/media/k.jpg", 128)
    pid = thumbs.process_id
    assert pid is not None
    thumbs.shutdown()
    assert not process_exists(pid)  # ended and reaped within shutdown()
    assert thumbs.pixmap("later", f"{base}/media/later.jpg", 128) is None
    assert thumbs.state("later", 128) == "idle"  # nothing is asked of a closed loader


# ---------------------------------------------------------------------- EXIF orientation


def sideways_portrait() -> bytes:
    """A portrait photo as phones store it: 400 × 200 pixels on their side, a red band along
    the stored left edge, and EXIF orientation 6 ("turn 90° clockwise to show"). Shown
    upright it is 200 × 400 with the red band along its top."""
    stored = Image.new("RGB", (400, 200), "white")
    stored.paste((220, 0, 0), (0, 0, 60, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    stored.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def assert_upright(pixmap: QPixmap) -> None:
    image = pixmap.toImage()
    assert image.width() < image.height()
    top = image.pixelColor(image.width() // 2, 3)
    bottom = image.pixelColor(image.width() // 2, image.height() - 4)
    assert top.red() > 180 and top.green() < 80, top.getRgb()  # the red band is on top
    assert min(bottom.getRgb()[:3]) > 200, bottom.getRgb()  # and white below


def test_a_portrait_photo_is_thumbnailed_upright_from_the_sandbox(
    loader: ThumbnailLoader, client: WixClient, qtbot: QtBot
) -> None:
    data = sideways_portrait()
    url = client.generate_upload_url("image/jpeg", "portrait.jpg", len(data))
    file = client.upload_bytes(url, data, "portrait.jpg", "image/jpeg")
    assert_upright(load(qtbot, loader, file.id, str(file.url), 128))


def test_a_scaled_copy_still_carrying_its_orientation_is_turned_upright(
    disk_cache: ThumbnailDiskCache, qtbot: QtBot
) -> None:
    # A server that sends the stored pixels with their EXIF (no turning on its side): the
    # loader turns them, from the network and again from its disk cache.
    handler = type("Handler", (_Handler,), {"body": sideways_portrait()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/media/portrait.jpg"
    try:
        for _round in ("network", "disk cache"):
            QPixmapCache.clear()
            thumbs = ThumbnailLoader(disk_cache)
            try:
                assert_upright(load(qtbot, thumbs, "portrait", url, 128))
            finally:
                thumbs.shutdown()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert handler.served == 1  # the second round came from the disk cache
