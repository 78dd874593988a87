"""The `galleryman` command: --version, --screenshot on the demo sandbox, and the sandbox
subcommand answering a request made with the key and site id it prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
from PIL import Image

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def run_galleryman(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "galleryman", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
    )


def test_version() -> None:
    from galleryman import __version__

    done = run_galleryman("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"galleryman {__version__}"


def test_screenshot_of_the_demo_site(tmp_path: Path) -> None:
    target = tmp_path / "shot.png"
    done = run_galleryman("--basedir", str(tmp_path / "base"), "--screenshot", str(target))
    assert done.returncode == 0, done.stderr[-3000:]
    with Image.open(target) as shot:
        assert shot.size == (1360, 860)
        # The grid shows real thumbnails: many distinct colours, not a blank window.
        colours = shot.convert("RGB").resize((340, 215)).getcolors(maxcolors=100_000)
        assert colours is not None and len(colours) > 500
    # The demo site was created under the basedir, nowhere else.
    assert (tmp_path / "base" / "data" / "sandbox" / "sandbox.sqlite3").exists()
    log = (tmp_path / "base" / "log" / "galleryman.log").read_text()
    assert "local sandbox serving" in log


def test_the_window_paints_without_qt_s_painting_threads(tmp_path: Path) -> None:
    """On a busy machine the GUI thread would sleep until Qt's pool of painting threads got a
    processor (galleryman/qt_environment.py): the app, painting its window and the demo's
    thumbnails, starts none. Qt's pool threads live on 30 s after their work, so they would
    still be there when the window has closed."""
    code = (
        "import os, sys\n"
        "from galleryman.app import run_app\n"
        f"status = run_app(['--basedir', {str(tmp_path / 'base')!r},\n"
        f"                  '--screenshot', {str(tmp_path / 'shot.png')!r}])\n"
        "for task in os.listdir('/proc/self/task'):\n"
        "    print('thread:', open(f'/proc/self/task/{task}/comm').read().strip())\n"
        "sys.exit(status)\n"
    )
    env = {name: value for name, value in ENV.items() if name != "QT_NO_GUI_THREADPOOL"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "shot.png").is_file()
    threads = [line.split(" ", 1)[1] for line in done.stdout.splitlines() if line[:7] == "thread:"]
    assert len(threads) >= 1  # the GUI thread at least: the names were read
    assert [name for name in threads if name.startswith("Thread (pooled)")] == []


def test_sandbox_command_serves_the_demo(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "galleryman", "sandbox", "--demo", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        base_url = next(part for part in line.split() if part.startswith("http://"))
        answer = httpx.get(
            f"{base_url}/pro-gallery/v2/galleries",
            headers={"Authorization": fields["api-key"], "wix-site-id": fields["site-id"]},
            timeout=10,
        )
        assert answer.status_code == 200
        assert answer.json()["totalGalleries"] == 3
    finally:
        process.terminate()
        assert process.wait(timeout=20) == 0
        if process.stdout is not None:
            process.stdout.close()
