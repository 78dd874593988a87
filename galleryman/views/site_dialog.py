"""The "Add Wix site…" / "Edit site…" dialog.

It checks the site ID and API key with one read call before saving anything, so a typo is
caught while the user still has the dialog open. The call runs off the GUI thread through an
injected `verify` function; the answer comes back through `run_on_gui_thread`.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.credentials import CredentialStore
from galleryman.sites import SiteProfile, SiteRegistry, check_site_fields, verify_site
from galleryman.views.commit_fields import follow_error_colour
from galleryman.views.plain_text import plain_label
from galleryman.wix.urls import WIX_API_BASE
from galleryman.workers.gui_thread import ensure_relay, run_on_gui_thread

log = logging.getLogger(__name__)

Done = Callable[[str | None], None]
Verify = Callable[[str, str, Done], None]

NO_KEYRING_NOTE = QT_TR_NOOP(
    "No system keyring found: the key is kept in memory until galleryman quits."
)
HELP_TEXT = QT_TR_NOOP(
    "Create an API key in your Wix account under Settings › API Keys, with the Pro Gallery "
    "and Media Manager permissions. The site ID is the long code after /dashboard/ in your "
    "site's dashboard address; pasting that address works too."
)


def threaded_verify(base_url: str, timeout: float = 15) -> Verify:
    """A `verify` that runs `verify_site` on a short-lived Python thread."""

    def verify(site_id: str, api_key: str, done: Done) -> None:
        def run() -> None:
            done(verify_site(base_url, site_id, api_key, timeout))

        threading.Thread(target=run, name="galleryman-verify-site", daemon=True).start()

    return verify


def _buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose &-shortcut focuses its field."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class SiteDialog(QDialog):
    check_finished = Signal(object)  # None on success, else the message shown

    def __init__(
        self,
        registry: SiteRegistry,
        credentials: CredentialStore,
        *,
        profile: SiteProfile | None = None,
        verify: Verify | None = None,
        base_url: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if profile is not None and profile.is_sandbox:
            raise ValueError(tr("The local sandbox has no settings to edit."))
        self._registry = registry
        self._credentials = credentials
        self._profile = profile
        self._result: SiteProfile | None = None
        url = base_url or (profile.base_url if profile is not None else WIX_API_BASE)
        self._verify = verify or threaded_verify(url)
        self._check_number = 0
        self._checking = False
        ensure_relay()  # the answer comes back through it (see `_make_done`)

        self.setWindowTitle(tr("Edit site") if profile else tr("Add Wix site"))
        self.setAccessibleName(self.windowTitle())
        self._build()
        if profile is not None:
            self.name_edit.setText(profile.display_name)
            self.site_id_edit.setText(profile.site_id)
        self._set_error(None)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("My portfolio"))
        self.name_edit.setAccessibleName(tr("Site name"))
        self.site_id_edit = QLineEdit()
        self.site_id_edit.setPlaceholderText(tr("Site ID or dashboard address"))
        self.site_id_edit.setAccessibleName(tr("Site ID"))
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setAccessibleName(tr("API key"))
        stored = self._profile is not None and bool(self._credentials.get(self._profile.key))
        self.key_edit.setPlaceholderText(
            tr("Leave empty to keep the stored key")
            if stored
            else tr("Paste the API key (none is stored for this site)")
            if self._profile
            else tr("Paste the API key")
        )
        self.show_key_box = QCheckBox(tr("&Show"))
        self.show_key_box.setAccessibleName(tr("Show API key"))
        self.show_key_box.toggled.connect(self._show_key)

        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.show_key_box)
        form = QFormLayout()
        form.addRow(_buddy_label(tr("&Name:"), self.name_edit), self.name_edit)
        form.addRow(_buddy_label(tr("Site &ID:"), self.site_id_edit), self.site_id_edit)
        form.addRow(_buddy_label(tr("API &key:"), self.key_edit), key_row)

        help_label = QLabel(tr(HELP_TEXT))
        help_label.setWordWrap(True)
        help_label.setAccessibleName(tr("Where to find the site ID and API key"))

        self.info_label = QLabel(tr(NO_KEYRING_NOTE))
        self.info_label.setWordWrap(True)
        self.info_label.setAccessibleName(tr("Key storage"))
        self.info_label.setVisible(not self._credentials.persistent)

        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: one call, no progress to report
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(8)
        self.busy_bar.setAccessibleName(tr("Checking with Wix"))
        self.status_label = plain_label(tr("Checking with Wix…"))
        self.busy_bar.hide()
        self.status_label.hide()

        self.error_label = plain_label()  # Wix's (or a proxy's) sentence, never HTML
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(tr("Problem"))
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        follow_error_colour(self.error_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(tr("Check && &Save"))
        self.save_button.setAccessibleName(tr("Check and save"))
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(tr("Cancel"))
        self.buttons.accepted.connect(self._start_check)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(help_label)
        layout.addWidget(self.info_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        QWidget.setTabOrder(self.name_edit, self.site_id_edit)
        QWidget.setTabOrder(self.site_id_edit, self.key_edit)
        QWidget.setTabOrder(self.key_edit, self.show_key_box)
        QWidget.setTabOrder(self.show_key_box, self.save_button)
        QWidget.setTabOrder(self.save_button, self.cancel_button)
        self.setMinimumWidth(460)

    # ------------------------------------------------------------------ public

    def result_profile(self) -> SiteProfile | None:
        """The saved site once the dialog was accepted, else None."""
        return self._result

    @property
    def checking(self) -> bool:
        """True while the one check call is on its way (inputs are locked)."""
        return self._checking

    def error_text(self) -> str:
        """The message shown inline ("" when none)."""
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def accept(self) -> None:
        # Enter and the Save button both start a check; only a good answer accepts.
        if self._result is not None:
            super().accept()
        elif not self._checking:
            self._start_check()

    def reject(self) -> None:
        self._check_number += 1  # an answer still on its way is now stale
        self._set_checking(False)
        super().reject()

    # ------------------------------------------------------------------ checking

    def _start_check(self) -> None:
        if self._checking:
            return
        exclude = self._profile.key if self._profile else None
        try:
            _name, site_id = self._registry.validate(
                self.name_edit.text(), self.site_id_edit.text(), exclude_key=exclude
            )
        except ValueError as exc:
            self._set_error(str(exc))
            self._focus_problem_field()
            return
        key = self._entered_key()
        if not key:
            self._set_error(tr("Enter the API key."))
            self.key_edit.setFocus()
            return
        self._set_error(None)
        self._check_number += 1
        self._set_checking(True)
        try:
            self._verify(site_id, key, self._make_done(self._check_number))
        except Exception:  # a verify that cannot even start must not leave the dialog locked
            log.exception("the site check could not start")
            self._set_checking(False)
            self._set_error(tr("The check could not start; see the log for details."))

    def _focus_problem_field(self) -> None:
        try:
            check_site_fields(self.name_edit.text(), "placeholder-id")
        except ValueError:
            self.name_edit.setFocus()  # the name is the problem
            return
        self.site_id_edit.setFocus()

    def _entered_key(self) -> str:
        typed = self.key_edit.text().strip()
        if typed or self._profile is None:
            return typed
        return self._credentials.get(self._profile.key) or ""

    def _make_done(self, number: int) -> Done:
        # A weak reference: a late answer after the dialog is gone is dropped instead of
        # touching a dead object.
        dialog = weakref.ref(self)

        def deliver(message: str | None) -> None:
            target = dialog()
            if target is not None and shiboken6.isValid(target):
                target._on_answer(number, message)

        return lambda message: run_on_gui_thread(lambda: deliver(message))

    def _on_answer(self, number: int, message: object) -> None:
        if number != self._check_number or not self._checking:
            return  # cancelled, or an answer to an older check
        self._set_checking(False)
        if message is not None:
            self._set_error(str(message))
            self.key_edit.setFocus()
            self.check_finished.emit(str(message))
            return
        try:
            self._result = self._save()
        except ValueError as exc:  # e.g. the same site was added meanwhile elsewhere
            self._set_error(str(exc))
            self.check_finished.emit(str(exc))
            return
        self.check_finished.emit(None)
        super().accept()

    def _save(self) -> SiteProfile:
        name, site_id = self.name_edit.text(), self.site_id_edit.text()
        if self._profile is None:
            profile = self._registry.add(name, site_id)
        else:
            profile = self._registry.update(self._profile.key, display_name=name, site_id=site_id)
        typed = self.key_edit.text().strip()
        if typed:  # an empty field in edit mode keeps the stored key
            self._credentials.set(profile.key, typed)
        return profile

    # ------------------------------------------------------------------ state

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        for widget in (
            self.name_edit,
            self.site_id_edit,
            self.key_edit,
            self.show_key_box,
            self.save_button,
        ):
            widget.setEnabled(not checking)
        self.busy_bar.setVisible(checking)
        self.status_label.setVisible(checking)

    def _set_error(self, message: str | None) -> None:
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))
        self.error_label.setAccessibleDescription(message or "")

    def _show_key(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.key_edit.setEchoMode(mode)
