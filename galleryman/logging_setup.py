"""Logging to a rotating file in the log folder, Qt's messages routed into it, and the hooks that
turn an unexpected exception (on any thread) into a log record and an error report instead of
a dead app.

Everything written to the log and everything a report carries goes through `scrub_secrets`:
API keys, access and upload tokens, Authorization headers and the query strings of URLs never
reach a file or the clipboard. Nothing here writes to sys.stderr unless it exists: a windowed
Windows build has none.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.workers.gui_thread import ensure_relay, run_on_gui_thread

log = logging.getLogger("galleryman")

HIDDEN = "<hidden>"
FAULTS_FILE = "faults.log"  # where a hard crash (segfault, abort) leaves its Python stacks
SUMMARY_MAX_CHARS = 240
LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 3  # galleryman.log.1 (the newest) to .3
# What failed, for describe_exception's `doing` (translated there): app.py's start-up.
OPEN_WINDOW = QT_TR_NOOP("open its window")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

# `Authorization: Bearer x`, `'api_key': 'x'`, `upload-token=x`, `"accessToken": "x"`...
_SECRET_FIELD = re.compile(
    r"""(?ix)
    (["']?\b(?:authorization|api[-_ ]?key|access[-_ ]?token|upload[-_ ]?token|token
              |secret|password)\b["']?\s*[:=]\s*)   # the name and its separator
    (["']?)                                         # an opening quote, kept
    (?:bearer\s+)?[^\s"',;)}&]+                     # the value
    """
)
# Wix API keys ("IST.…"), OAuth tokens ("OAUTH.…"), and JWTs, wherever they stand.
_SECRET_TOKEN = re.compile(
    r"\b(?:IST|OAUTH)\.[\w.-]{16,}|\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*", re.ASCII
)
_URL = re.compile(r"\b(https?://[^\s/'\"<>]+)(/[^\s?#'\"<>]*)?(\?[^\s#'\"<>]*)?")
_TOKEN_SEGMENT_CHARS = 64  # a path segment this long is a token, not a name


def scrub_secrets(text: str) -> str:
    """`text` with every secret replaced by <hidden>: API keys and tokens, the values of
    Authorization headers and of secret-named fields, the token part of upload URLs and the
    values of every URL's query string."""
    text = _URL.sub(_scrub_url, text)
    text = _SECRET_TOKEN.sub(HIDDEN, text)
    return _SECRET_FIELD.sub(lambda m: f"{m.group(1)}{m.group(2)}{HIDDEN}", text)


def _scrub_url(match: re.Match[str]) -> str:
    origin, path, query = match.group(1), match.group(2) or "", match.group(3) or ""
    segments = path.split("/")
    for i, segment in enumerate(segments):
        # Wix upload URLs are https://upload.wixmp.com/upload/<token>.
        after_upload = i > 0 and segments[i - 1].lower() == "upload" and segment
        if after_upload or len(segment) >= _TOKEN_SEGMENT_CHARS:
            segments[i] = HIDDEN
    if query:
        pairs = [p.split("=", 1)[0] + "=" + HIDDEN for p in query[1:].split("&") if p]
        query = "?" + "&".join(pairs)
    return origin + "/".join(segments) + query


class RotatingLogFile(logging.FileHandler):
    """A log file that is renamed to .1 (.1 to .2, and so on, the oldest dropped) once it
    holds `max_bytes`: the rule of logging.handlers.RotatingFileHandler, without importing
    that module, which brings socket, pickle and queue (~15 ms of the start before the first
    frame, bench/bench_startup.py)."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        stream = self.stream
        try:
            if stream is not None and stream.tell() >= self.max_bytes:
                self._roll_over(stream)
        except OSError:
            self.handleError(record)  # the record still goes to the file (reopened if closed)
        super().emit(record)

    def _roll_over(self, stream: IO[str]) -> None:
        stream.close()
        self.stream = None  # FileHandler's "not open": its emit opens the file again
        path = Path(self.baseFilename)
        for number in range(self.backups - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
        os.replace(path, path.with_name(f"{path.name}.1"))
        self.stream = self._open()


class ScrubbingFormatter(logging.Formatter):
    """Formats a record as usual, then hides any secret in it (tracebacks included)."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub_secrets(super().format(record))


def setup_logging(log_file: Path, level: int = logging.INFO) -> Callable[[], None]:
    """Log to `log_file` (rotating), route Qt's messages there, and record hard crashes in
    faults.log beside it. Returns a function that undoes all of it."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingLogFile(log_file, LOG_MAX_BYTES, LOG_BACKUPS)
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(level)
    root.addHandler(handler)
    # httpx logs every request URL at INFO; ours already say what matters.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    old_qt_handler = qInstallMessageHandler(_qt_message)
    faults = _record_hard_crashes(log_file.parent / FAULTS_FILE)

    def undo() -> None:
        qInstallMessageHandler(old_qt_handler)
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
        if faults is not None:
            faulthandler.disable()
            faults.close()

    return undo


def _record_hard_crashes(path: Path) -> IO[str] | None:
    """Dump every thread's Python stack to `path` if the process dies of a signal, unless
    something (pytest, `python -X faulthandler`) already watches for that."""
    if faulthandler.is_enabled():
        return None
    try:
        # Kept open for the life of the process: the dump cannot open files in a crash.
        faults = path.open("a", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        log.warning("hard crashes will not be recorded: %s", exc)
        return None
    faulthandler.enable(file=faults, all_threads=True)
    return faults


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.INFO), "%s", message)


@dataclass(frozen=True)
class ErrorReport:
    """What the user is told about an unexpected exception, secrets already removed."""

    summary: str  # one plain sentence: what happened
    traceback: str


def describe_exception(value: BaseException, doing: str = "") -> ErrorReport:
    """The report for `value`, in the user's language. `doing` names what failed, marked for
    translation (`OPEN_WINDOW`), or "" when the error came from somewhere inside the running
    app."""
    lines = scrub_secrets(str(value).strip()).splitlines()
    reason = f"{type(value).__name__}: {lines[0]}" if lines else type(value).__name__
    if len(reason) > SUMMARY_MAX_CHARS:
        reason = reason[: SUMMARY_MAX_CHARS - 1] + "…"
    if doing:
        summary = tr("galleryman could not {doing} ({reason}).").format(
            doing=tr(doing), reason=reason
        )
    else:
        summary = tr("Something went wrong inside galleryman ({reason}).").format(reason=reason)
    details = "".join(traceback.format_exception(type(value), value, value.__traceback__))
    return ErrorReport(summary, scrub_secrets(details))


def report_exception(
    value: BaseException, show: Callable[[ErrorReport], None], doing: str = ""
) -> None:
    """Log `value` with its traceback and show its report; a failing `show` is only logged."""
    report = describe_exception(value, doing)
    log.error("%s\n%s", report.summary, report.traceback)
    try:
        show(report)
    except Exception:  # the dialog itself failed; the log has the error
        log.exception("could not show the error report")


def install_excepthook(show: Callable[[ErrorReport], None]) -> Callable[[], None]:
    """Log any unexpected exception, on any thread, and `show` its report on the GUI thread
    instead of aborting. Call on the GUI thread once the QApplication exists. Returns a
    function that puts the previous hooks back."""
    ensure_relay()  # a worker thread's error reaches the GUI thread through it
    old_hook, old_thread_hook = sys.excepthook, threading.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            if sys.stderr is not None:
                sys.__excepthook__(kind, value, tb)
            return
        report_exception(value.with_traceback(tb), show)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        log.error("unexpected error in the thread %s", name)
        report_exception(args.exc_value, lambda report: run_on_gui_thread(lambda: show(report)))

    sys.excepthook = hook
    threading.excepthook = thread_hook

    def undo() -> None:
        sys.excepthook, threading.excepthook = old_hook, old_thread_hook

    return undo
