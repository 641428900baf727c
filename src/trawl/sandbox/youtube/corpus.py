"""What a sandbox corpus answers, whether generated or recorded.

A corpus returns resources as plain dicts, full (every part it has); the
endpoints select parts and page. Lists come back as sequences so a corpus can
generate items on demand instead of holding them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, overload

Resource = dict[str, Any]


class Missing(LookupError):
    """The thing a list call filters on does not exist (a 404)."""


class Refused(LookupError):
    """The thing exists but may not be listed (a 403)."""


@dataclass(frozen=True)
class SearchQuery:
    """The search.list filters a corpus honours."""

    q: str
    types: frozenset[str]
    order: str = "relevance"
    channel_id: str | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None

    def admits(self, result: Resource) -> bool:
        """Return whether a search result passes every filter of this query."""
        snippet = result["snippet"]
        return _holds_words(snippet, self.q) and self._in_window(snippet)

    def _in_window(self, snippet: Resource) -> bool:
        if self.channel_id and snippet.get("channelId") != self.channel_id:
            return False
        published = _parse_time(snippet.get("publishedAt", ""))
        if published is None:
            return True
        if self.published_after and published < self.published_after:
            return False
        return not (self.published_before and published >= self.published_before)


class Corpus(Protocol):
    """The lookups behind the six list endpoints."""

    def videos(self, ids: Sequence[str]) -> list[Resource]:
        """Return the known videos among ``ids``, in request order."""
        ...

    def popular(self) -> Sequence[Resource]:
        """Return the videos served for ``chart=mostPopular``."""
        ...

    def threads(self, video_id: str, *, order: str, html: bool) -> Sequence[Resource]:
        """Return the threads of a video; raise ``Missing`` or ``Refused``."""
        ...

    def channel_threads(self, channel_id: str, *, html: bool) -> Sequence[Resource]:
        """Return the threads related to a channel; raise ``Missing``."""
        ...

    def threads_by_id(self, ids: Sequence[str], *, html: bool) -> list[Resource]:
        """Return the known threads among ``ids``."""
        ...

    def replies(self, parent_id: str, *, html: bool) -> Sequence[Resource]:
        """Return every reply to a thread; raise ``Missing``."""
        ...

    def comments(self, ids: Sequence[str], *, html: bool) -> list[Resource]:
        """Return the known comments (top-level or replies) among ``ids``."""
        ...

    def playlist_items(self, playlist_id: str) -> Sequence[Resource]:
        """Return a playlist's items; raise ``Missing`` or ``Refused``."""
        ...

    def search(self, query: SearchQuery) -> Sequence[Resource]:
        """Return every search result for ``query`` (the endpoint caps them)."""
        ...

    def channels(self, ids: Sequence[str]) -> list[Resource]:
        """Return the known channels among ``ids``."""
        ...

    def channel_for_handle(self, handle: str) -> list[Resource]:
        """Return the channel with ``handle`` (with or without ``@``), if any."""
        ...

    def error_template(self, reason: str) -> dict[str, Any] | None:
        """Return a recorded error body for ``reason``, if the corpus has one."""
        ...


class Generated(Sequence[Resource]):
    """A sequence whose items are built from their index when read."""

    def __init__(self, length: int, build: Callable[[int], Resource]) -> None:
        self._length = length
        self._build = build

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Resource: ...

    @overload
    def __getitem__(self, index: slice) -> list[Resource]: ...

    def __getitem__(self, index: int | slice) -> Resource | list[Resource]:
        if isinstance(index, slice):
            return [self._build(i) for i in range(*index.indices(self._length))]
        if not -self._length <= index < self._length:
            raise IndexError(index)
        return self._build(index % self._length)

    def __iter__(self) -> Iterator[Resource]:
        return (self._build(i) for i in range(self._length))


def _holds_words(snippet: Resource, q: str) -> bool:
    text = f"{snippet.get('title', '')} {snippet.get('description', '')}"
    text = html.unescape(text).lower()
    return all(word in text for word in q.lower().split())


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
