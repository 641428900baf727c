"""Collect a YouTube job: resolve its videos, then metadata, then every comment.

Each phase keeps its cursor in ``ctx.state`` and checkpoints after every
request, so a pause or a crash resumes at the request that was in flight.
Comment threads whose inline replies are fewer than ``totalReplyCount`` get
their replies from comments.list instead, so no reply is written twice.

Quota goes only where data can come back: playlist items that are deleted or
private, and videos that videos.list leaves out, are recorded as outcomes
and get no commentThreads request. A rejected page token restarts its list
once; the writers drop what was already written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from trawl.collect import JobContext
from trawl.errors import FailJob, SkipItem
from trawl.youtube import columns, urls
from trawl.youtube.api import YouTubeApi
from trawl.youtube.spec import targets

# Every part a non-owner may read; each costs the same single unit.
VIDEO_PARTS = (
    "id,snippet,contentDetails,statistics,status,topicDetails,"
    "recordingDetails,liveStreamingDetails,localizations,player,"
    "paidProductPlacementDetails"
)
UNAVAILABLE = {"private": "private", "privacyStatusUnspecified": "deleted"}
BATCH = 50
PAGE = 100


class YouTubeCollector:
    """Run one YouTube job from its checkpoint to the end."""

    def __init__(self, ctx: JobContext, api: YouTubeApi | None = None) -> None:
        self.ctx = ctx
        self.state = ctx.state
        self.progress = ctx.progress
        self.api = api or YouTubeApi(ctx)
        self.videos = ctx.writer("videos", columns.VIDEO_COLUMNS, _id)
        self.threads = ctx.writer("threads", columns.THREAD_COLUMNS, _id)
        self.comments = ctx.writer("comments", columns.COMMENT_COLUMNS, _id)

    def run(self) -> None:
        """Collect every phase the job asks for."""
        try:
            self._run_phases()
        finally:
            self.api.close()

    def _run_phases(self) -> None:
        actions = self.ctx.spec["actions"]
        self.state.setdefault("phase", "videos")
        if self.state["phase"] == "videos":
            self._resolve_videos()
            self._advance("metadata" if "metadata" in actions else "comments")
        if self.state["phase"] == "metadata":
            self._fetch_metadata()
            self._advance("comments")
        if self.state["phase"] == "comments":
            if "comments" in actions:
                self._fetch_comments()
            self.progress["all_comments_retrieved"] = True
            self._advance("done")

    def _advance(self, phase: str) -> None:
        self.state["phase"] = phase
        self.ctx.checkpoint()

    # -- videos ---------------------------------------------------------------

    def _resolve_videos(self) -> None:
        spec = self.ctx.spec
        cap = spec.get("videos")
        ids: list[str] = self.progress.setdefault("videos_ids", [])
        if spec["option"] in ("video", "file"):
            ids[:] = targets(spec)[:cap]
        elif spec["option"] == "playlist":
            self._list_videos(ids, cap, self._playlist_page, "playlist")
        else:
            self._list_videos(ids, cap, self._search_page, "query")
        self.progress["all_videos_retrieved"] = True
        self.ctx.counts["videos_listed"] = len(ids)

    def _list_videos(
        self,
        ids: list[str],
        cap: int | None,
        fetch: Callable[[str | None], dict[str, Any]],
        kind: str,
    ) -> None:
        seen = set(ids)
        for page in self._pages("list", fetch, kind, self.ctx.spec["input"]):
            for video_id in page:
                if video_id not in seen and (cap is None or len(ids) < cap):
                    seen.add(video_id)
                    ids.append(video_id)
            if cap is not None and len(ids) >= cap:
                self.state["list_done"] = True

    def _playlist_page(self, token: str | None) -> dict[str, Any]:
        params = {
            # snippet carries the video id too, for items recorded without
            # contentDetails; every part costs the same single unit.
            "part": "snippet,contentDetails,status",
            "playlistId": urls.playlist_id(self.ctx.spec["input"]),
            "maxResults": 50,
        }
        page = self.api.call("playlistItems.list", _with_token(params, token))
        page["ids"] = [self._available(item) for item in page.get("items", [])]
        return page

    def _available(self, item: dict[str, Any]) -> str | None:
        """Return the item's video id, or None after recording why it is gone."""
        video_id = item.get("contentDetails", {}).get("videoId") or item.get(
            "snippet", {}
        ).get("resourceId", {}).get("videoId")
        privacy = item.get("status", {}).get("privacyStatus")
        if video_id and privacy in UNAVAILABLE:
            self.ctx.outcome("video", video_id, UNAVAILABLE[privacy])
            return None
        return video_id

    def _search_page(self, token: str | None) -> dict[str, Any]:
        params = {"part": "id", "q": self.ctx.spec["input"], "type": "video"}
        params["maxResults"] = 50
        page = self.api.call("search.list", _with_token(params, token))
        page["ids"] = [
            item.get("id", {}).get("videoId")
            for item in page.get("items", [])
            if isinstance(item.get("id"), dict)
        ]
        return page

    def _pages(
        self,
        name: str,
        fetch: Callable[[str | None], dict[str, Any]],
        kind: str,
        item: str,
    ) -> Iterator[list[str]]:
        """Yield the ids of each page of a listing, checkpointing after each."""
        while not self.state.get(f"{name}_done"):
            try:
                page = fetch(self.state.get(f"{name}_page"))
            except SkipItem as skip:
                if self._restarted(name, skip):
                    continue
                self.ctx.outcome(kind, item, skip.outcome)
                if not self.progress.get("videos_ids"):
                    raise FailJob(
                        f"the {kind} {item!r} cannot be read: {skip.outcome}"
                    ) from None
                self.progress["error_description"] = f"{kind} {item!r}: {skip.outcome}"
                self.state[f"{name}_done"] = True
                self.ctx.checkpoint()
                return
            yield [video_id for video_id in page["ids"] if video_id]
            self._turn_page(name, page)
            self.ctx.checkpoint()

    def _restarted(self, name: str, skip: SkipItem) -> bool:
        """Start list ``name`` over once if the API rejected its page token."""
        if skip.outcome != "invalidPageToken" or self.state.get(f"{name}_restarted"):
            return False
        self.ctx.log.info("page token of %s rejected; restarting the list", name)
        self.state[f"{name}_restarted"] = True
        for key in ("page", "tokens"):
            self.state.pop(f"{name}_{key}", None)
        return True

    def _turn_page(self, name: str, page: dict[str, Any]) -> None:
        tokens: list[str] = self.state.setdefault(f"{name}_tokens", [])
        token = page.get("nextPageToken")
        if not token or token in tokens or not page.get("items"):
            self.state[f"{name}_done"] = True
        else:
            tokens.append(token)
            self.state[f"{name}_page"] = token

    # -- metadata -------------------------------------------------------------

    def _fetch_metadata(self) -> None:
        ids: list[str] = self.progress["videos_ids"]
        while (start := self.state.get("meta_next", 0)) < len(ids):
            batch = ids[start : start + BATCH]
            page = self.api.call(
                "videos.list", {"part": VIDEO_PARTS, "id": ",".join(batch)}
            )
            found = set()
            for video in page.get("items", []):
                found.add(video.get("id"))
                if self.videos.write(video, columns.video_row(video)):
                    self.ctx.count("videos")
            for missing in (video_id for video_id in batch if video_id not in found):
                self._video_lost(missing, "videoNotFound")
            self.state["meta_next"] = start + len(batch)
            self.ctx.checkpoint()

    def _video_lost(self, video_id: str, outcome: str) -> None:
        """Record why a video is unavailable; a one-video job cannot go on."""
        self.ctx.outcome("video", video_id, outcome)
        if self.ctx.spec["option"] == "video" and outcome == "videoNotFound":
            raise FailJob(
                f"the video {video_id!r} cannot be read: {outcome} "
                "(deleted, private or never existed)"
            )

    # -- comments -------------------------------------------------------------

    def _fetch_comments(self) -> None:
        ids: list[str] = self.progress["videos_ids"]
        known = self.ctx.outcomes.get("video", {})
        while (index := self.state.get("video_next", 0)) < len(ids):
            if ids[index] not in known:
                self._comments_of(ids[index])
            for key in ("page", "tokens", "done", "restarted"):
                self.state.pop(f"threads_{key}", None)
            self.state["video_next"] = index + 1
            self.ctx.checkpoint()

    def _comments_of(self, video_id: str) -> None:
        pending: list[str] = self.state.setdefault("pending", [])
        while True:
            while pending:
                self._replies_of(pending, video_id)
            if self.state.get("threads_done"):
                return
            self._thread_page(video_id, pending)
            self.ctx.checkpoint()

    def _thread_page(self, video_id: str, pending: list[str]) -> None:
        params = {
            "part": "snippet,replies",
            "videoId": video_id,
            "maxResults": PAGE,
            "textFormat": "plainText",
        }
        try:
            page = self.api.call(
                "commentThreads.list",
                _with_token(params, self.state.get("threads_page")),
            )
        except SkipItem as skip:
            if not self._restarted("threads", skip):
                self._video_lost(video_id, skip.outcome)
                self.state["threads_done"] = True
            return
        for thread in page.get("items", []):
            self._write_thread(thread, video_id, pending)
        self._turn_page("threads", page)

    def _write_thread(
        self, thread: dict[str, Any], video_id: str, pending: list[str]
    ) -> None:
        snippet = thread.get("snippet", {})
        total = int(snippet.get("totalReplyCount") or 0)
        top = snippet.get("topLevelComment", {})
        if not self.threads.write(
            thread, columns.thread_row(thread, video_id=video_id)
        ):
            return
        self._write_comment(top, thread_id=thread["id"], video_id=video_id, total=total)
        inline = thread.get("replies", {}).get("comments", [])
        if total > len(inline):
            pending.append(thread["id"])
            return
        for reply in inline:
            self._write_comment(
                reply, thread_id=thread["id"], video_id=video_id, total=None
            )

    def _replies_of(self, pending: list[str], video_id: str) -> None:
        thread_id = pending[0]
        params = {
            "part": "snippet",
            "parentId": thread_id,
            "maxResults": PAGE,
            "textFormat": "plainText",
        }
        try:
            page = self.api.call(
                "comments.list", _with_token(params, self.state.get("replies_page"))
            )
        except SkipItem as skip:
            if self._restarted("replies", skip):
                return
            self.ctx.outcome("thread", thread_id, skip.outcome)
            page = {}
        for reply in page.get("items", []):
            self._write_comment(
                reply, thread_id=thread_id, video_id=video_id, total=None
            )
        self._turn_page("replies", page)
        if self.state.pop("replies_done", False):
            pending.pop(0)
            for key in ("page", "tokens", "restarted"):
                self.state.pop(f"replies_{key}", None)
        self.ctx.checkpoint()

    def _write_comment(
        self,
        comment: dict[str, Any],
        *,
        thread_id: str,
        video_id: str,
        total: int | None,
    ) -> None:
        row = columns.comment_row(
            comment, thread_id=thread_id, video_id=video_id, total_replies=total
        )
        if self.comments.write(comment, row):
            counts: dict[str, int] = self.progress.setdefault("comments_count", {})
            counts[video_id] = counts.get(video_id, 0) + 1
            self.ctx.count("replies" if row["is_reply"] else "threads")
            self.ctx.count("comments")


def _id(resource: dict[str, Any]) -> str:
    return str(resource.get("id"))


def _with_token(params: dict[str, Any], token: str | None) -> dict[str, Any]:
    return {**params, "pageToken": token} if token else params
