"""Helpers for the upload GUI tests: drop a real file on the grid, find its tile, fail it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QFontMetrics

from galleryman.models.roles import ROW_UPLOAD, Role
from galleryman.sandbox.server import SandboxServer
from galleryman.views.main_window import MainWindow
from tests.gui_helpers import send_drop, server_of, wait_idle
from tests.support import image_bytes

UPLOAD_URL = "generate-upload-url"


def drop_file(window: MainWindow, tmp_path: Path, name: str = "new.png") -> Path:
    path = tmp_path / name
    path.write_bytes(image_bytes(64, 64, "PNG", seed=7))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    grid = window.grid
    end = QPoint(grid.viewport().width() - 5, grid.viewport().height() - 5)  # after the last
    send_drop(grid, mime, end, Qt.DropAction.CopyAction)
    return path


def upload_requests(server: SandboxServer) -> int:
    return sum(1 for _method, path, _status in server.request_log.snapshot() if UPLOAD_URL in path)


def failed_tile(window: MainWindow) -> QModelIndex:
    model = window.grid.model()
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    failed = [i for i in rows if i.data(Role.ROW_KIND) == ROW_UPLOAD and i.data(Role.UPLOAD_ERROR)]
    assert len(failed) == 1
    return failed[0]


def retry_link_centre(window: MainWindow, index: QModelIndex) -> QPoint:
    """The middle of the "Retry" words as the delegate paints them: the bottom line of the
    tile's square inset by 8 pixels."""
    grid = window.grid
    square = grid.item_delegate.thumbnail_rect(grid.visualRect(index))
    inner = square.adjusted(8, 8, -8, -8)
    line = QFontMetrics(grid.font()).height()
    return QPointF(inner.center().x(), inner.bottom() - line / 2).toPoint()


def failed_upload(qtbot, window: MainWindow, tmp_path: Path) -> tuple[QModelIndex, int]:  # type: ignore[no-untyped-def]
    """A dropped file whose upload failed in a way a retry can fix (the file went missing
    before it was sent): its tile, and the upload requests sent so far. `restore_file`
    puts the file back."""
    session = window.session
    assert session is not None
    session.set_review_before_sending(True)  # held, so the file can go before it is sent
    path = drop_file(window, tmp_path)
    path.unlink()
    session.set_review_before_sending(False)
    session.send_held()
    wait_idle(qtbot, window)
    index = failed_tile(window)
    return index, upload_requests(server_of(window))


def restore_file(tmp_path: Path, name: str = "new.png") -> None:
    """The file a failed upload was missing is back (a drive plugged in again)."""
    (tmp_path / name).write_bytes(image_bytes(64, 64, "PNG", seed=7))
