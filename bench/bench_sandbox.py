"""Sandbox benchmarks on loopback. Prints figures beside a bare baseline; asserts nothing.

(a) one page (100 items, List Gallery Items) at offsets 0, 10k, 50k and 99.9k of a
    100,000-item gallery over HTTP, beside the same page read from the same database file
    with a bare ``LIMIT/OFFSET`` query and with a bare keyset query;
(b) listing all items of a 10,000- and a 100,000-item gallery page by page (goal: 100k
    within 10x of 10k), beside bare ``LIMIT/OFFSET`` paging of the same file;
(c) the mean time per request on a keep-alive connection (Get Gallery Item), beside a bare
    stdlib HTTP server answering ``{}`` the same way;
(d) timings the sandbox tests used to assert: demo seeding, CLI start-up, stop() with open
    keep-alive connections, fault-spec latency.

Run: .venv/bin/python bench/bench_sandbox.py
"""

from __future__ import annotations

import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from galleryman.sandbox.demo import seed_demo
from galleryman.sandbox.faults import FaultSpec
from galleryman.sandbox.server import SandboxServer

P = "/pro-gallery/v2"
PAGE = 100
REPEATS = 20
KEEP_ALIVE_CALLS = 1000


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def best_of(fn: Callable[[], Any], repeats: int = REPEATS) -> float:
    """The median of ``repeats`` timed calls (after one warm-up call)."""
    fn()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def make_gallery(server: SandboxServer, count: int) -> str:
    """A gallery of ``count`` text items, written straight into the store (fast to seed)."""
    status, body = server.local_call("POST", f"{P}/galleries", {"gallery": {"name": f"{count}"}})
    assert status == 200, body
    gid: str = body["gallery"]["id"]
    docs = [
        {"id": f"{gid[:8]}-{n:08d}", "sortOrder": float(n + 1), "title": f"item {n}",
         "type": "TEXT", "text": {"html": f"<p>{n}</p>"},
         "createdDate": "2026-01-01T00:00:00.000Z", "updatedDate": "2026-01-01T00:00:00.000Z"}
        for n in range(count)
    ]  # fmt: skip
    with server.store.write() as tx:
        tx.insert_items(gid, docs)
    return gid


def bare_offset_page(db: sqlite3.Connection, gid: str, offset: int) -> list[Any]:
    sql = "SELECT doc FROM items WHERE gallery_id = ? ORDER BY sort_order LIMIT ? OFFSET ?"
    return db.execute(sql, (gid, PAGE, offset)).fetchall()


def bare_keyset_page(db: sqlite3.Connection, gid: str, after: float) -> list[Any]:
    sql = (
        "SELECT doc FROM items WHERE gallery_id = ? AND sort_order > ? ORDER BY sort_order LIMIT ?"
    )
    return db.execute(sql, (gid, after, PAGE)).fetchall()


def list_all(http: httpx.Client, gid: str, count: int) -> None:
    for offset in range(0, count, PAGE):
        r = http.get(f"{P}/galleries/{gid}/items", params={"itemOffset": offset, "itemLimit": PAGE})
        assert len(r.json()["items"]) == min(PAGE, count - offset)


def bare_list_all(db: sqlite3.Connection, gid: str, count: int) -> None:
    for offset in range(0, count, PAGE):
        assert len(bare_offset_page(db, gid, offset)) == min(PAGE, count - offset)


