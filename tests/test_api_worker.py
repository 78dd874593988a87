"""The API worker against the real sandbox: off-thread, in order, answers on the GUI thread."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer
from pytestqt.qtbot import QtBot

from galleryman.sandbox.server import SandboxServer
from galleryman.wix.client import WixClient
from galleryman.wix.errors import NetworkError, NotFoundError, ServerError, WixError
from galleryman.wix.models import Gallery, Item
from galleryman.workers import (
    ApiWorker,
    JobHandle,
    JobKind,
    Progress,
    api_worker,
    run_on_gui_thread,
)
from tests.support import make_client


@pytest.fixture
def worker(sandbox: SandboxServer, qtbot: QtBot) -> Iterator[ApiWorker]:
    api = ApiWorker(lambda: make_client(sandbox))
    api.start()
    yield api
    api.shutdown()


def idle(worker: ApiWorker) -> bool:
    return worker.busy() == 0


def titles_on_server(sandbox: SandboxServer, gallery_id: str) -> list[str]:
    items = sorted(sandbox.store.list_items(gallery_id), key=lambda i: i["sortOrder"])
    return [i["title"] for i in items]


def test_jobs_run_off_the_gui_thread_and_answers_arrive_on_it(
    sandbox: SandboxServer, client: WixClient, qtbot: QtBot
) -> None:
    client.create_gallery("Holidays")
    gui = threading.get_ident()
    seen: dict[str, Any] = {}

    def factory() -> WixClient:
        seen["factory"] = threading.get_ident()
        return make_client(sandbox)

    def job(c: WixClient, progress: Progress) -> list[Gallery]:
        seen["job"] = threading.get_ident()
        return c.list_galleries()

    def done(galleries: list[Gallery]) -> None:
        seen["done"] = threading.get_ident()
        seen["names"] = [g.name for g in galleries]

    api = ApiWorker(factory)
    api.start()
    try:
        api.submit(job, on_done=done, label="list galleries")
        qtbot.waitUntil(lambda: "done" in seen)
    finally:
        assert api.shutdown()
    assert seen["job"] != gui
    assert seen["factory"] == seen["job"]  # the client is made on the worker thread
    assert seen["done"] == gui
    assert seen["names"] == ["Holidays"]


def test_50_writes_land_in_submission_order(
    worker: ApiWorker, client: WixClient, sandbox: SandboxServer, qtbot: QtBot
) -> None:
    gallery = client.create_gallery("Ordered")
    created: dict[int, Item] = {}
    done: list[int] = []
    busy_values: list[int] = []
    worker.busy_changed.connect(busy_values.append)

    def create(n: int) -> Any:
        def job(c: WixClient, progress: Progress) -> Item:
            item = c.create_item(gallery.id, Item.text_item(f"<p>{n}</p>", title=f"item {n:02}"))
            created[n] = item  # worker thread only: later jobs read it
            return item

        return job

    def retitle(n: int) -> Any:
        # Needs the id that item n got, which exists only if the create ran first.
        def job(c: WixClient, progress: Progress) -> Item:
            return c.update_item(gallery.id, created[n].id, {"title": f"item {n:02} edited"})

        return job

    def remove_last_temp(c: WixClient, progress: Progress) -> str:
        return c.delete_item(gallery.id, created[-1].id)

    def create_temp(c: WixClient, progress: Progress) -> Item:
        created[-1] = c.create_item(gallery.id, Item.text_item("<p>t</p>", title="temporary"))
        return created[-1]

    for n in range(50):
        worker.submit(create(n), kind=JobKind.WRITE, on_done=lambda _r, n=n: done.append(n))
        if n % 10 == 9:
            worker.submit(retitle(n), kind=JobKind.WRITE)
            worker.submit(create_temp, kind=JobKind.WRITE)
            worker.submit(remove_last_temp, kind=JobKind.WRITE)
    assert worker.pending_writes() > 0
    qtbot.waitUntil(lambda: idle(worker), timeout=20_000)

    expected = [f"item {n:02}" + (" edited" if n % 10 == 9 else "") for n in range(50)]
    assert titles_on_server(sandbox, gallery.id) == expected
    assert done == list(range(50))  # on_done in order too
    assert worker.pending_writes() == 0
    assert max(busy_values) > 1 and busy_values[-1] == 0


def test_pages_arrive_in_order_before_done(
    worker: ApiWorker, client: WixClient, qtbot: QtBot
) -> None:
    gallery = client.create_gallery("Big")
    for n in range(250):
        client.create_item(gallery.id, Item.text_item("<p>x</p>", title=f"i{n:03}"))
    events: list[tuple[str, Any]] = []

    def load(c: WixClient, progress: Progress) -> int:
        count = 0
        for page in c.iter_item_pages(gallery.id):
            progress(page)
            count += len(page)
        return count

    worker.submit(
        load,
        on_progress=lambda page: events.append(("page", page)),
        on_done=lambda total: events.append(("done", total)),
        group=gallery.id,
    )
    qtbot.waitUntil(lambda: bool(events) and events[-1][0] == "done")

    kinds = [kind for kind, _ in events]
    assert kinds == ["page", "page", "page", "done"]
    pages = [payload for kind, payload in events if kind == "page"]
    assert [len(p) for p in pages] == [100, 100, 50]
    titles = [item.title for page in pages for item in page]
    assert titles == [f"i{n:03}" for n in range(250)]
    assert events[-1] == ("done", 250)


def run_failing(worker: ApiWorker, qtbot: QtBot, job: Any) -> tuple[BaseException, list[str]]:
    """Run `job`, expecting failure: the error, and the order of on_error / job_failed."""
    order: list[str] = []
    errors: list[BaseException] = []
    handles: list[JobHandle] = []

    def failed(handle: JobHandle, error: BaseException) -> None:
        order.append("job_failed")
        handles.append(handle)
        assert error is errors[0]

    worker.job_failed.connect(failed)
    try:
        with qtbot.waitSignal(worker.job_failed, timeout=10_000):
            handle = worker.submit(
                job,
                on_error=lambda e: (order.append("on_error"), errors.append(e)),
                on_done=lambda _r: order.append("on_done"),
                label="failing job",
            )
    finally:
        worker.job_failed.disconnect(failed)
    assert handles == [handle]
    return errors[0], order


def assert_still_working(worker: ApiWorker, qtbot: QtBot) -> None:
    answers: list[list[Gallery]] = []
    worker.submit(lambda c, p: c.list_galleries(), on_done=answers.append)
    qtbot.waitUntil(lambda: bool(answers))


def test_404_reaches_on_error_and_the_thread_keeps_working(worker: ApiWorker, qtbot: QtBot) -> None:
    error, order = run_failing(worker, qtbot, lambda c, p: c.get_gallery("no-such-gallery"))
    assert isinstance(error, NotFoundError)
    assert order == ["on_error", "job_failed"]
    assert_still_working(worker, qtbot)


def test_500_burst_that_exhausts_retries_reaches_on_error(
    worker: ApiWorker, sandbox: SandboxServer, qtbot: QtBot
) -> None:
    sandbox.faults.inject_next("500", count=6, method="GET")  # make_client tries 6 times
    error, order = run_failing(worker, qtbot, lambda c, p: c.list_galleries())
    assert isinstance(error, ServerError)
    assert error.status == 500 and error.attempts == 6
    assert order == ["on_error", "job_failed"]
    assert_still_working(worker, qtbot)


def test_dropped_connection_reaches_on_error(
    worker: ApiWorker, sandbox: SandboxServer, qtbot: QtBot
) -> None:
    sandbox.faults.inject_next("drop-before", count=6, method="GET")
    error, _ = run_failing(worker, qtbot, lambda c, p: c.list_galleries())
    assert isinstance(error, NetworkError)
    assert isinstance(error, WixError) and error.user_message.startswith("Could not reach")
    assert_still_working(worker, qtbot)


def test_a_bug_in_a_job_is_logged_with_traceback_and_survived(
    worker: ApiWorker, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    def buggy(c: WixClient, p: Progress) -> None:
        raise ZeroDivisionError("oops")

    with caplog.at_level(logging.ERROR, logger="galleryman.workers.api_worker"):
        error, order = run_failing(worker, qtbot, buggy)
    assert isinstance(error, ZeroDivisionError)
    assert order == ["on_error", "job_failed"]
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is ZeroDivisionError]
    assert logged, "the unexpected exception must be logged with its traceback"
    assert_still_working(worker, qtbot)


def test_a_client_factory_failure_fails_the_job_not_the_thread(
    sandbox: SandboxServer, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    attempts: list[int] = []

    def flaky_factory() -> WixClient:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("keyring locked")
        return make_client(sandbox)

    api = ApiWorker(flaky_factory)
    api.start()
    try:
        with caplog.at_level(logging.ERROR, logger="galleryman.workers.api_worker"):
            error, _ = run_failing(api, qtbot, lambda c, p: c.list_galleries())
        assert isinstance(error, OSError)
        assert_still_working(api, qtbot)
    finally:
        assert api.shutdown()


def test_cancel_reads_drops_queued_reads_but_not_writes(
    worker: ApiWorker, client: WixClient, sandbox: SandboxServer, qtbot: QtBot
) -> None:
    gallery = client.create_gallery("Switching")
    started, release = threading.Event(), threading.Event()
    fired: list[str] = []
    ran: list[str] = []

    def blocking_read(c: WixClient, progress: Progress) -> str:
        started.set()
        assert release.wait(10)
        progress("late page")  # cancelled by now: raises JobCancelled and ends the job
        ran.append("blocker after progress")
        return "late"

    def read(name: str) -> Any:
        def job(c: WixClient, progress: Progress) -> str:
            ran.append(name)
            return name

        return job

    def write(c: WixClient, progress: Progress) -> Item:
        ran.append("write")
        return c.create_item(gallery.id, Item.text_item("<p>kept</p>", title="kept"))

    def record(name: str) -> Any:
        return lambda *_args: fired.append(name)

    blocker = worker.submit(
        blocking_read, on_done=record("blocker"), on_progress=record("blocker progress")
    )
    qtbot.waitUntil(started.is_set)
    r1 = worker.submit(read("r1"), on_done=record("r1"), on_error=record("r1 error"))
    w1 = worker.submit(write, on_done=record("write"), kind=JobKind.WRITE)
    r2 = worker.submit(read("r2"), on_done=record("r2"), group="gallery-a")
    r3 = worker.submit(read("r3"), on_done=record("r3"), group="gallery-b")
    assert worker.busy() == 5

    worker.cancel_reads(group="gallery-a")
    assert (r1.cancelled, r2.cancelled, r3.cancelled) == (False, True, False)
    worker.cancel_reads()
    assert r1.cancelled and r3.cancelled and blocker.cancelled
    assert not w1.cancelled
    assert worker.busy() == 2  # the running blocker and the write
    release.set()
    qtbot.waitUntil(lambda: idle(worker))

    assert fired == ["write"]
    assert ran == ["write"]
    assert titles_on_server(sandbox, gallery.id) == ["kept"]


def test_cancelling_one_queued_job_by_its_handle(worker: ApiWorker, qtbot: QtBot) -> None:
    started, release = threading.Event(), threading.Event()
    fired: list[str] = []
    worker.submit(lambda c, p: started.set() or release.wait(10), on_done=fired.append)
    qtbot.waitUntil(started.is_set)
    dropped = worker.submit(lambda c, p: "dropped", on_done=fired.append)
    kept = worker.submit(lambda c, p: "kept", on_done=fired.append)
    dropped.cancel()
    release.set()
    qtbot.waitUntil(lambda: idle(worker))
    assert fired == [True, "kept"]
    assert dropped.cancelled and not kept.cancelled


def test_shutdown_finishes_queued_writes_and_drops_reads(
    sandbox: SandboxServer, client: WixClient, qtbot: QtBot
) -> None:
    gallery = client.create_gallery("Closing")
    api = ApiWorker(lambda: make_client(sandbox))
    api.start()
    started, release = threading.Event(), threading.Event()
    fired: list[str] = []

    def first_write(c: WixClient, progress: Progress) -> Item:
        started.set()
        assert release.wait(10)  # until shutdown() has begun (see on_busy)
        return c.create_item(gallery.id, Item.text_item("<p>0</p>", title="item 00"))

    def create(n: int) -> Any:
        return lambda c, p: c.create_item(
            gallery.id, Item.text_item(f"<p>{n}</p>", title=f"item {n:02}")
        )

    api.submit(first_write, kind=JobKind.WRITE, on_done=lambda _i: fired.append("write 0"))
    qtbot.waitUntil(started.is_set)
    read = api.submit(lambda c, p: c.list_galleries(), on_done=lambda _g: fired.append("read"))
    for n in range(1, 20):
        api.submit(
            create(n), kind=JobKind.WRITE, on_done=lambda _i, n=n: fired.append(f"write {n}")
        )
    assert api.pending_writes() == 20

    def on_busy(_count: int) -> None:
        # shutdown() drops the queued read first: only then is the first write let go, so
        # every other write is certainly still queued when shutdown() starts waiting.
        if read.cancelled:
            release.set()

    api.busy_changed.connect(on_busy)
    assert api.shutdown(timeout_s=20) is True

    assert titles_on_server(sandbox, gallery.id) == [f"item {n:02}" for n in range(20)]
    # The writes' answers were delivered before shutdown() returned; the read never ran.
    assert fired == [f"write {n}" for n in range(20)]
    assert api.pending_writes() == 0
    with pytest.raises(RuntimeError):
        api.submit(create(99), kind=JobKind.WRITE)


def test_no_callback_after_shutdown_returned(
    sandbox: SandboxServer, client: WixClient, qtbot: QtBot
) -> None:
    gallery = client.create_gallery("Slow close")
    worker_threads: list[threading.Thread] = []

    def factory() -> WixClient:
        worker_threads.append(threading.current_thread())
        return make_client(sandbox)

    api = ApiWorker(factory)
    api.start()
    started, release = threading.Event(), threading.Event()
    fired: list[str] = []

    def slow_write(c: WixClient, progress: Progress) -> Item:
        started.set()
        assert release.wait(10)
        return c.create_item(gallery.id, Item.text_item("<p>late</p>", title="late"))

    api.submit(slow_write, kind=JobKind.WRITE, on_done=lambda _i: fired.append("done"))
    qtbot.waitUntil(started.is_set)
    assert api.shutdown(timeout_s=0.05) is False  # the write is still running
    release.set()
    worker_threads[0].join(10)  # the write is done and the thread has ended...
    assert not worker_threads[0].is_alive()
    assert api.pending_writes() == 0
    assert titles_on_server(sandbox, gallery.id) == ["late"]
    # ...so its answer, had it been queued for the GUI thread, would be delivered now.
    QCoreApplication.processEvents()
    assert fired == []


def test_gui_stays_responsive_during_a_slow_request(
    worker: ApiWorker, sandbox: SandboxServer, qtbot: QtBot
) -> None:
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    answers: list[Any] = []
    timer.start()
    try:
        with sandbox.gate("GET", r"/galleries$") as gate:
            worker.submit(lambda c, p: c.list_galleries(), on_done=answers.append)
            assert gate.arrived(1)
            # The request hangs on the server; the GUI thread's timer keeps ticking.
            qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=10_000)
            assert answers == []
        qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    finally:
        timer.stop()


def test_a_failing_callback_does_not_stop_later_answers(worker: ApiWorker, qtbot: QtBot) -> None:
    fired: list[str] = []

    def broken(_result: object) -> None:
        raise ValueError("bug in a callback")

    with qtbot.captureExceptions() as exceptions:
        worker.submit(lambda c, p: 1, on_done=broken)
        worker.submit(lambda c, p: 2, on_done=lambda _r: fired.append("second"))
        qtbot.waitUntil(lambda: fired == ["second"])
    assert [type(e[1]) for e in exceptions] == [ValueError]
    assert idle(worker)


def test_run_on_gui_thread_from_a_job(worker: ApiWorker, qtbot: QtBot) -> None:
    gui = threading.get_ident()
    where: list[int] = []
    worker.submit(lambda c, p: run_on_gui_thread(lambda: where.append(threading.get_ident())))
    qtbot.waitUntil(lambda: bool(where))
    assert where == [gui]


def test_worker_deleted_with_its_parent_mid_request_is_harmless(
    sandbox: SandboxServer, client: WixClient, qtbot: QtBot
) -> None:
    gallery = client.create_gallery("Window closed")
    owner = QObject()
    api = ApiWorker(lambda: make_client(sandbox), owner)
    api.start()
    started, release = threading.Event(), threading.Event()
    fired: list[str] = []

    def slow_write(c: WixClient, progress: Progress) -> Item:
        started.set()
        assert release.wait(10)
        progress("halfway")
        return c.create_item(gallery.id, Item.text_item("<p>x</p>", title="still saved"))

    api.submit(
        slow_write,
        kind=JobKind.WRITE,
        on_done=lambda _i: fired.append("done"),
        on_progress=lambda _v: fired.append("progress"),
    )
    qtbot.waitUntil(started.is_set)
    shiboken6.delete(owner)  # the window owning the worker is gone, the request is not
    assert not shiboken6.isValid(api)
    release.set()
    qtbot.waitUntil(lambda: api.pending_writes() == 0)
    QCoreApplication.processEvents()  # the answers' wake-ups run, and must find nobody
    assert fired == []
    assert titles_on_server(sandbox, gallery.id) == ["still saved"]
    assert api.shutdown() is True  # still stops the thread and closes the client


def test_busy_count_stays_up_through_a_follow_up_job(worker: ApiWorker, qtbot: QtBot) -> None:
    counts: list[int] = []
    worker.busy_changed.connect(counts.append)
    finished: list[str] = []

    def first_done(_result: object) -> None:
        worker.submit(lambda c, p: "second", on_done=finished.append)

    worker.submit(lambda c, p: "first", on_done=first_done)
    qtbot.waitUntil(lambda: finished == ["second"])
    qtbot.waitUntil(lambda: idle(worker))
    assert counts == [1, 2, 1, 0]  # never 0 while the follow-up was still to come


# ---------------------------------------------------------------------------- paced progress


def test_a_paced_job_goes_on_only_once_the_window_has_taken_each_value(
    worker: ApiWorker, qtbot: QtBot
) -> None:
    handled: list[int] = []
    handled_when_progress_returned: list[list[int]] = []
    done: list[str] = []

    def job(c: WixClient, progress: Progress) -> str:
        for n in range(4):
            progress(n)
            handled_when_progress_returned.append(list(handled))
        return "done"

    worker.submit(job, on_progress=handled.append, on_done=done.append, paced=True)
    qtbot.waitUntil(lambda: done == ["done"])
    assert handled_when_progress_returned == [[0], [0, 1], [0, 1, 2], [0, 1, 2, 3]]


def test_a_paced_job_with_nothing_to_show_still_waits_for_the_window_to_go_idle(
    worker: ApiWorker, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that only hands over its result at the end (the reconcile's reread) calls
    `progress` between its pages just to wait: its Python then runs while the window is
    idle, not through a paint."""
    order: list[str] = []
    real_when_idle = api_worker.when_idle

    def noted_when_idle(fn: Callable[[], None]) -> None:
        def idle() -> None:
            order.append("window idle")
            fn()

        real_when_idle(idle)

    monkeypatch.setattr(api_worker, "when_idle", noted_when_idle)
    done: list[str] = []

    def job(c: WixClient, progress: Progress) -> str:
        for _page in range(3):
            progress(None)
            order.append("went on")
        return "done"

    worker.submit(job, on_done=done.append, paced=True)
    qtbot.waitUntil(lambda: done == ["done"])
    assert order == ["window idle", "went on"] * 3


