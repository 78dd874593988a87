"""Where sites come from: the registry of sites, their keys in the keyring, the local sandbox,
and for each site a client factory and a thumbnail loader. The main window asks this object
and never builds clients itself."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from galleryman.core.thumbcache import ThumbnailDiskCache
from galleryman.credentials import CredentialStore
from galleryman.local_site import LocalSandbox
from galleryman.paths import AppPaths
from galleryman.sandbox.behaviour import Behaviour
from galleryman.sites import LOCAL_SITE_KEY, SiteProfile, SiteRegistry, remove_site
from galleryman.views.site_dialog import SiteDialog
from galleryman.wix.auth import ApiKeyAuth
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
    ) -> None:
        self.paths = paths
        self.registry = SiteRegistry(paths.sites_file)
        self.credentials = credentials or CredentialStore()
        self.local = LocalSandbox(
            paths.sandbox_dir,
            seed_demo=seed_demo,
            in_process=sandbox_in_process,
            behaviour=sandbox_behaviour,
            options=sandbox_options,
        )

    def client_factory(self, profile: SiteProfile) -> Callable[[], WixClient]:
        """A factory the worker thread calls to build its client (checked here, up front)."""
        if profile.kind == "sandbox":
            self.local.start()
            return self.local.client
        key = self.credentials.get(profile.key)
        if not key:
            raise LookupError(
                "no API key is stored for this site (the keyring may be locked, or the key "
                "was kept in memory in an earlier session); use Site ▸ Edit Site… to enter it"
            )
        auth = ApiKeyAuth(key, profile.site_id)
        return lambda: WixClient(auth, profile.base_url)

    def thumbnail_loader(
        self, profile: SiteProfile, parent: QObject | None = None
    ) -> ThumbnailLoader:
        cache = ThumbnailDiskCache(self.paths.thumbnails_dir / _safe(profile.key))
        return ThumbnailLoader(cache, parent=parent)

    def add_site_dialog(self, parent: QWidget) -> SiteProfile | None:
        dialog = SiteDialog(self.registry, self.credentials, parent=parent)
        return dialog.result_profile() if dialog.exec() else None

    def edit_site_dialog(self, parent: QWidget, key: str) -> SiteProfile | None:
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


def _safe(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in key)
