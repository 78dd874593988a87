"""The app killed (a child process, SIGKILL) with changes in flight, and started again: every
change the window had shown reaches the site exactly once.

The real window runs in a child process (tests/app_driver.py) against a Wix-like sandbox in
this process, so killing the app never kills the site. A gate holds one request at the
sandbox, so the changes cannot land: the one being sent waits at the gate, the others wait
in the app's outbox behind it. The app is killed once the gate says the request arrived; the
site then applies the held request, answering no one. The app started again sends what is
left, and the site, its request log and its Media Manager show each change once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from galleryman.sandbox.behaviour import Behaviour
from galleryman.sandbox.server import SandboxServer
from galleryman.sync import Outbox, SiteDb, State
from galleryman.wix.models import Item
from tests.app_process import AppProcess, configure_site
from tests.support import image_bytes, make_client
from tests.test_sync_helpers import media_files

SITE_KEY = "wix-kill-test"
HELD = {
    # what is on its way when the app dies: (method, path) held at the site
    "the upload's item": ("POST", r"/galleries/[^/]+/items$"),
    "a title edit": ("PATCH", r"/items/"),
}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SandboxServer]:
    behaviour = Behaviour.wix(latency_scale=0.02, seed=1, rate_limit=None)
    server = SandboxServer(tmp_path / "site", behaviour=behaviour)
    server.start()
    with make_client(server) as client:
        gallery = client.create_gallery("Coastline")
        assert gallery.id is not None
        for n, title in enumerate(["Cove", "Pier"]):
            file = client.upload_data(image_bytes(80, 60, seed=n), f"{title}.jpg", "image/jpeg")
            client.create_item(gallery.id, Item.image_item(file, title=title))
    yield server
    server.stop()


def _until(done: Callable[[], bool], timeout: float = 30.0) -> None:
    """Wait for what the site's threads do (a held request applied once released)."""
    waiting = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if done():
            return
        waiting.wait(0.01)
    raise AssertionError("the site did not do it in time")


@pytest.mark.parametrize("held", list(HELD))
def test_the_app_killed_with_changes_in_flight_sends_each_exactly_once(
    tmp_path: Path, site: SandboxServer, held: str
) -> None:
    app_dir = tmp_path / "app"
    configure_site(app_dir, SITE_KEY, site.base_url, site.site_id)
    app = AppProcess(app_dir, SITE_KEY, site.api_key, rate_limit=False)
    files = media_files(site)
    photo = tmp_path / "beach.jpg"
    photo.write_bytes(image_bytes(96, 64, seed=7))
    method, where = HELD[held]
    pattern = re.compile(where)

    def answered() -> int:
        return sum(1 for m, p, s in site.request_log if m == method and pattern.search(p) and s)

    try:
        app.start()
        with site.gate(method, where) as gate:
            operations = [
                {"op": "upload", "gallery": "Coastline", "files": [str(photo)], "before": None},
                {
                    "op": "edit",
                    "gallery": "Coastline",
                    "item": "Cove.jpg",
                    "field": "title",
                    "value": "Cove at dawn",
                },  # fmt: skip
                {"op": "move", "gallery": "Coastline", "items": ["Pier.jpg"], "to": "top"},
                {"op": "create_gallery", "name": "Harbour"},
            ]
            if held == "a title edit":
                operations = [operations[1], operations[0], *operations[2:]]
            for operation in operations:
                assert app.request(operation)["made"], operation
            assert gate.arrived(1, timeout=60)
            app.kill()  # ... while the site holds the request, the rest still in the outbox
            db = SiteDb(app.db_path)
            try:
                states = [c.state for c in Outbox(db).changes()]
            finally:
                db.close()
            assert states.count(State.SENDING) == 1
            assert states.count(State.QUEUED) >= 2  # more on their way behind it
            before = answered()
        _until(lambda: answered() > before)  # the site applied it, answering no one
        puts = sum(1 for m, _p, _s in site.request_log if m == "PUT")
        item_posts = _item_posts(site)

        app.start()
        drained = app.request({"op": "drain"}, timeout=120)
        assert drained["made"] and drained["failed"] == 0 and drained["conflicts"] == 0
        app.quit()
    finally:
        app.close()

    with make_client(site) as client:
        galleries = client.list_galleries()
        assert [g.name for g in galleries] == ["Coastline", "Harbour"]
        items = client.list_items(str(galleries[0].id))
    assert [i.title for i in items] == ["Pier", "Cove at dawn", "beach"]
    assert media_files(site) == files + 1  # the photo's file, once
    # After the restart: nothing that had landed is sent again (the held item is looked up
    # and found); what had not started goes out once.
    again = {"the upload's item": (0, 0), "a title edit": (1, 1)}[held]  # PUTs, item POSTs
    assert sum(1 for m, _p, _s in site.request_log if m == "PUT") - puts == again[0]
    assert _item_posts(site) - item_posts == again[1]


def _item_posts(site: SandboxServer) -> int:
    return sum(1 for m, p, _s in site.request_log if m == "POST" and p.endswith("/items"))
