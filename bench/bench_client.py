"""Client benchmarks against the sandbox on loopback. Prints figures; asserts nothing.

(a) listing all 10,000 items of a gallery: wall time, request count, and the ratio to
    fetching the same pages with a bare httpx.Client;
(b) creating 1,000 items;
(c) the client's overhead per call against bare httpx.

Run: .venv/bin/python bench/bench_client.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import httpx

from galleryman.sandbox.server import SandboxServer
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item

ITEMS = 10_000
CREATES = 1_000
CALLS = 1_000


def seed(client: WixClient, gallery_id: str, count: int) -> float:
    started = time.perf_counter()
    for n in range(count):
        client.create_item(
            gallery_id, Item.text_item(f"<p>{n}</p>", title=f"item {n}", sort_order=float(n + 1))
        )
    return time.perf_counter() - started


def bare_listing(server: SandboxServer, gallery_id: str) -> tuple[float, int, int]:
    headers = {"Authorization": server.api_key, "wix-site-id": server.site_id}
    prefix = f"{server.base_url}/pro-gallery/v2/galleries/{gallery_id}"
    requests = 0
    started = time.perf_counter()
    with httpx.Client(headers=headers) as http:
        first = http.get(prefix, params={"itemOffset": 0, "itemLimit": 100}).json()
        requests += 1
        total = first["gallery"]["totalItems"]
        got = len(first["gallery"]["items"])
        while got < total:
            page = http.get(f"{prefix}/items", params={"itemOffset": got, "itemLimit": 100}).json()
            requests += 1
            got += len(page["items"])
    return time.perf_counter() - started, requests, got


def per_call(fn: object, count: int) -> float:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = SandboxServer(Path(tmp), api_key="bench-key", site_id="bench-site")
        server.start()
        auth = ApiKeyAuth(server.api_key, server.site_id)
        try:
            with WixClient(auth, server.base_url, rate_limit_per_minute=None) as client:
                gallery = client.create_gallery("Bench")
                creates = seed(client, gallery.id, CREATES)
                print(
                    f"(b) create {CREATES} items: {creates:.2f} s, "
                    f"{creates / CREATES * 1000:.2f} ms per item"
                )
                seed_rest = seed_more(client, gallery.id, CREATES, ITEMS)
                print(f"    (seeded up to {ITEMS} items in a further {seed_rest:.1f} s)")

            with WixClient(auth, server.base_url, rate_limit_per_minute=None) as client:
                sent = client.requests_sent
                started = time.perf_counter()
                items = client.list_items(gallery.id)
                listing = time.perf_counter() - started
                requests = client.requests_sent - sent
            bare, bare_requests, bare_got = bare_listing(server, gallery.id)
            assert len(items) == ITEMS and bare_got == ITEMS
            print(
                f"(a) list {ITEMS} items: {listing:.3f} s in {requests} requests; "
                f"bare httpx {bare:.3f} s in {bare_requests} requests; "
                f"ratio {listing / bare:.2f}"
            )

            item_id = items[0].id
            with WixClient(auth, server.base_url, rate_limit_per_minute=None) as client:
                ours = per_call(lambda: client.get_item(gallery.id, item_id), CALLS)
            with WixClient(auth, server.base_url) as limited:
                ours_limited = per_call(lambda: limited.get_item(gallery.id, item_id), 150)
            headers = {"Authorization": server.api_key, "wix-site-id": server.site_id}
            url = f"{server.base_url}/pro-gallery/v2/galleries/{gallery.id}/items/{item_id}"
            with httpx.Client(headers=headers) as http:
                bare_ms = per_call(lambda: http.get(url).json(), CALLS)
            print(
                f"(c) get item, median per call: client {ours:.3f} ms "
                f"(with the 200/min limiter, first 150 calls: {ours_limited:.3f} ms), "
                f"bare httpx {bare_ms:.3f} ms; overhead {ours - bare_ms:+.3f} ms"
            )
        finally:
            server.stop()


def seed_more(client: WixClient, gallery_id: str, start: int, end: int) -> float:
    started = time.perf_counter()
    for n in range(start, end):
        client.create_item(
            gallery_id, Item.text_item(f"<p>{n}</p>", title=f"item {n}", sort_order=float(n + 1))
        )
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
