"""The window's side of the thumbnail process (galleryman/thumbnailer): starts it, sends it
requests, reads its answers, and starts it again if it dies. No Qt: answers are handed to
`on_answer` on the reading thread.

Two threads of the window talk to the child, and both spend their time blocked in a pipe
(Python's GIL released): the sending thread, which may wait for the local sandbox to start
before it knows a URL (`rebase`) and starts the child when the first request comes; and one
reading thread per child. Neither decodes anything, so neither holds the GIL for more than
microseconds: that is the point of the process.

If the child dies, the requests it had not answered are sent again to a new one, once; a
request in flight at two deaths fails. A child that dies before it said it was ready cannot
start here (a broken installation), and three children in a row that died with requests in
flight and answered none keep stopping: every request then fails at once, until `reset()`.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from galleryman.thumbnailer.protocol import read_frame, write_frame

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 2  # a request in flight when the child dies is sent once more
STOPPED_WHILE_MAKING = "the thumbnail process stopped while making it"
CANNOT_START = "the thumbnail process could not be started (see the log)"
KEEPS_STOPPING = "the thumbnail process keeps stopping (see the log)"
# Children in a row that died with requests in flight and none answered: then no more are
# started until `reset()` (each would cost an interpreter's start and fail the same way).
DEATHS_IN_A_ROW = 3


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
    child: subprocess.Popen[bytes]


class ThumbnailProcess:
    def __init__(
        self,
        cache_root: Path,
        max_bytes: int,
        threads: int,
        on_answer: Callable[[ThumbnailAnswer], None],
        rebase: Callable[[str], str] | None = None,
    ) -> None:
        self._arguments = [
            "thumbnails", "--cache", str(cache_root), "--max-bytes", str(max_bytes),
            "--threads", str(max(1, threads)),
        ]  # fmt: skip
        self._on_answer = on_answer
        self._rebase = rebase or (lambda url: url)
        self._outbox: queue.SimpleQueue[tuple[str, Any, int] | None] = queue.SimpleQueue()
        # Guards _child, _sent, _unsent, _readers, _broken, _deaths; notified when nothing is
        # in flight.
        self._lock = threading.Condition()
        self._child: subprocess.Popen[bytes] | None = None
        self._sent: dict[int, _Sent] = {}  # sent and not yet answered, by request number
        self._unsent = 0  # requests handed to the sending thread and not yet sent
        self._ids = itertools.count()
        self._readers: list[tuple[threading.Thread, subprocess.Popen[bytes]]] = []
        self._broken: str | None = None  # why no child is started, until reset()
        self._deaths = 0  # children in a row that died with requests in flight, unanswered
        self._generation = 0  # requests of earlier generations are no longer wanted
        self._closing = threading.Event()
        self._sender: threading.Thread | None = None

    # ------------------------------------------------------------------ any thread

    def start_soon(self) -> None:
        """Start the child now, on the sending thread, so that its start-up (an interpreter,
        httpx, Pillow) is over by the time the first thumbnail is wanted."""
        if self._ensure_sender():
            self._outbox.put(("start", None, 0))

    def request(self, request: ThumbnailRequest) -> None:
        if self._ensure_sender():
            self._queue_request(request, 1)

    def _ensure_sender(self) -> bool:
        """Whether requests are still taken (the sending thread started if need be)."""
        if self._closing.is_set():
            return False
        if self._sender is None:
            # Daemons: they hold nothing that must be finished (the child writes the disk cache
            # atomically, and ends when this process does), so they never hold up its exit.
            self._sender = threading.Thread(
                target=self._send_all, name="thumbnail-sender", daemon=True
            )
            self._sender.start()
        return True

    def cancel(self, generation: int) -> None:
        """Requests of generations before `generation` are dropped: not sent if they have not
        been, dropped from the child's queue if they wait there, their answers ignored."""
        self._generation = generation
        if self._sender is not None:
            self._outbox.put(("cancel", generation, 0))

    def wait_until_idle(self, timeout_s: float) -> bool:
        """Wait until every request has been answered (or dropped): the process then writes
        nothing to the disk cache. False if that did not happen within `timeout_s`."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._sent and not self._unsent, timeout_s)

    def reset(self) -> None:
        """Try starting the child again (a Retry after it could not start)."""
        with self._lock:
            self._broken = None
            self._deaths = 0

    def close(self, timeout_s: float | None = 5.0) -> None:
        """Stop sending; the child finishes what it is doing and exits. With a timeout, wait
        that long for it (and kill it after); with None, return at once."""
        self._closing.set()
        sender = self._sender
        if sender is None:
            return
        self._outbox.put(None)
        if timeout_s is None:
            return
        sender.join(timeout_s)
        with self._lock:
            readers = list(self._readers)
        for reader, child in readers:
            reader.join(timeout_s)
            if reader.is_alive():
                log.warning("the thumbnail process did not stop; ending it")
                child.kill()
                reader.join(timeout_s)

    @property
    def pid(self) -> int | None:
        """The running child's process id (tests end it to see a restart)."""
        child = self._child
        return child.pid if child is not None else None

    def _queue_request(self, request: ThumbnailRequest, attempt: int) -> None:
        with self._lock:
            self._unsent += 1
        self._outbox.put(("get", request, attempt))

    # ------------------------------------------------------------------ sending thread

    def _send_all(self) -> None:
        while (message := self._outbox.get()) is not None:
            kind, what, attempt = message
            if kind == "cancel":
                self._send({"op": "cancel", "generation": what})
            elif kind == "start":
                with self._lock:
                    if self._broken is None:
                        self._running_child()
            else:
                if what.generation >= self._generation:
                    self._send_request(what, attempt)
                with self._lock:
                    self._unsent -= 1
                    self._lock.notify_all()
        with self._lock:
            child, self._child = self._child, None
        if child is not None and child.stdin is not None:
            with contextlib.suppress(OSError, ValueError):  # it may have died already
                child.stdin.close()  # the child's end of input: it finishes and exits

    def _send_request(self, request: ThumbnailRequest, attempt: int) -> None:
        try:
            url = self._rebase(request.url)
        except Exception as exc:  # a site that can no longer say where its media is
            self._on_answer(
                ThumbnailAnswer(request, reason=f"could not fetch the thumbnail: {exc}")
            )
            return
        with self._lock:
            child = None if self._broken is not None else self._running_child()
            if child is None:
                self._on_answer(ThumbnailAnswer(request, reason=self._broken or CANNOT_START))
                return
            number = next(self._ids)
            self._sent[number] = _Sent(request, attempt, child)
        header = {
            "op": "get", "id": number, "key": request.key, "url": url, "bucket": request.bucket,
            "generation": request.generation,
        }  # fmt: skip
        self._write(child, header)

    def _send(self, header: dict[str, Any]) -> None:
        child = self._child
        if child is not None:
            self._write(child, header)

    def _write(self, child: subprocess.Popen[bytes], header: dict[str, Any]) -> None:
        assert child.stdin is not None
        with contextlib.suppress(BrokenPipeError, ValueError):
            # If it died, its reading thread sends what it had again.
            write_frame(child.stdin, header)

    def _running_child(self) -> subprocess.Popen[bytes] | None:
        """The child, started if need be (under the lock)."""
        if self._child is not None:
            return self._child
        # A frozen (installed) app is its own interpreter: `galleryman thumbnails ...`.
        frozen = bool(getattr(sys, "frozen", False))
        command = [sys.executable, *(() if frozen else ("-m", "galleryman")), *self._arguments]
        try:
            child = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except OSError:
            log.exception("the thumbnail process could not be started")
            self._broken = CANNOT_START
            return None
        reader = threading.Thread(
            target=self._read_all, args=(child,), name="thumbnail-reader", daemon=True
        )
        self._readers = [(r, c) for r, c in self._readers if r.is_alive()] + [(reader, child)]
        self._child = child
        reader.start()
        return child

    # ------------------------------------------------------------------ reading threads

    def _read_all(self, child: subprocess.Popen[bytes]) -> None:
        assert child.stdout is not None
        started = False
        try:
            while (frame := read_frame(child.stdout)) is not None:
                header, payload = frame
                if header.get("op") == "ready":
                    started = True
                    continue
                with self._lock:
                    sent = self._sent.pop(header.get("id", -1), None)
                    self._deaths = 0
                    self._lock.notify_all()
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
        except ValueError:
            log.exception("the thumbnail process sent something unreadable")
            child.kill()
        self._ended(child, started)

    def _ended(self, child: subprocess.Popen[bytes], started: bool) -> None:
        with self._lock:
            if self._child is child:
                self._child = None
            lost = [n for n, sent in self._sent.items() if sent.child is child]
            unanswered = [self._sent.pop(n) for n in lost]
            if unanswered:
                self._deaths += 1
            if not started:
                self._broken = CANNOT_START
            elif self._deaths >= DEATHS_IN_A_ROW:
                self._broken = KEEPS_STOPPING
            broken = self._broken
            self._lock.notify_all()
        code = child.wait()
        assert child.stdout is not None and child.stdin is not None
        child.stdout.close()
        with contextlib.suppress(OSError):  # a write to the dead child may be failing now
            child.stdin.close()
        if self._closing.is_set():
            return
        if not started:
            log.error("the thumbnail process ended as it started (exit code %s)", code)
        elif broken is not None:
            log.error(
                "the thumbnail process stopped %s times in a row; not started again",
                DEATHS_IN_A_ROW,
            )
        elif unanswered:
            log.warning("the thumbnail process stopped (exit code %s); starting it again", code)
        for sent in unanswered:
            if sent.request.generation < self._generation:
                continue
            if broken is None and sent.attempt < MAX_ATTEMPTS:
                self._queue_request(sent.request, sent.attempt + 1)
            else:
                reason = broken or STOPPED_WHILE_MAKING
                self._on_answer(ThumbnailAnswer(sent.request, reason=reason))
