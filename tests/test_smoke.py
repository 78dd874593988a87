"""`galleryman --smoke-test` from the virtual environment: every check passes offscreen, and a
check that cannot pass makes it exit non-zero with the reason (the installed bundle is run
the same way in test_packaging.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from galleryman.smoke import requested_platforms


def run_smoke(tmp_path: Path, **env_changes: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env.update({"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)})
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-m", "galleryman", "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_every_check_passes_offscreen(tmp_path: Path) -> None:
    done = run_smoke(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ok: galleryman ") and sys.executable in lines[0]
    expected = [
        "ok: Pillow ",
        "ok: keyring ",
        "ok: certifi CA bundle with ",
        "ok: Qt platform plugins present: ",
        "ok: Qt ",
        "ok: Qt reads jpeg, png, webp, gif, svg",
        "ok: languages: en, de (with Qt's dialog buttons)",
        "ok: thumbnail process made a 128x96 thumbnail from loopback in ",
        "ok: listing process parsed a page of 100 items in ",
        "ok: local sandbox child process (http://127.0.0.1:",
        "ok: main window shown with the local sandbox site's galleries",
    ]
    for prefix, line in zip(expected, lines[1:-1], strict=True):
        assert line.startswith(prefix), (prefix, line)
    assert "runs on the 'offscreen' platform plugin" in done.stdout
    assert (
        "through the API worker thread: create gallery, upload JPEG, create item, list, "
        "update, scaled copy, delete" in done.stdout
    )
    assert lines[-1] == "smoke test passed"
    # Everything happened in its own temporary folder, which is gone afterwards.
    assert not list(tmp_path.glob("galleryman-smoke-*"))


def test_a_platform_qt_does_not_have_fails_with_the_reason(tmp_path: Path) -> None:
    done = run_smoke(tmp_path, QT_QPA_PLATFORM="nonexistent-platform")
    assert done.returncode == 1, done.stdout + done.stderr[-3000:]
    assert (
        "FAILED: Qt platform: QT_QPA_PLATFORM=nonexistent-platform names no Qt platform "
        "plugin of this installation (it has: " in done.stdout
    )
    assert "offscreen" in done.stdout.split("(it has: ")[1]
    # The checks that need no display still ran and passed; Qt was never started.
    assert "ok: Pillow " in done.stdout
    assert "ok: keyring " in done.stdout
    assert "main window" not in done.stdout
    assert done.stdout.splitlines()[-1] == "smoke test FAILED (1 check failed)"


def test_xcb_without_a_display_fails_with_the_reason(tmp_path: Path) -> None:
    done = run_smoke(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=None)
    assert done.returncode == 1, done.stdout + done.stderr[-3000:]
    assert "FAILED: Qt platform: QT_QPA_PLATFORM=xcb needs an X display" in done.stdout


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", []),
        ("offscreen", ["offscreen"]),
        ("XCB", ["xcb"]),
        ("wayland;xcb", ["wayland", "xcb"]),
        ("offscreen:fontengine=freetype", ["offscreen"]),
        (" ; xcb ;", ["xcb"]),
    ],
)
def test_requested_platforms(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: list[str]
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", value)
    assert requested_platforms() == expected
