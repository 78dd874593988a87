"""Where the longest GUI stall of a reopen comes from: bench_gui.py's reopen (10,000 items
from the local catalog, thumbnails cold) beside the same reopen with parts of its work taken
away, interleaved round by round in one process:

- as the app does it;
- pages ready: the gallery's pages are made before the reopen, so the worker thread only
  hands them over (what a reader in another process would leave in this one);
- pages ready, thumbnails warm: nothing is fetched or decoded either.

For each: the longest stall of the GUI thread (a 10 ms heartbeat's largest gap) and the
longest paint of the grid; the bare event loop's longest stall in the same run is the floor.
The variants reach into the app (the session's page source): a
measurement, not a way to run it. Prints figures; asserts nothing.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_reopen_stall.py [--rounds 3]
     [--busy 4]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench.bench_gui

from PySide6.QtWidgets import QApplication  # noqa: E402

from bench import bench_gui  # noqa: E402
from galleryman.paths import AppPaths  # noqa: E402
from galleryman.qt_environment import prepare_qt_environment  # noqa: E402
from galleryman.session import worker_side  # noqa: E402
from galleryman.views.main_window import MainWindow  # noqa: E402

VARIANTS: dict[str, dict[str, Any]] = {
    "as the app does it": {"ready": False, "cold": True},
    "pages ready": {"ready": True, "cold": True},
    "pages ready, thumbnails warm": {"ready": True, "cold": False},
}

Page = list[Any]  # a page as the session's page source hands it over
_ready: dict[str, list[Page]] = {}  # gallery id -> its pages, made
_made_by_the_app = worker_side.shown_items


def _handed_over(threads: worker_side.SiteThreads, gallery_id: str) -> Iterator[Page]:
    pages = _ready.pop(gallery_id, None)
    if pages is None:
        yield from _made_by_the_app(threads, gallery_id)
    else:
        yield from pages


worker_side.shown_items = _handed_over


def reopen(
    app: QApplication,
    window: MainWindow,
    paths: AppPaths,
    gallery_id: str,
    variant: dict[str, Any],
) -> dict[str, float]:
    session = window.session
    assert session is not None
    if variant["ready"]:
        made = _made_by_the_app(session.threads, gallery_id)
        _ready[gallery_id] = list(made)
    return bench_gui.measure_open(app, window, paths, gallery_id, cold=variant["cold"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--busy", type=int, default=0, help="CPU burners run meanwhile")
    args = parser.parse_args()
    prepare_qt_environment()  # as the app does, before its QApplication
    app = QApplication([])
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)
    ]
    figures: dict[str, list[dict[str, float]]] = {name: [] for name in VARIANTS}
    bare: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            paths = AppPaths.under(Path(tmp)).ensure()
            gallery_id = bench_gui.seed(paths.sandbox_dir)
            window = bench_gui.open_window(app, paths)
            first = bench_gui.measure_open(app, window, paths, gallery_id)  # into the catalog
            for _ in range(args.rounds):
                for name, variant in VARIANTS.items():
                    figures[name].append(reopen(app, window, paths, gallery_id, variant))
                bare.append(bench_gui.bare_stall(app, first["took"] / 3))
            window.close()
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()

    print(f"reopen of {bench_gui.ITEMS} items, {args.busy} CPU burners, load average "
          f"{bench_gui.load_average()}; one column per round")  # fmt: skip
    for name, runs in figures.items():
        stalls = "  ".join(f"{r['stall']:4.0f}" for r in runs)
        paints = "  ".join(f"{r['paint']:4.0f}" for r in runs)
        print(f"{name:<36} longest stall {stalls} ms   longest paint {paints} ms")
    print(f"{'bare event loop':<36} longest stall " + "  ".join(f"{b:4.0f}" for b in bare) + " ms")


if __name__ == "__main__":
    main()
