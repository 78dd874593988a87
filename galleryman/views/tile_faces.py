"""Finished grid tiles, kept as pixmaps so a repaint blits each tile instead of drawing it.

Drawing a tile takes some forty calls from Python into Qt (fill, thumbnail, badge, elided
title, focus frame). Each call lets go of Python's GIL, and while a gallery loads the worker
threads take it at every chance, so a paint that costs 6 ms at rest took 50-90 ms on a busy
machine. A face is drawn once per look (its key holds everything that changes what is drawn:
title, thumbnail, state, size, palette, font) and then costs one call a paint.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from PySide6.QtGui import QPixmap

BUDGET_BYTES = 64 * 1024 * 1024  # a screenful of 320 px tiles at 2x is about 20 MB


class TileFaces:
    """The least recently painted faces are dropped first once they exceed the budget."""

    def __init__(self, budget_bytes: int = BUDGET_BYTES) -> None:
        self._budget = budget_bytes
        self._faces: OrderedDict[Hashable, QPixmap] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._faces)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def get(self, key: Hashable) -> QPixmap | None:
        face = self._faces.get(key)
        if face is not None:
            self._faces.move_to_end(key)
        return face

    def put(self, key: Hashable, face: QPixmap) -> bool:
        """Keep `face`; True when that pushed older faces out."""
        old = self._faces.pop(key, None)
        if old is not None:
            self._bytes -= _bytes_of(old)
        self._faces[key] = face
        self._bytes += _bytes_of(face)
        dropped_any = False
        while self._bytes > self._budget and len(self._faces) > 1:
            _key, dropped = self._faces.popitem(last=False)
            self._bytes -= _bytes_of(dropped)
            dropped_any = True
        return dropped_any

    def clear(self) -> None:
        self._faces.clear()
        self._bytes = 0


def _bytes_of(face: QPixmap) -> int:
    return face.width() * face.height() * 4
