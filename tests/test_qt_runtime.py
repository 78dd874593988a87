"""Guards the PySide6 pin: 6.12.0 on CPython 3.11 aborts after ~5,000 void Qt method calls
(a lost reference to None). 20,000 such calls must leave the process alive."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
for _ in range(10_000):
    w.update()
    app.processEvents()
print("alive")
"""


def test_20000_void_qt_calls_do_not_abort() -> None:
    # A subprocess, so an abort shows as a failed test instead of killing the test run.
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "alive"
