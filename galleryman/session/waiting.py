"""Saying what the window is waiting for, within seconds.

A request against a slow or frozen site can take its whole timeout (and its retries) before
it fails; until then the window would look as if nothing were happening. This watch looks at
the job each worker is running and, once one has waited a few seconds, says what is waiting
("Still trying to save… edit title of “Cove” (12 s)"), until it ends. The clients also tell
it when they wait on purpose (the site's 200-a-minute budget is used up, Wix asked to wait,
a retry's pause): that is said at once, with the seconds left ("Wix rate limit: waiting 9 s").
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from galleryman.core.i18n import tr
from galleryman.wix.observer import BackoffWait, RateLimitWait, RetryAfterWait, WaitEvent
from galleryman.workers.api_worker import ApiWorker, JobHandle, JobKind
from galleryman.workers.gui_thread import run_on_gui_thread

SLOW_AFTER_S = 3.0  # a desktop user notices a silent wait after about this long
CHECK_MS = 500


class SlowWorkWatch(QObject):
    waiting_changed = Signal(str)  # "" when nothing has been waiting long

    def __init__(self, workers: Iterable[ApiWorker], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers = list(workers)
        self._text = ""
        # What a client waits for (a sentence with {seconds} left to fill), until when.
        self._wait: tuple[str, float] | None = None
        self._offline = ""  # "Offline – 12 changes waiting (…)" while the site is away
        self._describe: Callable[[JobHandle], str | None] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @property
    def text(self) -> str:
        return self._text

    def set_workers(
        self,
        workers: Iterable[ApiWorker],
        describe: Callable[[JobHandle], str | None] | None = None,
    ) -> None:
        """The workers to watch, and what a long job is doing in words (e.g. which change
        the send under way is taking out) when its label says too little."""
        self._workers = list(workers)
        self._describe = describe

    def set_offline(self, text: str) -> None:
        """What is waiting for the site to come back ("" once it answers again)."""
        self._offline = text
        self.check()

    def stop(self) -> None:
        self._timer.stop()
        self._set("")

    def note_wait_from_any_thread(self, event: WaitEvent) -> None:
        """A client's observer (called on a worker thread just before it waits)."""
        watch = weakref.ref(self)

        def show() -> None:
            target = watch()
            if target is not None and shiboken6.isValid(target):
                target.note_wait(event)

        run_on_gui_thread(show)

    def note_wait(self, event: WaitEvent) -> None:
        if isinstance(event, RateLimitWait | RetryAfterWait):
            what = tr("Wix rate limit: waiting {seconds} s")
        elif isinstance(event, BackoffWait):
            reason = tr(event.reason)  # the transport's reasons are marked for translation
            reason = reason.replace("{", "{{").replace("}", "}}")  # kept as it is
            if reason.startswith("HTTP"):
                template = tr("Wix answered {reason}; trying again in {seconds} s")
            else:
                template = tr("{reason}; trying again in {seconds} s")
                reason = reason[:1].upper() + reason[1:]
            what = template.replace("{reason}", reason)
        else:
            return
        self._wait = (what, time.monotonic() + event.seconds)
        self.check()

    def check(self) -> None:
        if self._offline:
            self._set(self._offline)
            return
        if self._wait is not None:
            what, until = self._wait
            left = until - time.monotonic()
            if left > 0.5:
                self._set(what.format(seconds=f"{left:.0f}"))
                return
            self._wait = None
        running = [job for job in (w.running_job() for w in self._workers) if job is not None]
        slow = [job for job in running if job[1] >= SLOW_AFTER_S]
        if not slow:
            self._set("")
            return
        slowest = max(slow, key=lambda job: job[1])
        handle, seconds = slowest
        said = self._describe(handle) if self._describe is not None else None
        doing = _inside_sentence((said or handle.label or tr("a request")).strip())
        if handle.kind is JobKind.WRITE:
            what = tr("Still trying to save… {doing} ({seconds} s)")
        else:
            what = tr("Waiting for the site… {doing} ({seconds} s)")
        self._set(what.format(doing=doing, seconds=f"{seconds:.0f}"))

    def _set(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.waiting_changed.emit(text)


def _inside_sentence(phrase: str) -> str:
    """What a job does ("Title of “Cove”: …", "Loading items"), put inside a sentence: English
    lowers its first letter; a language whose nouns keep their capital (German) translates
    the switch below as "keep"."""
    keep = tr("lowercase", "a sentence's first word inside another: “keep” its capital?")
    return phrase if keep == "keep" else phrase[:1].lower() + phrase[1:]
