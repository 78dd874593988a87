"""How counts read in the window: "1 item", "10,000 items"."""

from __future__ import annotations


def count_of(count: int, noun: str) -> str:
    """`count` with thousands separators and `noun`, plural unless it is exactly one."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def about(seconds: float) -> str:
    """A rough duration for an estimate: "12 s", "3 min", "1 h 20 min"."""
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"
