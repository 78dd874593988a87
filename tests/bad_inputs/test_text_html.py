"""Hostile HTML in text items, rendered as the grid renders them: on the render thread, each
within a deadline (a hang guard, not a speed test: nested tables alone cost Qt minutes), with
no file opened (watched with inotify) or network reached, into a sensible tile: the right
size, the palette's base colour, and the words where the HTML starts with words.
"""

from __future__ import annotations

import ctypes
import os
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from galleryman.views.text_render import TILE_LIMITS, TextTiles, bound_html

DEADLINE_MS = 30_000
SIDE = 160
BASE = QColor(255, 255, 255)
INK = QColor(0, 0, 0)

# name -> (HTML with {png}, {css}, {trap} standing for local files, words are shown at the top)
CASES: dict[str, tuple[str, bool]] = {
    "20,000 nested divs": (
        "<p>Visible words</p>" + "<div>" * 20_000 + "x" + "</div>" * 20_000,
        True,
    ),
    "5 MB of text": ("Lorem ipsum dolor sit amet " * 190_000, True),
    "100,000 paragraphs": ("<p>paragraph</p>" * 100_000, True),
    "a table of 100,000 cells": (
        "<table>" + ("<tr>" + "<td>cell</td>" * 100 + "</tr>") * 1000 + "</table>",
        False,  # a hundred columns scaled into the tile: specks, not words
    ),
    "40 nested tables": ("<table><tr><td>" * 40 + "inner words", True),
    "img of /etc/passwd and a secret file": (
        '<p>Before the images</p><img src="file:///etc/passwd" width="100" height="100">'
        '<img src="{trap}"><img src="{png}" width="150" height="150">',
        True,
    ),
    "stylesheet links": (
        '<p>Styled words</p><link rel="stylesheet" href="{css}">'
        '<link rel="stylesheet" href="file:///etc/passwd"><link rel="stylesheet" href="{trap}">',
        True,
    ),
    "css url() and @import": (
        '<style>@import url("{css}"); @import url("{trap}"); '
        'p {{ background-image: url("{png}") }}</style>'
        '<p style="background-image:url({trap})">Words over a background</p>',
        True,
    ),
    "table and body backgrounds": (
        '<body background="{png}"><table background="{trap}" width="200"><tr><td>'
        "Cell words</td></tr></table></body>",
        True,
    ),
    "a script": (
        "<p>After the script</p><script>while (true) {{ fetch('https://example.com') }}</script>",
        True,
    ),
    "malformed tags": (
        'Words first <<<div <p <table <td colspan=99999999 "unclosed <b><i></b></i> '
        "&#xZZ; &bogus; </> <!-- never closed <table><tr><td>",
        True,
    ),
    "NUL bytes": ("<p>a\x00b\x00c words</p>" * 1000, True),
    "lone surrogates": ("<p>broken \ud800 pair \udfff words</p>" * 50, True),
    "a 5 MB word": ("x" * 5_000_000, True),
    "colspan 100,000": ("<table><tr><td colspan=100000>wide words</td></tr></table>", True),
    "20,000 unclosed list items": ("<ul>" + "<li>item" * 20_000, True),
    "2,000 huge images": ('<img src="{png}" width="5000" height="5000">' * 2000, False),
    "a comment that never ends": ("<p>Shown words</p><!--" + "<div>" * 50_000, True),
}


class OpenWatch:
    """Linux inotify on a folder: which of its files anything opened since the watch began
    (a file read by mistake shows here even when nothing of it reaches the pixels)."""

    IN_OPEN = 0x20
    IN_NONBLOCK = os.O_NONBLOCK

    def __init__(self, folder: Path) -> None:
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._fd = self._libc.inotify_init1(self.IN_NONBLOCK)
        assert self._fd >= 0, os.strerror(ctypes.get_errno())
        watch = self._libc.inotify_add_watch(self._fd, os.fsencode(folder), self.IN_OPEN)
        assert watch >= 0, os.strerror(ctypes.get_errno())

    def opened(self) -> list[str]:
        names: list[str] = []
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return names
            offset = 0
            while offset < len(data):
                _wd, _mask, _cookie, length = struct.unpack_from("iIII", data, offset)
                name = data[offset + 16 : offset + 16 + length].rstrip(b"\0")
                names.append(os.fsdecode(name))
                offset += 16 + length

    def close(self) -> None:
        os.close(self._fd)


@pytest.fixture
def local_files(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A red picture, a style sheet that makes everything red, and a secret: the test fails
    if anything opens any of them."""
    png = tmp_path / "red.png"
    red = QImage(40, 40, QImage.Format.Format_RGB32)
    red.fill(QColor(255, 0, 0))
    red.save(str(png))
    css = tmp_path / "red.css"
    css.write_text("p, td, body { color: #ff0000; background-color: #ff0000 }")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the HTML's eyes")
    watch = OpenWatch(tmp_path)
    try:
        yield {
            "png": QUrl.fromLocalFile(str(png)).toString(),
            "css": QUrl.fromLocalFile(str(css)).toString(),
            "trap": str(secret),
        }
        assert watch.opened() == [], "the render opened a file named in the HTML"
    finally:
        watch.close()


def test_the_watch_sees_a_file_being_opened(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    watch = OpenWatch(tmp_path)
    try:
        assert watch.opened() == []
        (tmp_path / "a.txt").read_text()
        assert watch.opened() == ["a.txt"]
    finally:
        watch.close()


@pytest.fixture
def tiles() -> Iterator[TextTiles]:
    renderer = TextTiles()
    yield renderer
    renderer.shutdown()


def palette() -> QPalette:
    colours = QPalette()
    colours.setColor(QPalette.ColorRole.Base, BASE)
    colours.setColor(QPalette.ColorRole.Text, INK)
    return colours


def count(image: QImage, wanted: callable) -> int:  # type: ignore[valid-type]
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if wanted(image.pixelColor(x, y))
    )


def test_there_are_at_least_ten_cases() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_html(
    qtbot: QtBot, tiles: TextTiles, local_files: dict[str, str], name: str
) -> None:
    template, has_words = CASES[name]
    html = template.format(**local_files)
    assert len(bound_html(html, TILE_LIMITS).html) <= TILE_LIMITS.source_chars * 1.02

    look = tiles.look(SIDE, SIDE, 1.0, palette())
    key, image = tiles.tile(f"case:{name}", html, look)
    if image is None:
        with qtbot.waitSignal(tiles.ready, timeout=DEADLINE_MS) as ready:
            pass
        assert ready.args == [key]
        key, image = tiles.tile(f"case:{name}", html, look)
    assert image is not None

    assert (image.width(), image.height()) == (SIDE, SIDE)
    assert image.pixelColor(SIDE - 3, SIDE - 3) == BASE  # the base colour, not red or black
    assert count(image, lambda c: c.red() > 180 and c.green() < 90) == 0  # no local file
    ink = count(image, lambda c: c.lightness() < 110)
    if has_words:
        assert ink > 5, "the words at the start of the HTML are drawn"
    assert ink < (SIDE // 2) ** 2 // 2  # and it is not a black square
