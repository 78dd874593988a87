"""SandboxServer: the programmatic face of the sandbox (used by tests, tools and the CLI).

A request goes: test gates (:mod:`.gate`) -> latency (fault spec and behaviour) -> faults
(:mod:`.faults`) -> routing -> authentication -> rate limit -> handler.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, overload

from galleryman.sandbox.api import GalleryApi
from galleryman.sandbox.auth import authenticate, load_or_create
from galleryman.sandbox.behaviour import Behaviour, Latency
from galleryman.sandbox.connections import ConnectionLimits
from galleryman.sandbox.errors import ApiError, application_error, system_error_body
from galleryman.sandbox.faults import AFTER_KINDS, FaultSpec
from galleryman.sandbox.gate import Gate, Gates
from galleryman.sandbox.handler import SandboxHTTPServer, SandboxHTTPServer6
from galleryman.sandbox.imaging import MediaFiles
from galleryman.sandbox.media import MediaManager
from galleryman.sandbox.processing import MediaProcessing
from galleryman.sandbox.ratelimit import RateLimiter
from galleryman.sandbox.recovery import make_private_dir, remove_temp_files, repair
from galleryman.sandbox.routing import Request, Response, Router
from galleryman.sandbox.scaled_cache import ScaledCache
from galleryman.sandbox.store import Store
from galleryman.sandbox.util import JsonDict, dump_json, parse_json
from galleryman.sandbox.validation import Rules

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LogEntry = tuple[str, str, int]
IMPORT_JOIN_TIMEOUT = 12.0  # an import fetch times out after 10 s
REQUEST_LOG_SIZE = 10_000  # the request log keeps the most recent entries

HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


class RequestLog:
    """Thread-safe, list-like record of the last ``maxlen`` ``(method, path_without_query,
    status)``. Status 0 means the connection was dropped without a response.
    """

    def __init__(self, maxlen: int = REQUEST_LOG_SIZE) -> None:
        self._entries: deque[LogEntry] = deque(maxlen=maxlen)
        self._lock = threading.Lock()

    def append(self, entry: LogEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def snapshot(self) -> list[LogEntry]:
        with self._lock:
            return list(self._entries)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __iter__(self) -> Iterator[LogEntry]:
        return iter(self.snapshot())

    @overload
    def __getitem__(self, index: int) -> LogEntry: ...
    @overload
    def __getitem__(self, index: slice) -> list[LogEntry]: ...
    def __getitem__(self, index: int | slice) -> LogEntry | list[LogEntry]:
        with self._lock:
            if isinstance(index, slice):
                return list(self._entries)[index]
            return self._entries[index]

    def __contains__(self, entry: object) -> bool:
        with self._lock:
            return entry in self._entries

    def __repr__(self) -> str:
        return f"RequestLog({self.snapshot()!r})"


class SandboxServer:
    """A local Wix Pro Gallery + Media Manager server over SQLite and a media folder.

    ``data_dir`` holds ``sandbox.sqlite3``, ``credentials.json``, ``media/`` and ``cache/``
    (all private to the user). Credentials not given are generated once and reused on later
    starts. ``behaviour`` picks how Wix-like it is (:class:`Behaviour`; default: fast and
    lenient); ``limits`` bounds connections (:class:`ConnectionLimits`).
    """

    def __init__(
        self,
        data_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        site_id: str | None = None,
        access_token: str | None = None,
        faults: FaultSpec | None = None,
        behaviour: Behaviour | None = None,
        limits: ConnectionLimits | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        make_private_dir(self.data_dir)
        media_dir, cache_dir = self.data_dir / "media", self.data_dir / "cache"
        make_private_dir(media_dir)
        make_private_dir(cache_dir)
        self._lock_file = _lock_data_dir(self.data_dir)
        creds = load_or_create(self.data_dir, api_key, site_id, access_token)
        self._credentials = creds
        self.api_key, self.site_id, self.access_token = (
            creds.api_key,
            creds.site_id,
            creds.access_token,
        )
        self.host = host
        self.port = port
        self.faults: FaultSpec = faults if faults is not None else FaultSpec()
        self.behaviour = behaviour or Behaviour()
        self.limits = limits or ConnectionLimits()
        self.request_log = RequestLog()
        self.gates = Gates()
        self.latency = Latency(self.behaviour)
        rate = self.behaviour.rate_limit
        self.rate_limiter = RateLimiter(rate, self.behaviour.clock) if rate else None
        remove_temp_files(
            [self.data_dir, media_dir, cache_dir], everything=self._lock_file is not None
        )
        self.store = Store(self.data_dir / "sandbox.sqlite3")
        repair(self.store, media_dir)
        self.processing: MediaProcessing | None = None
        if self.behaviour.async_media:
            self.processing = MediaProcessing(self.store, media_dir, self.behaviour.latency_scale)
            self.processing.resume()
        id_prefix = hashlib.sha1(creds.site_id.encode()).hexdigest()[:6]
        strict = self.behaviour.strict
        self.media = MediaManager(self.store, media_dir, id_prefix, self.processing, strict)
        self.scaled_cache = ScaledCache(cache_dir)
        self.router = Router()
        GalleryApi(self.store, Rules(strict, self.behaviour.null_clears)).register(self.router)
        self.media.register(self.router)
        MediaFiles(self.store, media_dir, self.scaled_cache).register(self.router)
        self._httpd: SandboxHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._state_lock = threading.Lock()
        self._stopped = threading.Event()
        self._base_url = ""

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """``http://<host>:<port>``; available once :meth:`start` has bound the socket."""
        if not self._base_url:
            raise RuntimeError("the sandbox server has not been started")
        return self._base_url

    def start(self) -> None:
        """Listen and serve on a background daemon thread; returns once the socket listens."""
        with self._state_lock:
            if self._stopped.is_set():
                raise RuntimeError("a stopped SandboxServer cannot be started again")
            if self._httpd is not None:
                return
            server_class = SandboxHTTPServer6 if ":" in self.host else SandboxHTTPServer
            httpd = server_class((self.host, self.port), self, self.limits)
            port = int(httpd.server_address[1])
            url_host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(
                self.host, self.host
            )
            if ":" in url_host:
                url_host = f"[{url_host}]"
            self.port = port
            self._base_url = f"http://{url_host}:{port}"
            self.store.base_url = self._base_url
            self._httpd = httpd
            self._thread = threading.Thread(
                target=httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sandbox-http-{port}",
                daemon=True,
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop serving, close every socket and the database. Safe to call twice."""
        with self._state_lock:
            if self._stopped.is_set():
                return
            self._stopped.set()
            httpd, self._httpd = self._httpd, None
        self.gates.release_all()
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
            httpd.close_connections()
        if self._thread is not None:
            self._thread.join(5)
        self.media.join_imports(IMPORT_JOIN_TIMEOUT)
        if self.processing is not None:
            self.processing.stop()
        self.store.close()
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def gate(self, method: str, path_regex: str) -> Gate:
        """Hold requests of ``method`` whose path matches ``path_regex`` (``re.search``)
        before they are processed, until the test releases them (see :mod:`.gate`)."""
        return self.gates.add(method, path_regex)

    def serve_forever(self) -> None:
        """Serve until :meth:`stop` is called (from a signal handler or another thread)."""
        self.start()
        try:
            while not self._stopped.wait(0.5):
                pass
        finally:
            self.stop()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- request processing (called by the HTTP handler threads) ---------------------------
    def note(self, method: str, path: str, status: int) -> None:
        self.request_log.append((method, path, status))

    def process(self, req: Request) -> Response | None:
        """Faults, then routing; returns None when the connection must be dropped."""
        self.gates.wait_at(req.method, req.path)
        faults = self.faults
        kind: str | None = None
        if not req.path.startswith("/media/"):
            kind = faults.pick(req.method, req.path)
            if faults.latency_ms > 0:
                self.behaviour.sleep(faults.latency_ms / 1000.0)
            self.latency.wait()
        response: Response | None
        if kind is None or kind in AFTER_KINDS:
            response = self.dispatch(req)
            if kind == "500-after":
                response = Response.json(system_error_body(), 500)
            elif kind == "drop-after":
                response = None
            elif kind == "malformed-json":
                response = Response(200, response.body[: len(response.body) // 2] or b'{"')
        else:
            response = self._fault_response(kind, faults)
        self.note(req.method, req.path, 0 if response is None else response.status)
        return response

    @staticmethod
    def _fault_response(kind: str, faults: FaultSpec) -> Response | None:
        if kind == "drop-before":
            return None
        if kind == "html-502":
            return Response(502, HTML_502, "text/html")
        if kind in ("429", "429-no-retry-after"):
            error = application_error(
                429, "RESOURCE_EXHAUSTED", "Too many requests", message="Too Many Requests"
            )
            headers = [("Retry-After", faults.retry_after_header())] if kind == "429" else []
            return Response.json(error.body, 429, headers)
        return Response.json(system_error_body(), 503 if kind == "503" else 500)

    def dispatch(self, req: Request) -> Response:
        """Route, authenticate and run one request (no faults)."""
        match = self.router.match(req.method, req.path)
        if isinstance(match, list):
            if not match:
                desc = f"No endpoint at {req.path[:200]}"
                return Response.from_error(application_error(404, "NOT_FOUND", desc))
            error = application_error(
                405, "METHOD_NOT_ALLOWED", f"{req.method} is not allowed here"
            )
            return Response.json(error.body, 405, [("Allow", ", ".join(match))])
        route, params = match
        try:
            if route.auth:
                authenticate(req, self._credentials)
                self._count_against_rate_limit()
            return route.handler(req, params)
        except ApiError as error:
            return Response.from_error(error)
        except Exception:
            log.exception("sandbox handler failed for %s %s", req.method, req.path)
            return Response.json(system_error_body(), 500)

    def _count_against_rate_limit(self) -> None:
        if self.rate_limiter is None:
            return
        wait = self.rate_limiter.acquire()
        if wait is not None:
            limit = self.rate_limiter.limit
            error = application_error(
                429,
                "RESOURCE_EXHAUSTED",
                f"Rate limit of {limit} requests per minute exceeded; retry in {wait} s",
                message="Too Many Requests",
            )
            error.headers.append(("Retry-After", str(wait)))
            raise error

    def local_call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        data: bytes | None = None,
        query: str = "",
    ) -> tuple[int, JsonDict]:
        """Run a request in-process, skipping auth, faults and the request log (for seeding)."""
        raw = data if data is not None else (b"" if body is None else dump_json(body))
        match = self.router.match(method, path)
        if isinstance(match, list):
            raise ValueError(f"no route for {method} {path}")
        route, params = match
        request = Request(method, path, query, {}, raw)
        try:
            response = route.handler(request, params)
        except ApiError as error:
            return error.status, error.body
        result = parse_json(response.body)
        assert isinstance(result, dict)
        return response.status, result


def _lock_data_dir(data_dir: Path) -> IO[bytes] | None:
    """An exclusive lock on the data folder while this server lives; None if another process
    (or server) holds it, or locks are not available here."""
    if fcntl is None:
        return None
    fd = os.open(data_dir / "sandbox.lock", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    handle = os.fdopen(fd, "ab")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle
