"""Per-key quota buckets that refill at midnight Pacific time."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

PACIFIC = ZoneInfo("America/Los_Angeles")

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Charge:
    """What one call of an API method costs and from which bucket."""

    bucket: str
    cost: int


@dataclass(frozen=True)
class CostTable:
    """Daily bucket sizes and the charge of each API method."""

    daily: Mapping[str, int]
    methods: Mapping[str, Charge]

    @classmethod
    def load(cls) -> CostTable:
        """Read the table shipped next to this module."""
        text = resources.files(__package__).joinpath("costs.json").read_text()
        raw = json.loads(text)
        daily = {name: int(b["daily"]) for name, b in raw["buckets"].items()}
        methods = {
            name: Charge(bucket=m["bucket"], cost=int(m["cost"]))
            for name, m in raw["methods"].items()
        }
        return cls(daily=daily, methods=methods)


def pacific_day(moment: datetime) -> date:
    """Return the Pacific calendar day that ``moment`` falls in."""
    return moment.astimezone(PACIFIC).date()


def next_reset(moment: datetime) -> datetime:
    """Return the next Pacific midnight after ``moment``, in UTC."""
    tomorrow = pacific_day(moment) + timedelta(days=1)
    midnight = datetime.combine(tomorrow, time(0), tzinfo=PACIFIC)
    return midnight.astimezone(UTC)


class QuotaLedger:
    """Count units spent per key and bucket for the current Pacific day."""

    def __init__(
        self, table: CostTable, *, daily: Mapping[str, int], clock: Clock
    ) -> None:
        self._table = table
        self._daily = dict(daily)
        self._clock = clock
        self._caps: dict[str, int] = {}
        self._spent: dict[tuple[str, str], int] = {}
        self._day = pacific_day(clock())
        self._lock = threading.Lock()

    def charge(self, key: str, method: str) -> str | None:
        """Spend the cost of ``method``; return the bucket name if it is empty."""
        charge = self._table.methods[method]
        with self._lock:
            self._roll_day()
            spent = self._spent.get((key, charge.bucket), 0)
            if spent + charge.cost > self._limit(key, charge.bucket):
                return charge.bucket
            self._spent[(key, charge.bucket)] = spent + charge.cost
        return None

    def cap(self, caps: Mapping[str, int]) -> None:
        """Empty the default bucket of each key after the given units a day."""
        with self._lock:
            self._caps = dict(caps)

    def reset(self) -> None:
        """Refill every bucket, as if Pacific midnight had just passed."""
        with self._lock:
            self._spent.clear()
            self._day = pacific_day(self._clock())

    def spent(self) -> dict[str, dict[str, int]]:
        """Return today's units spent, per key and bucket."""
        with self._lock:
            self._roll_day()
            result: dict[str, dict[str, int]] = {}
            for (key, bucket), units in self._spent.items():
                result.setdefault(key, {})[bucket] = units
            return result

    def limits(self, key: str) -> dict[str, int]:
        """Return the daily size of each bucket for ``key``."""
        return {bucket: self._limit(key, bucket) for bucket in self._daily}

    def resets_at(self) -> datetime:
        """Return when the buckets next refill."""
        return next_reset(self._clock())

    def _limit(self, key: str, bucket: str) -> int:
        daily = self._daily[bucket]
        if bucket == "default" and key in self._caps:
            return min(daily, self._caps[key])
        return daily

    def _roll_day(self) -> None:
        today = pacific_day(self._clock())
        if today != self._day:
            self._spent.clear()
            self._day = today
