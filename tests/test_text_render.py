"""Text items drawn from their HTML: the pre-check that bounds Qt's work, tiles rendered off
the GUI thread (placeholder, repaint of that tile, stale renders dropped), and nothing loaded.
"""

from __future__ import annotations

import html as html_lib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QRect,
    QRunnable,
    QThreadPool,
    QUrl,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QTextDocument
from pytestqt.qtbot import QtBot

from galleryman.models.item_grid import ItemGridModel
from galleryman.views import text_render
from galleryman.views.item_delegate import ItemDelegate, placeholder_colour
from galleryman.views.item_grid_view import ItemGridView
from galleryman.views.text_render import (
    INLINE_CHARS,
    PREVIEW_LIMITS,
    TILE_LIMITS,
    TextTiles,
    bound_html,
    render_html_tile,
)
from galleryman.wix.models import Item

WAIT_MS = 10_000
BIG_NOTE = "<p>Opening hours</p>" + "<p>Monday to Friday, nine to five.</p>" * 60


# ---------------------------------------------------------------------- the pre-check


def test_ordinary_html_goes_to_qt_exactly_as_written() -> None:
    html = '<h2>Hours</h2><p style="color:#333">Mon-Fri <b>9-17</b><br>Sat 10-14</p>'
    bounded = bound_html(html, TILE_LIMITS)
    assert (bounded.html, bounded.complete, bounded.plain) == (html, True, False)


def test_deep_nesting_becomes_plain_text_with_its_words() -> None:
    html = "<p>Deep <b>inside</b> &amp; safe</p>" + "<div>" * 20_000 + "x" + "</div>" * 20_000
    bounded = bound_html(html, PREVIEW_LIMITS)
    assert bounded.plain and not bounded.complete
    assert bounded.html == "<p>Deep inside &amp; safe</p>"
    wordless = bound_html("<div>" * 20_000, TILE_LIMITS)
    assert wordless.plain and wordless.html == "<p>(too complex to preview)</p>"


def test_nested_tables_become_plain_text_even_hidden_in_a_comment_or_attribute() -> None:
    tables = "<table><tr><td>" * 4 + "cell"
    assert bound_html(tables, TILE_LIMITS).plain
    three = "<table><tr><td>" * 3 + "cell" + "</td></tr></table>" * 3
    assert not bound_html(three, TILE_LIMITS).plain
    # Counted the crudest way as well, wherever Qt might read them differently.
    hidden = f'<p title="{"<table>" * 5}">x</p>'
    assert bound_html(hidden, TILE_LIMITS).plain


def test_tags_inside_scripts_and_styles_count_as_qt_parses_them() -> None:
    assert bound_html("<script>" + "<div>" * 200 + "</script>", TILE_LIMITS).plain
    assert bound_html("<style>" + "<span>" * 200 + "</style>", TILE_LIMITS).plain


def test_unclosed_paragraphs_and_cells_are_siblings_not_nesting() -> None:
    html = "<p>one" * 500
    assert not bound_html(html, PREVIEW_LIMITS).plain
    cells = "<table><tr>" + "<td>x" * 100 + "</table>"
    assert not bound_html(cells, PREVIEW_LIMITS).plain


def test_a_huge_colspan_becomes_plain_text() -> None:
    html = "<table><tr><td colspan=100000>wide</td></tr></table>"
    bounded = bound_html(html, TILE_LIMITS)
    assert bounded.plain and "wide" in bounded.html
    assert not bound_html(html.replace("100000", "3"), TILE_LIMITS).plain


def test_long_text_is_cut_to_a_prefix_at_a_tag_boundary() -> None:
    html = "<p>word word</p>" * 100_000  # 1.5 MB
    bounded = bound_html(html, TILE_LIMITS)
    assert not bounded.complete and not bounded.plain
    assert len(bounded.html) <= TILE_LIMITS.source_chars
    assert html.startswith(bounded.html) and bounded.html.endswith("</p>")


def test_long_words_get_break_points_but_entities_and_styles_stay_whole() -> None:
    word = "x" * 250
    bounded = bound_html(f"<p>{word}</p>", TILE_LIMITS)
    assert bounded.html.replace("\u200b", "") == f"<p>{word}</p>"
    assert bounded.html.count("\u200b") == 2
    entity = bound_html("<p>" + "a" * 98 + "&amp;" + "b" * 200 + "</p>", TILE_LIMITS).html
    assert "&amp;" in entity
    css = "p{color:red}" * 20
    assert bound_html(f"<style>{css}</style><p>x</p>", TILE_LIMITS).html == (
        f"<style>{css}</style><p>x</p>"
    )


