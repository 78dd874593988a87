"""The socket side: a keep-alive HTTP/1.1 request handler on ThreadingHTTPServer.

Each response goes out in one ``wfile.write`` (status line, headers and body), always with a
Content-Length. TCP_NODELAY is set on every accepted socket (without it Nagle + delayed ACK
cost ~40 ms per request). Nothing is logged per request, so credentials never reach a log.

Request bodies have limits (:data:`JSON_BODY_LIMIT` for the API, :data:`UPLOAD_BODY_LIMIT` for
``PUT /upload/...``). A body over its limit is answered 413 with Wix's error body before any
handler runs, so nothing is created; a body up to :data:`DRAIN_LIMIT` is read and thrown away
first (so the client, still sending, gets to read the answer and can keep the connection),
a larger one gets its 413 and the connection is closed. Connection limits and deadlines live in
:mod:`galleryman.sandbox.connections`.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import re
import socket
import socketserver
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, cast

from galleryman.sandbox.connections import Connection, ConnectionLimits, ConnectionTable
from galleryman.sandbox.errors import ApiError, application_error, invalid_argument
from galleryman.sandbox.routing import Request, Response
from galleryman.sandbox.util import MAX_UPLOAD_BYTES, dump_json

log = logging.getLogger(__name__)

JSON_BODY_LIMIT = 1024 * 1024  # every API endpoint: plenty for 10,000 item ids
UPLOAD_BODY_LIMIT = MAX_UPLOAD_BYTES
DRAIN_LIMIT = 256 * 1024 * 1024  # read and discard up to this much of a body that is too large
_CHUNK = 1 << 20
_LENGTH_RE = re.compile(r"^[0-9]{1,18}$")
_CHUNK_SIZE_RE = re.compile(rb"^[0-9A-Fa-f]{1,15}$")
_OUT_OF_DESCRIPTORS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}


def body_limit(path: str) -> int:
    return UPLOAD_BODY_LIMIT if path.startswith("/upload/") else JSON_BODY_LIMIT


def too_large(limit: int) -> ApiError:
    return application_error(
        413, "PAYLOAD_TOO_LARGE", f"The request body is larger than {limit} bytes"
    )


class App(Protocol):
    def process(self, request: Request) -> Response | None:
        """The response to send, or None to drop the connection without answering."""

    def note(self, method: str, path: str, status: int) -> None:
        """Record a request that never reached :meth:`process`."""


class _BadRequest(Exception):
    pass


class _BodyTooLarge(Exception):
    def __init__(self, limit: int, drained: bool) -> None:
        super().__init__(limit)
        self.limit = limit
        self.drained = drained


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self, address: tuple[str, int], app: App, limits: ConnectionLimits | None = None
    ) -> None:
        self.app = app
        self.connections = ConnectionTable(limits or ConnectionLimits())
        try:
            super().__init__(address, SandboxRequestHandler)
        except BaseException:
            self.connections.stop()
            raise

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn(), a DNS lookup that can be slow.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def get_request(self) -> tuple[Any, Any]:
        try:
            return super().get_request()
        except OSError as exc:
            if exc.errno in _OUT_OF_DESCRIPTORS:
                time.sleep(0.05)  # let handlers close sockets instead of spinning on accept
            raise

    def process_request(self, request: Any, client_address: Any) -> None:
        if self.connections.admit(request) is None:
            self._refuse(request)
            return
        super().process_request(request, client_address)

    def _refuse(self, sock: socket.socket) -> None:
        """Every connection is busy: a polite 503 from the accepting thread, then close."""
        error = application_error(
            503, "UNAVAILABLE", "Too many open connections; try again shortly"
        )
        body = dump_json(error.body)
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        )
        try:
            sock.settimeout(0.5)
            sock.sendall(head.encode("latin-1") + body)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            sock.close()
            return
        self.connections.linger(sock)

    def shutdown_request(self, request: Any) -> None:
        self.connections.forget(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("sandbox connection error", exc_info=True)

    def server_close(self) -> None:
        super().server_close()
        self.connections.stop()

    def close_connections(self, timeout: float = 2.0) -> None:
        """Wake every handler thread blocked on a keep-alive socket and wait for them to end."""
        self.connections.close_all()
        deadline = time.monotonic() + timeout
        while len(self.connections) and time.monotonic() < deadline:
            time.sleep(0.01)


class SandboxHTTPServer6(SandboxHTTPServer):
    address_family = socket.AF_INET6


class SandboxRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "galleryman-sandbox/1"
    sys_version = ""
    disable_nagle_algorithm = True
    server: SandboxHTTPServer
    conn: Connection | None

    def setup(self) -> None:
        super().setup()
        limits = self.server.connections.limits
        # A backstop only: the reaper enforces the real deadlines.
        self.connection.settimeout(max(limits.idle_timeout, limits.request_timeout) + 5)
        self.conn = self.server.connections.get(self.request)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silence per-request logging (and with it any chance of logging a key)."""

    def _enter(self, phase: Any, body_bytes: int = 0) -> None:
        if self.conn is not None:
            self.conn.enter(phase, body_bytes)

    # -- one request -----------------------------------------------------------------------
    def handle_one_request(self) -> None:
        self.close_connection = True
        self.command = ""
        try:
            self._enter("idle")
            waiting = cast(io.BufferedReader, self.rfile)
            if not waiting.peek(1) or (self.conn is not None and self.conn.closed):
                return  # the client went away, or the reaper ended an idle connection
            self._enter("head")
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline, self.request_version = "", ""
                self.send_error(414)
                return
            if not self.raw_requestline:
                return
            self.close_connection = False
            if not self.parse_request():
                return  # parse_request has answered (through send_error)
            self._serve()
            self.wfile.flush()
        except (OSError, ValueError):
            self.close_connection = True  # timed out, reset, or closed by the reaper

    def handle_expect_100(self) -> bool:
        """Refuse a body that is too large before the client sends it."""
        path = self.path.partition("?")[0]
        try:
            length = self._declared_length()
        except _BadRequest as exc:
            self.send_error(400, str(exc))
            return False
        if length is not None and length > body_limit(path):
            self.close_connection = True
            self.server.app.note(self.command, path, 413)
            self._write(Response.from_error(too_large(body_limit(path))))
            self._linger()
            return False
        return super().handle_expect_100()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol errors found by the standard library, answered in Wix's error format."""
        self.close_connection = True
        if code == 505:  # an HTTP version we do not speak is the client's mistake: a 400
            code, message = 400, "Unsupported HTTP version"
        reason = message or self.responses.get(code, ("Bad request",))[0]
        error = application_error(code, "INVALID_ARGUMENT", reason)
        path = (getattr(self, "path", "") or "").partition("?")[0]
        self.server.app.note(self.command or "", path, code)
        with contextlib.suppress(OSError):
            self._write(Response.from_error(error))

    def _serve(self) -> None:
        path, _, query = self.path.partition("?")
        path = path.partition("#")[0]
        limit = body_limit(path)
        try:
            body = self._read_body(limit)
        except _BadRequest as exc:
            self.close_connection = True
            self.server.app.note(self.command, path, 400)
            self._write(Response.from_error(invalid_argument(str(exc))))
            return
        except _BodyTooLarge as exc:
            self.close_connection = not exc.drained
            self.server.app.note(self.command, path, 413)
            self._write(Response.from_error(too_large(exc.limit)))
            if not exc.drained:
                self._linger()
            return
        except (OSError, ValueError):
            self.close_connection = True  # the client went away mid-body
            return
        self._enter("busy")
        request = Request(self.command, path, query, self.headers, body)
        response = self.server.app.process(request)
        if response is None:
            self._drop()
        else:
            self._write(response)

    # -- body ------------------------------------------------------------------------------
    def _declared_length(self) -> int | None:
        """The Content-Length (None without one); _BadRequest when malformed or ambiguous."""
        values = self.headers.get_all("Content-Length") or []
        if not values:
            return None
        if len({v.strip() for v in values}) != 1 or not _LENGTH_RE.match(values[0].strip()):
            raise _BadRequest("Invalid Content-Length header")
        return int(values[0].strip())

    def _read_body(self, limit: int) -> bytes:
        coding = (self.headers.get("Transfer-Encoding") or "").strip().lower()
        if coding not in ("", "chunked"):
            raise _BadRequest(f"Unsupported Transfer-Encoding {coding[:40]!r} (only chunked)")
        chunked = coding == "chunked"
        length = self._declared_length()
        if chunked:
            # Both headers: RFC 9112 section 6.1 lets a server go by Transfer-Encoding alone,
            # and then it must close the connection (the two could frame the body differently).
            if length is not None:
                self.close_connection = True
            return self._read_chunked(limit)
        if length is None or length == 0:
            return b""
        self._enter("body", min(length, DRAIN_LIMIT))
        if length > limit:
            if length > DRAIN_LIMIT:
                raise _BodyTooLarge(limit, drained=False)
            self._discard(length)
            raise _BodyTooLarge(limit, drained=True)
        body = self.rfile.read(length)
        if len(body) != length:
            raise ConnectionError("request body cut short")
        return body

    def _discard(self, length: int) -> None:
        while length > 0:
            chunk = self.rfile.read(min(length, _CHUNK))
            if not chunk:
                raise ConnectionError("request body cut short")
            length -= len(chunk)

    def _read_chunked(self, limit: int) -> bytes:
        self._enter("body", limit)
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            if not line:
                raise ConnectionError("request body cut short")
            size_text = line.split(b";", 1)[0].strip()
            if not _CHUNK_SIZE_RE.match(size_text):
                raise _BadRequest("Invalid chunked request body")
            size = int(size_text, 16)
            if size == 0:
                break
            total += size
            if total > DRAIN_LIMIT:
                raise _BodyTooLarge(limit, drained=False)
            if total > limit:
                parts.clear()
                self._discard(size)
            else:
                chunk = self.rfile.read(size)
                if len(chunk) != size:
                    raise ConnectionError("request body cut short")
                parts.append(chunk)
            if self.rfile.readline(16) not in (b"\r\n", b"\n"):
                raise _BadRequest("Invalid chunked request body")
        for _ in range(100):  # trailers, up to the blank line
            if self.rfile.readline(8192) in (b"\r\n", b"\n", b""):
                break
        else:
            raise _BadRequest("Too many trailers in a chunked request body")
        if total > limit:
            raise _BodyTooLarge(limit, drained=True)
        return b"".join(parts)

    # -- response --------------------------------------------------------------------------
    def _write(self, response: Response) -> None:
        status = response.status
        reason = self.responses.get(status, ("Unknown",))[0]
        lines = [
            f"HTTP/1.1 {status} {reason}",
            f"Server: {self.server_version}",
            f"Date: {self.date_time_string()}",
            f"Content-Type: {response.content_type}",
        ]
        has_body = status != 304 and self.command != "HEAD"
        if status != 304:
            lines.append(f"Content-Length: {len(response.body)}")
        lines.extend(f"{name}: {value}" for name, value in response.headers)
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        body = response.body if has_body else b""
        if len(body) > 1 << 20:
            self.wfile.write(head)
            self.wfile.write(body)
        else:
            self.wfile.write(head + body)

    def _drop(self) -> None:
        """Close the connection without writing a single byte."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _linger(self) -> None:
        """After an early answer: stop sending, and swallow a little more of what the client
        is still sending, so its 413 is not lost to a TCP reset."""
        with contextlib.suppress(OSError, ValueError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(1.0)
            deadline = time.monotonic() + 2.0
            while time.monotonic() < deadline and self.connection.recv(_CHUNK):
                pass
