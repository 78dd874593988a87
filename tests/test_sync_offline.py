"""Offline: the site goes away while changes wait; nothing is lost, and they go in order once
it is back (a new server on the same data folder and port)."""

from __future__ import annotations

from pathlib import Path

from galleryman.sandbox.server import SandboxServer
from galleryman.sync import Result, State
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from tests.test_sync_helpers import START, media_files, open_site, photo, seed_gallery


def test_changes_wait_while_offline_and_go_in_order_when_back(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, (cove, pier, gull) = seed_gallery(client, "Coastline", ["Cove", "Pier", "Gull"])
    files = media_files(sandbox)
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        edits = site.edits
        note = edits.add_item(gallery_id, Item.text_item("<p>n</p>", title="Note").to_json())
        edits.edit_item(gallery_id, cove, {"title": "Cove at dawn"})
        edits.move_items_to(gallery_id, [gull], 0)
        edits.upload(gallery_id, [photo(tmp_path, "beach.jpg")])
        edits.delete_items(gallery_id, [pier])
        edits.rename_gallery(gallery_id, "Coast")
        made = site.outbox.changes()
        data_dir, port = sandbox.data_dir, sandbox.port
        sandbox.stop()

        first = site.sender.send_next(site.remote)
        assert first.result is Result.WAITING and first.change is not None
        assert first.change.seq == note.seq
        assert first.change.state is State.NEEDS_CHECK  # a create that may have happened
        assert first.sentence.startswith("Could not reach the server")
        assert first.retry_at is not None
        paused = site.sender.send_next(site.remote)
        assert paused.result is Result.IDLE and paused.retry_at == first.retry_at
        counts = site.outbox.counts()
        assert (counts.waiting, counts.unsure, counts.retry_at) == (6, 1, first.retry_at)
        assert counts.last_error is not None and "Could not reach" in counts.last_error

        site.clock.now = first.retry_at
        second = site.sender.send_next(site.remote)
        assert second.result is Result.WAITING and second.change is not None
        assert second.change.attempts == 2
        assert (first.retry_at, second.retry_at) == (START + 2.0, START + 2.0 + 4.0)  # backoff
        assert [(c.seq, c.kind) for c in site.outbox.changes()] == [(c.seq, c.kind) for c in made]

        back = SandboxServer(data_dir, port=port, api_key=sandbox.api_key, site_id=sandbox.site_id)
        back.start()
        try:
            site.sender.wake()  # the app saw the network come back
            outcomes = site.drain()
            writes = [(m, p) for m, p, _ in back.request_log if m in ("POST", "PATCH", "PUT")]
            assert media_files(back) == files + 1
        finally:
            back.stop()
        assert [o.result for o in outcomes] == [Result.SENT] * len(made)
        assert [o.change.seq for o in outcomes if o.change] == [c.seq for c in made]
        assert site.outbox.counts().waiting == 0

    kinds = [_kind(method, path) for method, path in writes]
    assert kinds == [
        "create item",  # after looking for it: it had not arrived
        "patch item",
        "patch item",
        "upload url",
        "upload bytes",
        "create item",
        "delete items",
        "patch gallery",
    ]
    again = SandboxServer(data_dir, api_key=sandbox.api_key, site_id=sandbox.site_id)
    with again, again.store.read() as tx:
        docs = tx.items(gallery_id)
        gallery = tx.gallery(gallery_id)
    assert [d.get("title") for d in docs] == ["Gull", "Cove at dawn", "Note", "beach"]
    assert gallery is not None and gallery["name"] == "Coast"


def _kind(method: str, path: str) -> str:
    if path.endswith("/generate-upload-url"):
        return "upload url"
    if "/upload/" in path:
        return "upload bytes"
    if path.endswith("/items/delete"):
        return "delete items"
    if path.endswith("/items"):
        return "create item"
    return "patch item" if "/items/" in path else "patch gallery"
