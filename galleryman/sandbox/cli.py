"""``galleryman sandbox``: run the local Wix-compatible server until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

import platformdirs

from galleryman.sandbox.behaviour import Behaviour
from galleryman.sandbox.demo import seed_demo
from galleryman.sandbox.faults import FaultSpec
from galleryman.sandbox.server import SandboxServer

LOW_PRIORITY_NICENESS = 10  # added to the process's niceness by --low-priority


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("galleryman")) / "sandbox"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="galleryman sandbox",
        description="Serve a local Wix Pro Gallery + Media Manager API for testing.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--port", type=int, default=0, help="port (default: any free port)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"where data is kept (default {default_data_dir()})",
    )
    parser.add_argument("--api-key", default=None, help="API key (default: generated, kept)")
    parser.add_argument("--site-id", default=None, help="site id (default: generated, kept)")
    parser.add_argument("--access-token", default=None, help="OAuth-style token (default: kept)")
    parser.add_argument(
        "--faults",
        default=None,
        metavar="SPEC",
        help="fault injection, e.g. 500=0.1,429=0.05,latency-ms=5,seed=1",
    )
    parser.add_argument(
        "--demo", action="store_true", help="seed demo galleries if the sandbox has none"
    )
    wix = parser.add_argument_group(
        "behaving like the real service",
        "--profile wix turns every behaviour below on (rate limit 200, latency scale 1); the "
        "default profile is fast and lenient. Each option also works on its own.",
    )
    wix.add_argument("--profile", choices=("default", "wix"), default="default")
    wix.add_argument(
        "--latency-scale",
        type=float,
        metavar="F",
        help="a random delay per API request (median ~150 ms, tail to ~800 ms) times F; "
        "0 = none. Also scales how long an asynchronous upload takes to turn READY",
    )
    wix.add_argument(
        "--rate-limit",
        type=int,
        metavar="N",
        help="N requests per rolling minute per site, then 429 with Retry-After; 0 = none",
    )
    wix.add_argument(
        "--async-media",
        action=argparse.BooleanOptionalAction,
        help="uploads and imports answer PENDING and turn READY after 0.5 s + 1 s per MB "
        "(times the latency scale); items may only use READY files",
    )
    wix.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        help="unknown request fields dropped, empty lists left out of answers, List "
        "Galleries in createdDate order",
    )
    wix.add_argument(
        "--null-clears",
        action=argparse.BooleanOptionalAction,
        help="null in a PATCH clears a field (default profile); with --no-null-clears null "
        'leaves it unchanged, "" clears a string and {} an object (wix profile)',
    )
    wix.add_argument("--seed", type=int, default=None, help="seed of the random latency")
    parser.add_argument(
        "--low-priority",
        action="store_true",
        help="run below normal CPU priority (the app runs its local sandbox this way, so "
        "the window comes first when both are busy; POSIX only)",
    )
    parser.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="stop when standard input closes (the app runs the sandbox this way, so it never "
        "outlives the app, even one that crashed)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        faults = FaultSpec.parse(args.faults) if args.faults else None
    except ValueError as exc:
        print(f"galleryman sandbox: --faults: {exc}", file=sys.stderr)
        return 2
    try:
        behaviour = behaviour_from(args)
    except ValueError as exc:
        print(f"galleryman sandbox: {exc}", file=sys.stderr)
        return 2
    if args.low_priority:
        _lower_priority()  # before any thread starts: threads inherit it
    data_dir: Path = args.data_dir or default_data_dir()
    try:
        server = SandboxServer(
            data_dir,
            host=args.host,
            port=args.port,
            api_key=args.api_key,
            site_id=args.site_id,
            access_token=args.access_token,
            faults=faults,
            behaviour=behaviour,
        )
    except OSError as exc:
        print(f"galleryman sandbox: cannot use {data_dir}: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, on_signal)
    except ValueError:  # not the main thread: rely on KeyboardInterrupt / the caller
        pass
    try:
        try:
            server.start()
        except OSError as exc:
            print(
                f"galleryman sandbox: cannot listen on {args.host}:{args.port}: {exc}",
                file=sys.stderr,
            )
            return 1
        if args.demo:
            seed_demo(server)
        line = f"galleryman sandbox: {server.base_url} site-id={server.site_id} "
        line += f"api-key={server.api_key} access-token={server.access_token}"
        print(line, flush=True)
        if args.profile != "default" or behaviour != Behaviour():
            print(f"galleryman sandbox: behaving: {behaviour.describe()}", file=sys.stderr)
        if args.exit_with_stdin:
            threading.Thread(target=_stop_at_eof, args=(stop,), daemon=True).start()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def behaviour_from(args: argparse.Namespace) -> Behaviour:
    """The profile's behaviour with every option given on the command line applied."""
    base = Behaviour.wix() if args.profile == "wix" else Behaviour()
    changes: dict[str, Any] = {}
    if args.latency_scale is not None:
        changes["latency_scale"] = args.latency_scale
    if args.rate_limit is not None:
        if args.rate_limit < 0:
            raise ValueError("--rate-limit must be 0 (none) or more")
        changes["rate_limit"] = args.rate_limit or None
    for name in ("async_media", "strict", "null_clears", "seed"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    return dataclasses.replace(base, **changes)


def _lower_priority() -> None:
    if hasattr(os, "nice"):  # POSIX; on Windows the sandbox keeps normal priority
        os.nice(LOW_PRIORITY_NICENESS)


def _stop_at_eof(stop: threading.Event) -> None:
    """The parent holds the other end of our stdin; it closes when the parent ends."""
    while sys.stdin.buffer.read(4096):
        pass
    stop.set()
