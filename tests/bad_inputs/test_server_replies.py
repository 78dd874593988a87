"""What a misbehaving server can make the client do: a table of scripted replies.

Each case runs the real client over real loopback HTTP against `tests/hostile_server.py`, and
states its outcome: a typed error with a readable sentence, or the data kept exactly (checked
on the server). No case may hang (each runs under a deadline the test enforces), report a
false success, crash with anything but a WixError, or log an ERROR. Time is a stepping clock
with recorded sleeps: nothing waits for real, deadlines pass on the clock.
"""

from __future__ import annotations

import itertools
import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random
from typing import Any

import pytest

from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.errors import (
    AuthenticationError,
    DeadlineExceededError,
    FieldNotClearedError,
    IncompleteListingError,
    MalformedResponseError,
    MediaProcessingError,
    NetworkError,
    PartialDeleteError,
    ResponseTooLargeError,
    ServerError,
    ThrottledTooLongError,
    UnexpectedRedirectError,
    UploadLinkExpiredError,
    ValidationError,
    WixError,
)
from galleryman.wix.limits import Limits
from galleryman.wix.models import Item
from galleryman.wix.observer import BackoffWait, RetryAfterWait, WaitEvent
from galleryman.wix.transport import RetryPolicy
from galleryman.wix.uploads import UploadPhase, UploadState
from tests.hostile_server import (
    HostileServer,
    MiniWix,
    drop,
    freeze,
    gzip_bomb,
    gzipped,
    html,
    huge,
    json_reply,
    raw,
    redirect,
    trickle,
)
from tests.support import SteppingClock

SECRET = "hostile-test-secret-key"
CASE_DEADLINE_S = 60.0  # real seconds; every case normally ends in well under one
MiB = 1024 * 1024
# Loopback answers in milliseconds; two seconds of silence only happen in the frozen case.
LIMITS = Limits(connect_timeout=2.0, read_timeout=2.0, write_timeout=2.0)


@dataclass
class Run:
    """What a case's checks get to look at."""

    server: HostileServer
    clock: SteppingClock
    events: list[WaitEvent]
    ctx: dict[str, Any]
    result: Any = None
    error: BaseException | None = None
    phases: list[UploadPhase] = field(default_factory=list)

    def requests(self, method: str, pattern: str = "") -> int:
        return len(self.server.sent(method, pattern))


@dataclass(frozen=True)
class Case:
    name: str
    act: Callable[[WixClient, Run], Any]
    expect: type[WixError] | None  # None: the call must succeed
    setup: Callable[[HostileServer, dict[str, Any]], None] = lambda server, ctx: None
    check: Callable[[Run], None] = lambda run: None
    clearing: str = "null"
    limits: Limits = LIMITS
    tick: float = 0.0  # stepping-clock seconds per reading


# ------------------------------------------------------------------------ helpers

GALLERY_ITEMS = r"/galleries/[^/]+/items$"
ONE_ITEM = r"/galleries/[^/]+/items/[^/]+$"


def seed(items: int = 3, galleries: int = 1) -> Callable[[HostileServer, dict[str, Any]], None]:
    def setup(server: HostileServer, ctx: dict[str, Any]) -> None:
        ctx["gids"] = [
            server.wix.add_gallery(f"G{n}", float(n + 1), items) for n in range(galleries)
        ]
        ctx["gid"] = ctx["gids"][0]
        ctx["ids"] = [i["id"] for i in server.wix.items[ctx["gid"]]]

    return setup


def then(*steps: Callable[[HostileServer, dict[str, Any]], None]) -> Callable[..., None]:
    def setup(server: HostileServer, ctx: dict[str, Any]) -> None:
        for step in steps:
            step(server, ctx)

    return setup


def script(method: str, pattern: str, *replies: Any, **options: Any) -> Callable[..., None]:
    return lambda server, ctx: server.script(method, pattern, *replies, **options)


def items_of(run: Run) -> list[dict[str, Any]]:
    return run.server.wix.items[run.ctx["gid"]]


