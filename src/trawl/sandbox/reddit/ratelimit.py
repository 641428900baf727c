"""Count requests per OAuth client id in fixed windows, like Reddit's headers."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Budget:
    """The state of one client's window after counting a request."""

    used: int
    remaining: float
    reset_seconds: int
    exceeded: bool

    def headers(self) -> dict[str, str]:
        """Return the ``X-Ratelimit-*`` headers Reddit sends."""
        return {
            "x-ratelimit-used": str(self.used),
            "x-ratelimit-remaining": f"{self.remaining:.1f}",
            "x-ratelimit-reset": str(self.reset_seconds),
        }


class RateLimiter:
    """Allow ``requests_per_window`` per client id in each clock-aligned window."""

    def __init__(
        self,
        *,
        requests_per_window: int,
        window_seconds: int,
        clock: Callable[[], datetime],
    ) -> None:
        self.requests_per_window = requests_per_window
        self.window_seconds = window_seconds
        self.clock = clock
        self._counts: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def spend(self, client_id: str) -> Budget:
        """Count one request for ``client_id`` and return the window's state."""
        now = self.clock().timestamp()
        window = int(now // self.window_seconds)
        with self._lock:
            seen_window, used = self._counts.get(client_id, (window, 0))
            used = used + 1 if seen_window == window else 1
            self._counts[client_id] = (window, used)
        reset = math.ceil((window + 1) * self.window_seconds - now)
        remaining = max(self.requests_per_window - used, 0)
        exceeded = used > self.requests_per_window
        return Budget(min(used, self.requests_per_window), remaining, reset, exceeded)

    def reset(self) -> None:
        """Forget every client's count."""
        with self._lock:
            self._counts.clear()
