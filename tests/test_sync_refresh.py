"""Refreshing while changes are on their way: a listing never undoes, drops or fights them."""

from __future__ import annotations

import threading
from pathlib import Path

from galleryman.sandbox.server import SandboxServer
from galleryman.sync import (
    Catalog,
    Outcome,
    Problem,
    Remote,
    Result,
    State,
    refresh_galleries,
    refresh_items,
)
from galleryman.wix.client import WixClient
from tests.test_sync_helpers import open_site, other_client, photo, seed_gallery, titles


def test_a_listing_alongside_a_send_keeps_the_item_and_its_edit(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, (cove, _pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site, other_client(sandbox) as reader:
        site.refresh(gallery_id)
        site.edits.edit_item(gallery_id, cove, {"title": "Cove at dawn"})
        sent: list[Outcome] = []
        with sandbox.gate("PATCH", r"/items/") as gate:
            worker = threading.Thread(
                target=lambda: sent.append(site.sender.send_next(site.remote))
            )
            worker.start()
            assert gate.arrived(1, timeout=30)  # the edit is on its way, not applied yet
            refreshed = refresh_items(site.db, Remote(reader), gallery_id)
            assert (refreshed.count, refreshed.gone) == (2, [])
            assert (refreshed.conflicts, refreshed.failed) == ([], [])
            assert [r.title for r in site.view.items(gallery_id).rows] == ["Cove at dawn", "Pier"]
            gate.release()
            worker.join(30)
        assert [o.result for o in sent] == [Result.SENT]
        stored = Catalog(site.db).item_json(cove)
        assert stored is not None and stored["title"] == "Cove at dawn"  # the answer, kept
        refresh_items(site.db, Remote(reader), gallery_id)
        assert [r.title for r in Catalog(site.db).item_rows(gallery_id)] == ["Cove at dawn", "Pier"]


def test_a_gallery_deleted_on_the_site_fails_what_waits_for_it(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    coast, (cove,) = seed_gallery(client, "Coastline", ["Cove"])
    hills, _ = seed_gallery(client, "Hills", ["Ridge"])
    with open_site(tmp_path, client) as site:
        site.refresh(coast, hills)
        upload = site.edits.upload(coast, [photo(tmp_path, "beach.jpg")])[0]
        edit = site.edits.edit_item(coast, cove, {"title": "Cove at dawn"})
        delete = site.edits.delete_items(coast, [cove])
        with other_client(sandbox) as someone:
            someone.delete_gallery(coast)
        refreshed = refresh_galleries(site.db, site.remote)
        assert refreshed.gone == [coast]
        assert edit is not None
        states = {c.seq: (c.state, c.problem) for c in site.outbox.changes()}
        assert states == {
            upload.seq: (State.FAILED, Problem.GONE),
            edit.seq: (State.FAILED, Problem.GONE),
            delete.seq: (State.DONE, None),  # nothing left to delete
        }
        before = len(sandbox.request_log)
        assert site.drain() == []
        assert len(sandbox.request_log) == before
        assert [g.name for g in site.view.galleries().rows] == ["Hills"]
    assert titles(client, hills) == ["Ridge"]


def test_listing_a_gallery_not_yet_created_asks_nothing_and_keeps_its_create(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """The window opens a new gallery before its create is sent: listing it must not take the
    site's "not found" for "deleted there" (that failed the create and lost the gallery)."""
    with open_site(tmp_path, client) as site:
        create = site.edits.create_gallery("Second")
        refreshed = refresh_items(site.db, Remote(client), create.target)
        assert (refreshed.count, refreshed.gone, refreshed.failed) == (0, [], [])
        waiting = site.outbox.get(create.seq)
        assert waiting is not None and waiting.state is State.QUEUED  # still on its way
        assert [o.result for o in site.drain()] == [Result.SENT]
        assert [g["name"] for g in sandbox.store.list_galleries()] == ["Second"]
