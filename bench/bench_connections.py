"""The sandbox under connection exhaustion: a normal client is still answered while thousands
of half-open connections (connected, then silent) hang on to it.

Starts `galleryman sandbox` in a child process (as the app runs it), opens HALF_OPEN
connections that send half a request head and stop, then times NORMAL ordinary requests from
a normal client, side by side with the same requests before the flood. Goal: every normal
request answered within 1 s. Prints figures; asserts nothing.

Run: .venv/bin/python bench/bench_connections.py [HALF_OPEN]
"""

from __future__ import annotations

import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

NORMAL = 50


def start_sandbox(data_dir: Path) -> tuple[subprocess.Popen[str], str, dict[str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "galleryman", "sandbox", "--port", "0", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    banner = process.stdout.readline()
    fields = dict(part.split("=", 1) for part in banner.split() if "=" in part)
    url = next(part for part in banner.split() if part.startswith("http://"))
    return process, url, {"Authorization": fields["api-key"], "wix-site-id": fields["site-id"]}


def timed_requests(url: str, headers: dict[str, str]) -> list[float]:
    """Each of NORMAL requests from a fresh client, as an app starting up would make them."""
    seconds = []
    for _ in range(NORMAL):
        started = time.perf_counter()
        with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
            client.get("/progallery/v2/galleries").raise_for_status()
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    half_open = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, half_open + 512), hard))
    with tempfile.TemporaryDirectory() as tmp:
        process, url, headers = start_sandbox(Path(tmp))
        try:
            quiet = timed_requests(url, headers)
            host, port = url.removeprefix("http://").split(":")
            sockets = []
            for _ in range(half_open):
                sock = socket.create_connection((host, int(port)), timeout=10)
                sock.sendall(b"GET /progallery/v2/galleries HTTP/1.1\r\nHost: x\r\n")  # and stop
                sockets.append(sock)
            flooded = timed_requests(url, headers)
            for sock in sockets:
                sock.close()
        finally:
            process.terminate()
            process.wait(10)
    print(f"{half_open:,} half-open connections held open against the sandbox (child process)")
    for label, times in (("before the flood", quiet), ("during the flood", flooded)):
        times.sort()
        print(
            f"{label}: {NORMAL} normal requests, median {times[len(times) // 2] * 1000:.1f} ms,"
            f" slowest {times[-1] * 1000:.1f} ms (goal: every one < 1000 ms)"
        )


if __name__ == "__main__":
    main()
