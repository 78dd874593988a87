"""Counts and durations as the window words them in English, the source language (no
translator installed): the counts' English plural comes from tr()'s "(s)" rule."""

from __future__ import annotations

import pytest

from galleryman.core.i18n import tr
from galleryman.core.wording import about


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 items"), (1, "1 item"), (2, "2 items"), (10_000, "10,000 items")],
)
def test_counts_read_in_english_without_a_translator(count: int, expected: str) -> None:
    assert tr("%Ln item(s)", "", count) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (-3.0, "0 s"),
        (12.4, "12 s"),
        (89.0, "89 s"),
        (180.0, "3 min"),
        (4800.0, "80 min"),
        (6000.0, "1 h 40 min"),
    ],
)
def test_durations_are_rough(seconds: float, expected: str) -> None:
    assert about(seconds) == expected
