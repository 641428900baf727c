"""Pacing per client id, Reddit's headers, and the per-account morechildren lock."""

from __future__ import annotations

import pytest

from trawl.reddit.ratelimit import (
    RESET_MARGIN,
    ClientLimiter,
    account_lock,
    limiter_for,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_requests_are_spaced_evenly_at_the_configured_rate() -> None:
    clock = Clock()
    limiter = ClientLimiter(600, clock=clock)

    waits = [limiter.reserve() for _ in range(4)]

    assert waits == pytest.approx([0.0, 0.1, 0.2, 0.3])


def test_an_idle_limiter_does_not_save_up_a_burst() -> None:
    clock = Clock()
    limiter = ClientLimiter(60, clock=clock)
    limiter.reserve()
    clock.now += 100

    assert limiter.reserve() == 0.0
    assert limiter.reserve() == pytest.approx(1.0)


def test_no_remaining_budget_holds_every_request_until_the_reset() -> None:
    clock = Clock()
    limiter = ClientLimiter(600, clock=clock)

    limiter.observe({"x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "7"})

    assert limiter.delay() == pytest.approx(7 + RESET_MARGIN)


def test_budget_spent_by_other_processes_spreads_what_is_left() -> None:
    clock = Clock()
    limiter = ClientLimiter(100, clock=clock)

    limiter.observe({"x-ratelimit-remaining": "50.0", "x-ratelimit-reset": "300"})

    assert limiter.delay() == pytest.approx(6.0)


def test_a_full_budget_leaves_the_pace_alone() -> None:
    clock = Clock()
    limiter = ClientLimiter(100, clock=clock)

    limiter.observe({"x-ratelimit-remaining": "999.0", "x-ratelimit-reset": "600"})
    limiter.observe({"x-ratelimit-remaining": "oops", "x-ratelimit-reset": "1"})
    limiter.observe({})

    assert limiter.delay() == 0.0


def test_jobs_of_one_client_id_share_a_limiter_and_accounts_share_a_lock() -> None:
    assert limiter_for("shared-app", 100) is limiter_for("shared-app", 100)
    assert limiter_for("shared-app", 100) is not limiter_for("other-app", 100)
    assert account_lock("Sandbox_User") is account_lock("sandbox_user")
