"""Shared fixtures: a real sandbox server on a loopback port, and a client talking to it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from galleryman.qt_environment import prepare_qt_environment

# Qt must never try to reach a display in tests; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# And paint as the app does: on the GUI thread alone.
prepare_qt_environment()

if TYPE_CHECKING:
    from galleryman.sandbox.server import SandboxServer
    from galleryman.wix.client import WixClient
    from tests.keyring_backend import MemoryKeyring
    from tests.support import RecordingSleep


@pytest.fixture(autouse=True)
def no_unexpected_modal_dialog(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test in which a modal dialog opens that the test did not ask for.

    A modal dialog nobody answers blocks a test until its timeout, and one a test does not
    know about is a dialog a user would meet unexplained. Tests that drive a dialog on
    purpose say so with `@pytest.mark.allow_modal` (or answer it by patching, as
    tests/gui_helpers.py does, in which case no dialog opens at all)."""
    if "qtbot" not in request.fixturenames or request.node.get_closest_marker("allow_modal"):
        yield
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    opened: list[str] = []

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            text = getattr(dialog, "text", lambda: "")()
            opened.append(f"{type(dialog).__name__} “{dialog.windowTitle()}” {text}".strip())
            dialog.close()  # unblock the test, which then fails below

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(check)
    timer.start()
    try:
        yield
    finally:
        timer.stop()
        check()
    if opened:
        pytest.fail(f"an unexpected modal dialog opened: {opened}")


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


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The real keyring API over an in-memory backend; the machine's keyring is never used."""
    from tests.keyring_backend import memory_keyring_installed

    with memory_keyring_installed() as backend:
        yield backend


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `also_wix` that use the main window run twice: against the fast default
    sandbox and against its Wix-like profile (`--profile wix`: latency scaled down for CI,
    the 200-a-minute limit, uploads PENDING until processed, strict requests, null that does
    not clear)."""
    wants = "main_window" in metafunc.fixturenames
    if wants and metafunc.definition.get_closest_marker("also_wix"):
        metafunc.parametrize("sandbox_profile", ["default", "wix"], indirect=True)


WIX_LATENCY_SCALE = 0.02  # a real site's latency, fifty times shorter: the same shape, in CI


@pytest.fixture
def sandbox_profile(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "default"))


@pytest.fixture
def main_window(qtbot, tmp_path: Path, memory_keyring, sandbox_profile: str):  # type: ignore[no-untyped-def]
    """The real main window on the local sandbox site (no demo data), fully loaded."""
    from galleryman.paths import AppPaths
    from galleryman.sandbox.behaviour import Behaviour
    from galleryman.settings import Settings
    from galleryman.site_manager import SiteManager
    from galleryman.sites import LOCAL_SITE_KEY
    from galleryman.views.main_window import MainWindow

    paths = AppPaths.under(tmp_path / "app").ensure()
    behaviour = (
        Behaviour.wix(latency_scale=WIX_LATENCY_SCALE, seed=1) if sandbox_profile == "wix" else None
    )
    sites = SiteManager(
        paths, seed_demo=False, sandbox_in_process=True, sandbox_behaviour=behaviour
    )
    window = MainWindow(sites, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    with qtbot.waitSignal(window.session_changed, timeout=10_000):
        window.open_site(LOCAL_SITE_KEY)
    assert window.session is not None
    qtbot.waitUntil(lambda: window.session is not None and window.session.busy() == 0)
    yield window
    window.close()
