"""Text tiles: the GUI thread's longest stall while a grid of text items is shown.

Two grids of 60 text items in the same run, in the real grid view (1200x800, 160 px tiles):
plain notes (a heading and a few styled paragraphs, as Wix's editor writes them) and hostile
ones (20,000 nested divs, 5 MB of text, a 5 MB word, 40 nested tables, 100,000 paragraphs, a
table of 100,000 cells, 20,000 unclosed list items, 2,000 huge images, a colspan of 100,000),
and the hostile ones without the two 5 MB items (whose cost is mostly the model's, see below).
For each grid: the longest gap of a 10 ms QTimer heartbeat (as bench_gui.py measures it) from
showing the grid until every visible tile is drawn, then while scrolling to the end (half a
page a step, each step drawn before the next); and how long that took.

Reference lines, on the GUI thread: one tile of hostile HTML as Qt would lay it out without
the pre-check (only shapes that finish in seconds), and what the grid model's Tile role costs
for a 5 MB item (it hashes the HTML on every paint). Prints figures; asserts nothing.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_text_render.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench_gui import Heartbeat, spin_until
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from galleryman.models.item_grid import ItemGridModel
from galleryman.models.roles import Role
from galleryman.qt_environment import prepare_qt_environment
from galleryman.views import text_render
from galleryman.views.item_grid_view import ItemGridView
from galleryman.wix.models import Item

ITEMS = 60
FIVE_MB_TEXT = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 88_000
FIVE_MB_WORD = "x" * 5_000_000
HOSTILE: list[Callable[[int], str]] = [
    lambda n: f"<p>Note {n}</p>" + "<div>" * 20_000 + "deep" + "</div>" * 20_000,
    lambda n: FIVE_MB_TEXT,
    lambda n: FIVE_MB_WORD,
    lambda n: "<table><tr><td>" * 40 + f"inner {n}",
    lambda n: f"<p>paragraph {n}</p>" * 100_000,
    lambda n: "<table>" + ("<tr>" + f"<td>{n}</td>" * 100 + "</tr>") * 1000 + "</table>",
    lambda n: "<ul>" + f"<li>item {n}" * 20_000,
    lambda n: f'<img src="x{n}" width="5000" height="5000">' * 2000,
    lambda n: f"<table><tr><td colspan=100000>wide {n}</td></tr></table>",
]


def plain_note(n: int) -> str:
    return (
        f'<h2 class="font_2">Opening hours {n}</h2>'
        + '<p class="font_8" style="font-size:15px; line-height:1.6em;">'
        '<span style="color:#333333;">Monday to Friday, nine to five; Saturdays by '
        "appointment. <b>Closed on public holidays.</b></span></p>" * 4
    )


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def text_model(make: Callable[[int], str]) -> ItemGridModel:
    model = ItemGridModel()
    model.load("bench")
    items = []
    for n in range(ITEMS):
        item = Item.text_item(make(n), title=f"Text {n}", sort_order=float(n + 1))
        item.id = f"t{n}"
        items.append(item)
    model.add_page(items)
    return model


def run_grid(app: QApplication, make: Callable[[int], str]) -> tuple[float, float, float, float]:
    """(seconds until the first screen is drawn, its longest stall in ms, seconds to scroll
    to the end, the longest stall while scrolling in ms)."""
    view = ItemGridView()
    view.resize(1200, 800)
    view.set_thumbnail_size(160)
    counter = PaintCounter()
    view.viewport().installEventFilter(counter)
    tiles = view.item_delegate.text_tiles

    def drawn(after: int) -> Callable[[], bool]:
        return lambda: counter.paints > after and tiles.pending() == 0

    model = text_model(make)
    beat = Heartbeat()
    beat.start()
    view.setModel(model)
    view.show()
    first = spin_until(app, drawn(0), timeout=300)
    first_stall = beat.stop()

    bar = view.verticalScrollBar()
    beat.start()
    scroll_started = time.perf_counter()
    while bar.value() < bar.maximum():
        before = counter.paints
        bar.setValue(min(bar.maximum(), bar.value() + view.viewport().height() // 2))
        spin_until(app, drawn(before), timeout=300)
    scroll_time = time.perf_counter() - scroll_started
    scroll_stall = beat.stop()
    view.close()
    view.deleteLater()
    return first, first_stall, scroll_time, scroll_stall


def unbounded_tile_ms(html: str) -> float:
    """One tile of `html` as Qt draws it with no pre-check (the old way), in ms."""
    look = text_render.TileLook.of(160, 160, 1.0, QPalette())
    started = time.perf_counter()
    text_render._draw(html, look)
    return (time.perf_counter() - started) * 1000


def tile_role_ms(html: str) -> float:
    model = ItemGridModel()
    model.load("role")
    item = Item.text_item(html, title="Big", sort_order=1.0)
    item.id = "big"
    model.add_page([item])
    index = model.index(0)
    started = time.perf_counter()
    for _ in range(10):
        index.data(Role.TILE)
    return (time.perf_counter() - started) * 100  # ms per call


def main() -> None:
    prepare_qt_environment()  # as the app does, before its QApplication
    app = QApplication([])
    small = [make for make in HOSTILE if len(make(0)) < 1_000_000]
    results = {
        "plain notes": run_grid(app, plain_note),
        "hostile HTML": run_grid(app, lambda n: HOSTILE[n % len(HOSTILE)](n)),
        "hostile, < 1 MB each": run_grid(app, lambda n: small[n % len(small)](n)),
    }
    print(f"grids of {ITEMS} text items, 1200x800 window, 160 px tiles")
    for name, (first, first_stall, scroll_time, scroll_stall) in results.items():
        print(
            f"{name:20s} first screen drawn {first * 1000:6.0f} ms, longest stall "
            f"{first_stall:4.0f} ms; scrolled to the end in {scroll_time * 1000:6.0f} ms, "
            f"longest stall {scroll_stall:4.0f} ms"
        )
    print("without the pre-check, one tile on the GUI thread (the old way):")
    print(f"  5,000 nested divs:      {unbounded_tile_ms('<div>' * 5000 + 'x'):7.0f} ms")
    print(f"  12 nested tables:       {unbounded_tile_ms('<table><tr><td>' * 12):7.0f} ms")
    print(f"  a 200,000-letter word:  {unbounded_tile_ms('x' * 200_000):7.0f} ms")
    print("  (20,000 nested divs or 20 nested tables: about 10 s each, not run)")
    print(
        f"the grid model's Tile role for a 5 MB text item: {tile_role_ms(FIVE_MB_TEXT):.1f} ms "
        "a paint (it hashes the HTML; the third grid leaves such items out)"
    )


if __name__ == "__main__":
    main()
