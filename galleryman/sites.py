"""The list of sites the app manages: the local sandbox plus the user's Wix sites.

Qt-free. Stored as JSON (sites.json); API keys are not in it (`CredentialStore` holds them).
`verify_site` makes the one read call that tells whether a site ID and API key work.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from galleryman.core.atomic import atomic_write
from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.wix.urls import WIX_API_BASE

if TYPE_CHECKING:
    from galleryman.credentials import CredentialStore

log = logging.getLogger(__name__)

LOCAL_SITE_KEY = "local-sandbox"
FILE_VERSION = 1
MAX_NAME_LENGTH = 100

SiteKind = Literal["sandbox", "wix"]

AUTH_REJECTED = QT_TR_NOOP("Wix did not accept the API key or site ID.")
PERMISSION_MISSING = QT_TR_NOOP("The key lacks the Pro Gallery permission.")

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_DASHBOARD = re.compile(r"/dashboard/(" + _UUID.pattern + r")")


@dataclass(frozen=True)
class SiteProfile:
    key: str
    display_name: str
    site_id: str
    kind: SiteKind
    # For the sandbox the address is only known once the server has started on a free port.
    base_url: str = WIX_API_BASE

    @property
    def is_sandbox(self) -> bool:
        return self.kind == "sandbox"


# Its name is shown translated: tr(profile.display_name).
LOCAL_SANDBOX = SiteProfile(
    key=LOCAL_SITE_KEY,
    display_name=QT_TR_NOOP("Local sandbox"),
    site_id="local",
    kind="sandbox",
    base_url="",
)


def shown_name(profile: SiteProfile) -> str:
    """The site's name as the window shows it: the local sandbox's in the user's language, a
    Wix site's exactly as the user typed it."""
    return tr(profile.display_name) if profile.is_sandbox else profile.display_name


def site_id_from_text(text: str) -> str:
    """The site ID in what the user pasted: the ID itself or a dashboard URL that holds it."""
    text = text.strip()
    found = _DASHBOARD.search(text)
    return found.group(1) if found else text


