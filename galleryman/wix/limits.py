"""Bounds on what a server can make the client do: how long a call may take, how much it reads.

A desktop app must give the user a definite answer, so every call has limits (`Limits`):

* per socket operation: connect 5 s, read or write 10 s of silence (Wix answers in well under
  2 s; ten silent seconds mean a frozen connection, and a fresh one may get through);
* per attempt: 20 s for the whole exchange, the answer's body included, enforced on every
  socket read and write (`DeadlineBackend`), so a server trickling a byte at a time cannot
  hold a call: httpx's own read timeout restarts with every byte;
* per call: 40 s for every attempt and the pauses between them (4 attempts). A call against a
  dead or frozen server therefore fails within 40 s. Waits the user is told about (the local
  rate limit, a 429's Retry-After up to 60 s) do not count against it;
* answers: at most 16 MiB after decompression, counted while streaming (`read_body`), so a
  gzip bomb or a huge body costs at most that much memory; error bodies are read up to 64 KiB.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 5.0
    read_timeout: float = 10.0  # silence while waiting for bytes
    write_timeout: float = 10.0
    attempt_seconds: float = 20.0  # one request and its whole answer
    call_seconds: float = 40.0  # one call: all attempts and the pauses between them
    max_answer_bytes: int = 16 * MiB  # after decompression
    max_error_bytes: int = 64 * 1024  # an error body is only read for its message
    max_retry_after: float = 60.0  # a longer Retry-After fails at once, with a sentence
    max_listed_items: int = 100_000  # per gallery
    max_listed_galleries: int = 10_000
    max_upload_bytes: int = 50 * MiB
    upload_bytes_per_second: float = 128 * 1024  # slowest uplink an upload's deadline allows
    ready_seconds: float = 120.0  # how long an upload or import may stay PENDING

    def http_timeout(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect_timeout,
            read=self.read_timeout,
            write=self.write_timeout,
            pool=self.connect_timeout,
        )

    def upload_seconds(self, size: int) -> float:
        """One upload attempt: the usual deadline plus the time the bytes need at the floor."""
        return self.attempt_seconds + size / self.upload_bytes_per_second


# ------------------------------------------------------------------------ deadlines


class _Deadline(threading.local):
    at: float | None = None
    clock: Callable[[], float] = time.monotonic
    expired = False


_current = _Deadline()


class deadline_for_thread:
    """`with deadline_for_thread(at, clock):` bounds every socket operation of this thread."""

    def __init__(self, at: float, clock: Callable[[], float]) -> None:
        self._at, self._clock = at, clock

    def __enter__(self) -> None:
        _current.at, _current.clock, _current.expired = self._at, self._clock, False

    def __exit__(self, *exc_info: object) -> None:
        _current.at = None


def deadline_passed() -> bool:
    """Whether the last timeout on this thread came from the deadline (not plain silence)."""
    return _current.expired or (_current.at is not None and _current.clock() >= _current.at)


def check_deadline() -> None:
    """Raise httpx.ReadTimeout once this thread's deadline has passed."""
    if _current.at is not None and _current.clock() >= _current.at:
        _current.expired = True
        raise httpx.ReadTimeout("deadline")


def _bounded(timeout: float | None, expired: type[Exception]) -> float | None:
    at = _current.at
    if at is None:
        return timeout
    remaining = at - _current.clock()
    if remaining <= 0:
        _current.expired = True
        raise expired("deadline")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend with every operation's timeout cut to the thread's deadline."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class DeadlineHTTPTransport(httpx.HTTPTransport):
    """httpx's transport over `DeadlineBackend` (httpx has no option for the backend, so its
    connection pool is rebuilt with the same settings)."""

    def __init__(self) -> None:
        super().__init__()
        limits = httpx.Limits()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=DeadlineBackend(),
        )


# ------------------------------------------------------------------------ bodies


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit = limit


_PIECE = 1024 * 1024  # decoded at a time: the memory a body costs stays near its size


class UndecodableBody(Exception):
    """Compressed with an encoding the client did not ask for, or corrupt compressed data."""


def read_body(response: httpx.Response, limit: int, *, truncate: bool = False) -> bytes:
    """The decoded body of a streamed response, at most `limit` bytes.

    The raw bytes are decompressed here, `limit` bytes at most at a time, so a small gzip
    bomb never expands in memory. Past the limit: BodyTooLarge, or with `truncate` the first
    `limit` bytes. The thread's deadline is checked between pieces (a trickle ends there).
    """
    decode = _decoder(response.headers.get("content-encoding", ""))
    pieces: list[bytes] = []
    size = 0
    for data in response.iter_raw():
        check_deadline()
        while data:
            try:
                out, data = decode(data, min(limit - size + 1, _PIECE))
            except zlib.error as exc:
                raise UndecodableBody(f"corrupt compressed data ({exc})") from None
            pieces.append(out)
            size += len(out)
            if size > limit:
                if truncate:
                    return b"".join(pieces)[:limit]
                raise BodyTooLarge(limit)
    return b"".join(pieces)


_Decoder = Callable[[bytes, int], tuple[bytes, bytes]]  # (input, room) -> (output, unread)


def _identity(data: bytes, room: int) -> tuple[bytes, bytes]:
    return data[:room], data[room:]


def _decoder(encoding: str) -> _Decoder:
    """The decoder for a Content-Encoding the client asks for (gzip, deflate) or none."""
    name = encoding.strip().lower()
    if name in ("", "identity"):
        return _identity
    if name in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif name == "deflate":
        wbits = zlib.MAX_WBITS
    else:
        raise UndecodableBody(f"compressed as {encoding[:40]!r}, which the client did not ask for")
    inflater = zlib.decompressobj(wbits)

    def decode(data: bytes, room: int) -> tuple[bytes, bytes]:
        if inflater.eof:
            return b"", b""  # bytes after the end of the compressed stream are ignored
        return inflater.decompress(data, room), inflater.unconsumed_tail

    return decode


ACCEPT_ENCODING = "gzip, deflate"  # only what `read_body` can decode under a size limit
