"""Scrolling a 10,000-item gallery at a wheel's pace, with and without drawing ahead.

Once the user scrolls, the grid draws the screenful the next steps bring in while the window
has nothing else to do, and fetches its thumbnails (`ItemGridView._plan_ahead`). This runs
the same scroll twice in the real window, in the same run: as the app does it, and with
drawing ahead turned off (the baseline); the order alternates run by run, and both start with
the app's thumbnail caches (memory and disk) empty at the same row, after one scroll that is
not measured (the sandbox then has its scaled copies made).

Per mode: the longest paint of a step (the time between the wheel and the screen), the
median paint, the GUI thread's CPU per step (paints and drawing ahead together), the longest
GUI stall (a 10 ms heartbeat's largest gap), and the share of tiles first shown without
their photo (as the waiting tile, its photo still on its way). A bare QListView laid out as
the grid, scrolled the same way, gives what Qt alone costs. Prints figures; asserts nothing.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_scroll_pace.py [--runs 3]
     [--step-px 120] [--every-ms 40] [--steps 150] [--busy 6 [--apart]]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QApplication, QListView

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_gui  # noqa: E402  (the window, the gallery and the heartbeat are shared)

from galleryman.models.roles import ROW_ITEM, Role, Tile  # noqa: E402
from galleryman.paths import AppPaths  # noqa: E402
from galleryman.qt_environment import prepare_qt_environment  # noqa: E402
from galleryman.views.item_delegate import ItemDelegate  # noqa: E402
from galleryman.views.item_grid_view import ItemGridView  # noqa: E402
from galleryman.views.main_window import MainWindow  # noqa: E402

START_ROW = 2_000  # well past what the open showed


class StepWatch:
    """The grid's paints (wall time each, timed by `bench_gui.PAINTS`) and the rows it first
    showed waiting."""

    def __init__(self) -> None:
        self.on = False
        self.paints: list[float] = []
        self.shown: set[int] = set()
        self.waiting: set[int] = set()
        paint_tile = ItemDelegate.paint
        watch = self

        def seen(delegate: ItemDelegate, painter, option, index) -> None:  # type: ignore[no-untyped-def]
            if watch.on and index.row() not in watch.shown:
                watch.shown.add(index.row())
                tile = index.data(Role.TILE)
                loader = delegate.loader
                if isinstance(tile, Tile) and tile.kind == ROW_ITEM and loader is not None:
                    size_px = round(delegate.thumbnail_size * painter.device().devicePixelRatio())
                    if tile.thumb_key and loader.state(tile.thumb_key, size_px) != "ready":
                        watch.waiting.add(index.row())
            paint_tile(delegate, painter, option, index)

        ItemDelegate.paint = seen  # type: ignore[method-assign,assignment]

    def start(self) -> None:
        self.on, self.shown, self.waiting = True, set(), set()
        bench_gui.PAINTS.start()

    def stop(self) -> None:
        self.on = False
        bench_gui.PAINTS.stop()
        self.paints = bench_gui.PAINTS.paints


def scroll_at_pace(
    app: QApplication, view: QListView, steps: int, step_px: int, every_ms: int
) -> dict[str, float]:
    """Scroll `view` down `step_px` every `every_ms`; the longest stall and the GUI CPU a step."""
    bar = view.verticalScrollBar()
    beat = bench_gui.Heartbeat()
    cpu = time.thread_time()
    beat.start()
    for _ in range(steps):
        bar.setValue(bar.value() + step_px)
        bench_gui._pump(app, every_ms / 1000)
    bench_gui._pump(app, 0.2)  # what the last step started
    return {
        "stall": beat.stop(),
        "cpu_per_step": (time.thread_time() - cpu) * 1000 / steps,
    }


def one_mode(
    app: QApplication, window: MainWindow, watch: StepWatch, ahead: bool, args: argparse.Namespace
) -> dict[str, float]:
    grid = window.grid
    loader = window.loader
    assert loader is not None
    loader.cancel_pending()
    loader.wait_until_idle()  # nothing may still be writing the disk cache we clear
    QPixmapCache.clear()
    loader.disk_cache.clear()  # the disk cache too: both modes fetch every thumbnail
    grid.item_delegate.forget_faces()
    grid.scrollTo(grid.model().index(START_ROW, 0), QListView.ScrollHint.PositionAtTop)
    bench_gui.spin_until(app, grid.visible_thumbnails_settled, timeout=60)
    bench_gui._pump(app, 0.3)
    plan = ItemGridView._plan_ahead
    if not ahead:
        ItemGridView._plan_ahead = lambda self: None  # type: ignore[method-assign]
    try:
        watch.start()
        figures = scroll_at_pace(app, grid, args.steps, args.step_px, args.every_ms)
        watch.stop()
    finally:
        ItemGridView._plan_ahead = plan  # type: ignore[method-assign]
    paints = watch.paints or [0.0]
    figures.update(
        {
            "longest_paint": max(paints),
            "median_paint": statistics.median(paints),
            "waiting_share": 100 * len(watch.waiting) / max(1, len(watch.shown)),
        }
    )
    return figures


def bare(app: QApplication, grid: ItemGridView, args: argparse.Namespace) -> dict[str, float]:
    view, model, icon = bench_gui.bare_view(grid)
    for start in range(0, bench_gui.ITEMS, bench_gui.PAGE):
        model.invisibleRootItem().appendRows(bench_gui.bare_rows(icon, start, bench_gui.PAGE))
    bench_gui.laid_out(app, view)
    view.scrollTo(model.index(START_ROW, 0), QListView.ScrollHint.PositionAtTop)
    bench_gui._pump(app, 0.3)
    figures = scroll_at_pace(app, view, args.steps, args.step_px, args.every_ms)
    view.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--step-px", type=int, default=120, help="pixels a wheel step scrolls")
    parser.add_argument("--every-ms", type=int, default=40, help="time between wheel steps")
    parser.add_argument("--busy", type=int, default=0, help="CPU burners run meanwhile")
    parser.add_argument("--apart", action="store_true", help="each burner in a session of its own")
    args = parser.parse_args()
    prepare_qt_environment()  # as the app does, before its QApplication
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    watch = StepWatch()
    results: dict[str, list[dict[str, float]]] = {"ahead": [], "off": [], "bare": []}
    burners = bench_gui.start_burners(args.busy, elsewhere=False, apart=args.apart)
    try:
        measure(app, watch, results, args)
    finally:
        bench_gui.stop_burners(burners, elsewhere=False)
    report(results, args)


def measure(
    app: QApplication,
    watch: StepWatch,
    results: dict[str, list[dict[str, float]]],
    args: argparse.Namespace,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(Path(tmp)).ensure()
        gallery_id = bench_gui.seed(paths.sandbox_dir)
        window = bench_gui.open_window(app, paths)
        bench_gui.measure_open(app, window, paths, gallery_id)
        bench_gui.laid_out(app, window.grid)
        # Not measured: the sandbox makes each scaled copy once (then keeps it), and the
        # first mode of the first run would pay for that alone.
        one_mode(app, window, watch, True, args)
        for run in range(args.runs):
            order = [True, False] if run % 2 == 0 else [False, True]
            for ahead in order:
                results["ahead" if ahead else "off"].append(
                    one_mode(app, window, watch, ahead, args)
                )
            results["bare"].append(bare(app, window.grid, args))
            print(f"run {run + 1}: done, load average {bench_gui.load_average()}", flush=True)
        window.close()


def report(results: dict[str, list[dict[str, float]]], args: argparse.Namespace) -> None:
    where = " (a session each)" if args.apart else ""
    print(
        f"{args.busy} CPU burners{where}; "
        f"{args.steps} wheel steps of {args.step_px} px every {args.every_ms} ms from row "
        f"{START_ROW} of {bench_gui.ITEMS} ({bench_gui.DISTINCT_IMAGES} distinct images), "
        "thumbnail caches empty; one column per run"
    )

    def row(label: str, mode: str, key: str, fmt: str = "6.0f", unit: str = "ms") -> None:
        values = "  ".join(f"{r[key]:{fmt}}" for r in results[mode])
        print(f"{label:<58}{values}  {unit}")

    row("longest paint of a step: drawing ahead (the app)", "ahead", "longest_paint", "6.1f")
    row("  drawing ahead off", "off", "longest_paint", "6.1f")
    row("median paint of a step: drawing ahead", "ahead", "median_paint", "6.2f")
    row("  drawing ahead off", "off", "median_paint", "6.2f")
    row("GUI thread's CPU per step: drawing ahead", "ahead", "cpu_per_step", "6.2f")
    row("  drawing ahead off", "off", "cpu_per_step", "6.2f")
    row("  a bare QListView, the same scrolling", "bare", "cpu_per_step", "6.2f")
    row("longest GUI stall: drawing ahead", "ahead", "stall")
    row("  drawing ahead off", "off", "stall")
    row("  a bare QListView, the same scrolling", "bare", "stall")
    row("tiles first shown without their photo: drawing ahead", "ahead", "waiting_share",
        unit="%")  # fmt: skip
    row("  drawing ahead off", "off", "waiting_share", unit="%")


if __name__ == "__main__":
    main()
