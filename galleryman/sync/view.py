"""What the user sees: the catalog with the changes still on their way applied on top.

The window never shows the catalog alone: an edit shows the moment its outbox row is
committed, and stays shown (in the order the changes were made) until the site has it. A
failed create or upload still shows as a tile carrying its failure, so the user can retry or
remove it; a failed edit does not show (the item shows the site's value, the failure is
reported beside it).

Rows stay compact (`ItemRow`): applying changes touches only the rows they name; a change of
anything but the title or position reads that one item's JSON.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from typing import Any

from galleryman.core.patches import apply_patch
from galleryman.sync.catalog import Catalog, GalleryRow, ItemRow, row_of
from galleryman.sync.changes import WAITING, Change, Kind, State
from galleryman.sync.db import SiteDb
from galleryman.sync.outbox import Outbox

JsonObject = dict[str, Any]
_ROW_FIELDS = frozenset({"title", "sortOrder", "description", "link", "tags"})
_SHOWN = (*WAITING, State.FAILED)


@dataclass(frozen=True)
class Mark:
    """A change still on its way (or failed) for one row: what the tile says about it."""

    seq: int
    kind: Kind
    state: State
    sentence: str | None = None


@dataclass
class Shown:
    rows: list[Any]  # ItemRow or GalleryRow, in display order
    marks: dict[str, Mark] = field(default_factory=dict)  # by id: the latest change of each
    complete: bool = True  # the site has been listed to the end (items: this gallery)


class View:
    def __init__(self, db: SiteDb) -> None:
        self._db = db
        self.catalog = Catalog(db)
        self.outbox = Outbox(db)

    def items(self, gallery_id: str) -> Shown:
        """The gallery's items as the user sees them, in display order."""
        with self._db.reading():
            stored = self.catalog.item_rows(gallery_id)
            return self._shown(gallery_id, stored, self._item_changes(gallery_id))

    def items_in_pages(
        self, gallery_id: str, size: int
    ) -> Iterator[tuple[list[ItemRow], dict[str, Mark]]]:
        """`items`, `size` rows at a time, with the marks. With no change on its way the
        catalog's rows are made as each page is taken; changes to place need them all first."""
        with self._db.reading():
            changes = self._item_changes(gallery_id)
            if changes:
                shown = self._shown(gallery_id, self.catalog.item_rows(gallery_id), changes)
        rows: Iterator[ItemRow]
        if changes:
            rows, marks = iter(shown.rows), shown.marks
        else:
            rows, marks = self.catalog.item_rows_streamed(gallery_id), {}
        while page := list(itertools.islice(rows, size)):
            yield page, marks

    def items_near(
        self, gallery_id: str, first: float, last: float, skip: Set[str] = frozenset()
    ) -> Shown:
        """Part of `items`, enough to plan a position between `first` and `last`: every row
        a change still on its way touches (wherever it is), and of the others (but `skip`)
        those within [first, last] and the nearest below and above. Reads a handful of
        rows where `items` reads the whole gallery."""
        with self._db.reading():
            changes = self._item_changes(gallery_id)
            touched = {target for change in changes for target in change.target_ids}
            stored = self.catalog.item_rows_near(gallery_id, first, last, touched | skip)
            stored += self.catalog.item_rows_by_id(gallery_id, touched)
            stored.sort(key=_display_key)
            return self._shown(gallery_id, stored, changes)

    def _item_changes(self, gallery_id: str) -> list[Change]:
        return [
            c
            for c in self.outbox.changes(_SHOWN, gallery_id)
            if _shows(c) and not c.kind.on_gallery
        ]

    def _shown(self, gallery_id: str, stored: list[ItemRow], changes: list[Change]) -> Shown:
        complete = (gallery := self.catalog.gallery(gallery_id)) is not None and gallery.complete
        if not changes:
            return Shown(stored, {}, complete)
        rows: list[ItemRow | None] = list(stored)
        marks: dict[str, Mark] = {}
        resort = False
        index = {row.id: n for n, row in enumerate(stored)}
        for change in changes:
            for target in change.target_ids:
                marks[target] = Mark(change.seq, change.kind, change.state, change.last_error)
            if change.kind is Kind.UPDATE_ITEM:
                n = index.get(change.target)
                row = rows[n] if n is not None else None
                if n is None or row is None:
                    continue
                rows[n] = self._edited_row(gallery_id, row, change)
                resort = resort or "sortOrder" in change.fields
            elif change.kind is Kind.DELETE_ITEMS:
                for target in change.target_ids:
                    if (n := index.get(target)) is not None:
                        rows[n] = None
            else:  # a create or an upload: a new tile
                index[change.target] = len(rows)
                rows.append(row_of(_new_item(change)))
                resort = True
        shown = [row for row in rows if row is not None]
        if resort:
            shown.sort(key=_display_key)
        return Shown(shown, marks, complete)

    def item_json(self, gallery_id: str, item_id: str) -> JsonObject | None:
        """One item's JSON as the user sees it (None when it is deleted, or not known)."""
        with self._db.reading():
            data = self.catalog.item_json(item_id)
            changes = self.outbox.changes(_SHOWN, gallery_id)
        for change in changes:
            if item_id not in change.target_ids or not _shows(change):
                continue
            if change.kind is Kind.DELETE_ITEMS:
                return None
            if change.kind is Kind.UPDATE_ITEM and data is not None:
                data = apply_patch(data, change.fields)
            elif change.kind.creates:
                data = _new_item(change)
        return data

    def gallery_json(self, gallery_id: str) -> JsonObject | None:
        """One gallery's JSON as the user sees it (None when deleted, or not known)."""
        with self._db.reading():
            return self._gallery_json(gallery_id)

    def _gallery_json(self, gallery_id: str) -> JsonObject | None:
        data = self.catalog.gallery_json(gallery_id)
        for change in self.outbox.touching(gallery_id, _SHOWN):
            if not change.kind.on_gallery or change.target != gallery_id or not _shows(change):
                continue
            if change.kind is Kind.DELETE_GALLERY:
                return None
            if change.kind is Kind.UPDATE_GALLERY and data is not None:
                data = apply_patch(data, change.fields)
            elif change.kind.creates:
                data = {"id": gallery_id, **change.fields}
                data["sortOrder"] = change.resume.get("sortOrder")
                if "name" not in data and change.kind is Kind.CLONE_GALLERY:
                    source = self.catalog.gallery(change.gallery_id)
                    data["name"] = source.name if source is not None else None
        return data

    def galleries(self) -> Shown:
        """The site's galleries as the user sees them (created, renamed, moved, deleted)."""
        with self._db.reading():
            return self._galleries()

    def _galleries(self) -> Shown:
        rows: list[GalleryRow | None] = list(self.catalog.galleries())
        marks: dict[str, Mark] = {}
        index = {row.id: n for n, row in enumerate(rows) if row is not None}
        for change in self.outbox.changes(_SHOWN):
            if not change.kind.on_gallery or not _shows(change):
                continue
            target = change.target
            marks[target] = Mark(change.seq, change.kind, change.state, change.last_error)
            n = index.get(target)
            if change.kind is Kind.UPDATE_GALLERY and n is not None and rows[n] is not None:
                row = rows[n]
                assert row is not None
                name = change.fields.get("name", row.name)
                order = change.fields.get("sortOrder", row.sort_order)
                rows[n] = row._replace(name=name, sort_order=order)
            elif change.kind is Kind.DELETE_GALLERY and n is not None:
                rows[n] = None
            elif change.kind in (Kind.CREATE_GALLERY, Kind.CLONE_GALLERY):
                copies = change.kind is Kind.CLONE_GALLERY
                total = (self.catalog.count_items(change.gallery_id) or None) if copies else 0
                name = change.fields.get("name")
                if name is None and change.kind is Kind.CLONE_GALLERY:
                    source = self.catalog.gallery(change.gallery_id)
                    name = source.name if source is not None else None
                index[target] = len(rows)
                order = change.resume.get("sortOrder")
                rows.append(GalleryRow(target, name, order, total, False, None))
        shown = sorted((r for r in rows if r is not None), key=_display_key)
        return Shown(shown, marks, True)

    def item_counts(self, gallery_id: str | None = None) -> dict[str, int]:
        """How many items each gallery shows, without reading them: the catalog's count (the
        server's, for a gallery not listed completely yet), with creates and deletes on
        their way. With `gallery_id`, that gallery's count is right (and the others' may be
        missing): its items alone are counted, and a clone's source's."""
        with self._db.reading():
            return self._item_counts(gallery_id)

    def _item_counts(self, gallery_id: str | None) -> dict[str, int]:
        wanted = None if gallery_id is None else self._counted_for(gallery_id)
        stored = self.catalog.item_counts(wanted)
        counts = {
            row.id: stored.get(row.id, 0) if row.complete else (row.total_items or 0)
            for row in self.catalog.galleries()
            if wanted is None or row.id in wanted
        }
        for change in self.outbox.changes(WAITING):
            gallery = change.gallery_id
            if change.kind in (Kind.CREATE_ITEM, Kind.UPLOAD):
                counts[gallery] = counts.get(gallery, 0) + 1
            elif change.kind is Kind.DELETE_ITEMS:
                counts[gallery] = counts.get(gallery, 0) - len(change.target_ids)
            elif change.kind is Kind.CREATE_GALLERY:
                counts[change.target] = 0
            elif change.kind is Kind.CLONE_GALLERY:
                counts[change.target] = counts.get(gallery, 0)
        return counts

    def item_count(self, gallery_id: str) -> int:
        return self.item_counts(gallery_id).get(gallery_id, 0)

    def _counted_for(self, gallery_id: str) -> set[str]:
        """The galleries whose stored counts this one's depends on: itself, and the source
        of a clone it is still being made from (and that one's, for a clone of a clone)."""
        clones = [c for c in self.outbox.changes(WAITING) if c.kind is Kind.CLONE_GALLERY]
        wanted = {gallery_id}
        while more := {c.gallery_id for c in clones if c.target in wanted} - wanted:
            wanted |= more
        return wanted

    def _edited_row(self, gallery_id: str, row: ItemRow, change: Change) -> ItemRow:
        fields = change.fields
        if fields.keys() <= _ROW_FIELDS:
            title = fields.get("title", row.title)
            order = fields.get("sortOrder", row.sort_order)
            return row._replace(title=title, sort_order=order)
        data = self.item_json(gallery_id, row.id)  # the media changed: read the whole item
        return row if data is None else row_of(data)


def _shows(change: Change) -> bool:
    """Failed edits are not shown; failed creates are (as a tile with their failure)."""
    return change.state is not State.FAILED or change.kind.creates


def _new_item(change: Change) -> JsonObject:
    """A create's item as it will be: its JSON (an upload: an image with its title)."""
    order = change.resume.get("sortOrder")
    if change.kind is Kind.UPLOAD:
        item: JsonObject = {"image": {"type": "WIX_MEDIA"}, **change.fields}
    else:
        item = dict(change.fields)
    item["id"] = change.target
    if order is not None:
        item["sortOrder"] = order
    return item


def _display_key(row: ItemRow | GalleryRow) -> tuple[bool, float, str]:
    order = row.sort_order
    return (order is None, float(order) if order is not None else 0.0, row.id)
