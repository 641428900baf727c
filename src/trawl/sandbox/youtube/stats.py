"""Counters of what each API key asked for and got, for tests to read."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

NO_KEY = "(none)"


@dataclass
class KeyStats:
    """Counts for one API key since the last stats reset."""

    units: Counter[str] = field(default_factory=Counter)
    endpoints: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)


class Stats:
    """Thread-safe per-key counters of requests, statuses and units."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[str, KeyStats] = {}

    def record(self, key: str | None, *, endpoint: str, status: int) -> None:
        """Count one finished request."""
        with self._lock:
            entry = self._keys.setdefault(key or NO_KEY, KeyStats())
            entry.endpoints[endpoint] += 1
            entry.statuses[str(status)] += 1

    def spend(self, key: str, *, bucket: str, units: int) -> None:
        """Count units taken from a bucket."""
        with self._lock:
            self._keys.setdefault(key, KeyStats()).units[bucket] += units

    def reset(self) -> None:
        """Forget every count."""
        with self._lock:
            self._keys.clear()

    def to_json(self) -> dict[str, Any]:
        """Return ``{key: {units, requests, statuses}}``."""
        with self._lock:
            return {
                key: {
                    "units": dict(entry.units),
                    "requests": dict(entry.endpoints),
                    "statuses": dict(entry.statuses),
                }
                for key, entry in self._keys.items()
            }
