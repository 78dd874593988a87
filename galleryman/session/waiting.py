"""Saying, within seconds, that the site is not answering.

A request against a slow or frozen site can take its whole timeout (and its retries) before
it fails; until then the window would look as if nothing were happening. This watch looks at
the job each worker is running and, once one has waited a few seconds, says what is waiting
("Waiting for the site… saving “Cove” (12 s)"), until it ends.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from galleryman.workers.api_worker import ApiWorker, JobKind

SLOW_AFTER_S = 3.0  # a desktop user notices a silent wait after about this long
CHECK_MS = 500


class SlowWorkWatch(QObject):
    waiting_changed = Signal(str)  # "" when nothing has been waiting long

    def __init__(self, workers: Iterable[ApiWorker], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers = list(workers)
        self._text = ""
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @property
    def text(self) -> str:
        return self._text

    def stop(self) -> None:
        self._timer.stop()
        self._set("")

    def check(self) -> None:
        running = [job for job in (w.running_job() for w in self._workers) if job is not None]
        slow = [job for job in running if job[1] >= SLOW_AFTER_S]
        if not slow:
            self._set("")
            return
        slowest = max(slow, key=lambda job: job[1])
        handle, seconds = slowest
        doing = (handle.label or "a request").strip()
        what = "Still trying to save" if handle.kind is JobKind.WRITE else "Waiting for the site"
        self._set(f"{what}… {doing[:1].lower()}{doing[1:]} ({seconds:.0f} s)")

    def _set(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.waiting_changed.emit(text)
