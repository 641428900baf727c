"""Count what the sandbox served, for tests that watch from outside."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from typing import Any


class Stats:
    """Requests per client id, per endpoint and status, 429s and concurrency."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forget everything counted so far."""
        with self._lock:
            self._by_client: Counter[str] = Counter()
            self._by_endpoint: defaultdict[str, Counter[str]] = defaultdict(Counter)
            self._throttled = 0
            self._tokens_issued = 0
            self._in_flight = 0
            self._max_concurrency = 0

    def record(self, *, client_id: str | None, endpoint: str, status: int) -> None:
        """Count one response."""
        with self._lock:
            if client_id is not None:
                self._by_client[client_id] += 1
            self._by_endpoint[endpoint][str(status)] += 1
            if status == 429:
                self._throttled += 1

    def token_issued(self) -> None:
        """Count one access token handed out."""
        with self._lock:
            self._tokens_issued += 1

    def enter_morechildren(self) -> None:
        """Note a morechildren call starting, for the concurrency maximum."""
        with self._lock:
            self._in_flight += 1
            self._max_concurrency = max(self._max_concurrency, self._in_flight)

    def leave_morechildren(self) -> None:
        """Note a morechildren call ending."""
        with self._lock:
            self._in_flight -= 1

    def snapshot(self) -> dict[str, Any]:
        """Return the counts as a JSON object."""
        with self._lock:
            return {
                "requests_by_client": dict(self._by_client),
                "requests_by_endpoint": {
                    endpoint: dict(statuses)
                    for endpoint, statuses in self._by_endpoint.items()
                },
                "throttled": self._throttled,
                "tokens_issued": self._tokens_issued,
                "morechildren_max_concurrency": self._max_concurrency,
                "morechildren_in_flight": self._in_flight,
            }
