"""Run a callable on the GUI thread from any thread, and run one once the GUI goes idle.

Worker threads never emit signals of an object the GUI thread may delete (a window closing
mid-request): calls go through one module-level relay object that lives as long as the
process, and the callable itself checks that what it touches still exists.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QObject, Qt, Signal, Slot


class _Relay(QObject):
    """Runs callables on the thread it lives in (the GUI thread), in the order sent."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


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
    _relay().call.emit(fn)


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
