"""The dialog an unexpected error shows: what happened in one sentence, what it means for the
user, and what to do: copy the details (versions and traceback, secrets already removed), open
the log folder, and what to put in a report. It never blocks the window; errors that follow
while it is open are counted on it instead of piling up dialogs."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.logging_setup import ErrorReport
from galleryman.views.folders import open_folder
from galleryman.views.versions import version_lines

KEEPS_RUNNING = QT_TR_NOOP(
    "galleryman keeps running, but what you were doing may not have finished."
)
MUST_CLOSE = QT_TR_NOOP(
    "galleryman has to close. Start it again; if this happens again, please report it."
)
HOW_TO_REPORT = QT_TR_NOOP(
    "To report it, say what you were doing, paste the copied details, and attach "
    "galleryman.log from the log folder. API keys and upload tokens are left out of both."
)
MAX_KEPT_REPORTS = 10  # a loop of errors must not grow the copied details without end


class CrashDialog(QDialog):
    def __init__(
        self,
        report: ErrorReport,
        log_dir: Path,
        parent: QWidget | None = None,
        *,
        fatal: bool = False,
    ) -> None:
        super().__init__(parent)
        self.reports = [report]
        self.log_dir = log_dir
        self.setWindowTitle(tr("galleryman – Unexpected Error"))
        self.setAccessibleName(tr("Unexpected error"))

        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        critical = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        icon.setPixmap(critical.pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.summary_label = _plain_label(report.summary, self)
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.consequence_label = _plain_label(tr(MUST_CLOSE if fatal else KEEPS_RUNNING), self)
        self.more_label = _plain_label("", self)
        self.more_label.hide()
        self.how_to_report_label = _plain_label(tr(HOW_TO_REPORT), self)

        self.details_view = QPlainTextEdit(self)
        self.details_view.setReadOnly(True)
        self.details_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details_view.setAccessibleName(tr("Error details"))
        self.details_view.setPlainText(self.details())
        self.details_view.setMinimumHeight(180)
        self.details_view.hide()

        buttons = QDialogButtonBox(self)
        self.details_button = buttons.addButton(
            tr("Show Details"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.copy_button = buttons.addButton(
            tr("Copy Details"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_details)
        self.open_log_button = buttons.addButton(
            tr("Open Log Folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_log_button.clicked.connect(lambda: open_folder(self.log_dir, self))
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        close.setDefault(True)

        text = QVBoxLayout()
        for label in (
            self.summary_label,
            self.consequence_label,
            self.more_label,
            self.how_to_report_label,
        ):
            text.addWidget(label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details_view, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def add(self, report: ErrorReport) -> None:
        """Another error while this dialog is open: count it and keep its details."""
        self.reports.append(report)
        del self.reports[:-MAX_KEPT_REPORTS]
        more = len(self.reports) - 1
        self.more_label.setText(
            tr(
                "%Ln more unexpected error(s) happened after this one; "
                "the copied details include them.",
                "",
                more,
            )
        )
        self.more_label.show()
        self.details_view.setPlainText(self.details())

    def details(self) -> str:
        """Versions, then each error's sentence and traceback: what a report needs."""
        parts = ["\n".join(version_lines())]
        for report in self.reports:
            parts.append(f"{report.summary}\n\n{report.traceback.rstrip()}")
        return "\n\n".join(parts) + "\n"

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())
        self.copy_button.setText(tr("Copied"))

    def _toggle_details(self, shown: bool) -> None:
        self.details_view.setVisible(shown)
        self.details_button.setText(tr("Hide Details") if shown else tr("Show Details"))
        self.adjustSize()


class CrashReporter:
    """Shows unexpected errors: one dialog at a time, over the main window once there is one."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.parent: QWidget | None = None
        self.dialog: CrashDialog | None = None

    def show(self, report: ErrorReport) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.dialog.isVisible():
            self.dialog.add(report)
            return
        # Over a modal dialog that is open, or it could not be clicked until that one closed.
        parent = QApplication.activeModalWidget() or self.parent
        if parent is not None and not shiboken6.isValid(parent):
            parent = None
        dialog = CrashDialog(report, self.log_dir, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.dialog = dialog


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # an error message is never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
