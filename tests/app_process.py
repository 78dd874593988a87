"""The parent's handle on the app child of tests/app_driver.py: configure its site, start it,
send operations, read its answers, kill it with SIGKILL, start it again on the same folder.

Qt-free, so a benchmark script can drive the app without loading Qt itself.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from galleryman.paths import AppPaths

REPO = Path(__file__).resolve().parent.parent
API_KEY_ENV = (
    "GALLERYMAN_DRIVER_API_KEY"  # how the key reaches the child (never argv, never a file)
)
Message = dict[str, Any]


class AppDiedError(Exception):
    """The app child ended (or stopped answering) when an answer was expected."""


def configure_site(basedir: Path, site_key: str, base_url: str, site_id: str) -> None:
    """A Wix site at the sandbox's address in the app's site list (no key: that goes to the
    child's keyring at each start)."""
    paths = AppPaths.under(basedir).ensure()
    site = {"key": site_key, "display_name": "Soak site", "site_id": site_id, "kind": "wix",
            "base_url": base_url}  # fmt: skip
    paths.sites_file.write_text(json.dumps({"version": 1, "sites": [site]}), encoding="utf-8")


class AppProcess:
    def __init__(
        self, basedir: Path, site_key: str, api_key: str, *, rate_limit: bool = True
    ) -> None:
        self.basedir = basedir
        self.site_key = site_key
        self._api_key = api_key
        self._rate_limit = rate_limit
        self._ids = itertools.count(1)
        self._child: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.starts = 0

    @property
    def db_path(self) -> Path:
        return AppPaths.under(self.basedir).site_db(self.site_key)

    def start(self, timeout: float = 120.0) -> Message:
        """Start the app and wait until its site is open; its ready message."""
        command = [sys.executable, "-m", "tests.app_driver", "--basedir", str(self.basedir),
                   "--site-key", self.site_key]  # fmt: skip
        if not self._rate_limit:
            command.append("--no-rate-limit")
        env = {**os.environ, API_KEY_ENV: self._api_key, "QT_QPA_PLATFORM": "offscreen"}
        stderr = open(self.basedir / "app-stderr.log", "a", encoding="utf-8")  # noqa: SIM115
        try:
            self._child = subprocess.Popen(
                command, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=stderr, text=True, encoding="utf-8",
            )  # fmt: skip
        finally:
            stderr.close()
        self.starts += 1
        self._lines = queue.Queue()
        assert self._child.stdout is not None
        threading.Thread(target=_pump, args=(self._child.stdout, self._lines), daemon=True).start()
        ready = self.receive(timeout)
        if not ready.get("ready"):
            raise AppDiedError(f"the app did not start: {ready}")
        return ready

    @property
    def pid(self) -> int:
        assert self._child is not None
        return self._child.pid

    def send(self, command: Message) -> int:
        """Send one operation (given an id); returns the id."""
        child = self._child
        assert child is not None and child.stdin is not None
        number = next(self._ids)
        child.stdin.write(json.dumps({**command, "id": number}) + "\n")
        child.stdin.flush()
        return number

    def receive(self, timeout: float) -> Message:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AppDiedError(f"no answer from the app in {timeout:.0f} s") from None
        if line is None:
            raise AppDiedError(f"the app ended (exit status {self._wait()})")
        message: Message = json.loads(line)
        return message

    def answer(self, number: int, timeout: float) -> Message:
        """The answer to operation `number` (its "started" line is passed over)."""
        while True:
            message = self.receive(timeout)
            if message.get("id") == number and not message.get("started"):
                return message

    def request(self, command: Message, timeout: float = 300.0) -> Message:
        return self.answer(self.send(command), timeout)

    def wait_started(self, number: int, timeout: float) -> Message | None:
        """Until the app says it is about to make operation `number` (None if it answered
        without starting it)."""
        while True:
            message = self.receive(timeout)
            if message.get("id") == number:
                return message if message.get("started") else None

    def kill(self) -> list[Message]:
        """SIGKILL, as a crash or a power cut would end it; the lines it had written."""
        child = self._child
        assert child is not None
        os.kill(child.pid, signal.SIGKILL)
        status = self._wait()
        if status != -signal.SIGKILL:
            raise AppDiedError(f"the app ended by itself before the kill (status {status})")
        left = []
        while (line := self._lines.get(timeout=30)) is not None:
            left.append(json.loads(line))
        return left

    def quit(self, timeout: float = 120.0) -> None:
        """Close the window as the user would, and wait for the process to end."""
        self.request({"op": "quit"}, timeout)
        child = self._child
        assert child is not None
        if child.stdin is not None:
            child.stdin.close()
        child.wait(timeout)

    def close(self) -> None:
        """Make sure the child is gone (after a failure)."""
        child = self._child
        if child is not None and child.poll() is None:
            child.kill()
            child.wait(30)

    def _wait(self) -> int:
        child = self._child
        assert child is not None
        status = child.wait(60)
        if child.stdin is not None:
            with contextlib.suppress(OSError):
                child.stdin.close()
        return status


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        if line.strip():
            lines.put(line)
    lines.put(None)
    stream.close()
