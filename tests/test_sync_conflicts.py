"""Conflicts: a field changed on the site and here is never overwritten behind the user's back;
changed on one side only, it merges silently; deleted on the site, it is reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from galleryman.sandbox.server import SandboxServer
from galleryman.sync import Keep, Problem, Result, State, describe, refresh_items
from galleryman.wix.client import WixClient
from galleryman.wix.models import Point
from tests.test_sync_helpers import open_site, other_client, seed_gallery, seed_photo, titles


def _patches(sandbox: SandboxServer) -> int:
    return sum(1 for method, _path, _status in sandbox.request_log if method == "PATCH")


@pytest.mark.parametrize("keep", [Keep.MINE, Keep.SITE])
def test_a_title_changed_on_both_sides_waits_for_the_user(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer, keep: Keep
) -> None:
    gallery_id, (cove, pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        with other_client(sandbox) as someone:
            someone.update_item(gallery_id, cove, {"title": "Cove (site)"})
        mine = site.edits.edit_item(gallery_id, cove, {"title": "Cove (mine)", "description": "d"})
        other = site.edits.edit_item(gallery_id, pier, {"title": "Pier at dusk"})
        assert mine is not None and other is not None

        refreshed = refresh_items(site.db, site.remote, gallery_id)
        assert refreshed.conflicts == [mine.seq]
        waiting = site.outbox.get(mine.seq)
        assert waiting is not None and waiting.state is State.CONFLICT
        assert waiting.conflict == {
            "fields": [
                {"path": ["title"], "mine": "Cove (mine)", "site": "Cove (site)", "base": "Cove"}
            ]
        }
        assert describe(waiting).endswith("(changed on the site too: choose which to keep)")
        patches = _patches(sandbox)
        outcomes = site.drain()
        assert [o.change.seq for o in outcomes if o.change] == [other.seq]  # not held back
        assert _patches(sandbox) == patches + 1
        assert titles(client, gallery_id) == ["Cove (site)", "Pier at dusk"]  # not overwritten

        resolved = site.edits.resolve(mine.seq, keep)
        assert resolved is not None and resolved.state is State.QUEUED
        site.drain()
        if keep is Keep.MINE:
            # Sent over the site's value, which is what it replaces now (undo puts it back).
            assert resolved.replaces == {"title": "Cove (site)", "description": None}
            expected = ("Cove (mine)", "d")
        else:
            assert resolved.fields == {"description": "d"}  # my title dropped, the rest kept
            expected = ("Cove (site)", "d")
        assert site.view.items(gallery_id).rows[0].title == expected[0]
    item = client.get_item(gallery_id, cove)
    assert (item.title, item.description) == expected


def test_keeping_the_sites_value_for_everything_sends_nothing(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, (cove, pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        with other_client(sandbox) as someone:
            someone.update_item(gallery_id, cove, {"title": "Cove (site)"})
            someone.update_item(gallery_id, pier, {"title": "Pier (site)"})
        site.edits.edit_items(gallery_id, {cove: {"title": "A"}, pier: {"title": "B"}})
        refresh_items(site.db, site.remote, gallery_id)
        assert site.outbox.counts().conflicts == 2
        patches = _patches(sandbox)
        site.edits.resolve_all(Keep.SITE)
        assert site.outbox.changes() == []  # nothing left of them
        site.drain()
        assert _patches(sandbox) == patches
    assert titles(client, gallery_id) == ["Cove (site)", "Pier (site)"]


def test_a_change_that_waited_is_checked_against_the_site_before_it_is_sent(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, (cove,) = seed_gallery(client, "Coastline", ["Cove"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        mine = site.edits.edit_item(gallery_id, cove, {"title": "Cove (mine)"})
        assert mine is not None
        with other_client(sandbox) as someone:  # while the change waited (offline, say)
            someone.update_item(gallery_id, cove, {"title": "Cove (site)"})
        site.clock.advance(3600)  # no refresh in between: the sender looks itself
        patches = _patches(sandbox)
        outcome = site.sender.send_next(site.remote)
        assert outcome.result is Result.CONFLICT
        assert outcome.change is not None and outcome.change.state is State.CONFLICT
        assert _patches(sandbox) == patches
        assert site.drain() == []
    assert titles(client, gallery_id) == ["Cove (site)"]


def test_fields_changed_on_one_side_only_merge_silently(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, _ = seed_gallery(client, "Coastline", [])
    pier = seed_photo(client, gallery_id, "Pier")
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        shown = site.view.item_json(gallery_id, pier)
        assert shown is not None
        # My alt text, sent the way the panel sends it: the whole image object as I saw it.
        image: dict[str, Any] = shown["image"]
        with_alt = {**image, "imageInfo": {**image["imageInfo"], "altText": "Gulls"}}
        mine = site.edits.edit_item(gallery_id, pier, {"image": with_alt, "title": "Pier"})
        assert mine is not None and mine.fields["image"].get("focalPoint") is None
        with other_client(sandbox) as someone:  # the site moves the focal point meanwhile
            theirs = someone.get_item(gallery_id, pier)
            assert theirs.image is not None
            theirs.image.focal_point = Point(0.25, 0.75)
            someone.update_item(gallery_id, pier, {"image": theirs.image.to_json()})
            someone.update_item(gallery_id, pier, {"description": "from the site"})
        refreshed = refresh_items(site.db, site.remote, gallery_id)
        assert refreshed.conflicts == []
        site.edits.edit_item(gallery_id, pier, {"title": "Pier at dusk"})
        site.drain()
        assert site.outbox.counts().waiting == 0
    item = client.get_item(gallery_id, pier)
    assert item.image is not None and item.image.image_info is not None
    assert item.image.image_info.alt_text == "Gulls"  # mine
    assert item.image.focal_point == Point(0.25, 0.75)  # theirs, not put back
    assert (item.title, item.description) == ("Pier at dusk", "from the site")


def test_an_item_deleted_on_the_site_while_edited_here_is_reported(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, (cove, pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        mine = site.edits.edit_item(gallery_id, cove, {"title": "Cove (mine)"})
        with other_client(sandbox) as someone:
            someone.delete_item(gallery_id, cove)
        refreshed = refresh_items(site.db, site.remote, gallery_id)
        assert mine is not None
        assert (refreshed.gone, refreshed.failed) == ([cove], [mine.seq])
        failed = site.outbox.get(mine.seq)
        assert failed is not None and failed.problem is Problem.GONE
        before = len(sandbox.request_log)
        assert site.drain() == []
        assert len(sandbox.request_log) == before  # nothing sent, nothing re-created
        assert [r.id for r in site.view.items(gallery_id).rows] == [pier]
    assert titles(client, gallery_id) == ["Pier"]


def test_my_own_edit_that_landed_unconfirmed_is_no_conflict_for_the_next_one(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """Found by the soak (seed 2): an edit reaches the site but its answer is lost (5xx after
    the write), so it is sent again after a look at the site. That look finds the user's own
    value there: it is not the site's edit, and a later change of the same field (in the soak
    the undo's inverse) must go out, not wait for a decision that holds back the queue."""
    gallery_id, (cove,) = seed_gallery(client, "Coastline", ["Cove"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        first = site.edits.edit_item(gallery_id, cove, {"title": "Cove at dawn"})
        assert first is not None
        sandbox.faults.inject_next("500-after", count=6, method="PATCH")  # every retry too
        assert site.sender.send_next(site.remote).result is Result.WAITING
        assert titles(client, gallery_id) == ["Cove at dawn"]  # applied, never confirmed
        later = site.edits.edit_item(gallery_id, cove, {"title": "Cove at dusk"})
        assert later is not None

        outcomes = site.drain()
        assert [o.result for o in outcomes] == [Result.SENT, Result.SENT]
        assert site.outbox.counts().conflicts == 0
    assert titles(client, gallery_id) == ["Cove at dusk"]
