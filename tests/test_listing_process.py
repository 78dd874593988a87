"""The listing process parses a listing's pages for the window's threads: what it hands over
must be exactly what parsing on the thread gives, and no way it can fail (not started yet,
killed, stuck, broken) may lose, change or hold up a page. A real child process throughout:
the app's own (`galleryman listing-pages`), or a small script that misbehaves on purpose."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from galleryman.sync import Catalog, Remote, SiteDb, listing_process, refresh_items
from galleryman.sync.listed import ListedItem, parse_page
from galleryman.sync.listing_process import MAX_STARTS, ListingProcess
from galleryman.wix.client import WixClient
from tests.test_compact_json import ODD_ITEMS, documented_items
from tests.test_sync_helpers import ordered_text_gallery

Page = tuple[list[ListedItem], str | None] | None


def body(items: list[Any]) -> bytes:
    return json.dumps({"items": items}).encode()


def seen(page: Page) -> Any:
    """A parse's result as plain data (items compared by their fields)."""
    return None if page is None else ([i.fields() for i in page[0]], page[1])


BODIES = {
    "documented items": body(documented_items()),
    "odd items with ids": body([i for i in ODD_ITEMS if isinstance(i.get("id"), str) and i["id"]]),
    "an item without an id": body([{"title": "nameless"}]),
    "an element that is not an object": body([documented_items()[0], 7]),
    "a sortOrder that is not a number": body([{"id": "a", "sortOrder": "soon"}]),
    "no items": body([]),
    "text beyond the BMP and lone surrogates": body([{"id": "s", "title": "🦀 \ud800 ß"}]),
    "not a JSON object": b"[1, 2]",
    "not JSON at all": b"<html>502</html>",
}


@pytest.fixture
def listing() -> Any:
    process = ListingProcess()
    yield process
    process.close()


def test_the_child_parses_every_page_exactly_as_the_thread_would(listing: ListingProcess) -> None:
    assert listing.wait_ready(30)
    for name, raw in BODIES.items():
        assert seen(listing.parse(raw)) == seen(parse_page(raw)), name
    assert listing.pages_answered() == len(BODIES)  # the child's answers, not the fallback
    malformed = listing.parse(BODIES["an element that is not an object"])
    assert malformed is not None and malformed[1] == "element 2 of the items is not an object"
    assert listing.parse(BODIES["not a JSON object"]) is None


def script_child(tmp_path: Path, name: str, behaviour: str) -> list[str]:
    """A child that starts as the real one does, then misbehaves; each start is recorded in
    `starts.txt` beside it."""
    script = tmp_path / f"{name}.py"
    script.write_text(
        "import sys, time\n"
        "from galleryman.thumbnailer.protocol import READY, write_frame\n"
        f"open({str(tmp_path / 'starts.txt')!r}, 'a').write('start\\n')\n"
        "out = sys.stdout.buffer\n" + behaviour
    )
    return [sys.executable, str(script)]


MISBEHAVIOURS = {
    # it never says it is ready (an installation too broken to import the parser)
    "never ready": "sys.stdin.buffer.read()\n",
    # ready, then it dies at the first page it is sent
    "dies at a page": "write_frame(out, READY)\nsys.stdin.buffer.read(1)\nsys.exit(3)\n",
    # ready, then it says each page could not be parsed (a bug in the child)
    "fails every page": (
        "from galleryman.thumbnailer.protocol import FrameBuffer\n"
        "write_frame(out, READY)\nframes = FrameBuffer()\n"
        "while chunk := sys.stdin.buffer.read1(1 << 20):\n"
        "    for header, _ in frames.feed(chunk):\n"
        "        write_frame(out, {'id': header['id'], 'failed': 'RuntimeError()'})\n"
    ),
    # ready, then an answer whose header is not JSON
    "answers nonsense": (
        "write_frame(out, READY)\nsys.stdin.buffer.read(1)\n"
        "out.write(b'\\x00\\x00\\x00\\x04abcd'); out.flush()\nsys.stdin.buffer.read()\n"
    ),
    # ready, then it takes the page and never answers
    "stalls": "write_frame(out, READY)\nsys.stdin.buffer.read()\n",
}


