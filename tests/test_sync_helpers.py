"""Helpers for the sync core's tests (no tests here): a site database in tmp_path with the
real client against the real sandbox, a clock the test moves, and draining the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from galleryman.sandbox.server import SandboxServer
from galleryman.sync import (
    Edits,
    Outbox,
    Outcome,
    Remote,
    Result,
    Sender,
    SiteDb,
    View,
    refresh_galleries,
    refresh_items,
)
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from tests.support import image_bytes, make_client

START = 1_900_000_000.0  # after every sortOrder the sandbox gives (epoch seconds of now)


class Clock:
    """The sync core's time, moved only by the test (backoff and waits without waiting)."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Site:
    """One site as the app would hold it: a GUI-side database and a sender-side one."""

    path: Path
    db: SiteDb
    worker_db: SiteDb
    clock: Clock
    edits: Edits
    view: View
    outbox: Outbox
    sender: Sender
    remote: Remote

    def close(self) -> None:
        self.sender.close()
        self.db.close()
        self.worker_db.close()

    def refresh(self, *gallery_ids: str) -> None:
        refresh_galleries(self.db, self.remote)
        for gallery_id in gallery_ids:
            refresh_items(self.db, self.remote, gallery_id)

    def drain(self, limit: int = 500) -> list[Outcome]:
        """Send until nothing is left that time can unblock (moving the clock over waits)."""
        outcomes: list[Outcome] = []
        for _ in range(limit):
            outcome = self.sender.send_next(self.remote)
            if outcome.result is Result.IDLE:
                if outcome.retry_at is None:
                    return outcomes
                self.clock.now = max(self.clock.now, outcome.retry_at)
                continue
            outcomes.append(outcome)
        raise AssertionError(f"the outbox did not drain in {limit} steps: {outcomes[-5:]}")


@contextmanager
def open_site(
    tmp_path: Path, client: WixClient, *, check_after: float = 60.0, name: str = "site"
) -> Iterator[Site]:
    path = tmp_path / "user-data" / "sites" / f"{name}.sqlite3"
    clock = Clock()
    db = SiteDb(path)
    worker_db = SiteDb(path)
    sender = Sender(worker_db, clock=clock, check_after=check_after)
    site = Site(
        path, db, worker_db, clock, Edits(db, clock), View(db), Outbox(db, clock), sender,
        Remote(client),
    )  # fmt: skip
    try:
        yield site
    finally:
        site.close()


def seed_gallery(client: WixClient, name: str, titles: list[str]) -> tuple[str, list[str]]:
    """A gallery of text items with these titles (in this order), made directly on the site."""
    gallery = client.create_gallery(name)
    assert gallery.id is not None
    ids = []
    for title in titles:
        item = client.create_item(gallery.id, Item.text_item(f"<p>{title}</p>", title=title))
        assert item.id is not None
        ids.append(item.id)
    return gallery.id, ids


def ordered_text_gallery(client: WixClient, count: int) -> tuple[str, dict[str, str]]:
    """A gallery of `count` text items t0, t1, … in that order (sortOrder 1, 2, …), made in
    one request (long enough for several listing pages); its id, and the ids by title."""
    items = [
        Item.from_json({**Item.text_item(f"<p>t{n}</p>", title=f"t{n}").to_json(),
                        "sortOrder": n + 1.0})
        for n in range(count)
    ]  # fmt: skip
    gallery = client.create_gallery("Long", items=items)
    assert gallery.id is not None
    return gallery.id, {str(i.title): str(i.id) for i in client.list_items(gallery.id)}


def seed_photo(client: WixClient, gallery_id: str, title: str, alt: str | None = None) -> str:
    file = client.upload_data(image_bytes(64, 48), f"{title}.jpg", "image/jpeg")
    item = client.create_item(gallery_id, Item.image_item(file, title=title, alt_text=alt))
    assert item.id is not None
    return item.id


def titles(client: WixClient, gallery_id: str) -> list[str | None]:
    return [item.title for item in client.list_items(gallery_id)]


def media_files(server: SandboxServer) -> int:
    with server.store.read() as tx:
        return len(tx.file_ids())


def photo(tmp_path: Path, name: str, seed: int = 0) -> Path:
    path = tmp_path / "photos" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(image_bytes(80, 60, seed=seed))
    return path


def other_client(server: SandboxServer) -> WixClient:
    """Someone else editing the site (the Wix dashboard, another computer)."""
    return make_client(server)