def test_a_paced_job_waits_while_the_window_is_busy_and_stops_when_cancelled(
    worker: ApiWorker, qtbot: QtBot
) -> None:
    started = threading.Event()
    steps: list[str] = []
    fired: list[object] = []

    def job(c: WixClient, progress: Progress) -> str:
        started.set()
        progress("page 1")
        steps.append("went on")
        return "done"

    handle = worker.submit(job, on_progress=fired.append, on_done=fired.append, paced=True)
    assert started.wait(10)
    # The GUI thread is busy (no event loop runs), so page 1 has not been taken in.
    time.sleep(0.3)
    assert steps == []
    handle.cancel()
    qtbot.waitUntil(lambda: idle(worker))
    assert steps == [] and fired == []
    assert_still_working(worker, qtbot)


def test_a_cancel_ends_a_paced_wait_at_once_without_the_window(
    worker: ApiWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GUI thread runs no event loop here, so only the cancel can end the wait (which
    would otherwise last a minute)."""
    monkeypatch.setattr(api_worker, "PACE_MAX_WAIT_S", 60.0)
    waiting = threading.Event()
    ended = threading.Event()
    steps: list[str] = []

    def job(c: WixClient, progress: Progress) -> str:
        try:
            waiting.set()
            progress("page 1")
            steps.append("went on")
            return "done"
        finally:
            ended.set()

    handle = worker.submit(job, on_progress=lambda _page: None, paced=True)
    assert waiting.wait(10)
    handle.cancel()
    assert ended.wait(10)
    assert steps == []


def test_a_paced_job_waits_for_the_window_once_a_page_without_polling(
    worker: ApiWorker, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that woke every 50 ms to look wanted the GIL in the middle of the GUI
    thread's paints, and on a busy machine the GUI thread then waited for it to get a
    processor. It now waits once a page, until the window takes it in (or a cancel, shutdown
    or PACE_MAX_WAIT_S): every wait the worker thread makes on an event is recorded."""
    monkeypatch.setattr(api_worker, "PACE_MAX_WAIT_S", 60.0)
    assert worker._thread is not None
    worker_thread = worker._thread.ident
    waits: list[float | None] = []

    class RecordedEvent(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            if threading.get_ident() == worker_thread:
                waits.append(timeout)
            return super().wait(timeout)

    monkeypatch.setattr(api_worker.threading, "Event", RecordedEvent)
    fired: list[object] = []

    def job(c: WixClient, progress: Progress) -> str:
        progress("page 1")
        progress("page 2")
        return "done"

    worker.submit(job, on_progress=fired.append, on_done=fired.append, paced=True)
    qtbot.waitUntil(lambda: fired == ["page 1", "page 2", "done"])
    assert waits == [60.0, 60.0]  # polling made [0.05, 0.05, ...] for each page


def test_shutdown_does_not_wait_for_a_paced_job_the_window_will_never_take(
    sandbox: SandboxServer, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_worker, "PACE_MAX_WAIT_S", 60.0)  # only shutdown() can end the wait
    api = ApiWorker(lambda: make_client(sandbox))
    api.start()
    started = threading.Event()

    def job(c: WixClient, progress: Progress) -> str:
        started.set()
        progress("page 1")
        progress("page 2")
        return "done"

    api.submit(job, on_progress=lambda _page: None, paced=True)
    assert started.wait(10)
    assert api.shutdown(timeout_s=5.0)  # the read is dropped; the thread ends at once


def test_shutdown_lets_a_paced_write_finish_without_waiting_for_the_window(
    sandbox: SandboxServer, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write is never dropped; shutdown() only stops it waiting for a window that runs no
    event loop any more (the wait would otherwise last a minute)."""
    monkeypatch.setattr(api_worker, "PACE_MAX_WAIT_S", 60.0)
    api = ApiWorker(lambda: make_client(sandbox))
    api.start()
    started = threading.Event()
    steps: list[str] = []

    def job(c: WixClient, progress: Progress) -> str:
        started.set()
        progress("part 1")
        steps.append("after part 1")
        progress("part 2")
        steps.append("after part 2")
        return "done"

    done: list[str] = []
    api.submit(job, kind=JobKind.WRITE, on_done=done.append, paced=True)
    assert started.wait(10)
    assert api.shutdown(timeout_s=5.0)
    assert steps == ["after part 1", "after part 2"]
    assert done == ["done"]  # delivered by shutdown() itself


def test_a_window_that_never_goes_idle_slows_a_paced_job_but_does_not_stop_it(
    worker: ApiWorker, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_worker, "PACE_MAX_WAIT_S", 0.2)
    went_on = threading.Event()
    pages: list[str] = []

    def job(c: WixClient, progress: Progress) -> str:
        progress("page 1")
        went_on.set()
        return "done"

    worker.submit(job, on_progress=pages.append, paced=True)
    assert went_on.wait(10)  # while this (GUI) thread never ran its event loop
    qtbot.waitUntil(lambda: idle(worker))
    assert pages == ["page 1"]


def test_a_hold_from_on_progress_keeps_a_paced_job_waiting_until_it_releases(
    worker: ApiWorker, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window may want the next value only once something else has happened (a first
    open's next page once the screen shows its thumbnails): the job waits for that, though
    the window has taken the value in and gone idle."""
    monkeypatch.setattr(api_worker, "PACE_MAX_WAIT_S", 60.0)  # only the release ends the wait
    releases: list[Callable[[], None]] = []
    steps: list[str] = []
    done: list[str] = []

    def hold_first(page: object) -> api_worker.Hold | None:
        steps.append(f"shown {page}")
        return releases.append if page == "page 1" else None

    def job(c: WixClient, progress: Progress) -> str:
        progress("page 1")
        steps.append("went on")
        progress("page 2")
        return "done"

    worker.submit(job, on_progress=hold_first, on_done=done.append, paced=True)
    qtbot.waitUntil(lambda: len(releases) == 1)
    went_idle = threading.Event()
    api_worker.when_idle(went_idle.set)  # after the release an unheld page would have had
    qtbot.waitUntil(went_idle.is_set)
    assert steps == ["shown page 1"]
    pace = worker._pace
    assert pace is not None and not pace.is_set()  # the job still waits for the window

    releases[0]()
    qtbot.waitUntil(lambda: done == ["done"])
    assert steps == ["shown page 1", "went on", "shown page 2"]


def test_a_cancel_ends_the_wait_of_a_job_whose_hold_never_releases(
    worker: ApiWorker, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_worker, "PACE_MAX_WAIT_S", 60.0)
    held = threading.Event()
    ended = threading.Event()
    steps: list[str] = []

    def job(c: WixClient, progress: Progress) -> str:
        try:
            progress("page 1")
            steps.append("went on")
            return "done"
        finally:
            ended.set()

    def keep(_release: Callable[[], None]) -> None:
        held.set()  # and never released

    handle = worker.submit(job, on_progress=lambda _page: keep, paced=True)
    qtbot.waitUntil(held.is_set)
    handle.cancel()
    assert ended.wait(10)
    assert steps == []
    qtbot.waitUntil(lambda: idle(worker))
    assert_still_working(worker, qtbot)


def test_a_hold_that_never_releases_slows_a_paced_job_but_does_not_stop_it(
    worker: ApiWorker, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_worker, "PACE_MAX_WAIT_S", 0.2)
    done: list[str] = []

    def job(c: WixClient, progress: Progress) -> str:
        progress("page 1")
        progress("page 2")
        return "done"

    worker.submit(
        job, on_progress=lambda _page: lambda _release: None, on_done=done.append, paced=True
    )
    qtbot.waitUntil(lambda: done == ["done"], timeout=10_000)
