"""The thumbnail grid as a user sees it: real widgets, real images from a sandbox over HTTP,
the real thumbnail loader; drags and drops sent as the window system would send them."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QCursor,
    QDropEvent,
    QGuiApplication,
    QHelpEvent,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
    QPixmapCache,
)
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QToolTip

from galleryman.core.compact_items import compact
from galleryman.core.thumbcache import ThumbnailDiskCache
from galleryman.models.item_filter import ItemFilterModel
from galleryman.models.item_grid import ItemGridModel
from galleryman.models.roles import Role
from galleryman.views.item_delegate import (
    FACES_PER_PAINT,
    MARGIN,
    ItemDelegate,
    error_colour,
    placeholder_colour,
)
from galleryman.views.item_grid_view import SPACING, ItemGridView
from galleryman.views.text_render import render_html_tile
from galleryman.wix.client import WixClient
from galleryman.wix.models import Item
from galleryman.workers.thumbnails import ThumbnailLoader, bucket_for
from tests.gui_helpers import (
    apply_planned_move,
    left_half,
    right_half,
    send_drag,
    send_drop,
    shown_text,
    until_event_loop_idle,
)
from tests.support import image_bytes

YELLOW = (250, 220, 40)  # the disc in the middle of every tests.support image


def seed_colour(seed: int) -> tuple[int, int, int]:
    """The background colour of `image_bytes(..., seed=seed)`."""
    return ((seed * 53) % 256, (seed * 97) % 256, 180)


def close(colour: QColor, rgb: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour.getRgb()[:3], rgb, strict=True))


def upload_image(
    client: WixClient, gallery_id: str, width: int, height: int, seed: int, title: str
) -> Item:
    data = image_bytes(width, height, "JPEG", seed=seed)
    name = f"photo{seed}.jpg"
    url = client.generate_upload_url("image/jpeg", name, len(data))
    file = client.upload_bytes(url, data, name, "image/jpeg")
    return client.create_item(gallery_id, Item.image_item(file, title=title))


def load_model(client: WixClient, gallery_id: str) -> ItemGridModel:
    model = ItemGridModel()
    model.load(gallery_id)
    for page in client.iter_item_pages(gallery_id):
        model.add_page(page)
    return model


@pytest.fixture
def loader(tmp_path: Path) -> Iterator[ThumbnailLoader]:
    thumbnails = ThumbnailLoader(ThumbnailDiskCache(tmp_path / "thumbs"))
    yield thumbnails
    thumbnails.shutdown()


@pytest.fixture
def gallery(client: WixClient) -> tuple[str, list[Item]]:
    """A gallery of six real photos: two of unusual shapes, the others 4:3."""
    gallery_id = str(client.create_gallery("Holiday").id)
    shapes = [(320, 80), (80, 320), (400, 300), (400, 300), (400, 300), (400, 300)]
    items = [
        upload_image(client, gallery_id, w, h, seed, f"Photo {seed}")
        for seed, (w, h) in enumerate(shapes, start=1)
    ]
    return gallery_id, items


def show(qtbot, view: ItemGridView, width: int = 820, height: int = 640) -> None:
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    model = view.model()
    if model.rowCount():
        last = model.index(model.rowCount() - 1, 0)
        qtbot.waitUntil(lambda: view.visualRect(last).isValid(), timeout=5000)


def wait_for_thumbnails(qtbot, view: ItemGridView, loader: ThumbnailLoader) -> None:  # type: ignore[no-untyped-def]
    """Until every row's thumbnail is in memory at the view's device-pixel size."""
    model = view.model()
    size_px = round(view.thumbnail_size * view.devicePixelRatio())
    keys = [model.index(r, 0).data(Role.THUMB_KEY) for r in range(model.rowCount())]
    qtbot.waitUntil(lambda: all(loader.state(k, size_px) == "ready" for k in keys), timeout=15000)


def grab_once(view: ItemGridView) -> QImage:
    """The viewport as one paint draws it (FACES_PER_PAINT new faces at most)."""
    return view.viewport().grab().toImage()


def grab(view: ItemGridView) -> QImage:
    """The viewport once every tile has its face: a paint draws FACES_PER_PAINT new faces
    and shows the other tiles as their place until a later paint."""
    faces = view.item_delegate.faces
    for _ in range(50):
        drawn = len(faces)
        image = grab_once(view)
        if len(faces) == drawn:
            return image
    raise AssertionError("the faces never all got drawn")


def make_grid(qtbot, model, loader: ThumbnailLoader | None, **size: int) -> ItemGridView:
    view = ItemGridView(loader=loader)
    view.setModel(model)
    show(qtbot, view, **size)
    return view


def filtered_grid(
    qtbot, client: WixClient, gallery_id: str, loader: ThumbnailLoader, **size: int
) -> tuple[ItemGridModel, ItemFilterModel, ItemGridView]:
    """The gallery loaded into a model, behind the filter proxy, shown in a grid."""
    model = load_model(client, gallery_id)
    proxy = ItemFilterModel()
    proxy.setSourceModel(model)
    return model, proxy, make_grid(qtbot, proxy, loader, **size)


# ---------------------------------------------------------------------------- thumbnails


def test_thumbnails_load_and_are_drawn_at_their_true_aspect_ratio(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    wait_for_thumbnails(qtbot, view, loader)

    image = grab(view)
    delegate = view.item_delegate
    placeholder = placeholder_colour(view.palette())
    for row in range(model.rowCount()):
        square = delegate.thumbnail_rect(view.visualRect(model.index(row))).toRect()
        centre = image.pixelColor(square.center())
        assert close(centre, YELLOW), (row, centre.getRgb())
        assert not close(centre, placeholder.getRgb()[:3], 8)

    # 320×80 is letterboxed: a band of its background across the middle, base colour above.
    wide = delegate.thumbnail_rect(view.visualRect(model.index(0))).toRect()
    inside = image.pixelColor(QPoint(wide.left() + 6, wide.center().y() - 12))
    above = image.pixelColor(QPoint(wide.left() + 6, wide.center().y() - 40))
    assert close(inside, seed_colour(1))
    assert close(above, view.palette().color(QPalette.ColorRole.Base).getRgb()[:3], 8)
    # 80×320 is pillarboxed: its colour near the middle, nothing at the far left.
    tall = delegate.thumbnail_rect(view.visualRect(model.index(1))).toRect()
    assert close(image.pixelColor(QPoint(tall.center().x() - 12, tall.top() + 6)), seed_colour(2))
    assert not close(image.pixelColor(QPoint(tall.left() + 6, tall.top() + 6)), seed_colour(2))


def test_visible_thumbnails_count_as_settled_only_once_the_viewport_is_laid_out(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    """What `--screenshot` and the benchmark wait for: while a (re)loaded gallery is still
    being laid out in batches, tiles about to appear must not count as settled."""
    gallery_id, items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    qtbot.waitUntil(view.visible_thumbnails_settled, timeout=15000)
    assert len(view.rows_in_viewport()[0]) == len(items)

    # A viewport holding more tiles than one layout batch (a big screen, small thumbnails).
    view.setBatchSize(2)
    model.load(gallery_id)  # the same gallery again: every thumbnail is still in memory
    model.add_page(items)
    assert view.visualRect(model.index(0)).isValid()
    assert not view.visualRect(model.index(len(items) - 1)).isValid()
    assert not view.visible_thumbnails_settled()
    qtbot.waitUntil(view.visible_thumbnails_settled, timeout=5000)
    assert len(view.rows_in_viewport()[0]) == len(items)


def test_a_caller_waiting_for_the_screens_thumbnails_is_called_once_they_show(
    qtbot, sandbox, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    """What a first open's listing waits for before its next page (`SiteSession`)."""
    gallery_id, items = gallery
    model = load_model(client, gallery_id)
    calls: list[str] = []
    with sandbox.gate("GET", r"^/media/[^/]+/v1/") as gate:
        view = make_grid(qtbot, model, loader)
        view.when_thumbnails_shown(lambda: calls.append("first"))
        qtbot.waitUntil(lambda: gate.held >= 1, timeout=15_000)  # the loader needs the loop
        until_event_loop_idle(qtbot)
        assert calls == []  # the thumbnails are held on their way
        assert not view.visible_thumbnails_settled()
        gate.release()
        qtbot.waitUntil(lambda: calls == ["first"], timeout=15_000)
    assert view.visible_thumbnails_settled()
    view.when_thumbnails_shown(lambda: calls.append("at once"))  # shown already
    assert calls == ["first", "at once"]


