"""Refreshing while changes are on their way: a listing never undoes, drops or fights them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from galleryman.sandbox.server import SandboxServer
from galleryman.sync import (
    Catalog,
    Outcome,
    Problem,
    Remote,
    Result,
    SiteDb,
    State,
    refresh_galleries,
    refresh_items,
)
from galleryman.sync.refresh import Refreshed
from galleryman.sync.remote import RemoteError
from galleryman.wix.client import WixClient
from tests.test_sync_helpers import (
    open_site,
    ordered_text_gallery,
    other_client,
    photo,
    seed_gallery,
    titles,
)


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


def ended_while_held(
    sandbox: SandboxServer, path: str, listing: Callable[[], Refreshed],
    meanwhile: Callable[[], object], *, first_passes: bool,
) -> list[Refreshed | RemoteError]:  # fmt: skip
    """Run `listing` on a thread while GETs matching `path` are held (all of them, or all
    but the first when `first_passes`); `meanwhile()` runs while one waits. How it ended."""
    ended: list[Refreshed | RemoteError] = []

    def run() -> None:
        try:
            ended.append(listing())
        except RemoteError as error:
            ended.append(error)

    with sandbox.gate("GET", path) as gate:
        lister = threading.Thread(target=run)
        lister.start()
        if first_passes:
            gate.release_one()
        assert gate.arrived(1, timeout=30)
        meanwhile()
        gate.release()
        lister.join(30)
    return ended


def listed_while_held(
    site_db: SiteDb, reader: WixClient, sandbox: SandboxServer, gallery_id: str,
    meanwhile: Callable[[], object],
) -> list[Refreshed | RemoteError]:  # fmt: skip
    """List the gallery on a thread; its second page (the first after Get Gallery) waits
    until `meanwhile()` has run."""
    return ended_while_held(
        sandbox, r"/items", lambda: refresh_items(site_db, Remote(reader), gallery_id),
        meanwhile, first_passes=False,
    )  # fmt: skip


def test_a_listing_the_app_s_own_move_shifted_is_started_again(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """Wix pages by offset: a move that lands while a gallery is listed shifts the pages
    after it, and the listing comes up one item short. The app made that move itself, so it
    lists again instead of saying "only 149 of the 150 items could be listed"."""
    gallery_id, ids = ordered_text_gallery(client, 150)
    with open_site(tmp_path, client) as site, other_client(sandbox) as reader:
        site.refresh(gallery_id)
        site.edits.edit_item(gallery_id, ids["t0"], {"sortOrder": 1000.0})  # to the end
        before = len(sandbox.request_log)
        ended = listed_while_held(
            site.db,
            reader,
            sandbox,
            gallery_id,
            lambda: site.drain(),  # the move lands
        )
        [refreshed] = ended
        assert isinstance(refreshed, Refreshed)
        assert (refreshed.count, refreshed.gone, refreshed.failed) == (150, [], [])
        expected = [f"t{n}" for n in range(1, 150)] + ["t0"]
        assert [r.title for r in Catalog(site.db).item_rows(gallery_id)] == expected
        row = Catalog(site.db).gallery(gallery_id)
        assert row is not None and row.complete
        gets = [p for m, p, _s in sandbox.request_log[before:] if m == "GET"]
        assert len(gets) == 2 + 1 + 2  # short: 2 pages and an empty one; again: 2 pages
    assert titles(client, gallery_id) == expected


def test_a_listing_someone_else_shifted_says_so_and_is_not_repeated(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """The same shift made by another editor is not the app's doing: the listing fails as
    before (the gallery marked incomplete, the user told to refresh), without more requests."""
    gallery_id, ids = ordered_text_gallery(client, 150)
    with open_site(tmp_path, client) as site, other_client(sandbox) as reader:
        site.refresh(gallery_id)
        with other_client(sandbox) as someone:
            ended = listed_while_held(
                site.db, reader, sandbox, gallery_id,
                lambda: someone.update_item(gallery_id, ids["t0"], {"sortOrder": 1000.0}),
            )  # fmt: skip
        [error] = ended
        assert isinstance(error, RemoteError) and error.short_listing
        assert "149 of the 150" in error.sentence
        row = Catalog(site.db).gallery(gallery_id)
        assert row is not None and not row.complete
        assert len(Catalog(site.db).item_rows(gallery_id)) == 150  # nothing removed


def galleries_listed_while_held(
    site_db: SiteDb, reader: WixClient, sandbox: SandboxServer, meanwhile: Callable[[], object]
) -> list[Refreshed | RemoteError]:
    """List the galleries on a thread (10 a page); the second page waits for `meanwhile()`."""
    return ended_while_held(
        sandbox, r"/galleries$", lambda: refresh_galleries(site_db, Remote(reader)),
        meanwhile, first_passes=True,
    )  # fmt: skip


def fifteen_galleries(client: WixClient) -> list[str]:
    made = [client.create_gallery(f"g{n:02}", sort_order=n + 1.0).id for n in range(15)]
    return [str(gallery_id) for gallery_id in made]


def test_a_gallery_listing_the_app_s_own_delete_shifted_is_started_again(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """A gallery the app deletes while the galleries are listed shifts the second page: g10
    is skipped, and the page's new total (14) matched what was seen. Taken as complete, that
    listing said g10 was deleted on the site (and failed the changes waiting for it)."""
    ids = fifteen_galleries(client)
    with open_site(tmp_path, client) as site, other_client(sandbox) as reader:
        site.refresh()
        site.edits.delete_gallery(ids[2])
        rename = site.edits.rename_gallery(ids[10], "Harbour")  # waits behind the delete
        assert rename is not None
        sent: list[Outcome] = []
        ended = galleries_listed_while_held(
            site.db, reader, sandbox, lambda: sent.append(site.sender.send_next(site.remote))
        )
        assert [o.result for o in sent] == [Result.SENT]  # the delete landed meanwhile
        [refreshed] = ended
        assert isinstance(refreshed, Refreshed)
        assert (refreshed.count, refreshed.gone) == (14, [])
        expected = [f"g{n:02}" for n in range(15) if n != 2]
        assert [g.name for g in Catalog(site.db).galleries()] == expected
        waiting = site.outbox.get(rename.seq)
        assert waiting is not None and waiting.state is State.QUEUED  # not failed as gone
        assert [o.result for o in site.drain()] == [Result.SENT]
    assert [g.name for g in client.list_galleries()] == [
        "Harbour" if n == 10 else f"g{n:02}" for n in range(15) if n != 2
    ]


def test_a_gallery_listing_someone_else_s_delete_shifted_fails_and_drops_nothing(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    ids = fifteen_galleries(client)
    with open_site(tmp_path, client) as site, other_client(sandbox) as reader:
        site.refresh()
        with other_client(sandbox) as someone:
            ended = galleries_listed_while_held(
                site.db, reader, sandbox, lambda: someone.delete_gallery(ids[2])
            )
        [error] = ended
        assert isinstance(error, RemoteError) and error.short_listing
        assert len(Catalog(site.db).galleries()) == 15  # nothing taken for deleted
