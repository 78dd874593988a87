"""GUI benchmark: open a sandbox gallery of 10,000 items in the real main window.

Reports time to the first visible thumbnails, time until every item is listed, and the
longest stall of the GUI thread (the largest gap of a 10 ms QTimer heartbeat) during the
first open (listed from the site; and when in the open it began), a reopen (from the local
catalog), while scrolling, and while reordering one item. Goals: first thumbnails < 1 s,
longest stall < 50 ms.

The bare baselines, in the same run: the same heartbeat in the same process's event loop
with nothing else to do, for as long as the first open took; a bare QListView laid out as
the grid taking 10,000 rows, 100 at a time (each row a title and one shared icon); and that
view scrolled by the same steps as the grid. On a busy machine (`--busy N` runs N CPU
burners throughout, so the load is about N + what the app uses) the operating system alone
delays the GUI thread that much: the app's share is the difference. Where the burners run
matters on Linux, whose scheduler shares the processors between sessions first (autogroup)
and then between the threads of each: by default they are this benchmark's children, in its
session, so each burner weighs as much as each of the app's threads (the harder case); with
`--elsewhere` they are one other program in a session of its own, as a build started in a
terminal is, and the app's session gets its share as a whole; with `--apart` each is in a
session of its own, so the app's session gets 1/(N+1) of the machine (harder still). Beside
the stalls: the longest paint of the grid while a gallery loads, and a full repaint once
nothing else runs (the same tiles); and the GUI thread's CPU time and its time waiting on
the run queue for a processor while a gallery loads (Linux), beside the bare loop's
waiting: a paint that takes 20 ms for 4 ms of CPU spent the rest waiting its turn behind
the machine's other work. Last, the resident memory of the window's process and of its
thumbnail process. Prints figures; asserts nothing.

The site is the local sandbox, fast, as the app runs it. With `--site wix` it behaves as Wix
does (`--profile wix`: about 150 ms a request, 200 requests a minute, so a 10,000-item listing
takes half a minute or more). It still runs on this machine, in the window's session, so its
work is charged to the app's share of the processors, which a real site's is not.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py
     [--busy 4 [--elsewhere | --apart]] [--runs 3] [--site wix]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtCore import QElapsedTimer, QEventLoop, QSize, QTimer, SignalInstance
from PySide6.QtGui import QIcon, QPixmap, QPixmapCache, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QListView

from galleryman.paths import AppPaths
from galleryman.qt_environment import prepare_qt_environment
from galleryman.sandbox.server import SandboxServer
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.item_grid_view import ItemGridView
from galleryman.views.main_window import MainWindow
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item

ITEMS = 10_000
DISTINCT_IMAGES = 120
SCROLL_STEPS = 200
PAGE = 100  # rows a listing page brings (the site's page size)


class Heartbeat:
    """A 10 ms timer; the largest gap between its ticks is the longest GUI-thread stall.
    Where that gap's time went, from the scheduler: the GUI thread's CPU, its wait for a
    processor, and the rest (asleep: waiting for its timer, or blocked, e.g. on the
    interpreter lock a worker thread holds); and the app's other threads' CPU and wait in
    the same gap (a worker that holds the interpreter lock while it waits for a processor
    blocks the GUI thread that long), and its helper processes' (the local sandbox, the
    thumbnail and listing processes; the sandbox and the listing process run in the
    window's session, so their CPU is its share too, and on Linux the thumbnail process has
    a session of its own)."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.clock = QElapsedTimer()
        self.timer.timeout.connect(self._tick)
        self.worst = 0.0
        self.worst_at = 0  # when the longest gap began (ms after `start`)
        self.worst_split = (0.0, 0.0, 0.0)
        self.worst_others = (0.0, 0.0)
        self.worst_helpers = (0.0, 0.0)
        self.last = 0
        self.last_sched = (0.0, 0.0)
        self.last_others: dict[str, tuple[float, float]] = {}
        self.helpers: list[int] = []
        self.last_helpers: dict[str, tuple[float, float]] = {}

    def start(self) -> None:
        self.worst = 0.0
        self.worst_at = 0
        self.worst_split = (0.0, 0.0, 0.0)
        self.worst_others = (0.0, 0.0)
        self.worst_helpers = (0.0, 0.0)
        self.clock.start()
        self.last = 0
        self.last_sched = scheduler_ms()
        self.last_others = other_threads_ms()
        self.helpers = helper_processes()
        self.last_helpers = helper_threads_ms(self.helpers)
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        sched = scheduler_ms()
        others = other_threads_ms()
        helpers = helper_threads_ms(self.helpers)
        gap = float(now - self.last)
        if gap > self.worst:
            cpu, waited = (sched[0] - self.last_sched[0], sched[1] - self.last_sched[1])
            self.worst, self.worst_split = gap, (cpu, waited, max(0.0, gap - cpu - waited))
            self.worst_at = self.last
            self.worst_others = _spent(self.last_others, others)
            self.worst_helpers = _spent(self.last_helpers, helpers)
        self.last, self.last_sched, self.last_others = now, sched, others
        self.last_helpers = helpers

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def _spent(
    before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]
) -> tuple[float, float]:
    """The CPU and the waiting for a processor the threads in `after` had since `before`."""
    return (
        sum(c - before.get(t, (0.0, 0.0))[0] for t, (c, _w) in after.items()),
        sum(w - before.get(t, (0.0, 0.0))[1] for t, (_c, w) in after.items()),
    )


