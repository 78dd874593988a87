"""The relay that brings worker threads' answers to the GUI thread: in order, and never so
many at once that the window cannot paint or take a click between them."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from galleryman.workers import gui_thread
from galleryman.workers.gui_thread import TURN_BUDGET_S, run_on_gui_thread


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The relay's clock, moved on by the calls themselves (no call really takes time)."""
    now = [0.0]
    monkeypatch.setattr(gui_thread, "_clock", lambda: now[0])
    return now


def test_answers_that_arrive_together_leave_the_event_loop_turns_between_them(
    qtbot: Any, clock: list[float]
) -> None:
    ran: list[str] = []
    waiting = QTimer()  # stands for a paint or a click that comes in meanwhile
    waiting.setSingleShot(True)
    waiting.setInterval(0)
    waiting.timeout.connect(lambda: ran.append("paint"))

    def call(name: str) -> None:
        ran.append(name)
        if name == "a1":
            waiting.start()
        clock[0] += TURN_BUDGET_S * 0.75  # two calls use up a turn

    for name in ("a1", "a2", "a3", "a4", "a5"):
        run_on_gui_thread(lambda name=name: call(name))  # type: ignore[misc]
    qtbot.waitUntil(lambda: len(ran) == 6)
    assert ran == ["a1", "a2", "paint", "a3", "a4", "a5"]


def test_a_call_that_raises_is_reported_and_the_calls_behind_it_still_run(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, clock: list[float]
) -> None:
    reported: list[BaseException | None] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: reported.append(error))
    ran: list[int] = []

    def broken() -> None:
        raise RuntimeError("a callback's bug")

    run_on_gui_thread(lambda: ran.append(1))
    run_on_gui_thread(broken)
    run_on_gui_thread(lambda: ran.append(2))
    qtbot.waitUntil(lambda: ran == [1, 2])
    assert [str(e) for e in reported] == ["a callback's bug"]
    run_on_gui_thread(lambda: ran.append(3))  # the relay is not stuck after it
    qtbot.waitUntil(lambda: ran == [1, 2, 3])
