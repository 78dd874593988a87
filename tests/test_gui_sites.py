"""GUI: switching to a Wix site (here a second sandbox standing in for www.wixapis.com),
working on it, and removing it, which deletes its key from the keyring."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

import pytest

from galleryman.credentials import SERVICE
from galleryman.paths import AppPaths
from galleryman.sandbox.server import SandboxServer
from galleryman.settings import Settings
from galleryman.site_manager import SiteManager
from galleryman.sites import LOCAL_SITE_KEY
from galleryman.views.main_window import MainWindow
from tests.gui_helpers import answer_yes, gallery_names, open_gallery_with_images, wait_idle
from tests.support import make_client

WIX_KEY = "wix-test-site"


@pytest.fixture
def remote(tmp_path: Path):  # type: ignore[no-untyped-def]
    server = SandboxServer(tmp_path / "remote", api_key="remote-key", site_id="remote-site")
    server.start()
    with make_client(server) as client:
        client.create_gallery("Remote one")
        client.create_gallery("Remote two")
    yield server
    server.stop()


def test_switch_to_a_wix_site_edit_and_remove_it(
    qtbot, tmp_path: Path, memory_keyring, remote: SandboxServer, monkeypatch
) -> None:
    paths = AppPaths.under(tmp_path / "app").ensure()
    paths.sites_file.write_text(
        json.dumps(
            {
                "version": 1,
                "sites": [
                    {
                        "key": WIX_KEY,
                        "display_name": "Studio site",
                        "site_id": remote.site_id,
                        "kind": "wix",
                        "base_url": remote.base_url,
                    }
                ],
            }
        )
    )
    memory_keyring.set_password(SERVICE, WIX_KEY, remote.api_key)
    sites = SiteManager(paths, seed_demo=False, sandbox_in_process=True)
    window = MainWindow(sites, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.session_changed, timeout=10_000):
        window.open_site(LOCAL_SITE_KEY)
    wait_idle(qtbot, window)
    names = [window.site_box.itemText(i) for i in range(window.site_box.count())]
    assert names == ["Local sandbox", "Studio site", "Add Wix site…"]

    with qtbot.waitSignal(window.session_changed, timeout=10_000):
        window.site_box.setCurrentIndex(1)
        window.site_box.activated.emit(1)
    wait_idle(qtbot, window)
    session = window.session
    assert session is not None and session.profile.key == WIX_KEY
    assert [g.name for g in session.galleries.galleries()] == ["Remote one", "Remote two"]
    gallery_id = session.galleries.galleries()[0].id
    session.rename_gallery_undoable(str(gallery_id), "Renamed remotely")
    wait_idle(qtbot, window)
    assert gallery_names(remote) == ["Renamed remotely", "Remote two"]

    answer_yes(monkeypatch)
    with qtbot.waitSignal(window.session_changed, timeout=10_000):
        window.actions_.remove_site.trigger()
    assert memory_keyring.get_password(SERVICE, WIX_KEY) is None
    assert [p.key for p in sites.registry.sites()] == [LOCAL_SITE_KEY]
    assert window.session is not None and window.session.profile.key == LOCAL_SITE_KEY
    assert json.loads(paths.sites_file.read_text())["sites"] == []
    window.close()
    # The key was in the keyring only: never in the settings or the site list.
    assert paths.settings_file.exists()
    for stored in (paths.settings_file, paths.sites_file):
        assert remote.api_key not in stored.read_text()


def test_a_wix_site_without_a_stored_key_says_what_to_do_and_can_be_fixed_or_removed(
    qtbot, tmp_path: Path, memory_keyring, monkeypatch
) -> None:
    paths = AppPaths.under(tmp_path / "app").ensure()
    sites = SiteManager(paths, seed_demo=False, sandbox_in_process=True)
    profile = sites.registry.add("No key here", "0b7a6a47-3c4e-4f0e-9d55-2f4f1b8e6c11")
    window = MainWindow(sites, Settings(paths.settings_file))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.session_changed, timeout=10_000):
        window.open_site(LOCAL_SITE_KEY)
    wait_idle(qtbot, window)
    window.notifications.show_error("Couldn't load the galleries: offline", retry=lambda: None)

    window.open_site(profile.key)
    messages = window.notifications.messages()
    assert messages == [messages[-1]] and "Edit Site" in messages[-1]  # the old one is gone
    # The site box names the site that failed, and nothing pretends to work without it.
    assert window.site_box.currentText() == "No key here"
    a = window.actions_
    for action in (a.new_gallery, a.refresh, a.clone_gallery, a.add_files, a.delete_items):
        assert not action.isEnabled(), action.text()
    assert a.edit_site.isEnabled() and a.remove_site.isEnabled()

    # Edit Site opens this site's settings (not "the sandbox has no settings").
    edited: list[str] = []
    monkeypatch.setattr(sites, "edit_site_dialog", lambda _parent, key: edited.append(key))
    a.edit_site.trigger()
    assert edited == [profile.key]
    # Remove Site removes it and goes back to the sandbox.
    answer_yes(monkeypatch)
    with qtbot.waitSignal(window.session_changed, timeout=10_000):
        a.remove_site.trigger()
    assert [p.key for p in sites.registry.sites()] == [LOCAL_SITE_KEY]
    assert window.site_box.currentData() == LOCAL_SITE_KEY
    assert not a.edit_site.isEnabled() and not a.remove_site.isEnabled()
    window.close()


def test_closing_a_site_frees_its_session(qtbot, main_window: MainWindow) -> None:
    # Opening and closing sites must not leak: each session (workers, models, connections)
    # is freed once closed, however many times the user switches. A page of items is frozen
    # out of the collector's walk while it is open (gc_tuning): closing gives it back.
    open_gallery_with_images(qtbot, main_window, 3)
    key = main_window.session.profile.key  # type: ignore[union-attr]
    closed = []
    for _ in range(5):
        closed.append(weakref.ref(main_window.session))
        main_window._close_session()
        main_window.open_site(key)
        wait_idle(qtbot, main_window)
    gc.collect()
    assert [ref() for ref in closed] == [None] * 5
