"""Start-up benchmark: launch to the first painted frame of the app's main window, side by side
with a bare QMainWindow started the same way in the same run, and the longest time the GUI
thread did not answer while the local sandbox started.

Each run is a fresh process (`python bench/bench_startup.py --child app|bare`). The child is
the app exactly as `galleryman --basedir DIR` runs it (`galleryman.__main__.main`), with two
probes added from outside: `QMainWindow.show` is wrapped so the shown window gets an event
filter (its first Paint event marks the first frame), and from show() on a 5 ms QTimer
heartbeat whose largest gap is the longest GUI-thread block. The heartbeat runs until the
window lists the local sandbox's galleries, then the child quits. The bare child shows a
QMainWindow with the same probes.

Series, run interleaved: the bare window; the app's first start (a new basedir: the sandbox is
created and its demo seeded); the app's next start (the same basedir again); with --compare,
the same two from another tree (e.g. `git archive OLD galleryman | tar -x -C /tmp/old`).
Times are from launch (CLOCK_MONOTONIC is system-wide, so the parent's launch time and the
child's times compare). Also printed: which heavy modules were already imported when the first
frame was painted (`python -X importtime` says what each costs).

Run: .venv/bin/python bench/bench_startup.py [--runs 7] [--platform offscreen] [--compare TREE]
Prints figures; asserts nothing. Run it on a quiet machine: the load is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HEARTBEAT_MS = 5
GIVE_UP_S = 60.0
# Modules the first window does not need: each is worth a line when it is loaded before it.
HEAVY = [
    "httpx",
    "keyring",
    "PIL.Image",
    "sqlite3",
    "galleryman.wix.client",
    "galleryman.sandbox.server",
    "galleryman.sync",
    "galleryman.session.site_session",
    "galleryman.views.site_dialog",
]


# ---------------------------------------------------------------------------- child side


def child(kind: str, basedir: str) -> int:
    """One measured start; prints one JSON line: when the frame was done, the longest
    GUI-thread block, when the galleries were listed, the heavy modules loaded by then."""
    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    result: dict[str, Any] = {"kind": kind}
    probes: list[QObject] = []  # kept alive for the run

    class Heartbeat(QObject):
        """From show() on: the largest gap between ticks (the first gap counts from show)."""

        def __init__(self, window: QMainWindow) -> None:
            super().__init__()
            self.window = window
            self.clock = QElapsedTimer()
            self.clock.start()
            self.last = 0
            self.worst = 0
            self.timer = QTimer(self)
            self.timer.setInterval(HEARTBEAT_MS)
            self.timer.timeout.connect(self.tick)
            self.timer.start()

        def tick(self) -> None:
            now = self.clock.elapsed()
            self.worst = max(self.worst, now - self.last)
            self.last = now
            if "block_starting_ms" not in result and _sandbox_answers(self.window):
                result["block_starting_ms"] = self.worst
            if "frame" in result and (kind == "bare" or _galleries_listed(self.window)):
                result["listed"] = time.monotonic()
                result["longest_block_ms"] = self.worst
                self.finish()
            elif now > GIVE_UP_S * 1000:
                result["error"] = "the galleries were not listed"
                self.finish()

        def finish(self) -> None:
            self.timer.stop()
            result["heavy"] = result.get("heavy", [])
            print(json.dumps(result), flush=True)
            QApplication.quit()

    class FirstFrame(QObject):
        """The window's first Paint event: its first frame is being drawn (its children and
        the flush follow in the same event; whatever the app queued after it runs later)."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "frame" not in result:
                result["frame"] = time.monotonic()
                result["heavy"] = [name for name in HEAVY if name in sys.modules]
            return False

    original_show = QMainWindow.show

    def show(window: QMainWindow) -> None:
        if not probes:
            frame = FirstFrame()
            window.installEventFilter(frame)
            probes.extend([frame, Heartbeat(window)])
        original_show(window)

    QMainWindow.show = show  # type: ignore[method-assign]
    if kind == "bare":
        app = QApplication([sys.argv[0]])
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.resize(1360, 860)
        window.show()
        app.exec()
        return 0
    from galleryman.__main__ import main

    return main(["--basedir", basedir])


