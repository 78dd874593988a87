"""Where sites come from: the registry of sites, their keys in the keyring, the local sandbox,
and for each site a client factory, a thumbnail loader and its catalog file. The main window
asks this object and never builds clients itself.

Only what the first window needs is imported up front: the keyring, the HTTP client, the
thumbnail loader and the site dialog are imported when first used (see bench/bench_startup.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from galleryman.core.thumbcache import DEFAULT_MAX_BYTES, ThumbnailDiskCache
from galleryman.local_site import LocalSandbox
from galleryman.paths import AppPaths, safe_name
from galleryman.sites import LOCAL_SITE_KEY, SiteProfile, SiteRegistry, remove_site

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QWidget

    from galleryman.credentials import CredentialStore
    from galleryman.sandbox.behaviour import Behaviour
    from galleryman.wix.client import WixClient
    from galleryman.workers.thumbnails import ThumbnailLoader


class SiteManager:
    def __init__(
        self,
        paths: AppPaths,
        credentials: CredentialStore | None = None,
        *,
        seed_demo: bool = True,
        sandbox_in_process: bool = False,
        sandbox_behaviour: Behaviour | None = None,
        sandbox_options: list[str] | None = None,
        thumbnail_cache_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.paths = paths
        self.registry = SiteRegistry(paths.sites_file)
        self._credentials = credentials
        self.thumbnail_cache_bytes = thumbnail_cache_bytes
        self.local = LocalSandbox(
            paths.sandbox_dir,
            seed_demo=seed_demo,
            in_process=sandbox_in_process,
            behaviour=sandbox_behaviour,
            options=sandbox_options,
        )

    @property
    def credentials(self) -> CredentialStore:
        """The keyring, looked up when a Wix site first needs it (the local sandbox never
        does, and finding the keyring's backend takes a while)."""
        if self._credentials is None:
            from galleryman.credentials import CredentialStore

            self._credentials = CredentialStore()
        return self._credentials

    def client_factory(self, profile: SiteProfile) -> Callable[[], WixClient]:
        """A factory the worker thread calls to build its client (checked here, up front).

        The local sandbox starts now on a thread of its own; its clients wait for it on the
        worker threads, never on the GUI thread."""
        if profile.kind == "sandbox":
            self.local.start_soon()
            return self.local.client
        key = self.credentials.get(profile.key)
        if not key:
            raise LookupError(
                "no API key is stored for this site (the keyring may be locked, or the key "
                "was kept in memory in an earlier session); use Site ▸ Edit Site… to enter it"
            )
        from galleryman.wix.auth import ApiKeyAuth
        from galleryman.wix.client import WixClient

        auth = ApiKeyAuth(key, profile.site_id)
        return lambda: WixClient(auth, profile.base_url)

    def site_db(self, profile: SiteProfile) -> Path:
        """The site's catalog and outbox. The local sandbox's belongs to the sandbox it came
        from (its site id): a sandbox in another folder starts with its own, and nothing kept
        for the old one is shown or sent to it."""
        if profile.kind != "sandbox":
            return self.paths.site_db(profile.key)
        return self.paths.site_db(profile.key, identity=self.local.site_id)

    def thumbnail_loader(
        self, profile: SiteProfile, parent: QObject | None = None
    ) -> ThumbnailLoader:
        from galleryman.workers.thumbnails import ThumbnailLoader

        cache = ThumbnailDiskCache(
            self.paths.thumbnails_dir / safe_name(profile.key), max_bytes=self.thumbnail_cache_bytes
        )
        rebase = self._sandbox_media_url if profile.kind == "sandbox" else None
        return ThumbnailLoader(cache, parent=parent, rebase=rebase)

    def _sandbox_media_url(self, url: str) -> str | None:
        """A media URL the catalog kept from an earlier run names the sandbox's old port.
        Called on the GUI thread, so it never waits: None while the sandbox is still
        starting (the loader asks again soon); as it is when the sandbox is not running (the
        thumbnail then fails, and says why)."""
        from galleryman.wix.urls import on_loopback_origin

        if self.local.starting:
            return None
        endpoint = self.local.endpoint
        return on_loopback_origin(url, endpoint.base_url) if endpoint is not None else url

    def add_site_dialog(self, parent: QWidget) -> SiteProfile | None:
        from galleryman.views.site_dialog import SiteDialog

        dialog = SiteDialog(self.registry, self.credentials, parent=parent)
        return dialog.result_profile() if dialog.exec() else None

    def edit_site_dialog(self, parent: QWidget, key: str) -> SiteProfile | None:
        from galleryman.views.site_dialog import SiteDialog

        profile = self.registry.get(key)
        if profile is None:
            return None
        dialog = SiteDialog(self.registry, self.credentials, profile=profile, parent=parent)
        return dialog.result_profile() if dialog.exec() else None

    def remove_site(self, key: str) -> None:
        if key != LOCAL_SITE_KEY:
            remove_site(self.registry, self.credentials, key)

    def shutdown(self) -> None:
        self.local.stop()