def fresh_galleries_forever(sock: socket.socket, server: HostileServer) -> None:
    """A listing page of ten never-seen galleries, and no total."""
    start = next(_counter)
    page = [{"id": f"endless-{start}-{n}", "sortOrder": float(n)} for n in range(10)]
    json_reply({"galleries": page})(sock, server)


_counter = itertools.count()


def text_item(title: str, order: float | None = None) -> Item:
    return Item.text_item(f"<p>{title}</p>", title=title, sort_order=order)


def redirect_elsewhere(method: str, pattern: str, status: int = 302) -> Callable[..., None]:
    """Redirect to a second server, which must never hear from the client."""

    def setup(server: HostileServer, ctx: dict[str, Any]) -> None:
        other = HostileServer()
        ctx["other"] = other
        server.script(method, pattern, redirect(status, f"{other.base_url}/steal"), forever=True)

    return setup


def nothing_went_elsewhere(run: Run) -> bool:
    return run.ctx["other"].requests == []


def expect(*checks: bool) -> None:
    """Each check must hold; a failure says which one (the case name is in the test id)."""
    for number, ok in enumerate(checks, 1):
        assert ok, f"check {number} of this case failed"


def counts(run: Run) -> tuple[int, int | None]:
    assert isinstance(run.error, IncompleteListingError)
    return run.error.received, run.error.expected


def upload(run: Run, client: WixClient) -> Any:
    state = run.ctx.setdefault("state", UploadState())
    return client.upload_data(
        b"\xff\xd8 not really a jpeg", "photo.jpg", "image/jpeg",
        state=state, on_phase=run.phases.append,
    )  # fmt: skip


# ------------------------------------------------------------------------ the cases

