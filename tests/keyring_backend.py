"""An in-memory keyring backend, so tests never touch the machine's real keyring.

`install_memory_keyring()` makes it the active backend and returns it; the `memory_keyring`
fixture (in the test modules, later in conftest) restores the previous backend afterwards.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError, PasswordSetError


class MemoryKeyring(KeyringBackend):
    """Holds secrets in a dict keyed by (service, username).

    `fail_writes = True` makes writes fail the way a locked or broken keyring does.
    """

    priority = 1  # > 0: a usable backend

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.fail_writes = False

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.fail_writes:
            raise PasswordSetError("the keyring is locked")
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError("no such password")
        del self.entries[(service, username)]


# keyring registers every backend class for auto-detection; this one must only ever be
# chosen explicitly, never picked up by a later keyring.get_keyring().
KeyringBackend._classes.discard(MemoryKeyring)


def install_memory_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@contextlib.contextmanager
def active_keyring(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Make `backend` the active keyring for the block, then restore the previous one."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@contextlib.contextmanager
def memory_keyring_installed() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = install_memory_keyring()
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


class FileKeyring(KeyringBackend):
    """Secrets in a JSON file, so that two processes share one keyring (a test kills one and
    starts another, as the system keyring outlives the app)."""

    priority = 1

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def _read(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def _write(self, entries: dict[str, str]) -> None:
        self.path.write_text(json.dumps(entries))

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._read()
        entries[f"{service}\n{username}"] = password
        self._write(entries)

    def delete_password(self, service: str, username: str) -> None:
        entries = self._read()
        if entries.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._write(entries)

    def services(self) -> list[str]:
        return sorted({key.split("\n")[0] for key in self._read()})


KeyringBackend._classes.discard(FileKeyring)


class OutlivingKeyring(MemoryKeyring):
    """The API key in memory (never in a file); what the app keeps for later (upload
    addresses) in a file under the test's folder, so it outlives a killed app as the system
    keyring does (the soak's app process)."""

    def __init__(self, path: Path, outliving: frozenset[str]) -> None:
        super().__init__()
        self._file = FileKeyring(path)
        self._outliving = outliving

    def get_password(self, service: str, username: str) -> str | None:
        if service in self._outliving:
            return self._file.get_password(service, username)
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if service in self._outliving:
            self._file.set_password(service, username, password)
        else:
            super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        if service in self._outliving:
            self._file.delete_password(service, username)
        else:
            super().delete_password(service, username)


KeyringBackend._classes.discard(OutlivingKeyring)
