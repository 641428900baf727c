"""A corpus made of recorded API responses, served as recorded and re-paged.

``load_corpus`` reads every ``*.json`` file of a folder and files its items
by the response ``kind``. Resources are never rewritten: only the parts a
request did not ask for are left out. What recordings cannot say is decided
here, the same way every time:

* A video that any recording mentions (videos, threads, playlist items,
  search results) is known: ``commentThreads.list`` answers its recorded
  threads, or an empty list when none were recorded. Other ids get 404.
* Replies are filed under ``parentId`` from inline ``replies.comments`` and
  from ``comments.list`` pages, first copy of an id wins. Replies whose thread
  no recording holds stay reachable through ``comments.list?parentId=``;
  ``recorded_ids().orphan_parents`` names those threads.
* ``totalReplyCount`` stays as recorded even where fewer replies were
  recorded; ``recorded_ids().short_threads`` lists the gaps.
* ``search.list`` answers the recorded results for any ``q``, filtered by
  ``type`` only.
* ``textFormat`` is ignored: recordings hold the HTML ``textDisplay``.
* Recorded error bodies replace the built-in body with the same reason and
  status (``keyInvalid`` for the legacy invalid-key fault, for example).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from trawl.sandbox.youtube.corpus import Missing, SearchQuery
from trawl.sandbox.youtube.resources import Resource

logger = logging.getLogger(__name__)


@dataclass
class RecordedIds:
    """Every recorded item and the API input that reaches it."""

    videos: list[str] = field(default_factory=list)
    threads_by_video: dict[str, list[str]] = field(default_factory=dict)
    threads_by_channel: dict[str, list[str]] = field(default_factory=dict)
    replies_by_thread: dict[str, list[str]] = field(default_factory=dict)
    orphan_parents: list[str] = field(default_factory=list)
    short_threads: dict[str, dict[str, int]] = field(default_factory=dict)
    playlists: dict[str, list[str]] = field(default_factory=dict)
    channels: list[str] = field(default_factory=list)
    search: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return the ids as a JSON object."""
        return asdict(self)


