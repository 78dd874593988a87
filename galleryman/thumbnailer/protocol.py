"""Frames between the window and its thumbnail process, over the child's stdin and stdout.

A frame is a 4-byte big-endian length, that many bytes of a JSON object (the header), then
`header["size"]` bytes of payload: the pixels of an answer, nothing for a request.
"""

from __future__ import annotations

import json
import struct
from typing import IO, Any

_LENGTH = struct.Struct(">I")

# The child's first frame: it has imported what it needs and reads requests.
READY = {"op": "ready"}


def encode_frame(header: dict[str, Any], payload: bytes = b"") -> bytes:
    encoded = json.dumps({**header, "size": len(payload)}, separators=(",", ":")).encode()
    return b"".join((_LENGTH.pack(len(encoded)), encoded, payload))


def write_frame(stream: IO[bytes], header: dict[str, Any], payload: bytes = b"") -> None:
    # One write: the window then reads the frame in one piece, not piece by piece.
    stream.write(encode_frame(header, payload))
    stream.flush()


class FrameBuffer:
    """Frames out of bytes that arrive in pieces of any size (both sides read with it)."""

    def __init__(self) -> None:
        self._pending = bytearray()

    def feed(self, data: bytes) -> list[tuple[dict[str, Any], bytes]]:
        """The frames `data` completes, in order; raises ValueError for a broken one."""
        self._pending += data
        frames = []
        while len(self._pending) >= _LENGTH.size:
            (length,) = _LENGTH.unpack_from(self._pending)
            if len(self._pending) < _LENGTH.size + length:
                break
            header = json.loads(bytes(self._pending[_LENGTH.size : _LENGTH.size + length]))
            if not isinstance(header, dict):
                raise ValueError("a frame's header is not a JSON object")
            start = _LENGTH.size + length
            end = start + int(header.get("size", 0))
            if len(self._pending) < end:
                break
            frames.append((header, bytes(self._pending[start:end])))
            del self._pending[:end]
        return frames


def widen_pipe(stream: IO[bytes], size: int = 1 << 20) -> None:
    """Let a pipe hold `size` bytes (Linux; elsewhere, or for a file, nothing changes), so a
    frame of pixels goes through in one piece rather than 64 KB at a time."""
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), fcntl.F_SETPIPE_SZ, size)
    except (ImportError, AttributeError, OSError, ValueError):
        pass
