"""The rate limiter: at most N requests in any window, one budget shared by every caller."""

from __future__ import annotations

import threading
import time

import pytest

from galleryman.sandbox.server import SandboxServer
from galleryman.wix.auth import ApiKeyAuth
from galleryman.wix.client import WixClient
from galleryman.wix.ratelimit import RateLimiter, shared_limiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.sleeps.append(seconds)
            self.now += seconds


def test_allows_the_budget_then_waits_for_the_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(200, clock=clock, sleep=clock.sleep)
    for _ in range(200):
        assert limiter.acquire() == 0.0
    clock.now += 10.0
    waited = limiter.acquire()  # the 201st must wait until the first leaves the window
    assert waited == 50.0 and clock.sleeps == [50.0]


def test_no_window_ever_holds_more_than_the_budget() -> None:
    clock = FakeClock()
    limiter = RateLimiter(20, window=60.0, clock=clock, sleep=clock.sleep)
    stamps = []
    for n in range(100):
        limiter.acquire()
        stamps.append(clock.now)
        clock.now += 0.5 if n % 7 else 3.0
    for start in stamps:
        assert sum(1 for s in stamps if start <= s < start + 60.0) <= 20


class WouldWait(Exception):
    pass


def test_threads_share_one_budget() -> None:
    clock = FakeClock()

    def refuse_to_wait(_seconds: float) -> None:
        raise WouldWait  # time stands still: anything past the budget must wait

    limiter = RateLimiter(50, clock=clock, sleep=refuse_to_wait)
    outcomes: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(10):
            try:
                limiter.acquire()
                granted = True
            except WouldWait:
                granted = False
            with lock:
                outcomes.append(granted)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 80
    assert outcomes.count(True) == 50  # 80 asked at once, exactly the budget went through


def test_clients_of_one_site_share_the_process_budget(sandbox: SandboxServer) -> None:
    auth = ApiKeyAuth(sandbox.api_key, sandbox.site_id)
    with (
        WixClient(auth, sandbox.base_url, rate_limit_per_minute=200) as a,
        WixClient(auth, sandbox.base_url, rate_limit_per_minute=200) as b,
    ):
        assert a._transport._limiter is b._transport._limiter
        assert a._transport._limiter is shared_limiter(sandbox.base_url, auth.budget_key, 200)
        other = ApiKeyAuth(sandbox.api_key, "another-site")
        assert shared_limiter(sandbox.base_url, other.budget_key, 200) is not (
            a._transport._limiter
        )
        a.list_galleries()
        b.list_galleries()
        limiter = a._transport._limiter
        assert limiter is not None and len(limiter._sent) == 2


def test_a_wait_is_announced_before_it_starts() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2, clock=clock, sleep=clock.sleep)
    announced: list[float] = []
    for _ in range(3):
        clock.now += 1.0
        limiter.acquire(announced.append)
    assert announced == [58.0] and clock.sleeps == [58.0]


def test_eta_says_when_a_batch_could_all_be_sent() -> None:
    clock = FakeClock()
    limiter = RateLimiter(200, clock=clock, sleep=clock.sleep)
    assert limiter.eta(38) == 0.0  # fits in the budget: no wait
    for _ in range(190):
        limiter.acquire()
    clock.now += 15.0
    assert limiter.eta(10) == 0.0
    assert limiter.eta(11) == 45.0  # the 11th waits for the first of the 190 to age out
    assert limiter.eta(400) == 105.0  # 200 more a minute after those


def test_threads_held_back_are_counted() -> None:
    clock = FakeClock()
    release = threading.Event()
    counted: list[int] = []

    def sleep(seconds: float) -> None:
        counted.append(limiter.waiting)
        release.wait(5)
        clock.sleep(seconds)

    limiter = RateLimiter(1, clock=clock, sleep=sleep)
    limiter.acquire()
    waiter = threading.Thread(target=limiter.acquire)
    waiter.start()
    while not counted:
        time.sleep(0.001)
    assert counted == [1] and limiter.eta(1) == 120.0  # one queued ahead of it
    release.set()
    waiter.join(5)
    assert limiter.waiting == 0


def test_client_reports_rate_limit_waits_and_estimates(sandbox: SandboxServer) -> None:
    auth = ApiKeyAuth(sandbox.api_key, sandbox.site_id)
    with WixClient(auth, sandbox.base_url, rate_limit_per_minute=200) as client:
        assert client.requests_waiting == 0
        assert client.eta_seconds(0) == 0.0
        client.list_galleries()
        # Within the budget, an estimate is the requests at the time they have been taking.
        assert 0.0 < client.eta_seconds(38) == pytest.approx(38 * client.eta_seconds(1))


def test_background_requests_leave_room_for_the_users_changes() -> None:
    # A long listing (background) may use the minute only up to the reserve; a change made
    # meanwhile goes out at once instead of waiting for the window to roll on.
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    assert limiter.reserve == 2
    for _ in range(8):
        assert limiter.acquire(background=True) == 0.0
    clock.now += 1.0
    waited = limiter.acquire(background=True)  # the 9th background request waits...
    assert waited == pytest.approx(59.0)
    assert limiter.acquire() == 0.0  # ...a user's change does not
