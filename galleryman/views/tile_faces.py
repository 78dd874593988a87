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
SPARES = 8  # faces pushed out, kept (beyond the budget) to draw new ones on


class TileFaces:
    """The least recently painted faces are dropped first once they exceed the budget.

    Each face remembers the paint that last showed it (`start_paint` begins one), so that
    `put` can tell a budget full of faces scrolled away long ago (the usual case after
    browsing a big gallery: the oldest go) from one too small for the tiles of this very
    paint."""

    def __init__(self, budget_bytes: int = BUDGET_BYTES) -> None:
        self._budget = budget_bytes
        self._faces: OrderedDict[Hashable, tuple[QPixmap, int]] = OrderedDict()
        self._bytes = 0
        self._paint = 0
        # Faces pushed out, drawn over for new tiles: a new pixmap's memory is fresh from the
        # system, and touching it first cost more than drawing the tile (a face drawn into a
        # full budget: 68 µs on a new pixmap, 56 on one pushed out; probe, 4 December).
        self._spares: list[QPixmap] = []

    def __len__(self) -> int:
        return len(self._faces)

    def __contains__(self, key: Hashable) -> bool:
        """Whether a face is kept for `key` (without counting as shown)."""
        return key in self._faces

    @property
    def budget_bytes(self) -> int:
        return self._budget

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def start_paint(self) -> None:
        self._paint += 1

    def get(self, key: Hashable) -> QPixmap | None:
        kept = self._faces.get(key)
        if kept is None:
            return None
        self._faces[key] = (kept[0], self._paint)
        self._faces.move_to_end(key)
        return kept[0]

    def put(self, key: Hashable, face: QPixmap) -> bool:
        """Keep `face`; True when that pushed out a face this same paint showed: the tiles
        on screen need more than the budget holds."""
        old = self._faces.pop(key, None)
        if old is not None:
            self._bytes -= _bytes_of(old[0])
        self._faces[key] = (face, self._paint)
        self._bytes += _bytes_of(face)
        crowded = False
        while self._bytes > self._budget and len(self._faces) > 1:
            _key, (dropped, shown_in) = self._faces.popitem(last=False)
            self._bytes -= _bytes_of(dropped)
            crowded = crowded or shown_in == self._paint
            if len(self._spares) < SPARES:
                self._spares.append(dropped)
        return crowded

    def spare(self, width: int, height: int) -> QPixmap:
        """A pixmap of this size in device pixels to draw a new face on: a face pushed out,
        when one fits, else a new one. Its old picture is still on it."""
        spares = self._spares
        for at, pixmap in enumerate(spares):
            if pixmap.width() == width and pixmap.height() == height:
                return spares.pop(at)
        if spares:
            spares.pop(0)  # the size changed (zoom, screen): the oldest size goes first
        return QPixmap(width, height)

    def clear(self) -> None:
        self._faces.clear()
        self._spares.clear()
        self._bytes = 0


def _bytes_of(face: QPixmap) -> int:
    return face.width() * face.height() * 4
