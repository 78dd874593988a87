"""`compact_json` makes the grid's row of an item straight from its JSON, and `row_of` the
catalog's columns (what the worker threads do for every item of a gallery that loads), each
reading only the fields it needs. Both must be exactly what parsing the whole item gives, or
a reconcile would see every item as changed, a filter would miss what it should find, and
the catalog would sort or show an item wrongly."""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path
from typing import Any

import pytest

from galleryman.core.compact_items import compact, compact_json, compact_text, unpack
from galleryman.sync import Catalog, SiteDb
from galleryman.sync.db import dump
from galleryman.sync.listed import ListedItem
from galleryman.wix.models import Item

EXAMPLES = Path(__file__).parent / "fixtures" / "wix-examples"


def documented_items() -> list[dict[str, Any]]:
    """Every item body in the documented Wix examples (copied there, see PROVENANCE.md)."""
    gallery = json.loads((EXAMPLES / "get_gallery.response.json").read_text())["gallery"]
    items = list(gallery["items"])
    for name in ("create_gallery_item.response.json", "update_gallery_item.response.json"):
        items.append(json.loads((EXAMPLES / name).read_text())["item"])
    return items


ODD_ITEMS: list[dict[str, Any]] = [
    {"id": "a", "sortOrder": 5, "title": "Whole number order"},
    {"id": "b", "sortOrder": "not a number", "title": 7, "description": ["not", "text"]},
    {"sortOrder": 1.5, "title": "No id", "tags": {"values": ["Sea", "Gulls"]}},
    {"id": "c", "tags": {"values": "not a list"}, "description": "Déjà vu ☂"},
    {"id": "d", "tags": {}, "title": "Lone \ud800 surrogate", "unknownKey": {"nested": [1, None]}},
    {"id": "e", "title": "  Padded  ", "description": "", "tags": {"values": ["", "Tag"]}},
    {"id": "f", "sortOrder": None, "title": None, "tags": None},
    {"id": "g", "sortOrder": math.inf, "text": {"html": "<p>Note</p>"}, "type": "TEXT"},
]


@pytest.mark.parametrize("data", [*documented_items(), *ODD_ITEMS])
def test_the_row_made_from_json_is_the_row_made_from_the_item(data: dict[str, Any]) -> None:
    slow = compact(Item.from_json(data))
    fast = compact_json(data)
    assert (fast.id, repr(fast.order), fast.search, fast.blob) == (
        slow.id,
        repr(slow.order),
        slow.search,
        slow.blob,
    )
    assert unpack(fast).to_json() == Item.from_json(data).to_json()  # the lossless round trip


@pytest.mark.parametrize("data", [*documented_items(), *ODD_ITEMS])
def test_a_listed_item_is_stored_and_shown_as_its_json_alone_would_be(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    """A listing's items come parsed once (`ListedItem`), and the catalog's columns, its
    stored text and the grid's row are read from that parse and written once: each must be
    what the item's JSON alone gives, also after crossing from the listing process as its
    plain fields."""
    listed = ListedItem.of(Item.from_json(data))
    crossed = ListedItem.from_fields(pickle.loads(pickle.dumps(listed.fields())))
    assert listed.text == crossed.text == dump(data)
    assert crossed.data == listed.data == data
    slow = compact_json(data)
    # As listed, as the listing process hands it over, and as read back from the catalog's
    # text (a reopen):
    for fast in (listed.compact(), crossed.compact(), compact_text(listed.text)):
        assert (fast.id, repr(fast.order), fast.search, fast.blob) == (
            slow.id,
            repr(slow.order),
            slow.search,
            slow.blob,
        )
    stored: list[object] = []
    for n, item in enumerate([data, listed, crossed]):
        catalog = Catalog(SiteDb(tmp_path / f"{n}.sqlite3"))
        try:
            catalog.put_items("g", [item], catalog.begin_listing())
        except ValueError as error:  # no id: refused alike
            stored.append(str(error))
            continue
        rows = catalog.item_rows("g")
        stored.append((repr(rows), json.dumps(catalog.item_json(rows[0].id))))
    assert stored[0] == stored[1] == stored[2]


def test_reading_some_fields_reads_them_as_parsing_the_whole_item_does() -> None:
    names = [f.name for f in Item.json_fields]
    for data in [*documented_items(), *ODD_ITEMS]:
        item = Item.from_json(data)
        read = Item.read_fields(data, names)
        assert read == {name: getattr(item, name) for name in names}


def test_the_json_handed_in_is_left_as_it_was() -> None:
    data = {"id": "h", "title": "T", "tags": {"values": ["x"]}, "image": {"imageInfo": {}}}
    before = json.dumps(data)
    compact_json(data)
    assert json.dumps(data) == before


def test_the_catalog_s_columns_of_an_item_are_those_of_the_whole_parsed_item() -> None:
    from galleryman.sync.catalog import row_of

    for data in [*documented_items(), *ODD_ITEMS]:
        item = Item.from_json(data)
        expected = (
            str(data.get("id") or ""), item.sort_order, item.title, item.media_type,
            item.media_id, item.width, item.height, item.updated_date,
        )  # fmt: skip
        assert repr(tuple(row_of(data))) == repr(expected)