class PaintClock:
    """The grid's paints while it is on, each one's wall time in ms (the bench wraps the
    view's paintEvent). The longest, set beside a full repaint with nothing else running,
    shows what the worker threads' share of the interpreter costs the GUI thread while a
    gallery loads."""

    def __init__(self) -> None:
        self.on = False
        self.paints: list[float] = []
        unwrapped = ItemGridView.paintEvent
        clock = self

        def timed(view: ItemGridView, event: object) -> None:
            started = time.perf_counter()
            try:
                unwrapped(view, event)  # type: ignore[arg-type]
            finally:
                if clock.on:
                    clock.paints.append((time.perf_counter() - started) * 1000)

        ItemGridView.paintEvent = timed  # type: ignore[method-assign,assignment]

    def start(self) -> None:
        self.on, self.paints = True, []

    def stop(self) -> float:
        """The longest paint (ms)."""
        self.on = False
        return max(self.paints, default=0.0)


PAINTS = PaintClock()


def spin_until(
    app: QApplication,
    done: Callable[[], bool],
    timeout: float = 120.0,
    *,
    poll_ms: int = 5,
    when: tuple[SignalInstance, ...] = (),
) -> float:
    """Run the real event loop (as `app.exec()` would) until `done()`; the seconds it took.

    A poll timer checks the condition, so measuring never adds work of its own between
    events the way a processEvents() loop would; a condition that costs the GUI thread
    something is checked when one of the signals `when` fires, and polled only slowly."""
    started = time.perf_counter()
    if done():
        return 0.0
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(poll_ms)
    seen_at: list[float] = []  # when done() was first true: it is not re-checked later

    def check() -> None:
        if done():
            seen_at.append(time.perf_counter())
            loop.quit()
        elif time.perf_counter() - started > timeout:
            loop.quit()

    poll.timeout.connect(check)
    for fired in when:
        fired.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    for fired in when:
        fired.disconnect(check)
    if not seen_at:
        raise TimeoutError(f"not done after {timeout:.0f} s")
    return seen_at[0] - started