def paging(server: SandboxServer, http: httpx.Client) -> None:
    big = make_gallery(server, 100_000)
    small = make_gallery(server, 10_000)
    db = sqlite3.connect(server.store.path)
    print("(a) one page of 100 items of a 100,000-item gallery (median of 20)")
    print(f"    {'offset':>8}  {'sandbox HTTP':>12}  {'bare OFFSET':>12}  {'bare keyset':>12}")
    for offset in (0, 10_000, 50_000, 99_900):
        url = f"{P}/galleries/{big}/items"
        params = {"itemOffset": offset, "itemLimit": PAGE}
        served = best_of(lambda: http.get(url, params=params))  # noqa: B023 - used at once
        offset_q = best_of(lambda: bare_offset_page(db, big, offset))  # noqa: B023
        keyset_q = best_of(lambda: bare_keyset_page(db, big, float(offset)))  # noqa: B023
        print(f"    {offset:>8}  {ms(served):>12}  {ms(offset_q):>12}  {ms(keyset_q):>12}")
    print("(b) listing every item, 100 per page")
    totals = {}
    for name, gid, count in (("10k", small, 10_000), ("100k", big, 100_000)):
        served = best_of(lambda: list_all(http, gid, count), repeats=1)  # noqa: B023
        bare = best_of(lambda: bare_list_all(db, gid, count), repeats=1)  # noqa: B023
        totals[name] = served
        print(f"    {name:>5} items: sandbox {served:7.2f} s    bare OFFSET paging {bare:7.2f} s")
    print(f"    100k / 10k = {totals['100k'] / totals['10k']:.1f}x (goal: within 10x)")
    db.close()


class _Bare(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


def keep_alive(server: SandboxServer, http: httpx.Client) -> None:
    status, body = server.local_call("POST", f"{P}/galleries", {"gallery": {}})
    gid = body["gallery"]["id"]
    item = {"item": {"text": {"html": "<p>x</p>"}, "title": "x"}}
    iid = server.local_call("POST", f"{P}/galleries/{gid}/items", item)[1]["item"]["id"]
    url = f"{P}/galleries/{gid}/items/{iid}"
    bare = ThreadingHTTPServer(("127.0.0.1", 0), _Bare)
    threading.Thread(target=bare.serve_forever, daemon=True).start()
    with httpx.Client(base_url=f"http://127.0.0.1:{bare.server_port}") as plain:
        bare_mean = best_of(lambda: plain.get("/x"), repeats=KEEP_ALIVE_CALLS)
    bare.shutdown()
    bare.server_close()
    mean = best_of(lambda: http.get(url), repeats=KEEP_ALIVE_CALLS)
    print("(c) one request on a keep-alive connection (median of 1000)")
    print(f"    sandbox Get Gallery Item {ms(mean)}    bare stdlib server {ms(bare_mean)}")


def line(what: str, started: float) -> None:
    print(f"    {what:<44}{ms(time.perf_counter() - started)}")


def former_test_timings(base: Path) -> None:
    print("(d) timings the tests used to assert (now only printed)")
    with SandboxServer(base / "demo") as server:
        started = time.perf_counter()
        seed_demo(server)
        print(
            f"    demo seeding (3 galleries, 33 photos)       {ms(time.perf_counter() - started)}"
        )
    started = time.perf_counter()
    args = [sys.executable, "-m", "galleryman", "sandbox", "--port", "0",
            "--data-dir", str(base / "cli")]  # fmt: skip
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        assert proc.stdout is not None
        proc.stdout.readline()
        print(
            f"    CLI start-up to the banner line             {ms(time.perf_counter() - started)}"
        )
        proc.terminate()
        proc.wait(30)
        proc.stdout.close()
    server = SandboxServer(base / "stop")
    server.start()
    socks = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(20)]
    with httpx.Client(base_url=server.base_url) as client:
        client.get(f"{P}/galleries", headers={"Authorization": server.access_token})
        started = time.perf_counter()
        server.stop()
        print(
            f"    stop() with 21 open keep-alive connections  {ms(time.perf_counter() - started)}"
        )
    for sock in socks:
        sock.close()
    spec = FaultSpec.parse("latency-ms=20")
    with SandboxServer(base / "faults", faults=spec) as server:
        headers = {"Authorization": server.access_token}
        with httpx.Client(base_url=server.base_url, headers=headers) as client:
            client.get(f"{P}/galleries")
            started = time.perf_counter()
            for _ in range(12):
                client.get(f"{P}/galleries")
            line("12 requests with latency-ms=20 (>= 240 ms)", started)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        with SandboxServer(base / "paging") as server:
            headers = {"Authorization": server.api_key, "wix-site-id": server.site_id}
            with httpx.Client(base_url=server.base_url, headers=headers, timeout=60) as http:
                paging(server, http)
                keep_alive(server, http)
        former_test_timings(base)


if __name__ == "__main__":
    main()
