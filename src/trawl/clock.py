"""The one place trawl reads the time, so tests can move it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

_source: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return _source().astimezone(UTC)


def use(source: Callable[[], datetime]) -> Callable[[], datetime]:
    """Make ``now`` read ``source``; return the previous source to restore later."""
    global _source
    previous, _source = _source, source
    return previous


def stamp(moment: datetime) -> str:
    """Format ``moment`` as the seed's ``yyyymmddHHMMSS`` in UTC."""
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def parse_stamp(text: str) -> datetime:
    """Read a ``yyyymmddHHMMSS`` stamp as a UTC time."""
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
