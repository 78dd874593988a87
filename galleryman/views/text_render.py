"""Text items drawn from their HTML: bounded work, nothing loaded, tiles off the GUI thread.

Item HTML comes from the site and is untrusted. QTextDocument never runs scripts; the only
way it reaches outside is `loadResource` (images, style sheets). Answering None there is not
enough: for an image Qt then loads `src` itself as a local file name. So images get a blank 1×1
image and everything else empty bytes, and neither remote URLs nor local files are ever read.

Its cost is the other danger. Measured here, QTextDocument's work grows much faster than its
input for some shapes: nested blocks (5,000 nested divs: 0.4 s; 20,000: about 10 s), nested
tables (14 levels: 0.16 s, 20 levels: 10 s, each level four times the last), one long word
it must break (200,000 letters: 3.5 s), a colspan of 100,000 (0.05 s a cell). And PySide keeps
Python's GIL while Qt works, so a pool thread inside one long Qt call stalls the GUI thread
just as much: moving the work to a thread is not enough, every Qt call must be short. So Qt
only ever sees `bound_html`'s output: at most a prefix of the HTML (the tile shows only the
beginning anyway), with limits on tags, nesting, tables and spans, long words given break
points; past a limit on nesting or spans, the text alone ("plain"). That check is plain
Python, linear in the prefix, and never builds a QTextDocument.

Tiles are then rendered by `TextTiles` on one pool thread (more would only queue for the GIL);
the result is a QImage, and the GUI thread makes the pixmap. Small texts (a caption) are
drawn at once while a paint has spent less than 8 ms on them, so a few notes never flash
"Rendering…" and a screenful of them never holds a paint up.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QObject,
    QRectF,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QGuiApplication,
    QImage,
    QPainter,
    QPalette,
    QTextDocument,
)

from galleryman.models.roles import html_hash
from galleryman.workers.gui_thread import ensure_relay, run_on_gui_thread

log = logging.getLogger(__name__)

# A tile is laid out as if it were this wide (logical px) and scaled to the tile, so a small
# tile shows a miniature of the text rather than three words per line.
LAYOUT_WIDTH = 220
DOCUMENT_MARGIN = 10
CACHE_BYTES = 32 * 1024 * 1024
# HTML this short may be drawn during the paint (bounded, at most about 4 ms; a caption
# 0.3 ms), as long as one paint spends no more than INLINE_BUDGET_S on such tiles.
INLINE_CHARS = 1_500
INLINE_BUDGET_S = 0.008
LONGEST_WORD = 100  # a longer run of letters without a space gets invisible break points


@dataclass(frozen=True)
class HtmlLimits:
    source_chars: int  # the prefix of the HTML that is looked at
    work: int  # tags kept, weighted by their cost (`_WORK`); the HTML is cut before more
    depth: int  # deeper nesting of elements: plain text
    table_depth: int  # deeper nesting of tables: plain text
    span: int  # a larger colspan or rowspan: plain text
    plain_chars: int  # the most text shown as plain text...
    plain_lines: int  # ...in at most this many lines


# A tile's Qt calls stay within a few milliseconds on this machine, whatever the HTML.
TILE_LIMITS = HtmlLimits(16_000, 1_500, 48, 3, 20, 3_000, 60)
# The preview is a QTextBrowser on the GUI thread: more text, and about 30 ms at worst.
PREVIEW_LIMITS = HtmlLimits(24_000, 5_000, 64, 3, 50, 20_000, 400)
# What a tag costs Qt, in plain tags (measured: about 5 µs a tag in a preview, 60 µs a
# table cell or table, 140 µs an image, even a blank one).
_WORK = {"td": 12, "th": 12, "table": 12, "img": 28}


@dataclass(frozen=True)
class BoundedHtml:
    html: str  # what Qt is given
    complete: bool  # nothing left out (long words may have break points)
    plain: bool  # too complex: the text without its formatting


# Elements Qt never nests anything in (measured: 3,000 of them in a row cost as much closed as
# left open). Qt nests the rest of HTML's void elements (<link>, <input>, <col>...) like divs.
_VOID = frozenset({"br", "hr", "img", "meta"})
# Not shown as text (though Qt still parses tags inside them, and so does `_kept_html`).
_RAW_TEXT = frozenset({"script", "style", "title"})
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt", "footer"}
    | {"form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol"}
    | {"p", "pre", "section", "table", "td", "th", "tr", "ul"}
)
# An open element that a new tag closes by itself, as Qt's parser does (measured: 5,000
# unclosed <p> lay out as siblings). <li> is not here: Qt nests unclosed ones.
_IMPLIED_END = {"p": {"p"}, "td": {"td", "th"}, "th": {"td", "th"}, "tr": {"tr", "td", "th"}}
_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]*)|<!--|<[!?]")
_TABLE_TAG = re.compile(r"<\s*(/?)\s*table", re.IGNORECASE)
_SPAN = re.compile(r"(?:col|row)span\s*=\s*[\"']?\s*([^\s\"'>]*)", re.IGNORECASE)
_UNSAFE_CHARS = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates
_LONG_RUN = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")


class _TooComplex(Exception):
    pass


def bound_html(html: str, limits: HtmlLimits) -> BoundedHtml:
    """HTML that QTextDocument lays out quickly, whatever `html` is (see the module doc)."""
    source = _UNSAFE_CHARS.sub("\ufffd", html[: limits.source_chars])
    try:
        kept, cut = _kept_html(source, limits)
        # Tables are the one shape whose cost explodes (each level 4×): count them again the
        # crudest way, in comments, scripts and attributes too, in case Qt reads any of
        # those differently from `_kept_html`.
        if _nesting(_TABLE_TAG.finditer(kept)) > limits.table_depth:
            raise _TooComplex
    except _TooComplex:
        text = _plain_text(source) or "(too complex to preview)"
        return BoundedHtml(_plain_html(text, limits), False, True)
    return BoundedHtml(kept, not cut and len(html) <= limits.source_chars, False)


def _nesting(tags: Iterator[re.Match[str]]) -> int:
    depth = deepest = 0
    for tag in tags:
        depth = max(0, depth - 1) if tag.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _kept_html(source: str, limits: HtmlLimits) -> tuple[str, bool]:
    """The source up to where the work limit cuts it (tags verbatim, long words broken), and
    whether it was cut. Raises _TooComplex past a nesting or span limit."""
    out: list[str] = []
    stack: list[str] = []
    work = tables = 0
    raw: str | None = None  # inside <style>, <script> or <title>: text that is not shown
    pos = 0
    while True:
        match = _TOKEN.search(source, pos)
        text = source[pos : match.start() if match else len(source)]
        out.append(text if raw else _break_long_words(text))
        if match is None:
            return "".join(out), False
        end = _token_end(source, match)
        if end < 0:  # a tag or comment the prefix does not close: stop before it
            return "".join(out), True
        name = (match.group(2) or "").lower()
        if name and not match.group(1):
            work += _WORK.get(name, 1)
            if work > limits.work:
                return "".join(out), True
            opened = _open(stack, name, source, match.end(), end, limits)
            tables += opened == "table"
            raw = raw or (opened if opened in _RAW_TEXT else None)
        elif name:
            closed = _close(stack, name)
            tables -= closed.count("table")
            raw = None if raw in closed else raw
        if len(stack) > limits.depth or tables > limits.table_depth:
            raise _TooComplex
        out.append(source[match.start() : end])
        pos = end


def _token_end(source: str, match: re.Match[str]) -> int:
    """Where the tag, comment or declaration that `match` starts ends (-1: not in `source`)."""
    if match.group(0) == "<!--":
        end = source.find("-->", match.end())
        return end + 3 if end >= 0 else -1
    end = source.find(">", match.end())
    return end + 1 if end >= 0 else -1


def _open(
    stack: list[str], name: str, source: str, start: int, end: int, limits: HtmlLimits
) -> str | None:
    """Account for an opening tag; returns the element it opened, if it opened one."""
    for span in _SPAN.findall(source, start, end):
        if not span.isdigit() or int(span) > limits.span:
            raise _TooComplex
    closes = _IMPLIED_END.get(name)
    if closes is not None and stack and stack[-1] in closes:
        stack.pop()
    elif name in _BLOCKS and stack and stack[-1] == "p":
        stack.pop()  # a block ends an open paragraph
    if name in _VOID or source[end - 2 : end - 1] == "/":  # Qt honours <div/> too
        return None
    stack.append(name)
    return name


def _close(stack: list[str], name: str) -> list[str]:
    """Account for a closing tag; returns the elements it closed."""
    if name not in stack:
        return []  # a stray closing tag: ignored
    closed: list[str] = []
    while stack:
        closed.append(stack.pop())
        if closed[-1] == name:
            break
    return closed


def _break_long_words(text: str) -> str:
    """Zero-width spaces inside runs of letters too long for one line (Qt's line breaking
    is quadratic in a word's length), never inside an entity such as &amp;."""
    if len(text) <= LONGEST_WORD:
        return text
    return _LONG_RUN.sub(lambda m: _with_breaks(m.group(0)), text)


def _with_breaks(run: str) -> str:
    pieces: list[str] = []
    while len(run) > LONGEST_WORD:
        cut = LONGEST_WORD
        amp = run.rfind("&", 0, cut)
        if amp > 0 and ";" not in run[amp:cut]:
            cut = amp  # break before the entity, not inside it
        pieces.append(run[:cut])
        run = run[cut:]
    pieces.append(run)
    return "\u200b".join(pieces)


def _plain_text(source: str) -> str:
    """The words of the HTML: tags, comments, scripts and styles left out, entities read."""
    parts: list[str] = []
    pos = 0
    while True:
        match = _TOKEN.search(source, pos)
        if match is None:
            parts.append(source[pos:])
            break
        parts.append(source[pos : match.start()])
        end = _token_end(source, match)
        if end < 0:
            break
        name = (match.group(2) or "").lower()
        if name in _BLOCKS or name == "br":
            parts.append("\n")
        if name in _RAW_TEXT and not match.group(1):
            close = re.compile(rf"</{name}\b", re.IGNORECASE).search(source, end)
            end = close.start() if close else len(source)
        pos = end
    text = html_lib.unescape("".join(parts))
    return _BLANK_LINES.sub("\n", _SPACES.sub(" ", text)).strip()


def _plain_html(text: str, limits: HtmlLimits) -> str:
    lines = text.split("\n", limits.plain_lines)
    if len(lines) > limits.plain_lines or len(text) > limits.plain_chars:
        text = "\n".join(lines[: limits.plain_lines])[: limits.plain_chars] + "…"
    body = html_lib.escape(_break_long_words(text)).replace("\n", "<br>")
    return f"<p>{body}</p>"


# ---------------------------------------------------------------------------- rendering


class OfflineTextDocument(QTextDocument):
    """A QTextDocument that loads no resources at all (no network, no local files)."""

    def loadResource(self, kind: int, name: QUrl | str) -> Any:  # noqa: N802  (Qt's name)
        if kind == QTextDocument.ResourceType.ImageResource:
            blank = QImage(1, 1, QImage.Format.Format_ARGB32)
            blank.fill(Qt.GlobalColor.transparent)
            return blank
        return QByteArray()


TileKey = tuple[str, int, int, float, int, int, str]


class _ImageCache:
    """A small LRU of rendered tiles, bounded by bytes (tiles at 2x DPR are large); used from
    the GUI thread and the render thread."""

    def __init__(self, max_bytes: int) -> None:
        self._max = max_bytes
        self._size = 0
        self._images: OrderedDict[TileKey, QImage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: TileKey) -> QImage | None:
        with self._lock:
            image = self._images.get(key)
            if image is not None:
                self._images.move_to_end(key)
            return image

    def put(self, key: TileKey, image: QImage) -> None:
        with self._lock:
            old = self._images.pop(key, None)
            if old is not None:
                self._size -= old.sizeInBytes()
            self._images[key] = image
            self._size += image.sizeInBytes()
            while self._size > self._max and len(self._images) > 1:
                _, dropped = self._images.popitem(last=False)
                self._size -= dropped.sizeInBytes()


_cache = _ImageCache(CACHE_BYTES)


@dataclass(frozen=True)
class TileLook:
    """What a tile's pixels depend on besides its HTML; made on the GUI thread (palette and
    application font are read there), used on the render thread."""

    width: int
    height: int
    dpr: float
    palette: QPalette
    font: QFont

    @classmethod
    def of(cls, width: int, height: int, dpr: float, palette: QPalette) -> TileLook:
        colours = QPalette(palette)
        colours.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.Text))
        return cls(max(1, width), max(1, height), round(dpr, 3), colours, QGuiApplication.font())

    def key(self, html_id: str) -> TileKey:
        base = self.palette.color(QPalette.ColorRole.Base).rgba()
        text = self.palette.color(QPalette.ColorRole.Text).rgba()
        return (html_id, self.width, self.height, self.dpr, base, text, self.font.key())


