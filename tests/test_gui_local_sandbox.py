"""The app's own local sandbox, run as the app runs it (a child process): it comes back by
itself if it dies, and the window says so."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from galleryman.paths import AppPaths
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.main_window import MainWindow
from tests.gui_helpers import answer_text, wait_idle


@pytest.fixture
def child_window(qtbot, tmp_path: Path, memory_keyring) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    paths = AppPaths.under(tmp_path / "app").ensure()
    sites = SiteManager(paths, seed_demo=False)  # the sandbox in a child process
    window = MainWindow(sites, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.session_changed, timeout=30_000):
        window.open_site(LOCAL_SITE_KEY)
    wait_idle(qtbot, window)
    yield window
    window.close()


def test_a_killed_local_sandbox_is_restarted_and_the_next_action_works(
    qtbot, child_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = child_window
    local = window.sites.local
    pid = local.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(
        lambda: any("started it again" in m for m in window.notifications.messages()),
        timeout=30_000,
    )
    answer_text(monkeypatch, "After the crash")
    window.actions_.new_gallery.trigger()
    wait_idle(qtbot, window)
    with local.client() as client:
        assert [g.name for g in client.list_galleries()] == ["After the crash"]
    assert window.notifications.messages() == [
        "The local sandbox had stopped; galleryman started it again."
    ]  # and no "Could not reach the server"
