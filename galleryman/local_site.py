"""The "Local sandbox" site: the bundled Wix-compatible server, started in the background on
a free loopback port with its data in the user data folder, seeded with the demo galleries
the first time so a new user sees galleries and thumbnails at once."""

from __future__ import annotations

import logging
from pathlib import Path

from galleryman.sandbox.demo import seed_demo
from galleryman.sandbox.server import SandboxServer
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient

log = logging.getLogger(__name__)

_SEEDED_MARKER = "demo-seeded"


class LocalSandbox:
    def __init__(self, data_dir: Path, *, seed_demo: bool = True) -> None:
        self._data_dir = data_dir
        self._seed_demo = seed_demo
        self._server: SandboxServer | None = None

    @property
    def server(self) -> SandboxServer | None:
        """The running server (None before the local site is first opened)."""
        return self._server

    def start(self) -> SandboxServer:
        if self._server is None:
            self._data_dir.mkdir(parents=True, exist_ok=True)
            server = SandboxServer(self._data_dir, host="127.0.0.1", port=0)
            server.start()
            marker = self._data_dir / _SEEDED_MARKER
            # Seed once: a user who later deletes every gallery does not get them back.
            if self._seed_demo and not marker.exists() and not server.store.list_galleries():
                seed_demo(server)
            marker.touch()
            log.info("local sandbox serving at %s", server.base_url)
            self._server = server
        return self._server

    def client(self) -> WixClient:
        """A client for the sandbox; no rate limit (nothing to protect on loopback)."""
        server = self.start()
        return WixClient(
            ApiKeyAuth(server.api_key, server.site_id),
            server.base_url,
            rate_limit_per_minute=None,
        )

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
