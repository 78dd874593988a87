"""The "Local sandbox" site: the bundled Wix-compatible server, started in the background on
a free loopback port with its data in the user data folder, seeded with the demo galleries
the first time so a new user sees galleries and thumbnails at once.

The app runs the server in a child process (`galleryman sandbox ...`): its request handling,
JSON and image work then never compete with the GUI thread for Python's GIL, and a crash of
the server cannot take the window down. Tests run it in-process instead (`in_process=True`),
so they can look into its store and inject faults.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from galleryman.sandbox.demo import seed_demo
from galleryman.sandbox.server import SandboxServer
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient

log = logging.getLogger(__name__)

_SEEDED_MARKER = "demo-seeded"
START_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    site_id: str
    api_key: str

    def __repr__(self) -> str:
        return f"Endpoint(base_url={self.base_url!r}, site_id={self.site_id!r})"


class LocalSandbox:
    def __init__(self, data_dir: Path, *, seed_demo: bool = True, in_process: bool = False) -> None:
        self._data_dir = data_dir
        self._seed_demo = seed_demo
        self._in_process = in_process
        self._server: SandboxServer | None = None
        self._process: subprocess.Popen[str] | None = None
        self._endpoint: Endpoint | None = None

    @property
    def server(self) -> SandboxServer | None:
        """The in-process server (None before it starts, and always in child-process mode)."""
        return self._server

    def start(self) -> Endpoint:
        if self._endpoint is None:
            self._data_dir.mkdir(parents=True, exist_ok=True)
            marker = self._data_dir / _SEEDED_MARKER
            # Seed once: a user who later deletes every gallery does not get them back.
            seed = self._seed_demo and not marker.exists()
            self._endpoint = (
                self._start_in_process(seed) if self._in_process else (self._start_child(seed))
            )
            marker.touch()
            log.info("local sandbox serving at %s", self._endpoint.base_url)
        return self._endpoint

    def client(self) -> WixClient:
        """A client for the sandbox; no rate limit (nothing to protect on loopback)."""
        endpoint = self.start()
        return WixClient(
            ApiKeyAuth(endpoint.api_key, endpoint.site_id),
            endpoint.base_url,
            rate_limit_per_minute=None,
        )

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
        if self._process is not None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        self._endpoint = None

    def _start_in_process(self, seed: bool) -> Endpoint:
        server = SandboxServer(self._data_dir, host="127.0.0.1", port=0)
        server.start()
        if seed:
            seed_demo(server)  # a no-op when the store already has galleries
        self._server = server
        return Endpoint(server.base_url, server.site_id, server.api_key)

    def _start_child(self, seed: bool) -> Endpoint:
        args = ["sandbox", "--host", "127.0.0.1", "--port", "0", "--exit-with-stdin"]
        args.append("--low-priority")  # a helper of the window: it never slows the window
        args += ["--data-dir", str(self._data_dir)]
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
            self.stop()
            raise RuntimeError("the local sandbox did not start (see the log)") from None


def parse_banner(line: str) -> Endpoint:
    """`galleryman sandbox: http://127.0.0.1:PORT site-id=ID api-key=KEY ...`"""
    fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
    urls = [part for part in line.split() if part.startswith("http://")]
    if not urls or "site-id" not in fields or "api-key" not in fields:
        raise ValueError("not a sandbox banner")
    return Endpoint(urls[0], fields["site-id"], fields["api-key"])


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
