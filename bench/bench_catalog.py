"""Catalog and outbox benchmarks. Prints figures; asserts nothing.

For a gallery of 10,000 and of 100,000 image items (JSON shaped like the sandbox's answers):

(a) storing the listing, 100 items a page as a refresh does, and the database's size;
(b) loading the gallery's compact rows (`Catalog.item_rows`), time and memory, beside bare
    baselines in the same run: the same columns as plain tuples from SQLite, a plain list of
    tuples built from the same data already in memory, every item's JSON parsed into dicts,
    and (10,000 only) the client's `Item` models;
(c) what the window shows (`View.items`) with no change on its way and with 100;
(d) adding a change to the outbox: fsynced (synchronous=FULL, what the outbox uses) beside
    the same insert without the fsync (synchronous=NORMAL).

Memory is what the result keeps alive (tracemalloc, traced apart from the timed runs);
times are the best of 5 runs. Run: .venv/bin/python bench/bench_catalog.py
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from galleryman.sync import Catalog, Edits, SiteDb, View  # noqa: E402
from galleryman.sync.changes import Kind, NewChange  # noqa: E402
from galleryman.sync.outbox import Outbox  # noqa: E402
from galleryman.wix.models import Item  # noqa: E402

SIZES = (10_000, 100_000)
PAGE = 100
ADDS = 200
COLUMNS = "id, sort_order, title, media_type, media_id, width, height, updated_date"


def make_item(n: int) -> dict[str, Any]:
    file_id = f"a0f149_{uuid.uuid4().hex}~mv2.jpg"
    return {
        "id": str(uuid.uuid4()),
        "sortOrder": 1_796_000_000.0 + n * 0.731,
        "title": f"Coastline study {n}",
        "description": "Morning light over the cove, long exposure.",
        "image": {
            "type": "WIX_MEDIA",
            "imageInfo": {
                "id": file_id,
                "url": f"https://static.wixstatic.com/media/{file_id}",
                "width": 6000,
                "height": 4000,
                "filename": f"IMG_{n:05d}.jpg",
                "altText": f"Photo {n}",
            },
            "focalPoint": {"x": 0.5, "y": 0.5},
        },
        "tags": {"values": ["coast", "morning"]},
        "type": "IMAGE",
        "createdDate": "2026-11-02T10:59:29.123Z",
        "updatedDate": "2026-11-03T08:12:45.456Z",
    }


def best(run: Callable[[], object], times: int = 5) -> float:
    results = []
    for _ in range(times):
        gc.collect()
        started = time.perf_counter()
        run()
        results.append(time.perf_counter() - started)
    return min(results)


def kept(make: Callable[[], object]) -> tuple[int, int]:
    """(bytes kept alive by the result, peak bytes while making it)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result = make()
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return after - before, peak - before


def mb(size: int) -> str:
    return f"{size / 1e6:8.1f} MB"


def line(what: str, seconds: float | None, memory: tuple[int, int] | None) -> None:
    time_text = f"{seconds * 1000:9.1f} ms" if seconds is not None else " " * 12
    mem_text = f"kept {mb(memory[0])}  peak {mb(memory[1])}" if memory else ""
    print(f"  {what:<46}{time_text}   {mem_text}")


