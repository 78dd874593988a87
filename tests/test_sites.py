"""The site list (sites.json), removing a site with its key, checking credentials, app folders."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from galleryman.credentials import SERVICE, CredentialStore
from galleryman.paths import AppPaths
from galleryman.sandbox.server import SandboxServer
from galleryman.sites import (
    AUTH_REJECTED,
    LOCAL_SITE_KEY,
    PERMISSION_MISSING,
    SiteProfile,
    SiteRegistry,
    remove_site,
    verify_site,
)
from tests.keyring_backend import MemoryKeyring

SITE_A = "0b7a6a47-3c4e-4f0e-9d55-2f4f1b8e6c11"
SITE_B = "9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"


@pytest.fixture
def sites_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "sites.json"


# ---------------------------------------------------------------------- registry


def test_a_new_registry_lists_only_the_local_sandbox(sites_file: Path) -> None:
    registry = SiteRegistry(sites_file)

    [local] = registry.sites()
    assert local.key == LOCAL_SITE_KEY
    assert local.kind == "sandbox"
    assert local.display_name == "Local sandbox"
    assert registry.get(LOCAL_SITE_KEY) == local
    assert not sites_file.exists()  # nothing written until something changes


def test_sites_round_trip_through_the_file_in_insertion_order(sites_file: Path) -> None:
    registry = SiteRegistry(sites_file)
    shop = registry.add("  Shop  ", SITE_A)
    blog = registry.add("Blog", SITE_B)

    assert shop.key.startswith("wix-") and blog.key.startswith("wix-") and shop.key != blog.key
    assert shop.display_name == "Shop"  # trimmed
    assert shop.kind == "wix" and shop.base_url == "https://www.wixapis.com"

    reloaded = SiteRegistry(sites_file)
    assert [s.key for s in reloaded.sites()] == [LOCAL_SITE_KEY, shop.key, blog.key]
    assert reloaded.get(shop.key) == shop
    assert reloaded.get(blog.key) == blog
    assert reloaded.get("wix-unknown") is None
    # The sandbox is built in, never stored; no secret-looking field is stored either.
    stored = json.loads(sites_file.read_text(encoding="utf-8"))
    assert [s["key"] for s in stored["sites"]] == [shop.key, blog.key]
    assert all(
        set(s) == {"key", "display_name", "site_id", "kind", "base_url"} for s in stored["sites"]
    )


def test_update_changes_name_and_site_id_and_persists(sites_file: Path) -> None:
    registry = SiteRegistry(sites_file)
    shop = registry.add("Shop", SITE_A)

    renamed = registry.update(shop.key, display_name="Store")
    moved = registry.update(shop.key, site_id=SITE_B)

    assert renamed == SiteProfile(shop.key, "Store", SITE_A, "wix")
    assert moved == SiteProfile(shop.key, "Store", SITE_B, "wix")
    assert SiteRegistry(sites_file).get(shop.key) == moved


def test_a_pasted_dashboard_address_gives_the_site_id(sites_file: Path) -> None:
    registry = SiteRegistry(sites_file)
    site = registry.add("Shop", f"https://manage.wix.com/dashboard/{SITE_A}/home?referral=x")
    assert site.site_id == SITE_A


@pytest.mark.parametrize(
    ("name", "site_id", "message"),
    [
        ("", SITE_A, "Enter a name for the site."),
        ("   ", SITE_A, "Enter a name for the site."),
        ("Shop", "", "Enter the site ID."),
        ("Shop", "  ", "Enter the site ID."),
        ("Shop", "abc def", "does not look like a site ID"),
        ("x" * 101, SITE_A, "too long"),
    ],
)
def test_add_refuses_empty_or_unfit_fields_with_a_readable_message(
    sites_file: Path, name: str, site_id: str, message: str
) -> None:
    registry = SiteRegistry(sites_file)
    with pytest.raises(ValueError, match=message):
        registry.add(name, site_id)
    assert [s.key for s in registry.sites()] == [LOCAL_SITE_KEY]
    assert not sites_file.exists()


def test_the_same_site_id_cannot_be_added_twice(sites_file: Path) -> None:
    registry = SiteRegistry(sites_file)
    shop = registry.add("Shop", SITE_A)
    other = registry.add("Other", SITE_B)

    with pytest.raises(ValueError, match="already in the list as “Shop”"):
        registry.add("Shop again", f" {SITE_A} ")
    with pytest.raises(ValueError, match="already in the list"):
        registry.update(other.key, site_id=SITE_A)
    # Saving a site under its own site ID is not a duplicate.
    assert registry.update(shop.key, site_id=SITE_A).site_id == SITE_A


def test_removing_a_site_persists_and_the_sandbox_cannot_be_removed(sites_file: Path) -> None:
    registry = SiteRegistry(sites_file)
    shop = registry.add("Shop", SITE_A)
    blog = registry.add("Blog", SITE_B)

    registry.remove(shop.key)

    assert [s.key for s in SiteRegistry(sites_file).sites()] == [LOCAL_SITE_KEY, blog.key]
    with pytest.raises(ValueError, match="cannot be changed or removed"):
        registry.remove(LOCAL_SITE_KEY)
    with pytest.raises(ValueError):
        registry.update(LOCAL_SITE_KEY, display_name="Mine")
    with pytest.raises(KeyError):
        registry.remove(shop.key)
    assert registry.get(LOCAL_SITE_KEY) is not None


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe garbage",
        b'["a list"]',
        b'{"sites": [{"key": "wix-1"}]}',
        b'{"sites": [{"key": "local-sandbox", "display_name": "x", "site_id": "y"}]}',
    ],
)
def test_a_damaged_file_is_kept_aside_and_the_app_starts_empty(
    sites_file: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    sites_file.parent.mkdir(parents=True)
    sites_file.write_bytes(content)

    with caplog.at_level(logging.WARNING, logger="galleryman.sites"):
        registry = SiteRegistry(sites_file)

    assert [s.key for s in registry.sites()] == [LOCAL_SITE_KEY]
    backup = sites_file.with_name("sites.json.bad")
    assert backup.read_bytes() == content
    assert "damaged" in caplog.text
    # The app keeps working: the next change writes a good file.
    site = registry.add("Shop", SITE_A)
    assert SiteRegistry(sites_file).get(site.key) == site


def test_saving_leaves_no_temporary_files(sites_file: Path) -> None:
    registry = SiteRegistry(sites_file)
    for n in range(3):
        registry.add(f"Site {n}", f"site-{n}")
    assert sorted(p.name for p in sites_file.parent.iterdir()) == ["sites.json"]


def test_remove_site_forgets_the_site_and_its_key(
    sites_file: Path, memory_keyring: MemoryKeyring
) -> None:
    registry = SiteRegistry(sites_file)
    credentials = CredentialStore()
    shop = registry.add("Shop", SITE_A)
    blog = registry.add("Blog", SITE_B)
    credentials.set(shop.key, "key-shop")
    credentials.set(blog.key, "key-blog")

    remove_site(registry, credentials, shop.key)

    assert registry.get(shop.key) is None
    assert credentials.get(shop.key) is None
    assert memory_keyring.entries == {(SERVICE, blog.key): "key-blog"}
    with pytest.raises(ValueError):
        remove_site(registry, credentials, LOCAL_SITE_KEY)


# ---------------------------------------------------------------------- verify_site


def test_verify_site_accepts_the_right_key(sandbox: SandboxServer) -> None:
    assert verify_site(sandbox.base_url, sandbox.site_id, sandbox.api_key, timeout=5) is None


def test_verify_site_explains_a_wrong_key(sandbox: SandboxServer) -> None:
    assert verify_site(sandbox.base_url, sandbox.site_id, "wrong-key", timeout=5) == AUTH_REJECTED


def test_verify_site_explains_an_empty_key_without_calling(sandbox: SandboxServer) -> None:
    assert verify_site(sandbox.base_url, sandbox.site_id, "  ") == "The API key is empty."


def test_verify_site_explains_a_server_that_cannot_be_reached() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    message = verify_site(f"http://127.0.0.1:{port}", SITE_A, "some-key", timeout=5)
    assert message is not None
    assert message.startswith("Could not reach Wix: ")
    assert "some-key" not in message


class _ForbiddenHandler(BaseHTTPRequestHandler):
    """Answers every request as Wix does for a key without the needed permission."""

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        body = json.dumps(
            {
                "message": "Missing permissions: PRO_GALLERY.READ",
                "details": {"applicationError": {"code": "FORBIDDEN", "description": "denied"}},
            }
        ).encode()
        self.send_response(403)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture
def forbidding_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ForbiddenHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_verify_site_explains_a_key_without_permission(forbidding_server: str) -> None:
    assert verify_site(forbidding_server, SITE_A, "some-key", timeout=5) == PERMISSION_MISSING


# ---------------------------------------------------------------------- paths


def test_basedir_puts_every_folder_under_one_directory(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path / "base").ensure()

    base = (tmp_path / "base").absolute()
    for folder in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir):
        assert folder.is_dir() and folder.parent == base
    assert paths.sandbox_dir.is_dir() and paths.thumbnails_dir.is_dir()
    assert paths.sites_file == base / "config" / "sites.json"
    assert paths.settings_file == base / "config" / "settings.ini"
    assert paths.log_file == base / "log" / "galleryman.log"


def test_default_paths_are_per_user_folders_named_for_the_app() -> None:
    paths = AppPaths.default()
    for folder in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir):
        assert folder.is_absolute()
        assert "galleryman" in folder.parts
