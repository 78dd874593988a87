"""kill -9: a real child process writing or sending the outbox is killed mid-way; the next
start finds nothing committed lost, nothing half-written, and sends every change once.

Run as a module, this file is that child: `python -m tests.test_sync_crash add|send ...`.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from contextlib import ExitStack, closing
from pathlib import Path

import keyring
import pytest

from galleryman.credentials import UPLOAD_SERVICE, UploadUrlStore
from galleryman.sandbox.server import SandboxServer
from galleryman.sync import (
    Catalog,
    Change,
    Edits,
    Kind,
    Outbox,
    Remote,
    Result,
    Sender,
    SiteDb,
    State,
    refresh_galleries,
    refresh_items,
)
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from galleryman.wix.transport import RetryPolicy
from tests.keyring_backend import FileKeyring, active_keyring
from tests.test_sync_helpers import Clock, media_files, photo, seed_gallery, titles

REPO = Path(__file__).resolve().parent.parent


def _child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.test_sync_crash", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )


def _kill(child: subprocess.Popen[str]) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.stdout is not None
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL


def _until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait for something another thread does (the server finishing a request)."""
    done = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        done.wait(0.01)
    raise AssertionError("it did not happen in time")


def test_changes_committed_before_a_kill_are_all_there(tmp_path: Path) -> None:
    path = tmp_path / "sites" / "site.sqlite3"
    catalog = Catalog(SiteDb(path))
    catalog.put_gallery({"id": "g", "name": "Coastline", "sortOrder": 1})
    catalog.put_items("g", [{"id": "a", "sortOrder": 1, "title": "Cove"}], catalog.begin_listing())
    child = _child("add", str(path), str(tmp_path))
    assert child.stdout is not None
    reported = [int(child.stdout.readline()) for _ in range(60)]  # each one after its commit
    _kill(child)  # ... somewhere in the middle of the next ones

    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    changes = Outbox(SiteDb(path)).changes()
    seqs = [c.seq for c in changes]
    assert seqs[: len(reported)] == reported  # every change the child was told about
    assert len(seqs) <= len(reported) + 1  # at most the one committed as it was killed
    for change in changes:  # whole rows only
        assert change.state is State.QUEUED
        if change.kind is Kind.UPDATE_ITEM:
            assert change.fields["title"].startswith("Cove ") and change.replaces
        else:
            assert change.kind is Kind.UPLOAD and Path(change.resume["path"]).name == "p.jpg"