CASES: list[Case] = [
    # --- redirects are never success, never followed
    Case(
        "302 to another host on list galleries",
        lambda c, r: c.list_galleries(),
        UnexpectedRedirectError,
        redirect_elsewhere("GET", r"/galleries$"),
        lambda r: expect(nothing_went_elsewhere(r)),
    ),
    Case(
        "307 on get gallery",
        lambda c, r: c.get_gallery(r.ctx["gid"]),
        UnexpectedRedirectError,
        then(seed(), redirect_elsewhere("GET", r"/galleries/[^/]+$", 307)),
        lambda r: expect(nothing_went_elsewhere(r)),
    ),
    Case(
        "302 on delete item: not deleted, not success",
        lambda c, r: c.delete_item(r.ctx["gid"], r.ctx["ids"][0]),
        UnexpectedRedirectError,
        then(seed(), redirect_elsewhere("DELETE", ONE_ITEM)),
        lambda r: expect(nothing_went_elsewhere(r), len(items_of(r)) == 3),
    ),
    Case(
        "302 on delete gallery",
        lambda c, r: c.delete_gallery(r.ctx["gid"]),
        UnexpectedRedirectError,
        then(seed(), redirect_elsewhere("DELETE", r"/galleries/[^/]+$")),
        lambda r: expect(nothing_went_elsewhere(r), r.ctx["gid"] in r.server.wix.galleries),
    ),
    Case(
        "302 on bulk delete",
        lambda c, r: c.bulk_delete_items(r.ctx["gid"], r.ctx["ids"]),
        UnexpectedRedirectError,
        then(seed(), redirect_elsewhere("POST", r"/items/delete$")),
        lambda r: expect(nothing_went_elsewhere(r), len(items_of(r)) == 3),
    ),
    # --- 200s that are not the documented answer
    Case(
        "empty 200 to list galleries",
        lambda c, r: c.list_galleries(),
        MalformedResponseError,
        script("GET", r"/galleries$", raw(200, b"")),
        lambda r: expect(r.requests("GET") == 1),
    ),
    Case(
        "HTML 200 to list galleries",
        lambda c, r: c.list_galleries(),
        MalformedResponseError,
        script("GET", r"/galleries$", raw(200, b"<html>hi</html>", {"Content-Type": "text/html"})),
    ),
    Case(
        "JSON array 200",
        lambda c, r: c.list_galleries(),
        MalformedResponseError,
        script("GET", r"/galleries$", json_reply([1, 2, 3])),
    ),
    Case(
        "204 to get item",
        lambda c, r: c.get_item(r.ctx["gid"], r.ctx["ids"][0]),
        MalformedResponseError,
        then(seed(), script("GET", ONE_ITEM, raw(204))),
    ),
    Case(
        "get gallery answered {}",
        lambda c, r: c.get_gallery(r.ctx["gid"]),
        MalformedResponseError,
        then(seed(), script("GET", r"/galleries/[^/]+$", json_reply({}))),
        lambda r: expect("'gallery'" in str(r.error)),
    ),
    Case(
        "brotli answer the client never asked for",
        lambda c, r: c.list_galleries(),
        MalformedResponseError,
        script("GET", r"/galleries$", gzipped({"galleries": []}, encoding="br")),
    ),
    Case(
        "corrupt gzip",
        lambda c, r: c.list_galleries(),
        MalformedResponseError,
        script("GET", r"/galleries$", raw(200, b"\x1f\x8b garbage", {"Content-Encoding": "gzip"})),
    ),
    Case(
        "gzipped answer is read",
        lambda c, r: [g.name for g in c.list_galleries()],
        None,
        then(
            seed(0),
            script(
                "GET",
                r"/galleries$",
                gzipped(
                    {
                        "galleries": [{"id": "g", "name": "Zipped", "sortOrder": 1}],
                        "totalGalleries": 1,
                    }
                ),
            ),
        ),  # fmt: skip
        lambda r: expect(r.result == ["Zipped"]),
    ),
    # --- wrong-shaped objects
    Case(
        "item without an id in a listing",
        lambda c, r: c.list_items(r.ctx["gid"]),
        MalformedResponseError,
        then(
            seed(),
            script(
                "GET",
                r"/galleries/[^/]+$",
                json_reply(
                    {"gallery": {"id": "x", "totalItems": 1, "items": [{"title": "no id"}]}}
                ),
            ),
        ),  # fmt: skip
        lambda r: expect("no id" in str(r.error)),
    ),
    Case(
        "sortOrder 1e999",
        lambda c, r: c.get_item(r.ctx["gid"], "i1"),
        MalformedResponseError,
        then(
            seed(), script("GET", ONE_ITEM, raw(200, b'{"item": {"id": "i1", "sortOrder": 1e999}}'))
        ),
        lambda r: expect("finite" in str(r.error)),
    ),
    Case(
        "gallery listing element that is not an object",
        lambda c, r: c.list_galleries(),
        MalformedResponseError,
        script("GET", r"/galleries$", json_reply({"galleries": ["x"], "totalGalleries": 1})),
    ),
    Case(
        "item image that is not an object",
        lambda c, r: c.get_item(r.ctx["gid"], "i1"),
        MalformedResponseError,
        then(seed(), script("GET", ONE_ITEM, json_reply({"item": {"id": "i1", "image": "x"}}))),
    ),
    Case(
        "get files answered {}: none found (Wix omits empty lists)",
        lambda c, r: c.get_files(["f1~mv2.jpg"]),
        None,
        script("POST", r"/get-files$", json_reply({})),
        lambda r: expect(r.result == []),
    ),
    Case(
        "get files answered an empty 200",
        lambda c, r: c.get_files(["f1~mv2.jpg"]),
        MalformedResponseError,
        script("POST", r"/get-files$", raw(200, b"")),
    ),
    Case(
        "items that are not a list",
        lambda c, r: c.list_items_page(r.ctx["gid"]),
        MalformedResponseError,
        then(seed(), script("GET", GALLERY_ITEMS, json_reply({"items": {"a": 1}}))),
    ),
    # --- size: nothing is read whole
    Case(
        "gzip bomb of 1 GiB",
        lambda c, r: c.list_galleries(),
        ResponseTooLargeError,
        script("GET", r"/galleries$", gzip_bomb(1024 * MiB)),
        lambda r: expect(r.requests("GET") == 1),
    ),
    Case(
        "400 MB body",
        lambda c, r: c.list_galleries(),
        ResponseTooLargeError,
        script("GET", r"/galleries$", huge(400 * MiB)),
    ),
    Case(
        "endless chunked body",
        lambda c, r: c.list_galleries(),
        ResponseTooLargeError,
        script("GET", r"/galleries$", huge(10**12, chunked=True)),
    ),
    # --- time: nothing holds a call
    Case(
        "body trickled a byte at a time",
        lambda c, r: c.list_galleries(),
        DeadlineExceededError,
        script("GET", r"/galleries$", trickle(b" " * 5000 + b"{}", 0.005), forever=True),
        tick=1.0,
    ),
    Case(
        "headers trickled a byte at a time",
        lambda c, r: c.list_galleries(),
        DeadlineExceededError,
        script("GET", r"/galleries$", trickle(b"{}", 0.005, headers_too=True), forever=True),
        tick=1.0,
    ),
    Case(
        "frozen server",
        lambda c, r: c.list_galleries(),
        NetworkError,
        script("GET", r"/galleries$", freeze(), forever=True),
        lambda r: expect(r.requests("GET") == 4),
        limits=Limits(read_timeout=0.2),
    ),
    # --- throttling
    Case(
        "Retry-After of 100000 s",
        lambda c, r: c.list_galleries(),
        ThrottledTooLongError,
        script("GET", r"/galleries$", json_reply({}, 429, {"Retry-After": "100000"})),
        lambda r: expect(r.clock.sleeps == [], r.requests("GET") == 1, "27 h" in str(r.error)),
    ),
    Case(
        "Retry-After a date in 2099",
        lambda c, r: c.list_galleries(),
        ThrottledTooLongError,
        script(
            "GET",
            r"/galleries$",
            json_reply({}, 429, {"Retry-After": "Thu, 01 Jan 2099 00:00:00 GMT"}),
        ),  # fmt: skip
        lambda r: expect(r.clock.sleeps == [], "more than a year" in str(r.error)),
    ),
    Case(
        "Retry-After 5 s, then the answer",
        lambda c, r: [g.name for g in c.list_galleries()],
        None,
        then(seed(0, 2), script("GET", r"/galleries$", json_reply({}, 429, {"Retry-After": "5"}))),
        lambda r: expect(
            r.result == ["G0", "G1"], r.clock.sleeps == [5.0], r.events == [RetryAfterWait(5.0)]
        ),
    ),
    Case(
        "unreadable Retry-After: backs off instead",
        lambda c, r: len(c.list_galleries()),
        None,
        then(seed(0), script("GET", r"/galleries$", json_reply({}, 429, {"Retry-After": "soon"}))),
        lambda r: expect(r.result == 1, len(r.clock.sleeps) == 1, r.clock.sleeps[0] < 1),
    ),
    Case(
        "429 HTML page from a CDN",
        lambda c, r: len(c.list_galleries()),
        None,
        then(seed(0), script("GET", r"/galleries$", html(429, "Slow down"))),
        lambda r: expect(
            r.result == 1, r.events[0] == BackoffWait(2, r.clock.sleeps[0], "rate limited")
        ),
    ),
    # --- error statuses
    Case(
        "403 HTML page from a proxy",
        lambda c, r: c.list_galleries(),
        MalformedResponseError,
        script("GET", r"/galleries$", html(403, "Access denied")),
        lambda r: expect(
            "permission" not in str(r.error), "proxy" in str(r.error), r.requests("GET") == 1
        ),
    ),
    Case(
        "401 from Wix",
        lambda c, r: c.list_galleries(),
        AuthenticationError,
        script("GET", r"/galleries$", json_reply({"message": "bad key"}, 401)),
        lambda r: expect(r.requests("GET") == 1),
    ),
    Case(
        "500 for ever",
        lambda c, r: c.list_galleries(),
        ServerError,
        script("GET", r"/galleries$", raw(500), forever=True),
        lambda r: expect(r.requests("GET") == 4, len(r.events) == 3),
    ),
    Case(
        "dropped connections for ever",
        lambda c, r: c.list_galleries(),
        NetworkError,
        script("GET", r"/galleries$", drop(), forever=True),
        lambda r: expect(r.requests("GET") == 4),
    ),
    # --- paging
    Case(
        "paging that ignores the offset",
        lambda c, r: c.list_items(r.ctx["gid"]),
        IncompleteListingError,
        then(seed(250), lambda s, ctx: setattr(s.wix, "ignore_offset", True)),
        lambda r: expect(counts(r) == (100, 250), r.requests("GET") == 2),
    ),
    Case(
        "short listing: fewer items than totalItems",
        lambda c, r: c.list_items(r.ctx["gid"]),
        IncompleteListingError,
        then(seed(100), lambda s, ctx: setattr(s.wix, "total_lies", 250)),
        lambda r: expect(counts(r) == (100, 250)),
    ),
    Case(
        "fresh gallery pages for ever, no total",
        lambda c, r: c.list_galleries(),
        IncompleteListingError,
        script("GET", r"/galleries$", fresh_galleries_forever, forever=True),
        lambda r: expect(r.requests("GET") <= 21),
        limits=Limits(max_listed_galleries=200),
    ),
    # --- deletes: never a success that did not happen
    Case(
        "delete item answered with an empty 200, nothing deleted",
        lambda c, r: c.delete_item(r.ctx["gid"], r.ctx["ids"][0]),
        MalformedResponseError,
        then(seed(), script("DELETE", ONE_ITEM, raw(200, b""))),
        lambda r: expect(len(items_of(r)) == 3, r.requests("GET", ONE_ITEM) == 1),
    ),
    Case(
        "delete item answered with an empty 200, deleted",
        lambda c, r: c.delete_item(r.ctx["gid"], r.ctx["ids"][0]),
        None,
        then(seed(), script("DELETE", ONE_ITEM, raw(200, b""), apply=True)),
        lambda r: expect(r.result == r.ctx["ids"][0], len(items_of(r)) == 2),
    ),
    Case(
        "delete gallery answered {}, deleted",
        lambda c, r: c.delete_gallery(r.ctx["gid"]),
        None,
        then(seed(), script("DELETE", r"/galleries/[^/]+$", json_reply({}), apply=True)),
        lambda r: expect(r.result == r.ctx["gid"], not r.server.wix.galleries),
    ),
    Case(
        "bulk delete answer without ids, all deleted",
        lambda c, r: c.bulk_delete_items(r.ctx["gid"], r.ctx["ids"][:2]),
        None,
        then(seed(), script("POST", r"/items/delete$", json_reply({}), apply=True)),
        lambda r: expect(
            r.result == r.ctx["ids"][:2], len(items_of(r)) == 1, r.requests("GET", ONE_ITEM) == 2
        ),
    ),
    Case(
        "bulk delete answer without ids, nothing deleted",
        lambda c, r: c.bulk_delete_items(r.ctx["gid"], r.ctx["ids"][:2]),
        PartialDeleteError,
        then(seed(), script("POST", r"/items/delete$", json_reply({}))),
        lambda r: expect(len(items_of(r)) == 3, "0 of 2" in str(r.error)),
    ),
    Case(
        "bulk delete answered with an empty 200, deleted",
        lambda c, r: c.bulk_delete_items(r.ctx["gid"], r.ctx["ids"]),
        None,
        then(seed(), script("POST", r"/items/delete$", raw(200, b""), apply=True)),
        lambda r: expect(r.result == r.ctx["ids"], items_of(r) == []),
    ),
    # --- creates: ambiguous answers are looked up, never repeated blindly
    Case(
        "create item answered with HTML 200 after creating it",
        lambda c, r: c.create_item(r.ctx["gid"], text_item("new")),
        None,
        then(seed(), script("POST", GALLERY_ITEMS, html(200, "OK"), apply=True)),
        lambda r: expect(
            [i["title"] for i in items_of(r)] == ["t0", "t1", "t2", "new"],
            r.result.id == items_of(r)[-1]["id"],
            r.requests("POST") == 1,
        ),
    ),
    Case(
        "create item answered with a wrong-shaped 200 after creating it",
        lambda c, r: c.create_item(r.ctx["gid"], text_item("new")),
        None,
        then(seed(), script("POST", GALLERY_ITEMS, json_reply({"item": "ok"}), apply=True)),
        lambda r: expect(len(items_of(r)) == 4, r.result.title == "new"),
    ),
    Case(
        "create item answered with an empty 200 without creating it",
        lambda c, r: c.create_item(r.ctx["gid"], text_item("new")),
        None,
        then(seed(), script("POST", GALLERY_ITEMS, raw(200, b""))),
        lambda r: expect(
            [i["title"] for i in items_of(r)].count("new") == 1, r.requests("POST") == 2
        ),
    ),
    Case(
        "create gallery answered with a non-JSON 200 after creating it",
        lambda c, r: c.create_gallery("Once"),
        None,
        script("POST", r"/galleries$", raw(200, b"OK"), apply=True),
        lambda r: expect(
            [g["name"] for g in r.server.wix.galleries.values()] == ["Once"],
            r.result.name == "Once",
            r.requests("POST") == 1,
        ),
    ),
    Case(
        "create item dropped after creating it, in a gallery of 1000",
        lambda c, r: c.create_item(r.ctx["gid"], text_item("new", 5000.0)),
        None,
        then(seed(1000), script("POST", GALLERY_ITEMS, drop(), apply=True)),
        # Found at the listing's far end: Get Gallery and one page, not ten.
        lambda r: expect(len(items_of(r)) == 1001, r.requests("GET") == 2),
    ),
    Case(
        "create item refused as a duplicate sortOrder held by our own item",
        lambda c, r: c.create_item(r.ctx["gid"], text_item("t1", 2.0)),
        None,
        seed(),
        lambda r: expect(r.result.id == r.ctx["ids"][1], len(items_of(r)) == 3),
    ),
    Case(
        "create item refused as a duplicate sortOrder held by another item",
        lambda c, r: c.create_item(r.ctx["gid"], text_item("mine", 2.0)),
        ValidationError,
        seed(),
        lambda r: expect(len(items_of(r)) == 3),
    ),
    Case(
        "create item answered 303",
        lambda c, r: c.create_item(r.ctx["gid"], text_item("new", 99.0)),
        UnexpectedRedirectError,
        then(seed(), script("POST", GALLERY_ITEMS, redirect(303, "/elsewhere"), forever=True)),
        lambda r: expect(len(items_of(r)) == 3, r.requests("POST") == 4),
    ),
    # --- updates
    Case(
        "PATCH answered with an empty 200",
        lambda c, r: c.update_item(r.ctx["gid"], r.ctx["ids"][0], {"title": "x"}),
        MalformedResponseError,
        then(seed(), script("PATCH", ONE_ITEM, raw(200, b""), apply=True)),
    ),
    Case(
        "clearing a link on a server where null changes nothing",
        lambda c, r: [
            c.update_item(r.ctx["gid"], r.ctx["ids"][0], {"link": None}),
            c.update_item(r.ctx["gid"], r.ctx["ids"][1], {"title": None}),
        ],
        None,
        then(
            seed(),
            lambda s, ctx: [
                i.update(link={"url": "https://a.example"}) for i in s.wix.items[ctx["gid"]]
            ],
        ),  # fmt: skip
        # The first clear learns that {} works (2 PATCHes); the next sends "" at once.
        lambda r: expect(
            "link" not in items_of(r)[0], "title" not in items_of(r)[1], r.requests("PATCH") == 3
        ),
        clearing="empty",
    ),
    Case(
        "clearing alt text on a server that never clears",
        lambda c, r: c.update_item(
            r.ctx["gid"],
            r.ctx["ids"][0],
            {
                "title": "kept",
                "image": {
                    "imageInfo": {"id": "f~mv2.jpg", "width": 5, "height": 5, "altText": None}
                },
            },
        ),  # fmt: skip
        FieldNotClearedError,
        then(
            seed(),
            lambda s, ctx: s.wix.items[ctx["gid"]][0].update(
                image={"imageInfo": {"id": "f~mv2.jpg", "width": 5, "height": 5, "altText": "old"}}
            ),
        ),  # fmt: skip
        lambda r: expect("alt text" in str(r.error), items_of(r)[0]["title"] == "kept"),
        clearing="never",
    ),
    # --- uploads
    Case(
        "upload link refused (403)",
        lambda c, r: c.upload_data(b"bytes", "a.jpg", "image/jpeg"),
        UploadLinkExpiredError,
        script("PUT", r"/upload/", json_reply({"message": "forbidden"}, 403), forever=True),
        lambda r: expect("API key" not in str(r.error), "expired" in str(r.error)),
    ),
    Case(
        "upload PENDING, then READY",
        lambda c, r: upload(r, c),
        None,
        lambda s, ctx: setattr(s.wix, "pending_polls", 2),
        lambda r: expect(
            (r.result.width, r.result.height) == (640, 480),
            r.phases == [UploadPhase.UPLOADING, UploadPhase.PROCESSING, UploadPhase.READY],
            r.requests("PUT") == 1,
            len(r.clock.sleeps) == 2,  # two polls answered PENDING, with a pause after each
        ),
    ),
    Case(
        "upload that fails on Wix",
        lambda c, r: upload(r, c),
        MediaProcessingError,
        lambda s, ctx: setattr(s.wix, "fail", True),
        lambda r: expect(r.ctx["state"].file_id is None),
    ),
]


