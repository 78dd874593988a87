"""The soak in `make test`: 100 mixed operations (galleries created, cloned, renamed, deleted;
photos uploaded, edited, moved, bulk-edited, deleted; undo) through the real app in a child
process, against a Wix-like sandbox in a process of its own that fails more than 10% of
requests in every way it knows; the app is killed with SIGKILL once, right after an
operation while changes are on their way, and started again. Once the app has sent
everything, the site must hold exactly what was meant: nothing lost, nothing twice, every
gallery and photo in order. bench/soak.py runs 1,000 operations with 3 kills and prints the
figures.

The site's and the app's 200-a-minute budget are off here (`rate_limit=False`), so the test
waits for no minute to pass; the bench keeps them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.soak_runner import SoakConfig, run_soak


@pytest.mark.timeout(300)  # about 30 s on two busy cores; room for a slow machine
def test_a_hundred_operations_and_a_kill_lose_nothing_and_make_nothing_twice(
    tmp_path: Path,
) -> None:
    # The kill comes right after an operation's acknowledgement, never at a timer's moment.
    config = SoakConfig(
        tmp_path, ops=100, kills=1, seed=3, rate_limit=False, kill_modes=("after-ack",)
    )
    result = run_soak(config)

    [kill] = result.kills
    assert kill.waiting > 0  # it died with changes on their way
    assert result.starts == 2
    for kind in ("create_gallery", "upload", "edit", "move", "delete_items", "undo"):
        assert result.made[kind] > 0, (kind, result.made, result.skipped)
    assert sum(result.made.values()) >= 90, result.skipped
    verdict = result.verdict
    assert verdict.lost == []
    assert verdict.duplicate_items == []
    assert verdict.duplicate_files == []
    assert verdict.order == []
    assert result.findings == []  # every position the app chose was where it was meant
    assert result.outbox == {"waiting": 0, "failed": 0, "stuck": []}
    assert result.errors == []
    assert sum(result.site["faults"].values()) >= 10  # the site did fail, many times
