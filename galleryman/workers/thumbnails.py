"""Thumbnails off the GUI thread: memory cache, then the thumbnail process (disk cache, the
server's scaled copy, decoding; galleryman/thumbnailer).

The view's paint path calls `pixmap()`, so it must be cheap: a `QPixmapCache` hit returns the
pixmap, anything else asks the thumbnail process for at most one thumbnail per (key, size
bucket) and returns None; the view repaints when `ready(key)` arrives. The process answers
with pixels already in the layout a pixmap keeps: the GUI thread only copies them into one.

Why a process and not a thread pool: a pool thread decoding a JPEG holds Python's GIL for a
millisecond or more, and on a busy machine it is preempted while holding it; the GUI thread
then stalls until the pool thread gets a processor back (scrolling stalls of up to 345
ms with six busy programs, against 22-95 ms with the process; README, Scale). The window
talks to the process from the GUI thread, through Qt (workers/thumbnail_process.py).

Switching gallery calls `cancel_pending()`: queued requests are dropped, in the window and in
the process, and an answer already on its way for the old gallery is ignored (each request
carries the generation it was made in).

Answers reach the GUI thread through `run_on_gui_thread`'s relay, and the GUI side checks the
loader still exists. A loader destroyed with its parent ends its process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QPixmapCache

from galleryman.core.thumbcache import ThumbnailDiskCache
from galleryman.workers.gui_thread import run_on_gui_thread
from galleryman.workers.thumbnail_process import (
    ThumbnailAnswer,
    ThumbnailProcess,
    ThumbnailRequest,
)

log = logging.getLogger(__name__)

BUCKETS = (128, 256, 512, 1024)
PIXMAP_CACHE_KB = 256 * 1024
# The thumbnail process's pixel layouts (galleryman/thumbnailer/fetch.py) as Qt names them.
_FORMATS = {
    "BGRa": QImage.Format.Format_ARGB32_Premultiplied,  # little-endian machines
    "RGBa": QImage.Format.Format_RGBA8888_Premultiplied,
}


def bucket_for(size_px: int) -> int:
    """The smallest bucket at least `size_px` (device pixels), so scaling only ever shrinks."""
    return next((b for b in BUCKETS if b >= size_px), BUCKETS[-1])


class ThumbnailLoader(QObject):
    ready = Signal(str)  # the key now has a pixmap
    failed = Signal(str, str)  # key, reason

    def __init__(
        self,
        cache: ThumbnailDiskCache,
        *,
        threads: int = 2,
        parent: QObject | None = None,
        rebase: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.disk_cache = cache  # the process reads and fills it, within its limit
        # Memory-cache keys carry the disk cache's folder: two sites (two caches) may well
        # use the same media ids.
        self._namespace = f"thumb:{cache.root}:"
        # `rebase`: where a stored media URL is fetched from now (the local sandbox changes
        # port); None while that is not known yet (the sandbox starting). Must not block.
        self._process = ThumbnailProcess(
            cache.root, cache.max_bytes, threads, self._deliver, rebase=rebase
        )
        # Not through a method of self: the wrapper may be gone by then.
        self.destroyed.connect(_Closer(self._process))
        # Started now, while the site's first page is read: thumbnails are wanted next.
        self._process.start_soon()
        self._generation = 0
        self._loading: set[tuple[str, int]] = set()
        self._failures: dict[tuple[str, int], ThumbnailRequest] = {}
        self._reasons: dict[tuple[str, int], str] = {}
        self._closed = False
        if QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
            QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
        run_on_gui_thread(lambda: None)  # makes the relay now, on the GUI thread
        self._queued: list[ThumbnailRequest] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._send_queued)

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
        self._start(ThumbnailRequest(key, url, bucket, self._generation))
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
        self._loading.clear()
        self._process.cancel(self._generation)

    def retry_failed(self) -> None:
        """Try every failed thumbnail again (after the network came back, say)."""
        failures = list(self._failures.values())
        self._failures.clear()
        self._reasons.clear()
        self._process.reset()
        for request in failures:
            self._start(
                ThumbnailRequest(request.key, request.url, request.bucket, self._generation)
            )

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop: drop queued requests; the process finishes what it is doing and exits."""
        if self._closed:
            return
        self._closed = True
        if shiboken6.isValid(self):
            self.cancel_pending()
        self._process.close(timeout_ms / 1000)

    def wait_until_idle(self, timeout_ms: int = 10_000) -> bool:
        """Block until the process has answered everything asked of it, so that it writes
        nothing more to the disk cache (benchmarks then clear it; the window never blocks)."""
        self._send_queued()
        return self._process.wait_until_idle(timeout_ms / 1000)

    @property
    def process_id(self) -> int | None:
        """The thumbnail process's id while it runs."""
        return self._process.pid

    # ------------------------------------------------------------------ internals

    def _memory_key(self, key: str, bucket: int) -> str:
        return f"{self._namespace}{key}@{bucket}"

    def _cached(self, key: str, bucket: int) -> QPixmap | None:
        pixmap = QPixmap()
        if QPixmapCache.find(self._memory_key(key, bucket), pixmap) and not pixmap.isNull():
            return pixmap
        return None

    def _start(self, request: ThumbnailRequest) -> None:
        # Queued, not sent: `pixmap()` runs inside paint, which should only draw. The
        # requests are sent together once the paint is over.
        self._loading.add((request.key, request.bucket))
        self._queued.append(request)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _send_queued(self) -> None:
        queued, self._queued = self._queued, []
        for request in queued:
            if request.generation == self._generation and not self._closed:
                self._process.request(request)

    def _deliver(self, answer: ThumbnailAnswer) -> None:
        # Through the relay, although already on the GUI thread: a burst of answers is then
        # taken in at most its budget a turn, between paints and clicks.
        run_on_gui_thread(lambda: self._on_loaded(answer))

    def _on_loaded(self, answer: ThumbnailAnswer) -> None:
        request = answer.request
        if not shiboken6.isValid(self):
            return  # the loader was deleted with its parent: nobody is waiting
        if self._closed or request.generation != self._generation:
            return  # a request from before cancel_pending(): its gallery is no longer shown
        slot = (request.key, request.bucket)
        self._loading.discard(slot)
        image_format = _FORMATS.get(answer.layout)
        if answer.reason is not None or image_format is None:
            reason = answer.reason or "unknown error"
            self._failures[slot] = request
            self._reasons[slot] = reason
            log.info("thumbnail %s failed: %s", request.key, reason)
            self.failed.emit(request.key, reason)
            return
        # The QImage borrows the bytes, which live until fromImage has copied them.
        image = QImage(answer.pixels, answer.width, answer.height, answer.width * 4, image_format)
        pixmap = QPixmap.fromImage(image)
        if not QPixmapCache.insert(self._memory_key(request.key, request.bucket), pixmap):
            log.warning("thumbnail %s does not fit in the pixmap cache", request.key)
        self.ready.emit(request.key)


class _Closer:
    """Ends the thumbnail process when its loader is destroyed, without waiting."""

    def __init__(self, process: ThumbnailProcess) -> None:
        self._process = process

    def __call__(self) -> None:
        self._process.close(timeout_s=None)
