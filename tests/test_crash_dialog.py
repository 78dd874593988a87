"""When something goes wrong the user can act: an unexpected error on any thread, or while the
window is being built, is logged and shown with what happened, Copy Details (versions and
traceback, never a secret), Open Log Folder and what to put in a report."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from galleryman import __version__
from galleryman.logging_setup import (
    HIDDEN,
    ErrorReport,
    describe_exception,
    install_excepthook,
    scrub_secrets,
    setup_logging,
)
from galleryman.views.crash_dialog import HOW_TO_REPORT, CrashDialog, CrashReporter

API_KEY = "IST.eyJraWQiOiJQb3pIX2FDMiIsImFsZyI6IlJTMjU2In0.eyJkYXRhIjoie30ifQ.c2lnbmF0dXJl"
UPLOAD_TOKEN = "bnfhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJqdGkiOiJ2MWI2ZjkzOS03YWExLTQ"
UPLOAD_URL = f"https://upload.wixmp.com/upload/{UPLOAD_TOKEN}?filename=beach.jpg"
SANDBOX_KEY = "IST.Zk3pQ1x_8cVv2mN0aS4dF6gH7jK9lL0pO1iU2yT3rE4"  # as the sandbox makes them
LEFT = Qt.MouseButton.LeftButton
SECRETS = [API_KEY, UPLOAD_TOKEN, SANDBOX_KEY, "beach.jpg", "s3cr3t-pa55"]


def leaky_error() -> RuntimeError:
    """An error whose message and traceback carry every kind of secret the app handles."""
    headers = {"Authorization": API_KEY, "wix-site-id": "site-1"}
    try:
        raise RuntimeError(
            f"PUT {UPLOAD_URL} failed with headers {headers!r}; sandbox api-key={SANDBOX_KEY} "
            "password=s3cr3t-pa55"
        )
    except RuntimeError as exc:
        return exc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{{'Authorization': '{API_KEY}'}}", f"{{'Authorization': '{HIDDEN}'}}"),
        ("Authorization: Bearer abc.def-123", f"Authorization: {HIDDEN}"),
        (f'"authorization": "{SANDBOX_KEY}"', f'"authorization": "{HIDDEN}"'),
        (
            f"PUT {UPLOAD_URL} failed",
            f"PUT https://upload.wixmp.com/upload/{HIDDEN}?filename={HIDDEN} failed",
        ),
        (
            "http://127.0.0.1:4100/upload/Ab_c-123?token=xyz&n=2",
            f"http://127.0.0.1:4100/upload/{HIDDEN}?token={HIDDEN}&n={HIDDEN}",
        ),
        (f"key {API_KEY} refused", f"key {HIDDEN} refused"),
        (f"api_key='{SANDBOX_KEY}', site_id='s1'", f"api_key='{HIDDEN}', site_id='s1'"),
        ('{"accessToken": "tok-1", "tokens": 5}', f'{{"accessToken": "{HIDDEN}", "tokens": 5}}'),
        ("upload_token=abc123 ok", f"upload_token={HIDDEN} ok"),
        # What must stay: paths, ids, thumbnail URLs, plain words.
        (
            'File "/app/galleryman/wix/media.py", line 82, in upload_bytes',
            'File "/app/galleryman/wix/media.py", line 82, in upload_bytes',
        ),
        (
            "https://static.wixstatic.com/media/2acbb8_ef03~mv2.jpg/v1/fit/w_256,h_256/file.jpg",
            "https://static.wixstatic.com/media/2acbb8_ef03~mv2.jpg/v1/fit/w_256,h_256/file.jpg",
        ),
        ("the token bucket is empty", "the token bucket is empty"),
    ],
)
def test_scrub_secrets(text: str, expected: str) -> None:
    assert scrub_secrets(text) == expected


def test_a_report_says_what_happened_in_one_sentence_without_secrets() -> None:
    report = describe_exception(leaky_error())
    assert report.summary.startswith("Something went wrong inside galleryman (RuntimeError: PUT")
    assert report.summary.endswith(").")
    assert "\n" not in report.summary
    assert "Traceback (most recent call last)" in report.traceback
    assert "in leaky_error" in report.traceback  # the frames are there
    for secret in SECRETS:
        assert secret not in report.summary + report.traceback
    assert describe_exception(KeyError("x"), "open its window").summary == (
        "galleryman could not open its window (KeyError: 'x')."
    )
    assert describe_exception(ValueError()).summary == (
        "Something went wrong inside galleryman (ValueError)."
    )


def test_the_log_file_never_holds_a_secret(tmp_path: Path) -> None:
    undo = setup_logging(tmp_path / "galleryman.log")
    try:
        logging.getLogger("galleryman.test").error("sending %s", UPLOAD_URL)
        try:
            raise leaky_error()
        except RuntimeError:
            logging.getLogger("galleryman.test").exception("it failed")
    finally:
        undo()
    written = (tmp_path / "galleryman.log").read_text()
    assert "sending https://upload.wixmp.com/upload/<hidden>" in written
    assert "Traceback (most recent call last)" in written
    for secret in SECRETS:
        assert secret not in written


@pytest.fixture
def reporter(tmp_path: Path) -> Iterator[CrashReporter]:
    """The app's reporter behind the app's hooks, as app.py installs them."""
    reporter = CrashReporter(tmp_path / "logs")
    undo = install_excepthook(reporter.show)
    try:
        yield reporter
    finally:
        undo()
        if reporter.dialog is not None and shiboken6.isValid(reporter.dialog):
            reporter.dialog.close()


def shown_dialog(qtbot: QtBot, reporter: CrashReporter) -> CrashDialog:
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog is not None
    return reporter.dialog


def test_an_error_in_a_qt_callback_is_logged_and_shown(
    qtbot: QtBot, reporter: CrashReporter, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_slot() -> None:
        raise leaky_error()

    QTimer.singleShot(0, broken_slot)
    dialog = shown_dialog(qtbot, reporter)
    assert not dialog.isModal()  # the window stays usable
    assert dialog.summary_label.text().startswith(
        "Something went wrong inside galleryman (RuntimeError: PUT https://upload.wixmp.com/"
    )
    assert "keeps running" in dialog.consequence_label.text()
    assert dialog.how_to_report_label.text() == HOW_TO_REPORT
    assert "galleryman.log" in HOW_TO_REPORT and "what you were doing" in HOW_TO_REPORT
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged and "in broken_slot" in logged[-1].getMessage()
    for secret in SECRETS:
        assert secret not in logged[-1].getMessage()


def test_an_error_on_a_worker_thread_is_shown_on_the_gui_thread(
    qtbot: QtBot, reporter: CrashReporter, caplog: pytest.LogCaptureFixture
) -> None:
    def work() -> None:
        raise OSError("disk on fire")

    thread = threading.Thread(target=work, name="uploader")
    thread.start()
    thread.join()
    dialog = shown_dialog(qtbot, reporter)
    assert dialog.thread() is QApplication.instance().thread()  # type: ignore[union-attr]
    assert "(OSError: disk on fire)" in dialog.summary_label.text()
    assert any("in the thread uploader" in r.getMessage() for r in caplog.records)


def test_errors_that_follow_are_counted_on_the_open_dialog(
    qtbot: QtBot, reporter: CrashReporter
) -> None:
    def fail(n: int) -> None:
        raise ValueError(f"error {n}")

    for n in range(3):
        QTimer.singleShot(0, lambda n=n: fail(n))
    qtbot.waitUntil(lambda: reporter.dialog is not None and len(reporter.dialog.reports) == 3)
    dialog = shown_dialog(qtbot, reporter)
    visible = [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog)]
    assert [w for w in visible if w.isVisible()] == [dialog]
    assert "2 more unexpected errors happened after this one" in dialog.more_label.text()
    assert "error 0" in dialog.summary_label.text()
    details = dialog.details()
    assert all(f"ValueError: error {n}" in details for n in range(3))


def test_copy_details_puts_versions_and_traceback_without_secrets_on_the_clipboard(
    qtbot: QtBot, tmp_path: Path
) -> None:
    report = describe_exception(leaky_error())
    dialog = CrashDialog(report, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, LEFT)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"galleryman {__version__}\nPython ")
    assert "Qt " in copied and "PySide6 " in copied
    assert report.summary in copied
    assert "Traceback (most recent call last)" in copied and "in leaky_error" in copied
    assert "RuntimeError: PUT https://upload.wixmp.com/upload/<hidden>" in copied
    for secret in SECRETS:
        assert secret not in copied
    assert dialog.copy_button.text() == "Copied"
    # Show Details shows the same text.
    assert dialog.details_view.isHidden()
    qtbot.mouseClick(dialog.details_button, LEFT)
    assert dialog.details_view.isVisible()
    assert dialog.details_view.toPlainText() == copied


def test_open_log_folder_opens_the_log_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    log_dir = tmp_path / "log"  # not made yet: opening makes it
    dialog = CrashDialog(ErrorReport("Something went wrong.", "Traceback"), log_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.open_log_button, LEFT)
    assert opened == [QUrl.fromLocalFile(str(log_dir))]
    assert log_dir.is_dir()


def test_without_a_file_manager_the_folder_path_is_shown(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    dialog = CrashDialog(ErrorReport("Something went wrong.", "Traceback"), tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.open_log_button, LEFT)
    notes = [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w.windowTitle() == "Open Folder"
    ]
    assert len(notes) == 1 and not notes[0].isModal()
    assert notes[0].informativeText() == str(tmp_path)
    notes[0].close()


@pytest.mark.allow_modal
def test_a_window_that_cannot_be_built_is_shown_and_logged(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import galleryman.views.main_window as main_window_module
    from galleryman.app import run_app

    class BrokenWindow:
        def __init__(self, *args: Any) -> None:
            raise RuntimeError(f"the grid could not be made (Authorization: {API_KEY})")

    monkeypatch.setattr(main_window_module, "MainWindow", BrokenWindow)
    seen: dict[str, str] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CrashDialog):
            QTimer.singleShot(20, answer)
            return
        seen["summary"] = dialog.summary_label.text()
        seen["consequence"] = dialog.consequence_label.text()
        seen["details"] = dialog.details()
        dialog.accept()

    QTimer.singleShot(0, answer)
    hooks = (sys.excepthook, threading.excepthook)
    assert run_app(["--basedir", str(tmp_path)]) == 1
    assert (sys.excepthook, threading.excepthook) == hooks  # put back afterwards
    assert seen["summary"] == (
        "galleryman could not open its window (RuntimeError: the grid could not be made "
        "(Authorization: <hidden>))."
    )
    assert "has to close" in seen["consequence"]
    assert "in __init__" in seen["details"]
    log = (tmp_path / "log" / "galleryman.log").read_text()
    assert "ERROR galleryman.app: galleryman could not open its window (RuntimeError" in log
    assert "raise RuntimeError" in log
    assert API_KEY not in log and API_KEY not in seen["details"]


def test_without_a_console_nothing_is_written_to_stderr(
    qtbot: QtBot, reporter: CrashReporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A windowed Windows build has sys.stderr = None: the hooks must not write to it."""
    monkeypatch.setattr(sys, "stderr", None)
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)  # what Ctrl+C would bring
    try:
        raise ValueError("no console")
    except ValueError as exc:
        sys.excepthook(ValueError, exc, exc.__traceback__)
    dialog = shown_dialog(qtbot, reporter)
    assert "(ValueError: no console)" in dialog.summary_label.text()


