"""How counts and durations read in the window: "1 item", "10,000 items", "about 3 min"."""

from __future__ import annotations

from galleryman.core.i18n import number, tr


def count_of(count: int, noun: str) -> str:
    """`count` with the locale's digit grouping and the English `noun`, plural unless it is
    exactly one. English only: a sentence with a count is translated whole, with its own
    plural forms (`tr("Deleted %Ln item(s)", "", count)`)."""
    return f"{number(count)} {noun}" if count == 1 else f"{number(count)} {noun}s"


def about(seconds: float) -> str:
    """A rough duration for an estimate: "12 s", "3 min", "1 h 20 min"."""
    seconds = max(0.0, seconds)
    if seconds < 90:
        return tr("{seconds} s").format(seconds=round(seconds))
    minutes = round(seconds / 60)
    if minutes < 90:
        return tr("{minutes} min").format(minutes=minutes)
    return tr("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)
