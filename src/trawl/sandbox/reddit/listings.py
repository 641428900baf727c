"""Order posts the way Reddit's listings do and cut them into pages."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from trawl.sandbox.reddit.things import JSON

LISTING_CAP = 1000
DEFAULT_LIMIT = 25
MAX_LIMIT = 100
POST_SORTS = ("hot", "best", "new", "top", "controversial", "rising")
TIMED_SORTS = ("top", "controversial")
WINDOWS = {
    "hour": 3600,
    "day": 86_400,
    "week": 7 * 86_400,
    "month": 31 * 86_400,
    "year": 366 * 86_400,
}
# Reddit's hot ranking counts time from this epoch second (December 2005).
HOT_EPOCH = 1_134_028_003


@dataclass(frozen=True)
class Page:
    """One page of a listing and the cursors around it."""

    items: list[JSON]
    after: str | None
    before: str | None


def clamp_limit(
    raw: str | None, *, default: int = DEFAULT_LIMIT, most: int = MAX_LIMIT
) -> int:
    """Return the ``limit`` parameter as Reddit reads it: defaulted and clamped."""
    try:
        value = int(raw) if raw else default
    except ValueError:
        value = default
    return max(1, min(value, most))


def within(items: Sequence[JSON], window: str | None, now: float) -> list[JSON]:
    """Keep the items created in the last ``window`` (hour..year; all keeps all)."""
    seconds = WINDOWS.get(window or "all")
    if seconds is None:
        return list(items)
    return [item for item in items if now - float(item["created_utc"]) <= seconds]


def order_posts(
    posts: Sequence[JSON], *, sort: str, window: str | None, now: float
) -> list[JSON]:
    """Return ``posts`` in ``sort`` order, time-filtered only where Reddit does."""
    if sort in TIMED_SORTS:
        posts = within(posts, window, now)
    if sort == "new":
        return sorted(posts, key=lambda post: -float(post["created_utc"]))
    if sort == "top":
        return sorted(posts, key=lambda post: -int(post["score"]))
    if sort == "controversial":
        return sorted(posts, key=lambda post: -_controversy(post))
    if sort == "rising":
        recent = within(posts, "day", now)
        return sorted(recent, key=lambda post: -_rising(post, now))
    return sorted(posts, key=lambda post: -_hot(post))


def paginate(
    items: Sequence[JSON], *, after: str | None, before: str | None, limit: int
) -> Page:
    """Return the page after (or before) a fullname, as Reddit's cursors work."""
    names = [item["name"] for item in items]
    if after:
        if after not in names:
            return Page([], None, None)
        start = names.index(after) + 1
    elif before:
        if before not in names:
            return Page([], None, None)
        start = max(names.index(before) - limit, 0)
    else:
        start = 0
    stop = min(start + limit, names.index(before) if before else len(items))
    chosen = list(items[start:stop])
    next_after = chosen[-1]["name"] if chosen and stop < len(items) else None
    next_before = chosen[0]["name"] if chosen and start > 0 else None
    return Page(chosen, next_after, next_before)


def _hot(post: JSON) -> float:
    score = int(post["score"])
    order = math.log10(max(abs(score), 1))
    sign = (score > 0) - (score < 0)
    return round(sign * order + (float(post["created_utc"]) - HOT_EPOCH) / 45_000, 7)


def _controversy(post: JSON) -> float:
    ups = max(int(post.get("ups") or post["score"]), 0)
    ratio = float(post.get("upvote_ratio") or 1.0)
    downs = round(ups / ratio - ups) if ratio > 0 else 0
    if ups <= 0 or downs <= 0:
        return 0.0
    return float((ups + downs) ** (min(ups, downs) / max(ups, downs)))


def _rising(post: JSON, now: float) -> float:
    hours = max((now - float(post["created_utc"])) / 3600, 0.1)
    return int(post["score"]) / hours
