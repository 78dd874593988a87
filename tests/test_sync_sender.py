"""Every kind of change, sent in order through the real client to the real sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from galleryman.sandbox.behaviour import Behaviour
from galleryman.sandbox.server import SandboxServer
from galleryman.sync import Catalog, Kind, Problem, Remote, Result, State, describe
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from galleryman.wix.transport import RetryPolicy
from tests.support import make_client
from tests.test_sync_helpers import (
    media_files,
    open_site,
    other_client,
    photo,
    seed_gallery,
    seed_photo,
    titles,
)

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_every_kind_reaches_the_site_in_order(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    _every_kind_in_order(tmp_path, client, sandbox)


def test_every_kind_reaches_a_wix_like_site_in_order(tmp_path: Path) -> None:
    """The sandbox's `--profile wix`: null does not clear (the client's other form does),
    uploads start PENDING (waited for), unknown request fields are dropped."""
    behaviour = Behaviour.wix(latency_scale=0.0, rate_limit=None)
    with SandboxServer(tmp_path / "wix", behaviour=behaviour) as server:
        processing = server.processing
        assert processing is not None

        def wait_for_processing(_seconds: float) -> None:  # the client's pause while PENDING
            assert processing.wait_idle(10)

        retry = RetryPolicy(max_attempts=6, sleep=wait_for_processing)
        with make_client(server, retry=retry) as client:
            _every_kind_in_order(tmp_path, client, server)


def _every_kind_in_order(tmp_path: Path, client: WixClient, sandbox: SandboxServer) -> None:
    coast, (cove, gull) = seed_gallery(client, "Coastline", ["Cove", "Gull"])
    pier = seed_photo(client, coast, "Pier")
    old, _ = seed_gallery(client, "Old", ["Leftover"])
    files_before = media_files(sandbox)
    with open_site(tmp_path, client) as site:
        site.refresh(coast, old)
        edits = site.edits
        summer = edits.create_gallery("Summer")
        beach = edits.upload(summer.target, [photo(tmp_path, "beach.jpg")])[0]
        video = edits.add_item(summer.target, Item.video_item(VIDEO, title="Waves").to_json())
        edits.edit_item(summer.target, beach.target, {"title": "Beach at noon"})
        edits.rename_gallery(coast, "Coast")
        first = min(float(g.sort_order or 0) for g in site.view.galleries().rows)
        edits.update_gallery(summer.target, {"sortOrder": first - 1})
        pier_json = site.view.item_json(coast, pier)
        assert pier_json is not None
        image = pier_json["image"]
        alt = {**image, "imageInfo": {**image["imageInfo"], "altText": "Gulls"}}
        edits.edit_item(coast, pier, {"image": alt, "link": {"url": "https://example.com/pier"}})
        edits.edit_item(coast, gull, {"description": "white birds"})
        edits.edit_item(coast, gull, {"description": None})  # cleared again
        edits.move_items_to(coast, [gull], 0)
        edits.delete_items(coast, [cove])
        clone = edits.clone_gallery(coast, "Coast copy")
        edits.delete_gallery(old)
        expected = [c.seq for c in site.outbox.changes()]
        shown_before = [(r.id, r.title) for r in site.view.items(coast).rows]

        outcomes = site.drain()

        assert [o.result for o in outcomes] == [Result.SENT] * len(expected)
        assert [o.change.seq for o in outcomes if o.change] == expected  # strictly in order
        assert site.outbox.counts().waiting == 0
        summer_id = site.outbox.current_id(summer.target)
        clone_id = site.outbox.current_id(clone.target)
        beach_id = site.outbox.current_id(beach.target)
        video_id = site.outbox.current_id(video.target)
        catalog = Catalog(site.db)
        for gallery_id in (summer_id, coast):
            for item in client.list_items(gallery_id):
                assert catalog.item_json(str(item.id)) == item.to_json()  # answers merged
        assert [(r.id, r.title) for r in site.view.items(coast).rows] == shown_before

    galleries = client.list_galleries()
    assert [g.name for g in galleries] == ["Summer", "Coast", "Coast copy"]
    assert [g.id for g in galleries] == [summer_id, coast, clone_id]
    summer_items = client.list_items(summer_id)
    assert [(i.id, i.title, i.media_type) for i in summer_items] == [
        (beach_id, "Beach at noon", "IMAGE"),
        (video_id, "Waves", "VIDEO"),
    ]
    assert (summer_items[0].width, summer_items[0].height) == (80, 60)
    assert media_files(sandbox) == files_before + 1
    assert summer_items[1].video is not None
    assert summer_items[1].video.video_info is not None
    assert summer_items[1].video.video_info.url == VIDEO

    coast_items = client.list_items(coast)
    assert [i.title for i in coast_items] == ["Gull", "Pier"]
    gull_now, pier_now = coast_items
    assert gull_now.description is None
    assert pier_now.image is not None and pier_now.image.image_info is not None
    assert pier_now.image.image_info.alt_text == "Gulls"
    assert pier_now.link is not None and pier_now.link.url == "https://example.com/pier"
    assert titles(client, clone_id) == ["Gull", "Pier"]
    assert old not in [g.id for g in galleries]


def test_an_edit_of_an_item_deleted_on_the_site_fails_as_gone(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, (cove, pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        edit = site.edits.edit_item(gallery_id, cove, {"title": "Cove at dawn"})
        other = site.edits.edit_item(gallery_id, pier, {"title": "Pier at dusk"})
        with other_client(sandbox) as someone:
            someone.delete_item(gallery_id, cove)  # deleted on the site meanwhile
        outcomes = site.drain()
        assert edit is not None and other is not None
        assert [o.result for o in outcomes] == [Result.FAILED, Result.SENT]
        failed = site.outbox.get(edit.seq)
        assert failed is not None and failed.problem is Problem.GONE and not failed.retryable
        assert describe(failed) == (
            "Title of “Cove”: “Cove” → “Cove at dawn” (failed: “Cove” was deleted on the site, "
            "so this change was not made)"
        )
        assert [r.title for r in site.view.items(gallery_id).rows] == ["Pier at dusk"]
    assert titles(client, gallery_id) == ["Pier at dusk"]  # never re-created


def test_wix_refusing_the_data_fails_the_change_with_its_sentence(
    tmp_path: Path, client: WixClient
) -> None:
    gallery_id, (cove,) = seed_gallery(client, "Coastline", ["Cove"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        bad = site.edits.edit_item(gallery_id, cove, {"link": {"url": "x", "target": "_nowhere"}})
        after = site.edits.edit_item(gallery_id, cove, {"title": "Cove at dawn"})
        outcomes = site.drain()
        assert bad is not None and after is not None
        assert [o.result for o in outcomes] == [Result.FAILED, Result.SENT]
        failed = site.outbox.get(bad.seq)
        assert failed is not None and failed.state is State.FAILED
        assert failed.problem is Problem.INVALID and not failed.retryable
        assert failed.last_error is not None and failed.last_error.startswith("Wix rejected")
    assert titles(client, gallery_id) == ["Cove at dawn"]


def test_a_damaged_photo_fails_its_upload_only(tmp_path: Path, client: WixClient) -> None:
    gallery_id, _ = seed_gallery(client, "Coastline", [])
    damaged = photo(tmp_path, "beach.jpg")
    damaged.write_bytes(damaged.read_bytes()[:200])
    good = photo(tmp_path, "dunes.jpg", seed=2)
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        uploads = site.edits.upload(gallery_id, [damaged, good])
        site.drain()
        failed = site.outbox.get(uploads[0].seq)
        assert failed is not None and failed.kind is Kind.UPLOAD
        assert failed.problem is Problem.FILE and not failed.retryable
        assert describe(failed).startswith("Upload beach.jpg (failed: ")
        shown = site.view.items(gallery_id)
        assert [r.title for r in shown.rows] == ["beach", "dunes"]  # the failed tile stays
        assert shown.marks[uploads[0].target].state is State.FAILED
    assert titles(client, gallery_id) == ["dunes"]


def test_an_unexpected_error_leaves_the_change_to_be_sent_again(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, (cove,) = seed_gallery(client, "Coastline", ["Cove"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        edit = site.edits.edit_item(gallery_id, cove, {"title": "Cove at dawn"})
        assert edit is not None
        with other_client(sandbox) as closed:
            pass  # a client already closed: not an error of the site, a bug of ours
        site.remote = Remote(closed)
        with pytest.raises(RuntimeError):
            site.sender.send_next(site.remote)
        left = site.outbox.get(edit.seq)
        assert left is not None and left.state is State.QUEUED  # not stuck in "sending"
        assert left.next_try is not None and left.attempts == 1
        site.remote = Remote(client)
        site.drain()
    assert titles(client, gallery_id) == ["Cove at dawn"]


def test_a_change_undone_just_as_the_sender_picks_it_is_not_sent_and_stops_nothing(
    tmp_path: Path, client: WixClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the soak: the window's thread undid a change between the sender choosing it
    and marking it as being sent; the sender raised, and the window said sending stopped."""
    gallery_id, (cove, pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        first = site.edits.edit_item(gallery_id, cove, {"title": "Cove at dawn"})
        site.edits.edit_item(gallery_id, pier, {"title": "Pier at dusk"})
        assert first is not None
        pick = site.sender.outbox.next_sendable

        def undone_meanwhile(now: float) -> Any:
            picked = pick(now)
            if picked.change is not None and picked.change.seq == first.seq:
                site.edits.undo(first.group)  # the window's thread, before the claim
            return picked

        monkeypatch.setattr(site.sender.outbox, "next_sendable", undone_meanwhile)
        outcomes = site.drain()
        assert [o.change.fields for o in outcomes if o.change] == [{"title": "Pier at dusk"}]
    assert titles(client, gallery_id) == ["Cove", "Pier at dusk"]
