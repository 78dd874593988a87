"""The "Local sandbox" site: the bundled Wix-compatible server, started in the background on
a free loopback port with its data in the user data folder, seeded with the demo galleries
the first time so a new user sees galleries and thumbnails at once.

The app runs the server in a child process (`galleryman sandbox ...`): its request handling,
JSON and image work then never compete with the GUI thread for Python's GIL, and a crash of
the server cannot take the window down. A watchdog thread notices when the child has died
(killed, crashed), reaps it and starts it again on the same port, so the app's clients and a
Retry carry on; `on_restart` tells the window, which says so. Tests run the server in-process
instead (`in_process=True`), so they can look into its store and inject faults.

Starting takes a while (the child's interpreter and imports; about a second on the first
start, while the child seeds the demo), so the GUI thread never waits for it: `start_soon()`
starts the server on a thread of its own, `client()` (called on the API worker threads) waits
for that start, and `site_id` is known before it, so the window opens the site's catalog at
once. The server, the demo and the HTTP client are imported only when used: importing this
module costs the window's start nothing.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from galleryman.sandbox.behaviour import Behaviour
    from galleryman.sandbox.server import SandboxServer
    from galleryman.wix.client import WixClient

log = logging.getLogger(__name__)

_SEEDED_MARKER = "demo-seeded"
# The server's credentials file (galleryman/sandbox/auth.py): its "siteId" is the sandbox's
# identity. Read and, for a new folder, started here, so the window needs none of the server's
# modules (tests/test_startup.py checks the server keeps what is written).
CREDENTIALS_FILE = "credentials.json"


class SandboxStartError(ChildProcessError):
    """The local sandbox did not start. An OSError, so the window says its sentence."""

    def __init__(self) -> None:
        super().__init__("the local sandbox did not start (see the log)")


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    site_id: str
    api_key: str

    def __repr__(self) -> str:
        return f"Endpoint(base_url={self.base_url!r}, site_id={self.site_id!r})"


class LocalSandbox:
    def __init__(
        self,
        data_dir: Path,
        *,
        seed_demo: bool = True,
        in_process: bool = False,
        on_restart: Callable[[Endpoint], None] | None = None,
        behaviour: Behaviour | None = None,
        options: list[str] | None = None,
    ) -> None:
        self._data_dir = data_dir
        # How the server behaves: in-process as `behaviour`, in the child as command-line
        # `options` (e.g. ["--profile", "wix"] for benchmarks against a Wix-like server).
        self._behaviour = behaviour
        self._options = list(options or [])
        self._seed_demo = seed_demo
        self._in_process = in_process
        self._server: SandboxServer | None = None
        self._process: subprocess.Popen[str] | None = None
        self._endpoint: Endpoint | None = None
        # Called on the watchdog thread after the child was restarted (see the module doc).
        self.on_restart = on_restart
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watchdog: threading.Thread | None = None
        self._starting: Future[Endpoint] | None = None  # the latest start_soon()
        self._start_thread: threading.Thread | None = None
        self._soon_lock = threading.Lock()
        self._site_id: str | None = None
        self._id_lock = threading.Lock()
        self._client_url = ""

    @property
    def site_id(self) -> str:
        """The sandbox's own site id, known before it starts: its folder keeps it (in the
        server's credentials file; for a new folder it is chosen here and written there
        before the server starts, which keeps it), so a restart keeps it and another folder
        is another sandbox."""
        return self._settle_site_id()

    def _settle_site_id(self) -> str:
        with self._id_lock:
            if self._site_id is None:
                self._site_id = _stored_site_id(self._data_dir) or _new_site_id(self._data_dir)
            return self._site_id

    @property
    def endpoint(self) -> Endpoint | None:
        """Where the server answers, once it has started (None before, and after stop)."""
        return self._endpoint

    @property
    def client_url(self) -> str:
        """The address the latest `client()` was made for ("" before the first)."""
        return self._client_url

    @property
    def pid(self) -> int | None:
        """The child process's id (None in-process or before it starts)."""
        return self._process.pid if self._process is not None else None

    @property
    def server(self) -> SandboxServer | None:
        """The in-process server (None before it starts, and always in child-process mode)."""
        return self._server

    def start_soon(self) -> Future[Endpoint]:
        """Start the server on a thread of its own, without waiting: the future holds the
        endpoint, or the `SandboxStartError` that says why it did not start (its callbacks
        run on that thread). A start under way or done is shared; after a failure or a stop
        the next call starts again."""
        with self._soon_lock:
            current = self._starting
            if current is not None and not current.done():
                return current
            future: Future[Endpoint] = Future()
            running = self._endpoint
            if running is not None:  # nothing to start, nor to wait for
                future.set_result(running)
                return future
            future.set_running_or_notify_cancel()
            self._starting = future
            self._start_thread = threading.Thread(
                target=self._start_into,
                args=(future,),
                name="galleryman-sandbox-start",
                daemon=True,
            )
            self._start_thread.start()
            return future

    @property
    def starting(self) -> bool:
        """Whether a start is under way (not blocking)."""
        starting = self._starting
        return starting is not None and not starting.done()

    def _start_into(self, future: Future[Endpoint]) -> None:
        try:
            endpoint = self.start()
        except BaseException as exc:  # whatever it was, those waiting for the start hear it
            log.error("the local sandbox did not start", exc_info=exc)
            failed = exc if isinstance(exc, SandboxStartError) else SandboxStartError()
            if failed is not exc:
                failed.__cause__ = exc  # the details, for the log
            future.set_exception(failed)
        else:
            future.set_result(endpoint)

    def start(self) -> Endpoint:
        """Start the server now and wait for it (blocking: never on the GUI thread)."""
        with self._lock:
            if self._endpoint is None:
                self._data_dir.mkdir(parents=True, exist_ok=True)
                self._settle_site_id()  # before the server reads or makes its credentials
                marker = self._data_dir / _SEEDED_MARKER
                # Seed once: a user who later deletes every gallery does not get them back.
                seed = self._seed_demo and not marker.exists()
                if self._in_process:
                    self._endpoint = self._start_in_process(seed)
                else:
                    self._endpoint = self._start_child(seed)
                    self._stopping.clear()
                    self._watchdog = threading.Thread(
                        target=self._watch, name="galleryman-sandbox-watchdog", daemon=True
                    )
                    self._watchdog.start()
                marker.touch()
                log.info("local sandbox serving at %s", self._endpoint.base_url)
            return self._endpoint

    def client(self) -> WixClient:
        """A client for the sandbox, once it has started (blocking: the API worker threads
        call this, never the GUI thread); no rate limit (nothing to protect on loopback).
        Raises `SandboxStartError` when the sandbox cannot be started."""
        from galleryman.wix.auth import ApiKeyAuth
        from galleryman.wix.client import WixClient

        endpoint = self._endpoint or self.start_soon().result()
        self._client_url = endpoint.base_url
        return WixClient(
            ApiKeyAuth(endpoint.api_key, endpoint.site_id),
            endpoint.base_url,
            rate_limit_per_minute=None,
        )

    def stop(self) -> None:
        # A start under way ends first: stopping under it would leave its watchdog running.
        starting = self._start_thread
        if starting is not None and starting is not threading.current_thread():
            starting.join()
        self._stopping.set()
        with self._lock:
            if self._server is not None:
                self._server.stop()
                self._server = None
            self._end_child()  # which also wakes the watchdog, waiting for the child to end
            self._endpoint = None
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is not None and watchdog is not threading.current_thread():
            watchdog.join()

    def _end_child(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()

    def _watch(self) -> None:
        """Wait for the child to end, and start it again unless the sandbox is stopping.

        It waits in the system (`wait()`, which also reaps the child), not by polling: a
        thread that wakes now and then wants Python's GIL, and one that wants it while the
        GUI thread paints gets it within 5 ms, after which the GUI thread waits until this
        thread has had a processor (README, Scale)."""
        while True:
            with self._lock:
                process, endpoint = self._process, self._endpoint
            if process is None or endpoint is None or self._stopping.is_set():
                return
            process.wait()
            if self._stopping.is_set():
                return
            with self._lock:
                if self._process is not process:
                    continue  # ended and replaced meanwhile
                log.warning(
                    "the local sandbox stopped (exit code %s); starting it again",
                    process.returncode,
                )
                self._end_child()
                try:
                    restarted = self._start_child(False, port=_port_of(endpoint.base_url))
                except OSError:  # SandboxStartError: e.g. the port is taken now
                    log.warning("port %s is taken; the sandbox starts on another one", endpoint)
                    try:
                        restarted = self._start_child(False)
                    except OSError:
                        log.error("the local sandbox could not be started again")
                        self._endpoint = None
                        return  # the next client() starts it, and a watchdog with it
                self._endpoint = restarted
            if self.on_restart is not None:
                self.on_restart(restarted)

    def _start_in_process(self, seed: bool) -> Endpoint:
        from galleryman.sandbox.demo import seed_demo
        from galleryman.sandbox.server import SandboxServer

        server = SandboxServer(self._data_dir, host="127.0.0.1", port=0, behaviour=self._behaviour)
        server.start()
        if seed:
            seed_demo(server)  # a no-op when the store already has galleries
        self._server = server
        return Endpoint(server.base_url, server.site_id, server.api_key)

    def _start_child(self, seed: bool, port: int = 0) -> Endpoint:
        args = ["sandbox", "--host", "127.0.0.1", "--port", str(port), "--exit-with-stdin"]
        args.append("--low-priority")  # a helper of the window: it never slows the window
        args += ["--data-dir", str(self._data_dir), *self._options]
        if seed:
            args.append("--demo")
        # A frozen (installed) app is its own interpreter: `galleryman sandbox ...`.
        command = (
            [sys.executable, *args] if _frozen() else [sys.executable, "-m", "galleryman", *args]
        )
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,  # never written: its end tells the child we are gone
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self._process = process
        assert process.stdout is not None
        line = process.stdout.readline()  # the server prints one line once it listens
        try:
            return parse_banner(line)
        except ValueError:
            self._end_child()
            raise SandboxStartError() from None


def _stored_site_id(data_dir: Path) -> str | None:
    """The site id in the sandbox's credentials file, read without importing the server's
    modules (they cost the window's start 20-40 ms)."""
    try:
        stored = json.loads((data_dir / CREDENTIALS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    site_id = stored.get("siteId") if isinstance(stored, dict) else None
    return site_id if isinstance(site_id, str) and site_id else None


def _new_site_id(data_dir: Path) -> str:
    """A site id for a new folder, written where the server looks for it: it keeps it and adds
    its keys at its first start. A file that is there but unreadable is the server's to
    repair (it makes new credentials)."""
    site_id = str(uuid.uuid4())
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(data_dir / CREDENTIALS_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        from galleryman.sandbox.auth import load_or_create

        return load_or_create(data_dir).site_id
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump({"siteId": site_id}, file)
        file.flush()
        os.fsync(file.fileno())  # the catalog named after it is durable too
    return site_id


def parse_banner(line: str) -> Endpoint:
    """`galleryman sandbox: http://127.0.0.1:PORT site-id=ID api-key=KEY ...`"""
    fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
    urls = [part for part in line.split() if part.startswith("http://")]
    if not urls or "site-id" not in fields or "api-key" not in fields:
        raise ValueError("not a sandbox banner")
    return Endpoint(urls[0], fields["site-id"], fields["api-key"])


def _port_of(base_url: str) -> int:
    return int(base_url.rsplit(":", 1)[1].split("/", 1)[0])


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
