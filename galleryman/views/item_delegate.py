"""Paints one grid tile: the thumbnail letterboxed in a square, a badge, the title below.

Everything is drawn in palette colours (mixed, never hard-coded black or white) so that dark
themes work. Thumbnails come from a `ThumbnailSource`, asked at device-pixel size so tiles are
crisp on high-DPI screens; asking is cheap and starts a background fetch on a miss. Text
items are drawn from their HTML by `TextTiles` off the GUI thread: a tile shows "Rendering…"
until its image is in, then only that tile is repainted.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple, Protocol

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    SignalInstance,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QPixmapCache,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QWidget,
)

from galleryman.core.i18n import QT_TR_NOOP, tr
from galleryman.models.roles import ROW_ITEM, ROW_LOADING, ROW_UPLOAD, Role, Tile, html_hash
from galleryman.views.text_render import TextTiles, TileKey
from galleryman.views.tile_faces import TileFaces
from galleryman.wix.models import Item

Index = QModelIndex | QPersistentModelIndex

MIN_SIZE = 96
MAX_SIZE = 320
DEFAULT_SIZE = 160
MARGIN = 6  # around the thumbnail square, each side
TEXT_GAP = 4  # between the square and the title line
ERROR_TEXT = QT_TR_NOOP("Can't load image")
RENDERING_TEXT = QT_TR_NOOP("Rendering…")
PROCESSING_TEXT = QT_TR_NOOP("Processing on Wix…")
RETRY_TEXT = QT_TR_NOOP("Retry")
LINK_PADDING = 4  # around the "Retry" link's word, each side, for clicks
FACES_PER_PAINT = 4  # new tile faces a paint draws (about 0.3 ms each); the rest come next turn
BADGES = {"VIDEO": "▶", "TEXT": "¶"}
RENDER_HINTS = QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
NOT_PLAIN = (
    QStyle.StateFlag.State_Selected
    | QStyle.StateFlag.State_MouseOver
    | QStyle.StateFlag.State_HasFocus
)


class ThumbnailSource(Protocol):
    """What the grid needs from the thumbnail loader (`galleryman.workers.thumbnails`)."""

    @property
    def ready(self) -> SignalInstance: ...  # (key) a thumbnail arrived

    @property
    def failed(self) -> SignalInstance: ...  # (key, reason)

    def pixmap(self, key: str, url: str, size_px: int) -> QPixmap | None: ...

    def state(self, key: str, size_px: int) -> str: ...

    def failure_reason(self, key: str, size_px: int) -> str | None: ...

    def cancel_pending(self) -> None: ...


class Prepared(Enum):
    """What `ItemDelegate.prepare` did for a tile."""

    DRAWN = "drawn"
    STARTED = "its text image started"  # a text tile: made off the GUI thread, then drawn
    HAD_ONE = "had one"
    WAITING = "waiting for its thumbnail"
    NOT_KEPT = "not kept as a face"  # an upload, a text tile, or no paint to copy the look of


class _FaceKey(NamedTuple):
    key: tuple  # everything the face's look depends on
    thumb: QPixmap | None  # the thumbnail, when in memory
    waiting: bool  # for the thumbnail: the face would soon be drawn again


class _Look(NamedTuple):
    """What the tiles of one paint share: part of each face's key, the device pixel ratio
    and the font's metrics."""

    key: tuple
    dpr: float
    metrics: QFontMetrics


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`a` moved `amount` (0..1) of the way towards `b`."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def placeholder_colour(palette: QPalette) -> QColor:
    """The neutral fill of a tile whose thumbnail is still loading."""
    return mix(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.12)


def error_colour(palette: QPalette) -> QColor:
    """A red readable on the palette's base (lighter on dark themes)."""
    dark = palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
    return QColor("#ff8a80") if dark else QColor("#c62828")


def fit(width: float, height: float, box: QRectF) -> QRectF:
    """The largest width:height rectangle centred in `box` (the true aspect ratio)."""
    if width <= 0 or height <= 0:
        return QRectF(box)
    scale = min(box.width() / width, box.height() / height)
    w, h = width * scale, height * scale
    return QRectF(box.center().x() - w / 2, box.center().y() - h / 2, w, h)


