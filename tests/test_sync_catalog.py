"""The catalog: the site as last seen, kept losslessly in a private SQLite file."""

from __future__ import annotations

import json
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import httpx

from galleryman.sandbox.server import SandboxServer
from galleryman.sync import Catalog, ItemRow, SiteDb
from galleryman.sync.db import dump
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from tests.test_sync_helpers import open_site, photo, seed_gallery

REPO = Path(__file__).resolve().parent.parent
ODD_ITEM = {
    "id": "i-odd",
    "sortOrder": "12.5",  # a number as a string, as some servers send it
    "title": "Über “quotes” \u2028 and 🌊",
    "futureField": {"nested": [1, 2.50, None, {"deep": "kept"}], "flag": False},
    "image": {
        "type": "WIX_MEDIA",
        "imageInfo": "wix:image://v1/abc_def~mv2.jpg/beach.jpg#originWidth=640&originHeight=480",
        "vendorExtra": [],
    },
    "tags": {"values": ["a", "b"], "unknownTagThing": 7},
    "link": None,
}


def test_item_json_survives_storage_exactly(tmp_path: Path) -> None:
    db = SiteDb(tmp_path / "site.sqlite3")
    catalog = Catalog(db)
    token = catalog.begin_listing()
    catalog.put_items("g1", [ODD_ITEM], token)
    stored = catalog.item_json("i-odd")
    assert stored == ODD_ITEM
    assert json.dumps(stored) == json.dumps(ODD_ITEM)  # same keys in the same order
    assert Item.from_json(stored).to_json() == ODD_ITEM
    (row,) = catalog.item_rows("g1")
    title = ODD_ITEM["title"]
    assert row == ItemRow("i-odd", 12.5, title, "IMAGE", "abc_def~mv2.jpg", 640, 480, None)