@pytest.mark.parametrize("behaviour", list(MISBEHAVIOURS))
def test_a_child_that_misbehaves_costs_no_page_and_is_started_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, behaviour: str
) -> None:
    monkeypatch.setattr(listing_process, "ANSWER_SECONDS", 2.0)  # "stalls" is given up on
    raw = BODIES["documented items"]
    listing = ListingProcess(script_child(tmp_path, "child", MISBEHAVIOURS[behaviour]))
    try:
        for _ in range(MAX_STARTS + 2):
            listing.wait_ready(0.2 if behaviour == "never ready" else 30)
            assert seen(listing.parse(raw)) == seen(parse_page(raw))
        assert listing.pages_answered() == 0
    finally:
        listing.close()
    starts = (tmp_path / "starts.txt").read_text().count("start")
    assert starts == (1 if behaviour in ("never ready", "fails every page") else MAX_STARTS)


def listed_into(db: SiteDb, client: WixClient, gallery_id: str, how: str) -> tuple[int, list[int]]:
    """The gallery listed into the catalog, its pages parsed `how`: the pages the child
    answered, and each page's length."""
    listing = ListingProcess()
    if how == "here":
        listing.close()  # no child is started: every page is parsed on this thread
    else:
        assert listing.wait_ready(30)
    pages: list[int] = []

    def on_page(page: list[ListedItem]) -> None:
        pages.append(len(page))
        if how == "child killed after two pages" and len(pages) == 2:
            assert listing._child is not None
            os.kill(listing._child.process.pid, signal.SIGKILL)

    try:
        refreshed = refresh_items(db, Remote(client, listing=listing), gallery_id, on_page)
        answered = listing.pages_answered()
    finally:
        listing.close()
    assert refreshed.count == sum(pages)
    return answered, pages


def test_a_listing_through_the_child_stores_what_one_parsed_here_does_even_if_it_is_killed(
    tmp_path: Path, client: WixClient
) -> None:
    gallery_id, _ = ordered_text_gallery(client, 450)  # the first page, then four from the child
    stored: dict[str, Any] = {}
    for how in ("here", "child", "child killed after two pages"):
        db = SiteDb(tmp_path / f"{how}.sqlite3")
        answered, pages = listed_into(db, client, gallery_id, how)
        assert pages == [100, 100, 100, 100, 50], how
        if how != "child killed after two pages":  # after it, a new child may take pages
            assert answered == {"here": 0, "child": 4}[how], how
        catalog = Catalog(db)
        rows = catalog.item_rows(gallery_id)
        assert [row.title for row in rows] == [f"t{n}" for n in range(450)], how
        stored[how] = [(row, catalog.item_json(row.id)) for row in rows]
    assert stored["here"] == stored["child"] == stored["child killed after two pages"]


def test_the_child_ends_with_the_window_even_when_the_window_is_killed() -> None:
    # A killed window closes nothing: the child must see the end of its input and go,
    # never linger as an orphan.
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import threading\n"
            "from galleryman.sync.listing_process import ListingProcess\n"
            "listing = ListingProcess()\n"
            "assert listing.wait_ready(30)\n"
            "print(listing._child.process.pid, flush=True)\n"
            "threading.Event().wait()\n",  # a window that runs until it is killed
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as window:
        assert window.stdout is not None
        child = int(window.stdout.readline())
        window.kill()
    try:
        ended = os.pidfd_open(child)  # readable once the child has ended
    except ProcessLookupError:
        return  # already gone
    try:
        readable, _, _ = select.select([ended], [], [], 30)
    finally:
        os.close(ended)
    if not readable:
        os.kill(child, signal.SIGKILL)
        raise AssertionError("the listing process outlived the killed window by 30 s")
