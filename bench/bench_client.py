"""Client benchmarks against the sandbox on loopback. Prints figures; asserts nothing.

(a) listing all 10,000 items of a gallery: wall time, request count, and the ratio to
    fetching the same pages with a bare httpx.Client;
(b) creating 1,000 items;
(c) the client's overhead per call against bare httpx;
(d) peak memory of the client fed a 1 GiB gzip bomb, beside the same client making a normal
    call (Python allocations traced with tracemalloc, and the process's resident memory
    sampled every 2 ms), in the same run.

Run: .venv/bin/python bench/bench_client.py
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.hostile_server

from galleryman.sandbox.server import SandboxServer  # noqa: E402
from galleryman.wix.auth import ApiKeyAuth  # noqa: E402
from galleryman.wix.client import GALLERY_PREFIX, WixClient  # noqa: E402
from galleryman.wix.errors import ResponseTooLargeError  # noqa: E402
from galleryman.wix.models import Item  # noqa: E402
from tests.hostile_server import HostileServer, gzip_bomb, gzip_bomb_body, gzipped  # noqa: E402

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
    prefix = f"{server.base_url}{GALLERY_PREFIX}/galleries/{gallery_id}"
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
            url = f"{server.base_url}{GALLERY_PREFIX}/galleries/{gallery.id}/items/{item_id}"
            with httpx.Client(headers=headers) as http:
                bare_ms = per_call(lambda: http.get(url).json(), CALLS)
            print(
                f"(c) get item, median per call: client {ours:.3f} ms "
                f"(with the 200/min limiter, first 150 calls: {ours_limited:.3f} ms), "
                f"bare httpx {bare_ms:.3f} ms; overhead {ours - bare_ms:+.3f} ms"
            )
        finally:
            server.stop()
    bomb_memory()


MiB = 1024 * 1024
BOMB = 1024 * MiB
PAGE_SIZE = 4096 if not hasattr(os, "sysconf") else os.sysconf("SC_PAGE_SIZE")


class RssSampler(threading.Thread):
    """The process's resident memory, sampled every 2 ms (Linux /proc; 0 elsewhere)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.start_rss = self.peak = _rss()
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.002):
            self.peak = max(self.peak, _rss())

    def stop(self) -> None:
        self._done.set()
        self.join()
        self.peak = max(self.peak, _rss())


def _rss() -> int:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * PAGE_SIZE


def peak_memory(call: Callable[[], object]) -> tuple[float, float]:
    """(peak Python allocations, peak resident memory growth) in MiB while `call` runs."""
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    sampler = RssSampler()
    sampler.start()
    try:
        call()
    except ResponseTooLargeError:
        pass
    finally:
        sampler.stop()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return (peak - base) / MiB, (sampler.peak - sampler.start_rss) / MiB


def bomb_memory() -> None:
    listing = {
        "galleries": [{"id": f"g{n}", "name": f"Gallery {n}", "sortOrder": n} for n in range(10)],
        "totalGalleries": 10,
    }
    with HostileServer() as server:
        server.script("GET", r"/galleries$", gzipped(listing), gzip_bomb(BOMB))
        auth = ApiKeyAuth("bench-key", "bench-site")
        with WixClient(auth, server.base_url, rate_limit_per_minute=None) as client:
            normal = peak_memory(client.list_galleries)
            bomb = peak_memory(client.list_galleries)
    print(
        f"(d) peak memory, normal listing: {normal[0]:.1f} MiB allocated, "
        f"RSS +{normal[1]:.1f} MiB; fed a {BOMB // MiB} MiB gzip bomb "
        f"({len(gzip_bomb_body(BOMB)) / MiB:.1f} MiB on the wire): {bomb[0]:.1f} MiB allocated, "
        f"RSS +{bomb[1]:.1f} MiB (goal: under 100 MiB over the normal call)"
    )


def seed_more(client: WixClient, gallery_id: str, start: int, end: int) -> float:
    started = time.perf_counter()
    for n in range(start, end):
        client.create_item(
            gallery_id, Item.text_item(f"<p>{n}</p>", title=f"item {n}", sort_order=float(n + 1))
        )
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