class ItemDelegate(QStyledItemDelegate):
    def __init__(
        self,
        loader: ThumbnailSource | None = None,
        parent: QWidget | None = None,
        *,
        text_tiles: TextTiles | None = None,
    ):
        super().__init__(parent)
        self._loader = loader
        self._px = DEFAULT_SIZE
        self._text_tiles = text_tiles if text_tiles is not None else TextTiles()
        self._text_tiles.setParent(self)
        self._text_tiles.ready.connect(self._text_tile_ready)
        # Tiles shown as "Rendering…": which index (in which view) to repaint when each is in.
        self._text_waiting: dict[TileKey, list[tuple[QPersistentModelIndex, QWidget | None]]] = {}
        self._watched_model: QAbstractItemModel | None = None
        self._faces = TileFaces()
        self._faces_left: int | None = None  # new faces this paint may still draw (None: all)
        self._deferred: list[QPersistentModelIndex] = []
        self._paint_look: _Look | None = None  # the view's paint under way: its tiles' look
        self._in_view_paint = False
        # How the last view paint showed a tile neither selected, focused nor hovered: faces
        # drawn ahead of a scroll (`prepare`) are drawn as that.
        self._plain: tuple[QStyleOptionViewItem, _Look] | None = None
        self._want_plain = False

    # ------------------------------------------------------------------ configuration

    @property
    def loader(self) -> ThumbnailSource | None:
        return self._loader

    def set_loader(self, loader: ThumbnailSource | None) -> None:
        self._loader = loader

    @property
    def faces(self) -> TileFaces:
        """The tiles drawn so far, as pixmaps (`views.tile_faces`)."""
        return self._faces

    def forget_faces(self) -> None:
        """Drop every kept tile: after a palette, font or style change none looks right."""
        self._faces.clear()
        self._plain = None

    def begin_paint(self, *, every_tile: bool = False) -> None:
        """A paint of the view starts: it draws at most FACES_PER_PAINT new faces, and shows
        the other tiles that need one as their place, to be drawn at the next event-loop turn
        (`end_paint`). A screenful of new tiles then costs a few short paints instead of one
        long one, which a busy machine stretched several times over. `every_tile`: this
        paint draws every new face (what a scroll uncovered)."""
        self._faces.start_paint()
        self._faces_left, self._deferred = None if every_tile else FACES_PER_PAINT, []
        self._paint_look, self._in_view_paint, self._want_plain = None, True, True

    def end_paint(self) -> list[QPersistentModelIndex]:
        """The tiles this paint showed as their place, to be painted again: as rows, not
        rectangles, since the view may scroll before then (and carry their places along)."""
        deferred, self._faces_left, self._deferred = self._deferred, None, []
        self._paint_look, self._in_view_paint, self._want_plain = None, False, False
        return deferred

    def prepare(self, index: Index) -> Prepared:
        """Draw the face of a tile a scroll is about to bring in, so that the paint showing it
        only copies it; as the last paint showed a plain tile (one selected or under the
        pointer gets its own face then). A tile waiting for its thumbnail is not drawn yet,
        but its fetch starts: the thumbnails of what comes next are on their way before it
        shows."""
        if self._plain is None:
            return Prepared.NOT_KEPT
        option, look = self._plain
        tile = index.data(Role.TILE)
        if not isinstance(tile, Tile):
            return Prepared.NOT_KEPT
        found = self._face_key(option, tile, look)
        if found is None:
            return self._prepare_text(option, tile, look)
        if found.waiting:
            return Prepared.WAITING
        if found.key in self._faces:
            return Prepared.HAD_ONE
        self._faces.put(found.key, self._draw_face(option, index, tile, look, found.thumb))
        return Prepared.DRAWN

    def _prepare_text(self, option: QStyleOptionViewItem, tile: Tile, look: _Look) -> Prepared:
        """A text tile is not kept as a face, but its image is made off the GUI thread: started
        ahead, the tile comes in drawn rather than as "Rendering…"."""
        item = tile.item
        text = item.text if isinstance(item, Item) else None
        if tile.kind != ROW_ITEM or tile.media_type != "TEXT" or text is None:
            return Prepared.NOT_KEPT
        html = text.html
        text_look = self._text_tiles.look(self._px, self._px, look.dpr, option.palette)
        _key, image = self._text_tiles.tile(tile.thumb_key or html_hash(html), html, text_look)
        return Prepared.HAD_ONE if image is not None else Prepared.STARTED

    @property
    def text_tiles(self) -> TextTiles:
        return self._text_tiles

    @property
    def thumbnail_size(self) -> int:
        return self._px

    def set_thumbnail_size(self, px: int) -> None:
        """The side of the thumbnail square in logical pixels (clamped to 96..320)."""
        self._px = max(MIN_SIZE, min(MAX_SIZE, int(px)))

    def cell_size(self, font: QFont | None = None) -> QSize:
        line = QFontMetrics(font if font is not None else QApplication.font()).height()
        side = self._px + 2 * MARGIN
        return QSize(side, side + TEXT_GAP + line)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self.cell_size(option.font)

    def thumbnail_rect(self, cell: QRect) -> QRectF:
        """The square the thumbnail is fitted in, for a cell's rectangle."""
        left = cell.x() + (cell.width() - self._px) / 2
        return QRectF(left, cell.y() + MARGIN, self._px, self._px)

    def retry_rect(self, cell: QRect, font: QFont | None = None) -> QRectF:
        """Where a failed upload tile's "Retry" link is painted, for a cell's rectangle: the
        word itself (a little padded), so a click elsewhere on the tile is not a retry."""
        metrics = QFontMetrics(font if font is not None else QApplication.font())
        return self._retry_rect(self.thumbnail_rect(cell), metrics)

    def _retry_rect(self, square: QRectF, metrics: QFontMetrics) -> QRectF:
        inner = square.adjusted(8, 8, -8, -8)
        width = min(inner.width(), metrics.horizontalAdvance(tr(RETRY_TEXT)) + 2 * LINK_PADDING)
        return QRectF(
            inner.center().x() - width / 2,
            inner.bottom() - metrics.height(),
            width,
            metrics.height(),
        )

    def elided_title(self, title: str, font: QFont | None = None) -> str:
        """The title as painted: cut with "…" to the tile's width."""
        return self._elide(QFontMetrics(font if font is not None else QApplication.font()), title)

    def _elide(self, metrics: QFontMetrics, title: str) -> str:
        return metrics.elidedText(title, Qt.TextElideMode.ElideRight, self._px)

    # ------------------------------------------------------------------ painting

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if option.rect.isEmpty():
            return  # a row the batched layout has not placed yet: no face of size 0 to draw
        tile = index.data(Role.TILE)
        look = self._look(option, painter.device().devicePixelRatio())
        is_item = isinstance(tile, Tile) and tile.kind == ROW_ITEM
        if self._want_plain and is_item and not option.state & NOT_PLAIN:
            self._plain, self._want_plain = (QStyleOptionViewItem(option), look), False
        found = self._face_key(option, tile, look) if isinstance(tile, Tile) else None
        if found is None:  # an upload, a place kept, a text item: drawn as it is
            self._paint_with_hints(painter, option, index, tile)
            return
        key, thumb, _waiting = found
        face = self._faces.get(key)
        if face is None:
            if self._faces_left is not None:
                if self._faces_left <= 0:
                    self._paint_place(painter, option)
                    self._deferred.append(QPersistentModelIndex(index))
                    return
                self._faces_left -= 1
            face = self._draw_face(option, index, tile, look, thumb)
            if self._faces.put(key, face):
                # A face this paint showed was pushed out: more tiles show than the faces'
                # budget holds. Deferring would draw them again and again, so this paint
                # draws every tile. (Faces of tiles no longer shown going is no reason: once
                # a few hundred tiles were browsed that is every new face, and each paint
                # then drew all its new tiles at once.)
                self._faces_left = None
        painter.drawPixmap(option.rect.topLeft(), face)

    def _paint_with_hints(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index, tile: object
    ) -> None:
        painter.save()
        try:
            painter.setRenderHints(RENDER_HINTS)
            self._paint_tile(painter, option, index, tile)
        finally:
            painter.restore()

    def _look(self, option: QStyleOptionViewItem, dpr: float) -> _Look:
        """What every tile of a paint shares (size, palette, font, style). Worked out once per
        view paint: reading the font's key and the style is a few calls into Qt a tile."""
        look = self._paint_look
        if look is None:
            font = option.font
            look = _Look(
                (self._px, dpr, option.palette.cacheKey(), font.key(), id(_style(option))),
                dpr,
                QFontMetrics(font),
            )
            if self._in_view_paint:
                self._paint_look = look
        return look

    def _face_key(self, option: QStyleOptionViewItem, tile: Tile, look: _Look) -> _FaceKey | None:
        """Everything an item tile's look depends on, and its thumbnail if in memory; None for
        a tile not kept as a face (uploads move on, text tiles wait for their own renderer).
        Asking the loader here also starts the thumbnail's fetch, as painting it would."""
        if tile.kind != ROW_ITEM or tile.media_type == "TEXT":
            return None
        key, url, item = tile.thumb_key, tile.thumb_url, tile.item
        pixmap = None
        if tile.media_type == "VIDEO" and not url:
            thumb: object = "film"
        elif not (key and url):
            thumb = "failed"
        elif self._loader is None:
            thumb = "waiting"
        else:
            size_px = round(self._px * look.dpr)
            pixmap = self._loader.pixmap(key, url, size_px)
            if pixmap is not None and not pixmap.isNull():
                thumb = pixmap.cacheKey()
            elif self._loader.state(key, size_px) == "failed":
                pixmap, thumb = None, "failed"
            else:
                pixmap, thumb = None, "waiting"
        # A tile waiting for its thumbnail shows the photo's shape.
        shape = (item.width, item.height) if thumb == "waiting" and isinstance(item, Item) else None
        rect = option.rect
        state = int(option.state.value)
        face = (tile.title, tile.media_type, thumb, shape, state, rect.width(), rect.height(),
                look.key)  # fmt: skip
        return _FaceKey(face, pixmap, thumb == "waiting")

    def _draw_face(
        self,
        option: QStyleOptionViewItem,
        index: Index,
        tile: Tile,
        look: _Look,
        thumb: QPixmap | None,
    ) -> QPixmap:
        cell, dpr = option.rect, look.dpr
        face = self._faces.spare(round(cell.width() * dpr), round(cell.height() * dpr))
        face.setDevicePixelRatio(dpr)
        # Opaque, on the view's own background: a see-through face blended at every paint
        # cost 20x an opaque one's copy.
        face.fill(option.palette.color(QPalette.ColorRole.Base))
        painter = QPainter(face)
        try:
            # The tile is drawn where the option says, moved to the face's origin: copying the
            # option to move it instead cost more than the rest of the face.
            painter.translate(-cell.x(), -cell.y())
            painter.setRenderHints(RENDER_HINTS)
            self._paint_tile(painter, option, index, tile, thumb, look.metrics)
        finally:
            painter.end()
        return face

    def _paint_tile(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: Index,
        tile: object,
        thumb: QPixmap | None = None,
        metrics: QFontMetrics | None = None,
    ) -> None:
        """`tile`: what the index answered for `Role.TILE` (asked once per paint); `thumb`,
        the thumbnail when the caller has it already; `metrics`, the option font's."""
        palette = option.palette
        cell = option.rect
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        if selected or hovered:
            fill = (
                highlight
                if selected
                else mix(palette.color(QPalette.ColorRole.Base), highlight, 0.2)
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(cell).adjusted(1, 1, -1, -1), 6, 6)

        square = self.thumbnail_rect(cell)
        if not isinstance(tile, Tile):
            return
        if tile.kind == ROW_UPLOAD:
            self._paint_upload(painter, option, tile, square)
        elif tile.kind == ROW_LOADING:
            self._paint_place(painter, option)  # an item on its way: its place, nothing more
            return
        else:
            self._paint_item(painter, option, tile, square, index, thumb)

        if metrics is None:
            metrics = QFontMetrics(option.font)
        text_rect = QRectF(
            cell.x() + MARGIN,
            square.bottom() + TEXT_GAP,
            cell.width() - 2 * MARGIN,
            metrics.height(),
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setFont(option.font)
        painter.setPen(palette.color(role))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, self._elide(metrics, tile.title))

        if state & QStyle.StateFlag.State_HasFocus:
            focus = QStyleOptionFocusRect()
            if option.widget is not None:
                focus.initFrom(option.widget)
            focus.rect = cell.adjusted(2, 2, -2, -2)
            focus.state = option.state  # the style shows it after keyboard use only
            focus.backgroundColor = (
                highlight if selected else palette.color(QPalette.ColorRole.Base)
            )
            _style(option).drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, option.widget
            )

    def _paint_place(self, painter: QPainter, option: QStyleOptionViewItem) -> None:
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(placeholder_colour(option.palette))
        painter.drawRect(self.thumbnail_rect(option.rect))
        painter.restore()

    def _paint_item(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        tile: Tile,
        square: QRectF,
        index: Index,
        thumb: QPixmap | None = None,
    ) -> None:
        palette = option.palette
        item, kind = tile.item, tile.media_type
        dpr = painter.device().devicePixelRatio()
        if kind == "TEXT" and isinstance(item, Item) and item.text is not None:
            self._paint_text(painter, option, index, tile.thumb_key, item.text.html, square)
            return

        key, url = tile.thumb_key, tile.thumb_url
        if kind == "VIDEO" and not url:
            strip = self._paint_film(painter, palette, square)
            self._paint_badge(painter, palette, strip, BADGES["VIDEO"])
            return
        size_px = round(self._px * dpr)
        pixmap = thumb
        if pixmap is None and key and url and self._loader:
            pixmap = self._loader.pixmap(key, url, size_px)
        if pixmap is not None and not pixmap.isNull():
            if pixmap.devicePixelRatio() != dpr:
                pixmap.setDevicePixelRatio(dpr)
            target = _on_device_pixels(fit(pixmap.width(), pixmap.height(), square), dpr)
            pixmap = _scaled_once(str(key), pixmap, target.size(), dpr)
            painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
            self._paint_badge(painter, palette, target, BADGES.get(kind or ""))
            return
        failed = not (key and url) or (
            self._loader is not None and self._loader.state(key, size_px) == "failed"
        )
        if failed:
            self._paint_error(painter, palette, square)
        else:
            width = item.width if isinstance(item, Item) else None
            height = item.height if isinstance(item, Item) else None
            shape = fit(width or 1, height or 1, square)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(placeholder_colour(palette))
            painter.drawRect(shape)
        self._paint_badge(painter, palette, square, BADGES.get(kind or ""))

    def _paint_text(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: Index,
        html_id: str | None,
        html: str,
        square: QRectF,
    ) -> None:
        palette = option.palette
        dpr = painter.device().devicePixelRatio()
        look = self._text_tiles.look(self._px, self._px, dpr, palette)
        key, image = self._text_tiles.tile(html_id or html_hash(html), html, look)
        if image is None:
            self._wait_for_text_tile(key, index, option.widget)
            self._paint_rendering(painter, palette, square, option.font)
        else:
            pixmap = _text_pixmap(image)
            painter.drawPixmap(square, pixmap, QRectF(pixmap.rect()))
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(square.adjusted(0.5, 0.5, -0.5, -0.5))
        self._paint_badge(painter, palette, square, BADGES["TEXT"])

    def _paint_rendering(
        self, painter: QPainter, palette: QPalette, square: QRectF, font: QFont
    ) -> None:
        """A text tile whose image is still being made: the neutral fill and a quiet word."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(placeholder_colour(palette))
        painter.drawRect(square)
        painter.setFont(font)
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        painter.setPen(mix(base, text, 0.6))
        painter.drawText(square, Qt.AlignmentFlag.AlignCenter, tr(RENDERING_TEXT))

    def _wait_for_text_tile(self, key: TileKey, index: Index, view: QWidget | None) -> None:
        here = QPersistentModelIndex(index)
        # The same tile waiting for another image means its item changed: that one is stale.
        for other in [k for k, waiters in self._text_waiting.items() if k != key]:
            waiters = [w for w in self._text_waiting[other] if w[0] != here]
            if waiters:
                self._text_waiting[other] = waiters
            else:
                del self._text_waiting[other]
                self._text_tiles.cancel(other)
        waiting = self._text_waiting.setdefault(key, [])
        if not any(w[0] == here for w in waiting):
            waiting.append((here, view))
        self._watch_model(index.model())

    def _watch_model(self, model: QAbstractItemModel | None) -> None:
        """Another gallery (a model reset) makes every pending text tile stale."""
        if model is self._watched_model:
            return
        old = self._watched_model
        if old is not None and shiboken6.isValid(old):
            old.modelAboutToBeReset.disconnect(self._forget_text_tiles)
        self._watched_model = model
        if model is not None:
            model.modelAboutToBeReset.connect(self._forget_text_tiles)

    def _forget_text_tiles(self) -> None:
        self._text_waiting.clear()
        self._text_tiles.cancel_all()

    def _text_tile_ready(self, key: TileKey) -> None:
        for here, view in self._text_waiting.pop(key, []):
            model = here.model()
            if not here.isValid() or model is None or view is None or not shiboken6.isValid(view):
                continue
            if isinstance(view, QAbstractItemView):
                view.update(model.index(here.row(), here.column(), here.parent()))
            else:
                view.update()

    def _paint_badge(
        self, painter: QPainter, palette: QPalette, box: QRectF, glyph: str | None
    ) -> None:
        if not glyph:
            return
        font = QFont(painter.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        side = metrics.height() + 4
        # Bottom-right: the top-left is where a text tile's first words are.
        rect = QRectF(box.right() - 4 - side, box.bottom() - 4 - side, side, side)
        background = QColor(palette.color(QPalette.ColorRole.Window))
        background.setAlphaF(0.85)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, glyph)

    def _paint_film(self, painter: QPainter, palette: QPalette, square: QRectF) -> QRectF:
        """A video with no poster: a strip of film."""
        base = palette.color(QPalette.ColorRole.Base)
        film = mix(base, palette.color(QPalette.ColorRole.Text), 0.75)
        strip = fit(16, 9, square)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(film)
        painter.drawRect(strip)
        hole = max(4.0, strip.height() / 14)
        painter.setBrush(base)
        x = strip.left() + hole
        while x + hole < strip.right():
            painter.drawRect(QRectF(x, strip.top() + hole / 2, hole, hole))
            painter.drawRect(QRectF(x, strip.bottom() - 1.5 * hole, hole, hole))
            x += 2 * hole
        triangle = QPainterPath()
        c, r = strip.center(), strip.height() / 6
        triangle.moveTo(QPointF(c.x() - r * 0.8, c.y() - r))
        triangle.lineTo(QPointF(c.x() + r, c.y()))
        triangle.lineTo(QPointF(c.x() - r * 0.8, c.y() + r))
        triangle.closeSubpath()
        painter.fillPath(triangle, base)
        return strip

    def _paint_error(self, painter: QPainter, palette: QPalette, square: QRectF) -> None:
        """A broken-image glyph over "Can't load image"."""
        text = palette.color(QPalette.ColorRole.Text)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(placeholder_colour(palette))
        painter.drawRect(square)
        side = square.width() * 0.32
        icon = QRectF(
            square.center().x() - side / 2, square.top() + square.height() * 0.22, side, side * 0.8
        )
        pen = QPen(mix(palette.color(QPalette.ColorRole.Base), text, 0.6), max(1.5, side / 18))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # A picture frame torn by a zigzag, with a small mountain in the lower-left half.
        path = QPainterPath()
        path.moveTo(icon.left() + icon.width() * 0.55, icon.top())
        path.lineTo(icon.topLeft())
        path.lineTo(icon.bottomLeft())
        path.lineTo(icon.left() + icon.width() * 0.45, icon.bottom())
        path.lineTo(icon.left() + icon.width() * 0.6, icon.top() + icon.height() * 0.65)
        path.lineTo(icon.left() + icon.width() * 0.45, icon.top() + icon.height() * 0.35)
        path.lineTo(icon.left() + icon.width() * 0.55, icon.top())
        path.moveTo(icon.left() + icon.width() * 0.7, icon.top())
        path.lineTo(icon.topRight())
        path.lineTo(icon.bottomRight())
        path.lineTo(icon.left() + icon.width() * 0.6, icon.bottom())
        path.lineTo(icon.left() + icon.width() * 0.75, icon.top() + icon.height() * 0.6)
        path.lineTo(icon.left() + icon.width() * 0.65, icon.top() + icon.height() * 0.3)
        path.closeSubpath()
        painter.drawPath(path)
        painter.setPen(mix(palette.color(QPalette.ColorRole.Base), text, 0.75))
        label = QRectF(
            square.left() + 4,
            icon.bottom() + 6,
            square.width() - 8,
            square.bottom() - icon.bottom() - 8,
        )
        painter.drawText(
            label,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            tr(ERROR_TEXT),
        )

    def _paint_upload(
        self, painter: QPainter, option: QStyleOptionViewItem, tile: Tile, square: QRectF
    ) -> None:
        palette = option.palette
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(placeholder_colour(palette))
        painter.drawRect(square)
        error = tile.upload_error
        inner = square.adjusted(8, 8, -8, -8)
        if error:
            metrics = QFontMetrics(option.font)
            painter.setFont(option.font)
            painter.setPen(error_colour(palette))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            if not tile.upload_retryable:
                # The file itself cannot be added (damaged, not a photo...): the reason is the
                # whole message, and no Retry link promises what a retry cannot do.
                painter.drawText(inner, flags, error)
                return
            reason = QRectF(
                inner.left(), inner.top(), inner.width(), inner.height() - metrics.height() - 6
            )
            painter.drawText(reason, flags, tr("Upload failed: {error}").format(error=error))
            link = QFont(option.font)
            link.setUnderline(True)
            painter.setFont(link)
            painter.setPen(palette.color(QPalette.ColorRole.Link))
            retry = self._retry_rect(square, metrics)
            painter.drawText(retry, Qt.AlignmentFlag.AlignCenter, tr(RETRY_TEXT))
            return
        # An upward arrow over a progress bar.
        arrow = QPainterPath()
        c, r = square.center(), square.width() * 0.14
        arrow.moveTo(QPointF(c.x(), c.y() - 1.6 * r))
        arrow.lineTo(QPointF(c.x() + r, c.y() - 0.4 * r))
        arrow.lineTo(QPointF(c.x() + 0.35 * r, c.y() - 0.4 * r))
        arrow.lineTo(QPointF(c.x() + 0.35 * r, c.y() + 0.8 * r))
        arrow.lineTo(QPointF(c.x() - 0.35 * r, c.y() + 0.8 * r))
        arrow.lineTo(QPointF(c.x() - 0.35 * r, c.y() - 0.4 * r))
        arrow.lineTo(QPointF(c.x() - r, c.y() - 0.4 * r))
        arrow.closeSubpath()
        painter.fillPath(
            arrow,
            mix(
                palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.5
            ),
        )
        if tile.upload_phase == "processing":
            painter.setFont(option.font)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            label = QRectF(inner.left(), inner.bottom() - 40, inner.width(), 22)
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, tr(PROCESSING_TEXT))
        progress = tile.upload_progress
        bar = QStyleOptionProgressBar()
        if option.widget is not None:
            bar.initFrom(option.widget)
        bar.palette = palette
        bar.rect = QRect(round(inner.left()), round(inner.bottom() - 14), round(inner.width()), 14)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = round(progress * 1000)
        bar.textVisible = False
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        _style(option).drawControl(
            QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget
        )


def _style(option: QStyleOptionViewItem) -> QStyle:
    return option.widget.style() if option.widget is not None else QApplication.style()


def _on_device_pixels(rect: QRectF, dpr: float) -> QRectF:
    """`rect` moved to whole device pixels: a pixmap drawn at a fraction of a pixel is
    resampled (the smooth transform's slow path); at a whole pixel it is copied."""
    left, top = round(rect.x() * dpr) / dpr, round(rect.y() * dpr) / dpr
    return QRectF(left, top, round(rect.width() * dpr) / dpr, round(rect.height() * dpr) / dpr)


def _scaled_once(key: str, pixmap: QPixmap, size: QSizeF, dpr: float) -> QPixmap:
    """The thumbnail smoothly scaled to the tile's device pixels, cached: scaling a bucket-sized
    pixmap on every paint would cost a millisecond a tile on each repaint."""
    width, height = round(size.width() * dpr), round(size.height() * dpr)
    if (pixmap.width(), pixmap.height()) == (width, height) or width <= 0 or height <= 0:
        return pixmap
    cache_key = f"tile:{key}:{pixmap.cacheKey()}:{width}x{height}"
    scaled = QPixmap()
    if not QPixmapCache.find(cache_key, scaled) or scaled.isNull():
        scaled = pixmap.scaled(
            width,
            height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(dpr)
        QPixmapCache.insert(cache_key, scaled)
    return scaled


def _text_pixmap(image: QImage) -> QPixmap:
    """The GUI thread's pixmap of a rendered text tile, made once per image."""
    cache_key = f"texttile:{image.cacheKey()}"
    pixmap = QPixmap()
    if not QPixmapCache.find(cache_key, pixmap) or pixmap.isNull():
        pixmap = QPixmap.fromImage(image)
        QPixmapCache.insert(cache_key, pixmap)
    return pixmap
