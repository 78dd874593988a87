"""How durations read in the window: "12 s", "about 3 min", "1 h 20 min".

Counts are whole sentences translated with their plural forms (`tr("%Ln item(s)", "", n)`,
galleryman/core/i18n.py), never a number glued to an English noun."""

from __future__ import annotations

from galleryman.core.i18n import tr


def about(seconds: float) -> str:
    """A rough duration for an estimate: "12 s", "3 min", "1 h 20 min"."""
    seconds = max(0.0, seconds)
    if seconds < 90:
        return tr("{seconds} s").format(seconds=round(seconds))
    minutes = round(seconds / 60)
    if minutes < 90:
        return tr("{minutes} min").format(minutes=minutes)
    return tr("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)
