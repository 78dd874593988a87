"""The socket side: a keep-alive HTTP/1.1 request handler on ThreadingHTTPServer.

Each response goes out in one ``wfile.write`` (status line, headers and body), always with a
Content-Length. TCP_NODELAY is set on every accepted socket (without it Nagle + delayed ACK
cost ~40 ms per request). Nothing is logged per request, so credentials never reach a log.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from galleryman.sandbox.errors import invalid_argument
from galleryman.sandbox.routing import Request, Response
from galleryman.sandbox.util import MAX_UPLOAD_BYTES

log = logging.getLogger(__name__)

MAX_BODY_BYTES = MAX_UPLOAD_BYTES
_DRAIN_CHUNK = 1 << 20


class App(Protocol):
    def process(self, request: Request) -> Response | None:
        """The response to send, or None to drop the connection without answering."""

    def note(self, method: str, path: str, status: int) -> None:
        """Record a request that never reached :meth:`process`."""


class _BadRequest(Exception):
    pass


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: App) -> None:
        self.app = app
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, SandboxRequestHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn(), a DNS lookup that can be slow.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("sandbox connection error", exc_info=True)

    def close_connections(self, timeout: float = 2.0) -> None:
        """Wake every handler thread blocked on a keep-alive socket and wait for them to end."""
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._connections_lock:
                if not self._connections:
                    return
            time.sleep(0.01)


class SandboxHTTPServer6(SandboxHTTPServer):
    address_family = socket.AF_INET6


class SandboxRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "galleryman-sandbox/1"
    sys_version = ""
    disable_nagle_algorithm = True
    timeout = 300
    server: SandboxHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silence per-request logging (and with it any chance of logging a key)."""

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    # -- request ---------------------------------------------------------------------------
    def _serve(self) -> None:
        path, _, query = self.path.partition("?")
        path = path.partition("#")[0]
        try:
            body, too_large = self._read_body()
        except _BadRequest as exc:
            self.close_connection = True
            self.server.app.note(self.command, path, 400)
            self._write(Response.from_error(invalid_argument(str(exc))))
            return
        except (OSError, ValueError):
            self.close_connection = True  # the client went away mid-body
            return
        request = Request(self.command, path, query, self.headers, body, too_large)
        response = self.server.app.process(request)
        if response is None:
            self._drop()
        else:
            self._write(response)

    def _read_body(self) -> tuple[bytes, bool]:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return b"", False
        try:
            length = int(length_header)
        except ValueError:
            raise _BadRequest("Invalid Content-Length header") from None
        if length < 0:
            raise _BadRequest("Invalid Content-Length header")
        if length > MAX_BODY_BYTES:
            self._drain(length)
            return b"", True
        body = self.rfile.read(length)
        if len(body) != length:
            raise ConnectionError("request body cut short")
        return body, False

    def _drain(self, length: int) -> None:
        while length > 0:
            chunk = self.rfile.read(min(length, _DRAIN_CHUNK))
            if not chunk:
                raise ConnectionError("request body cut short")
            length -= len(chunk)

    def _read_chunked(self) -> tuple[bytes, bool]:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            if not line:
                raise ConnectionError("request body cut short")
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BadRequest("Invalid chunked request body") from None
            if size == 0:
                break
            total += size
            if total > MAX_BODY_BYTES:
                self._drain(size)
                parts.clear()
            else:
                chunk = self.rfile.read(size)
                if len(chunk) != size:
                    raise ConnectionError("request body cut short")
                parts.append(chunk)
            self.rfile.readline(16)  # CRLF after the chunk
        while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
            pass  # trailers
        return (b"", True) if total > MAX_BODY_BYTES else (b"".join(parts), False)

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
