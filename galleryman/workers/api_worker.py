"""Every Wix API call on one long-lived worker thread, answers delivered on the GUI thread.

One thread keeps a site's writes in the order the user made them (a reorder and an edit of the
same item land in that order) and makes the client's rate limit one shared budget. The thread
owns the `WixClient`: it is created there, by a factory, and closed there.

The worker is a plain Python thread with its own queue rather than a QThread with an event
loop: the queue has to be searchable (switching gallery drops queued reads, never writes), and
a Python thread cannot abort the process the way a QThread destroyed while running does.

Answers travel back through a deque drained on the GUI thread, woken by a queued signal. Qt
delivers queued events in order, so a job's progress always precedes its result; and
`shutdown()` can drain the deque itself, so the results of the writes it waited for are
delivered before it returns, and nothing is delivered after.

A long read can be *paced* (`submit(..., paced=True)`): each partial result waits until the GUI
thread has taken it in and gone idle, so the worker's Python never competes with a paint for
the GIL (see `submit`).

Worker threads never emit signals of an object the GUI thread may delete (a window closing
mid-request): the wake-up goes through `run_on_gui_thread` (workers/gui_thread.py), and the
woken side checks that the worker still exists.
"""

from __future__ import annotations

import collections
import enum
import itertools
import logging
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from galleryman.core.failures import ExpectedFailure
from galleryman.wix.client import WixClient
from galleryman.wix.errors import WixError
from galleryman.workers.gui_thread import ensure_relay, run_on_gui_thread, when_idle

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[object], None]
"""What a job calls with each partial result (a page of items...); see `ApiWorker.submit`."""
Hold = Callable[[Callable[[], None]], None]
"""What a paced job's `on_progress` may return to keep the job waiting after the window has
taken the value in: it is called with the job's release, to call when the window wants the
next value (see `ApiWorker.submit`)."""
PACE_MAX_WAIT_S = 1.0  # a window busy (or a hold kept) longer than this does not hold the job up


class JobKind(enum.Enum):
    READ = "read"  # may be dropped when its answer is no longer wanted
    WRITE = "write"  # a change the user made: always sent, even while shutting down


class JobCancelled(BaseException):
    """Raised inside a job by its `Progress` callable once the job is cancelled, so a long
    read (a gallery's pages) stops early. A BaseException, so `except Exception` in a job
    does not swallow it."""


class JobHandle:
    """What `submit` returns: which job it is, and a way to say its answer is not wanted."""

    def __init__(
        self,
        job_id: int,
        kind: JobKind,
        label: str,
        group: str | None,
        canceller: Callable[[JobHandle], None],
    ) -> None:
        self.id = job_id
        self.kind = kind
        self.label = label
        self.group = group
        self._cancelled = False
        self._canceller = canceller

    def __repr__(self) -> str:
        state = " cancelled" if self._cancelled else ""
        return f"<JobHandle {self.id} {self.kind.name} {self.label!r}{state}>"

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """Drop the job if it has not started; if it is running, discard its answers.

        A write that is already running still reaches the server (it cannot be recalled).
        """
        self._canceller(self)


class _Job(Generic[T]):
    def __init__(
        self,
        handle: JobHandle,
        fn: Callable[[WixClient, Progress], T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[object], Hold | None] | None,
        paced: bool = False,
    ) -> None:
        self.handle = handle
        self.fn = fn
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self.paced = paced


