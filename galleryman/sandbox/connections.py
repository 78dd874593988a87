"""Bounded connections: a cap on open sockets, idle and receive deadlines, a reaper thread.

One thread serves one connection (ThreadingHTTPServer). Without limits, a client that opens
connections and sends nothing keeps a thread and a descriptor each for as long as it likes, and
enough of them lock every other client (the app!) out of its own local site. So:

* every connection is in one of four phases: ``idle`` (waiting for the first byte of its next
  request), ``head`` / ``body`` (receiving a request), ``busy`` (being processed or answered);
* ``idle`` ends after ``idle_timeout``; ``head`` after ``request_timeout``; ``body`` after
  ``request_timeout`` plus the time its declared length needs at ``min_body_rate``; ``busy``
  never (a request held by a test gate or a slow image transform is the server's own doing);
* at most ``max_connections`` are open: a new one closes the oldest idle one, else the one
  that has been sending its request head for longest, if that has taken more than
  ``SLOW_HEAD_GRACE`` (a real client sends its head at once; a flood of half-sent requests
  would otherwise lock everyone out until their deadlines); only when none of these exists is
  it refused with a 503 and ``Connection: close``.

Closing means ``shutdown(SHUT_RDWR)``: the handler thread blocked on the socket wakes up,
sees end-of-file and ends, closing its descriptor. A refused socket lingers for a moment
(its unread request drained by the reaper) so that closing it does not reset the connection
before the client has read its 503.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from dataclasses import dataclass
from typing import Literal

Phase = Literal["idle", "head", "body", "busy"]
LINGER_SECONDS = 1.0
SLOW_HEAD_GRACE = 1.0  # a head still arriving after this long may make room for a new client
MAX_LINGERING = 64


@dataclass(frozen=True)
class ConnectionLimits:
    max_connections: int = 128
    idle_timeout: float = 15.0  # keep-alive: how long a connection may wait for its next request
    request_timeout: float = 10.0  # to receive a request head (and the base for a body)
    min_body_rate: float = 1024 * 1024  # bytes per second a body must at least arrive at

    def __post_init__(self) -> None:
        if self.max_connections < 1:
            raise ValueError("max_connections must be at least 1")
        if min(self.idle_timeout, self.request_timeout, self.min_body_rate) <= 0:
            raise ValueError("timeouts and the body rate must be positive")


class Connection:
    """The phase and deadline of one accepted socket (changed by its handler thread)."""

    def __init__(self, sock: socket.socket, table: ConnectionTable) -> None:
        self.sock = sock
        self._table = table
        self.phase: Phase = "idle"
        self.since = time.monotonic()
        self.deadline: float | None = self.since + table.limits.idle_timeout
        self.closed = False

    def enter(self, phase: Phase, body_bytes: int = 0) -> None:
        limits = self._table.limits
        now = time.monotonic()
        deadline: float | None
        if phase == "idle":
            deadline = now + limits.idle_timeout
        elif phase == "head":
            deadline = now + limits.request_timeout
        elif phase == "body":
            deadline = now + limits.request_timeout + body_bytes / limits.min_body_rate
        else:
            deadline = None
        with self._table.lock:
            self.phase, self.since, self.deadline = phase, now, deadline
            if deadline is not None and deadline < self._table.next_check:
                self._table.wake_reaper_locked()

    def close(self) -> None:
        """Wake the handler thread (it sees end-of-file); it closes the descriptor itself."""
        self.closed = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)


class ConnectionTable:
    """Every open connection, the admission rule and the reaper that enforces deadlines."""

    def __init__(self, limits: ConnectionLimits) -> None:
        self.limits = limits
        self.lock = threading.Lock()
        self._open: dict[socket.socket, Connection] = {}
        self._wake = threading.Condition(self.lock)
        self._stopping = False
        self.evicted = 0  # idle connections closed to make room (for tests and curiosity)
        self.refused = 0
        self._lingering: dict[socket.socket, float] = {}
        self.next_check = 0.0  # when the reaper looks next (a new earlier deadline wakes it)
        self._reaper = threading.Thread(target=self._reap, name="sandbox-reaper", daemon=True)
        self._reaper.start()

    def admit(self, sock: socket.socket) -> Connection | None:
        """Register a new socket, closing the oldest idle one if full; None = refuse it."""
        with self.lock:
            if len(self._open) >= self.limits.max_connections:
                now = time.monotonic()
                live = [c for c in self._open.values() if not c.closed]
                idle = [c for c in live if c.phase == "idle"]
                slow = [c for c in live if c.phase == "head" and now - c.since > SLOW_HEAD_GRACE]
                if not idle and not slow:
                    self.refused += 1
                    return None
                oldest = min(idle or slow, key=lambda c: c.since)
                del self._open[oldest.sock]
                oldest.close()
                self.evicted += 1
            conn = Connection(sock, self)
            self._open[sock] = conn
            return conn

    def get(self, sock: socket.socket) -> Connection | None:
        with self.lock:
            return self._open.get(sock)

    def forget(self, sock: socket.socket) -> None:
        with self.lock:
            self._open.pop(sock, None)

    def sockets(self) -> list[socket.socket]:
        with self.lock:
            return list(self._open)

    def __len__(self) -> int:
        with self.lock:
            return len(self._open)

    def wake_reaper_locked(self) -> None:
        """Make the reaper look again now (the caller holds the lock)."""
        self._wake.notify()

    def linger(self, sock: socket.socket) -> None:
        """Close ``sock`` (already answered and shut for writing) once the client has closed
        its side or LINGER_SECONDS have passed, draining what it sends meanwhile."""
        with self.lock:
            if len(self._lingering) < MAX_LINGERING and not self._stopping:
                sock.setblocking(False)
                self._lingering[sock] = time.monotonic() + LINGER_SECONDS
                self._wake.notify()
                return
        sock.close()

    def _drain_lingering(self, now: float) -> None:
        """Called by the reaper with the lock held."""
        if not self._lingering:
            return
        readable, _, _ = select.select(list(self._lingering), [], [], 0)
        for sock in list(self._lingering):
            done = self._lingering[sock] <= now or self._stopping
            if sock in readable:
                try:
                    done = done or not sock.recv(65536)
                except BlockingIOError:
                    pass
                except OSError:
                    done = True
            if done:
                del self._lingering[sock]
                with contextlib.suppress(OSError):
                    sock.close()

    def close_all(self) -> None:
        with self.lock:
            conns = list(self._open.values())
        for conn in conns:
            conn.close()

    def stop(self) -> None:
        with self.lock:
            self._stopping = True
            self._wake.notify()
        self._reaper.join(2)

    def _reap(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                self._drain_lingering(now)
                if self._stopping:
                    return
                next_deadline = now + (0.02 if self._lingering else 1.0)
                for conn in list(self._open.values()):
                    if conn.deadline is None or conn.closed:
                        continue
                    if conn.deadline <= now:
                        conn.close()
                    else:
                        next_deadline = min(next_deadline, conn.deadline)
                self.next_check = next_deadline
                self._wake.wait(max(0.01, next_deadline - now))
