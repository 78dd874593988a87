"""New positions among uploads still on their way (galleryman/sync/placing.py). The window
plans sortOrders over the items it shows, as here with `core.ordering`; an upload on its way
is a tile it does not plan around. Each case was found by the soak (tests/soak_runner.py):
the site refused a create or a move whose sortOrder an upload on its way already had, and
the photos landed elsewhere than dropped, or the move was lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from galleryman.core.ordering import plan_insert, plan_move
from galleryman.sandbox.server import SandboxServer
from galleryman.sync import Kind, State
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from tests.test_sync_helpers import Site, open_site, photo, seed_gallery, titles


def _items_order(site: Site, gallery_id: str) -> list[tuple[str, float]]:
    """What the window plans over: the items it shows, not the upload tiles."""
    shown = site.view.items(gallery_id)
    tiles = {row_id for row_id, mark in shown.marks.items() if mark.kind is Kind.UPLOAD}
    return [
        (row.id, float(row.sort_order))
        for row in shown.rows
        if row.sort_order is not None and row.id not in tiles
    ]


def _refusals(sandbox: SandboxServer) -> int:
    return sum(1 for _method, _path, status in sandbox.request_log if status == 400)


def test_a_batch_dropped_at_the_end_goes_after_the_one_still_going_up(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, _ = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        items = _items_order(site, gallery_id)
        first, _ = plan_insert(items, 2, len(items))
        site.edits.upload(gallery_id, [photo(tmp_path, "a.jpg"), photo(tmp_path, "b.jpg")], first)
        again, _ = plan_insert(_items_order(site, gallery_id), 1, len(items))
        assert again[0] == first[0]  # what the window asks for: the first photo's place
        [late] = site.edits.upload(gallery_id, [photo(tmp_path, "c.jpg")], again)
        assert late.resume["sortOrder"] > max(first)
        assert [r.title for r in site.view.items(gallery_id).rows] == [
            "Cove",
            "Pier",
            "a",
            "b",
            "c",
        ]
        site.drain()
    assert titles(client, gallery_id) == ["Cove", "Pier", "a", "b", "c"]
    assert _refusals(sandbox) == 0


def test_a_move_before_an_item_goes_after_the_upload_waiting_in_front_of_it(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, (cove, _pier, _gull) = seed_gallery(client, "Coastline", ["Cove", "Pier", "Gull"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        items = _items_order(site, gallery_id)
        before_gull, _ = plan_insert(items, 1, 2)
        site.edits.upload(gallery_id, [photo(tmp_path, "boat.jpg")], before_gull)
        [move] = plan_move(_items_order(site, gallery_id), [cove], 2)
        assert move.sort_order == before_gull[0]  # the upload's sortOrder
        site.edits.move_items(gallery_id, {cove: move.sort_order})
        site.drain()
        assert site.outbox.changes([State.FAILED]) == []
    assert titles(client, gallery_id) == ["Pier", "boat", "Cove", "Gull"]
    assert _refusals(sandbox) == 0


def test_photos_dropped_into_a_gallery_being_cloned_go_after_what_it_copies(
    tmp_path: Path, client: WixClient
) -> None:
    gallery_id, _ = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        clone = site.edits.clone_gallery(gallery_id, "Coastline copy")
        assert _items_order(site, clone.target) == []  # the window shows it empty until listed
        orders, _ = plan_insert([], 1, 0)
        site.edits.upload(clone.target, [photo(tmp_path, "gull.jpg")], orders)
        site.drain()
        copy_id = site.outbox.current_id(clone.target)
    assert titles(client, copy_id) == ["Cove", "Pier", "gull"]


def test_a_drop_after_a_move_placed_clear_of_an_upload_goes_where_the_window_shows_it(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """The window shows a moved item where it planned it; a plan made beside it afterwards
    is read in the window's terms, not the placed sortOrder's."""
    gallery_id, (cove, _pier, _gull) = seed_gallery(client, "Coastline", ["Cove", "Pier", "Gull"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        items = _items_order(site, gallery_id)
        end, _ = plan_insert(items, 1, 3)
        site.edits.upload(gallery_id, [photo(tmp_path, "boat.jpg")], end)
        [move] = plan_move(items, [cove], 3)  # to the bottom: where the boat is going
        site.edits.move_items(gallery_id, {cove: move.sort_order})
        window = [*items[1:], (cove, move.sort_order)]  # what the window shows now
        later, _ = plan_insert(window, 1, 3)
        site.edits.upload(gallery_id, [photo(tmp_path, "kite.jpg")], later)
        site.drain()
        assert site.outbox.changes([State.FAILED]) == []
    assert titles(client, gallery_id) == ["Pier", "Gull", "boat", "Cove", "kite"]
    assert _refusals(sandbox) == 0


@pytest.mark.parametrize("gesture", ["drop", "move"])
def test_a_plan_made_before_the_window_heard_an_upload_finish_goes_after_it(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer, gesture: str
) -> None:
    """The photo reached the site a moment before the window was told (its tile still
    showed): a drop at the end or a move to the bottom planned then took its sortOrder."""
    gallery_id, (cove, _pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        window = _items_order(site, gallery_id)  # Cove, Pier, and the tile of "boat"
        end, _ = plan_insert(window, 1, len(window))
        site.edits.upload(gallery_id, [photo(tmp_path, "boat.jpg")], end)
        site.drain()  # on the site now; the window has not heard yet
        if gesture == "drop":
            again, _ = plan_insert(window, 1, len(window))
            site.edits.upload(gallery_id, [photo(tmp_path, "kite.jpg")], again)
            expected = ["Cove", "Pier", "boat", "kite"]
        else:
            [move] = plan_move(window, [cove], len(window))
            site.edits.move_items(gallery_id, {cove: move.sort_order})
            expected = ["Pier", "boat", "Cove"]
        site.drain()
        assert site.outbox.changes([State.FAILED]) == []
    assert titles(client, gallery_id) == expected
    assert _refusals(sandbox) == 0


def _cove_and_pier(client: WixClient) -> tuple[str, Item]:
    """A gallery of Cove and Pier, numbered as the window numbers them (1.0, 2.0)."""
    gallery_id = str(client.create_gallery("Coastline").id)
    for n, title in enumerate(["Cove", "Pier"], start=1):
        client.create_item(gallery_id, Item.text_item(f"<p>{title}</p>", title=title, sort_order=n))
    return gallery_id, client.list_items(gallery_id)[1]


def _drop_where_pier_was_then_undo(
    tmp_path: Path, site: Site, gallery_id: str, group: str, place: float | None
) -> None:
    """Drop a photo at the end, which takes the sortOrder Pier left; then undo `group`."""
    site.drain()
    window = _items_order(site, gallery_id)
    end, _ = plan_insert(window, 1, len(window))
    assert end[0] == place  # the place Pier left
    site.edits.upload(gallery_id, [photo(tmp_path, "boat.jpg")], end)
    site.drain()
    site.edits.undo(group)
    assert [r.title for r in site.view.items(gallery_id).rows] == ["Cove", "Pier", "boat"]
    site.drain()
    assert site.outbox.changes([State.FAILED]) == []


def test_undo_of_a_move_whose_place_a_new_photo_took_puts_it_back_before_that_photo(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """Found by the soak (seed 1): an item moved to the top, a photo dropped at the end
    took the sortOrder the item had left, and undoing the move asked for that sortOrder
    again: the site refused it, and the undo was lost."""
    gallery_id, pier = _cove_and_pier(client)
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        [move] = plan_move(_items_order(site, gallery_id), [str(pier.id)], 0)
        [change] = site.edits.move_items(gallery_id, {str(pier.id): move.sort_order})
        _drop_where_pier_was_then_undo(tmp_path, site, gallery_id, change.group, pier.sort_order)
    assert titles(client, gallery_id) == ["Cove", "Pier", "boat"]
    assert _refusals(sandbox) == 0


def test_undo_of_a_delete_whose_place_a_new_photo_took_brings_it_back_before_that_photo(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """Found by the soak (seed 3): a photo deleted, a photo dropped at the end took the
    sortOrder the deleted one had, and undoing the delete re-created it on that sortOrder:
    the site refused it, and the sender put it after the new photo, not where it was."""
    gallery_id, pier = _cove_and_pier(client)
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        change = site.edits.delete_items(gallery_id, [str(pier.id)])
        _drop_where_pier_was_then_undo(tmp_path, site, gallery_id, change.group, pier.sort_order)
    assert titles(client, gallery_id) == ["Cove", "Pier", "boat"]
    assert _refusals(sandbox) == 0


def _drop_at_the_end_then_undo_before_sending(
    tmp_path: Path, site: Site, gallery_id: str, group: str
) -> float:
    """While `group` (a delete or a move of Pier) waits unsent, drop a photo at the end,
    where the window shows Pier's place free; then undo `group` before it goes out. Returns
    the sortOrder the photo was given."""
    window = _items_order(site, gallery_id)
    end, _ = plan_insert(window, 1, len(window))
    [upload] = site.edits.upload(gallery_id, [photo(tmp_path, "boat.jpg")], end)
    site.edits.undo(group)  # dropped from the outbox: nothing is sent for it
    assert [r.title for r in site.view.items(gallery_id).rows] == ["Cove", "Pier", "boat"]
    site.drain()
    assert site.outbox.changes([State.FAILED]) == []
    return float(upload.resume["sortOrder"])


@pytest.mark.parametrize("gesture", ["delete", "move"])
def test_a_place_left_by_a_change_not_sent_yet_is_not_given_to_a_new_photo(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer, gesture: str
) -> None:
    """Found by the soak (seed 6): a photo dropped at the end took the sortOrder of a photo
    whose delete was still waiting (the window showed it gone); the delete was undone before
    it went out, so the site still had that sortOrder, and refused the create. The sibling:
    a move to the top still waiting, undone the same way."""
    gallery_id, pier = _cove_and_pier(client)
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        if gesture == "delete":
            [change] = [site.edits.delete_items(gallery_id, [str(pier.id)])]
        else:
            [move] = plan_move(_items_order(site, gallery_id), [str(pier.id)], 0)
            [change] = site.edits.move_items(gallery_id, {str(pier.id): move.sort_order})
        placed = _drop_at_the_end_then_undo_before_sending(tmp_path, site, gallery_id, change.group)
        assert placed > float(pier.sort_order or 0)
    assert titles(client, gallery_id) == ["Cove", "Pier", "boat"]
    assert _refusals(sandbox) == 0


def test_a_photo_dropped_where_a_deleted_one_waits_to_go_lands_between_its_neighbours(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """In the middle of a gallery: Pier's delete waits, a photo is dropped between Cove and
    Gull (the midpoint is Pier's sortOrder), and the delete is undone before it goes out.
    The photo stays between Cove and Gull, after Pier, as when an undone delete that was
    sent brings Pier back (test above)."""
    gallery_id, pier = _cove_and_pier(client)
    client.create_item(gallery_id, Item.text_item("<p>Gull</p>", title="Gull", sort_order=3))
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        change = site.edits.delete_items(gallery_id, [str(pier.id)])
        window = _items_order(site, gallery_id)  # Cove 1.0, Gull 3.0
        between, _ = plan_insert(window, 1, 1)
        assert between == [pier.sort_order]
        site.edits.upload(gallery_id, [photo(tmp_path, "boat.jpg")], between)
        assert [r.title for r in site.view.items(gallery_id).rows] == ["Cove", "boat", "Gull"]
        site.edits.undo(change.group)
        shown = [r.title for r in site.view.items(gallery_id).rows]
        assert shown == ["Cove", "Pier", "boat", "Gull"]
        site.drain()
        assert site.outbox.changes([State.FAILED]) == []
    assert titles(client, gallery_id) == ["Cove", "Pier", "boat", "Gull"]
    assert _refusals(sandbox) == 0


def _four_galleries(client: WixClient) -> dict[str, str]:
    """Galleries A, B, C, D on sortOrders 1.0 to 4.0: name -> id."""
    return {
        name: str(client.create_gallery(name, sort_order=n).id)
        for n, name in enumerate("ABCD", start=1)
    }


def _gallery_order(site: Site) -> list[tuple[str, float]]:
    return [
        (row.id, float(row.sort_order))
        for row in site.view.galleries().rows
        if row.sort_order is not None
    ]


def _move_gallery(site: Site, gallery_id: str, dest_row: int) -> str:
    """Move a gallery as the sidebar does (planned over the galleries shown); its group."""
    [update] = plan_move(_gallery_order(site), [gallery_id], dest_row)
    change = site.edits.update_gallery(gallery_id, {"sortOrder": update.sort_order})
    assert change is not None
    return change.group


def _gallery_names(site: Site, client: WixClient) -> tuple[list[str], list[str]]:
    """The galleries' names as the window shows them, and as the site has them."""
    shown = [str(row.name) for row in site.view.galleries().rows]
    return shown, [str(g.name) for g in client.list_galleries()]


@pytest.mark.parametrize("gesture", ["delete", "move"])
def test_a_gallery_moved_into_a_place_left_by_a_change_not_sent_yet_goes_after_it(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer, gesture: str
) -> None:
    """The sibling for galleries: B's delete (or move to the top) waits, D is moved between A
    and C (the midpoint is B's sortOrder), and B's change is undone before it goes out. The
    site has B there still, and refused D's move (it failed). Now D goes just after B."""
    ids = _four_galleries(client)
    with open_site(tmp_path, client) as site:
        site.refresh()
        if gesture == "delete":
            group = site.edits.delete_gallery(ids["B"]).group
        else:
            group = _move_gallery(site, ids["B"], 0)
        _move_gallery(site, ids["D"], 2 if gesture == "move" else 1)  # between A and C
        site.edits.undo(group)
        assert _gallery_names(site, client)[0] == ["A", "B", "D", "C"]
        site.drain()
        assert site.outbox.changes([State.FAILED]) == []
        assert _gallery_names(site, client) == (["A", "B", "D", "C"],) * 2
    assert _refusals(sandbox) == 0


def test_undo_of_a_gallery_move_whose_place_another_took_puts_it_back_before_that_one(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """As for items (above): B moved to the top and sent, D moved into the place B left, and
    B's move undone. The move back asked for the sortOrder D has: the site refused it, and
    the undo was lost. Now B goes back just before D."""
    ids = _four_galleries(client)
    with open_site(tmp_path, client) as site:
        site.refresh()
        group = _move_gallery(site, ids["B"], 0)
        site.drain()
        _move_gallery(site, ids["D"], 2)  # between A and C: B's old sortOrder
        site.drain()
        assert _gallery_names(site, client)[1] == ["B", "A", "D", "C"]
        site.edits.undo(group)
        site.drain()
        assert site.outbox.changes([State.FAILED]) == []
        assert _gallery_names(site, client) == (["A", "B", "D", "C"],) * 2
    assert _refusals(sandbox) == 0


def test_a_delete_cut_by_a_kill_while_sent_still_keeps_its_place_taken(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """The same with a kill mid-write: Pier's delete was being sent when the app died, so
    at the next start it waits to go again, maybe on the site already. A photo dropped at
    the end then keeps clear of Pier's place, and undoing the delete (its inverse re-creates
    Pier) brings Pier back before the photo."""
    gallery_id, pier = _cove_and_pier(client)
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        delete = site.edits.delete_items(gallery_id, [str(pier.id)])
        picked = site.outbox.next_sendable(site.clock.now).change
        assert picked is not None and site.outbox.claim(picked) is not None  # then killed
    with open_site(tmp_path, client) as site:  # the next start recovers the row
        assert site.outbox.get(delete.seq).state is State.QUEUED  # type: ignore[union-attr]
        window = _items_order(site, gallery_id)
        end, _ = plan_insert(window, 1, len(window))
        [upload] = site.edits.upload(gallery_id, [photo(tmp_path, "boat.jpg")], end)
        assert upload.resume["sortOrder"] > float(pier.sort_order or 0)
        site.edits.undo(delete.group)
        site.drain()
        assert site.outbox.changes([State.FAILED]) == []
        assert [r.title for r in site.view.items(gallery_id).rows] == ["Cove", "Pier", "boat"]
    assert titles(client, gallery_id) == ["Cove", "Pier", "boat"]
    assert _refusals(sandbox) == 0


def test_a_tile_counted_where_its_upload_is_not_is_still_kept_clear_of(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """The window plans around the tiles it shows (`planned_around`), but a tile it shows
    on a neighbour's key (a photo put last while the end was not known: its sortOrder comes
    after now) is not where its upload will be: a move planned after it still goes after
    the upload, where the window shows it."""
    gallery_id, (cove, _pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        items = _items_order(site, gallery_id)
        [boat] = site.edits.upload(gallery_id, [photo(tmp_path, "boat.jpg")])  # put last
        tile_key = items[-1][1]  # the grid's tile sits on Pier's key
        window = [*items, ("boat tile", tile_key + 0.5)]
        [move] = plan_move(window, [cove], len(window))  # to the bottom, after the tile
        assert move.sort_order < boat.resume["sortOrder"]
        [change] = site.edits.move_items(
            gallery_id, {cove: move.sort_order}, planned_around={boat.target: tile_key}
        )
        assert change.fields["sortOrder"] > boat.resume["sortOrder"]
        site.drain()
        assert site.outbox.changes([State.FAILED]) == []
    assert titles(client, gallery_id) == ["Pier", "boat", "Cove"]
    assert _refusals(sandbox) == 0


def test_a_move_planned_before_a_tile_the_window_counted_stays_before_it(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    """Found by the soak (seed 7): Move to Top, planned before the tile of a photo going up
    at the top, went after that photo: the outbox counted every upload as unseen."""
    gallery_id, (_cove, pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        items = _items_order(site, gallery_id)
        top, _ = plan_insert(items, 1, 0)
        [boat] = site.edits.upload(gallery_id, [photo(tmp_path, "boat.jpg")], top)
        window = [(boat.target, top[0]), *items]  # the tile at the top, on its sortOrder
        [move] = plan_move(window, [pier], 0)
        [change] = site.edits.move_items(
            gallery_id, {pier: move.sort_order}, planned_around={boat.target: top[0]}
        )
        assert change.fields["sortOrder"] == move.sort_order < top[0]
        site.drain()
        assert site.outbox.changes([State.FAILED]) == []
    assert titles(client, gallery_id) == ["Pier", "boat", "Cove"]
    assert _refusals(sandbox) == 0
