"""Asynchronous media: an uploaded or imported file is PENDING until "processing" finishes.

Wix says a successful upload answer "does not indicate that the upload is complete"; its
descriptor may be PENDING without ``media``. With ``async_media`` on, the sandbox stores the
bytes and a PENDING descriptor at once, keeps the READY descriptor in the ``processing``
table, and a scheduler thread swaps it in after ``0.5 s + 1 s per MB`` (times the latency
scale). A restart finishes what was in flight.

Tests control it without timing: :meth:`MediaProcessing.hold` keeps every file PENDING until
the hold is released; :meth:`fail_next` / :meth:`fail` make files end FAILED;
:meth:`wait_idle` waits until nothing is pending.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import threading
import time
from pathlib import Path
from types import TracebackType

from galleryman.sandbox.store import Store
from galleryman.sandbox.util import JsonDict, now_rfc3339

log = logging.getLogger(__name__)

BASE_DELAY = 0.5  # seconds, before scaling
DELAY_PER_MB = 1.0


class Hold:
    """While held, no file finishes processing; :meth:`release` (or leaving a ``with``)."""

    def __init__(self, owner: MediaProcessing) -> None:
        self._owner = owner
        self._released = False

    def release(self) -> None:
        if not self._released:
            self._released = True
            self._owner._end_hold()

    def __enter__(self) -> Hold:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class MediaProcessing:
    def __init__(self, store: Store, media_dir: Path, latency_scale: float) -> None:
        self.store = store
        self.media_dir = media_dir
        self.latency_scale = latency_scale
        self._cond = threading.Condition()
        self._queue: list[tuple[float, int, str]] = []
        self._seq = itertools.count()
        self._holds = 0
        self._fail_next = 0
        self._fail_ids: set[str] = set()
        self._busy = 0
        self._stopping = False
        self._thread: threading.Thread | None = None

    def delay_for(self, size: int) -> float:
        return (BASE_DELAY + DELAY_PER_MB * size / 1_000_000) * self.latency_scale

    # -- scheduling ------------------------------------------------------------------------
    def submit(self, file_id: str, size: int) -> None:
        """Finish ``file_id`` (whose processing row is committed) after its delay."""
        with self._cond:
            due = time.monotonic() + self.delay_for(size)
            heapq.heappush(self._queue, (due, next(self._seq), file_id))
            if self._thread is None and not self._stopping:
                self._thread = threading.Thread(
                    target=self._run, name="sandbox-media-processing", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()

    def resume(self) -> None:
        """After a restart: schedule every file that was still processing."""
        with self.store.read() as tx:
            pending = tx.processing_ids()
        for file_id, size in pending:
            self.submit(file_id, size)

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(5)

    # -- test controls ---------------------------------------------------------------------
    def hold(self) -> Hold:
        with self._cond:
            self._holds += 1
        return Hold(self)

    def _end_hold(self) -> None:
        with self._cond:
            self._holds -= 1
            self._cond.notify_all()

    def fail_next(self, count: int = 1) -> None:
        """The next ``count`` files to finish end FAILED instead of READY."""
        with self._cond:
            self._fail_next += count

    def fail(self, file_id: str) -> None:
        """This file ends FAILED when its processing finishes."""
        with self._cond:
            self._fail_ids.add(file_id)

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._queue) + self._busy

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until no file is processing (holds must be released for that)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queue and not self._busy, timeout)

    def finish_now(self, file_id: str) -> None:
        """Finish one file at once, hold or not (the demo seeding uses it)."""
        self._finish(file_id, failed=False)

    # -- worker ----------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    if self._queue and not self._holds:
                        wait = self._queue[0][0] - time.monotonic()
                        if wait <= 0:
                            break
                    else:
                        wait = None
                    self._cond.wait(wait)
                if self._stopping:
                    return
                _, _, file_id = heapq.heappop(self._queue)
                failed = file_id in self._fail_ids or self._fail_next > 0
                if file_id in self._fail_ids:
                    self._fail_ids.discard(file_id)
                elif self._fail_next > 0:
                    self._fail_next -= 1
                self._busy += 1
            try:
                self._finish(file_id, failed)
            except Exception:  # the store closed under us (server stopping)
                log.debug("media processing of %s stopped", file_id, exc_info=True)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()

    def _finish(self, file_id: str, failed: bool) -> None:
        if self.store.closed:
            return
        with self.store.write() as tx:
            row = tx.take_processing(file_id)
            if row is None:
                return  # finished already
            ready, content_type = row
            current = tx.file(file_id)
            if failed:
                doc: JsonDict = dict(current[0] if current else ready)
                doc.update(operationStatus="FAILED", updatedDate=now_rfc3339())
                doc.pop("media", None)
                tx.put_file(doc, "application/octet-stream")
            else:
                tx.put_file(dict(ready, updatedDate=now_rfc3339()), content_type)
        if failed:
            with contextlib.suppress(OSError):
                (self.media_dir / file_id).unlink()
