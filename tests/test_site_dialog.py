"""The Add/Edit site dialog, driven like a user would, checking keys against the sandbox."""

from __future__ import annotations

from pathlib import Path

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from galleryman.credentials import SERVICE, CredentialStore
from galleryman.sandbox.server import SandboxServer
from galleryman.sites import AUTH_REJECTED, LOCAL_SITE_KEY, SiteProfile, SiteRegistry
from galleryman.views.site_dialog import NO_KEYRING_NOTE, Done, SiteDialog
from tests.dialog_support import open_dialog, tab_chain
from tests.keyring_backend import MemoryKeyring, active_keyring

WAIT_MS = 10_000


@pytest.fixture
def sites_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "sites.json"


def fill(qtbot: QtBot, dialog: SiteDialog, name: str, site_id: str, key: str) -> None:
    for edit, text in (
        (dialog.name_edit, name),
        (dialog.site_id_edit, site_id),
        (dialog.key_edit, key),
    ):
        edit.clear()
        qtbot.keyClicks(edit, text)


def store_site(
    sandbox: SandboxServer, sites_file: Path
) -> tuple[SiteRegistry, CredentialStore, SiteProfile]:
    """A registry holding site "Shop" on the sandbox, its API key stored in the keyring."""
    registry = SiteRegistry(sites_file)
    credentials = CredentialStore()
    site = registry.add("Shop", sandbox.site_id)
    credentials.set(site.key, sandbox.api_key)
    return registry, credentials, site


def save_and_wait(qtbot: QtBot, dialog: SiteDialog) -> object:
    """Click Check & Save; while the check runs the inputs are locked; return the answer."""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.checking
    assert dialog.busy_bar.isVisibleTo(dialog)
    assert not dialog.key_edit.isEnabled() and not dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.check_finished, timeout=WAIT_MS) as blocker:
        pass
    assert not dialog.busy_bar.isVisibleTo(dialog)
    return blocker.args[0] if blocker.args else None


