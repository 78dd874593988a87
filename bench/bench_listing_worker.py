"""The API worker's share of a first open: the listing job the window runs for a gallery it
has never shown (`refresh_items_job`: requests, the client's parse and checks, the catalog's
writes, the grid's rows), on the thread that runs it, for a 10,000-item gallery of the local
sandbox over loopback HTTP.

Its thread's CPU time is Python the window's thread waits behind whenever both want the
interpreter lock. Each run lists the gallery twice, with its pages parsed by the listing
process (started and ready first) and on the job's thread, beside a bare baseline in the
same run: the same pages fetched with bare httpx and json-decoded, on the same kind of
thread. The rest of the job's CPU is its own (the SQLite writes included). Prints one line
per run; checks only that every item came, and that the child parsed the pages it was sent.

Run: .venv/bin/python bench/bench_listing_worker.py [--items 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from bench_scale import PAGE, bare_listing, seeded_sandbox  # noqa: E402  (the scale bench's)

from galleryman.sandbox.server import SandboxServer  # noqa: E402
from galleryman.session.worker_side import SiteThreads, refresh_items_job  # noqa: E402
from galleryman.wix.auth import ApiKeyAuth  # noqa: E402
from galleryman.wix.client import WixClient  # noqa: E402


def timed(run: Any) -> tuple[float, float, Any]:
    """(wall ms, this thread's CPU ms, result) of `run()`."""
    wall, cpu = time.perf_counter(), time.thread_time()
    result = run()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000, result


def the_job(
    server: SandboxServer, gallery_id: str, db: Path, *, process: bool
) -> tuple[float, float, list[Any]]:
    """The window's first-open listing, every page's rows handed on as the window gets them:
    (wall ms, this thread's CPU ms, rows). Its pages are parsed by the listing process
    (started and ready first, outside the times), or on this thread."""
    rows: list[Any] = []
    auth = ApiKeyAuth(server.api_key, server.site_id)
    threads = SiteThreads(db)
    if process:
        assert threads.listing.wait_ready(30), "the listing process did not start"
    else:
        threads.listing.close()  # then no child is started: every page is parsed here
    try:
        with WixClient(auth, server.base_url, rate_limit_per_minute=None) as client:
            job = refresh_items_job(threads, gallery_id, shown=False)
            wall, cpu, _ = timed(lambda: job(client, lambda page: rows.extend(page)))  # type: ignore[arg-type]
        if process:  # the first page comes with the gallery, parsed here
            assert threads.listing.pages_answered() == len(rows) // PAGE - 1
    finally:
        threads.close()
    return wall, cpu, rows


def bare(server: SandboxServer, gallery_id: str, count: int) -> int:
    headers = {"Authorization": server.api_key, "wix-site-id": server.site_id}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as http:
        return bare_listing(http, gallery_id, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server, (gallery_id,) = seeded_sandbox(Path(tmp), args.items)
        try:
            print(f"{args.items} items, {PAGE} a page; per run, ms (CPU = the listing thread's)")
            pages = args.items / PAGE
            for run in range(args.runs):
                figures = []
                for process in (True, False):
                    db = Path(tmp) / f"site-{run}-{process}.sqlite3"  # a first open
                    wall, cpu, rows = the_job(server, gallery_id, db, process=process)
                    assert len(rows) == args.items, len(rows)
                    figures.append(f"{wall:5.0f} wall, {cpu:5.0f} CPU ({cpu / pages:.2f} a page)")
                bare_wall, bare_cpu, listed = timed(lambda: bare(server, gallery_id, args.items))
                assert listed == args.items, listed
                print(
                    f"run {run + 1}: pages parsed by the listing process {figures[0]} | "
                    f"on the job's thread {figures[1]} | bare httpx + json {bare_wall:5.0f} "
                    f"wall, {bare_cpu:5.0f} CPU"
                )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
