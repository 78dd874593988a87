"""What the user sees (the catalog with the changes on their way on top) and how changes read."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from galleryman.sync import Catalog, Edits, ItemRow, Kind, Outbox, SiteDb, State, View, describe
from galleryman.wix.models import Item
from tests.test_sync_helpers import Clock

PIER_IMAGE: dict[str, Any] = {
    "type": "WIX_MEDIA",
    "imageInfo": {"id": "pier~mv2.jpg", "width": 640, "height": 480},
}


def _site(tmp_path: Path) -> tuple[SiteDb, Edits, View]:
    db = SiteDb(tmp_path / "site.sqlite3")
    catalog = Catalog(db)
    token = catalog.begin_listing()
    catalog.replace_galleries(
        [
            {"id": "coast", "name": "Coastline", "sortOrder": 1},
            {"id": "hills", "name": "Hills", "sortOrder": 2},
        ],
        token,
    )
    token = catalog.begin_listing()
    catalog.put_items(
        "coast",
        [
            {"id": "cove", "sortOrder": 1, "title": "Cove"},
            {"id": "pier", "sortOrder": 2, "title": "Pier", "image": PIER_IMAGE},
            {"id": "gull", "sortOrder": 3, "title": "Gull"},
            {"id": "dune", "sortOrder": 4, "title": "Dune"},
        ],
        token,
    )
    catalog.finish_listing("coast", token)
    return db, Edits(db, Clock()), View(db)


def test_changes_read_in_a_photographers_words(tmp_path: Path) -> None:
    _db, edits, _view = _site(tmp_path)
    title = edits.edit_item("coast", "cove", {"title": "Cove at dawn"})
    with_alt = {**PIER_IMAGE, "imageInfo": {**PIER_IMAGE["imageInfo"], "altText": "Gulls"}}
    alt = edits.edit_item("coast", "pier", {"image": with_alt})
    both = edits.edit_item("coast", "gull", {"title": "Gulls", "description": "white"})
    moves = edits.move_items("coast", {"cove": 10.0, "pier": 11.0, "gull": 12.0})
    delete = edits.delete_items("coast", ["dune", "gull"])
    upload = edits.upload("coast", [tmp_path / "beach.jpg"])
    uploads = edits.upload("coast", [tmp_path / "a.jpg", tmp_path / "b.jpg"])
    text = edits.add_item("coast", Item.text_item("<p>x</p>", title="Note").to_json())
    gallery = edits.create_gallery("Summer")
    rename = edits.rename_gallery("hills", "High hills")
    assert title is not None and alt is not None and both is not None and rename is not None

    assert describe(title) == "Title of “Cove”: “Cove” → “Cove at dawn”"
    assert describe(alt) == "Alt text of “Pier”: none → “Gulls”"
    assert describe(both) == "Edit title and description of “Gull”"
    assert describe(moves) == "Move 3 items in Coastline"
    assert describe(moves[0]) == "Move “Cove at dawn” in Coastline"
    assert describe(delete) == "Delete 2 items from Coastline"
    assert describe(upload) == "Upload beach.jpg"
    assert describe(uploads) == "Upload 2 files to Coastline"
    assert describe(text) == "Add text “Note” to Coastline"
    assert describe(gallery) == "Create gallery “Summer”"
    assert describe(rename) == "Name of “Hills”: “Hills” → “High hills”"

    failed = replace(
        upload[0],
        state=State.FAILED,
        last_error="This file is damaged: it ends early. Try exporting it again.",
    )
    assert describe(failed) == "Upload beach.jpg (failed: this file is damaged: it ends early)"
    assert describe(replace(title, state=State.HELD)).endswith("(waiting for your review)")
    unsure = replace(text, state=State.NEEDS_CHECK)
    assert describe(unsure) == "Add text “Note” to Coastline (checking whether it reached the site)"


def test_the_grid_shows_changes_on_their_way_in_order(tmp_path: Path) -> None:
    db, edits, view = _site(tmp_path)
    edits.edit_item("coast", "cove", {"title": "Cove at dawn"})
    edits.edit_item("coast", "cove", {"title": "Cove at noon"})  # the later one wins
    edits.move_items_to("coast", ["dune"], 0)
    edits.delete_items("coast", ["gull"])
    upload = edits.upload("coast", [tmp_path / "beach.jpg"], sort_orders=[1.5])[0]
    text = edits.add_item("coast", Item.text_item("<p>x</p>", title="Note").to_json())
    edits.edit_item("coast", text.target, {"title": "Note (edited)"})

    shown = view.items("coast")
    assert [(r.id, r.title) for r in shown.rows] == [
        ("dune", "Dune"),
        ("cove", "Cove at noon"),
        (upload.target, "beach"),
        ("pier", "Pier"),
        (text.target, "Note (edited)"),
    ]
    assert all(type(r) is ItemRow for r in shown.rows)  # compact rows, not models
    assert shown.rows[2].media_type == "IMAGE" and shown.rows[4].media_type == "TEXT"
    assert shown.complete
    assert shown.marks["cove"].state is State.QUEUED and "gull" in shown.marks
    assert shown.marks[upload.target].kind is Kind.UPLOAD

    # The catalog itself still holds the site as last seen.
    assert [r.title for r in Catalog(db).item_rows("coast")] == ["Cove", "Pier", "Gull", "Dune"]
    assert view.item_json("coast", "gull") is None
    cove = {"id": "cove", "sortOrder": 1, "title": "Cove at noon"}
    assert view.item_json("coast", "cove") == cove
    assert view.item_count("coast") == 5

    counts = edits.outbox.counts()
    assert counts.waiting == 7 and counts.by_gallery == {"coast": 7}


def test_the_sidebar_shows_galleries_created_renamed_moved_and_deleted(tmp_path: Path) -> None:
    _db, edits, view = _site(tmp_path)
    summer = edits.create_gallery("Summer")
    clone = edits.clone_gallery("coast")
    edits.rename_gallery("coast", "Coast")
    edits.update_gallery("hills", {"sortOrder": 0.5})
    edits.delete_gallery("hills")
    rows = view.galleries().rows
    assert [(r.id, r.name) for r in rows] == [
        ("coast", "Coast"),
        (summer.target, "Summer"),
        (clone.target, "Coastline"),  # a clone without a name takes its source's
    ]
    assert rows[1].total_items == 0 and rows[2].total_items == 4
    assert view.item_counts() == {"coast": 4, "hills": 0, summer.target: 0, clone.target: 4}
    # One gallery's count (an upload finished in a gallery not open) counts its items alone,
    # and a clone's source's, as far back as clones of clones go.
    again = edits.clone_gallery(clone.target)
    edits.upload(clone.target, [tmp_path / "boat.jpg"])
    everyone = view.item_counts()
    assert everyone[again.target] == 4 and everyone[clone.target] == 5
    assert {gallery_id: view.item_count(gallery_id) for gallery_id in everyone} == everyone
    assert view.gallery_json("hills") is None
    assert describe(clone) == "Clone “Coastline” as a copy"


def _big_site(tmp_path: Path, count: int) -> tuple[SiteDb, Edits, View]:
    db = SiteDb(tmp_path / "big.sqlite3")
    catalog = Catalog(db)
    big = {"id": "big", "name": "Big", "sortOrder": 1}
    catalog.replace_galleries([big], catalog.begin_listing())
    token = catalog.begin_listing()
    items = [{"id": f"i{n:05}", "sortOrder": float(n + 1), "title": f"P{n}"} for n in range(count)]
    catalog.put_items("big", items, token)
    catalog.finish_listing("big", token)
    return db, Edits(db, clock=Clock()), View(db)


def test_a_move_or_a_drop_in_a_big_gallery_reads_only_the_rows_around_it(
    tmp_path: Path, monkeypatch: Any
) -> None:
    # Placing a move clear of uploads on their way ran on the window's thread and read the
    # whole gallery: 69 ms per move at 10,000 items (bench_gui), ~10x that at 100,000.
    db, edits, view = _big_site(tmp_path, 3000)
    whole_reads: list[str] = []
    real = Catalog.item_rows

    def counted(self: Catalog, gallery_id: str) -> list[ItemRow]:
        whole_reads.append(gallery_id)
        return real(self, gallery_id)

    monkeypatch.setattr(Catalog, "item_rows", counted)
    edits.upload("big", [tmp_path / "a.jpg"], [1500.5])  # dropped between P1499 and P1500
    edits.move_items("big", {"i00000": 1500.75})  # P0 dropped just after it
    edits.upload("big", [tmp_path / "end.jpg"])  # dropped at the end
    assert whole_reads == []
    monkeypatch.setattr(Catalog, "item_rows", real)
    shown = view.items("big")
    around = [
        r.title for r in shown.rows if r.sort_order is not None and 1499 <= r.sort_order <= 1502
    ]
    assert around == ["P1498", "P1499", "a", "P0", "P1500", "P1501"]
    assert shown.rows[-1].title == "end"
    assert shown.rows[-1].sort_order is not None and shown.rows[-1].sort_order > 3000
    db.close()


def test_a_move_planned_onto_a_waiting_upload_goes_after_it_in_a_big_gallery(
    tmp_path: Path,
) -> None:
    # The same placing rule as tests/test_sync_placing.py, read from the few rows around.
    db, edits, view = _big_site(tmp_path, 3000)
    [upload] = edits.upload("big", [tmp_path / "a.jpg"], [1500.5])
    [move] = edits.move_items("big", {"i00010": 1500.5})  # where the window saw a gap
    assert 1500.5 < move.fields["sortOrder"] < 1501
    shown = view.items("big")
    titles = [
        r.title for r in shown.rows if r.sort_order is not None and 1500 <= r.sort_order <= 1501
    ]
    assert titles == ["P1499", "a", "P10", "P1500"]
    assert upload.resume["sortOrder"] == 1500.5
    db.close()


class _CommitAfterFirstRead:
    """A catalog or outbox whose first read (of either) is followed by `commit`: another
    connection's commit lands between the reads one look at the site is made of."""

    def __init__(self, target: object, commit: list[Any]) -> None:
        self._target, self._commit = target, commit

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        def read(*args: Any, **kwargs: Any) -> Any:
            result = attr(*args, **kwargs)
            while self._commit:
                self._commit.pop()()
            return result

        return read


