"""Share Reddit's request budget between every job of the process.

Reddit allows ``reddit_requests_per_minute`` (100) per OAuth client id, counted
over a 10-minute window, and every job using that client id spends from the
same budget. One ``ClientLimiter`` per client id paces requests evenly at that
rate; it never bursts on the 10-minute average. It also reads Reddit's
``X-Ratelimit-Remaining``/``-Reset`` headers, which count every process using
the client id: with nothing left it holds until the reset, and with less left
than its own pace would spend before the reset it spreads what is left.

Reddit answers concurrent ``/api/morechildren`` calls of one account with 429,
so ``account_lock`` hands out one lock per username for those calls.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

Clock = Callable[[], float]
# Reddit's reset may be rounded either way; a second more costs little per window.
RESET_MARGIN = 1.0


class ClientLimiter:
    """Pace the requests of one client id; safe to share between threads."""

    def __init__(self, per_minute: float, *, clock: Clock = time.monotonic) -> None:
        self.interval = 60.0 / max(per_minute, 0.001)
        self._clock = clock
        self._next = 0.0
        self._lock = threading.Lock()

    def delay(self) -> float:
        """Return how long the next request would wait, without reserving it."""
        with self._lock:
            return max(self._next - self._clock(), 0.0)

    def reserve(self) -> float:
        """Take the next request slot; return the seconds to wait before using it."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
            return slot - now

    def hold(self, seconds: float) -> None:
        """Let no request start for ``seconds``."""
        with self._lock:
            self._next = max(self._next, self._clock() + seconds)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Slow down when Reddit's headers say the shared budget is running out."""
        budget = _budget(headers)
        if budget is None:
            return
        remaining, reset = budget
        if remaining < 1:
            self.hold(reset + RESET_MARGIN)
        # The reset is rounded up to whole seconds: compare with its lower bound,
        # so a job pacing alone is not slowed by the rounding.
        elif remaining < (reset - 1) / self.interval:
            self._spread(reset / remaining)

    def _spread(self, spacing: float) -> None:
        with self._lock:
            self._next = max(self._next, self._clock() + spacing)


_limiters: dict[str, ClientLimiter] = {}
_account_locks: dict[str, threading.Lock] = {}
_registry_lock = threading.Lock()


def limiter_for(client_id: str, per_minute: float) -> ClientLimiter:
    """Return the process-wide limiter of ``client_id``."""
    with _registry_lock:
        limiter = _limiters.get(client_id)
        if limiter is None or limiter.interval != 60.0 / max(per_minute, 0.001):
            limiter = _limiters[client_id] = ClientLimiter(per_minute)
        return limiter


def account_lock(username: str) -> threading.Lock:
    """Return the process-wide lock for ``/api/morechildren`` calls of ``username``."""
    with _registry_lock:
        return _account_locks.setdefault(username.lower(), threading.Lock())


def _budget(headers: Mapping[str, str]) -> tuple[float, float] | None:
    remaining = headers.get("x-ratelimit-remaining")
    reset = headers.get("x-ratelimit-reset")
    if remaining is None or reset is None:
        return None
    try:
        return float(remaining), float(reset)
    except ValueError:
        return None


def forget_limiters() -> None:
    """Drop every client's limiter, as a fresh process starts (tests use this)."""
    with _registry_lock:
        _limiters.clear()