def test_nul_and_lone_surrogates_are_replaced() -> None:
    bounded = bound_html("<p>a\x00b\ud800c\udfffd</p>", TILE_LIMITS)
    assert bounded.html == "<p>a\ufffdb\ufffdc\ufffdd</p>"
    bounded.html.encode("utf-8")  # nothing Qt or a digest could choke on


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["<div>", "</div>", "<table>", "<td colspan=9>", "<p>", "<!--", "-->", "<", ">",
             '"', "<script>", "</script>", "&amp;", "x" * 150, " ", "\x00", "<img src=a>",
             "<li>", "</", "<!x", "\ud800"]
        ),
        max_size=400,
    )
)  # fmt: skip
def test_any_html_is_bounded(pieces: list[str]) -> None:
    html = "".join(pieces)
    for limits in (TILE_LIMITS, PREVIEW_LIMITS):
        bounded = bound_html(html, limits)
        without_breaks = bounded.html.replace("\u200b", "")
        if bounded.plain:  # one paragraph of escaped text, so many lines at most
            assert without_breaks.startswith("<p>") and without_breaks.endswith("</p>")
            text = html_lib.unescape(without_breaks[3:-4].replace("<br>", "\n"))
            assert "<" not in without_breaks[3:-4].replace("<br>", "")
            assert len(text) <= limits.plain_chars + 1
            assert text.count("\n") < limits.plain_lines
        else:
            assert len(without_breaks) <= limits.source_chars
        if bounded.complete:
            assert without_breaks == html.replace("\x00", "\ufffd").replace("\ud800", "\ufffd")


# ---------------------------------------------------------------------- rendering


def palette() -> QPalette:
    colours = QPalette()
    colours.setColor(QPalette.ColorRole.Base, QColor(255, 255, 255))
    colours.setColor(QPalette.ColorRole.Text, QColor(0, 0, 0))
    return colours


def inked(image: QImage) -> int:
    """Pixels clearly darker than the white base: where words are drawn."""
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixelColor(x, y).lightness() < 128
    )


def reddish(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if (c := image.pixelColor(x, y)).red() > 180 and c.green() < 90 and c.blue() < 90
    )


@pytest.fixture
def red_files(tmp_path: Path) -> dict[str, str]:
    """Local files that would show red if anything read them."""
    png = tmp_path / "red.png"
    red = QImage(40, 40, QImage.Format.Format_RGB32)
    red.fill(QColor(255, 0, 0))
    red.save(str(png))
    css = tmp_path / "red.css"
    css.write_text("p, body { color: #ff0000; background-color: #ff0000 }")
    return {
        "png": QUrl.fromLocalFile(str(png)).toString(),
        "png_path": str(png),
        "css": QUrl.fromLocalFile(str(css)).toString(),
    }


READERS = {
    "img with a file url": '<img src="{png}" width="200" height="200">',
    "img with a path": '<img src="{png_path}" width="200" height="200">',
    "css @import": '<style>@import url("{css}");</style><p>WWWWWWWWWWWW</p>',
    "table background": '<table background="{png}" width="200" height="100"><tr><td>x</td>'
    "</tr></table>",
    "css background-image": '<p style="background-image: url({png})">xxxxxxxxxxxxxxxxx<br>'
    "xxxxxxxxxxxxx</p>",
}


def drawn_by_qt_alone(html: str) -> QImage:
    document = QTextDocument()
    document.setHtml(html)
    document.setTextWidth(220)
    image = QImage(220, 220, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    document.drawContents(painter)
    painter.end()
    return image


@pytest.mark.parametrize("case", list(READERS))
def test_a_tile_reads_no_file_the_html_names(
    qtbot: QtBot, red_files: dict[str, str], case: str
) -> None:
    html = READERS[case].format(**red_files)
    assert reddish(drawn_by_qt_alone(html)) > 100  # what Qt does on its own: reads the file
    tile = render_html_tile(html, 220, 220, 1.0, palette())
    assert (tile.width(), tile.height()) == (220, 220)
    assert reddish(tile) == 0


def test_a_tile_draws_the_words_in_the_palette_colours(qtbot: QtBot) -> None:
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor(20, 20, 20))
    dark.setColor(QPalette.ColorRole.Text, QColor(250, 250, 250))
    tile = render_html_tile('<p style="font-size:30px">WWWW</p>', 120, 120, 1.0, dark)
    corner = tile.pixelColor(115, 115)
    assert corner.lightness() < 40  # the base colour
    assert sum(tile.pixelColor(x, y).lightness() > 200 for x in range(120) for y in range(60)) > 20


