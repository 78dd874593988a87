"""How counts read in the window: "1 item", "10,000 items"."""

from __future__ import annotations


def count_of(count: int, noun: str) -> str:
    """`count` with thousands separators and `noun`, plural unless it is exactly one."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