def _sandbox_answers(window: Any) -> bool:
    if window.windowTitle() == "bare":
        return True
    # No sites yet: the window's frame alone (they are made after the first frame).
    sites = getattr(window, "sites", None)
    # _endpoint: what LocalSandbox has had all along, so --compare works with older trees.
    return sites is not None and getattr(sites.local, "_endpoint", None) is not None


def _galleries_listed(window: Any) -> bool:
    session = getattr(window, "session", None)
    return session is not None and session.galleries.rowCount() > 0 and session.busy() == 0


# ---------------------------------------------------------------------------- parent side


@dataclass(frozen=True)
class Series:
    label: str
    kind: str  # "app" or "bare"
    tree: str = ""  # another checkout's folder holding galleryman/ (--compare), "" for this one
    seeded: bool = False  # the same basedir every run (the next start), else a new one


def run_child(series: Series, basedir: Path, platform: str) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": platform}
    if series.tree:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [series.tree, env.get("PYTHONPATH")]))
    launched = time.monotonic()
    done = subprocess.run(
        [sys.executable, __file__, "--child", series.kind, "--basedir", str(basedir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=GIVE_UP_S + 30,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"bench_startup: {series.label}: no result\n{done.stderr[-2000:]}")
    found: dict[str, Any] = json.loads(lines[-1])
    if "error" in found:
        raise SystemExit(f"bench_startup: {series.label}: {found['error']}")
    found["to_frame_ms"] = (found["frame"] - launched) * 1000
    found["to_listed_ms"] = (found["listed"] - launched) * 1000
    return found


def spread(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):5.0f}  min {min(values):5.0f}  max {max(values):5.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM for the runs")
    parser.add_argument(
        "--compare",
        metavar="TREE",
        help="also run the app from TREE/galleryman (e.g. an older commit's git archive)",
    )
    parser.add_argument("--child", choices=["app", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--basedir", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.basedir)

    series = [
        Series("bare QMainWindow", "bare"),
        Series("app, first start (demo seeded)", "app"),
        Series("app, next start", "app", seeded=True),
    ]
    if args.compare:
        tree = str(Path(args.compare).absolute())
        series += [
            Series("--compare, first start", "app", tree),
            Series("--compare, next start", "app", tree, seeded=True),
        ]
    results: dict[Series, list[dict[str, Any]]] = {one: [] for one in series}
    with tempfile.TemporaryDirectory(prefix="galleryman-bench-startup-") as tmp:
        # Interleaved, so a change in the machine's load touches every series alike.
        for run in range(args.runs):
            for number, one in enumerate(series):
                kept = Path(tmp) / f"kept-{number}"
                basedir = kept if one.seeded else Path(tmp) / f"new-{number}-{run}"
                if one.seeded and run == 0:
                    run_child(one, kept, args.platform)  # creates and seeds it
                results[one].append(run_child(one, basedir, args.platform))

    bare = statistics.median(r["to_frame_ms"] for r in results[series[0]])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.runs} runs of each, interleaved; platform {args.platform}; load {load}")
    if args.compare:
        print(f"--compare: galleryman from {args.compare}")
    print("launch to the first painted frame of the main window (ms):")
    for one in series:
        frames = [r["to_frame_ms"] for r in results[one]]
        ratio = statistics.median(frames) / bare
        print(f"  {one.label:32} {spread(frames)}   {ratio:4.1f}x bare")
    print("longest GUI-thread block (ms) from show() until the local sandbox answered; until its")
    print("galleries were listed; and when they were (ms from launch):")
    for one in series[1:]:
        starting = [float(r["block_starting_ms"]) for r in results[one]]
        listing = [float(r["longest_block_ms"]) for r in results[one]]
        listed = statistics.median(r["to_listed_ms"] for r in results[one])
        print(f"  {one.label:32} {spread(starting)}")
        print(f"  {'':32} {spread(listing)}   listed at {listed:.0f}")
    print("imported before the first frame (of: " + ", ".join(HEAVY) + "):")
    for one in series[1:]:
        heavy = sorted({name for r in results[one] for name in r["heavy"]})
        print(f"  {one.label:32} " + (", ".join(heavy) if heavy else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
