"""The window's side of the thumbnail process (galleryman/thumbnailer): starts it, sends it
requests, reads its answers, and starts it again if it dies.

All of it happens on the GUI thread, through a `QProcess`: Qt writes the requests and reads
the answers in C++, and `on_answer` is called from its readyRead signal. No Python thread of
the window is involved. That is the point: a thread of the window that wants Python's GIL
while the GUI thread paints takes it within 5 ms, and the GUI thread then waits until that
thread gets a processor, however little it has to do (measured: the GUI thread blocked 55-67
ms on a busy machine with a sending and a reading thread; README, Scale).

So nothing here may block. `rebase` (where a media URL is fetched from now) returns None
while it cannot say yet (the local sandbox still starting); such requests wait and are tried
again every `REBASE_RETRY_MS`.

If the child dies, the requests it had not answered are sent again to a new one, once; a
request in flight at two deaths fails. A child that dies before it said it was ready cannot
start here (a broken installation), and three children in a row that died with requests in
flight and answered none keep stopping: every request then fails at once, until `reset()`.
"""

from __future__ import annotations

import itertools
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QProcess, QTimer

from galleryman.thumbnailer.protocol import FrameBuffer, encode_frame

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 2  # a request in flight when the child dies is sent once more
STOPPED_WHILE_MAKING = "the thumbnail process stopped while making it"
CANNOT_START = "the thumbnail process could not be started (see the log)"
KEEPS_STOPPING = "the thumbnail process keeps stopping (see the log)"
# Children in a row that died with requests in flight and none answered: then no more are
# started until `reset()` (each would cost an interpreter's start and fail the same way).
DEATHS_IN_A_ROW = 3
REBASE_RETRY_MS = 100

# Children that were closed without waiting (their loader destroyed): kept until they have
# finished, so that Qt never destroys a running QProcess (it would kill it, and warn).
_FINISHING: set[QProcess] = set()


@dataclass(frozen=True)
class ThumbnailRequest:
    key: str
    url: str
    bucket: int
    generation: int


@dataclass(frozen=True)
class ThumbnailAnswer:
    request: ThumbnailRequest
    width: int = 0
    height: int = 0
    layout: str = ""
    pixels: bytes = b""
    reason: str | None = None  # set when there are no pixels


@dataclass(frozen=True)
class _Sent:
    request: ThumbnailRequest
    attempt: int
    child: QProcess


@dataclass
class _Child:
    process: QProcess
    frames: FrameBuffer = field(default_factory=FrameBuffer)
    ready: bool = False  # it said it has started