# ------------------------------------------------------------------------ the harness


def _run_bounded(fn: Callable[[], Any]) -> tuple[Any, BaseException | None, bool]:
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = fn()
        except BaseException as exc:  # noqa: BLE001 - judged by the test
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(CASE_DEADLINE_S)
    return outcome.get("result"), outcome.get("error"), thread.is_alive()


def assert_readable(error: WixError) -> None:
    sentence = error.user_message
    assert sentence and sentence[0].isupper(), sentence
    for bad in ("Traceback", "None", "object at 0x", SECRET, "secret"):
        assert bad not in sentence, sentence
        assert bad not in str(error), str(error)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_server_reply(case: Case, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    clock = SteppingClock(case.tick)
    events: list[WaitEvent] = []
    with HostileServer(MiniWix(case.clearing)) as server:
        run = Run(server, clock, events, {})
        try:
            case.setup(server, run.ctx)
            retry = RetryPolicy(sleep=clock.sleep, clock=clock, rng=Random(7))
            client = WixClient(
                ApiKeyAuth(SECRET, "site-1"),
                server.base_url,
                rate_limit_per_minute=None,
                retry=retry,
                limits=case.limits,
                on_wait=events.append,
            )
            with client:
                run.result, run.error, hung = _run_bounded(lambda: case.act(client, run))
            assert not hung, f"{case.name}: still running after {CASE_DEADLINE_S} s"
            if case.expect is None:
                assert run.error is None, f"{case.name}: {run.error!r}"
            else:
                assert isinstance(run.error, case.expect), f"{case.name}: {run.error!r}"
                assert isinstance(run.error, WixError)
                assert_readable(run.error)
            case.check(run)
        finally:
            if "other" in run.ctx:
                run.ctx["other"].stop()
    for record in caplog.records:
        assert record.levelno < logging.ERROR, record.getMessage()
        assert SECRET not in record.getMessage() and "secret" not in record.getMessage()


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)
