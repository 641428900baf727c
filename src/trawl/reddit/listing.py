"""Say which listing a job pages through, and keep its cursor in the state.

Reddit honours ``t`` (the job's timeframe) only on top, controversial and
search, so only those send it. For hot, new and rising (and a user's hot and
new) trawl keeps the posts whose ``created_utc`` falls inside the timeframe
(hour, day, week, month = 31 days, year = 366 days) and, for ``new`` only,
stops paging at the first post older than that, since ``new`` is in time
order. A keyword search inside subreddits sends ``restrict_sr=1`` and still
drops any post from another subreddit. Every page asks for ``limit=100`` and
the listing ends when ``after`` is null (or repeats).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

PAGE = 100
AGGREGATES = frozenset({"all", "popular"})
TIMED = frozenset({"top", "controversial"})
WINDOWS = {
    "hour": 3600,
    "day": 86_400,
    "week": 7 * 86_400,
    "month": 31 * 86_400,
    "year": 366 * 86_400,
}


class Verdict(StrEnum):
    """What to do with one item of a listing."""

    KEEP = "keep"
    SKIP = "skip"
    STOP = "stop"


@dataclass(frozen=True)
class Listing:
    """One paged listing and the client-side rules for its items."""

    path: str
    params: dict[str, Any] = field(default_factory=dict)
    since: float | None = None
    in_time_order: bool = False
    subreddits: frozenset[str] | None = None

    def judge(self, item: dict[str, Any]) -> Verdict:
        """Return whether to keep ``item``, skip it, or stop the listing here."""
        subreddit = str(item.get("subreddit", "")).lower()
        if self.subreddits is not None and subreddit not in self.subreddits:
            return Verdict.SKIP
        if self._too_old(item):
            late = self.in_time_order and not item.get("stickied")
            return Verdict.STOP if late else Verdict.SKIP
        return Verdict.KEEP

    def _too_old(self, item: dict[str, Any]) -> bool:
        created = item.get("created_utc")
        if self.since is None or not isinstance(created, int | float):
            return False
        return created < self.since


def subreddit_listing(names: str, sort: str, timeframe: str, now: float) -> Listing:
    """Return the listing of ``/r/{names}/{sort}``."""
    return _sorted(f"/r/{names}/{sort}", sort, timeframe, now)


def user_listing(
    user: str, where: str, sort: str, timeframe: str, now: float
) -> Listing:
    """Return ``/user/{user}/{where}`` (submitted or comments) in ``sort`` order."""
    listing = _sorted(f"/user/{user}/{where}", sort, timeframe, now)
    return Listing(
        listing.path,
        {**listing.params, "sort": sort},
        listing.since,
        listing.in_time_order,
    )


def search_listing(
    keyword: str, names: str | None, sort: str, timeframe: str
) -> Listing:
    """Return a site-wide search, or one restricted to the subreddits ``names``."""
    params = {"q": keyword, "sort": sort, "t": timeframe, "type": "link"}
    if not names or names.lower() in AGGREGATES:
        return Listing("/search", params)
    allowed = frozenset(name.lower() for name in names.split("+"))
    return Listing(
        f"/r/{names}/search", {**params, "restrict_sr": 1}, subreddits=allowed
    )


def _sorted(path: str, sort: str, timeframe: str, now: float) -> Listing:
    if sort in TIMED:
        return Listing(path, {"t": timeframe})
    seconds = WINDOWS.get(timeframe)
    since = None if seconds is None else now - seconds
    return Listing(path, since=since, in_time_order=sort == "new")


class Cursor:
    """A listing's position, kept in ``state[name]`` so a resumed job goes on."""

    def __init__(self, state: dict[str, Any], name: str) -> None:
        self._state = state.setdefault(name, {"after": None, "done": False})

    @property
    def done(self) -> bool:
        """Return whether the listing has ended."""
        return bool(self._state["done"])

    @property
    def taken(self) -> int:
        """Return how many items were kept so far."""
        return int(self._state.get("taken", 0))

    def params(self) -> dict[str, Any]:
        """Return the paging parameters of the next request."""
        after = self._state["after"]
        return {"limit": PAGE, **({"after": after} if after else {})}

    def keep(self) -> None:
        """Count one kept item."""
        self._state["taken"] = self.taken + 1

    def turn(self, after: str | None) -> None:
        """Move past the page just read; end at a null or repeated ``after``."""
        if not after or after == self._state["after"]:
            self.finish()
        else:
            self._state["after"] = after

    def finish(self) -> None:
        """End the listing."""
        self._state["done"] = True


def page_items(body: Any) -> tuple[list[dict[str, Any]], str | None]:
    """Return the ``data`` of each child of a Listing body, and its ``after``."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        return [], None
    items = [
        child["data"]
        for child in data.get("children") or []
        if isinstance(child, dict) and isinstance(child.get("data"), dict)
    ]
    after = data.get("after")
    return items, str(after) if after else None
