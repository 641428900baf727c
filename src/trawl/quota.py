"""YouTube quota buckets: what each call costs and when a day's quota resets.

The cost table lives in ``youtube/costs.json`` so a change in Google's prices
is a data change. Days run from midnight to midnight in America/Los_Angeles,
daylight saving included, which is 07:00 or 08:00 UTC.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

PACIFIC = ZoneInfo("America/Los_Angeles")
DEFAULT_BUCKET = "default"


@dataclass(frozen=True)
class Price:
    """What one call of a method costs, and from which bucket."""

    bucket: str
    cost: int


@dataclass(frozen=True)
class CostTable:
    """Daily allowance per bucket and price per method."""

    daily: dict[str, int]
    methods: dict[str, Price]

    def price(self, method: str) -> Price:
        """Return the price of ``method`` (for example ``commentThreads.list``)."""
        try:
            return self.methods[method]
        except KeyError:
            raise KeyError(f"no price for YouTube method {method!r}") from None


@lru_cache
def youtube_costs() -> CostTable:
    """Load the YouTube cost table shipped with trawl."""
    text = resources.files("trawl.youtube").joinpath("costs.json").read_text()
    raw = json.loads(text)
    daily = {name: int(spec["daily"]) for name, spec in raw["buckets"].items()}
    methods = {
        name: Price(bucket=spec["bucket"], cost=int(spec["cost"]))
        for name, spec in raw["methods"].items()
    }
    return CostTable(daily=daily, methods=methods)


def last_reset(moment: datetime) -> datetime:
    """Return the most recent Pacific midnight at or before ``moment``, in UTC."""
    local = moment.astimezone(PACIFIC)
    midnight = datetime.combine(local.date(), time(0), tzinfo=PACIFIC)
    return midnight.astimezone(UTC)


def next_reset(moment: datetime) -> datetime:
    """Return the first Pacific midnight strictly after ``moment``, in UTC."""
    local = moment.astimezone(PACIFIC)
    tomorrow = local.date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=PACIFIC).astimezone(UTC)
