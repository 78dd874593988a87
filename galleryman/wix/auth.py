"""Credentials for the Wix REST API.

Two kinds: an API key with the site id it acts on, and an OAuth access token (which already
names its site). The secret is kept out of `repr()` and never leaves this module except as the
`Authorization` header value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from galleryman.core.i18n import tr


@dataclass(frozen=True)
class ApiKeyAuth:
    """`Authorization: <key>` (raw, no scheme) plus `wix-site-id: <site id>`."""

    api_key: str = field(repr=False)
    site_id: str

    def __post_init__(self) -> None:
        if not self.api_key.strip():
            raise ValueError(tr("The API key is empty."))
        if not self.site_id.strip():
            raise ValueError(tr("The site ID is empty."))

    def headers(self) -> dict[str, str]:
        return {"Authorization": self.api_key.strip(), "wix-site-id": self.site_id.strip()}

    @property
    def budget_key(self) -> str:
        """What the rate limit counts against: Wix limits per site (app instance)."""
        return f"site:{self.site_id.strip()}"

    def __repr__(self) -> str:
        return f"ApiKeyAuth(site_id={self.site_id!r}, api_key=<hidden>)"


@dataclass(frozen=True)
class AccessTokenAuth:
    """`Authorization: <token>`; the token is specific to one site, so no site header."""

    token: str = field(repr=False)
    site_hint: str = "token"

    def __post_init__(self) -> None:
        if not self.token.strip():
            raise ValueError(tr("The access token is empty."))

    def headers(self) -> dict[str, str]:
        return {"Authorization": self.token.strip()}

    @property
    def budget_key(self) -> str:
        return f"token-site:{self.site_hint}"

    def __repr__(self) -> str:
        return f"AccessTokenAuth(site_hint={self.site_hint!r}, token=<hidden>)"


Auth = ApiKeyAuth | AccessTokenAuth
