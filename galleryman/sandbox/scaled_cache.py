"""A bounded on-disk cache of scaled image copies (``cache/``), least recently used first out.

Anyone who can reach the server can ask for any size of any public image, so without a
bound a few hundred requests make a few hundred files, forever. The cache keeps at most
``max_files`` files and ``max_bytes`` bytes; the order of use survives a restart through the
files' modification times (touched on use).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import OrderedDict
from pathlib import Path

from galleryman.sandbox.util import TEMP_PREFIX, atomic_write

MAX_FILES = 2000
MAX_BYTES = 256 * 1024 * 1024


class ScaledCache:
    def __init__(self, folder: Path, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES):
        self.folder = folder
        self.max_files = max_files
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._sizes: OrderedDict[str, int] = OrderedDict()
        self._total = 0
        found = []
        for entry in os.scandir(folder):
            if entry.is_file() and not entry.name.startswith(TEMP_PREFIX):
                stat = entry.stat()
                found.append((stat.st_mtime, entry.name, stat.st_size))
        for _, name, size in sorted(found):
            self._sizes[name] = size
            self._total += size
        self._evict()

    def __len__(self) -> int:
        with self._lock:
            return len(self._sizes)

    @property
    def total_bytes(self) -> int:
        with self._lock:
            return self._total

    def get(self, name: str) -> bytes | None:
        with self._lock:
            if name not in self._sizes:
                return None
            self._sizes.move_to_end(name)
        path = self.folder / name
        try:
            data = path.read_bytes()
            os.utime(path)
        except FileNotFoundError:
            self._forget(name)
            return None
        return data

    def put(self, name: str, data: bytes) -> None:
        if len(data) > self.max_bytes:
            return
        atomic_write(self.folder / name, data)
        with self._lock:
            self._total += len(data) - self._sizes.pop(name, 0)
            self._sizes[name] = len(data)
        self._evict()

    def _forget(self, name: str) -> None:
        with self._lock:
            self._total -= self._sizes.pop(name, 0)

    def _evict(self) -> None:
        while True:
            with self._lock:
                if len(self._sizes) <= self.max_files and self._total <= self.max_bytes:
                    return
                name, size = self._sizes.popitem(last=False)
                self._total -= size
            with contextlib.suppress(OSError):
                (self.folder / name).unlink()