def test_unknown_fields_from_the_server_survive_byte_for_byte(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, _ = seed_gallery(client, "Coastline", [])
    sent = Item.from_json({"title": "Cove", "text": {"html": "<p>x</p>"}, "newThing": {"a": [1]}})
    created = client.create_item(gallery_id, sent)
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        stored = Catalog(site.db).item_json(str(created.id))
    served = httpx.get(
        f"{sandbox.base_url}/progallery/v2/galleries/{gallery_id}/items/{created.id}",
        headers={"Authorization": sandbox.api_key, "wix-site-id": sandbox.site_id},
    ).content
    assert stored is not None and stored["newThing"] == {"a": [1]}
    assert dump(stored).encode() == dump(json.loads(served)["item"]).encode()


def test_rows_come_in_display_order(tmp_path: Path) -> None:
    catalog = Catalog(SiteDb(tmp_path / "s.sqlite3"))
    items = [
        {"id": "c", "sortOrder": 2.0, "title": "two"},
        {"id": "none-b", "title": "no order"},
        {"id": "b", "sortOrder": 1.0},
        {"id": "a", "sortOrder": 2.0},
        {"id": "none-a"},
        {"id": "neg", "sortOrder": -5},
    ]
    catalog.put_items("g", items, catalog.begin_listing())
    catalog.put_items("other", [{"id": "x", "sortOrder": 0.5}], catalog.begin_listing())
    assert [r.id for r in catalog.item_rows("g")] == ["neg", "b", "a", "c", "none-a", "none-b"]
    assert catalog.count_items("g") == 6
    assert catalog.item_counts() == {"g": 6, "other": 1}
    assert catalog.item_gallery("x") == "other"


def test_a_complete_listing_removes_what_it_did_not_bring(tmp_path: Path) -> None:
    catalog = Catalog(SiteDb(tmp_path / "s.sqlite3"))
    catalog.put_gallery({"id": "g", "name": "G", "sortOrder": 1})
    first = catalog.begin_listing()
    catalog.put_items("g", [{"id": n, "sortOrder": i} for i, n in enumerate("abcd")], first)
    assert catalog.finish_listing("g", first) == []
    assert catalog.gallery("g") is not None and catalog.gallery("g").complete  # type: ignore[union-attr]

    second = catalog.begin_listing()
    # While the listing runs, the sender's answers land: a new item, an edit, a delete.
    catalog.put_item("g", {"id": "new", "sortOrder": 9})
    catalog.put_item("g", {"id": "b", "sortOrder": 1, "title": "answered"})
    catalog.delete_items(["c"])
    # The listing's pages were read before those answers.
    catalog.put_items("g", [{"id": "a", "sortOrder": 0}], second)
    catalog.put_items("g", [{"id": "b", "sortOrder": 1, "title": "old"}, {"id": "c"}], second)
    gone = catalog.finish_listing("g", second)
    assert gone == ["d"]  # neither listed nor written since the listing began
    assert [r.id for r in catalog.item_rows("g")] == ["a", "b", "new"]
    assert catalog.item_json("b") == {"id": "b", "sortOrder": 1, "title": "answered"}


def test_a_failed_listing_removes_nothing_and_says_incomplete(tmp_path: Path) -> None:
    catalog = Catalog(SiteDb(tmp_path / "s.sqlite3"))
    catalog.put_gallery({"id": "g", "name": "G"}, complete=True)
    token = catalog.begin_listing()
    catalog.put_items("g", [{"id": "a"}], token)
    catalog.mark_incomplete("g")
    row = catalog.gallery("g")
    assert row is not None and not row.complete


def test_replacing_galleries_drops_deleted_ones_with_their_items(tmp_path: Path) -> None:
    catalog = Catalog(SiteDb(tmp_path / "s.sqlite3"))
    token = catalog.begin_listing()
    catalog.replace_galleries(
        [{"id": "g1", "name": "One", "sortOrder": 2}, {"id": "g2", "name": "Two", "sortOrder": 1}],
        token,
    )
    catalog.put_items("g1", [{"id": "i1"}], catalog.begin_listing())
    assert [g.name for g in catalog.galleries()] == ["Two", "One"]
    token = catalog.begin_listing()
    gone = catalog.replace_galleries([{"id": "g2", "name": "Two renamed", "sortOrder": 1}], token)
    assert gone == ["g1"]
    assert [g.name for g in catalog.galleries()] == ["Two renamed"]
    assert catalog.item_json("i1") is None and catalog.count_galleries() == 1
    # A gallery's embedded page of items is not kept in its JSON (items have their table).
    catalog.put_gallery({"id": "g3", "name": "Three", "items": [{"id": "x"}], "totalItems": 1})
    assert catalog.gallery_json("g3") == {"id": "g3", "name": "Three", "totalItems": 1}


def test_the_file_is_private_and_its_folders_are_made(tmp_path: Path) -> None:
    path = tmp_path / "data" / "sites" / "deep" / "site.sqlite3"
    db = SiteDb(path)
    Catalog(db).put_item("g", {"id": "i"})
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert stat.S_IMODE(name.stat().st_mode) == 0o600, name
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_no_secret_ever_reaches_the_file(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer
) -> None:
    gallery_id, ids = seed_gallery(client, "Coastline", ["Cove"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        site.edits.edit_item(gallery_id, ids[0], {"title": "Cove at dawn"})
        site.edits.upload(gallery_id, [photo(tmp_path, "beach.jpg")])
        site.drain()
        files = [site.path, Path(f"{site.path}-wal")]
        stored = b"".join(f.read_bytes() for f in files if f.exists())
    with closing(sqlite3.connect(sandbox.data_dir / "sandbox.sqlite3")) as conn:
        tokens = [r[0] for r in conn.execute("SELECT token FROM upload_tokens")]
    assert tokens, "the upload used an upload URL"
    assert b"Cove at dawn" in stored  # the file does hold the site's data
    assert sandbox.api_key.encode() not in stored
    for token in tokens:
        assert token.encode() not in stored


def test_the_sync_core_never_loads_qt() -> None:
    code = "import sys, galleryman.sync; print(sorted(m for m in sys.modules if 'PySide' in m))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "[]"


def test_a_long_page_keeps_every_answer_newer_than_its_listing(tmp_path: Path) -> None:
    # Newer rows are looked up a few hundred ids per query: answers in every chunk count.
    catalog = Catalog(SiteDb(tmp_path / "s.sqlite3"))
    catalog.put_gallery({"id": "g", "name": "G", "sortOrder": 1})
    listing = catalog.begin_listing()
    answered = ["i5", "i350", "i699"]
    for item_id in answered:
        catalog.put_item("g", {"id": item_id, "sortOrder": 0.5, "title": "answered"})
    catalog.delete_items(["i400"])
    page = [{"id": f"i{n}", "sortOrder": n, "title": "listed"} for n in range(700)]
    assert catalog.put_items("g", page, listing) == 700 - len(answered) - 1
    assert catalog.finish_listing("g", listing) == []
    titles = {r.id: r.title for r in catalog.item_rows("g")}
    assert len(titles) == 699 and "i400" not in titles
    assert sorted(i for i, t in titles.items() if t == "answered") == sorted(answered)
