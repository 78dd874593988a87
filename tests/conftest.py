"""Shared fixtures: a real sandbox server on a loopback port, and a client talking to it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never try to reach a display in tests; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from galleryman.sandbox.server import SandboxServer  # noqa: E402
from galleryman.wix.client import WixClient  # noqa: E402
from tests.support import RecordingSleep, make_client  # noqa: E402


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    server = SandboxServer(tmp_path / "sandbox", api_key="test-key-123", site_id="site-1")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sleeps() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def client(sandbox: SandboxServer, sleeps: RecordingSleep) -> Iterator[WixClient]:
    with make_client(sandbox, sleeps) as c:
        yield c
