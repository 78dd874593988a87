"""View ▸ Pending Changes: every change not yet confirmed by the site, in a photographer's
words, with Discard and Retry per row, Keep Mine / Keep the Site's for a conflict, Send Now,
and "Review changes before sending" (hold everything until the user presses Send: a dry run
before touching the live site). A count in the status bar opens it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from galleryman import settings as opts
from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.sync import Change, Keep, State, describe
from galleryman.sync.changes import WAITING
from galleryman.views.plain_text import plain_label

if TYPE_CHECKING:
    from galleryman.views.main_window import MainWindow

# Each is translated where it is shown: tr(STATE_WORDS[state]).
STATE_WORDS = {
    State.QUEUED: QT_TR_NOOP("Waiting to be sent"),
    State.SENDING: QT_TR_NOOP("Sending…"),
    State.NEEDS_CHECK: QT_TR_NOOP("Checking whether it arrived"),
    State.HELD: QT_TR_NOOP("Held for review"),
    State.CONFLICT: QT_TR_NOOP("Changed on the site too"),
    State.FAILED: QT_TR_NOOP("Failed"),
}
SHOWN = (*WAITING, State.FAILED)
FIELD_WORDS = {
    "title": QT_TR_NOOP("Title"),
    "description": QT_TR_NOOP("Description"),
    "altText": QT_TR_NOOP("Alt text"),
    "focalPoint": QT_TR_NOOP("Focal point"),
    "link": QT_TR_NOOP("Link"),
    "url": QT_TR_NOOP("Link"),
    "tags": QT_TR_NOOP("Tags"),
    "values": QT_TR_NOOP("Tags"),
    "name": QT_TR_NOOP("Name"),
    "sortOrder": QT_TR_NOOP("Position"),
}
COLUMNS = (QT_TR_NOOP("Change"), QT_TR_NOOP("State"), "")


def conflict_lines(change: Change) -> list[str]:
    """Each conflicting field: "Title: yours “Cove at dawn”, the site's “Cove (2)”"."""
    lines = []
    for field in (change.conflict or {}).get("fields", []):
        path = [str(p) for p in field.get("path", [])]
        word = next((FIELD_WORDS[p] for p in reversed(path) if p in FIELD_WORDS), None)
        name = tr(word) if word is not None else ".".join(path)
        lines.append(
            tr("{field}: yours {mine}, the site's {site}").format(
                field=name[:1].upper() + name[1:],
                mine=_value(field.get("mine")),
                site=_value(field.get("site")),
            )
        )
    return lines


def _value(value: Any) -> str:
    if value in (None, "", [], {}):
        return tr("empty")
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = str(value.get("url") or value.get("values") or value)
    else:
        text = str(value)
    return tr("“{text}”").format(text=text)


class PendingChangesDialog(QDialog):
    """Non-modal: the window goes on while it is open, and it follows the outbox."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._w = window
        self.setWindowTitle(tr("Pending changes"))
        self.setAccessibleName(tr("Pending changes"))
        self.resize(760, 420)
        self.summary = plain_label("")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(name) if name else "" for name in COLUMNS])
        self.table.setAccessibleName(tr("Changes not yet on the site"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no current cell; Tab: the buttons
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.review_box = QCheckBox(tr("&Review changes before sending"))
        self.review_box.setToolTip(
            tr("Hold every change here until you press Send: nothing reaches the site before")
        )
        self.send_button = QPushButton(tr("&Send Now"))
        self.keep_all_mine = QPushButton(tr("Keep All &Mine"))
        self.keep_all_site = QPushButton(tr("Keep All the Site's"))
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.review_box)
        buttons.addStretch(1)
        for button in (self.keep_all_mine, self.keep_all_site, self.send_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.review_box.toggled.connect(window.pending.set_review)
        self.send_button.clicked.connect(window.pending.send_now)
        self.keep_all_mine.clicked.connect(lambda: self._resolve_all(Keep.MINE))
        self.keep_all_site.clicked.connect(lambda: self._resolve_all(Keep.SITE))
        self.refresh()

    def refresh(self) -> None:
        session = self._w.session
        changes = session.edits.outbox.changes(SHOWN) if session is not None else []
        self._drop_row_buttons()
        self.table.setRowCount(len(changes))
        for row, change in enumerate(changes):
            words = describe(change, with_state=False)  # the next column says it
            extra = conflict_lines(change) if change.state is State.CONFLICT else []
            if change.state is State.FAILED and change.last_error:
                extra = [change.last_error]
            elif change.last_error and change.attempts:
                tried = tr("Tried %Ln time(s): {reason}", "", change.attempts)
                extra = [tried.format(reason=change.last_error)]
            item = QTableWidgetItem("\n".join([words, *extra]))
            item.setToolTip("")  # the cell shows everything, as text
            self.table.setItem(row, 0, item)
            state = STATE_WORDS.get(change.state)
            self.table.setItem(row, 1, QTableWidgetItem(tr(state) if state else ""))
            self.table.setCellWidget(row, 2, self._row_buttons(change))
        self.table.resizeRowsToContents()
        review = session.edits.outbox.holding_new() if session is not None else False
        self.review_box.blockSignals(True)
        self.review_box.setChecked(review)
        self.review_box.blockSignals(False)
        conflicts = sum(1 for c in changes if c.state is State.CONFLICT)
        self.keep_all_mine.setVisible(conflicts > 1)
        self.keep_all_site.setVisible(conflicts > 1)
        held = sum(1 for c in changes if c.state is State.HELD)
        self.send_button.setText(tr("&Send") if held else tr("&Send Now"))
        self.send_button.setEnabled(bool(changes))
        if changes:
            self.summary.setText(tr("%Ln change(s) not yet on the site.", "", len(changes)))
        else:
            self.summary.setText(tr("Every change is on the site."))

    def _drop_row_buttons(self) -> None:
        """Remove the last refresh's buttons now: replaced cell widgets otherwise linger,
        visible at their old places, until Qt gets round to deleting them."""
        for row in range(self.table.rowCount()):
            box = self.table.cellWidget(row, 2)
            if box is not None:
                self.table.removeCellWidget(row, 2)
                box.hide()
                box.setParent(None)
                box.deleteLater()

    def _row_buttons(self, change: Change) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(2, 0, 2, 0)
        session = self._w.session
        assert session is not None
        if change.state is State.CONFLICT:
            mine = QPushButton(tr("Keep Mine"))
            mine.clicked.connect(lambda: session.resolve(change.seq, Keep.MINE))
            site = QPushButton(tr("Keep the Site's"))
            site.clicked.connect(lambda: session.resolve(change.seq, Keep.SITE))
            layout.addWidget(mine)
            layout.addWidget(site)
        if change.state is State.FAILED and change.retryable:
            retry = QPushButton(tr("Retry"))
            retry.clicked.connect(lambda: session.retry_change(change.seq))
            layout.addWidget(retry)
        if change.state is not State.SENDING:
            discard = QPushButton(tr("Discard"))
            discard.setToolTip(tr("Forget this change: the site keeps what it has"))
            discard.clicked.connect(lambda: session.discard_change(change.seq))
            layout.addWidget(discard)
        return box

    def _resolve_all(self, keep: Keep) -> None:
        if self._w.session is not None:
            self._w.session.resolve_all(keep)


class PendingChanges:
    """The window's part: the actions (View ▸ Pending Changes…, Send Now, Review changes
    before sending), the status-bar count, and the dialog."""

    def __init__(self, window: MainWindow) -> None:
        self._w = window
        self.show_action = QAction(tr("&Pending Changes…"), window)
        self.show_action.setShortcut("Ctrl+Shift+P")
        self.show_action.setStatusTip(tr("The changes not yet on the site"))
        self.send_action = QAction(tr("Se&nd Changes Now"), window)
        self.send_action.setStatusTip(tr("Send the changes waiting (and those held for review)"))
        self.review_action = QAction(tr("&Review Changes Before Sending"), window)
        self.review_action.setCheckable(True)
        self.review_action.setChecked(window.settings.get(opts.REVIEW_BEFORE_SENDING))
        # The check mark follows Preferences too (its toggle then reaches the open site).
        settings, follow = window.settings, self.review_action.setChecked
        settings.watch(opts.REVIEW_BEFORE_SENDING, follow)
        window.destroyed.connect(lambda: settings.unwatch(opts.REVIEW_BEFORE_SENDING, follow))
        self.show_action.triggered.connect(self.show)
        self.send_action.triggered.connect(self.send_now)
        self.review_action.toggled.connect(self.set_review)
        window.addActions([self.show_action, self.send_action, self.review_action])
        self.count_button = QToolButton(window)
        self.count_button.setAutoRaise(True)
        self.count_button.setAccessibleName(tr("Changes not yet on the site"))
        self.count_button.clicked.connect(self.show)
        self.count_button.hide()
        window.statusBar().addPermanentWidget(self.count_button)
        self.dialog: PendingChangesDialog | None = None

    def menu_actions(self) -> list[QAction]:
        return [self.show_action, self.send_action, self.review_action]

    def attach(self) -> None:
        """A site opened: follow its outbox."""
        session = self._w.session
        if session is None:
            return
        session.set_review_before_sending(self.review_action.isChecked())
        session.outbox_changed.connect(self.update)
        self.update()

    def update(self) -> None:
        session = self._w.session
        counts = session.counts() if session is not None else None
        if counts is None or not (counts.waiting or counts.failed):
            self.count_button.hide()
        else:
            parts = []
            if counts.waiting:
                parts.append(tr("%Ln change(s) waiting", "", counts.waiting))
            if counts.held:
                parts.append(tr("%Ln held for review", "", counts.held))
            if counts.conflicts:
                parts.append(tr("%Ln conflict(s)", "", counts.conflicts))
            if counts.failed:
                parts.append(tr("%Ln failed", "", counts.failed))
            self.count_button.setText(", ".join(parts))
            self.count_button.show()
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.refresh()

    def show(self) -> None:
        if self.dialog is None:
            self.dialog = PendingChangesDialog(self._w)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()

    def send_now(self) -> None:
        session = self._w.session
        if session is not None:
            if session.counts().held:
                session.send_held()
            else:
                session.send_now(wake=True)

    def set_review(self, review: bool) -> None:
        self._w.settings.set(opts.REVIEW_BEFORE_SENDING, review)
        if self.review_action.isChecked() != review:
            self.review_action.setChecked(review)
        if self._w.session is not None:
            self._w.session.set_review_before_sending(review)
        if self.dialog is not None:
            self.dialog.refresh()
