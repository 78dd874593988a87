"""API keys in the system keyring, with a visible in-memory fallback.

One keyring entry per site: service "galleryman", username = the site's key. Where no usable
keyring backend exists (a headless Linux box without a Secret Service), or the keyring fails
while storing, keys are held in this process's memory until the app quits, and `persistent`
turns False so the UI can say so.

Secrets never reach a log line, an exception message or `repr()`.
"""

from __future__ import annotations

import logging
import threading

import keyring
import keyring.backends.fail
import keyring.backends.null
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

from galleryman.core.i18n import tr

log = logging.getLogger(__name__)

SERVICE = "galleryman"


def usable_backend(backend: KeyringBackend) -> bool:
    """Whether the backend really stores secrets (not the fail/null placeholders)."""
    if isinstance(backend, keyring.backends.fail.Keyring | keyring.backends.null.Keyring):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:  # a backend's priority may raise to say it is unsuitable here
        return False


class CredentialStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Keys that live only in memory: all of them without a keyring, otherwise the ones a
        # failed keyring write left behind.
        self._memory: dict[str, str] = {}
        try:
            backend = keyring.get_keyring()
        except Exception as exc:  # detection itself can fail on broken D-Bus set-ups
            log.warning("no keyring backend could be loaded: %s", type(exc).__name__)
            self._persistent = False
            self._backend_name = "none"
            return
        self._persistent = usable_backend(backend)
        self._backend_name = type(backend).__name__
        if not self._persistent:
            log.warning(
                "no usable system keyring (%s); API keys are kept in memory until quit",
                self._backend_name,
            )

    @property
    def persistent(self) -> bool:
        """False: keys are held in memory until the app quits (the UI says so)."""
        return self._persistent

    def get(self, site_key: str) -> str | None:
        with self._lock:
            if site_key in self._memory:
                return self._memory[site_key]
            if not self._persistent:
                return None
        try:
            return keyring.get_password(SERVICE, site_key)
        except KeyringError as exc:
            log.warning("reading the key of %s from the keyring failed: %s", site_key, _kind(exc))
            return None

    def set(self, site_key: str, secret: str) -> None:
        if not site_key:
            raise ValueError(tr("A site key is needed to store an API key."))
        if not self._persistent:
            with self._lock:
                self._memory[site_key] = secret
            return
        try:
            keyring.set_password(SERVICE, site_key, secret)
        except KeyringError as exc:
            # Keep the key for this session rather than lose what the user typed.
            log.warning(
                "storing the key of %s in the keyring failed (%s); keeping keys in memory",
                site_key,
                _kind(exc),
            )
            with self._lock:
                self._memory[site_key] = secret
                self._persistent = False
            return
        with self._lock:
            self._memory.pop(site_key, None)

    def delete(self, site_key: str) -> None:
        """Forget the site's key; no error when there is none."""
        with self._lock:
            self._memory.pop(site_key, None)
            persistent = self._persistent
        if not persistent and not self._backend_usable_now():
            return
        _delete(SERVICE, site_key, f"the key of {site_key}")

    def _backend_usable_now(self) -> bool:
        # After a failed write the keyring may still hold older keys worth deleting.
        try:
            return usable_backend(keyring.get_keyring())
        except Exception:
            return False

    def __repr__(self) -> str:
        with self._lock:
            held = sorted(self._memory)
        return (
            f"CredentialStore(backend={self._backend_name}, persistent={self._persistent}, "
            f"in_memory_sites={held})"
        )


def _delete(service: str, username: str, what: str) -> None:
    """Delete an entry; none there is the wanted state too, and a failure is only logged."""
    try:
        keyring.delete_password(service, username)
    except PasswordDeleteError:
        pass
    except KeyringError as exc:
        log.warning("deleting %s from the keyring failed: %s", what, _kind(exc))


def _kind(exc: BaseException) -> str:
    # The exception class only: backend messages are not guaranteed to leave secrets out.
    return type(exc).__name__


UPLOAD_SERVICE = "galleryman upload"


class UploadUrlStore:
    """Upload URLs between their issue and the moment the outbox has the file's id
    (`sync.remote.UploadUrls`), in the keyring: an upload URL carries a token that lets anyone
    put a file in the site's Media Manager, so it is kept like an API key, never in the
    outbox file. It lets a send after a crash PUT the same URL again instead of uploading a
    second file. Without a usable keyring, URLs live in memory (a crash during a PUT may then
    leave the file twice in the Media Manager, never twice in a gallery)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._memory: dict[str, str] = {}
        self._persistent: bool | None = None  # found out on first use, on the sender's thread

    def _keyring_usable(self) -> bool:
        with self._lock:
            if self._persistent is None:
                try:
                    self._persistent = usable_backend(keyring.get_keyring())
                except Exception:  # detection itself can fail on broken D-Bus set-ups
                    self._persistent = False
            return self._persistent

    def get(self, name: str) -> str | None:
        usable = self._keyring_usable()
        with self._lock:
            if name in self._memory or not usable:
                return self._memory.get(name)
        try:
            return keyring.get_password(UPLOAD_SERVICE, name)
        except KeyringError as exc:
            log.warning("reading an upload's address from the keyring failed: %s", _kind(exc))
            return None

    def put(self, name: str, url: str) -> None:
        if self._keyring_usable():
            try:
                keyring.set_password(UPLOAD_SERVICE, name, url)
                return
            except KeyringError as exc:
                log.warning("keeping an upload's address in the keyring failed: %s", _kind(exc))
        with self._lock:
            self._memory[name] = url

    def drop(self, name: str) -> None:
        with self._lock:
            self._memory.pop(name, None)
        if not self._keyring_usable():
            return
        _delete(UPLOAD_SERVICE, name, "an upload's address")

    def __repr__(self) -> str:
        return f"UploadUrlStore(persistent={self._persistent})"  # never a URL