def test_a_windowed_build_that_fails_at_start_logs_why_and_exits_1(tmp_path: Path) -> None:
    """No console (stdout and stderr None, as PyInstaller's windowed builds run), and a window
    that cannot be built: the log says why and the exit status is 1 (--screenshot, so no one
    has to close the dialog)."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.stdout = sys.stderr = None
        import galleryman.views.main_window as main_window

        class BrokenWindow:
            def __init__(self, *args):
                raise RuntimeError("no window today")

        main_window.MainWindow = BrokenWindow
        from galleryman.app import run_app
        sys.exit(run_app(["--basedir", {str(tmp_path)!r}, "--screenshot", "x.png"]))
        """
    )
    done = run_python(script)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    log = (tmp_path / "log" / "galleryman.log").read_text()
    assert "galleryman could not open its window (RuntimeError: no window today)." in log
    assert "in __init__\nRuntimeError: no window today" in log  # the traceback


def test_a_hard_crash_leaves_its_stacks_in_the_log_folder(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import faulthandler
        from pathlib import Path
        from galleryman.logging_setup import setup_logging
        setup_logging(Path({str(tmp_path)!r}) / "galleryman.log")
        faulthandler._sigsegv()
        """
    )
    done = run_python(script)
    assert done.returncode != 0
    faults = (tmp_path / "faults.log").read_text()
    assert "Segmentation fault" in faults
    assert "File " in faults  # the Python stack of the thread that crashed


def run_python(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.mark.allow_modal
def test_an_error_while_a_modal_dialog_is_open_is_shown_over_it(
    qtbot: QtBot, reporter: CrashReporter
) -> None:
    """A dialog behind an open modal one could not be clicked until that one closed."""
    modal = QDialog()
    qtbot.addWidget(modal)
    modal.setModal(True)
    modal.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is modal)

    def broken_slot() -> None:
        raise ValueError("while a dialog was open")

    QTimer.singleShot(0, broken_slot)
    dialog = shown_dialog(qtbot, reporter)
    assert dialog.parentWidget() is modal
    dialog.close()
    modal.close()