SCENARIOS = {
    # what is being sent when the process dies: (method, path) held at the server
    "create": ("POST", r"/items$"),
    "update": ("PATCH", r"/items/"),
    "delete": ("POST", r"/items/delete$"),
    "upload's item": ("POST", r"/items$"),
    "upload's bytes": ("PUT", r"/upload/"),
    # The same, with the upload URL kept in the keyring as the app keeps it (UploadUrlStore).
    "upload's bytes, URL in the keyring": ("PUT", r"/upload/"),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_a_sender_killed_while_sending_sends_each_change_once_after_restart(
    tmp_path: Path, client: WixClient, sandbox: SandboxServer, scenario: str
) -> None:
    gallery_id, (cove, pier) = seed_gallery(client, "Coastline", ["Cove", "Pier"])
    files = media_files(sandbox)
    path = tmp_path / "sites" / "site.sqlite3"
    db = SiteDb(path)
    keyring_file = tmp_path / "keyring.json" if "keyring" in scenario else None
    remote = Remote(client)
    refresh_galleries(db, remote)
    refresh_items(db, remote, gallery_id)
    edits = Edits(db, Clock())
    if scenario == "create":
        edits.add_item(gallery_id, Item.text_item("<p>n</p>", title="Note").to_json())
    elif scenario == "update":
        edits.edit_item(gallery_id, cove, {"title": "Cove at dawn"})
    elif scenario == "delete":
        edits.delete_items(gallery_id, [pier])
    else:
        edits.upload(gallery_id, [photo(tmp_path, "beach.jpg")])
    edits.edit_item(gallery_id, cove, {"description": "the next change"})
    posts = len([r for r in sandbox.request_log if r[0] == "POST"])

    method, where = SCENARIOS[scenario]
    pattern = re.compile(where)

    def answered() -> int:
        return sum(1 for m, p, _ in sandbox.request_log if m == method and pattern.search(p))

    before = answered()
    with sandbox.gate(method, where) as gate:
        child = _child(
            "send", str(path), sandbox.base_url, sandbox.api_key, sandbox.site_id,
            *([str(keyring_file)] if keyring_file else []),
        )  # fmt: skip
        assert gate.arrived(1, timeout=60)
        _kill(child)  # it dies waiting for the answer...
    # ... which the site then applies, answering no one.
    _until(lambda: answered() > before)
    left = Outbox(SiteDb(path)).changes([State.SENDING])
    assert len(left) == 1  # the change it was sending

    with ExitStack() as keeping:
        if keyring_file is not None:  # the app started again: the keyring has kept the URL
            assert FileKeyring(keyring_file).services() == [UPLOAD_SERVICE]
            keeping.enter_context(active_keyring(FileKeyring(keyring_file)))
            remote = Remote(client, UploadUrlStore())
        sender = Sender(SiteDb(path), clock=Clock())
        try:
            assert sender.recovered == [left[0].seq]
            again = Outbox(SiteDb(path)).get(left[0].seq)
            assert again is not None
            assert again.state is (State.NEEDS_CHECK if left[0].kind.creates else State.QUEUED)
            outcomes = _drain(sender, remote)
        finally:
            sender.close()
    assert all(o.result is Result.SENT for o in outcomes)
    assert {c.state for c in Outbox(SiteDb(path)).changes()} == {State.DONE}

    items = client.list_items(gallery_id)
    assert items[0].description == "the next change"
    if scenario == "create":
        assert titles(client, gallery_id) == ["Cove", "Pier", "Note"]
        assert len([r for r in sandbox.request_log if r[0] == "POST"]) == posts + 1
    elif scenario == "update":
        assert titles(client, gallery_id) == ["Cove at dawn", "Pier"]
    elif scenario == "delete":
        assert titles(client, gallery_id) == ["Cove"]
    else:
        assert titles(client, gallery_id) == ["Cove", "Pier", "beach"]
        # Killed after its item was asked for, the upload had its file id: reused. Killed
        # during the bytes, it had none; the upload URL (a secret, never in the outbox file)
        # kept in the keyring is PUT again and answers with the file that arrived. Without
        # a keyring that file stays unused in the Media Manager and a second one is sent.
        kept = scenario == "upload's item" or keyring_file is not None
        assert media_files(sandbox) == files + (1 if kept else 2)
        if keyring_file is not None:
            assert FileKeyring(keyring_file).services() == []  # the URL dropped once used


def _drain(sender: Sender, remote: Remote) -> list[object]:
    outcomes = []
    for _ in range(50):
        outcome = sender.send_next(remote)
        if outcome.result is Result.IDLE:
            return outcomes
        outcomes.append(outcome)
    raise AssertionError("the outbox did not drain")


# ------------------------------------------------------------------------ the child process


def _add_forever(path: Path, folder: Path) -> None:
    """Add changes one after another, saying each seq once its call has returned."""
    edits = Edits(SiteDb(path))
    picture = photo(folder, "p.jpg")
    n = 0
    while True:
        n += 1
        change: Change | None
        if n % 3:
            change = edits.edit_item("g", "a", {"title": f"Cove {n}"})
        else:
            change = edits.upload("g", [picture])[0]
        assert change is not None
        print(change.seq, flush=True)


def _send(path: Path, base_url: str, api_key: str, site_id: str, keyring_file: str = "") -> None:
    urls = None
    if keyring_file:
        keyring.set_keyring(FileKeyring(Path(keyring_file)))
        urls = UploadUrlStore()
    retry = RetryPolicy(max_attempts=2, sleep=lambda _s: None)
    client = WixClient(
        ApiKeyAuth(api_key, site_id), base_url, rate_limit_per_minute=None, retry=retry,
        timeout=120,
    )  # fmt: skip
    sender = Sender(SiteDb(path))
    while sender.send_next(Remote(client, urls)).result is not Result.IDLE:
        pass


if __name__ == "__main__":
    if sys.argv[1] == "add":
        _add_forever(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        _send(Path(sys.argv[2]), *sys.argv[3:7])
