"""Decide which failure, if any, to inject into the next request."""

from __future__ import annotations

import dataclasses
import random
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Injection(StrEnum):
    """A failure served instead of, or on top of, the real response."""

    THROTTLE = "throttle"
    SERVER_ERROR = "server_error"
    INVALID_TOKEN = "invalid_token"
    TRUNCATE = "truncate"
    NON_JSON = "non_json"


@dataclass(frozen=True)
class Faults:
    """Failures to inject; ``*_next`` counts are used up one request at a time.

    Only requests whose path starts with ``path_prefix`` are affected, and
    never the ``/_sandbox/`` control paths. ``morechildren_delay`` is not a
    fault but the time a ``/api/morechildren`` call holds the account's lock,
    so that concurrent calls overlap and get their 429.
    """

    fail_next: int = 0
    fail_status: int = 503
    failure_rate: float = 0.0
    failure_seed: int = 0
    delay_seconds: float = 0.0
    throttle_next: int = 0
    retry_after: int | None = None
    invalid_token_next: int = 0
    truncate_next: int = 0
    non_json_next: int = 0
    path_prefix: str = ""
    morechildren_delay: float = 0.02

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Faults:
        """Build from a JSON object; unknown keys raise ``ValueError``."""
        known = {item.name for item in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(unknown)}")
        return cls(**data)

    def to_json(self) -> dict[str, Any]:
        """Return the settings as a JSON object."""
        return dataclasses.asdict(self)


class FaultPlan:
    """Hand out injections in a fixed order, deterministic for given settings."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._left = {
            Injection.THROTTLE: faults.throttle_next,
            Injection.SERVER_ERROR: faults.fail_next,
            Injection.INVALID_TOKEN: faults.invalid_token_next,
            Injection.TRUNCATE: faults.truncate_next,
            Injection.NON_JSON: faults.non_json_next,
        }
        self._random = random.Random(faults.failure_seed)
        self._lock = threading.Lock()

    def applies_to(self, path: str) -> bool:
        """Return whether requests to ``path`` are subject to these faults."""
        return path.startswith(self.faults.path_prefix)

    def draw(self, path: str) -> Injection | None:
        """Return the injection for the next request to ``path``, if any."""
        if not self.applies_to(path):
            return None
        with self._lock:
            for injection, left in self._left.items():
                if left > 0:
                    self._left[injection] = left - 1
                    return injection
            rate = self.faults.failure_rate
            if rate and self._random.random() < rate:
                return Injection.SERVER_ERROR
        return None

    def remaining(self) -> dict[str, int]:
        """Return how many of each counted injection are still to come."""
        with self._lock:
            return {injection.value: left for injection, left in self._left.items()}