def test_a_caller_waiting_for_thumbnails_is_called_at_once_when_nothing_shows_them(
    qtbot, sandbox, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    calls: list[str] = []
    with sandbox.gate("GET", r"^/media/[^/]+/v1/") as gate:
        hidden = ItemGridView(loader=loader)  # never shown: nothing will be painted
        qtbot.addWidget(hidden)
        hidden.setModel(model)
        hidden.when_thumbnails_shown(lambda: calls.append("hidden"))
        assert calls == ["hidden"]

        view = make_grid(qtbot, model, loader)
        view.when_thumbnails_shown(lambda: calls.append("reset"))
        qtbot.waitUntil(lambda: gate.held >= 1, timeout=15_000)
        assert calls == ["hidden"]
        model.load("another gallery")  # what it waited for is gone from the screen
        assert calls == ["hidden", "reset"]


def test_a_missing_image_shows_the_error_tile(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, items = gallery
    model = ItemGridModel()
    model.load(gallery_id)
    broken = items[2].copy()
    assert broken.image is not None and broken.image.image_info is not None
    broken.image.image_info.url = f"{client.base_url}/media/nothing-here~mv2.jpg"
    broken.image.image_info.id = "nothing-here~mv2.jpg"
    model.add_page([broken])
    view = make_grid(qtbot, model, loader)
    size_px = round(view.thumbnail_size * view.devicePixelRatio())
    qtbot.waitUntil(
        lambda: loader.state("nothing-here~mv2.jpg", size_px) == "failed", timeout=15000
    )
    image = grab(view)
    square = view.item_delegate.thumbnail_rect(view.visualRect(model.index(0))).toRect()
    colours = {
        image.pixelColor(QPoint(x, y)).rgb()
        for x in range(square.left() + 2, square.right() - 2, 3)
        for y in range(square.top() + 2, square.bottom() - 2, 3)
    }
    assert QColor(placeholder_colour(view.palette())).rgb() in colours  # the tile
    assert len(colours) > 3  # with a glyph and "Can't load image" on it

    # Hovering says why, and what to do about it.
    centre = view.visualRect(model.index(0)).center()
    help_event = QHelpEvent(QEvent.Type.ToolTip, centre, view.viewport().mapToGlobal(centre))
    QApplication.sendEvent(view.viewport(), help_event)
    shown = shown_text(QToolTip.text())
    assert "Can't load the image: the server answered HTTP 404" in shown
    assert "Refresh (F5)" in shown


def test_thumbnails_are_asked_for_at_device_pixel_size(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, None)
    delegate = view.item_delegate
    delegate.set_loader(loader)
    key = model.index(2).data(Role.THUMB_KEY)
    px = delegate.thumbnail_size
    cell = delegate.cell_size(view.font())
    canvas = QImage(cell.width() * 2, cell.height() * 2, QImage.Format.Format_ARGB32)
    canvas.setDevicePixelRatio(2.0)
    canvas.fill(view.palette().color(QPalette.ColorRole.Base))
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, cell.width(), cell.height())
    option.palette = view.palette()
    option.font = view.font()

    def paint() -> None:
        painter = QPainter(canvas)
        delegate.paint(painter, option, model.index(2))
        painter.end()

    paint()
    assert loader.state(key, px * 2) != "idle"  # a 2x copy was asked for
    assert loader.state(key, px) == "idle"
    qtbot.waitUntil(lambda: loader.state(key, px * 2) == "ready", timeout=15000)
    paint()
    centre = delegate.thumbnail_rect(option.rect).center()
    assert close(canvas.pixelColor(QPoint(round(centre.x() * 2), round(centre.y() * 2))), YELLOW)


def test_text_items_are_drawn_without_loading_anything(
    qtbot, client: WixClient, loader: ThumbnailLoader, tmp_path: Path
) -> None:
    red = tmp_path / "red.png"
    PILImage.new("RGB", (200, 200), (255, 0, 0)).save(red)
    gallery_id = str(client.create_gallery("Notes").id)
    html = (
        f'<p style="font-size:48px"><b>Hello</b></p><img src="{red}" width="200" height="200">'
        f'<img src="{QUrl.fromLocalFile(str(red)).toString()}" width="200" height="200">'
    )
    client.create_item(gallery_id, Item.text_item(html, title="Note"))
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    image = grab(view)
    square = view.item_delegate.thumbnail_rect(view.visualRect(model.index(0))).toRect()
    pixels = [
        image.pixelColor(QPoint(x, y))
        for x in range(square.left() + 1, square.right(), 2)
        for y in range(square.top() + 1, square.bottom(), 2)
    ]
    text = view.palette().color(QPalette.ColorRole.Text).getRgb()[:3]
    assert sum(close(p, text, 60) for p in pixels) > 20  # the words are drawn
    assert not any(close(p, (255, 0, 0), 30) for p in pixels)  # the local file was not read
    tile = render_html_tile(html, 120, 120, 1.0, view.palette())
    assert (tile.width(), tile.height()) == (120, 120)
    assert render_html_tile(html, 120, 120, 1.0, view.palette()) is tile  # cached


def test_a_video_without_poster_is_a_film_tile(
    qtbot, client: WixClient, loader: ThumbnailLoader
) -> None:
    gallery_id = str(client.create_gallery("Clips").id)
    client.create_item(
        gallery_id, Item.video_item("https://www.youtube.com/watch?v=dQw4w9WgXcQ", title="Clip")
    )
    model = load_model(client, gallery_id)
    assert model.index(0).data(Role.THUMB_URL) is None
    view = make_grid(qtbot, model, loader)
    image = grab(view)
    square = view.item_delegate.thumbnail_rect(view.visualRect(model.index(0))).toRect()
    palette = view.palette()
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    film = QColor.fromRgbF(
        *(b + (t - b) * 0.75 for b, t in zip(base.getRgbF()[:3], text.getRgbF()[:3], strict=True))
    )
    assert close(
        image.pixelColor(QPoint(square.left() + 20, square.center().y() + 20)),
        film.getRgb()[:3],
        10,
    )


def test_upload_placeholders_show_progress_and_failure_and_offer_retry(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    model.add_uploads([("tok-1", Path("/home/me/Pictures/beach.jpg"))], 1)
    view = make_grid(qtbot, model, loader)
    index = model.index(1)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "beach.jpg"
    square = view.item_delegate.thumbnail_rect(view.visualRect(index)).toRect()
    highlight = view.palette().color(QPalette.ColorRole.Highlight).getRgb()[:3]

    def count(image: QImage, rgb: tuple[int, int, int]) -> int:
        return sum(
            close(image.pixelColor(QPoint(x, y)), rgb, 30)
            for x in range(square.left(), square.right(), 2)
            for y in range(square.top(), square.bottom(), 2)
        )

    assert count(grab(view), highlight) == 0
    model.set_upload_progress("tok-1", 0.6)
    assert count(grab(view), highlight) > 20  # the bar has filled
    red = error_colour(view.palette()).getRgb()[:3]
    assert count(grab(view), red) == 0
    model.set_upload_failed("tok-1", "the server answered HTTP 500")
    assert count(grab(view), red) > 10
    assert view.failed_upload_at(square.center()) == "tok-1"

    # "Retry" is painted as a link at the bottom of the square; only a click there retries.
    link = view.item_delegate.retry_rect(view.visualRect(index), view.font()).toRect()
    assert square.contains(link) and link.bottom() > square.center().y()
    assert link.width() < square.width() / 2  # the word, not the whole line
    linkish = view.palette().color(QPalette.ColorRole.Link).getRgb()[:3]
    image = grab(view)
    assert any(
        close(image.pixelColor(QPoint(x, y)), linkish, 60)
        for x in range(link.left(), link.right())
        for y in range(link.top(), link.bottom())
    )
    assert view.retry_link_at(link.center()) == "tok-1"
    assert view.retry_link_at(square.center()) is None
    assert view.retry_link_at(QPoint(square.left() + 4, link.center().y())) is None
    with qtbot.assertNotEmitted(view.upload_retry_requested):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=square.center())
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=square.topLeft())
    assert view.selected_failed_uploads() == ["tok-1"]  # the click selected the tile
    assert view.selected_ids() == []
    with qtbot.waitSignal(view.upload_retry_requested) as retry:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=link.center())
    assert retry.args == ["tok-1"]
    # A press on the link dragged off it before the release is no click on it.
    with qtbot.assertNotEmitted(view.upload_retry_requested):
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=link.center())
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=square.center())
    with qtbot.assertNotEmitted(view.upload_retry_requested):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=link.center())
    model.set_upload_progress("tok-1", 0.0)  # retrying: no link, nothing selected as failed
    assert view.retry_link_at(link.center()) is None
    assert view.selected_failed_uploads() == []


