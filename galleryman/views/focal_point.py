"""An image preview on which the user picks the focal point (the part Wix keeps when cropping).

The pixmap is scaled to fit with its aspect kept, so the widget may show bars beside or above
it; positions are always fractions (0..1) of the image itself, never of the widget.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from galleryman.core.i18n import tr

NUDGE = 0.05
CENTRE = (0.5, 0.5)  # Wix crops around the centre when no focal point is set


def _clamp(value: float) -> float:
    return min(max(value, 0.0), 1.0)


class FocalPointPreview(QWidget):
    """Shows the image with a crosshair; a click (or arrows then Enter) picks a new point."""

    focal_point_picked = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self._scaled: QPixmap | None = None
        self._point: tuple[float, float] | None = None  # the item's saved point
        self._pending: tuple[float, float] | None = None  # moved with the keyboard, not yet sent
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(160, 120)
        self.setAccessibleName(tr("Focal point"))
        self._describe()

    # ------------------------------------------------------------------------------ state

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self._pixmap = pixmap if pixmap is not None and not pixmap.isNull() else None
        self._scaled = None
        self.update()

    def pixmap(self) -> QPixmap | None:
        return self._pixmap

    def set_focal_point(self, point: tuple[float, float] | None) -> None:
        """The saved focal point (None: Wix's default, the centre). Drops keyboard moves."""
        self._point = (_clamp(point[0]), _clamp(point[1])) if point is not None else None
        self._pending = None
        self._describe()
        self.update()

    def focal_point(self) -> tuple[float, float]:
        """The point shown: a keyboard move not yet committed, else the saved one."""
        return self._pending or self._point or CENTRE

    def image_rect(self) -> QRectF:
        """Where the image is drawn inside the widget (empty without a pixmap)."""
        if self._pixmap is None:
            return QRectF()
        size = self._pixmap.deviceIndependentSize().scaled(
            QSize(self.width(), self.height()).toSizeF(), Qt.AspectRatioMode.KeepAspectRatio
        )
        left = (self.width() - size.width()) / 2
        top = (self.height() - size.height()) / 2
        return QRectF(left, top, size.width(), size.height())

    def sizeHint(self) -> QSize:
        return QSize(320, 240)

    # ----------------------------------------------------------------------------- events

    def mousePressEvent(self, event: QMouseEvent) -> None:
        rect = self.image_rect()
        pos = event.position()
        if event.button() != Qt.MouseButton.LeftButton or not rect.contains(pos):
            super().mousePressEvent(event)  # a click on the bars beside the image picks nothing
            return
        x = _clamp((pos.x() - rect.left()) / rect.width())
        y = _clamp((pos.y() - rect.top()) / rect.height())
        self._pick(x, y)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._pixmap is None:
            super().keyPressEvent(event)
            return
        x, y = self.focal_point()
        key = event.key()
        moves = {
            Qt.Key.Key_Left: (-NUDGE, 0.0),
            Qt.Key.Key_Right: (NUDGE, 0.0),
            Qt.Key.Key_Up: (0.0, -NUDGE),
            Qt.Key.Key_Down: (0.0, NUDGE),
        }
        if key in moves:
            dx, dy = moves[Qt.Key(key)]
            self._pending = (round(_clamp(x + dx), 4), round(_clamp(y + dy), 4))
            self._describe()
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._pending is not None:
            self._pick(*self._pending)
        elif key == Qt.Key.Key_Escape and self._pending is not None:
            self._pending = None
            self._describe()
            self.update()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._scaled = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window))
            rect = self.image_rect()
            if self._pixmap is None or rect.isEmpty():
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("No preview"))
                return
            painter.drawPixmap(rect.topLeft(), self._scaled_pixmap(rect))
            self._draw_crosshair(painter, rect)
            if self.hasFocus():
                painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
                painter.drawRect(rect.adjusted(1, 1, -1, -1))
        finally:
            painter.end()

    # ---------------------------------------------------------------------------- helpers

    def _pick(self, x: float, y: float) -> None:
        self._point = (x, y)
        self._pending = None
        self._describe()
        self.update()
        self.focal_point_picked.emit(x, y)

    def _scaled_pixmap(self, rect: QRectF) -> QPixmap:
        # Scaling a full-size photo on every paint would make resizing stutter: cache it.
        assert self._pixmap is not None
        ratio = self.devicePixelRatioF()
        wanted = QSize(round(rect.width() * ratio), round(rect.height() * ratio))
        if self._scaled is None or self._scaled.size() != wanted:
            self._scaled = self._pixmap.scaled(
                wanted,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self._scaled.setDevicePixelRatio(ratio)
        return self._scaled

    def _draw_crosshair(self, painter: QPainter, rect: QRectF) -> None:
        x, y = self.focal_point()
        centre = QPointF(rect.left() + x * rect.width(), rect.top() + y * rect.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # A dark line under a light one stays visible on any photo.
        for colour, width in ((QColor(0, 0, 0, 160), 3.0), (QColor(255, 255, 255), 1.0)):
            pen = QPen(colour, width)
            if self._pending is not None:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(rect.left(), centre.y()), QPointF(rect.right(), centre.y()))
            painter.drawLine(QPointF(centre.x(), rect.top()), QPointF(centre.x(), rect.bottom()))
            painter.drawEllipse(centre, 8.0, 8.0)

    def _describe(self) -> None:
        x, y = self.focal_point()
        if self._point is None and self._pending is None:
            where = tr("centre (default)")
        else:
            locale = QLocale()
            where = tr("x {x}, y {y}").format(
                x=locale.toString(x, "f", 2), y=locale.toString(y, "f", 2)
            )
        self.setAccessibleDescription(
            tr(
                "Focal point at {where}. "
                "Click the image or use the arrow keys and Enter to move it."
            ).format(where=where)
        )
