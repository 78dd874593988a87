"""The outbox: committed before it shows, recovered after a crash, undone without sending."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from galleryman.sandbox.server import SandboxServer
from galleryman.sync import (
    Catalog,
    Edits,
    Kind,
    Outbox,
    OutboxError,
    Problem,
    Sender,
    SenderBusyError,
    SiteDb,
    State,
    UndoError,
)
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from tests.test_sync_helpers import START, Clock, open_site, photo, seed_gallery, titles


def _site_with_items(path: Path) -> tuple[SiteDb, Edits]:
    db = SiteDb(path)
    catalog = Catalog(db)
    catalog.put_gallery({"id": "g", "name": "Coastline", "sortOrder": 1})
    catalog.put_items(
        "g",
        [{"id": "a", "sortOrder": 1, "title": "Cove"}, {"id": "b", "sortOrder": 2}],
        catalog.begin_listing(),
    )
    return db, Edits(db, Clock())


def _rows_seen_by_another_connection(path: Path) -> list[tuple[int, str, str]]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.execute("SELECT seq, kind, state FROM changes ORDER BY seq"))


def test_a_change_is_committed_before_the_call_returns(tmp_path: Path) -> None:
    path = tmp_path / "site.sqlite3"
    _db, edits = _site_with_items(path)
    change = edits.edit_item("g", "a", {"title": "Cove at dawn"})
    assert change is not None
    # The objects are abandoned, never closed; another connection sees only what is committed.
    assert _rows_seen_by_another_connection(path) == [(change.seq, "update_item", "queued")]
    again = Outbox(SiteDb(path)).get(change.seq)
    assert again is not None
    assert (again.fields, again.replaces) == ({"title": "Cove at dawn"}, {"title": "Cove"})


def test_rows_left_sending_by_a_dead_process_are_made_safe(tmp_path: Path) -> None:
    path = tmp_path / "site.sqlite3"
    db, edits = _site_with_items(path)
    update = edits.edit_item("g", "a", {"title": "x"})
    delete = edits.delete_items("g", ["b"])
    create = edits.add_item("g", Item.text_item("<p>hi</p>").to_json())
    upload = edits.upload("g", [photo(tmp_path, "beach.jpg")])[0]
    outbox = Outbox(db)
    for change in (update, delete, create, upload):
        assert change is not None
        outbox.claim(change)  # ... and the process dies while sending them
    sender = Sender(SiteDb(path))
    try:
        assert sorted(sender.recovered) == sorted(
            c.seq for c in (update, delete, create, upload) if c is not None
        )
        states = {c.kind: c.state for c in Outbox(SiteDb(path)).changes()}
        assert states == {
            Kind.UPDATE_ITEM: State.QUEUED,  # a PATCH is safe to send again
            Kind.DELETE_ITEMS: State.QUEUED,
            Kind.CREATE_ITEM: State.NEEDS_CHECK,  # looked up before any resend
            Kind.UPLOAD: State.NEEDS_CHECK,
        }
        assert all(c.attempts == 1 for c in Outbox(SiteDb(path)).changes())
    finally:
        sender.close()


def test_done_changes_are_forgotten_after_a_week(tmp_path: Path) -> None:
    path = tmp_path / "site.sqlite3"
    db, edits = _site_with_items(path)
    day = 24 * 3600.0
    old_done = edits.edit_item("g", "a", {"title": "old"})
    old_waiting = edits.edit_item("g", "b", {"title": "still waiting"})
    recent_done = Edits(db, Clock(START + 6 * day)).edit_item("g", "a", {"title": "recent"})
    assert old_done is not None and old_waiting is not None and recent_done is not None
    outbox = Outbox(db)
    outbox.mark_done(old_done.seq)
    outbox.mark_done(recent_done.seq)
    Sender(SiteDb(path), clock=Clock(START + 8 * day)).close()
    assert [c.seq for c in outbox.changes()] == [old_waiting.seq, recent_done.seq]


def test_one_sender_per_site(tmp_path: Path) -> None:
    path = tmp_path / "site.sqlite3"
    first = Sender(SiteDb(path))
    try:
        with pytest.raises(SenderBusyError, match="already sending"):
            Sender(SiteDb(path))
    finally:
        first.close()
    Sender(SiteDb(path)).close()  # free again once the first one is gone


def test_undo_and_discard_before_sending_send_nothing(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, ids = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        edit = site.edits.edit_item(gallery_id, ids[0], {"title": "Cove at dawn"})
        moves = site.edits.move_items_to(gallery_id, [ids[1]], 0)
        upload = site.edits.upload(gallery_id, [photo(tmp_path, "beach.jpg")])[0]
        # An edit of the photo before it exists depends on its upload.
        follow = site.edits.edit_item(gallery_id, upload.target, {"title": "Beach"})
        assert edit is not None and follow is not None and len(moves) == 1
        assert site.view.items(gallery_id).rows[0].id == ids[1]  # shown at once

        undone = site.edits.undo(edit.group)
        assert undone.removed == [edit.seq] and undone.added == []
        assert site.edits.undo(moves[0].group).removed == [moves[0].seq]
        assert sorted(site.edits.discard(upload.seq)) == [upload.seq, follow.seq]
        assert site.outbox.changes() == []
        assert [r.title for r in site.view.items(gallery_id).rows] == ["Cove", "Pier"]

        before = len(sandbox.request_log)
        assert site.drain() == []
        assert len(sandbox.request_log) == before  # not one request
    assert titles(client, gallery_id) == ["Cove", "Pier"]


def test_undo_after_sending_queues_the_inverse_at_the_end(
    tmp_path: Path, client: WixClient
) -> None:
    gallery_id, ids = seed_gallery(client, "Coastline", ["Cove", "Pier", "Gull"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        edit = site.edits.edit_item(gallery_id, ids[0], {"title": "Cove at dawn"})
        delete = site.edits.delete_items(gallery_id, ids[1:])
        assert edit is not None
        site.drain()
        assert titles(client, gallery_id) == ["Cove at dawn"]
        later = site.edits.edit_item(gallery_id, ids[0], {"description": "queued before undo"})
        assert later is not None

        restored = site.edits.undo(delete.group).added
        assert [c.kind for c in restored] == [Kind.CREATE_ITEM, Kind.CREATE_ITEM]
        assert all(c.seq > later.seq for c in restored)  # at the end of the queue
        with pytest.raises(OutboxError, match="undo it instead"):
            site.edits.discard(delete.seq)
        renamed_back = site.edits.undo(edit.group).added
        assert [c.fields for c in renamed_back] == [{"title": "Cove"}]
        site.drain()

        assert titles(client, gallery_id) == ["Cove", "Pier", "Gull"]
        # The re-created items have new ids; the old ones lead to them.
        new_pier = site.outbox.current_id(ids[1])
        assert new_pier != ids[1] and client.get_item(gallery_id, new_pier).title == "Pier"
        assert [r.title for r in site.view.items(gallery_id).rows] == ["Cove", "Pier", "Gull"]


def test_undo_of_a_sent_gallery_delete_is_refused(tmp_path: Path, client: WixClient) -> None:
    gallery_id, _ = seed_gallery(client, "Coastline", ["Cove"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        delete = site.edits.delete_gallery(gallery_id)
        site.drain()
        with pytest.raises(UndoError, match="cannot be brought back"):
            site.edits.undo(delete.group)


def test_held_changes_wait_for_review_and_hold_back_only_what_must_follow_them(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    coast, (cove, dune) = seed_gallery(client, "Coastline", ["Cove", "Dune"])
    hills, (ridge,) = seed_gallery(client, "Hills", ["Ridge"])
    with open_site(tmp_path, client) as site:
        site.refresh(coast, hills)
        site.outbox.set_holding_new(True)
        held = site.edits.edit_item(coast, cove, {"title": "Cove (reviewed)"})
        site.outbox.set_holding_new(False)
        same_item = site.edits.edit_item(coast, cove, {"description": "after the held one"})
        other_item = site.edits.edit_item(coast, dune, {"title": "Dune at noon"})
        clone = site.edits.clone_gallery(coast, "Coast copy")  # copies the items as edited
        rename = site.edits.rename_gallery(coast, "Coast")
        other_gallery = site.edits.edit_item(hills, ridge, {"title": "Ridge at noon"})
        assert held is not None and same_item is not None and rename is not None
        assert other_item is not None and other_gallery is not None
        assert site.outbox.get(held.seq).state is State.HELD  # type: ignore[union-attr]

        sent = site.drain()
        # The clone waits for the held edit (it copies the items as edited), the rename for
        # the clone (the site's galleries change in order); another item of the gallery and
        # another gallery do not wait.
        assert [o.change.seq for o in sent if o.change] == [other_item.seq, other_gallery.seq]
        assert titles(client, coast) == ["Cove", "Dune at noon"]  # nothing overtook the held one
        assert [g.name for g in client.list_galleries()] == ["Coastline", "Hills"]
        counts = site.outbox.counts()
        assert (counts.held, counts.waiting, counts.by_gallery) == (1, 4, {coast: 4})
        shown = [g.name for g in site.view.galleries().rows]
        assert shown == ["Coast", "Hills", "Coast copy"]  # what the user sees meanwhile

        site.outbox.release()
        sent = site.drain()
        expected = [held.seq, same_item.seq, clone.seq, rename.seq]
        assert [o.change.seq for o in sent if o.change] == expected
        copy_id = site.outbox.current_id(clone.target)
    assert [g.name for g in client.list_galleries()] == ["Coast", "Hills", "Coast copy"]
    for gallery_id in (coast, copy_id):
        first = client.list_items(gallery_id)[0]
        assert (first.title, first.description) == ("Cove (reviewed)", "after the held one")


def test_a_failed_change_is_retried_at_the_end_of_the_queue(
    tmp_path: Path, client: WixClient
) -> None:
    gallery_id, ids = seed_gallery(client, "Coastline", ["Cove"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        missing = photo(tmp_path, "gone.jpg")
        upload = site.edits.upload(gallery_id, [missing])[0]
        retitle = site.edits.edit_item(gallery_id, upload.target, {"title": "Gone"})
        missing.unlink()  # the photo was moved away before it could go
        site.drain()
        failed = site.outbox.get(upload.seq)
        assert failed is not None and failed.state is State.FAILED
        assert failed.problem is Problem.FILE and failed.retryable
        assert retitle is not None
        assert site.outbox.get(retitle.seq).problem is Problem.NEVER_CREATED  # type: ignore[union-attr]
        assert site.outbox.counts().failed == 2

        photo(tmp_path, "gone.jpg")  # it is back
        again = site.edits.retry(upload.seq)
        assert [c.kind for c in again] == [Kind.UPLOAD, Kind.UPDATE_ITEM]
        assert all(c.state is State.QUEUED and c.seq > retitle.seq for c in again)
        site.drain()
        assert site.outbox.counts().failed == 0
    assert titles(client, gallery_id) == ["Cove", "Gone"]


def test_undo_of_an_edit_whose_answer_was_lost_puts_the_site_back(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """Found by the soak: an edit sent, applied on the site, but not confirmed (a 500 after
    the write, a dropped answer, a kill) is queued again. It may be on the site, so undoing
    it must send its inverse; deleting the row as if never sent left the site with the value
    the window showed as undone."""
    gallery_id, ids = seed_gallery(client, "Coastline", ["Cove"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        edit = site.edits.edit_item(gallery_id, ids[0], {"title": "Cove at dawn"})
        assert edit is not None
        sandbox.faults.inject_next("500-after", count=6, method="PATCH")  # every retry too
        site.sender.send_next(site.remote)
        assert titles(client, gallery_id) == ["Cove at dawn"]
        again = site.outbox.get(edit.seq)
        assert again is not None and again.state is State.QUEUED and again.attempts == 1

        undone = site.edits.undo(edit.group)
        assert [c.fields for c in undone.added] == [{"title": "Cove"}]
        assert [r.title for r in site.view.items(gallery_id).rows] == ["Cove"]
        site.drain()
        assert site.outbox.counts().waiting == 0
    assert titles(client, gallery_id) == ["Cove"]


def test_undo_of_an_edit_leaves_it_in_the_copy_of_its_gallery_made_after_it(
    tmp_path: Path, client: WixClient
) -> None:
    """Found by the soak: a gallery cloned after an edit copies it as the user saw it; undoing
    the edit before anything was sent deleted it, and the copy came out without it."""
    gallery_id, ids = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        edit = site.edits.edit_item(gallery_id, ids[0], {"title": "Cove at dawn"})
        delete = site.edits.delete_items(gallery_id, [ids[1]])
        clone = site.edits.clone_gallery(gallery_id, "Coastline copy")
        assert edit is not None
        site.edits.undo(delete.group)
        site.edits.undo(edit.group)
        assert [r.title for r in site.view.items(gallery_id).rows] == ["Cove", "Pier"]
        site.drain()
        assert site.outbox.counts().waiting == 0
        copy_id = site.outbox.current_id(clone.target)
    assert titles(client, gallery_id) == ["Cove", "Pier"]
    assert titles(client, copy_id) == ["Cove at dawn"]
