"""The listing process: a child that parses a listing's pages, so the window's threads don't.

A listing's Python (the checks, the models' parse, the JSON text and columns the catalog
keeps: 4-5 ms a page) ran on an API worker thread, and the window's thread waits behind it
for the interpreter lock; on a busy machine, for as long as that thread waits for a
processor (README, Scale). Here the child runs `parse_page` on each page's body and the
worker's thread only sends the body and unpickles plain tuples, blocked (without the lock)
meanwhile.

`galleryman listing-pages` is the child: it answers each frame (a body) with a frame holding
the pickled fields of its items. The parent never depends on it: until it has said it is
ready, while another thread is using it, if it dies, stalls or answers nonsense, the page is
parsed on the calling thread, as it always was, and gives the same items. A child that died
is started again at the next `start()`, up to `MAX_STARTS` times.
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import queue
import subprocess
import sys
import threading
from typing import IO, Any

from galleryman.sync.listed import ListedItem, parse_page
from galleryman.thumbnailer.protocol import READY, FrameBuffer, widen_pipe, write_frame

log = logging.getLogger(__name__)

ANSWER_SECONDS = 30.0  # a child that takes longer for one page is taken for stuck
MAX_STARTS = 3  # children started in all; after that, pages are parsed in the window
_GONE = object()  # what the reading thread queues at the child's end

Page = tuple[list[ListedItem], str | None] | None  # `ItemPageReader.body`'s answer


def serve(requests_in: IO[bytes], answers_out: IO[bytes]) -> None:
    """The child's loop: each request frame's payload is a page's body; the answer's payload
    is the pickled `(fields of each item, malformed)`, or of None (not a JSON object)."""
    write_frame(answers_out, READY)
    frames = FrameBuffer()
    while chunk := requests_in.read1(1 << 20):  # type: ignore[attr-defined]
        for header, body in frames.feed(chunk):
            try:
                page = parse_page(body)
                fields = None if page is None else ([i.fields() for i in page[0]], page[1])
                answer = pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # a bug: the window parses this page itself
                log.exception("a listing page could not be parsed")
                write_frame(answers_out, {"id": header.get("id"), "failed": repr(exc)})
                continue
            write_frame(answers_out, {"id": header.get("id")}, answer)


def main(argv: list[str]) -> int:
    del argv  # nothing to choose
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    widen_pipe(sys.stdout.buffer)
    serve(sys.stdin.buffer, sys.stdout.buffer)
    return 0


def child_command() -> list[str]:
    # A frozen (installed) app is its own interpreter: `galleryman listing-pages`.
    if getattr(sys, "frozen", False):
        return [sys.executable, "listing-pages"]
    return [sys.executable, "-m", "galleryman", "listing-pages"]


class _Child:
    """A running child and the thread that reads its answers into a queue."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # Windows: no console
        )
        self.ready = threading.Event()
        self.answers: queue.Queue[Any] = queue.Queue()
        self.asked = 0
        self.answered = 0
        threading.Thread(target=self._read, name="listing-process-reader", daemon=True).start()

    def _read(self) -> None:
        frames = FrameBuffer()
        out = self.process.stdout
        assert out is not None
        try:
            while chunk := out.read1(1 << 20):  # type: ignore[attr-defined]
                for header, payload in frames.feed(chunk):
                    if header.get("op") == READY["op"]:
                        self.ready.set()
                    else:
                        self.answers.put((header, payload))
        except (OSError, ValueError):
            log.exception("the listing process sent something unreadable")
            self.process.kill()
        self.answers.put(_GONE)
        out.close()
        self.process.wait()  # reaped: its output has ended, so it is ending

    def ask(self, body: bytes) -> tuple[dict[str, Any], bytes] | None:
        """The answer to this body; None when the child is gone or stuck (then killed)."""
        self.asked += 1
        stdin = self.process.stdin
        assert stdin is not None
        try:
            write_frame(stdin, {"id": self.asked}, body)
            answer = self.answers.get(timeout=ANSWER_SECONDS)
        except (OSError, queue.Empty):
            answer = _GONE
        if answer is _GONE or answer[0].get("id") != self.asked:
            self.stop(kill=True)
            return None
        return answer

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()  # the child ends at the end of its input


class ListingProcess:
    """The parent's side; `parse` may be called from any thread."""

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command or child_command()
        self._lock = threading.Lock()  # guards `_child` and `_starts`
        self._in_use = threading.Lock()  # one page at a time goes to the child
        self._child: _Child | None = None
        self._starts = 0
        self._closed = False

    def start(self) -> None:
        """Start the child if none runs (without waiting for it: pages are parsed here until
        it is ready)."""
        with self._lock:
            if self._closed or self._starts >= MAX_STARTS:
                return
            if self._child is not None and self._child.alive():
                return
            self._starts += 1
            try:
                self._child = _Child(self._command)
            except OSError:
                log.exception("the listing process could not be started")
                self._child = None

    def wait_ready(self, timeout: float) -> bool:
        """Start the child and wait until it takes pages (for tests and benchmarks: the
        window never waits for it)."""
        self.start()
        with self._lock:
            child = self._child
        return child is not None and child.ready.wait(timeout)

    def pages_answered(self) -> int:
        """Pages the running child has answered (0 when none runs)."""
        with self._lock:
            return self._child.answered if self._child is not None else 0

    def parse(self, body: bytes) -> Page:
        """`parse_page(body)`, by the child when it can (started at the first page asked:
        a gallery of one page never needs it)."""
        with self._lock:
            child = self._child
        if child is None:
            self.start()
        if child is None or not child.ready.is_set() or not self._in_use.acquire(blocking=False):
            return parse_page(body)
        try:
            answer = child.ask(body)
        finally:
            self._in_use.release()
        if answer is None:
            log.warning("the listing process stopped answering; pages are parsed here")
            with self._lock:
                if self._child is child:
                    self._child = None  # the next `start()` starts another
            return parse_page(body)
        header, payload = answer
        if "failed" in header:
            log.warning("the listing process could not parse a page: %s", header["failed"])
            return parse_page(body)
        try:
            fields = pickle.loads(payload)
        except Exception:  # a frame of nonsense from it: this page is parsed here
            log.exception("the listing process's answer could not be read")
            return parse_page(body)
        child.answered += 1
        if fields is None:
            return None
        items, malformed = fields
        return [ListedItem.from_fields(f) for f in items], malformed

    def close(self) -> None:
        with self._lock:
            self._closed = True
            child, self._child = self._child, None
        if child is not None:
            child.stop()