# ---------------------------------------------------------------------------- drag and drop


def test_dropping_items_between_tiles_requests_that_move(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    ids = [str(i.id) for i in items]
    mime = model.mimeData([model.index(0), model.index(1)])
    move = Qt.DropAction.MoveAction

    assert send_drag(view, mime, right_half(view, 1), move)
    marker = view.drop_marker
    assert marker is not None
    # The marker is a vertical line between tile 1 and tile 2.
    assert view.visualRect(model.index(1)).right() <= marker.center().x()
    assert marker.center().x() <= view.visualRect(model.index(2)).left()
    assert marker.height() > marker.width()
    highlight = view.palette().color(QPalette.ColorRole.Highlight).getRgb()[:3]
    assert close(grab(view).pixelColor(marker.center()), highlight, 10)

    with qtbot.waitSignal(model.move_requested) as moved:
        drop = send_drop(view, mime, right_half(view, 3), move)
    assert moved.args == [ids[:2], 4]
    assert drop.isAccepted() and view.drop_marker is None
    assert [str(i.id) for i in model.items()] == ids  # the model waits for the command

    with qtbot.waitSignal(model.move_requested) as moved:
        send_drop(view, mime, left_half(view, 3), move)
    assert moved.args == [ids[:2], 3]
    with qtbot.waitSignal(model.move_requested) as moved:
        send_drop(view, mime, QPoint(20, view.viewport().height() - 5), move)
    assert moved.args == [ids[:2], 6]  # below the last row: the end

    # What the main window does with the request: the grid shows the new order.
    model.move_requested.connect(lambda moving, row: apply_planned_move(model, moving, row))
    send_drop(view, mime, right_half(view, 4), move)
    assert [str(i.id) for i in model.items()] == [ids[2], ids[3], ids[4], ids[0], ids[1], ids[5]]


def test_drops_through_the_filter_land_before_the_right_source_row(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, items = gallery
    model, proxy, view = filtered_grid(qtbot, client, gallery_id, loader)
    ids = [str(i.id) for i in items]
    mime = proxy.mimeData([proxy.index(5, 0)])
    proxy.set_filter_text("photo 2")  # one visible tile: source row 1
    qtbot.waitUntil(lambda: view.visualRect(proxy.index(0, 0)).isValid())
    with qtbot.waitSignal(model.move_requested) as moved:
        send_drop(view, mime, left_half(view, 0), Qt.DropAction.MoveAction)
    assert moved.args == [[ids[5]], 1]
    with qtbot.waitSignal(model.move_requested) as moved:
        send_drop(view, mime, right_half(view, 0), Qt.DropAction.MoveAction)
    assert moved.args == [[ids[5]], 6]  # after the last visible tile: the source's end


def test_items_from_another_gallery_are_refused(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    other = ItemGridModel()
    other.load("another-gallery")
    other.add_page([model.items()[0].copy()])
    mime = other.mimeData([other.index(0)])
    assert not send_drag(view, mime, left_half(view, 1), Qt.DropAction.MoveAction)
    assert view.drop_marker is None


def test_dropping_files_reports_them_with_the_row(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader, tmp_path: Path
) -> None:
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    paths = []
    for n, fmt in enumerate(("JPEG", "PNG")):
        path = tmp_path / f"new{n}.{fmt.lower()}"
        path.write_bytes(image_bytes(60, 40, fmt, seed=n))
        paths.append(path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    with qtbot.waitSignal(model.files_dropped) as dropped:
        drop = send_drop(view, mime, left_half(view, 2), Qt.DropAction.CopyAction)
    assert dropped.args == [paths, 2]
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction

    text_only = QMimeData()
    text_only.setText("just words")
    assert not send_drag(view, text_only, left_half(view, 2), Qt.DropAction.CopyAction)


def test_dragging_near_the_bottom_edge_scrolls(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader, width=420, height=300)
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    mime = model.mimeData([model.index(0)])
    bottom = QPoint(100, view.viewport().height() - 5)
    assert send_drag(view, mime, bottom, Qt.DropAction.MoveAction)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=5000)
    QApplication.sendEvent(
        view.viewport(),
        QDropEvent(
            QPointF(bottom),
            Qt.DropAction.MoveAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        ),
    )
    stopped_at = bar.value()
    assert view.drop_marker is None
    assert bar.value() == stopped_at


# ---------------------------------------------------------------------------- the rest


def test_empty_gallery_shows_the_empty_message(qtbot, client: WixClient, loader) -> None:
    gallery_id = str(client.create_gallery("Empty").id)
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    assert view.current_empty_text() == "No items yet — drop photos here or use Add files…"
    base = view.palette().color(QPalette.ColorRole.Base).getRgb()[:3]

    def inked() -> int:
        image = grab(view)
        middle = image.height() // 2
        return sum(
            not close(image.pixelColor(QPoint(x, y)), base, 10)
            for x in range(0, image.width(), 2)
            for y in range(middle - 20, middle + 20)
        )

    assert inked() > 30
    view.set_empty_text("")
    assert inked() == 0  # so what was drawn was the message
    view.set_empty_text("Select a gallery")
    assert view.empty_text == "Select a gallery" and inked() > 10

    proxy = ItemFilterModel()
    proxy.setSourceModel(model)
    model.add_page([Item.from_json({"id": "x", "sortOrder": 1, "title": "Cat"})])
    view.setModel(proxy)
    proxy.set_filter_text("dog")
    assert view.current_empty_text() == "No items match “dog”"


def test_long_titles_are_elided(qtbot, client: WixClient, loader) -> None:
    gallery_id = str(client.create_gallery("Titles").id)
    title = "A remarkably long title for a photo of the sea at dawn, seen from the old harbour"
    upload_image(client, gallery_id, 100, 100, 3, title)
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    assert model.index(0).data(Qt.ItemDataRole.DisplayRole) == title
    shown = view.item_delegate.elided_title(title, view.font())
    assert shown.endswith("…") and len(shown) < len(title)
    assert title.startswith(shown[:-1])
    assert view.item_delegate.elided_title("Sea", view.font()) == "Sea"


def test_keyboard_select_all_delete_and_arrows(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, items = gallery
    model = load_model(client, gallery_id)
    model.add_uploads([("tok", Path("/tmp/up.jpg"))], -1)
    view = make_grid(qtbot, model, loader)
    view.setFocus()
    ids = [str(i.id) for i in items]
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert view.selected_ids() == ids  # the placeholder is not an item
    with qtbot.waitSignal(view.delete_requested):
        qtbot.keyClick(view, Qt.Key.Key_Delete)

    view.setCurrentIndex(model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.currentIndex().row() == 1 and view.selected_ids() == [ids[1]]
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == model.rowCount() - 1
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_ids() == ids[:3]


def test_select_ids_scroll_and_context_menu(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    gallery_id, items = gallery
    model, proxy, view = filtered_grid(qtbot, client, gallery_id, loader, width=420, height=300)
    assert view.accessibleName() == "Gallery items"
    ids = [str(i.id) for i in items]
    view.select_ids([ids[4], ids[1], "unknown"])
    assert view.selected_ids() == [ids[1], ids[4]]
    assert view.currentIndex().data(Role.ID) == ids[1]
    view.scrollTo(view.index_of_id(ids[5]))
    rect = view.visualRect(view.index_of_id(ids[5]))
    assert view.viewport().rect().intersects(rect) and view.verticalScrollBar().value() > 0
    proxy.set_filter_text("photo 5")
    assert view.index_of_id(ids[1]) == QModelIndex()  # hidden by the filter
    assert view.index_of_id(ids[4]).row() == 0

    with qtbot.waitSignal(view.context_menu_requested) as menu:
        QApplication.sendEvent(
            view.viewport(),
            QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(30, 30), QPoint(640, 480)),
        )
    assert menu.args == [QPoint(640, 480)]


def test_thumbnail_size_sets_the_cells(qtbot, client: WixClient, gallery, loader) -> None:
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    view.set_thumbnail_size(240)
    qtbot.waitUntil(lambda: view.visualRect(model.index(0)).width() == 240 + 2 * MARGIN)
    first, second = view.visualRect(model.index(0)), view.visualRect(model.index(1))
    assert second.left() - first.left() == view.gridSize().width()
    view.set_thumbnail_size(10)
    assert view.thumbnail_size == 96
    view.set_thumbnail_size(1000)
    assert view.thumbnail_size == 320


def test_a_big_grid_keeps_its_place_when_rows_move(qtbot) -> None:
    """Qt lays a grid of more rows than one batch out again from the top after a move and
    clamps the scroll bar meanwhile: the view would jump to the top and stay there."""
    model = ItemGridModel()
    model.load("g")
    model.add_page(
        [Item.from_json({"id": f"i{n}", "sortOrder": n, "title": f"T{n}"}) for n in range(3000)]
    )
    view = make_grid(qtbot, model, None, width=600, height=400)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    last = model.index(model.rowCount() - 1)
    apply_planned_move(model, ["i2999"], 0)
    assert not view.visualRect(last).isValid()  # laid out again from the top, in batches
    qtbot.waitUntil(lambda: view.visualRect(last).isValid(), timeout=10_000)
    assert bar.value() == place
    assert model.index(0).data(Role.ID) == "i2999"

    apply_planned_move(model, ["i10"], 3000)
    bar.triggerAction(bar.SliderAction.SliderToMinimum)  # the user scrolls meanwhile: that wins
    qtbot.waitUntil(lambda: view.visualRect(last).isValid(), timeout=10_000)
    assert bar.value() == 0


def settle() -> None:
    """Run every event queued so far, the posted update requests and layouts included."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


class PaintCounter(QObject):
    """Counts the paint events a widget gets."""

    def __init__(self, widget) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_pages_filling_the_places_kept_below_the_viewport_repaint_nothing(qtbot) -> None:
    # Qt repaints the whole viewport for a change of more than one row, wherever it is:
    # every page of a big listing repainted every visible tile.
    model = ItemGridModel()
    model.load("g", 500)  # 500 items on their way: places kept for them
    page = [Item.from_json({"id": f"i{n}", "sortOrder": n, "title": f"T{n}"}) for n in range(100)]
    model.add_page(page)
    view = make_grid(qtbot, model, None, width=600, height=400)
    settle()  # the first paints done
    counter = PaintCounter(view.viewport())
    far = [
        Item.from_json({"id": f"i{n}", "sortOrder": n, "title": f"T{n}"}) for n in range(100, 200)
    ]
    model.add_page(far)  # rows 100-199: far below what is shown
    settle()  # any repaint or layout it asked for has run
    assert counter.paints == 0
    assert model.index(150).data(Role.ID) == "i150"
    assert view.visualRect(model.index(150)).isValid()  # laid out, no new layout needed

    model.dataChanged.emit(model.index(0), model.index(3))  # visible rows: repainted
    qtbot.waitUntil(lambda: counter.paints > 0, timeout=2000)


def test_the_empty_message_set_on_a_grid_with_rows_repaints_nothing(qtbot) -> None:
    # The window sets it at every burst of pages; each set repainted every visible tile,
    # most of the grid's paints while a 10,000-item gallery was listed (bench_gui.py).
    model = ItemGridModel()
    model.add_page(
        [Item.from_json({"id": f"i{n}", "sortOrder": n, "title": f"T{n}"}) for n in range(20)]
    )
    view = make_grid(qtbot, model, None, width=600, height=400)
    settle()
    counter = PaintCounter(view.viewport())
    view.set_empty_text("Loading items…")
    view.set_empty_text("No items yet")
    settle()
    assert counter.paints == 0
    assert view.current_empty_text() is None  # rows: no message to show

    model.load("empty")  # the grid empties: the message set meanwhile is what it shows
    settle()
    assert view.current_empty_text() == "No items yet"
    painted = counter.paints
    view.set_empty_text("Select a gallery")
    qtbot.waitUntil(lambda: counter.paints > painted, timeout=2000)
    assert view.current_empty_text() == "Select a gallery"


def test_a_thumbnail_that_arrives_repaints_its_own_tile_only(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each burst of arrivals used to repaint the whole viewport: every visible tile through
    # the delegate, most of the grid's paints while a big gallery loads.
    painted: list[int] = []
    real_paint = ItemDelegate.paint

    def paint(delegate, painter, option, index) -> None:  # type: ignore[no-untyped-def]
        painted.append(index.row())
        real_paint(delegate, painter, option, index)

    # Before the view exists: PySide6 looks a Python override up once.
    monkeypatch.setattr(ItemDelegate, "paint", paint)
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    wait_for_thumbnails(qtbot, view, loader)
    qtbot.waitUntil(lambda: not view._repaint_timer.isActive())  # the last burst repainted
    settle()
    visible, _complete = view.rows_in_viewport()
    assert len(visible) > 2
    # Row 1's thumbnail leaves memory, its tile is painted waiting, the loader fetches it.
    key = model.index(1).data(Role.THUMB_KEY)
    size_px = round(view.thumbnail_size * view.devicePixelRatio())
    QPixmapCache.remove(loader._memory_key(key, bucket_for(size_px)))
    view.item_delegate.forget_faces()
    arrived: list[str] = []
    loader.ready.connect(arrived.append)
    painted.clear()
    view.update(model.index(1))
    qtbot.waitUntil(lambda: arrived == [key], timeout=15000)
    qtbot.waitUntil(lambda: len(painted) >= 2 and not view._repaint_timer.isActive())
    settle()
    assert painted == [1, 1]  # waiting, then with its photo; no other tile
    centre = view.item_delegate.thumbnail_rect(view.visualRect(model.index(1))).toRect().center()
    photo = grab(view).pixelColor(centre)
    assert not close(photo, placeholder_colour(view.palette()).getRgb()[:3], 8)


def test_tiles_kept_as_faces_look_as_drawn_afresh_through_every_change(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    # A repaint blits each tile's face (views/tile_faces.py); a face kept past a change
    # would show an old title, a placeholder instead of the photo, or a lost selection.
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    delegate = view.item_delegate

    def looks_as_drawn_afresh() -> QImage:
        kept = grab(view)
        delegate.forget_faces()
        assert grab(view) == kept
        return kept

    waiting = looks_as_drawn_afresh()  # thumbnails still on their way
    wait_for_thumbnails(qtbot, view, loader)
    shown = looks_as_drawn_afresh()
    assert shown != waiting
    centre = delegate.thumbnail_rect(view.visualRect(model.index(2))).toRect().center()
    assert close(shown.pixelColor(centre), YELLOW)

    # A repaint of what did not change draws no tile again.
    drawn = len(delegate.faces)
    draws: list[int] = []
    original = delegate._draw_face
    delegate._draw_face = lambda *args: draws.append(1) or original(*args)  # type: ignore[method-assign]
    grab(view)
    assert draws == [] and len(delegate.faces) == drawn

    renamed = dataclasses.replace(model.item_at(2), title="A new name")
    model.upsert(renamed)
    grab(view)
    assert draws == [1]  # that tile only
    assert looks_as_drawn_afresh() != shown
    view.selectionModel().select(model.index(3), view.selectionModel().SelectionFlag.Select)
    assert looks_as_drawn_afresh() != shown
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    view.setPalette(palette)
    looks_as_drawn_afresh()


def assert_a_few_drawn_the_rest_placed(view: ItemGridView, image: QImage) -> None:
    """In `image` of the viewport, the first FACES_PER_PAINT tiles show their photo (its
    yellow disc) and the others their place."""
    model, delegate = view.model(), view.item_delegate
    placeholder = placeholder_colour(view.palette()).getRgb()[:3]
    for row in range(model.rowCount()):
        centre = delegate.thumbnail_rect(view.visualRect(model.index(row))).toRect().center()
        if row < FACES_PER_PAINT:
            assert close(image.pixelColor(centre), YELLOW), row
        else:
            assert close(image.pixelColor(centre), placeholder, 8), row


def test_a_screenful_of_new_tiles_is_drawn_a_few_per_paint_and_all_come(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader
) -> None:
    """A page of new tiles drawn in one paint was one long unit of GUI work, stretched
    several times over on a busy machine. A paint draws a few new faces, shows the other
    tiles as their place, and the rest follow by themselves at the next turns."""
    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    wait_for_thumbnails(qtbot, view, loader)
    delegate = view.item_delegate
    complete = grab(view)

    delegate.forget_faces()
    first = grab_once(view)

    assert len(delegate.faces) == FACES_PER_PAINT < model.rowCount()
    assert_a_few_drawn_the_rest_placed(view, first)
    # Nobody asks: the paints that draw the rest are queued by the first.
    qtbot.waitUntil(lambda: len(delegate.faces) == model.rowCount())
    assert grab_once(view) == complete


def test_a_grid_larger_than_the_faces_budget_draws_every_tile_in_each_paint(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a huge high-DPI screen of small tiles the visible faces can outgrow their budget.
    Deferring would then push out faces as fast as it drew them, and the grid would repaint
    itself forever: a paint that pushes faces out draws every tile, as before faces."""
    from galleryman.views import item_delegate
    from galleryman.views.tile_faces import TileFaces

    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    wait_for_thumbnails(qtbot, view, loader)
    assert model.rowCount() > item_delegate.FACES_PER_PAINT
    one_face = (
        4 * view.visualRect(model.index(0)).width() * view.visualRect(model.index(0)).height()
    )
    small = TileFaces(budget_bytes=2 * one_face)  # room for two faces
    monkeypatch.setattr(view.item_delegate, "_faces", small)

    image = grab_once(view)

    delegate = view.item_delegate
    for row in range(model.rowCount()):
        centre = delegate.thumbnail_rect(view.visualRect(model.index(row))).toRect().center()
        assert close(image.pixelColor(centre), YELLOW), row


def test_faces_of_tiles_scrolled_away_going_out_keep_new_tiles_a_few_per_paint(
    qtbot, client: WixClient, gallery, loader: ThumbnailLoader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a few hundred tiles were browsed, the faces' budget is full of tiles scrolled
    away, and every new face pushes the oldest out. That is no reason to draw all the new
    tiles in one paint: it was taken as one, and scrolling through a big gallery drew each
    screenful in one long paint (the few-per-paint rule never held after the first
    screens)."""
    from galleryman.views.tile_faces import TileFaces

    gallery_id, _items = gallery
    model = load_model(client, gallery_id)
    view = make_grid(qtbot, model, loader)
    wait_for_thumbnails(qtbot, view, loader)
    complete = grab(view)
    cell = view.visualRect(model.index(0))
    full = TileFaces(budget_bytes=(model.rowCount() + 2) * 4 * cell.width() * cell.height())
    for n in range(model.rowCount() + 2):  # tiles shown long ago, filling the budget
        full.start_paint()
        full.put(("scrolled away", n), QPixmap(cell.size()))
    monkeypatch.setattr(view.item_delegate, "_faces", full)

    first = grab_once(view)

    assert model.rowCount() > FACES_PER_PAINT
    assert_a_few_drawn_the_rest_placed(view, first)
    assert grab(view) == complete  # the rest followed, a few a paint


def titled_grid(qtbot, gallery_id: str | None = None) -> tuple[ItemGridModel, ItemGridView]:  # type: ignore[no-untyped-def]
    """A shown grid of 200 items titled "Tile n" (no thumbnails), every visible face drawn."""
    model = ItemGridModel()
    if gallery_id is not None:
        model.load(gallery_id)
    model.add_page(
        [Item.from_json({"id": f"i{n}", "sortOrder": n, "title": f"Tile {n}"}) for n in range(200)]
    )
    view = ItemGridView(loader=None)
    view.setModel(model)
    show(qtbot, view)
    grab(view)
    return model, view


def on_screen(view: ItemGridView) -> QImage:
    """The viewport as the screen holds it (the window's backing store), not as a fresh
    render would draw it."""
    origin = view.viewport().mapTo(view.window(), QPoint(0, 0))
    window = QGuiApplication.primaryScreen().grabWindow(view.window().winId())
    return window.toImage().copy(QRect(origin, view.viewport().size()))


def test_tiles_shown_as_their_place_are_drawn_where_a_scroll_took_them(qtbot) -> None:
    """A paint shows the tiles past its few new faces as their place and repaints them at
    the next turn. A scroll before that turn carries the places along with the pixels:
    repainting the rectangles the tiles had left them grey on screen for good. What the
    screen holds (the window's backing store, not a fresh render) must end up as drawn."""
    _model, view = titled_grid(qtbot)
    delegate = view.item_delegate
    delegate.forget_faces()

    view.viewport().repaint()  # one paint: a few new faces, the other tiles as their place
    assert len(delegate.faces) == FACES_PER_PAINT
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + 100)  # before the rest are painted

    drawn = grab(view)  # every tile, drawn afresh where it is now
    qtbot.waitUntil(lambda: on_screen(view) == drawn)


def test_what_a_scroll_uncovers_is_drawn_whole_in_one_paint(qtbot) -> None:
    """A few new faces a paint suits tiles that change while the user watches (a page, a
    thumbnail arriving); what a scroll uncovers is drawn whole at once, as a plain list
    view draws it: a fast scroll otherwise showed grey places flashing by."""
    model, view = titled_grid(qtbot)
    delegate = view.item_delegate
    first_screen = len(delegate.faces)
    bar = view.verticalScrollBar()

    bar.setValue(bar.value() + 2 * view.viewport().height())  # a screenful of tiles not seen
    view.viewport().repaint()  # the paint that shows them

    rows, _complete = view.rows_in_viewport()
    assert len(rows) > FACES_PER_PAINT
    assert len(delegate.faces) == first_screen + len(rows)  # every one drawn, in one paint
    assert model.index(rows[0], 0).data() == f"Tile {rows[0]}"
    assert rows[0] > first_screen  # tiles the first screen did not show


def test_the_drop_marker_follows_a_scroll_during_a_drag(qtbot) -> None:
    """A wheel turn during a drag scrolls the tiles (and the marker's pixels) under a still
    pointer: the marker shows where a drop would land now, as a move of the pointer would
    show it, not where it was."""
    model, view = titled_grid(qtbot, gallery_id="g1")
    mime = model.mimeData([model.index(0)])
    move = Qt.DropAction.MoveAction
    pos = QPoint(view.viewport().width() // 2, view.viewport().height() // 2)
    assert send_drag(view, mime, pos, move)
    before = view.drop_marker
    bar = view.verticalScrollBar()

    bar.setValue(bar.value() + view.gridSize().height() // 2)  # the pointer stays put

    after = view.drop_marker
    assert send_drag(view, mime, pos, move)  # what moving the pointer there again shows
    assert after == view.drop_marker != before
    highlight = view.palette().color(QPalette.ColorRole.Highlight).getRgb()[:3]
    assert after is not None
    qtbot.waitUntil(lambda: close(on_screen(view).pixelColor(after.center()), highlight, 10))


def test_faces_remember_the_paint_that_showed_them() -> None:
    """`put` says "crowded" only when it pushes out a face the current paint showed."""
    from galleryman.views.tile_faces import TileFaces

    face = QPixmap(10, 10)
    faces = TileFaces(budget_bytes=2 * 4 * 10 * 10)  # two faces
    faces.start_paint()
    assert not faces.put("a", face)
    assert not faces.put("b", face)
    faces.start_paint()
    assert not faces.put("c", face)  # "a" goes: shown in an earlier paint only
    assert faces.get("a") is None
    assert faces.get("b") is not None  # shown in this paint now
    assert faces.put("d", face)  # "c" goes, and this paint showed it
    assert len(faces) == 2


def test_a_tile_not_laid_out_yet_is_not_drawn(qtbot) -> None:
    # Qt paints rows the batched layout has not placed with an empty rectangle: their face
    # was a pixmap of size 0, and drawing on it filled the log with QPainter warnings.
    model = ItemGridModel()
    model.add_page([Item.from_json({"id": "a", "sortOrder": 1, "title": "Cove"})])
    image = QImage(40, 40, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    delegate = ItemDelegate()
    option = QStyleOptionViewItem()
    option.rect = QRect(10, 10, 0, 0)
    painter = QPainter(image)
    try:
        delegate.paint(painter, option, model.index(0))
    finally:
        painter.end()
    assert len(delegate.faces) == 0
    assert {image.pixelColor(x, y).name() for x in range(40) for y in range(40)} == {"#ffffff"}


@pytest.mark.parametrize("dpr", [1.0, 1.25, 1.5, 2.0])
def test_a_thumbnail_is_placed_on_whole_device_pixels(dpr: float) -> None:
    """Fitted into its square, a thumbnail's corner often falls between pixels; drawn there,
    Qt resamples it at every face (the smooth transform's slow path, a third of a tile's
    drawing). Moved to whole device pixels it is copied, no more than half a pixel away."""
    from galleryman.views.item_delegate import _on_device_pixels, fit

    square = QRectF(8.0, 8.0, 150.0, 150.0)
    for width, height in [(320, 80), (80, 321), (400, 300), (333, 250), (150, 149)]:
        fitted = fit(width, height, square)
        placed = _on_device_pixels(fitted, dpr)
        for value in (placed.x(), placed.y(), placed.width(), placed.height()):
            assert abs(value * dpr - round(value * dpr)) < 1e-9
        for a, b in [(placed.x(), fitted.x()), (placed.y(), fitted.y())]:
            assert abs(a - b) <= 0.5 / dpr + 1e-9
        assert abs(placed.width() - fitted.width()) <= 0.5 / dpr + 1e-9


def rows_showing(view: ItemGridView) -> list[int]:
    """The rows whose tiles meet the viewport, found the slow sure way."""
    model, area = view.model(), view.viewport().rect()
    return [r for r in range(model.rowCount()) if view.visualRect(model.index(r)).intersects(area)]


def test_the_rows_in_the_viewport_are_right_at_every_scroll_position(qtbot) -> None:
    """The grid repaints the rows it finds in the viewport when their thumbnails arrive or
    they change. It found them from a probe a little below the top edge, and where that fell
    in the gap between two lines of tiles (1 scroll position in 25) it found none of them."""
    _model, view = titled_grid(qtbot)
    bar = view.verticalScrollBar()
    for value in range(0, 2 * view.gridSize().height() + 1):
        bar.setValue(value)
        assert list(view.rows_in_viewport()[0]) == rows_showing(view), value


def test_tiles_changed_together_are_repainted_where_the_top_edge_is_between_lines(qtbot) -> None:
    """A refresh that changes the visible items (one dataChanged for the run of rows) is
    seen on screen, whatever the scroll position."""
    model, view = titled_grid(qtbot)
    bar = view.verticalScrollBar()
    gap = view.visualRect(model.index(0)).bottom() + 1 + 2 * view.gridSize().height()
    bar.setValue(gap + 3 - (SPACING + 1))  # the old probe: in the gap under the third line
    assert not view.indexAt(QPoint(SPACING + 1, SPACING + 1)).isValid()
    rows = rows_showing(view)
    assert len(rows) > 1
    qtbot.waitUntil(lambda: on_screen(view) == grab(view))  # the scroll painted
    before = on_screen(view)
    renamed = [
        Item.from_json({"id": f"i{n}", "sortOrder": n, "title": f"Renamed {n}"}) for n in rows
    ]

    model.update_items([compact(item) for item in renamed])

    assert model.index(rows[0]).data() == f"Renamed {rows[0]}"
    qtbot.waitUntil(lambda: on_screen(view) != before)  # repainted (before anything else)
    drawn = grab(view)  # every tile as it is now
    qtbot.waitUntil(lambda: on_screen(view) == drawn)


def test_a_face_pushed_out_is_drawn_over_for_the_next_new_tile() -> None:
    """A new pixmap's memory is fresh from the system, and touching it first cost more than
    drawing the tile: a face pushed out lends its pixmap to the next face of its size."""
    from galleryman.views.tile_faces import TileFaces

    faces = TileFaces(budget_bytes=2 * 4 * 10 * 10)  # two faces of 10 x 10
    first = faces.spare(10, 10)
    faces.put("a", first)
    faces.put("b", faces.spare(10, 10))
    faces.put("c", faces.spare(10, 10))  # "a" goes out

    assert faces.get("a") is None
    assert faces.spare(10, 10).cacheKey() == first.cacheKey()  # a's pixmap, drawn over next
    assert faces.spare(10, 10).cacheKey() != first.cacheKey()  # lent once only
    faces.put("d", faces.spare(10, 10))  # "b" goes out
    other = faces.spare(20, 10)  # the tile size changed: a pixmap of the new size
    assert (other.width(), other.height()) == (20, 10)


# ---------------------------------------------------------------------------- drawn ahead


def scroll_and_wait_for_ahead(qtbot, view: ItemGridView, pixels: int) -> None:  # type: ignore[no-untyped-def]
    """Scroll by `pixels` as the user would, then wait while the grid draws ahead."""
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + pixels)
    settle()  # the paint that shows the scroll, and plans what comes next
    qtbot.waitUntil(lambda: not view._ahead_timer.isActive() and not view._ahead)


@pytest.mark.parametrize("direction", [1, -1], ids=["down", "up"])
def test_the_screenful_a_scroll_brings_next_is_drawn_before_it_shows(qtbot, direction) -> None:
    """Once the user scrolls, the tiles the next steps bring in are drawn a few a turn while
    the window has nothing else to do: the paint of the next step only copies them, and
    they look exactly as drawn afresh."""
    QCursor.setPos(QPoint(-1000, -1000))  # no tile under the pointer: its face is its own
    _model, view = titled_grid(qtbot)
    delegate = view.item_delegate
    bar = view.verticalScrollBar()
    if direction < 0:
        scroll_and_wait_for_ahead(qtbot, view, bar.maximum())  # from the end, upwards
    scroll_and_wait_for_ahead(qtbot, view, direction * view.gridSize().height())
    before = set(view.rows_in_viewport()[0])
    kept = len(delegate.faces)

    bar.setValue(bar.value() + direction * view.viewport().height())  # the next step
    view.viewport().repaint()

    rows = view.rows_in_viewport()[0]
    assert len([row for row in rows if row not in before]) > FACES_PER_PAINT  # new tiles...
    assert len(delegate.faces) == kept  # ...whose faces were all drawn already
    shown = on_screen(view)
    delegate.forget_faces()
    assert grab(view) == shown  # drawn afresh, they look the same


def test_nothing_is_drawn_ahead_before_the_user_scrolls(qtbot) -> None:
    """Opening a gallery draws and fetches what shows, no more: the grid does not guess."""
    _model, view = titled_grid(qtbot)
    settle()
    assert len(view.item_delegate.faces) == len(view.rows_in_viewport()[0])
    assert not view._ahead


def test_the_thumbnails_of_what_a_scroll_brings_next_are_fetched_before_it_shows(
    qtbot, client: WixClient, loader: ThumbnailLoader
) -> None:
    gallery_id = str(client.create_gallery("Many").id)
    photo = upload_image(client, gallery_id, 400, 300, 3, "Photo").to_json()
    copies = []
    for n in range(120):  # the same photo under 120 media ids: a thumbnail to fetch each
        data = copy.deepcopy(photo)
        data["id"], data["sortOrder"], data["title"] = f"i{n}", n, f"Photo {n}"
        data["image"]["imageInfo"]["id"] = f"m{n}~mv2.jpg"
        copies.append(Item.from_json(data))
    model = ItemGridModel()
    model.load(gallery_id)
    model.add_page(copies)
    QCursor.setPos(QPoint(-1000, -1000))
    view = make_grid(qtbot, model, loader)
    qtbot.waitUntil(view.visible_thumbnails_settled, timeout=15000)
    size_px = round(view.thumbnail_size * view.devicePixelRatio())

    def state(row: int) -> str:
        return loader.state(model.index(row).data(Role.THUMB_KEY), size_px)

    rows = view.rows_in_viewport()[0]
    assert state(rows.stop) == "idle"  # nothing fetched ahead before the user scrolls

    scroll_and_wait_for_ahead(qtbot, view, view.gridSize().height())
    ahead = range(view.rows_in_viewport()[0].stop, view.rows_in_viewport()[0].stop + len(rows))
    qtbot.waitUntil(lambda: all(state(row) == "ready" for row in ahead), timeout=15000)
    qtbot.waitUntil(lambda: not view._repaint_timer.isActive() and not view._ahead)
    kept = len(view.item_delegate.faces)

    view.scrollTo(model.index(ahead[-1]), ItemGridView.ScrollHint.PositionAtBottom)
    view.viewport().repaint()

    assert len(view.item_delegate.faces) == kept  # shown with their photos, drawn ahead
    centre = view.item_delegate.thumbnail_rect(view.visualRect(model.index(ahead[-1])))
    photo_pixel = on_screen(view).pixelColor(centre.toRect().center())
    assert close(photo_pixel, YELLOW)  # the photo's disc, not the waiting tile's fill


def test_switching_gallery_drops_what_was_to_be_drawn_ahead(qtbot) -> None:
    """What the old gallery's scroll planned is not drawn (nor its thumbnails fetched) in
    the new one, and the new one draws nothing ahead until the user scrolls it."""
    QCursor.setPos(QPoint(-1000, -1000))
    model, view = titled_grid(qtbot, gallery_id="g1")
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + view.gridSize().height())
    view.viewport().repaint()  # the paint after the scroll: the next screenful is planned
    assert view._ahead
    faces = view.item_delegate.faces
    before = len(faces)

    model.load("g2")
    assert not view._ahead  # dropped with the old gallery
    model.add_page(
        [Item.from_json({"id": f"j{n}", "sortOrder": n, "title": f"Other {n}"}) for n in range(200)]
    )
    settle()
    qtbot.waitUntil(lambda: len(faces) == before + len(view.rows_in_viewport()[0]))  # shown
    settle()

    assert not view._ahead
    assert len(faces) == before + len(view.rows_in_viewport()[0])  # nothing more drawn
    assert model.index(view.rows_in_viewport()[0][0]).data().startswith("Other")


def test_after_a_palette_change_the_screenful_ahead_is_drawn_again(qtbot) -> None:
    """A palette (or font, or tile size) change drops every face, those drawn ahead too:
    the next scroll draws its screenful ahead again, in the new look."""
    QCursor.setPos(QPoint(-1000, -1000))
    _model, view = titled_grid(qtbot)
    delegate = view.item_delegate
    line = view.gridSize().height()
    scroll_and_wait_for_ahead(qtbot, view, line)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    view.setPalette(palette)  # dark: every face goes
    view.viewport().repaint()
    scroll_and_wait_for_ahead(qtbot, view, line)
    kept = len(delegate.faces)

    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + view.viewport().height() - line)
    view.viewport().repaint()

    assert len(delegate.faces) == kept  # drawn ahead again, after the change
    shown = on_screen(view)
    delegate.forget_faces()
    assert grab(view) == shown  # in the new palette


def test_a_tile_drawn_ahead_and_then_changed_shows_its_change_when_scrolled_in(qtbot) -> None:
    """A refresh (or an edit) that changes rows already drawn ahead: the scroll shows them
    as they are now, not as they were drawn."""
    QCursor.setPos(QPoint(-1000, -1000))
    model, view = titled_grid(qtbot)
    scroll_and_wait_for_ahead(qtbot, view, view.gridSize().height())
    ahead = range(view.rows_in_viewport()[0].stop, view.rows_in_viewport()[0].stop + 8)
    renamed = [
        Item.from_json({"id": f"i{n}", "sortOrder": n, "title": f"Renamed {n}"}) for n in ahead
    ]

    model.update_items([compact(item) for item in renamed])
    scroll_and_wait_for_ahead(qtbot, view, view.viewport().height() // 2)

    assert set(ahead) & set(view.rows_in_viewport()[0])
    assert model.index(ahead[0]).data() == f"Renamed {ahead[0]}"
    shown = on_screen(view)
    view.item_delegate.forget_faces()
    assert grab(view) == shown  # the new titles, as drawn afresh


def test_text_tiles_a_scroll_brings_next_come_in_rendered(qtbot) -> None:
    """A text tile's image is made off the GUI thread and shows "Rendering…" until it is in:
    the screenful ahead has its images started once the user scrolls, so they come in drawn."""
    QCursor.setPos(QPoint(-1000, -1000))
    long_note = "<p>" + "A long note about the photos. " * 80 + "</p>"  # rendered in the pool
    model = ItemGridModel()
    model.add_page(
        [Item.text_item(f"<h1>Note {n}</h1>{long_note}", title=f"Note {n}") for n in range(120)]
    )
    assert model.index(0).data(Role.MEDIA_TYPE) == "TEXT"
    view = ItemGridView(loader=None)
    view.setModel(model)
    show(qtbot, view)
    delegate = view.item_delegate
    qtbot.waitUntil(lambda: delegate.text_tiles.pending() == 0 and not delegate._text_waiting)
    scroll_and_wait_for_ahead(qtbot, view, view.gridSize().height())
    qtbot.waitUntil(lambda: delegate.text_tiles.pending() == 0 and not delegate._text_waiting)
    before = set(view.rows_in_viewport()[0])

    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + view.viewport().height())
    view.viewport().repaint()

    assert len([row for row in view.rows_in_viewport()[0] if row not in before]) > 4
    assert not delegate._text_waiting  # no tile drawn as "Rendering…"