def test_a_tile_is_the_beginning_of_a_long_text(qtbot: QtBot) -> None:
    tile = render_html_tile("<p>Hello there</p>" + "x " * 3_000_000, 120, 120, 2.0, palette())
    assert (tile.width(), tile.height(), tile.devicePixelRatio()) == (240, 240, 2.0)
    assert inked(tile) > 20


# ---------------------------------------------------------------------- off the GUI thread


class Gate(QRunnable):
    """Holds the pool's only thread until the test opens it: jobs queue behind it."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.open = threading.Event()

    def run(self) -> None:
        self.entered.set()
        self.open.wait(30)


@pytest.fixture
def held_pool() -> Iterator[tuple[QThreadPool, Gate]]:
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    gate = Gate()
    pool.start(gate)
    assert gate.entered.wait(10)
    yield pool, gate
    gate.open.set()
    pool.waitForDone()


def test_a_big_text_renders_off_the_gui_thread_then_says_so(qtbot: QtBot) -> None:
    tiles = TextTiles()
    look = tiles.look(120, 120, 1.0, palette())
    assert len(BIG_NOTE) > INLINE_CHARS
    key, image = tiles.tile("note-1", BIG_NOTE, look)
    assert image is None and tiles.pending() == 1
    with qtbot.waitSignal(tiles.ready, timeout=WAIT_MS) as ready:
        pass
    assert ready.args == [key]
    again_key, image = tiles.tile("note-1", BIG_NOTE, look)
    assert again_key == key and image is not None and inked(image) > 20
    assert tiles.pending() == 0
    tiles.shutdown()


def test_a_short_text_is_drawn_at_once(qtbot: QtBot) -> None:
    tiles = TextTiles()
    _key, image = tiles.tile("short", "<p>Closed on Mondays</p>", tiles.look(96, 96, 1, palette()))
    assert image is not None and inked(image) > 5
    assert tiles.pending() == 0
    tiles.shutdown()


def test_cancelled_tiles_are_never_rendered(
    qtbot: QtBot, held_pool: tuple[QThreadPool, Gate]
) -> None:
    pool, gate = held_pool
    tiles = TextTiles(pool=pool)
    look = tiles.look(100, 100, 1.0, palette())
    old_key, _ = tiles.tile("old", BIG_NOTE + "<p>old</p>", look)
    new_key, _ = tiles.tile("new", BIG_NOTE + "<p>new</p>", look)
    tiles.tile("new", BIG_NOTE + "<p>new</p>", look)  # asked again while queued: one job
    tiles.cancel(old_key)  # e.g. its item changed before the pool got to it
    arrived: list[object] = []
    tiles.ready.connect(arrived.append)
    with qtbot.waitSignal(tiles.ready, timeout=WAIT_MS):
        gate.open.set()
    pool.waitForDone()
    QCoreApplication.processEvents()  # deliver anything the pool thread handed over
    assert arrived == [new_key]
    assert text_render._cache.get(old_key) is None  # the stale one was not even drawn
    tiles.shutdown()


def test_cancel_all_drops_every_queued_tile(
    qtbot: QtBot, held_pool: tuple[QThreadPool, Gate]
) -> None:
    pool, gate = held_pool
    tiles = TextTiles(pool=pool)
    look = tiles.look(100, 100, 1.0, palette())
    keys = [tiles.tile(f"n{n}", BIG_NOTE + f"<p>{n}</p>", look)[0] for n in range(5)]
    assert tiles.pending() == 5
    tiles.cancel_all()  # another gallery was opened
    assert tiles.pending() == 0
    gate.open.set()
    pool.waitForDone()
    assert all(text_render._cache.get(key) is None for key in keys)
    tiles.shutdown()


# ---------------------------------------------------------------------- in the grid


def text_model(htmls: list[str], gallery: str = "g1") -> ItemGridModel:
    model = ItemGridModel()
    model.load(gallery)
    items = []
    for n, html in enumerate(htmls):
        item = Item.text_item(html, title=f"Note {n}", sort_order=float(n + 1))
        item.id = f"{gallery}-t{n}"
        items.append(item)
    model.add_page(items)
    return model


class PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())  # type: ignore[attr-defined]
        return False


def shown_grid(qtbot: QtBot, model: ItemGridModel) -> ItemGridView:
    view = ItemGridView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.visualRect(model.index(0)).isValid(), timeout=WAIT_MS)
    return view


def square_of(view: ItemGridView, row: int) -> QRect:
    model = view.model()
    assert model is not None
    return view.item_delegate.thumbnail_rect(view.visualRect(model.index(row, 0))).toRect()


def test_the_grid_shows_rendering_then_repaints_only_that_tile(
    qtbot: QtBot, held_pool: tuple[QThreadPool, Gate]
) -> None:
    pool, gate = held_pool
    model = text_model([BIG_NOTE, "<p>Short</p>"])
    view = shown_grid(qtbot, model)
    tiles = TextTiles(pool=pool)  # its only thread is held until the gate opens
    view.setItemDelegate(ItemDelegate(parent=view, text_tiles=tiles))
    spy = PaintSpy()
    view.viewport().installEventFilter(spy)
    view.viewport().update()
    qtbot.waitUntil(lambda: bool(spy.rects), timeout=WAIT_MS)  # painted: the job is queued
    assert tiles.pending() == 1

    first = view.viewport().grab().toImage()
    square = square_of(view, 0)
    corner = first.pixelColor(square.topLeft() + QPoint(5, 5))
    expected = placeholder_colour(view.palette())
    assert abs(corner.lightness() - expected.lightness()) < 8  # "Rendering…" on the fill
    assert inked(first.copy(square_of(view, 1))) > 5  # the short one is drawn at once

    spy.rects.clear()
    with qtbot.waitSignal(tiles.ready, timeout=WAIT_MS):
        gate.open.set()
    qtbot.waitUntil(lambda: any(r.intersects(square) for r in spy.rects), timeout=WAIT_MS)
    repainted = [r for r in spy.rects if r.intersects(square)]
    assert all(r.width() < view.viewport().width() / 2 for r in repainted)  # that tile only
    shot = view.viewport().grab().toImage()
    assert inked(shot.copy(square)) > inked(first.copy(square)) + 20  # now the words


def test_opening_another_gallery_drops_its_pending_tiles(
    qtbot: QtBot, held_pool: tuple[QThreadPool, Gate]
) -> None:
    pool, gate = held_pool
    model = text_model([BIG_NOTE + f"<p>{n}</p>" for n in range(12)])
    view = shown_grid(qtbot, model)
    tiles = TextTiles(pool=pool)
    view.setItemDelegate(ItemDelegate(parent=view, text_tiles=tiles))
    arrived: list[object] = []
    tiles.ready.connect(arrived.append)
    view.viewport().grab()
    assert tiles.pending() > 1
    model.load("g2")  # another gallery: a model reset
    assert tiles.pending() == 0
    gate.open.set()
    pool.waitForDone()
    QCoreApplication.processEvents()
    assert arrived == []


def test_an_item_whose_text_changed_drops_the_old_render(
    qtbot: QtBot, held_pool: tuple[QThreadPool, Gate]
) -> None:
    pool, gate = held_pool
    model = text_model([BIG_NOTE + "<p>first</p>"])
    view = shown_grid(qtbot, model)
    tiles = TextTiles(pool=pool)
    view.setItemDelegate(ItemDelegate(parent=view, text_tiles=tiles))
    view.viewport().grab()
    assert tiles.pending() == 1
    changed = Item.text_item(BIG_NOTE + "<p>second</p>", title="Note 0", sort_order=1.0)
    changed.id = "g1-t0"
    model.add_page([changed])  # the same item, new text (as after an edit elsewhere)
    view.viewport().grab()
    assert tiles.pending() == 1  # only the new text is still wanted
    with qtbot.waitSignal(tiles.ready, timeout=WAIT_MS) as ready:
        gate.open.set()
    assert ready.args[0][0].startswith("text:g1-t0:")
    shot = view.viewport().grab().toImage()
    assert inked(shot.copy(square_of(view, 0))) > 20
