"""What an upload needs besides HTTP: the state a retry resumes from, and reading a local file.

`UploadState` is the caller's memory of one upload (keep it with the tile, pass it to every
attempt). The client fills it as soon as each piece is known, so a later attempt resumes:

* a file id whose file is READY: reused, nothing is uploaded again;
* PENDING: waited for ("Processing on Wix…");
* FAILED, or no longer there: uploaded again, with a new upload URL;
* no file id but an upload URL: the PUT's answer was lost (or the app died waiting for it:
  `on_new_url` lets the caller keep the URL across a restart). The same URL is PUT again: an
  upload URL stands for one file, and a second PUT to a used one answers with that file (the
  sandbox does; the REST docs describe no search by name or upload id that could find it
  otherwise). If Wix refuses the spent or expired URL, a new one is used; a file that did
  arrive the first time then stays in the Media Manager unused, but the gallery never gets a
  second item.

Local files: only regular files are read (a FIFO, a device or a folder would block or make no
sense), opened without blocking, and read with a size bound.
"""

from __future__ import annotations

import enum
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from galleryman.core.i18n import tr
from galleryman.wix.errors import LocalFileError
from galleryman.wix.models import FileDescriptor


class UploadPhase(enum.StrEnum):
    UPLOADING = "uploading"  # the bytes are going out
    PROCESSING = "processing"  # on Wix, not READY yet ("Processing on Wix…")
    READY = "ready"


@dataclass
class UploadState:
    file_id: str | None = None
    upload_url: str | None = field(default=None, repr=False)  # holds a secret token
    file: FileDescriptor | None = None  # the READY file, once known
    phase: UploadPhase | None = None
    # Hears each new upload URL before its PUT: the caller may keep it (in a secret store)
    # so that after a crash the same URL is PUT again rather than a second file uploaded.
    on_new_url: Callable[[str], None] | None = field(default=None, repr=False, compare=False)

    def forget_file(self) -> None:
        """The file failed or is gone: the next attempt uploads again, with a new URL."""
        self.file_id = None
        self.upload_url = None
        self.file = None


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, else LocalFileError."""
    name = path.name or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO must not wait for a writer
    except FileNotFoundError:
        raise LocalFileError(message=tr("“{name}” no longer exists.").format(name=name)) from None
    except IsADirectoryError:
        message = tr("“{name}” is a folder, not a file.").format(name=name)
        raise LocalFileError(message=message) from None
    except OSError as exc:
        message = tr("“{name}” could not be opened ({reason}).").format(
            name=name, reason=exc.strerror
        )
        raise LocalFileError(message=message) from None
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            message = tr("“{name}” is a folder, not a regular file.")
        else:
            message = tr("“{name}” is a pipe, device or socket, not a regular file.")
        raise LocalFileError(message=message.format(name=name))
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(limit + 1)
        except OSError as exc:
            message = tr("“{name}” could not be read ({reason}).").format(
                name=name, reason=exc.strerror
            )
            raise LocalFileError(message=message) from None
    if len(data) > limit:
        raise LocalFileError(
            message=tr("“{name}” is larger than {size} MB and cannot be uploaded.").format(
                name=name, size=limit // (1024 * 1024)
            )
        )
    return data
