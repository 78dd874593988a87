"""Thumbnails off the GUI thread: memory cache, disk cache, then a scaled copy from the server.

The view's paint path calls `pixmap()`, so it must be cheap: a `QPixmapCache` hit returns the
pixmap, anything else starts at most one job per (key, size bucket) on a small thread pool and
returns None; the view repaints when `ready(key)` arrives. A job reads the disk cache or
downloads the server's scaled copy (kilobytes, not the original), decodes it into a `QImage`
(allowed off the GUI thread) and hands it over; only the GUI thread makes the `QPixmap`.

Switching gallery calls `cancel_pending()`: queued jobs are dropped and a job already running
for the old gallery delivers nothing (each job carries the generation it was started in).

Pool threads never emit signals of the loader (which the GUI thread may delete at any time):
results go through `run_on_gui_thread`'s relay, and the GUI side checks the loader still
exists. The pool has no Qt parent, so it is not destroyed half-way through the loader's own
destruction while its threads still run.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import shiboken6
from PIL import Image as PILImage
from PIL import ImageOps
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QPixmapCache

from galleryman.core.thumbcache import ThumbnailDiskCache
from galleryman.wix.urls import thumbnail_url
from galleryman.workers.api_worker import run_on_gui_thread

log = logging.getLogger(__name__)

BUCKETS = (128, 256, 512, 1024)
PIXMAP_CACHE_KB = 256 * 1024
HTTP_TIMEOUT_S = 20.0


def bucket_for(size_px: int) -> int:
    """The smallest bucket at least `size_px` (device pixels), so scaling only ever shrinks."""
    return next((b for b in BUCKETS if b >= size_px), BUCKETS[-1])


@dataclass(frozen=True)
class _Request:
    key: str
    url: str
    bucket: int
    generation: int


@dataclass(frozen=True)
class _Outcome:
    request: _Request
    image: QImage | None
    reason: str | None


class ThumbnailLoader(QObject):
    ready = Signal(str)  # the key now has a pixmap
    failed = Signal(str, str)  # key, reason

    def __init__(
        self,
        cache: ThumbnailDiskCache,
        *,
        threads: int = 2,
        parent: QObject | None = None,
        rebase: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        # Where a stored media URL is fetched from now (the local sandbox changes port).
        self._rebase = rebase or (lambda url: url)
        # Memory-cache keys carry the disk cache's folder: two sites (two caches) may well
        # use the same media ids.
        self._namespace = f"thumb:{cache.root}:"
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(max(1, threads))
        # Thumbnails are public media: no auth header, and one client shares connections.
        # Made by the first fetch, on a pool thread: its TLS set-up cost the GUI thread
        # 60-140 ms each time a site opened.
        self._http_client: httpx.Client | None = None
        self._http_lock = threading.Lock()
        self._generation = 0
        self._loading: set[tuple[str, int]] = set()
        self._failures: dict[tuple[str, int], _Request] = {}
        self._reasons: dict[tuple[str, int], str] = {}
        self._closed = False
        self._closed_event = threading.Event()
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
        run_on_gui_thread(lambda: None)  # makes the relay now, on the GUI thread
        self._queued: list[_Request] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._start_queued)

    # ------------------------------------------------------------------ GUI-thread API

    def pixmap(self, key: str, url: str, size_px: int) -> QPixmap | None:
        """The thumbnail if it is in memory; otherwise start loading it and return None."""
        bucket = bucket_for(size_px)
        found = self._cached(key, bucket)
        if found is not None:
            return found
        slot = (key, bucket)
        if self._closed or slot in self._loading or slot in self._failures:
            return None
        self._start(_Request(key, url, bucket, self._generation))
        return None

    def state(self, key: str, size_px: int) -> str:
        """One of "loading", "ready", "failed" or "idle", for this key at this size."""
        bucket = bucket_for(size_px)
        if self._cached(key, bucket) is not None:
            return "ready"
        slot = (key, bucket)
        if slot in self._loading:
            return "loading"
        if slot in self._failures:
            return "failed"
        return "idle"

    def failure_reason(self, key: str, size_px: int) -> str | None:
        return self._reasons.get((key, bucket_for(size_px)))

    def cancel_pending(self) -> None:
        """Drop every queued fetch; running ones deliver nothing (e.g. switching gallery)."""
        self._generation += 1
        self._queued.clear()
        self._pool.clear()
        self._loading.clear()

    def retry_failed(self) -> None:
        """Try every failed thumbnail again (after the network came back, say)."""
        failures = list(self._failures.values())
        self._failures.clear()
        self._reasons.clear()
        for request in failures:
            self._start(_Request(request.key, request.url, request.bucket, self._generation))

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop: drop queued jobs, wait for running ones, close the HTTP client."""
        if self._closed:
            return
        self._closed = True
        self._closed_event.set()
        self.cancel_pending()
        self._pool.waitForDone(timeout_ms)
        with self._http_lock:
            if self._http_client is not None:
                self._http_client.close()

    # ------------------------------------------------------------------ internals

    def _http(self) -> httpx.Client:
        with self._http_lock:
            if self._closed:
                raise RuntimeError("the thumbnail loader was shut down")
            if self._http_client is None:
                self._http_client = httpx.Client(
                    timeout=HTTP_TIMEOUT_S,
                    follow_redirects=True,
                    headers={"User-Agent": "galleryman"},
                )
            return self._http_client

    def _memory_key(self, key: str, bucket: int) -> str:
        return f"{self._namespace}{key}@{bucket}"

    def _cached(self, key: str, bucket: int) -> QPixmap | None:
        pixmap = QPixmap()
        if QPixmapCache.find(self._memory_key(key, bucket), pixmap) and not pixmap.isNull():
            return pixmap
        return None

    def _start(self, request: _Request) -> None:
        # Queued, not started: `pixmap()` runs inside paint, and a pool thread woken there
        # would claim Python's GIL from the painting GUI thread again and again. The jobs are
        # started together once the paint is over.
        self._loading.add((request.key, request.bucket))
        self._queued.append(request)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _start_queued(self) -> None:
        queued, self._queued = self._queued, []
        for request in queued:
            if request.generation == self._generation and not self._closed:
                self._pool.start(_ThumbnailJob(self, request))

    def _is_current(self, request: _Request) -> bool:
        """Whether a job's answer is still wanted (read from pool threads; ints are atomic)."""
        return request.generation == self._generation and not self._closed_event.is_set()

    def _fetch(self, request: _Request) -> _Outcome:
        """Disk cache, else download; decode. Runs on a pool thread; never raises."""
        disk_key = f"{request.key}@{request.bucket}"
        data = self._cache.get(disk_key)
        if data is not None:
            image = _decode(data, request.bucket)
            if image is not None:
                return _Outcome(request, image, None)
            log.info("dropping an undecodable cached thumbnail for %s", request.key)
        try:
            url = thumbnail_url(self._rebase(request.url), request.bucket, request.bucket)
            response = self._http().get(url)
        except httpx.HTTPError as exc:
            return _Outcome(request, None, _network_reason(exc))
        except (ValueError, RuntimeError) as exc:  # a malformed URL, or the client was closed
            return _Outcome(request, None, f"could not fetch the thumbnail: {exc}")
        if response.status_code != 200:
            phrase = response.reason_phrase or "error"
            return _Outcome(
                request, None, f"the server answered HTTP {response.status_code} ({phrase})"
            )
        image = _decode(response.content, request.bucket)
        if image is None:
            return _Outcome(request, None, "the server sent something that is not an image")
        # Only bytes that decoded are cached, so a bad answer is never served again.
        self._cache.put(disk_key, response.content)
        return _Outcome(request, image, None)

    def _deliver(self, outcome: _Outcome) -> None:
        run_on_gui_thread(lambda: self._on_loaded(outcome))

    def _on_loaded(self, outcome: _Outcome) -> None:
        request = outcome.request
        if not shiboken6.isValid(self):
            return  # the loader was deleted with its parent: nobody is waiting
        if self._closed or request.generation != self._generation:
            return  # a job from before cancel_pending(): its gallery is no longer shown
        slot = (request.key, request.bucket)
        self._loading.discard(slot)
        if outcome.image is None:
            reason = outcome.reason or "unknown error"
            self._failures[slot] = request
            self._reasons[slot] = reason
            log.info("thumbnail %s failed: %s", request.key, reason)
            self.failed.emit(request.key, reason)
            return
        pixmap = QPixmap.fromImage(outcome.image)
        if not QPixmapCache.insert(self._memory_key(request.key, request.bucket), pixmap):
            log.warning("thumbnail %s does not fit in the pixmap cache", request.key)
        self.ready.emit(request.key)


