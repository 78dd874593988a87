"""Run a callable on the GUI thread from any thread, and run one once the GUI goes idle.

Worker threads never emit signals of an object the GUI thread may delete (a window closing
mid-request): calls go through one module-level relay object that lives as long as the
process, and the callable itself checks that what it touches still exists.

The relay runs its calls for at most `TURN_BUDGET_S` at a time, then lets the event loop go
round (paint, input, timers) before the rest: answers that arrive together (thumbnails, pages,
upload progress) would otherwise be run one after another, and the window would not repaint
or take a click until all of them were done.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractEventDispatcher,
    QCoreApplication,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)

TURN_BUDGET_S = 0.004  # the relay's share of one event-loop turn: about one scheduler slice
_clock = time.perf_counter


class _Relay(QObject):
    """Runs callables on the thread it lives in (the GUI thread), in the order sent."""

    wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._calls: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()
        self._scheduled = False  # a wake or the next turn's timer is on its way
        self.wake.connect(self._run_some, Qt.ConnectionType.QueuedConnection)
        self._next_turn = QTimer(self)
        self._next_turn.setSingleShot(True)
        self._next_turn.setInterval(0)
        self._next_turn.timeout.connect(self._run_some)

    def post(self, fn: Callable[[], None]) -> None:
        """Any thread: run `fn` soon."""
        with self._lock:
            self._calls.append(fn)
            if self._scheduled:
                return
            self._scheduled = True
        self.wake.emit()

    @Slot()
    def _run_some(self) -> None:
        deadline = _clock() + TURN_BUDGET_S
        while True:
            with self._lock:
                if not self._calls:
                    self._scheduled = False
                    return
                fn = self._calls.popleft()
            try:
                fn()
            except Exception:
                sys.excepthook(*sys.exc_info())  # reported; the calls behind it still run
            if _clock() > deadline:
                # A timer, not a posted event: paints and input waiting now come first.
                self._next_turn.start()
                return


# One relay for the whole process, never deleted: a thread may emit on it at any time.
_relay_object: _Relay | None = None
_relay_lock = threading.Lock()


def ensure_relay() -> None:
    """Make the relay now (call on the GUI thread, before any worker thread needs it)."""
    _relay()


def _relay() -> _Relay:
    global _relay_object
    with _relay_lock:
        if _relay_object is None:
            app = QCoreApplication.instance()
            if app is None:
                raise RuntimeError("run_on_gui_thread needs a QApplication")
            relay = _Relay()
            relay.moveToThread(app.thread())  # made on any thread, lives on the GUI thread
            _relay_object = relay
        return _relay_object


def run_on_gui_thread(fn: Callable[[], None]) -> None:
    """Run `fn()` soon on the GUI thread, from any thread (always queued, never inline).

    Calls are run in the order they were made. An exception in `fn` goes to sys.excepthook.
    """
    _relay().post(fn)


class _IdleCallbacks(QObject):
    """Runs callables (on the GUI thread) once its event loop is about to wait for events."""

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[Callable[[], None]] = []
        self._dispatcher: QAbstractEventDispatcher | None = None

    def add(self, fn: Callable[[], None]) -> None:
        dispatcher = QAbstractEventDispatcher.instance(self.thread())
        if dispatcher is None:  # no event loop has run yet: nothing to wait for
            fn()
            return
        if dispatcher is not self._dispatcher:
            dispatcher.aboutToBlock.connect(self._run_all)
            self._dispatcher = dispatcher
        self._pending.append(fn)

    @Slot()
    def _run_all(self) -> None:
        pending, self._pending = self._pending, []
        for fn in pending:
            fn()


_idle_callbacks: _IdleCallbacks | None = None


def when_idle(fn: Callable[[], None]) -> None:
    """Run `fn()` once the GUI thread has nothing left to do (call on the GUI thread)."""
    global _idle_callbacks
    if _idle_callbacks is None:
        _idle_callbacks = _IdleCallbacks()
    _idle_callbacks.add(fn)
