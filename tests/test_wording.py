"""Counts as the window words them."""

from __future__ import annotations

import pytest

from galleryman.core.wording import count_of


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 items"), (1, "1 item"), (2, "2 items"), (10_000, "10,000 items")],
)
def test_count_of(count: int, expected: str) -> None:
    assert count_of(count, "item") == expected
