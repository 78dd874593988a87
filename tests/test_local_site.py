"""The local sandbox site: the server in a child process (as the app runs it) or in-process
(as tests run it), seeded with the demo galleries once, never outliving the app."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from galleryman.local_site import Endpoint, LocalSandbox, parse_banner
from galleryman.sandbox.cli import LOW_PRIORITY_NICENESS


@pytest.mark.parametrize("in_process", [False, True])
def test_starts_seeds_once_and_serves(tmp_path: Path, in_process: bool) -> None:
    local = LocalSandbox(tmp_path / "sandbox", in_process=in_process)
    try:
        with local.client() as client:
            galleries = client.list_galleries()
            assert len(galleries) == 3  # the demo, on first run
            for gallery in galleries:
                client.delete_gallery(str(gallery.id))
    finally:
        local.stop()
    again = LocalSandbox(tmp_path / "sandbox", in_process=in_process)
    try:
        with again.client() as client:
            # A user who deleted everything does not get the demo back.
            assert client.list_galleries() == []
    finally:
        again.stop()


def test_child_stops_when_the_app_goes_away(tmp_path: Path) -> None:
    local = LocalSandbox(tmp_path / "sandbox", seed_demo=False)
    local.start()
    child = local._process
    assert child is not None and child.stdin is not None
    child.stdin.close()  # what the operating system does when the app dies, even by a crash
    assert child.wait(timeout=15) == 0
    local.stop()


def test_the_child_runs_below_the_app_s_priority_in_every_thread(tmp_path: Path) -> None:
    """Linux (reads /proc): the one platform the test suite runs on."""
    local = LocalSandbox(tmp_path / "sandbox", seed_demo=False)
    local.start()
    try:
        child = local._process
        assert child is not None
        with local.client() as client:
            client.list_galleries()  # a request handler thread exists now
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        threads = [int(t) for t in os.listdir(f"/proc/{child.pid}/task")]
        assert len(threads) >= 3  # main, server loop, a request handler (at least)
        for tid in threads:
            assert os.getpriority(os.PRIO_PROCESS, tid) == min(mine + LOW_PRIORITY_NICENESS, 19)
    finally:
        local.stop()


def test_banner_parsing() -> None:
    endpoint = parse_banner(
        "galleryman sandbox: http://127.0.0.1:4242 site-id=s1 api-key=k1 access-token=t1\n"
    )
    assert (endpoint.base_url, endpoint.site_id, endpoint.api_key) == (
        "http://127.0.0.1:4242",
        "s1",
        "k1",
    )
    assert "k1" not in repr(endpoint)
    with pytest.raises(ValueError):
        parse_banner("Traceback (most recent call last):")


def test_a_killed_child_is_reaped_and_started_again_on_the_same_port(tmp_path: Path) -> None:
    restarted: list[Endpoint] = []
    got_restart = threading.Event()

    def on_restart(endpoint: Endpoint) -> None:
        restarted.append(endpoint)
        got_restart.set()

    local = LocalSandbox(tmp_path / "sandbox", seed_demo=False, on_restart=on_restart)
    try:
        first = local.start()
        with local.client() as client:
            client.create_gallery("Before")
        pid = local.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        assert got_restart.wait(30), "the watchdog did not restart the sandbox"
        assert restarted == [first]  # same port, same credentials: open clients carry on
        assert local.pid not in (None, pid)
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left behind
        with local.client() as client:
            assert [g.name for g in client.list_galleries()] == ["Before"]
    finally:
        local.stop()