def image_bytes(width: int, height: int, seed: int) -> bytes:
    """A real JPEG: a gradient-ish fill with a disc, different for each seed."""
    img = Image.new("RGB", (width, height), ((seed * 53) % 256, (seed * 97) % 256, 180))
    ImageDraw.Draw(img).ellipse((width // 4, height // 4, width // 2, height // 2), fill="gold")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def _pump(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    spin_until(app, lambda: time.perf_counter() >= end, timeout=seconds + 5)


def seed(data_dir: Path) -> str:
    """Upload real images over HTTP and create the gallery in-process, in the sandbox folder
    the window's sandbox then serves (a 10,000-item create is over the sandbox's 1 MiB body
    limit, and seeding is not what is measured)."""
    server = SandboxServer(data_dir, host="127.0.0.1", port=0)
    server.start()
    try:
        auth = ApiKeyAuth(server.api_key, server.site_id)
        with WixClient(auth, server.base_url, rate_limit_per_minute=None) as client:
            files = []
            for n in range(DISTINCT_IMAGES):
                data = image_bytes(1200 + (n % 5) * 200, 800 + (n % 3) * 250, seed=n)
                files.append(client.upload_data(data, f"b{n}.jpg", "image/jpeg"))
        items = [
            Item.image_item(
                files[n % DISTINCT_IMAGES], title=f"Photo {n:05}", sort_order=float(n + 1)
            ).to_json()
            for n in range(ITEMS)
        ]
        # A small gallery first: the window opens it on start, so the big one's first open
        # is measured from a listing (nothing of it in the local catalog yet).
        small = {"gallery": {"name": "A small one", "items": items[:3]}}
        body = {"gallery": {"name": "Big", "items": items}}
        for gallery in (small, body):
            status, answer = server.local_call("POST", "/progallery/v2/galleries", gallery)
            if status != 200:
                raise RuntimeError(f"seeding failed: {status} {answer}")
        return str(answer["gallery"]["id"])
    finally:
        server.stop()


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


class _SchedStats:
    """Each thread's /proc schedstat, kept open and read with pread: the heartbeat reads one
    per thread every 10 ms, and opening them all each time cost the GUI thread about 1 ms a
    tick (a tenth of its CPU while a gallery loads), which the stalls it measures then
    included."""

    def __init__(self) -> None:
        self._files: dict[str, int] = {}

    def read(self, task: str) -> tuple[float, float] | None:
        """(CPU, waiting for a processor) of thread `task` in ms ("tid" of this process, or
        "pid/tid"); None if it is gone."""
        fd = self._files.get(task)
        pid, _, tid = task.rpartition("/")
        try:
            if fd is None:
                path = f"/proc/{pid or 'self'}/task/{tid}/schedstat"
                fd = self._files[task] = os.open(path, os.O_RDONLY)
            cpu, waiting, _slices = os.pread(fd, 128, 0).split()
        except (OSError, ValueError):  # the thread ended (or its id is another's now)
            if fd is not None:
                os.close(self._files.pop(task))
            return None
        return int(cpu) / 1e6, int(waiting) / 1e6


SCHED_STATS = _SchedStats()


def scheduler_ms() -> tuple[float, float]:
    """The calling thread's CPU time and its time waiting on the run queue for a processor
    (ms, Linux's /proc schedstat; zeros elsewhere). A stall with little CPU and much waiting
    is the operating system's doing, not the app's work."""
    return SCHED_STATS.read(str(threading.get_native_id())) or (0.0, 0.0)


def other_threads_ms() -> dict[str, tuple[float, float]]:
    """`scheduler_ms` of each of this process's threads but the calling one, by thread id."""
    mine = str(threading.get_native_id())
    found: dict[str, tuple[float, float]] = {}
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return found
    for task in tasks:
        if task != mine and (stats := SCHED_STATS.read(task)) is not None:
            found[task] = stats
    return found


BURNER_PIDS: set[int] = set()  # children of this process that are not the app's helpers


def helper_processes() -> list[int]:
    """The app's helper processes: this process's children (the local sandbox, the
    thumbnail and listing processes), the CPU burners excepted."""
    found: list[int] = []
    tasks = os.listdir("/proc/self/task") if os.path.isdir("/proc/self/task") else []  # Linux
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children") as children:
                found += [int(pid) for pid in children.read().split()]
        except FileNotFoundError:  # the thread ended meanwhile: it has no children to see
            continue
    return [pid for pid in found if pid not in BURNER_PIDS]


def helper_threads_ms(pids: list[int]) -> dict[str, tuple[float, float]]:
    """`scheduler_ms` of each thread of the processes `pids`, by "pid/tid"."""
    found: dict[str, tuple[float, float]] = {}
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:  # it ended
            continue
        for task in tasks:
            if (stats := SCHED_STATS.read(f"{pid}/{task}")) is not None:
                found[f"{pid}/{task}"] = stats
    return found


def bare_stall(app: QApplication, seconds: float) -> tuple[float, float]:
    """The longest heartbeat gap of an event loop with nothing else to do, and the GUI
    thread's time waiting for a processor meanwhile (ms)."""
    beat = Heartbeat()
    _cpu, waited = scheduler_ms()
    beat.start()
    _pump(app, seconds)
    return beat.stop(), scheduler_ms()[1] - waited


def measure_open(
    app: QApplication, window: MainWindow, paths: AppPaths, gallery_id: str, *, cold: bool = True
) -> dict[str, float]:
    """Open the gallery (cold thumbnail caches, unless not `cold`); first thumbnails, all
    listed, longest stall."""
    session = window.session
    assert session is not None
    loader = window.loader
    assert loader is not None
    session.open_gallery(None)
    loader.cancel_pending()
    loader.wait_until_idle()  # nothing may still be writing the cache we clear
    _pump(app, 0.2)
    if cold:
        QPixmapCache.clear()
        shutil.rmtree(paths.thumbnails_dir, ignore_errors=True)

    beat = Heartbeat()
    beat.start()
    PAINTS.start()
    cpu, waited = scheduler_ms()
    started = time.perf_counter()
    session.open_gallery(gallery_id)
    first_thumbs = first_thumbnails(app, window)
    spin_until(app, lambda: session.loaded_gallery_id == gallery_id)
    all_listed = time.perf_counter() - started
    spin_until(app, lambda: session.busy() == 0)
    took = time.perf_counter() - started
    stall = beat.stop()
    stall_at = beat.worst_at
    cpu_after, waited_after = scheduler_ms()
    stall_cpu, stall_waited, stall_asleep = beat.worst_split
    others_cpu, others_waited = beat.worst_others
    helpers_cpu, helpers_waited = beat.worst_helpers
    return {"first": first_thumbs, "listed": all_listed, "stall": stall, "stall_at": stall_at,
            "took": took,
            "paint": PAINTS.stop(), "cpu": cpu_after - cpu,
            "waited": waited_after - waited, "stall_cpu": stall_cpu,
            "stall_waited": stall_waited, "stall_asleep": stall_asleep,
            "stall_others_cpu": others_cpu, "stall_others_waited": others_waited,
            "stall_helpers_cpu": helpers_cpu,
            "stall_helpers_waited": helpers_waited}  # fmt: skip


def first_thumbnails(app: QApplication, window: MainWindow) -> float:
    """Seconds until the grid shows item rows (not just the places kept for them, which have
    no thumbnails to wait for) and every visible one shows its thumbnail or its error.

    Looking at every visible tile each 5 ms was a fifth of the GUI thread's Python while a
    gallery loaded, work the app does not do: it is checked as each thumbnail arrives, and
    every 100 ms for thumbnails that were in memory already."""
    session, loader = window.session, window.loader
    assert session is not None and loader is not None
    return spin_until(
        app,
        lambda: session.items.item_count() > 0 and window.grid.visible_thumbnails_settled(),
        poll_ms=100,
        when=(loader.ready, loader.failed),
    )


def laid_out(app: QApplication, view: QListView) -> None:
    """Until the batched layout has reached the end: it grows the scroll range over several
    event-loop passes."""
    bar, last = view.verticalScrollBar(), -1
    while bar.maximum() != last:
        last = bar.maximum()
        _pump(app, 0.2)


def scroll_through(app: QApplication, view: QListView, steps: int) -> dict[str, float]:
    """Scroll `view` down half a viewport every 5 ms for `steps` steps (or to its end): the
    longest heartbeat gap meanwhile and where its time went (ms, as `Heartbeat` splits it),
    and the GUI thread's CPU time per step (ms)."""
    bar = view.verticalScrollBar()
    beat = Heartbeat()
    cpu = time.thread_time()
    beat.start()
    taken = 0
    for _ in range(steps):
        if bar.value() >= bar.maximum():
            break
        bar.setValue(bar.value() + view.viewport().height() // 2)
        _pump(app, 0.005)
        taken += 1
    stall = beat.stop()
    stall_cpu, stall_waited, stall_asleep = beat.worst_split
    return {"stall": stall, "stall_cpu": stall_cpu, "stall_waited": stall_waited,
            "stall_asleep": stall_asleep,
            "cpu_per_step": (time.thread_time() - cpu) * 1000 / max(1, taken)}  # fmt: skip


def bare_view(grid: ItemGridView) -> tuple[QListView, QStandardItemModel, QIcon]:
    """A bare QListView laid out as the grid (its size, tile size, flow, scrolling), empty and
    shown, and the one icon of the thumbnail's size its rows share."""
    icon_size = QSize(grid.thumbnail_size, grid.thumbnail_size)
    model = QStandardItemModel()
    view = QListView()
    view.setFlow(QListView.Flow.LeftToRight)
    view.setWrapping(True)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(True)
    view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    view.setLayoutMode(QListView.LayoutMode.Batched)
    view.setGridSize(grid.gridSize())
    view.setIconSize(icon_size)
    view.setModel(model)
    view.resize(grid.size())
    view.show()
    return view, model, QIcon(QPixmap(icon_size))


def bare_rows(icon: QIcon, start: int, count: int) -> list[QStandardItem]:
    return [QStandardItem(icon, f"photo {n:05d}.jpg") for n in range(start, start + count)]


def bare_load(app: QApplication, grid: ItemGridView) -> float:
    """A bare QListView laid out as the grid taking the same 10,000 rows, a page of 100 at a
    time, each page 1 ms after the last was taken in (as the app's load is paced); the
    longest heartbeat gap from the first page to the laid-out end (ms)."""
    view, model, icon = bare_view(grid)
    fed = 0

    def feed() -> None:
        nonlocal fed
        model.invisibleRootItem().appendRows(bare_rows(icon, fed, PAGE))
        fed += PAGE
        if fed < ITEMS:
            QTimer.singleShot(1, feed)

    beat = Heartbeat()
    beat.start()
    QTimer.singleShot(0, feed)
    spin_until(app, lambda: fed >= ITEMS)
    _pump(app, 0.3)  # the batched layout's last passes
    stall = beat.stop()
    view.close()
    return stall


def bare_scroll(app: QApplication, grid: ItemGridView, steps: int) -> dict[str, float]:
    """The same scrolling in a bare QListView laid out as the grid, each of its 10,000 rows a
    title and the shared icon: what scrolling costs Qt alone on this machine, at this moment."""
    view, model, icon = bare_view(grid)
    for start in range(0, ITEMS, PAGE):
        model.invisibleRootItem().appendRows(bare_rows(icon, start, PAGE))
    laid_out(app, view)
    scrolled = scroll_through(app, view, steps)
    view.close()
    return scrolled


def idle_repaint(app: QApplication, window: MainWindow) -> float:
    """The median of 30 full repaints of the grid once nothing else runs (ms)."""
    session, loader = window.session, window.loader
    assert session is not None and loader is not None
    spin_until(app, lambda: session.busy() == 0)
    loader.wait_until_idle()
    _pump(app, 0.5)
    took = []
    for _ in range(30):
        started = time.perf_counter()
        window.grid.viewport().repaint()
        took.append((time.perf_counter() - started) * 1000)
    return sorted(took)[len(took) // 2]


def resident_mb(pid: int) -> float:
    """A process's resident memory (Linux), in MB."""
    with open(f"/proc/{pid}/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kb / 1024


def open_window(app: QApplication, paths: AppPaths, site_options: list[str]) -> MainWindow:
    """The real window on the local sandbox (run with `site_options`), once it has opened
    the small gallery."""
    sites = SiteManager(paths, seed_demo=False, sandbox_options=site_options)
    window = MainWindow(sites, Settings(paths.settings_file))
    window.resize(1360, 860)
    window.show()
    window.open_site(LOCAL_SITE_KEY)
    session = window.session
    assert session is not None
    spin_until(app, lambda: session.galleries.rowCount() == 2)
    spin_until(app, lambda: session.busy() == 0 and session.gallery_id is not None)
    return window


def one_run(app: QApplication, site_options: list[str]) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(Path(tmp)).ensure()
        gallery_id = seed(paths.sandbox_dir)
        window = open_window(app, paths, site_options)
        session = window.session
        assert session is not None
        assert session.gallery_id != gallery_id, "the big gallery must not be open yet"

        first = measure_open(app, window, paths, gallery_id)
        figures["bare_stall"], figures["bare_waited"] = bare_stall(app, first["took"])
        figures["bare_load_stall"] = bare_load(app, window.grid)
        reopen = measure_open(app, window, paths, gallery_id)
        figures.update({f"open_{k}": v for k, v in first.items()})
        figures.update({f"reopen_{k}": v for k, v in reopen.items()})

        laid_out(app, window.grid)
        scrolled = scroll_through(app, window.grid, SCROLL_STEPS)
        figures.update({f"scroll_{k}": v for k, v in scrolled.items()})
        bare = bare_scroll(app, window.grid, SCROLL_STEPS)
        figures.update({f"bare_scroll_{k}": v for k, v in bare.items()})
        figures["repaint_idle"] = idle_repaint(app, window)
        assert window.loader is not None and window.loader.process_id is not None
        figures["rss_window"] = resident_mb(os.getpid())
        figures["rss_thumbnails"] = resident_mb(window.loader.process_id)

        ids = session.items.ids()
        beat = Heartbeat()
        beat.start()
        reorder_started = time.perf_counter()
        session.move_items([ids[-1]], 0)
        spin_until(app, lambda: session.busy() == 0)
        figures["reorder_saved"] = time.perf_counter() - reorder_started
        figures["reorder_stall"] = beat.stop()
        window.close()
    return figures


BURN = "while True: pass"
# One program of `count` busy processes: it starts the others, then burns itself.
BURN_AS_ONE = (
    "import subprocess, sys\n"
    f"for _ in range(int(sys.argv[1]) - 1): subprocess.Popen([sys.executable, '-c', {BURN!r}])\n"
    + BURN
)


def start_burners(
    count: int, *, elsewhere: bool, apart: bool = False
) -> list[subprocess.Popen[bytes]]:
    """`count` CPU burners: this benchmark's children, or (`elsewhere`) one program in a
    session (and process group) of its own, or (`apart`) each in a session of its own."""
    if count and elsewhere:
        leader = [sys.executable, "-c", BURN_AS_ONE, str(count)]
        return [subprocess.Popen(leader, start_new_session=True)]
    burn = [sys.executable, "-c", BURN]
    return [subprocess.Popen(burn, start_new_session=apart) for _ in range(count)]


def stop_burners(burners: list[subprocess.Popen[bytes]], *, elsewhere: bool) -> None:
    for burner in burners:
        if elsewhere:
            os.killpg(burner.pid, signal.SIGKILL)  # the leader and the burners it started
        else:
            burner.kill()
        burner.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, default=0, help="CPU burners run meanwhile")
    parser.add_argument(
        "--elsewhere", action="store_true", help="the burners: one program in its own session"
    )
    parser.add_argument("--apart", action="store_true", help="each burner in a session of its own")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--site",
        choices=("local", "wix"),
        default="local",
        help="the site: the fast local sandbox, or the sandbox as Wix behaves (--profile wix)",
    )
    args = parser.parse_args()
    site_options = ["--profile", "wix"] if args.site == "wix" else []
    print(f"process {os.getpid()} (its GUI thread's id too, for bench/gui_sleeps.py)")
    prepare_qt_environment()  # as the app does, before its QApplication
    app = QApplication([])
    burners = start_burners(args.busy, elsewhere=args.elsewhere, apart=args.apart)
    BURNER_PIDS.update(burner.pid for burner in burners)
    try:
        _pump(app, 3.0 if burners else 0.0)  # let the load average climb
        runs = []
        for n in range(args.runs):
            runs.append(one_run(app, site_options))
            print(f"run {n + 1}: done, load average {load_average()}", flush=True)
    finally:
        stop_burners(burners, elsewhere=args.elsewhere)

    def row(label: str, key: str, scale: float = 1.0, unit: str = "ms", fmt: str = ".0f") -> None:
        values = "  ".join(f"{r[key] * scale:6{fmt}}" for r in runs)
        print(f"{label:<52}{values}  {unit}")

    where = " (another session)" if args.elsewhere else " (a session each)" if args.apart else ""
    print(f"gallery of {ITEMS} items ({DISTINCT_IMAGES} distinct images), window 1360x860, "
          f"{args.site} site, {args.busy} CPU burners{where}; "
          "one column per run")  # fmt: skip
    row("first open (listed): first visible thumbnails", "open_first", 1000)
    row("first open (listed): every item listed", "open_listed", 1000)
    row("first open (listed): longest GUI stall (goal < 50)", "open_stall")
    row("  began, after the open started", "open_stall_at")
    row("  of it: the GUI thread's CPU", "open_stall_cpu")
    row("  of it: waiting for a processor", "open_stall_waited")
    row("  of it: asleep (its timer, or blocked)", "open_stall_asleep")
    row("  the app's other threads meanwhile: CPU", "open_stall_others_cpu")
    row("  the app's other threads meanwhile: waiting", "open_stall_others_waited")
    row("  its helper processes meanwhile: CPU", "open_stall_helpers_cpu")
    row("  its helper processes meanwhile: waiting", "open_stall_helpers_waited")
    row("  bare event loop, same time: longest stall", "bare_stall")
    row("  a bare QListView taking 10,000 rows: longest stall", "bare_load_stall")
    row("first open: GUI thread's CPU", "open_cpu")
    row("first open: GUI thread waiting for a processor", "open_waited")
    row("  bare event loop, same time: waiting for a processor", "bare_waited")
    row("first open: longest paint of the grid", "open_paint")
    row("  a full repaint, nothing else running (median)", "repaint_idle")
    row("reopen (catalog): first visible thumbnails", "reopen_first", 1000)
    row("reopen (catalog): every item shown", "reopen_listed", 1000)
    row("reopen (catalog): longest GUI stall (goal < 50)", "reopen_stall")
    row("  of it: the GUI thread's CPU", "reopen_stall_cpu")
    row("  of it: waiting for a processor", "reopen_stall_waited")
    row("  of it: asleep (its timer, or blocked)", "reopen_stall_asleep")
    row("  the app's other threads meanwhile: CPU", "reopen_stall_others_cpu")
    row("  the app's other threads meanwhile: waiting", "reopen_stall_others_waited")
    row("  its helper processes meanwhile: CPU", "reopen_stall_helpers_cpu")
    row("  its helper processes meanwhile: waiting", "reopen_stall_helpers_waited")
    row("reopen: GUI thread's CPU", "reopen_cpu")
    row("reopen: GUI thread waiting for a processor", "reopen_waited")
    row("reopen: longest paint of the grid", "reopen_paint")
    row("scrolling: longest GUI stall", "scroll_stall")
    row("  of it: the GUI thread's CPU", "scroll_stall_cpu")
    row("  of it: waiting for a processor", "scroll_stall_waited")
    row("  of it: asleep (its timer, or blocked)", "scroll_stall_asleep")
    row("  a bare QListView, the same scrolling", "bare_scroll_stall")
    row("  of it: the bare view's CPU", "bare_scroll_stall_cpu")
    row("  of it: waiting for a processor", "bare_scroll_stall_waited")
    row("scrolling: GUI thread's CPU per step", "scroll_cpu_per_step", fmt=".1f")
    row("  a bare QListView, the same scrolling", "bare_scroll_cpu_per_step", fmt=".1f")
    row("resident memory after scrolling: the window", "rss_window", unit="MB")
    row("  the thumbnail process", "rss_thumbnails", unit="MB")
    row("reorder one item: longest GUI stall", "reorder_stall")
    row("reorder one item: saved in", "reorder_saved", 1000)


if __name__ == "__main__":
    main()
