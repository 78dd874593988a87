"""API keys: one keyring entry per site, and a visible in-memory fallback without a keyring."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import keyring.backends.fail
import keyring.backends.null
import pytest

from galleryman.credentials import SERVICE, CredentialStore
from tests.keyring_backend import MemoryKeyring, active_keyring

SECRET = "IST.secret-value-7f3a"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    with active_keyring(keyring.backends.fail.Keyring()):
        yield


def test_set_get_delete_round_trip_in_the_keyring(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    assert store.persistent
    assert store.get("wix-a") is None

    store.set("wix-a", SECRET)

    assert store.get("wix-a") == SECRET
    assert memory_keyring.entries == {(SERVICE, "wix-a"): SECRET}
    store.delete("wix-a")
    assert store.get("wix-a") is None
    assert memory_keyring.entries == {}


def test_one_entry_per_site_and_a_new_store_reads_them(memory_keyring: MemoryKeyring) -> None:
    first = CredentialStore()
    first.set("wix-a", "key-a")
    first.set("wix-b", "key-b")
    first.set("wix-a", "key-a2")  # replacing a key keeps one entry

    assert memory_keyring.entries == {(SERVICE, "wix-a"): "key-a2", (SERVICE, "wix-b"): "key-b"}
    # A later session (a new store) finds the keys: they persist outside the process.
    second = CredentialStore()
    assert second.get("wix-a") == "key-a2"
    assert second.get("wix-b") == "key-b"


def test_deleting_a_missing_key_is_not_an_error(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    store.delete("never-stored")
    assert store.get("never-stored") is None


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring, keyring.backends.null.Keyring])
def test_without_a_keyring_keys_live_in_memory_for_the_session(
    backend: type[keyring.backend.KeyringBackend],
) -> None:
    with active_keyring(backend()):
        store = CredentialStore()
        assert not store.persistent

        store.set("wix-a", SECRET)
        assert store.get("wix-a") == SECRET
        # Nothing outlives the session: a fresh store (a restarted app) has no key.
        assert CredentialStore().get("wix-a") is None
        store.delete("wix-a")
        assert store.get("wix-a") is None


def test_a_failing_keyring_write_falls_back_to_memory_and_says_so(
    memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    store = CredentialStore()
    memory_keyring.fail_writes = True

    with caplog.at_level(logging.WARNING, logger="galleryman.credentials"):
        store.set("wix-a", SECRET)

    assert store.get("wix-a") == SECRET
    assert not store.persistent
    assert memory_keyring.entries == {}
    assert "wix-a" in caplog.text
    assert SECRET not in caplog.text


def test_secrets_never_appear_in_repr_or_logs(
    no_keyring: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        store = CredentialStore()
        store.set("wix-a", SECRET)
        store.get("wix-a")
        store.delete("wix-a")
        store.set("wix-b", SECRET)

    assert SECRET not in repr(store)
    assert "wix-b" in repr(store)  # it does say which keys are session-only
    assert SECRET not in caplog.text


def test_an_empty_site_key_is_refused(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(ValueError) as info:
        CredentialStore().set("", SECRET)
    assert SECRET not in str(info.value)
    assert memory_keyring.entries == {}
