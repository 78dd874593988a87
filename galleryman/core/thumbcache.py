"""A size-limited disk cache of thumbnail bytes, shared by the thumbnail threads (no Qt).

Keys are opaque strings (the loader uses media id + size bucket). A file is named by the SHA-1
of its key, so nothing from a key (a URL, an id from a server) ever becomes part of a path.
Writes go to a temporary file first and are renamed into place, so a reader never sees half a
thumbnail, even if the app dies mid-write.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from pathlib import Path

from galleryman.core.atomic import atomic_write

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_SUFFIX = ".thumb"


class ThumbnailDiskCache:
    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        # Bytes written since the last prune: pruning walks the folder, so it runs only
        # once enough new data has arrived to possibly matter.
        self._written_since_prune = 0
        self.root.mkdir(parents=True, exist_ok=True)

    def __repr__(self) -> str:
        return f"ThumbnailDiskCache({str(self.root)!r}, max_bytes={self.max_bytes})"

    def path_for(self, key: str) -> Path:
        digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()
        # Two-level fan-out keeps folders small when the cache holds 100,000 thumbnails.
        return self.root / digest[:2] / (digest + _SUFFIX)

    def get(self, key: str) -> bytes | None:
        path = self.path_for(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        # A read counts as a use, so pruning drops what has not been looked at for longest.
        with contextlib.suppress(OSError):
            os.utime(path)
        return data

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key`; a failure to write (disk full...) is logged, not raised."""
        path = self.path_for(key)
        try:
            atomic_write(path, data)
        except OSError as exc:
            log.warning("could not write thumbnail to the disk cache: %s", exc)
            return
        with self._lock:
            self._written_since_prune += len(data)
            due = self._written_since_prune > max(self.max_bytes // 16, 1)
        if due:
            self.prune()

    def prune(self) -> None:
        """Delete the least recently used thumbnails until the cache fits in `max_bytes`."""
        with self._lock:
            self._written_since_prune = 0
            entries = list(self._entries())
            total = sum(size for _, size, _ in entries)
            if total <= self.max_bytes:
                return
            entries.sort(key=lambda entry: entry[2])
            for path, size, _ in entries:
                if total <= self.max_bytes:
                    break
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    log.warning("could not prune %s: %s", path.name, exc)
                    continue
                total -= size

    def clear(self) -> None:
        with self._lock:
            # Everything in the fan-out folders, leftover temporary files included.
            for path, _, _ in self._entries(include_temp=True):
                with contextlib.suppress(OSError):
                    path.unlink()
            self._written_since_prune = 0

    def total_bytes(self) -> int:
        with self._lock:
            return sum(size for _, size, _ in self._entries())

    def _entries(self, *, include_temp: bool = False) -> list[tuple[Path, int, float]]:
        """(path, size, mtime) of every cached thumbnail."""
        found: list[tuple[Path, int, float]] = []
        try:
            buckets = [d for d in self.root.iterdir() if d.is_dir()]
        except OSError:
            return found
        for bucket in buckets:
            try:
                with os.scandir(bucket) as it:
                    for entry in it:
                        wanted = entry.name.endswith(_SUFFIX) or (
                            include_temp and _is_temp(entry.name)
                        )
                        if not wanted:
                            continue
                        try:
                            info = entry.stat()
                        except OSError:
                            continue
                        found.append((Path(entry.path), info.st_size, info.st_mtime))
            except OSError:
                continue
        return found


def _is_temp(name: str) -> bool:
    """A file `atomic_write` was writing when the app stopped."""
    return name.startswith(".") and name.endswith(".tmp")