def test_adding_a_site_checks_the_key_then_stores_site_and_key(
    qtbot: QtBot, sandbox: SandboxServer, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    registry = SiteRegistry(sites_file)
    dialog = open_dialog(qtbot, SiteDialog(registry, CredentialStore(), base_url=sandbox.base_url))
    assert not dialog.info_label.isVisibleTo(dialog)  # a keyring exists: no warning
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Password
    fill(qtbot, dialog, "My shop", sandbox.site_id, sandbox.api_key)

    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        assert save_and_wait(qtbot, dialog) is None

    profile = dialog.result_profile()
    assert profile is not None
    assert (profile.display_name, profile.site_id, profile.kind) == (
        "My shop",
        sandbox.site_id,
        "wix",
    )
    # The site is on disk (a new registry reads it) and the key is in the keyring, not the file.
    assert SiteRegistry(sites_file).get(profile.key) == profile
    assert memory_keyring.entries == {(SERVICE, profile.key): sandbox.api_key}
    assert sandbox.api_key not in sites_file.read_text(encoding="utf-8")


def test_a_wrong_key_shows_why_and_keeps_what_was_typed(
    qtbot: QtBot, sandbox: SandboxServer, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    registry = SiteRegistry(sites_file)
    dialog = open_dialog(qtbot, SiteDialog(registry, CredentialStore(), base_url=sandbox.base_url))
    fill(qtbot, dialog, "My shop", sandbox.site_id, "not-the-key")

    assert save_and_wait(qtbot, dialog) == AUTH_REJECTED

    assert dialog.error_text() == AUTH_REJECTED
    assert dialog.isVisible() and dialog.result_profile() is None
    assert dialog.name_edit.text() == "My shop"
    assert dialog.site_id_edit.text() == sandbox.site_id
    assert dialog.key_edit.text() == "not-the-key"
    assert dialog.key_edit.isEnabled() and dialog.save_button.isEnabled()
    assert [s.key for s in registry.sites()] == [LOCAL_SITE_KEY]
    assert memory_keyring.entries == {}

    # Fixing the key and saving again works without retyping the rest.
    dialog.key_edit.clear()
    qtbot.keyClicks(dialog.key_edit, sandbox.api_key)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        assert save_and_wait(qtbot, dialog) is None
    assert dialog.error_text() == ""


@pytest.mark.parametrize(
    ("name", "site_id", "key", "message", "focused"),
    [
        ("", "site-1", "k", "Enter a name for the site.", "name_edit"),
        ("Shop", "", "k", "Enter the site ID.", "site_id_edit"),
        ("Shop", "site-1", "", "Enter the API key.", "key_edit"),
    ],
)
def test_empty_fields_are_reported_before_any_check(
    qtbot: QtBot,
    sites_file: Path,
    memory_keyring: MemoryKeyring,
    name: str,
    site_id: str,
    key: str,
    message: str,
    focused: str,
) -> None:
    registry = SiteRegistry(sites_file)
    # An address nothing listens on: had a check started, it would fail with another message.
    dialog = open_dialog(
        qtbot, SiteDialog(registry, CredentialStore(), base_url="http://127.0.0.1:9")
    )
    dialog.activateWindow()
    fill(qtbot, dialog, name, site_id, key)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.checking
    assert not dialog.busy_bar.isVisibleTo(dialog)
    assert dialog.error_text() == message
    assert dialog.focusWidget() is getattr(dialog, focused)
    assert dialog.isVisible()
    assert not sites_file.exists() and memory_keyring.entries == {}


def test_a_site_already_in_the_list_is_refused_before_any_check(
    qtbot: QtBot, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    registry = SiteRegistry(sites_file)
    registry.add("Shop", "site-1")
    dialog = open_dialog(
        qtbot, SiteDialog(registry, CredentialStore(), base_url="http://127.0.0.1:9")
    )
    fill(qtbot, dialog, "Shop again", "site-1", "some-key")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.checking
    assert "already in the list" in dialog.error_text()
    assert len(registry.sites()) == 2


def test_without_a_keyring_the_dialog_says_the_key_is_kept_in_memory(
    qtbot: QtBot, sandbox: SandboxServer, sites_file: Path
) -> None:
    with active_keyring(keyring.backends.fail.Keyring()):
        credentials = CredentialStore()
        dialog = open_dialog(
            qtbot, SiteDialog(SiteRegistry(sites_file), credentials, base_url=sandbox.base_url)
        )
        assert dialog.info_label.isVisibleTo(dialog)
        assert dialog.info_label.text() == NO_KEYRING_NOTE
        fill(qtbot, dialog, "Shop", sandbox.site_id, sandbox.api_key)

        with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
            save_and_wait(qtbot, dialog)

        profile = dialog.result_profile()
        assert profile is not None
        assert credentials.get(profile.key) == sandbox.api_key  # usable for this session


def test_edit_prefills_and_an_empty_key_keeps_the_stored_one(
    qtbot: QtBot, sandbox: SandboxServer, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    registry, credentials, site = store_site(sandbox, sites_file)
    dialog = open_dialog(
        qtbot,
        SiteDialog(registry, credentials, profile=site, base_url=sandbox.base_url),
    )
    assert dialog.windowTitle() == "Edit site"
    assert dialog.name_edit.text() == "Shop"
    assert dialog.site_id_edit.text() == sandbox.site_id
    assert dialog.key_edit.text() == ""

    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Shop (live)")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        assert save_and_wait(qtbot, dialog) is None  # checked with the stored key

    assert dialog.result_profile() == registry.get(site.key)
    assert SiteRegistry(sites_file).get(site.key).display_name == "Shop (live)"  # type: ignore[union-attr]
    assert memory_keyring.entries == {(SERVICE, site.key): sandbox.api_key}


def test_edit_with_a_wrong_new_key_keeps_the_stored_key(
    qtbot: QtBot, sandbox: SandboxServer, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    registry, credentials, site = store_site(sandbox, sites_file)
    dialog = open_dialog(
        qtbot, SiteDialog(registry, credentials, profile=site, base_url=sandbox.base_url)
    )
    qtbot.keyClicks(dialog.key_edit, "revoked-key")

    assert save_and_wait(qtbot, dialog) == AUTH_REJECTED
    assert credentials.get(site.key) == sandbox.api_key
    assert registry.get(site.key) == site


def test_an_answer_arriving_after_cancel_saves_nothing(
    qtbot: QtBot, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    # The injected verify stands for the main window's worker: it answers later.
    pending: list[Done] = []
    registry = SiteRegistry(sites_file)
    dialog = open_dialog(
        qtbot,
        SiteDialog(registry, CredentialStore(), verify=lambda _s, _k, done: pending.append(done)),
    )
    fill(qtbot, dialog, "Shop", "site-1", "key")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.checking and len(pending) == 1

    with qtbot.waitSignal(dialog.rejected, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    pending[0](None)
    QApplication.processEvents()  # deliver the queued answer

    assert dialog.result_profile() is None
    assert [s.key for s in registry.sites()] == [LOCAL_SITE_KEY]
    assert memory_keyring.entries == {}


def test_the_show_toggle_reveals_the_key(
    qtbot: QtBot, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    dialog = open_dialog(qtbot, SiteDialog(SiteRegistry(sites_file), CredentialStore()))
    qtbot.keyClicks(dialog.key_edit, "abc")

    dialog.show_key_box.click()
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Normal
    dialog.show_key_box.click()
    assert dialog.key_edit.echoMode() == QLineEdit.EchoMode.Password


def test_the_local_sandbox_cannot_be_edited(
    qtbot: QtBot, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    registry = SiteRegistry(sites_file)
    local = registry.get(LOCAL_SITE_KEY)
    with pytest.raises(ValueError):
        SiteDialog(registry, CredentialStore(), profile=local)


def test_every_input_has_an_accessible_name(
    qtbot: QtBot, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    dialog = open_dialog(qtbot, SiteDialog(SiteRegistry(sites_file), CredentialStore()))
    for widget in (
        dialog.name_edit,
        dialog.site_id_edit,
        dialog.key_edit,
        dialog.show_key_box,
        dialog.save_button,
        dialog.cancel_button,
    ):
        assert widget.accessibleName()
    assert tab_chain(dialog.name_edit, 5) == [
        dialog.name_edit,
        dialog.site_id_edit,
        dialog.key_edit,
        dialog.show_key_box,
        dialog.save_button,
    ]


def test_a_check_that_cannot_start_leaves_the_dialog_usable(
    qtbot: QtBot, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    def broken_verify(_site_id: str, _key: str, _done: Done) -> None:
        raise RuntimeError("the worker has stopped")

    dialog = open_dialog(
        qtbot, SiteDialog(SiteRegistry(sites_file), CredentialStore(), verify=broken_verify)
    )
    fill(qtbot, dialog, "Shop", "site-1", "key")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.checking
    assert dialog.save_button.isEnabled() and dialog.key_edit.text() == "key"
    assert "could not start" in dialog.error_text()


def test_edit_of_a_site_without_a_stored_key_asks_for_one(
    qtbot: QtBot, sandbox: SandboxServer, sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    registry, credentials, site = store_site(sandbox, sites_file)
    with_key = open_dialog(qtbot, SiteDialog(registry, credentials, profile=site))
    assert with_key.key_edit.placeholderText() == "Leave empty to keep the stored key"
    credentials.delete(site.key)  # the keyring lost it (a new machine, a locked keyring)
    without = open_dialog(qtbot, SiteDialog(registry, credentials, profile=site))
    assert without.key_edit.placeholderText() == (
        "Paste the API key (none is stored for this site)"
    )
    qtbot.mouseClick(without.save_button, Qt.MouseButton.LeftButton)
    assert without.error_text() == "Enter the API key."
