"""The soak's site: the sandbox in a process of its own, so killing the app never kills the
site, and what it holds at the end, read from its database.

`python -m tests.soak_site --data-dir D [sandbox options]` takes exactly the options of
`galleryman sandbox` (`--profile wix --latency-scale 0.02 --faults ...`, parsed by its own
parser) and serves like it, counting besides what the plain command cannot tell: the
requests it answered (by method, kind and status) and the faults it injected (by kind). It
prints one JSON line when it listens (address, site id, API key: on the pipe only), then
answers `stats` on stdin with one JSON line, and stops at `stop` or the end of stdin.

`SiteProcess` is the parent's handle; `read_site` reads a stopped sandbox's database.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from galleryman.sandbox.cli import behaviour_from, build_parser
from galleryman.sandbox.faults import FaultSpec
from galleryman.sandbox.server import SandboxServer

REPO = Path(__file__).resolve().parent.parent


class CountingFaults(FaultSpec):
    """A fault spec that counts the faults it picks, by kind."""

    def __init__(self, spec: FaultSpec) -> None:
        super().__init__(
            spec.probabilities, retry_after=spec.retry_after, latency_ms=spec.latency_ms,
            seed=spec.seed,
        )  # fmt: skip
        self.picked: Counter[str] = Counter()
        self._count_lock = threading.Lock()

    def pick(self, method: str, path: str) -> str | None:
        kind = super().pick(method, path)
        if kind is not None:
            with self._count_lock:
                self.picked[kind] += 1
        return kind


class CountingServer(SandboxServer):
    """The sandbox, counting every request it answered (the request log keeps only the last
    10,000)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answered: Counter[str] = Counter()
        self._count_lock = threading.Lock()

    def note(self, method: str, path: str, status: int) -> None:
        super().note(method, path, status)
        with self._count_lock:
            self.answered[f"{method} {_area(path)} {status}"] += 1

    def stats(self) -> dict[str, Any]:
        with self._count_lock:
            answered = dict(self.answered)
        faults = self.faults
        picked = dict(faults.picked) if isinstance(faults, CountingFaults) else {}
        thumbnails = sum(n for key, n in answered.items() if " thumbnails " in key)
        return {
            "requests": sum(answered.values()),
            "api_requests": sum(answered.values()) - thumbnails,  # those faults apply to
            "answered": answered,
            "faults": picked,
        }


def _area(path: str) -> str:
    if path.startswith("/media/"):
        return "thumbnails"  # scaled copies, never faulted
    if path.startswith("/upload/"):
        return "upload"
    if "/site-media/" in path:
        return "media"
    return "items" if "/items" in path else "galleries"


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.data_dir is None:
        raise SystemExit("--data-dir is required (never the user's own sandbox)")
    faults = CountingFaults(FaultSpec.parse(args.faults) if args.faults else FaultSpec())
    server = CountingServer(
        args.data_dir, host=args.host, port=args.port, api_key=args.api_key,
        site_id=args.site_id, faults=faults, behaviour=behaviour_from(args),
    )  # fmt: skip
    server.start()
    ready = {"base_url": server.base_url, "site_id": server.site_id, "api_key": server.api_key}
    print(json.dumps(ready), flush=True)
    try:
        for line in sys.stdin:
            if line.strip() == "stop":
                break
            print(json.dumps(server.stats()), flush=True)
    finally:
        print(json.dumps(server.stats()), flush=True)
        server.stop()
    return 0


class SiteProcess:
    """The parent's handle on `python -m tests.soak_site`."""

    def __init__(self, data_dir: Path, options: list[str]) -> None:
        self.data_dir = data_dir
        self._child = subprocess.Popen(
            [sys.executable, "-m", "tests.soak_site", "--data-dir", str(data_dir), *options],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
        )  # fmt: skip
        ready = json.loads(self._line())
        self.base_url: str = ready["base_url"]
        self.site_id: str = ready["site_id"]
        self.api_key: str = ready["api_key"]

    def stats(self) -> dict[str, Any]:
        assert self._child.stdin is not None
        self._child.stdin.write("stats\n")
        self._child.stdin.flush()
        stats: dict[str, Any] = json.loads(self._line())
        return stats

    def stop(self) -> dict[str, Any]:
        """Stop the server (cleanly: its database closed); its final figures."""
        assert self._child.stdin is not None
        self._child.stdin.write("stop\n")
        self._child.stdin.close()
        stats: dict[str, Any] = json.loads(self._line())
        self._child.wait(60)
        self.close()
        return stats

    def close(self) -> None:
        """Make sure the process is gone and its pipes closed."""
        if self._child.poll() is None:
            self._child.kill()
            self._child.wait(30)
        for stream in (self._child.stdin, self._child.stdout):
            if stream is not None and not stream.closed:
                with contextlib.suppress(OSError):
                    stream.close()

    def _line(self) -> str:
        assert self._child.stdout is not None
        line = self._child.stdout.readline()
        if not line:
            raise RuntimeError(f"the sandbox process ended (status {self._child.wait(30)})")
        return line


# ---------------------------------------------------------------------- what the site holds


@dataclass(frozen=True)
class SiteItem:
    name: str | None  # the file it was uploaded from (image.imageInfo.filename)
    file_id: str | None
    title: str | None
    alt: str | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SiteGallery:
    name: str | None
    items: list[SiteItem]


@dataclass(frozen=True)
class SiteState:
    galleries: list[SiteGallery]  # in display order (sortOrder), items too
    files: dict[str, str]  # Media Manager file id -> display name


def read_site(data_dir: Path) -> SiteState:
    """The sandbox's galleries, items and media files, from its database (read-only)."""
    uri = f"file:{data_dir / 'sandbox.sqlite3'}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        galleries = []
        for gallery_id, doc in conn.execute(
            "SELECT id, doc FROM galleries ORDER BY sort_order"
        ).fetchall():
            rows = conn.execute(
                "SELECT doc FROM items WHERE gallery_id = ? ORDER BY sort_order", (gallery_id,)
            ).fetchall()
            items = [_site_item(json.loads(r[0])) for r in rows]
            galleries.append(SiteGallery(json.loads(doc).get("name"), items))
        files = {
            str(file_id): str(json.loads(doc).get("displayName") or "")
            for file_id, doc in conn.execute("SELECT id, doc FROM files").fetchall()
        }
    return SiteState(galleries, files)


def _site_item(doc: dict[str, Any]) -> SiteItem:
    info = (doc.get("image") or {}).get("imageInfo") or {}
    tags = (doc.get("tags") or {}).get("values") or []
    return SiteItem(
        info.get("filename"), info.get("id"), doc.get("title"), info.get("altText"), tuple(tags)
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