class ThumbnailProcess:
    def __init__(
        self,
        cache_root: Path,
        max_bytes: int,
        threads: int,
        on_answer: Callable[[ThumbnailAnswer], None],
        rebase: Callable[[str], str | None] | None = None,
    ) -> None:
        self._arguments = [
            "thumbnails", "--cache", str(cache_root), "--max-bytes", str(max_bytes),
            "--threads", str(max(1, threads)),
        ]  # fmt: skip
        self._on_answer = on_answer
        self._rebase = rebase or (lambda url: url)
        self._child: _Child | None = None
        self._sent: dict[int, _Sent] = {}  # sent and not yet answered, by request number
        self._ids = itertools.count()
        self._unplaced: list[tuple[ThumbnailRequest, int]] = []  # waiting for `rebase`
        self._retry = QTimer()
        self._retry.setInterval(REBASE_RETRY_MS)
        self._retry.timeout.connect(self._send_unplaced)
        self._broken: str | None = None  # why no child is started, until reset()
        self._deaths = 0  # children in a row that died with requests in flight, unanswered
        self._generation = 0  # requests of earlier generations are no longer wanted
        self._closing = False

    # ------------------------------------------------------------------ API (GUI thread)

    def start_soon(self) -> None:
        """Start the child now, so that its start-up (an interpreter, httpx, Pillow) is over
        by the time the first thumbnail is wanted."""
        if not self._closing and self._broken is None:
            self._running_child()

    def request(self, request: ThumbnailRequest, attempt: int = 1) -> None:
        if self._closing or request.generation < self._generation:
            return
        try:
            url = self._rebase(request.url)
        except Exception as exc:  # a site that can no longer say where its media is
            self._fail(request, f"could not fetch the thumbnail: {exc}")
            return
        if url is None:  # not known yet: tried again soon
            self._unplaced.append((request, attempt))
            if not self._retry.isActive():
                self._retry.start()
            return
        child = self._running_child() if self._broken is None else None
        if child is None:
            self._fail(request, self._broken or CANNOT_START)
            return
        number = next(self._ids)
        self._sent[number] = _Sent(request, attempt, child.process)
        header = {
            "op": "get", "id": number, "key": request.key, "url": url, "bucket": request.bucket,
            "generation": request.generation,
        }  # fmt: skip
        child.process.write(encode_frame(header))  # buffered by Qt: never blocks

    def cancel(self, generation: int) -> None:
        """Requests of generations before `generation` are dropped: not sent if they have not
        been, dropped from the child's queue if they wait there, their answers ignored."""
        self._generation = generation
        self._unplaced = [(r, a) for r, a in self._unplaced if r.generation >= generation]
        if self._child is not None:
            self._child.process.write(encode_frame({"op": "cancel", "generation": generation}))

    def wait_until_idle(self, timeout_s: float) -> bool:
        """Wait until every request has been answered (or dropped): the child then writes
        nothing to the disk cache. False if that did not happen within `timeout_s`. Blocks
        the GUI thread: for benchmarks and tests, never for the window."""
        deadline = time.monotonic() + timeout_s
        while self._sent or self._unplaced:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._send_unplaced()
            child = self._child
            if child is None:
                return not (self._sent or self._unplaced)
            wait_ms = max(1, int(min(remaining, REBASE_RETRY_MS / 1000) * 1000))
            if not child.process.waitForReadyRead(wait_ms):
                self._read(child)  # it may have ended meanwhile
        return True

    def reset(self) -> None:
        """Try starting the child again (a Retry after it could not start)."""
        self._broken = None
        self._deaths = 0

    def close(self, timeout_s: float | None = 5.0) -> None:
        """Stop: the child finishes what it is doing and exits. With a timeout, wait that
        long for it (and kill it after); with None, return at once."""
        if self._closing:
            return
        self._closing = True
        self._retry.stop()
        self._unplaced.clear()
        child, self._child = self._child, None
        if child is None:
            return
        process = child.process
        process.closeWriteChannel()  # the end of its input
        if timeout_s is None:
            _FINISHING.add(process)
            return
        if not process.waitForFinished(int(timeout_s * 1000)):
            log.warning("the thumbnail process did not stop; ending it")
            process.kill()
            process.waitForFinished(int(timeout_s * 1000))

    @property
    def pid(self) -> int | None:
        """The running child's process id (tests end it to see a restart)."""
        child = self._child
        return int(child.process.processId()) or None if child is not None else None

    # ------------------------------------------------------------------ internals

    def _fail(self, request: ThumbnailRequest, reason: str) -> None:
        self._on_answer(ThumbnailAnswer(request, reason=reason))

    def _send_unplaced(self) -> None:
        unplaced, self._unplaced = self._unplaced, []
        for request, attempt in unplaced:
            self.request(request, attempt)
        if not self._unplaced:
            self._retry.stop()

    def _running_child(self) -> _Child | None:
        """The child, started if need be."""
        if self._child is not None:
            return self._child
        process = QProcess()
        process.setStandardErrorFile(QProcess.nullDevice())
        if sys.platform.startswith("linux"):
            # Linux shares the processors between sessions first (autogroup): in the
            # window's session the process took the GUI thread's share while the machine was
            # busy (README, Scale). It still ends with the window: at the end of its input.
            process.setUnixProcessParameters(QProcess.UnixProcessFlag.CreateNewSession)
        # A frozen (installed) app is its own interpreter: `galleryman thumbnails ...`.
        frozen = bool(getattr(sys, "frozen", False))
        arguments = self._arguments if frozen else ["-m", "galleryman", *self._arguments]
        child = _Child(process)
        process.readyReadStandardOutput.connect(lambda: self._read(child))
        process.finished.connect(lambda _code, _status: self._ended(child))
        process.errorOccurred.connect(lambda error: self._start_failed(child, error))
        self._child = child
        process.start(sys.executable, arguments)
        return child

    def _read(self, child: _Child) -> None:
        try:
            frames = child.frames.feed(bytes(child.process.readAllStandardOutput().data()))
        except ValueError:
            log.exception("the thumbnail process sent something unreadable")
            child.process.kill()
            return
        for header, payload in frames:
            if header.get("op") == "ready":
                child.ready = True
                continue
            sent = self._sent.pop(header.get("id", -1), None)
            self._deaths = 0
            if sent is None or header.get("dropped"):
                continue
            if sent.request.generation < self._generation:
                continue  # cancelled: nobody waits for it
            self._on_answer(
                ThumbnailAnswer(
                    sent.request,
                    width=int(header.get("width", 0)),
                    height=int(header.get("height", 0)),
                    layout=str(header.get("layout", "")),
                    pixels=payload,
                    reason=header.get("reason"),
                )
            )

    def _start_failed(self, child: _Child, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:  # no finished() follows
            log.error("the thumbnail process could not be started: %s", child.process.errorString())
            self._ended(child)

    def _ended(self, child: _Child) -> None:
        process = child.process
        self._read(child)  # what it wrote before it went
        _FINISHING.discard(process)
        process.deleteLater()
        if self._child is child:
            self._child = None
        lost = [n for n, sent in self._sent.items() if sent.child is process]
        unanswered = [self._sent.pop(n) for n in lost]
        if self._closing:
            return
        if unanswered:
            self._deaths += 1
        if not child.ready:
            self._broken = CANNOT_START
            log.error(
                "the thumbnail process ended as it started (exit code %s)", process.exitCode()
            )
        elif self._deaths >= DEATHS_IN_A_ROW:
            self._broken = KEEPS_STOPPING
            log.error("the thumbnail process stopped %s times in a row", DEATHS_IN_A_ROW)
        elif unanswered:
            log.warning("the thumbnail process stopped; starting it again")
        for sent in unanswered:
            if sent.request.generation < self._generation:
                continue
            if self._broken is None and sent.attempt < MAX_ATTEMPTS:
                self.request(sent.request, sent.attempt + 1)
            else:
                self._fail(sent.request, self._broken or STOPPED_WHILE_MAKING)