class RecordedCorpus:
    """Recorded responses, indexed for the six list endpoints."""

    def __init__(self) -> None:
        self._videos: dict[str, Resource] = {}
        self._channels: dict[str, Resource] = {}
        self._threads: dict[str, Resource] = {}
        self._replies: dict[str, dict[str, Resource]] = {}
        self._playlists: dict[str, dict[str, Resource]] = {}
        self._search: dict[str, Resource] = {}
        self._errors: dict[str, dict[str, Any]] = {}
        self._mentioned: set[str] = set()
        self.files: list[str] = []

    def add_response(self, body: dict[str, Any], *, source: str = "") -> None:
        """File the items of one recorded response body by its kind."""
        if "error" in body:
            self._add_error(body)
        else:
            adder = _ADDERS.get(str(body.get("kind", "")))
            if adder is None:
                logger.warning("skipped %s: unknown kind %r", source, body.get("kind"))
                return
            adder(self, body.get("items", []))
        self.files.append(source)

    def videos(self, ids: Sequence[str]) -> list[Resource]:
        """Return the recorded videos among ``ids``, in request order."""
        return [self._videos[i] for i in ids if i in self._videos]

    def popular(self) -> Sequence[Resource]:
        """Return every recorded video for ``chart=mostPopular``."""
        return list(self._videos.values())

    def threads(self, video_id: str, *, order: str, html: bool) -> Sequence[Resource]:
        """Return the recorded threads of a known video (maybe none)."""
        if video_id not in self._mentioned:
            raise Missing(video_id)
        return [t for t in self._threads.values() if _video_of(t) == video_id]

    def channel_threads(self, channel_id: str, *, html: bool) -> Sequence[Resource]:
        """Return the recorded threads that name ``channel_id``."""
        found = [t for t in self._threads.values() if _channel_of(t) == channel_id]
        if not found and channel_id not in self._channels:
            raise Missing(channel_id)
        return found

    def threads_by_id(self, ids: Sequence[str], *, html: bool) -> list[Resource]:
        """Return the recorded threads among ``ids``."""
        return [self._threads[i] for i in ids if i in self._threads]

    def replies(self, parent_id: str, *, html: bool) -> Sequence[Resource]:
        """Return every recorded reply to a thread, in recorded order."""
        if parent_id in self._replies:
            return list(self._replies[parent_id].values())
        if parent_id in self._threads:
            return []
        raise Missing(parent_id)

    def comments(self, ids: Sequence[str], *, html: bool) -> list[Resource]:
        """Return the recorded top-level comments and replies among ``ids``."""
        found = (self._comment(comment_id) for comment_id in ids)
        return [comment for comment in found if comment is not None]

    def playlist_items(self, playlist_id: str) -> Sequence[Resource]:
        """Return a recorded playlist's items, by position."""
        if playlist_id not in self._playlists:
            raise Missing(playlist_id)
        items = list(self._playlists[playlist_id].values())
        return sorted(items, key=lambda item: item["snippet"].get("position", 0))

    def search(self, query: SearchQuery) -> Sequence[Resource]:
        """Return the recorded results of the requested types, whatever ``q``."""
        return [r for r in self._search.values() if _result_type(r) in query.types]

    def channels(self, ids: Sequence[str]) -> list[Resource]:
        """Return the recorded channels among ``ids``."""
        return [self._channels[i] for i in ids if i in self._channels]

    def channel_for_handle(self, handle: str) -> list[Resource]:
        """Return the recorded channel whose ``customUrl`` is ``handle``."""
        wanted = "@" + handle.lstrip("@").lower()
        return [
            c
            for c in self._channels.values()
            if str(c.get("snippet", {}).get("customUrl", "")).lower() == wanted
        ]

    def error_template(self, reason: str) -> dict[str, Any] | None:
        """Return the recorded error body for ``reason``, if any."""
        return self._errors.get(reason)

    def recorded_ids(self) -> RecordedIds:
        """Return every recorded item with the input that reaches it."""
        ids = RecordedIds(
            videos=list(self._videos),
            channels=list(self._channels),
            errors=sorted(self._errors),
        )
        for thread_id, thread in self._threads.items():
            ids.threads_by_video.setdefault(_video_of(thread), []).append(thread_id)
            channel = _channel_of(thread)
            if channel:
                ids.threads_by_channel.setdefault(channel, []).append(thread_id)
            self._note_gap(ids, thread_id, thread)
        for parent, replies in self._replies.items():
            ids.replies_by_thread[parent] = list(replies)
            if parent not in self._threads:
                ids.orphan_parents.append(parent)
        ids.playlists = {pl: list(items) for pl, items in self._playlists.items()}
        for result in self._search.values():
            kind = _result_type(result)
            ids.search.setdefault(kind, []).append(_result_id(result))
        return ids

    def _note_gap(self, ids: RecordedIds, thread_id: str, thread: Resource) -> None:
        total = int(thread["snippet"].get("totalReplyCount", 0))
        recorded = len(self._replies.get(thread_id, {}))
        if total != recorded:
            ids.short_threads[thread_id] = {"total": total, "recorded": recorded}

    def _comment(self, comment_id: str) -> Resource | None:
        thread = self._threads.get(comment_id)
        if thread is not None:
            top: Resource = thread["snippet"]["topLevelComment"]
            return top
        parent = comment_id.split(".", 1)[0]
        return self._replies.get(parent, {}).get(comment_id)

    def _add_videos(self, items: Iterable[Resource]) -> None:
        for video in items:
            self._videos.setdefault(video["id"], video)
            self._mentioned.add(video["id"])

    def _add_channels(self, items: Iterable[Resource]) -> None:
        for channel in items:
            known = self._channels.get(channel["id"])
            # The same channel recorded twice: keep the copy with more parts.
            if known is None or len(channel) > len(known):
                self._channels[channel["id"]] = channel

    def _add_threads(self, items: Iterable[Resource]) -> None:
        for thread in items:
            self._threads.setdefault(thread["id"], thread)
            self._mentioned.add(_video_of(thread))
            self._add_comments(thread.get("replies", {}).get("comments", []))

    def _add_comments(self, items: Iterable[Resource]) -> None:
        for comment in items:
            parent = comment["snippet"].get("parentId")
            if parent is None:
                logger.warning("skipped top-level comment %s", comment["id"])
                continue
            self._replies.setdefault(parent, {}).setdefault(comment["id"], comment)

    def _add_playlist_items(self, items: Iterable[Resource]) -> None:
        for item in items:
            playlist = item["snippet"]["playlistId"]
            self._playlists.setdefault(playlist, {}).setdefault(item["id"], item)
            video = item["snippet"].get("resourceId", {}).get("videoId")
            if video:
                self._mentioned.add(video)

    def _add_search(self, items: Iterable[Resource]) -> None:
        for result in items:
            self._search.setdefault(_result_id(result), result)
            if _result_type(result) == "video":
                self._mentioned.add(_result_id(result))

    def _add_error(self, body: dict[str, Any]) -> None:
        for entry in body["error"].get("errors", []):
            self._errors.setdefault(str(entry.get("reason")), body)


_ADDERS = {
    "youtube#videoListResponse": RecordedCorpus._add_videos,
    "youtube#channelListResponse": RecordedCorpus._add_channels,
    "youtube#commentThreadListResponse": RecordedCorpus._add_threads,
    "youtube#commentListResponse": RecordedCorpus._add_comments,
    "youtube#playlistItemListResponse": RecordedCorpus._add_playlist_items,
    "youtube#searchListResponse": RecordedCorpus._add_search,
}


def load_corpus(directory: Path) -> RecordedCorpus:
    """Return the corpus of every recorded response in ``directory``."""
    corpus = RecordedCorpus()
    paths = sorted(Path(directory).glob("*.json"))
    if not paths:
        raise FileNotFoundError(f"no recorded responses (*.json) in {directory}")
    for path in paths:
        body = json.loads(path.read_text(encoding="utf-8"))
        corpus.add_response(body, source=path.name)
    logger.info("loaded %d recorded responses from %s", len(paths), directory)
    return corpus


def _video_of(thread: Resource) -> str:
    return str(thread["snippet"].get("videoId", ""))


def _channel_of(thread: Resource) -> str:
    return str(thread["snippet"].get("channelId", ""))


def _result_type(result: Resource) -> str:
    return str(result["id"]["kind"]).removeprefix("youtube#")


def _result_id(result: Resource) -> str:
    kind = _result_type(result)
    return str(result["id"][f"{kind}Id"])