def _sent(db_path: Path, seq: int, answer: dict[str, Any] | None, deleted: list[str]) -> None:
    """The sender's commit on its own connection: the site's answer stored (or the deleted
    items dropped) and the change marked done, in one transaction."""
    sender = SiteDb(db_path)
    try:
        with sender.transaction():
            if answer is not None and "name" in answer:
                Catalog(sender).put_gallery(answer)
            elif answer is not None:
                Catalog(sender).put_item("coast", answer)
            Catalog(sender).delete_items(deleted)
            Outbox(sender).mark_done(seq)
    finally:
        sender.close()


LOOKS: dict[str, Any] = {
    "an item": lambda view: view.item_json("coast", "dune"),
    "the gallery's items": lambda view: [(r.id, r.sort_order) for r in view.items("coast").rows],
    "the rows around a place": lambda view: [
        (r.id, r.sort_order) for r in view.items_near("coast", 0.0, 1.0).rows
    ],
    "the gallery's pages": lambda view: [
        (r.id, r.sort_order) for rows, _marks in view.items_in_pages("coast", 2) for r in rows
    ],
    "the counts": lambda view: view.item_counts(),
    "a gallery": lambda view: view.gallery_json("coast"),
    "the galleries": lambda view: [(r.id, r.name) for r in view.galleries().rows],
}


