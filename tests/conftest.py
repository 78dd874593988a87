"""Shared fixtures: a real sandbox server on a loopback port, and a client talking to it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# Qt must never try to reach a display in tests; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if TYPE_CHECKING:
    from galleryman.sandbox.server import SandboxServer
    from galleryman.wix.client import WixClient
    from tests.support import RecordingSleep


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    from galleryman.sandbox.server import SandboxServer

    server = SandboxServer(tmp_path / "sandbox", api_key="test-key-123", site_id="site-1")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sleeps() -> RecordingSleep:
    from tests.support import RecordingSleep

    return RecordingSleep()


@pytest.fixture
def client(sandbox: SandboxServer, sleeps: RecordingSleep) -> Iterator[WixClient]:
    from tests.support import make_client

    with make_client(sandbox, sleeps) as c:
        yield c