def check_site_fields(display_name: str, site_id: str) -> tuple[str, str]:
    """The cleaned name and site ID, or ValueError with a sentence for the user."""
    name = display_name.strip()
    sid = site_id_from_text(site_id)
    if not name:
        raise ValueError(tr("Enter a name for the site."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(
            tr("The name is too long (at most {count} characters).").format(count=MAX_NAME_LENGTH)
        )
    if not sid:
        raise ValueError(tr("Enter the site ID."))
    # It goes into an HTTP header: no spaces or control characters.
    if any(ch.isspace() or not ch.isprintable() for ch in sid) or len(sid) > 200:
        raise ValueError(
            tr(
                "That does not look like a site ID. It is the long code after /dashboard/ "
                "in your site's dashboard address."
            )
        )
    return name, sid


class SiteRegistry:
    def __init__(self, path: Path) -> None:
        self._path = Path(path)
        self._sites: list[SiteProfile] = self._load()

    @property
    def path(self) -> Path:
        return self._path

    def sites(self) -> list[SiteProfile]:
        """The local sandbox first, then the Wix sites in the order they were added."""
        return [LOCAL_SANDBOX, *self._sites]

    def get(self, key: str) -> SiteProfile | None:
        return next((s for s in self.sites() if s.key == key), None)

    def validate(
        self, display_name: str, site_id: str, *, exclude_key: str | None = None
    ) -> tuple[str, str]:
        """Check fields as `add`/`update` would, without saving (ValueError when unfit)."""
        name, sid = check_site_fields(display_name, site_id)
        for site in self._sites:
            if site.key != exclude_key and site.site_id == sid:
                raise ValueError(
                    tr("This site is already in the list as “{name}”.").format(
                        name=site.display_name
                    )
                )
        return name, sid

    def add(self, display_name: str, site_id: str) -> SiteProfile:
        name, sid = self.validate(display_name, site_id)
        profile = SiteProfile(key=f"wix-{uuid.uuid4()}", display_name=name, site_id=sid, kind="wix")
        self._sites.append(profile)
        self._save()
        return profile

    def update(
        self, key: str, *, display_name: str | None = None, site_id: str | None = None
    ) -> SiteProfile:
        index = self._index(key)
        current = self._sites[index]
        name, sid = self.validate(
            current.display_name if display_name is None else display_name,
            current.site_id if site_id is None else site_id,
            exclude_key=key,
        )
        updated = replace(current, display_name=name, site_id=sid)
        self._sites[index] = updated
        self._save()
        return updated

    def remove(self, key: str) -> None:
        self._sites.pop(self._index(key))
        self._save()

    def _index(self, key: str) -> int:
        if key == LOCAL_SITE_KEY:
            raise ValueError(tr("The local sandbox is built in and cannot be changed or removed."))
        for index, site in enumerate(self._sites):
            if site.key == key:
                return index
        raise KeyError(key)

    # ------------------------------------------------------------------ storage

    def _load(self) -> list[SiteProfile]:
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            log.warning("could not read %s (%s); starting with no Wix sites", self._path, exc)
            return []
        try:
            return _parse(raw)
        except (ValueError, TypeError, KeyError) as exc:
            backup = self._path.with_name(self._path.name + ".bad")
            log.warning(
                "%s is damaged (%s); moved it to %s and started with no Wix sites",
                self._path,
                exc,
                backup,
            )
            try:
                os.replace(self._path, backup)
            except OSError as move_error:
                log.warning("could not move %s aside: %s", self._path, move_error)
            return []

    def _save(self) -> None:
        data = {
            "version": FILE_VERSION,
            "sites": [asdict(s) for s in self._sites],
        }
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        atomic_write(self._path, text.encode("utf-8"), durable=True)


def _parse(raw: bytes) -> list[SiteProfile]:
    data: Any = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        raise ValueError("no list of sites")
    sites: list[SiteProfile] = []
    for entry in data["sites"]:
        if not isinstance(entry, dict):
            raise ValueError("a site entry is not an object")
        key, name, sid = entry["key"], entry["display_name"], entry["site_id"]
        base_url = entry.get("base_url", WIX_API_BASE)
        if entry.get("kind", "wix") != "wix":
            raise ValueError(f"site entry {key!r} is not a Wix site")
        if not all(isinstance(v, str) and v for v in (key, name, sid, base_url)):
            raise ValueError(f"site entry {key!r} has an empty or non-text field")
        if key == LOCAL_SITE_KEY or any(s.key == key for s in sites):
            raise ValueError(f"site key {key!r} is reserved or repeated")
        sites.append(SiteProfile(key, name, sid, "wix", base_url))
    return sites


def remove_site(registry: SiteRegistry, credentials: CredentialStore, key: str) -> None:
    """Remove a Wix site from the list and forget its API key."""
    registry.remove(key)  # raises first for the sandbox or an unknown key
    credentials.delete(key)


def verify_site(base_url: str, site_id: str, api_key: str, timeout: float = 15) -> str | None:
    """Make one read call with these credentials: None when it works, else a sentence to show.

    Blocking; run it off the GUI thread.
    """
    import httpx  # here: the first window does not need the HTTP client nor the keyring

    from galleryman.wix.auth import ApiKeyAuth
    from galleryman.wix.client import WixClient
    from galleryman.wix.errors import (
        AuthenticationError,
        NetworkError,
        PermissionDeniedError,
        WixError,
    )
    from galleryman.wix.transport import RetryPolicy

    try:
        auth = ApiKeyAuth(api_key, site_id)
    except ValueError as exc:
        return str(exc)  # "The API key is empty." / "The site ID is empty."; never the key
    try:
        # One attempt: the user is waiting, and a retry loop would only delay the answer.
        client = WixClient(
            auth,
            base_url,
            timeout=timeout,
            retry=RetryPolicy(max_attempts=1),
        )
    except (ValueError, httpx.InvalidURL) as exc:
        log.warning("unusable server address %r: %s", base_url, type(exc).__name__)
        return tr("The server address is not valid: {address}").format(address=base_url)
    try:
        with client:
            client.list_galleries_page(0, 1)
    except AuthenticationError:
        return tr(AUTH_REJECTED)
    except PermissionDeniedError:
        return tr(PERMISSION_MISSING)
    except NetworkError as exc:
        return tr("Could not reach Wix: {reason}.").format(reason=exc.message)
    except WixError as exc:
        return exc.user_message
    except httpx.HTTPError as exc:  # e.g. an address httpx accepts but cannot use
        return tr("Could not reach Wix: {reason}.").format(reason=type(exc).__name__)
    return None