def bench_gallery(folder: Path, count: int) -> None:
    print(f"\n{count:,} items")
    items = [make_item(n) for n in range(count)]
    path = folder / f"catalog-{count}.sqlite3"
    db = SiteDb(path)
    catalog = Catalog(db)
    started = time.perf_counter()
    token = catalog.begin_listing()
    for start in range(0, count, PAGE):
        catalog.put_items("g", items[start : start + PAGE], token)
    catalog.finish_listing("g", token)
    stored = time.perf_counter() - started
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    json_bytes = sum(len(json.dumps(i)) for i in items)
    print(f"  store the listing ({count // PAGE} pages)              {stored * 1000:9.1f} ms")
    print(f"  database size {mb(size)} (the JSON alone: {mb(json_bytes)})")

    reader = SiteDb(path)
    fresh = Catalog(reader)
    print("  load the gallery")
    load = lambda: fresh.item_rows("g")  # noqa: E731
    line("Catalog.item_rows (ItemRow tuples)", best(load), kept(load))
    raw = sqlite3.connect(path)
    sql = f"SELECT {COLUMNS} FROM items WHERE gallery_id = 'g' ORDER BY sort_order, id"

    def bare_sqlite() -> list[Any]:
        return raw.execute(sql).fetchall()

    line("baseline: the same columns, plain tuples", best(bare_sqlite), kept(bare_sqlite))

    def bare_memory() -> list[tuple[Any, ...]]:
        return [
            (
                i["id"], i["sortOrder"], i["title"], "IMAGE", i["image"]["imageInfo"]["id"],
                i["image"]["imageInfo"]["width"], i["image"]["imageInfo"]["height"],
                i["updatedDate"],
            )
            for i in items
        ]  # fmt: skip

    # (its strings are the dicts' own: it keeps only the list and the tuples)
    line("baseline: tuples of the dicts in memory", best(bare_memory), kept(bare_memory))

    def json_dicts() -> list[Any]:
        rows = raw.execute("SELECT json FROM items WHERE gallery_id = 'g' ORDER BY sort_order")
        return [json.loads(text) for (text,) in rows]

    line("every item's JSON as dicts", best(json_dicts, 2), kept(json_dicts))
    if count <= 10_000:

        def models() -> list[Item]:
            return [Item.from_json(d) for d in items]

        line("the client's Item models", best(models, 2), kept(models))

    view = View(reader)
    line("View.items, nothing on its way", best(lambda: view.items("g")), None)
    catalog.put_items("small", [make_item(count + n) for n in range(10)], catalog.begin_listing())
    print("  counts (on the GUI thread: the sidebar, an upload finished in another gallery)")
    sidebar = lambda: (view.galleries(), view.item_counts())  # noqa: E731
    line("View.galleries and View.item_counts", best(sidebar), None)
    line("View.item_count of a 10-item gallery", best(lambda: view.item_count("small")), None)
    group_by = lambda: raw.execute(  # noqa: E731
        "SELECT gallery_id, COUNT(*) FROM items GROUP BY gallery_id"
    ).fetchall()
    line("baseline: one COUNT(*) ... GROUP BY", best(group_by), None)
    edits = Edits(db)
    rows = catalog.item_rows("g")
    edits.edit_items("g", {row.id: {"title": f"Edited {n}"} for n, row in enumerate(rows[:50])})
    edits.move_items("g", {row.id: float(n) for n, row in enumerate(rows[-50:])})
    line("View.items, 100 changes on their way", best(lambda: view.items("g")), None)
    raw.close()
    reader.close()
    db.close()


def bench_outbox(folder: Path) -> None:
    print(f"\nadding a change to the outbox ({ADDS} changes each)")
    db = SiteDb(folder / "outbox.sqlite3")
    outbox = Outbox(db)

    def add(durable: bool) -> float:
        started = time.perf_counter()
        for n in range(ADDS):
            new = NewChange(Kind.UPDATE_ITEM, "g", (f"i{n}",), {"title": f"t{n}"}, {"title": "x"})
            with db.transaction(durable=durable):
                outbox.insert(new)
        return (time.perf_counter() - started) / ADDS

    add(True)  # warm up
    full, normal = add(True), add(False)
    print(f"  synchronous=FULL (fsync per change, the outbox)   {full * 1000:7.2f} ms a change")
    print(f"  baseline: synchronous=NORMAL (no fsync)           {normal * 1000:7.2f} ms a change")
    db.close()


def main() -> None:
    print(f"galleryman catalog benchmark (Python {sys.version.split()[0]}, SQLite "
          f"{sqlite3.sqlite_version}, {os.cpu_count()} CPUs)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for count in SIZES:
            bench_gallery(Path(tmp), count)
        bench_outbox(Path(tmp))


if __name__ == "__main__":
    main()
