"""Text items drawn as tiles: their HTML laid out by QTextDocument, offline, into an image.

Item HTML comes from the site and is untrusted. QTextDocument never runs scripts; the only
way it reaches outside is `loadResource` (images, stylesheets). Answering None there is not
enough: for an image Qt then loads `src` itself as a local file name. So images get a blank 1×1
image and everything else empty bytes, and neither remote URLs nor local files are ever read.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QByteArray, QRectF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QGuiApplication,
    QImage,
    QPainter,
    QPalette,
    QTextDocument,
)

from galleryman.models.roles import html_hash

# A tile is laid out as if it were this wide (logical px) and scaled to the tile, so a small
# tile shows a miniature of the text rather than three words per line.
LAYOUT_WIDTH = 220
DOCUMENT_MARGIN = 10
CACHE_BYTES = 32 * 1024 * 1024


class OfflineTextDocument(QTextDocument):
    """A QTextDocument that loads no resources at all (no network, no local files)."""

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        if kind == QTextDocument.ResourceType.ImageResource:
            blank = QImage(1, 1, QImage.Format.Format_ARGB32)
            blank.fill(Qt.GlobalColor.transparent)
            return blank
        return QByteArray()


class _ImageCache:
    """A small LRU of rendered tiles, bounded by bytes (tiles at 2x DPR are large)."""

    def __init__(self, max_bytes: int) -> None:
        self._max = max_bytes
        self._size = 0
        self._images: OrderedDict[tuple[Any, ...], QImage] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def put(self, key: tuple[Any, ...], image: QImage) -> None:
        old = self._images.pop(key, None)
        if old is not None:
            self._size -= old.sizeInBytes()
        self._images[key] = image
        self._size += image.sizeInBytes()
        while self._size > self._max and len(self._images) > 1:
            _, dropped = self._images.popitem(last=False)
            self._size -= dropped.sizeInBytes()

    def clear(self) -> None:
        self._images.clear()
        self._size = 0

    def __len__(self) -> int:
        return len(self._images)


_cache = _ImageCache(CACHE_BYTES)


def clear_cache() -> None:
    _cache.clear()


def render_html_tile(html: str, width: int, height: int, dpr: float, palette: QPalette) -> QImage:
    """The HTML drawn into a width×height (logical px) image at `dpr`, on the palette's base
    colour in its text colour; content that does not fit is scaled down and clipped."""
    width, height = max(1, width), max(1, height)
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    font = QGuiApplication.font()
    key = (html_hash(html), width, height, round(dpr, 3), base.rgba(), text.rgba(), font.key())
    cached = _cache.get(key)
    if cached is not None:
        return cached

    image = QImage(
        max(1, round(width * dpr)), max(1, round(height * dpr)), QImage.Format.Format_ARGB32
    )
    image.setDevicePixelRatio(dpr)
    image.fill(base)

    document = OfflineTextDocument()
    document.setUndoRedoEnabled(False)
    document.setDefaultFont(font)
    document.setDocumentMargin(DOCUMENT_MARGIN)
    document.setHtml(html)
    layout_width = max(width, LAYOUT_WIDTH)
    document.setTextWidth(layout_width)
    # Wide content (a fixed-width table) overflows the text width: scale it in as well.
    scale = width / max(float(layout_width), document.size().width())

    context = QAbstractTextDocumentLayout.PaintContext()
    colours = QPalette(palette)
    colours.setColor(QPalette.ColorRole.Text, text)
    context.palette = colours
    context.clip = QRectF(0, 0, width / scale, height / scale)

    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setClipRect(QRectF(0, 0, width, height))
        painter.scale(scale, scale)
        document.documentLayout().draw(painter, context)
    finally:
        painter.end()
    _cache.put(key, image)
    return image