class ApiWorker(QObject):
    busy_changed = Signal(int)  # jobs queued or running
    job_failed = Signal(object, object)  # (JobHandle, exception), after the job's on_error

    def __init__(
        self, client_factory: Callable[[], WixClient] | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._factory = client_factory
        self._gui_thread = threading.get_ident()
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self._queue: collections.deque[_Job[Any]] = collections.deque()
        self._running: _Job[Any] | None = None
        self._running_since = 0.0
        # The running paced job's "taken" event while it waits for the window; a cancel or
        # shutdown sets it too, so the wait needs no polling (see `_wait_until_taken`).
        self._pace: threading.Event | None = None
        self._accepting = True
        self._stopping = False
        self._thread: threading.Thread | None = None
        # Things to run on the GUI thread, in order; appended from any thread.
        self._deliveries: collections.deque[Callable[[], None]] = collections.deque()
        self._closed = False
        self._shutdown_result: bool | None = None
        self._busy = 0
        ensure_relay()  # made now, on the GUI thread, before any worker thread needs it

    # ------------------------------------------------------------------ GUI-thread API

    def start(self) -> None:
        with self._cond:
            if self._thread is not None or self._stopping:
                return
            self._thread = threading.Thread(target=self._run, name="galleryman-api", daemon=True)
            self._thread.start()

    def submit(
        self,
        fn: Callable[[WixClient, Progress], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[object], Hold | None] | None = None,
        kind: JobKind = JobKind.READ,
        label: str = "",
        group: str | None = None,
        paced: bool = False,
    ) -> JobHandle:
        """Queue `fn(client, progress)` to run after every job submitted before it.

        Callbacks run on the GUI thread: `on_progress` for each value the job passes to
        `progress`, then `on_done(result)` or `on_error(exception)`. None of them runs once
        the job is cancelled or after `shutdown()` has returned. `group` tags a read so that
        `cancel_reads(group)` can drop just those (e.g. one gallery's pages).

        `paced`: each `progress(value)` call returns only once the GUI thread has handled the
        value and the events it caused (the repaint of the rows it added). A fast read then
        never outruns the window: without it, parsing the next pages competed with painting
        for Python's GIL and the window stalled while a big gallery loaded. An `on_progress`
        that returns a `Hold` keeps the job waiting until the hold calls its release (the
        window wants the next value only once something else has happened). Either wait
        ends after PACE_MAX_WAIT_S, or when the job is cancelled.
        """
        handle = JobHandle(next(self._ids), kind, label, group, self._cancel)
        job = _Job(handle, fn, on_done, on_error, on_progress, paced)
        if not self._accepting:
            raise RuntimeError(f"the API worker is shut down; {label or 'job'} not sent")
        # Counted before it is queued, so the count can never see its end before its start.
        self._on_gui(lambda: self._add_busy(1))
        with self._cond:
            if self._accepting:
                self._queue.append(job)
                self._cond.notify()
                return handle
        self._on_gui(lambda: self._add_busy(-1))  # shutdown() came in between
        raise RuntimeError(f"the API worker is shut down; {label or 'job'} not sent")

    def cancel_reads(self, group: str | None = None) -> None:
        """Drop queued reads (of `group` only, if given); a running one's answers are discarded.

        Writes are never dropped: they are changes the user made.
        """

        def wanted(job: _Job[Any]) -> bool:
            h = job.handle
            return h.kind is JobKind.READ and (group is None or h.group == group)

        with self._cond:
            dropped = [job for job in self._queue if wanted(job)]
            if dropped:
                self._queue = collections.deque(j for j in self._queue if not wanted(j))
            for job in dropped:
                job.handle._cancelled = True
            if self._running is not None and wanted(self._running):
                self._running.handle._cancelled = True
                self._wake_paced_wait()
        if dropped:
            self._on_gui(lambda: self._add_busy(-len(dropped)))

    def pending_writes(self) -> int:
        """Writes not yet done on the server (queued or running)."""
        with self._cond:
            queued = sum(1 for job in self._queue if job.handle.kind is JobKind.WRITE)
            running = self._running is not None and self._running.handle.kind is JobKind.WRITE
            return queued + int(running)

    def running_job(self) -> tuple[JobHandle, float] | None:
        """The job running now and for how many seconds it has run (None when idle)."""
        with self._cond:
            job = self._running
            return None if job is None else (job.handle, time.monotonic() - self._running_since)

    def busy(self) -> int:
        """Jobs queued or running whose answers have not been delivered yet."""
        return self._busy

    def shutdown(self, timeout_s: float = 10.0) -> bool:
        """Stop taking jobs, drop queued reads, let every write finish, join, close the client.

        The results of the writes are delivered before this returns; nothing is delivered
        after. True if every write finished within `timeout_s`.
        """
        if self._shutdown_result is not None:
            return self._shutdown_result
        self.cancel_reads()
        with self._cond:
            self._accepting = False
            self._stopping = True
            self._wake_paced_wait()
            has_work = bool(self._queue)
            thread = self._thread
            if thread is None and has_work:
                # Never started, but writes are waiting: they must still be sent.
                thread = threading.Thread(target=self._run, name="galleryman-api", daemon=True)
                self._thread = thread
                thread.start()
            self._cond.notify_all()
        finished = True
        if thread is not None:
            thread.join(timeout_s)
            finished = not thread.is_alive()
            if not finished:
                log.warning(
                    "API worker still busy after %.1f s (%d writes pending); leaving it",
                    timeout_s,
                    self.pending_writes(),
                )
        self._drain()
        self._closed = True
        self._deliveries.clear()
        self._shutdown_result = finished
        return finished

    # ------------------------------------------------------------------ worker thread

    def _run(self) -> None:
        client: WixClient | None = None
        try:
            while True:
                with self._cond:
                    while not self._queue and not self._stopping:
                        self._cond.wait()
                    if not self._queue:
                        return  # stopping, and every write is done
                    job = self._queue.popleft()
                    self._running = job
                    self._running_since = time.monotonic()
                try:
                    if self._factory is None:
                        self._execute(job, None)  # a worker for local reads: no site, no client
                        continue
                    if client is None:
                        client = self._make_client(job)
                    if client is not None:
                        self._execute(job, client)
                finally:
                    with self._cond:
                        self._running = None
        finally:
            if client is not None:
                try:
                    client.close()
                except Exception:
                    log.exception("closing the API client failed")

    def _make_client(self, job: _Job[Any]) -> WixClient | None:
        assert self._factory is not None
        try:
            return self._factory()
        except BaseException as exc:
            # The job fails with the reason; the next job tries again (settings may change).
            log.error("could not create the API client", exc_info=exc)
            self._finish(job, error=exc)
            return None

    def _execute(self, job: _Job[Any], client: WixClient | None) -> None:
        """Run one job; `client` is None only on a worker made without a client factory,
        whose jobs (reads of the local catalog) never use one."""
        handle = job.handle

        def progress(value: object) -> None:
            if handle.cancelled:
                raise JobCancelled
            if not job.paced:
                if job.on_progress is None:
                    return
                self._post(lambda: self._deliver_progress(job, value))
                return
            taken = threading.Event()
            with self._cond:
                self._pace = taken
                if self._stopping or handle.cancelled:
                    taken.set()  # shutdown() is joining this thread, or a cancel came just now
            self._post(lambda: self._deliver_progress(job, value, taken))
            self._wait_until_taken(handle, taken)

        try:
            result = job.fn(client, progress)  # type: ignore[arg-type]  # None: see above
        except JobCancelled:
            self._finish(job)
        except WixError as exc:
            log.info("%s failed: %s", handle.label or f"job {handle.id}", exc)
            self._finish(job, error=exc)
        except ExpectedFailure as exc:
            log.warning("%s: %s", handle.label or f"job {handle.id}", exc)
            self._finish(job, error=exc)
        except BaseException as exc:
            # Not an API failure: a bug. Log it with its traceback, keep the thread alive.
            log.error("%s raised unexpectedly", handle.label or f"job {handle.id}", exc_info=exc)
            self._finish(job, error=exc)
        else:
            self._finish(job, result=result)

    def _wait_until_taken(self, handle: JobHandle, taken: threading.Event) -> None:
        """Until the window has taken the value in, the job is cancelled, shutdown() begins,
        or PACE_MAX_WAIT_S passes (a window that never goes idle). One wait, woken by those:
        a thread that woke every 50 ms to look wanted the GIL in the middle of the GUI
        thread's paints, and on a busy machine the GUI thread then waited for it."""
        taken.wait(PACE_MAX_WAIT_S)
        with self._cond:
            self._pace = None
        if handle.cancelled:
            raise JobCancelled

    def _wake_paced_wait(self) -> None:
        """With `_cond` held: end the running paced job's wait for the window."""
        if self._pace is not None:
            self._pace.set()

    def _finish(
        self, job: _Job[Any], *, result: Any = None, error: BaseException | None = None
    ) -> None:
        # No longer running before its answer can be seen, so a caller that saw the answer
        # never counts the job as pending.
        with self._cond:
            if self._running is job:
                self._running = None
        self._post(lambda: self._deliver_end(job, result, error))

    # ------------------------------------------------------------------ delivery (GUI thread)

    def _post(self, fn: Callable[[], None]) -> None:
        if self._closed:
            return  # shutdown() has returned: nothing more is delivered
        self._deliveries.append(fn)
        # One delivery per relay call, so the relay's turn budget spreads them over turns.
        run_on_gui_thread(self._deliver_next_if_alive)

    def _on_gui(self, fn: Callable[[], None]) -> None:
        if threading.get_ident() == self._gui_thread:
            fn()
        else:
            self._post(fn)

    def _deliver_next_if_alive(self) -> None:
        # The C++ object is gone if its parent was deleted; shutdown() may have drained it.
        if shiboken6.isValid(self) and self._deliveries and not self._closed:
            self._deliveries.popleft()()

    def _drain(self) -> None:
        while self._deliveries and not self._closed:
            fn = self._deliveries.popleft()
            try:
                fn()
            except Exception:
                # A callback's bug: report it like any uncaught exception (the app's excepthook
                # shows it), but keep delivering the answers queued behind it.
                sys.excepthook(*sys.exc_info())

    def _deliver_progress(
        self, job: _Job[Any], value: object, taken: threading.Event | None = None
    ) -> None:
        hold: Hold | None = None
        try:
            if not job.handle.cancelled and job.on_progress is not None:
                hold = job.on_progress(value)
        finally:
            if taken is not None:
                # The job goes on once the window has shown what it was given: when the
                # GUI thread's event loop next runs out of work (layout, repaint) to do.
                release = partial(when_idle, taken.set)
                if hold is None:
                    release()
                else:
                    hold(release)

    def _deliver_end(self, job: _Job[Any], result: Any, error: BaseException | None) -> None:
        # The job counts as busy until its callbacks have run, so a follow-up job submitted
        # from on_done keeps the count above zero instead of flickering through it.
        try:
            if job.handle.cancelled:
                return
            if error is None:
                if job.on_done is not None:
                    job.on_done(result)
                return
            try:
                if job.on_error is not None:
                    job.on_error(error)
            finally:
                if shiboken6.isValid(self):
                    self.job_failed.emit(job.handle, error)
        finally:
            self._add_busy(-1)

    def _add_busy(self, delta: int) -> None:
        if self._closed or not shiboken6.isValid(self):
            return
        self._busy = max(self._busy + delta, 0)
        self.busy_changed.emit(self._busy)

    def _cancel(self, handle: JobHandle) -> None:
        with self._cond:
            handle._cancelled = True
            if self._running is not None and self._running.handle is handle:
                self._wake_paced_wait()
            queued = next((j for j in self._queue if j.handle is handle), None)
            if queued is not None:
                self._queue.remove(queued)
        if queued is not None:
            self._on_gui(lambda: self._add_busy(-1))
