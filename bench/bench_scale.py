"""Scale benchmark: the item grid at 1,000, 10,000 and 100,000 items, each figure beside a bare
QListView over a QStandardItemModel (+ QSortFilterProxyModel) in the same run.

Figures (each measured in a fresh process per variant and size, window 1360x860, offscreen):

* load: every item fed in pages of 100, one page per event-loop turn (as the paced loader
  does); the longest GUI stall (largest gap of a 5 ms heartbeat) while they arrive;
* first frame: from the first page in the model to its painted frame; once all are in,
  to the next painted frame, and until the (batched) layout reaches the last row;
* memory per item: resident memory growth of the process over the load, divided by N
  (pages are parsed from JSON as the client does, then handed over and dropped);
* filter: "photo 0001" typed one key at a time, each key applied once the last result is
  painted: the longest stall and the slowest key-to-painted-result; then the same typed
  fast (a key every 30 ms): longest stall and last key to painted result; then cleared;
* reorder: the last item moved before the tile at the top left of the view, the way the
  session does it (plan, then show the new sortOrder), until the moved tile is painted
  there: at the top of the grid, scrolled to its middle (Qt lays the grid out again from
  the top after a move: does the view keep its place?), and at the top while a filter that
  keeps every item is on;
* listing: every item of an N-item gallery from the local sandbox over HTTP with the real
  client (parsed into Items), beside the same pages fetched and json-decoded with bare httpx.
  One sandbox holds a gallery of each size, in one process: the first listing of each,
  then LISTING_ROUNDS rounds listing every gallery in turn, medians reported. (Each size
  in a process of its own, or listed once, moved the 100k/10k ratio between 9.5x and 10.8x
  from run to run.) Also one page fetched at each gallery's start and at its end (the same
  cost at any offset);
* start-up: a new process to the first painted frame of the app's main window, started as
  `galleryman` starts (bench_startup.py's probes), beside a bare QMainWindow, 5 of each.

Run on a quiet machine and on a busy one (``--busy`` runs a CPU burner meanwhile); the load
average is printed. Prints figures; asserts nothing.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_scale.py [--sizes 1000,10000]
     [--busy] [--skip-listing] [--skip-startup]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench_startup import Series  # this folder
from bench_startup import run_child as start_child

PAGE = 100
QUERY = "photo 0001"
FAST_KEY_MS = 30
HEARTBEAT_MS = 5
WINDOW = (1360, 860)
ROOT = Path(__file__).resolve().parent.parent


# ----------------------------------------------------------------------------- items


def item_doc(n: int, host: str = "http://127.0.0.1:8765", gallery: int = 0) -> dict[str, Any]:
    """Item n as the sandbox lists it: an image with a title, some with a description/tags.
    Items of different `gallery` numbers have different ids."""
    rng = random.Random(n)
    media = f"19086a_{rng.getrandbits(128):032x}~mv2.jpg"
    doc: dict[str, Any] = {
        "id": f"{rng.getrandbits(32) ^ (gallery << 28):08x}-{n:04x}-"
        f"4{rng.getrandbits(12):03x}-a{n % 4096:03x}-{rng.getrandbits(48):012x}",
        "sortOrder": float(n + 1),
        "title": f"Photo {n:05}",
        "type": "IMAGE",
        "image": {
            "type": "WIX_MEDIA",
            "imageInfo": {
                "id": media,
                "url": f"{host}/media/{media}",
                "width": 1200 + (n % 5) * 200,
                "height": 800 + (n % 3) * 250,
                "filename": f"IMG_{n:05}.jpg",
            },
        },
        "createdDate": "2026-01-01T00:00:00.000Z",
        "updatedDate": "2026-01-01T00:00:00.000Z",
    }
    if n % 3 == 0:
        doc["description"] = f"Harbour walk, day {n % 31}"
    if n % 7 == 0:
        doc["tags"] = {"values": ["sea", f"roll-{n % 40}"]}
    return doc


def pages(count: int, gallery: int = 0) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, count, PAGE):
        yield [item_doc(n, gallery=gallery) for n in range(start, min(count, start + PAGE))]


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# ----------------------------------------------------------------------------- GUI child


def grid_child(variant: str, count: int) -> dict[str, Any]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSortFilterProxyModel, Qt, QTimer
    from PySide6.QtGui import QPaintEvent, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QListView

    from galleryman import gc_tuning
    from galleryman.models.item_filter import ItemFilterModel
    from galleryman.models.item_grid import ItemGridModel
    from galleryman.models.roles import Role
    from galleryman.qt_environment import prepare_qt_environment
    from galleryman.views.item_grid_view import ItemGridView
    from galleryman.wix.models import Item

    prepare_qt_environment()  # as the app does, before its QApplication
    _app = QApplication.instance() or QApplication([])

    class Painted:
        """Counts the viewport's finished paints."""

        def __init__(self) -> None:
            self.count = 0
            self.at = 0.0

        def note(self) -> None:
            self.count += 1
            self.at = time.perf_counter()

    painted = Painted()

    class OurView(ItemGridView):
        def paintEvent(self, event: QPaintEvent) -> None:
            super().paintEvent(event)
            painted.note()

    class BareView(QListView):
        def paintEvent(self, event: QPaintEvent) -> None:
            super().paintEvent(event)
            painted.note()

    class Heartbeat:
        def __init__(self) -> None:
            self.timer = QTimer()
            self.timer.setInterval(HEARTBEAT_MS)
            self.timer.setTimerType(Qt.TimerType.PreciseTimer)
            self.clock = QElapsedTimer()
            self.timer.timeout.connect(self._tick)
            self.worst = 0.0
            self.last = 0

        def start(self) -> None:
            self.worst, self.last = 0.0, 0
            self.clock.start()
            self.timer.start()

        def _tick(self) -> None:
            now = self.clock.elapsed()
            self.worst = max(self.worst, float(now - self.last))
            self.last = now

        def stop(self) -> float:
            self._tick()
            self.timer.stop()
            return self.worst

    def spin(done: Callable[[], bool], timeout: float = 120.0) -> None:
        if done():
            return
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(1)
        started = time.perf_counter()

        def check() -> None:
            if done() or time.perf_counter() - started > timeout:
                loop.quit()

        poll.timeout.connect(check)
        poll.start()
        loop.exec()
        poll.stop()
        if not done():
            raise TimeoutError("benchmark step did not finish")

    def pump(seconds: float) -> None:
        end = time.perf_counter() + seconds
        spin(lambda: time.perf_counter() >= end, seconds + 5)

    def repaint_after(started: float) -> Callable[[], bool]:
        return lambda: painted.at > started

    ours = variant == "grid"
    view: QListView
    if ours:
        model = ItemGridModel()
        proxy: Any = ItemFilterModel()
        proxy.setSourceModel(model)
        view = OurView()
        view.setModel(proxy)
        model.load("bench", count)
    else:
        std = QStandardItemModel()
        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(std)
        proxy.setFilterRole(Qt.ItemDataRole.UserRole + 2)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        view = BareView()
        grid = ItemGridView()  # the same layout as the grid: mode, flow, uniform cells, batches
        view.setViewMode(grid.viewMode())
        view.setMovement(grid.movement())
        view.setFlow(grid.flow())
        view.setWrapping(grid.isWrapping())
        view.setResizeMode(grid.resizeMode())
        view.setUniformItemSizes(grid.uniformItemSizes())
        view.setLayoutMode(grid.layoutMode())
        view.setBatchSize(grid.batchSize())
        view.setSpacing(grid.spacing())
        view.setGridSize(grid.gridSize())
        view.setVerticalScrollMode(grid.verticalScrollMode())
        view.setModel(proxy)
    view.resize(*WINDOW)
    view.show()
    pump(0.3)
    gc.collect()
    before = rss_bytes()

    def feed(page: list[dict[str, Any]]) -> None:
        if ours:
            model.add_page([Item.from_json(doc) for doc in page])
            return
        rows = []
        for doc in page:
            item = Item.from_json(doc)  # parsed like any client would, then dropped
            cell = QStandardItem(item.title or "")
            cell.setData(item.id, Qt.ItemDataRole.UserRole + 1)
            words = [item.title or "", item.description or "", *item.tag_values]
            cell.setData(" ".join(words).lower(), Qt.ItemDataRole.UserRole + 2)
            rows.append(cell)
        std.invisibleRootItem().appendRows(rows)

    source = pages(count)
    beat = Heartbeat()
    beat.start()
    load_started = time.perf_counter()
    finished: list[bool] = []

    first_page: list[float] = []

    def next_page() -> None:
        page = next(source, None)
        if page is None:
            finished.append(True)
            return
        feed(page)
        gc_tuning.settle()  # as the session does after each page
        if not first_page:
            first_page.append(time.perf_counter())
        QTimer.singleShot(0, next_page)

    QTimer.singleShot(0, next_page)
    spin(lambda: bool(first_page))
    spin(repaint_after(first_page[0]))
    first_frame = painted.at - first_page[0]
    spin(lambda: bool(finished), 600)
    if ours:
        model.finish_loading()
    fed = time.perf_counter()
    load_time = fed - load_started
    view.viewport().update()
    spin(repaint_after(fed))
    repaint = painted.at - fed
    load_stall = beat.stop()
    last_row = proxy.index(proxy.rowCount() - 1, 0)
    spin(lambda: view.visualRect(last_row).isValid())  # the batched layout has finished
    laid_out = time.perf_counter() - fed
    gc.collect()
    memory = rss_bytes() - before

    def source_rows() -> int:
        return model.rowCount() if ours else std.rowCount()

    def settled() -> bool:
        return not (ours and proxy.is_searching)

    def set_text(text: str) -> None:
        if ours:
            proxy.set_filter_text(text)
        else:
            proxy.setFilterFixedString(text)

    def type_key(text: str) -> tuple[float, float]:
        """Apply `text` from inside the event loop; (key to painted result, longest stall)."""
        beat.start()
        typed: list[float] = []
        QTimer.singleShot(0, lambda: (typed.append(time.perf_counter()), set_text(text)))
        spin(lambda: bool(typed) and settled())
        applied = time.perf_counter()
        view.viewport().update()
        spin(repaint_after(applied))
        return painted.at - typed[0], beat.stop()

    # Filter, one key at a time.
    stalls, latencies = [], []
    for end in range(1, len(QUERY) + 1):
        latency, stall = type_key(QUERY[:end])
        latencies.append(latency)
        stalls.append(stall)
    matches = proxy.rowCount()
    clear_latency, clear_stall = type_key("")

    # Filter, typed fast: a key every FAST_KEY_MS.
    beat.start()
    keys: list[float] = []
    for i, end in enumerate(range(1, len(QUERY) + 1)):
        text = QUERY[:end]
        QTimer.singleShot(
            i * FAST_KEY_MS, lambda text=text: (keys.append(time.perf_counter()), set_text(text))
        )
    spin(lambda: len(keys) == len(QUERY) and settled())
    applied = time.perf_counter()
    view.viewport().update()
    spin(repaint_after(applied))
    fast_latency = painted.at - keys[-1]
    fast_stall = beat.stop()
    type_key("")

    # Reorder: the last item to the top, as the session does it.
    def move_last(middle: bool) -> tuple[float, float, bool]:
        """Move the last item before the tile at the top left of the view, at the top of the
        grid or scrolled to its middle: (to the painted frame that shows it there, the
        longest stall, whether the view kept its place); the time is NaN if it never shows
        (the view lost its place)."""
        bar = view.verticalScrollBar()
        line = view.gridSize().height()
        bar.setValue(bar.maximum() // 2 // line * line if middle else 0)  # a line at the top
        pump(0.2)
        place = bar.value()
        tops = [view.visualRect(proxy.index(row, 0)).top() for row in range(200)]
        columns = tops.count(tops[0])
        dest = -(tops[0] // line) * columns  # the first line wholly in view (view terms)
        beat.start()
        started = time.perf_counter()
        if ours:
            last = model.id_at(model.rowCount() - 1)
            assert last is not None
            for update in model.plan_move([last], model.item_position(dest)):
                shown = model.item(update.key)
                assert shown is not None
                moved = shown.copy()
                moved.sort_order = update.sort_order
                model.upsert(moved)
            assert proxy.index(dest, 0).data(Role.ID) == last
        else:
            std.insertRow(dest, std.takeRow(std.rowCount() - 1))
        done = time.perf_counter()

        def shown_there() -> bool:
            rect = view.visualRect(proxy.index(dest, 0))
            return painted.at > done and view.viewport().rect().intersects(rect)

        try:
            spin(shown_there, timeout=5)
            took = painted.at - started
        except TimeoutError:
            took = float("nan")
        return took, beat.stop(), bar.value() == place

    reorder, reorder_stall, _kept = move_last(middle=False)
    reorder_mid, reorder_mid_stall, reorder_mid_kept = move_last(middle=True)
    type_key("photo")  # every item still shows, through the filter's mapping
    pump(0.3)
    reorder_filtered, reorder_filtered_stall, _kept = move_last(middle=False)
    type_key("")
    view.close()
    return {
        "rows": source_rows(),
        "load_s": load_time,
        "load_stall_ms": load_stall,
        "first_frame_ms": first_frame * 1000,
        "repaint_ms": repaint * 1000,
        "layout_ms": laid_out * 1000,
        "bytes_per_item": memory / count,
        "key_stall_ms": max(stalls),
        "key_latency_ms": max(latencies) * 1000,
        "matches": matches,
        "fast_stall_ms": fast_stall,
        "fast_latency_ms": fast_latency * 1000,
        "clear_stall_ms": clear_stall,
        "clear_latency_ms": clear_latency * 1000,
        "reorder_ms": reorder * 1000,
        "reorder_stall_ms": reorder_stall,
        "reorder_mid_ms": reorder_mid * 1000,
        "reorder_mid_stall_ms": reorder_mid_stall,
        "reorder_mid_kept": "yes" if reorder_mid_kept else "no",
        "reorder_filtered_ms": reorder_filtered * 1000,
        "reorder_filtered_stall_ms": reorder_filtered_stall,
    }


# ----------------------------------------------------------------------------- listing


def seeded_sandbox(folder: Path, *counts: int) -> tuple[Any, list[str]]:
    """A started sandbox in `folder` and the ids of its galleries, one of each of `counts`
    items (`item_doc`), written straight into its store (seeding is not what is measured)."""
    from galleryman.sandbox.server import SandboxServer

    server = SandboxServer(folder / "sandbox")
    server.start()
    gallery_ids = []
    for number, count in enumerate(counts):
        status, body = server.local_call("POST", "/progallery/v2/galleries", {"gallery": {}})
        assert status == 200, body
        gallery_id = str(body["gallery"]["id"])
        with server.store.write() as tx:
            for page in pages(count, gallery=number):
                tx.insert_items(gallery_id, page)
        gallery_ids.append(gallery_id)
    return server, gallery_ids


def bare_listing(http: Any, gallery_id: str, count: int) -> int:
    """Every page of the gallery fetched with the bare httpx client `http` and json-decoded:
    the listing's baseline. The number of items listed."""
    listed = 0
    for offset in range(0, count, PAGE):
        answer = http.get(
            f"/progallery/v2/galleries/{gallery_id}/items",
            params={"itemOffset": offset, "itemLimit": PAGE},
        )
        listed += len(json.loads(answer.content)["items"])
    return listed


LISTING_ROUNDS = 5
PAGE_REPEATS = 7


def listing_child(counts: list[int]) -> dict[str, dict[str, float]]:
    """Per size: the first listing, the median of LISTING_ROUNDS more (ours and bare httpx, s)
    and a page at the gallery's start and end (bare, ms, median of PAGE_REPEATS)."""
    import httpx

    from galleryman.wix.auth import ApiKeyAuth
    from galleryman.wix.client import WixClient

    prefix = "/progallery/v2"
    times: dict[int, dict[str, list[float]]] = {n: {"ours": [], "bare": []} for n in counts}
    page_ms: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        server, gallery_ids = seeded_sandbox(Path(tmp), *counts)
        galleries = dict(zip(counts, gallery_ids, strict=True))
        headers = {"Authorization": server.api_key, "wix-site-id": server.site_id}
        auth = ApiKeyAuth(server.api_key, server.site_id)
        try:
            with (
                WixClient(auth, server.base_url, rate_limit_per_minute=None) as client,
                httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as http,
            ):

                def ours(gallery_id: str) -> int:
                    return sum(len(page) for page in client.iter_item_pages(gallery_id))

                for _ in range(1 + LISTING_ROUNDS):
                    for count, gallery_id in galleries.items():
                        started = time.perf_counter()
                        assert ours(gallery_id) == count
                        times[count]["ours"].append(time.perf_counter() - started)
                        started = time.perf_counter()
                        assert bare_listing(http, gallery_id, count) == count
                        times[count]["bare"].append(time.perf_counter() - started)
                # A page's cost at the gallery's start and at its end (keyset paging: alike).
                for count, gallery_id in galleries.items():
                    took: dict[int, list[float]] = {0: [], count - PAGE: []}
                    for _ in range(PAGE_REPEATS):
                        for offset, repeats in took.items():
                            started = time.perf_counter()
                            http.get(
                                f"{prefix}/galleries/{gallery_id}/items",
                                params={"itemOffset": offset, "itemLimit": PAGE},
                            ).raise_for_status()
                            repeats.append((time.perf_counter() - started) * 1000)
                    first, last = (statistics.median(repeats) for repeats in took.values())
                    page_ms[count] = (first, last)
        finally:
            server.stop()
    return {
        str(count): {
            "first_listing_s": series["ours"][0],
            "bare_first_listing_s": series["bare"][0],
            "listing_s": statistics.median(series["ours"][1:]),
            "bare_listing_s": statistics.median(series["bare"][1:]),
            "page_first_ms": page_ms[count][0],
            "page_last_ms": page_ms[count][1],
        }
        for count, series in times.items()
    }


# ----------------------------------------------------------------------------- start-up


def startup(runs: int = 5) -> tuple[float, float]:
    """Launch to the first painted frame (s, medians): the app started as `galleryman` starts
    (its next start: a first, unmeasured one creates the sandbox) and a bare QMainWindow,
    interleaved; measured as bench_startup.py measures them."""
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    app, bare = Series("app", "app", seeded=True), Series("bare", "bare")
    took: dict[Series, list[float]] = {app: [], bare: []}
    with tempfile.TemporaryDirectory(prefix="galleryman-bench-scale-") as tmp:
        start_child(app, Path(tmp), platform)
        for _ in range(runs):
            for one in (bare, app):
                took[one].append(start_child(one, Path(tmp), platform)["to_frame_ms"] / 1000)
    return statistics.median(took[app]), statistics.median(took[bare])


# ----------------------------------------------------------------------------- driver


def run_child(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
    )
    if out.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


ROWS = [
    ("load: longest stall (ms)", "load_stall_ms", "{:.0f}"),
    ("load: all pages in (s)", "load_s", "{:.2f}"),
    ("first page to its painted frame (ms)", "first_frame_ms", "{:.0f}"),
    ("all in: to a painted frame (ms)", "repaint_ms", "{:.0f}"),
    ("all in: until laid out (ms)", "layout_ms", "{:.0f}"),
    ("memory per item (bytes)", "bytes_per_item", "{:.0f}"),
    ("filter key: longest stall (ms)", "key_stall_ms", "{:.0f}"),
    ("filter key: to painted result (ms)", "key_latency_ms", "{:.0f}"),
    ("filter typed fast: longest stall (ms)", "fast_stall_ms", "{:.0f}"),
    ("filter typed fast: last key to result (ms)", "fast_latency_ms", "{:.0f}"),
    ("filter cleared: longest stall (ms)", "clear_stall_ms", "{:.0f}"),
    ("filter cleared: to painted (ms)", "clear_latency_ms", "{:.0f}"),
    ("reorder: to painted (ms)", "reorder_ms", "{:.0f}"),
    ("reorder: longest stall (ms)", "reorder_stall_ms", "{:.0f}"),
    ("reorder mid-gallery: to painted (ms)", "reorder_mid_ms", "{:.0f}"),
    ("reorder mid-gallery: longest stall (ms)", "reorder_mid_stall_ms", "{:.0f}"),
    ("reorder mid-gallery: view kept its place", "reorder_mid_kept", "{}"),
    ("reorder, filter on: to painted (ms)", "reorder_filtered_ms", "{:.0f}"),
    ("reorder, filter on: longest stall (ms)", "reorder_filtered_stall_ms", "{:.0f}"),
    ("listing, the first (s)", "first_listing_s", "{:.2f}"),
    (f"listing, median of {LISTING_ROUNDS} more (s)", "listing_s", "{:.2f}"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--busy", action="store_true", help="run a CPU burner meanwhile")
    parser.add_argument("--skip-listing", action="store_true")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, counts = args.child[0], [int(n) for n in args.child[1].split(",")]
        result = listing_child(counts) if kind == "listing" else grid_child(kind, counts[0])
        print(json.dumps(result))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    burner = None
    if args.busy:
        burner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        print(f"load average at start: {load_average()}", flush=True)
        results: dict[tuple[str, int], dict[str, Any]] = {}
        pages_at: dict[int, tuple[float, float]] = {}
        for count in sizes:
            for variant in ("grid", "bare"):
                results[variant, count] = run_child(variant, str(count))
                print(f"  {variant} {count:,}: done (load {load_average()})", flush=True)
        if not args.skip_listing:
            listed = run_child("listing", ",".join(map(str, sizes)))
            for count in sizes:
                figures = listed[str(count)]
                for variant, prefix in (("grid", ""), ("bare", "bare_")):
                    for key in ("first_listing_s", "listing_s"):
                        results[variant, count][key] = figures[prefix + key]
                pages_at[count] = (figures["page_first_ms"], figures["page_last_ms"])
            print(f"  listing: done (load {load_average()})", flush=True)
        start = None if args.skip_startup else startup()
        print(f"load average at end: {load_average()}")
    finally:
        if burner is not None:
            burner.kill()
            burner.wait()

    header = f"{'figure':<44}" + "".join(f"{f'{n:,} ours':>12}{'bare':>9}" for n in sizes)
    print(header)
    for label, key, fmt in ROWS:
        cells = []
        for count in sizes:
            for variant in ("grid", "bare"):
                value = results[variant, count].get(key)
                width = 12 if variant == "grid" else 9
                cells.append(f"{fmt.format(value) if value is not None else '-':>{width}}")
        print(f"{label:<44}" + "".join(cells))
    matches = ", ".join(f"{n:,}: {results['grid', n]['matches']}" for n in sizes)
    print(f"items matching {QUERY!r}: {matches} (bare: QSortFilterProxyModel substring match)")
    for count, (first, last) in pages_at.items():
        print(f"a page of {PAGE} of {count:,} (bare httpx, median of 7): "
              f"first {first:.1f} ms, last {last:.1f} ms")  # fmt: skip
    for small, large in zip(sizes, sizes[1:], strict=False):
        if not args.skip_listing:
            ratios = ", ".join(
                f"{name} {results[variant, large][key] / results[variant, small][key]:.2f}x"
                for variant, name in (("grid", "ours"), ("bare", "bare"))
                for key in ("first_listing_s", "listing_s")
            )
            print(f"listing {large:,} / {small:,} (first, median): {ratios}")
    if start is not None:
        ours_ms, bare_ms = start[0] * 1000, start[1] * 1000
        print(f"start-up to the first painted frame: {ours_ms:.0f} ms, bare {bare_ms:.0f} ms")


if __name__ == "__main__":
    main()
