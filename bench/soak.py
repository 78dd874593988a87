"""Soak: 1,000 mixed operations through the real app, killed with SIGKILL 3 times, against a
Wix-like site that fails often; then the site is compared with what was meant.

The app runs in a child process (the real MainWindow, offscreen: tests/app_driver.py) on a
Wix site configured in a temporary folder, served by the sandbox in a process of its own
(`--profile wix --latency-scale 0.02`, the 200-a-minute budget, and 11.5% of requests
failing in every way `--faults` knows: tests/soak_site.py). A seeded mix of operations
(galleries created, cloned, renamed, deleted; photos uploaded, edited, moved, bulk-edited,
deleted; undo) goes through the window's own controllers (tests/soak_ops.py); the app is
killed at K moments (right after an operation's acknowledgement, or in the middle of one)
and started again on the same folder; at the end it is let send everything, and the site
is compared with the intended state (tests/soak_model.py, tests/soak_compare.py). An
operation a kill cut is decided from the app's outbox (tests/soak_runner.py).

Prints figures; asserts nothing (tests/test_soak.py asserts a 100-operation version).

Run: .venv/bin/python bench/soak.py [--ops 1000] [--kills 3] [--seed 1 --seed 2 --seed 3]
     [--no-rate-limit] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.soak_runner

from tests.soak_runner import SoakConfig, SoakResult, run_soak  # noqa: E402

SHOWN = 5  # examples printed per kind of discrepancy


def report(result: SoakResult) -> None:
    config, verdict, site = result.config, result.verdict, result.site
    made, skipped = sum(result.made.values()), sum(result.skipped.values())
    print(f"seed {config.seed}: {config.ops} operations ({made} made, {skipped} not made), "
          f"{len(result.kills)} kills, {result.starts} app starts")  # fmt: skip
    print(
        f"  time: {result.seconds:.0f} s in all, of which {result.drain_seconds:.0f} s "
        "draining what was left at the end"
    )
    print("  made: " + ", ".join(f"{k} {n}" for k, n in sorted(result.made.items())))
    for why, count in sorted(result.skipped.items()):
        print(f"  not made: {why} ({count})")
    for kill in result.kills:
        print(f"  kill {kill}")
    faults = site.get("faults", {})
    total = sum(faults.values())
    api = site.get("api_requests", 0)
    print(f"  requests: {site.get('requests', 0)} ({api} to the API and uploads, the rest "
          f"thumbnails); faults injected: {total} ({100 * total / max(1, api):.1f}% of those): "
          + ", ".join(f"{k} {n}" for k, n in sorted(faults.items())))  # fmt: skip
    print(
        f"  lost: {len(verdict.lost)}, duplicate items: {len(verdict.duplicate_items)}, "
        f"duplicate media files: {len(verdict.duplicate_files)}, "
        f"items out of place: {verdict.out_of_place}; "
        f"media files no item uses: {verdict.unused_files} (of deleted items and galleries)"
    )
    outbox = result.outbox
    print(
        f"  app's outbox at the end: {outbox.get('waiting')} waiting, "
        f"{outbox.get('failed')} refused by the site (failed: not made)"
    )
    for title, lines in (
        ("lost", verdict.lost),
        ("duplicate", verdict.duplicate_items + verdict.duplicate_files),
        ("order", verdict.order),
        ("not where meant when made", result.findings),
        ("the grid showed another order", result.divergences),
        ("failed in the outbox", outbox.get("stuck", [])),
        ("the window reported", result.problems),
        ("unexpected errors", result.errors),
    ):
        for line in lines[:SHOWN]:
            print(f"    {title}: {line[:300]}")
        if len(lines) > SHOWN:
            print(f"    {title}: ... {len(lines) - SHOWN} more")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--seed", type=int, action="append", help="repeat for several runs")
    parser.add_argument("--no-rate-limit", action="store_true", help="no 200-a-minute budget")
    parser.add_argument("--keep", action="store_true", help="keep each run's folder")
    args = parser.parse_args()
    results = []
    for seed in args.seed or [1]:
        workdir = Path(tempfile.mkdtemp(prefix=f"galleryman-soak-{seed}-"))
        config = SoakConfig(
            workdir, ops=args.ops, kills=args.kills, seed=seed,
            rate_limit=not args.no_rate_limit, progress=print,
        )  # fmt: skip
        print(f"seed {seed}: running in {workdir}", flush=True)
        result = run_soak(config)
        report(result)
        results.append(result)
        clean = result.verdict.clean and not result.errors
        if args.keep or not clean:
            print(f"  kept: {workdir} (journal.jsonl, the app's and the site's folders)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        sys.stdout.flush()
    print("\nseed  ops  made  kills  requests  faults  lost  refused  dup.items  dup.files  order"
          "  secs")  # fmt: skip
    for r in results:
        v = r.verdict
        faults = sum(r.site.get("faults", {}).values())
        print(f"{r.config.seed:>4} {r.config.ops:>4} {sum(r.made.values()):>5} {len(r.kills):>6} "
              f"{r.site.get('requests', 0):>9} {faults:>7} {len(v.lost):>5} "
              f"{r.outbox.get('failed', 0):>8} {len(v.duplicate_items):>10} "
              f"{len(v.duplicate_files):>10} {v.out_of_place:>6} {r.seconds:>5.0f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
