"""Sandbox credentials (kept in ``credentials.json``) and request authentication.

CONTRACT.md §Auth: an API key goes raw in ``Authorization`` together with ``wix-site-id``; an
OAuth access token goes in ``Authorization`` raw or as ``Bearer <token>`` and needs no site id.
A request carrying both ``wix-site-id`` and ``wix-account-id`` is rejected. Secrets are
compared in constant time and never echoed in responses or logs.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from galleryman.sandbox.errors import application_error, unauthenticated
from galleryman.sandbox.routing import Request
from galleryman.sandbox.util import TEMP_PREFIX, TEMP_SUFFIX

CREDENTIALS_FILE = "credentials.json"


@dataclass(frozen=True)
class Credentials:
    api_key: str
    site_id: str
    access_token: str


def _generate() -> Credentials:
    return Credentials(
        api_key="IST." + secrets.token_urlsafe(32),
        site_id=str(uuid.uuid4()),
        access_token="OAUTH." + secrets.token_urlsafe(32),
    )


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600."""
    tmp = path.with_name(f"{TEMP_PREFIX}{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def load_or_create(
    data_dir: Path,
    api_key: str | None = None,
    site_id: str | None = None,
    access_token: str | None = None,
) -> Credentials:
    """Explicit values win; missing ones come from ``credentials.json`` or are generated.

    The effective set is written back (mode 0600) so a restart keeps the same credentials.
    """
    path = data_dir / CREDENTIALS_FILE
    stored: dict[str, str] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        if isinstance(loaded, dict):
            stored = {k: v for k, v in loaded.items() if isinstance(v, str) and v}
    fresh = _generate()
    creds = Credentials(
        api_key=api_key or stored.get("apiKey") or fresh.api_key,
        site_id=site_id or stored.get("siteId") or fresh.site_id,
        access_token=access_token or stored.get("accessToken") or fresh.access_token,
    )
    wanted = {"apiKey": creds.api_key, "siteId": creds.site_id, "accessToken": creds.access_token}
    if wanted != stored or (os.name == "posix" and path.stat().st_mode & 0o077):
        _write_private(path, json.dumps(wanted, indent=2) + "\n")
    return creds


def _same(presented: str, secret: str) -> bool:
    return hmac.compare_digest(presented.encode("utf-8"), secret.encode("utf-8"))


def authenticate(req: Request, creds: Credentials) -> None:
    """Raise an ApiError (400/401) unless the request carries valid credentials."""
    site = req.header("wix-site-id")
    if site is not None and req.header("wix-account-id") is not None:
        raise application_error(
            400, "INVALID_ARGUMENT", "Send either wix-site-id or wix-account-id, not both"
        )
    auth = (req.header("Authorization") or "").strip()
    if not auth:
        raise unauthenticated("Missing Authorization header")
    token = auth[7:].strip() if auth[:7].lower() == "bearer " else auth
    if _same(token, creds.access_token):
        if site is not None and not _same(site.strip(), creds.site_id):
            raise unauthenticated("The wix-site-id header does not match this access token")
        return
    if _same(auth, creds.api_key):
        if site is None:
            raise unauthenticated("An API key needs the wix-site-id header")
        if not _same(site.strip(), creds.site_id):
            raise unauthenticated("Unknown site id for this API key")
        return
    raise unauthenticated("Invalid API key or access token")