def render_html_tile(html: str, width: int, height: int, dpr: float, palette: QPalette) -> QImage:
    """The HTML drawn into a width×height (logical px) image at `dpr`, on the palette's base
    colour in its text colour; content that does not fit is scaled down and clipped. Bounded
    (see the module doc) and cached; safe on any thread."""
    look = TileLook.of(width, height, dpr, palette)
    return _tile_image(html_hash(html), html, look)


def _tile_image(html_id: str, html: str, look: TileLook) -> QImage:
    key = look.key(html_id)
    image = _cache.get(key)
    if image is None:
        image = _draw(bound_html(html, TILE_LIMITS).html, look)
        _cache.put(key, image)
    return image


def _draw(html: str, look: TileLook) -> QImage:
    image = QImage(
        max(1, round(look.width * look.dpr)),
        max(1, round(look.height * look.dpr)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(look.dpr)
    image.fill(look.palette.color(QPalette.ColorRole.Base))

    document = OfflineTextDocument()
    document.setUndoRedoEnabled(False)
    document.setDefaultFont(look.font)
    document.setDocumentMargin(DOCUMENT_MARGIN)
    document.setHtml(html)
    layout_width = max(look.width, LAYOUT_WIDTH)
    document.setTextWidth(layout_width)
    # Wide content (a fixed-width table) overflows the text width: scale it in as well.
    scale = look.width / max(float(layout_width), document.size().width())

    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = look.palette
    context.clip = QRectF(0, 0, look.width / scale, look.height / scale)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setClipRect(QRectF(0, 0, look.width, look.height))
        painter.scale(scale, scale)
        document.documentLayout().draw(painter, context)
    finally:
        painter.end()
    return image


# ---------------------------------------------------------------------------- off the GUI thread


class _Shared:
    """What render jobs read from the pool thread: which tiles are still wanted."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wanted: set[TileKey] = set()
        self.closed = False

    def still_wanted(self, key: TileKey) -> bool:
        with self.lock:
            return not self.closed and key in self.wanted


class TextTiles(QObject):
    """Text tiles rendered on a pool thread; `ready(key)` (on the GUI thread) when one is in.

    `tile()` is cheap and is meant for paint: a cached image, a small one drawn at once, or
    None while a job renders it. `cancel()` / `cancel_all()` drop tiles nobody shows any more
    (an item changed, another gallery opened): a queued job then does nothing, and a result
    that arrives anyway is only cached.
    """

    ready = Signal(object)  # TileKey

    def __init__(self, parent: QObject | None = None, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        ensure_relay()
        self._shared = _Shared()
        # No Qt parent: the pool must outlive this object's destruction while a job runs.
        # One thread: renders hold Python's GIL, so a second would only wait for the first.
        self._pool = pool if pool is not None else QThreadPool()
        if pool is None:
            self._pool.setMaxThreadCount(1)
        self.destroyed.connect(_Stopper(self._pool, self._shared))
        # Jobs asked for during a paint start once it is over (a pool thread woken inside
        # paint would take Python's GIL from the painting GUI thread again and again), and
        # then the inline budget starts again.
        self._queued: list[_RenderJob] = []
        self._inline_spent = 0.0  # seconds this paint spent drawing small tiles at once
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._start_queued)

    def tile(self, html_id: str, html: str, look: TileLook) -> tuple[TileKey, QImage | None]:
        """The tile's key, and its image if it is ready (None: `ready(key)` will follow).
        `html_id` identifies the HTML (a digest): hashing megabytes on every paint is not
        cheap."""
        key = look.key(html_id)
        image = _cache.get(key)
        if image is None and len(html) <= INLINE_CHARS and self._inline_spent < INLINE_BUDGET_S:
            # Cheaper than the trip to the pool, and no "Rendering…" flash for a caption.
            started = time.perf_counter()
            image = _tile_image(html_id, html, look)
            self._inline_spent += time.perf_counter() - started
            self._flush.start()  # the budget is per paint: it starts again after this one
        elif image is None:
            self._start(key, html, look)
        return key, image

    def look(self, width: int, height: int, dpr: float, palette: QPalette) -> TileLook:
        return TileLook.of(width, height, dpr, palette)

    def pending(self) -> int:
        with self._shared.lock:
            return len(self._shared.wanted)

    def cancel(self, key: TileKey) -> None:
        with self._shared.lock:
            self._shared.wanted.discard(key)

    def cancel_all(self) -> None:
        with self._shared.lock:
            self._shared.wanted.clear()
        self._queued.clear()
        self._pool.clear()

    def shutdown(self) -> None:
        _Stopper(self._pool, self._shared)()

    def _start(self, key: TileKey, html: str, look: TileLook) -> None:
        with self._shared.lock:
            if self._shared.closed or key in self._shared.wanted:
                return  # stopped, or already on its way
            self._shared.wanted.add(key)
        self._queued.append(_RenderJob(self, self._shared, key, html, look))
        if not self._flush.isActive():
            self._flush.start()

    def _start_queued(self) -> None:
        self._inline_spent = 0.0
        queued, self._queued = self._queued, []
        for job in queued:
            if self._shared.still_wanted(job.key):
                self._pool.start(job)

    def _rendered(self, key: TileKey, image: QImage) -> None:
        """On the GUI thread: the tile is in the cache; say so if it is still wanted."""
        if not shiboken6.isValid(self):
            return
        with self._shared.lock:
            wanted = key in self._shared.wanted
            self._shared.wanted.discard(key)
        if wanted:
            self.ready.emit(key)


class _Stopper:
    """Drops queued jobs and waits for the running one (at most one tile's work)."""

    def __init__(self, pool: QThreadPool, shared: _Shared) -> None:
        self._pool = pool
        self._shared = shared

    def __call__(self, *args: object) -> None:
        with self._shared.lock:
            self._shared.closed = True
            self._shared.wanted.clear()
        if shiboken6.isValid(self._pool):  # a pool given by the caller may be gone first
            self._pool.clear()
            self._pool.waitForDone()


class _RenderJob(QRunnable):
    def __init__(
        self, owner: TextTiles, shared: _Shared, key: TileKey, html: str, look: TileLook
    ) -> None:
        super().__init__()
        self._owner = owner
        self._shared = shared
        self.key = key
        self._html = html
        self._look = look

    def run(self) -> None:
        if not self._shared.still_wanted(self.key):
            return  # its gallery was closed or its item changed while it waited
        try:
            image = _tile_image(self.key[0], self._html, self._look)
        except Exception:  # a bug must not leave the tile "Rendering…" for ever
            log.warning("could not render a text tile", exc_info=True)
            image = _draw("", self._look)
            _cache.put(self.key, image)
        owner, key = self._owner, self.key
        # Never a signal of `owner` from here: the GUI thread may delete it at any time.
        run_on_gui_thread(lambda: owner._rendered(key, image))
