"""Exactly once: a change applied on the site whose answer is lost is never applied twice.

The sandbox applies the change and then drops the connection ("drop-after") or garbles the
answer ("malformed-json"). The client looks for an ambiguous create itself; with `look_fails`
its look-up is refused too (the connection is dropped on every GET it tries), so the change
reaches the outbox as "may have happened" (needs_check) and the sender's own look-up decides.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from galleryman.sandbox.server import SandboxServer
from galleryman.sync import Outcome, Remote, Result, State
from galleryman.sync.remote import Failure, RemoteError
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from tests.support import make_client
from tests.test_sync_helpers import (
    media_files,
    open_site,
    ordered_text_gallery,
    photo,
    seed_gallery,
    titles,
)

FAULTS = ["drop-after", "malformed-json"]
CLIENT_ATTEMPTS = 6  # tests.support.make_client's RetryPolicy


def _fail_the_clients_look(sandbox: SandboxServer) -> None:
    sandbox.faults.inject_next("drop-before", count=CLIENT_ATTEMPTS, method="GET")


def _was_checked(outcomes: list[Outcome]) -> bool:
    """Whether a change went to needs_check (and was then looked up by the sender)."""
    return any(
        o.result is Result.WAITING and o.change is not None and o.change.state is State.NEEDS_CHECK
        for o in outcomes
    )


def _posts(sandbox: SandboxServer, ending: str) -> int:
    return sum(1 for m, p, _ in sandbox.request_log if m == "POST" and p.endswith(ending))


@pytest.mark.parametrize("look_fails", [False, True])
@pytest.mark.parametrize("fault", FAULTS)
def test_a_created_item_exists_once(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer, fault: str, look_fails: bool
) -> None:
    gallery_id, _ = seed_gallery(client, "Coastline", ["Cove"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        posts = _posts(sandbox, "/items")
        text = site.edits.add_item(gallery_id, Item.text_item("<p>hi</p>", title="Note").to_json())
        after = site.edits.edit_item(gallery_id, text.target, {"description": "edited after"})
        sandbox.faults.inject_next(fault, method="POST", path_contains="/items")
        if look_fails:
            _fail_the_clients_look(sandbox)
        outcomes = site.drain()
        assert sandbox.faults.pending == 0
        assert _was_checked(outcomes) == look_fails
        assert [c.state for c in site.outbox.changes()] == [State.DONE, State.DONE]
        assert after is not None
    items = client.list_items(gallery_id)
    assert [i.title for i in items] == ["Cove", "Note"]
    assert items[1].description == "edited after"
    assert _posts(sandbox, "/items") == posts + 1  # looked up, never sent again


@pytest.mark.parametrize(
    ("step", "fault", "look_fails"),
    # The bytes (PUT: sent again to the same upload URL, which stands for one file), or the
    # item's create (POST: looked up by its sortOrder and file id).
    [("PUT", fault, False) for fault in FAULTS]
    + [("POST", fault, look_fails) for fault in FAULTS for look_fails in (False, True)],
)
def test_an_uploaded_photo_makes_one_file_and_one_item(
    tmp_path: Path,
    client: WixClient,
    sandbox: SandboxServer,
    step: str,
    fault: str,
    look_fails: bool,
) -> None:
    gallery_id, _ = seed_gallery(client, "Coastline", ["Cove"])
    files = media_files(sandbox)
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        upload = site.edits.upload(gallery_id, [photo(tmp_path, "beach.jpg")])[0]
        where = "/upload/" if step == "PUT" else "/items"
        sandbox.faults.inject_next(fault, method=step, path_contains=where)
        if look_fails:
            _fail_the_clients_look(sandbox)
        outcomes = site.drain()
        assert sandbox.faults.pending == 0
        assert _was_checked(outcomes) == look_fails
        done = site.outbox.get(upload.seq)
        assert done is not None and done.state is State.DONE
        file_id = done.resume["fileId"]
    assert media_files(sandbox) == files + 1
    items = client.list_items(gallery_id)
    assert [i.title for i in items] == ["Cove", "beach"]
    assert items[1].media_id == file_id


@pytest.mark.parametrize("fault", FAULTS)
def test_an_edit_whose_answer_is_lost_is_sent_again_safely(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer, fault: str
) -> None:
    gallery_id, (cove, pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    with open_site(tmp_path, client) as site:
        site.refresh(gallery_id)
        site.edits.edit_item(gallery_id, cove, {"title": "Cove at dawn", "description": "fog"})
        site.edits.move_items_to(gallery_id, [pier], 0)
        sandbox.faults.inject_next(fault, method="PATCH")
        site.drain()
        assert {c.state for c in site.outbox.changes()} == {State.DONE}
        assert [r.title for r in site.view.items(gallery_id).rows] == ["Pier", "Cove at dawn"]
    items = client.list_items(gallery_id)
    assert [(i.title, i.description) for i in items] == [("Pier", None), ("Cove at dawn", "fog")]


@pytest.mark.parametrize("look_fails", [False, True])
@pytest.mark.parametrize("fault", FAULTS)
def test_a_created_gallery_exists_once(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer, fault: str, look_fails: bool
) -> None:
    with open_site(tmp_path, client) as site:
        site.refresh()
        created = site.edits.create_gallery("Summer")
        site.edits.add_item(created.target, Item.text_item("<p>sun</p>", title="Sun").to_json())
        sandbox.faults.inject_next(fault, method="POST", path_contains="/galleries")
        if look_fails:
            _fail_the_clients_look(sandbox)
        outcomes = site.drain()
        assert sandbox.faults.pending == 0
        assert _was_checked(outcomes) == look_fails
        assert {c.state for c in site.outbox.changes()} == {State.DONE}
        summer = site.outbox.current_id(created.target)
    assert [g.name for g in client.list_galleries()] == ["Summer"]
    assert titles(client, summer) == ["Sun"]


def test_a_look_up_whose_pages_shifted_does_not_say_the_item_is_not_there(
    client: WixClient, sandbox: SandboxServer
) -> None:
    """An ambiguous create is looked up by its sortOrder, the listing's ends first. Offset
    pages shift when someone deletes an item while they are read: the item looked for moves
    onto a page already read, and a look that then said "not there" would send the create
    again (a duplicate). It fails instead, and the sender looks again later."""
    gallery_id, listed = ordered_text_gallery(client, 250)
    remote = Remote(client)
    wanted = 101.0  # t100: the first item of the middle page (offsets 100-149)
    found = remote.find_item(gallery_id, wanted, "TEXT", None)
    assert found is not None and found["title"] == "t100"

    failures: list[RemoteError] = []

    def look() -> None:
        try:
            found = remote.find_item(gallery_id, wanted, "TEXT", None)
            failures.append(RemoteError(Failure.OTHER, f"the look said: {found}"))
        except RemoteError as error:
            failures.append(error)

    with sandbox.gate("GET", r"/items") as gate:  # after Get Gallery: the tail, the middle
        looker = threading.Thread(target=look)
        looker.start()
        gate.release_one()  # the tail (offsets 150-249) is read
        assert gate.arrived(1, timeout=30)  # the middle waits
        with make_client(sandbox) as someone:
            someone.delete_item(gallery_id, listed["t5"])  # t100 moves to offset 99
        gate.release()
        looker.join(30)
    [error] = failures
    assert error.failure is Failure.OFFLINE and error.short_listing, error.sentence
    assert "249 of the 250" in error.sentence
