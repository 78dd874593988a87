"""Values the client writes: new sortOrders, and the check that a body can be sent at all.

A new sortOrder must be strictly greater than every sortOrder present, and stay a distinct,
finite double however large the orders already are: past 2**53 adding 1 no longer changes a
double, so the step becomes the next representable value (`math.nextafter`). NaN, infinity
and text that is not valid Unicode (a lone surrogate, e.g. from an undecodable file name) are
never sent: they are refused before the request, with a sentence.
"""

from __future__ import annotations

import math
import threading
from typing import Any

from galleryman.core.i18n import tr
from galleryman.wix.errors import InvalidValueError


def sort_order_after(largest: float | None, now: float) -> float:
    """The server's default for a new sortOrder: now, raised above everything present."""
    candidate = round(now, 6)
    if largest is None or candidate > largest:
        return candidate
    step = math.floor(largest) + 1.0
    if not step > largest:  # 2**53 and beyond: +1 is lost in rounding
        step = math.nextafter(largest, math.inf)
    if not math.isfinite(step):
        raise InvalidValueError(
            message=tr(
                "There is no sortOrder left after the largest one in this gallery "
                "({largest}); move the last items to smaller positions first."
            ).format(largest=repr(largest))
        )
    return step


def check_sendable(value: Any, where: str = "the request") -> None:
    """Raise InvalidValueError for anything in a JSON body that Wix cannot receive."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValueError(
                message=tr("{where} is {value}: NaN and infinity cannot be sent to Wix.").format(
                    where=where, value=repr(value)
                )
            )
    elif isinstance(value, str):
        if not _valid_unicode(value):
            raise InvalidValueError(
                message=tr(
                    "{where} contains characters that are not valid text "
                    "(perhaps from a file name in another encoding); it cannot be sent."
                ).format(where=where)
            )
    elif isinstance(value, dict):
        for key, child in value.items():
            check_sendable(child, f"{where}.{key}" if where != "the request" else str(key))
    elif isinstance(value, list | tuple):
        for n, child in enumerate(value):
            check_sendable(child, f"{where}[{n}]")


def _valid_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def readable_name(name: str) -> str:
    """A file name as valid text: bytes that were not UTF-8 (kept by the OS as surrogate
    escapes) become U+FFFD, so the name can be sent as it looks, never as a broken string."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no byte was escaped into
        raw = name.encode("utf-8", "surrogatepass")
    fixed = raw.decode("utf-8", "replace")
    fixed = "".join(ch for ch in fixed if ch.isprintable() or ch == " ").strip()
    return fixed or "file"


class KnownOrders:
    """The largest sortOrders seen (per gallery for items; for the site's galleries), so a
    new one can be chosen without listing first. -inf means "listed: there are none"."""

    def __init__(self) -> None:
        self._items: dict[str, float] = {}
        self._galleries: float | None = None
        self._lock = threading.Lock()

    def note_item(self, gallery_id: str, order: float | None) -> None:
        if order is not None:
            with self._lock:
                known = self._items.get(gallery_id)
                self._items[gallery_id] = order if known is None else max(known, order)

    def note_gallery(self, order: float | None) -> None:
        if order is not None:
            with self._lock:
                known = self._galleries
                self._galleries = order if known is None else max(known, order)

    def item_max(self, gallery_id: str) -> float | None:
        with self._lock:
            return self._items.get(gallery_id)

    def gallery_max(self) -> float | None:
        with self._lock:
            return self._galleries

    def forget_items(self, gallery_id: str) -> None:
        with self._lock:
            self._items.pop(gallery_id, None)

    def forget_galleries(self) -> None:
        with self._lock:
            self._galleries = None