@pytest.mark.parametrize("look", list(LOOKS))
def test_a_look_at_the_site_is_never_torn_by_the_senders_commit(tmp_path: Path, look: str) -> None:
    # Found by a GUI test that failed once in six full runs: an undone move was shown as
    # still made after the window read the catalog before the sender's commit (the site's
    # answer, the change done) and the outbox after it. Each look is made of several reads;
    # another connection commits between them. It must see the site wholly before those
    # commits or wholly after: not the catalog before and the outbox after (a sent move
    # undone, a deleted item back, a count short), nor the outbox before and the catalog
    # after (a created item twice: its tile and itself).
    db, edits, _view = _site(tmp_path)
    move = edits.edit_item("coast", "dune", {"sortOrder": 0.5})
    delete = edits.delete_items("coast", ["gull"])
    rename = edits.rename_gallery("coast", "Coast")
    text = Item.text_item("<p>x</p>", title="Note").to_json()
    notes = [edits.add_item("coast", text, order) for order in (0.25, 0.75)]
    assert move is not None and rename is not None
    reader = LOOKS[look]
    before = reader(View(db))
    commits: list[Any] = [
        lambda: _sent(db.path, rename.seq, {"id": "coast", "name": "Coast", "sortOrder": 1}, []),
        lambda: _sent(db.path, delete.seq, None, ["gull"]),
        lambda: _sent(db.path, move.seq, {"id": "dune", "sortOrder": 0.5, "title": "Dune"}, []),
        *(
            partial(_sent, db.path, note.seq, {**text, "id": f"note{n}", "sortOrder": order}, [])
            for n, (note, order) in enumerate(zip(notes, (0.25, 0.75), strict=True))
        ),
    ]
    torn = View(db)
    torn.catalog = _CommitAfterFirstRead(torn.catalog, commits)  # type: ignore[assignment]
    torn.outbox = _CommitAfterFirstRead(torn.outbox, commits)  # type: ignore[assignment]
    seen = reader(torn)
    assert commits == []  # the commits did land between its reads
    after = reader(View(db))
    assert seen in (before, after)
    db.close()


def test_a_read_joins_a_transaction_and_a_write_inside_a_read_is_refused(tmp_path: Path) -> None:
    db, edits, view = _site(tmp_path)
    with db.transaction():  # a gesture reads what it changes inside its own transaction
        edits.edit_item("coast", "cove", {"title": "Cove at dawn"})
        assert view.item_json("coast", "cove") == {
            "id": "cove",
            "sortOrder": 1,
            "title": "Cove at dawn",
        }
    with db.reading(), pytest.raises(RuntimeError, match="a write inside a read"):
        edits.edit_item("coast", "cove", {"title": "Cove at noon"})  # its snapshot may be old
    assert edits.edit_item("coast", "cove", {"title": "Cove at noon"}) is not None  # usable again
    assert view.item_json("coast", "cove") == {
        "id": "cove",
        "sortOrder": 1,
        "title": "Cove at noon",
    }
    db.close()
