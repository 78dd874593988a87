"""Start-up housekeeping of a data folder: private permissions, and repairs after a crash.

A sandbox killed mid-write (kill -9, power cut) can leave: temporary files of an unfinished
atomic write (``.tmp-*.part``); media bytes whose database row was never committed; a file
row whose bytes are missing (only after a power cut with the disk cache lost); an import that
will now never finish. Writes are ordered so that nothing served can be half-written (bytes are
complete on disk before any row points at them); this module removes what is left over and
marks what cannot be finished as FAILED. It runs before the server listens, so no request
can see the folder in between.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import time
from pathlib import Path

from galleryman.sandbox.store import Store
from galleryman.sandbox.util import FILE_ID_RE, TEMP_PREFIX, now_rfc3339

log = logging.getLogger(__name__)

MARKERS = ("sandbox.sqlite3", "credentials.json")
OLD_TEMP_SECONDS = 3600.0


def make_private_dir(path: Path) -> None:
    """Create ``path`` (0700), or tighten an existing sandbox folder we own to 0700.

    A folder that is not ours, shared (sticky, like /tmp) or not a sandbox folder yet (the
    user's own folder given as --data-dir) is left as it is; what we create inside is private.
    """
    try:
        path.mkdir(mode=0o700, parents=True)
        return
    except FileExistsError:
        pass
    if os.name != "posix":
        return
    info = path.stat()
    ours = info.st_uid == os.getuid() and not info.st_mode & stat.S_ISVTX
    is_sandbox = any((path / name).exists() for name in MARKERS) or not any(path.iterdir())
    if ours and is_sandbox and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, 0o700)


def remove_temp_files(folders: list[Path], everything: bool) -> int:
    """Delete unfinished atomic writes: all of them when no other process can be writing
    (``everything``), otherwise only those older than an hour."""
    removed = 0
    cutoff = time.time() - OLD_TEMP_SECONDS
    for folder in folders:
        for entry in os.scandir(folder):
            if not entry.name.startswith(TEMP_PREFIX) or not entry.is_file():
                continue
            if everything or entry.stat().st_mtime < cutoff:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed


def repair(store: Store, media_dir: Path) -> None:
    """Make rows and media files agree after a crash (see the module docstring)."""
    with store.read() as tx:
        files = dict(tx.file_ids())
        processing = {file_id for file_id, _ in tx.processing_ids()}
    on_disk = {e.name for e in os.scandir(media_dir) if FILE_ID_RE.match(e.name)}
    for name in on_disk - files.keys():
        with contextlib.suppress(OSError):
            (media_dir / name).unlink()
    broken = [
        file_id
        for file_id, status in files.items()
        if (status == "READY" and file_id not in on_disk)
        or (status == "PENDING" and file_id not in processing)
    ]
    broken += [f for f in processing if f not in on_disk or files.get(f) != "PENDING"]
    if not broken:
        return
    log.warning("sandbox: %d media file(s) could not be finished; marked FAILED", len(broken))
    with store.write() as tx:
        for file_id in broken:
            tx.take_processing(file_id)
            found = tx.file(file_id)
            if found is None:
                continue
            doc = dict(found[0], operationStatus="FAILED", updatedDate=now_rfc3339())
            doc.pop("media", None)
            tx.put_file(doc, "application/octet-stream")