class _ThumbnailJob(QRunnable):
    def __init__(self, loader: ThumbnailLoader, request: _Request) -> None:
        super().__init__()
        self._loader = loader
        self._request = request

    def run(self) -> None:
        if not self._loader._is_current(self._request):
            return  # cancelled while queued: no download at all
        try:
            outcome = self._loader._fetch(self._request)
        except Exception as exc:  # a bug must not kill a pool thread or leave "loading"
            log.exception("thumbnail job for %s failed", self._request.key)
            outcome = _Outcome(self._request, None, f"internal error: {exc}")
        if self._loader._is_current(self._request):
            self._loader._deliver(outcome)


def _decode(data: bytes, bucket: int) -> QImage | None:
    """Decode with Pillow, then wrap the pixels in a QImage.

    Pillow rather than QImage.loadFromData: Qt's image plugins are looked up behind a
    process-wide lock, and a pool thread holding Python's GIL while it waits for that lock
    can deadlock with the GUI thread (seen as an occasional hang of the whole window).
    """
    if not data:
        return None
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.draft("RGB", (bucket, bucket))  # JPEG: decode at a reduced scale
            # Upright as EXIF says: a scaled copy may still carry the original's orientation
            # (turning one that carries none changes nothing).
            upright = ImageOps.exif_transpose(picture)
            # A server that ignored the requested size must not cost a full-size pixmap.
            upright.thumbnail((bucket, bucket), PILImage.Resampling.LANCZOS)
            rgba = upright.convert("RGBA")
    except Exception:  # bytes from the network: any decoder failure means "not an image"
        return None
    width, height = rgba.size
    raw = rgba.tobytes()
    # Converted here (which also makes the QImage own its pixels rather than borrow the bytes
    # object) to the format a pixmap keeps: the GUI thread's QPixmap.fromImage then only
    # copies it.
    image = QImage(raw, width, height, width * 4, QImage.Format.Format_RGBA8888)
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def _network_reason(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "could not connect to the server"
    if isinstance(exc, httpx.TimeoutException):
        return "the server took too long to answer"
    return f"the download failed ({type(exc).__name__})"
