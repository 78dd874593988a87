"""`galleryman thumbnails --cache DIR ...`: the thumbnail process's main loop.

The main thread reads requests from stdin into a queue; `--threads` workers fetch and decode
them and write each answer to stdout. Requests:
- `{"op": "get", "id", "key", "url", "bucket", "generation"}`: answered with
  `{"id", "width", "height", "layout"}` and the pixels, or `{"id", "reason"}`;
- `{"op": "cancel", "generation"}`: queued requests of earlier generations are dropped (the
  window switched gallery), each answered with `{"id", "dropped": true}`.
Every request is answered exactly once, so the window knows when nothing is in flight.
At the end of stdin (the window closed it, or ended) the workers finish what they are doing,
drop what is queued, and the process exits.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from collections import deque
from pathlib import Path
from typing import IO, Any

from galleryman.core.thumbcache import ThumbnailDiskCache
from galleryman.thumbnailer.fetch import PIXEL_LAYOUT, Pixels, fetch, new_http_client
from galleryman.thumbnailer.protocol import READY, FrameBuffer, widen_pipe, write_frame

log = logging.getLogger(__name__)


class _Requests:
    """The queue between the main thread (reading requests) and the workers, which cancel
    can thin out."""

    def __init__(self) -> None:
        self._waiting: deque[dict[str, Any]] = deque()
        self._ready = threading.Condition()
        self._closed = False

    def put(self, request: dict[str, Any]) -> None:
        with self._ready:
            self._waiting.append(request)
            self._ready.notify()

    def drop_before(self, generation: int) -> list[dict[str, Any]]:
        """Drop the requests of earlier generations; returns them."""
        with self._ready:
            dropped = [r for r in self._waiting if r["generation"] < generation]
            self._waiting = deque(r for r in self._waiting if r["generation"] >= generation)
            return dropped

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._waiting.clear()
            self._ready.notify_all()

    def take(self) -> dict[str, Any] | None:
        """The next request, or None once closed."""
        with self._ready:
            while not self._waiting and not self._closed:
                self._ready.wait()
            return None if self._closed else self._waiting.popleft()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="galleryman thumbnails")
    parser.add_argument("--cache", type=Path, required=True, help="the disk cache's folder")
    parser.add_argument("--max-bytes", type=int, required=True, help="the disk cache's limit")
    parser.add_argument("--threads", type=int, default=2, help="downloads at once")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    widen_pipe(sys.stdout.buffer)
    serve(
        sys.stdin.buffer,
        sys.stdout.buffer,
        ThumbnailDiskCache(args.cache, max_bytes=args.max_bytes),
        max(1, args.threads),
    )
    return 0


def serve(
    requests_in: IO[bytes], answers_out: IO[bytes], cache: ThumbnailDiskCache, threads: int
) -> None:
    requests = _Requests()
    writing = threading.Lock()
    http = new_http_client()

    def answer(header: dict[str, Any], payload: bytes = b"") -> None:
        with writing:
            write_frame(answers_out, header, payload)

    def work() -> None:
        while (request := requests.take()) is not None:
            try:
                result = fetch(cache, http, request["key"], request["url"], request["bucket"])
            except Exception as exc:  # a bug must not cost the other thumbnails their worker
                log.exception("thumbnail %s failed", request["key"])
                result = f"internal error: {exc}"
            try:
                if isinstance(result, Pixels):
                    shape = {"width": result.width, "height": result.height, "layout": PIXEL_LAYOUT}
                    answer({"id": request["id"], **shape}, result.data)
                else:
                    answer({"id": request["id"], "reason": result})
            except (BrokenPipeError, ValueError):  # the window has gone: so do we
                requests.close()

    workers = [threading.Thread(target=work, name=f"thumbnails-{n}") for n in range(threads)]
    for worker in workers:
        worker.start()
    try:
        answer(READY)
        frames = FrameBuffer()
        while chunk := os.read(requests_in.fileno(), 1 << 16):  # b"" at the end of input
            for header, _payload in frames.feed(chunk):
                if header.get("op") == "get":
                    requests.put(header)
                elif header.get("op") == "cancel":
                    for dropped in requests.drop_before(int(header["generation"])):
                        answer({"id": dropped["id"], "dropped": True})
    except (BrokenPipeError, ValueError):  # the window has gone, or sent a broken frame
        pass
    finally:
        requests.close()
        for worker in workers:
            worker.join()
        http.close()
