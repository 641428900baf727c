"""A generated corpus: the same seed always gives the same videos and comments.

Only video and channel outlines are held in memory. Threads and replies are
built from ``(video id, index)`` when a page asks for them, so a video with
hundreds of thousands of comments costs no memory until it is read, and
little after. The special ids are listed in the package docstring.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from trawl.sandbox.youtube import texts
from trawl.sandbox.youtube.corpus import Generated, Missing, Refused, SearchQuery
from trawl.sandbox.youtube.resources import Resource, etag

SHOWCASE = "trawlShow01"
COMMENTS_DISABLED = "trawlNoCmts"
NO_COMMENTS = "trawlZero00"
HIDDEN_LIKES = "trawlHidLik"
DELETED = "trawlGone00"
PRIVATE = "trawlPriv00"
VOLUME = "trawlVolume"
PLAYLIST = "PLtrawlDemoPlaylist000000000000000"
PRIVATE_PLAYLIST = "PLtrawlPrivatePlaylist000000000000"
SEARCH_QUERY = "trawl demo"
TOPICS = ("chess", "gardening", "astronomy", "cooking", "cycling", "origami")

SHOWCASE_THREADS = 250
SHOWCASE_REPLIES = {0: 7, 1: 150, 2: 5, 3: 100, 4: 101}
VOLUME_REPLIES_PER_THREAD = 3
PLAYLIST_VIDEOS = 150

_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
_THREAD_ID = re.compile(r"^Ugx(?P<video>[A-Za-z0-9_-]{11})(?P<index>\d{8})AaABAg$")
_REPLY_ID = re.compile(r"^(?P<thread>Ugx.{25})\.trawl(?P<index>\d{17})$")


def thread_id(video_id: str, index: int) -> str:
    """Return the id of thread number ``index`` (0 = newest) on a video."""
    return f"Ugx{video_id}{index:08d}AaABAg"


def reply_id(thread: str, index: int) -> str:
    """Return the id of reply number ``index`` (0 = oldest) in a thread."""
    return f"{thread}.trawl{index:017d}"


FEW_REPLIES_THREAD = thread_id(SHOWCASE, 0)
MANY_REPLIES_THREAD = thread_id(SHOWCASE, 1)


@dataclass(frozen=True)
class Channel:
    """Outline of one synthetic channel."""

    id: str
    number: int
    title: str

    @property
    def uploads(self) -> str:
        """Return the id of the channel's uploads playlist."""
        return "UU" + self.id[2:]

    @property
    def handle(self) -> str:
        """Return the channel's ``@handle``."""
        return f"@trawlchannel{self.number}"


@dataclass(frozen=True)
class Video:
    """Outline of one synthetic video; its comments are generated on demand."""

    id: str
    number: int
    channel: Channel
    title: str
    thread_count: int
    replies: Callable[[int], int]
    comment_count: int
    disabled: bool = False
    likes_hidden: bool = False
    duration: str = "PT4M13S"
    published: datetime = field(default=_EPOCH)


_TITLES = (
    "Trawl café: ümlauts, accents and “curly quotes”",
    "قناة trawl بالعربية",
    "Trawl 🎣 fishing for data",
    "Trawl & friends",
)


class SyntheticCorpus:
    """The built-in corpus; see the package docstring for its special ids."""

    def __init__(
        self,
        seed: int = 0,
        *,
        videos: int = 600,
        channels: int = 4,
        volume_comments: int = 0,
    ) -> None:
        self.seed = seed
        self.channel_list = [_channel(seed, n) for n in range(channels)]
        self.regular = [self._regular(n) for n in range(videos)]
        self.special = self._specials(volume_comments)
        self._videos = {v.id: v for v in [*self.special, *self.regular]}
        self._channels = {c.id: c for c in self.channel_list}

    def videos(self, ids: Sequence[str]) -> list[Resource]:
        """Return the known videos among ``ids``, in request order."""
        found = (self._videos.get(video_id) for video_id in ids)
        return [self._video(video) for video in found if video is not None]

    def popular(self) -> Sequence[Resource]:
        """Return every listed video for ``chart=mostPopular``."""
        videos = self.regular
        return Generated(len(videos), lambda i: self._video(videos[i]))

    def threads(self, video_id: str, *, order: str, html: bool) -> Sequence[Resource]:
        """Return a video's threads, newest first or in a stable shuffled order."""
        video = self._commentable(video_id)
        count = video.thread_count
        step = _coprime_step(count) if order == "relevance" else 1
        return Generated(
            count, lambda k: self._thread(video, (k * step) % count, html=html)
        )

    def channel_threads(self, channel_id: str, *, html: bool) -> Sequence[Resource]:
        """Return the threads of the channel's first videos with comments."""
        channel = self._channels.get(channel_id)
        if channel is None:
            raise Missing(channel_id)
        videos = [v for v in self.regular if v.channel is channel and v.thread_count]
        pairs = [(v, i) for v in videos[:5] for i in range(v.thread_count)]
        return Generated(len(pairs), lambda k: self._thread(*pairs[k], html=html))

    def threads_by_id(self, ids: Sequence[str], *, html: bool) -> list[Resource]:
        """Return the known threads among ``ids``."""
        found = (self._thread_address(thread) for thread in ids)
        return [self._thread(*where, html=html) for where in found if where]

    def replies(self, parent_id: str, *, html: bool) -> Sequence[Resource]:
        """Return every reply to a thread, oldest first."""
        where = self._thread_address(parent_id)
        if where is None:
            raise Missing(parent_id)
        video, index = where
        count = video.replies(index)
        return Generated(
            count, lambda j: self._reply(video, index, j, html=html, inline=False)
        )

    def comments(self, ids: Sequence[str], *, html: bool) -> list[Resource]:
        """Return the known top-level comments and replies among ``ids``."""
        return [c for c in (self._comment(i, html=html) for i in ids) if c]

    def playlist_items(self, playlist_id: str) -> Sequence[Resource]:
        """Return the demo playlist, a channel's uploads, or raise."""
        if playlist_id == PRIVATE_PLAYLIST:
            raise Refused(playlist_id)
        if playlist_id == PLAYLIST:
            entries = self._demo_playlist()
        else:
            entries = self._uploads(playlist_id)
        owner = self._owner(playlist_id)
        return [
            _playlist_item(playlist_id, position, entry, owner)
            for position, entry in enumerate(entries)
        ]

    def search(self, query: SearchQuery) -> Sequence[Resource]:
        """Return videos and channels whose text holds every word of ``q``."""
        found: list[Resource] = []
        if "channel" in query.types:
            found += [_channel_result(c) for c in self.channel_list]
        if "video" in query.types:
            found += [_video_result(v) for v in self._listed_videos()]
        found = [r for r in found if query.admits(r)]
        if query.order == "date":
            found.sort(key=lambda r: r["snippet"]["publishedAt"], reverse=True)
        return found

    def channels(self, ids: Sequence[str]) -> list[Resource]:
        """Return the known channels among ``ids``."""
        found = (self._channels.get(channel_id) for channel_id in ids)
        return [self._channel(c) for c in found if c is not None]

    def channel_for_handle(self, handle: str) -> list[Resource]:
        """Return the channel with ``handle``, if any."""
        wanted = "@" + handle.lstrip("@").lower()
        return [self._channel(c) for c in self.channel_list if c.handle == wanted]

    def error_template(self, reason: str) -> dict[str, Any] | None:
        """Return nothing: the synthetic corpus uses the built-in error bodies."""
        return None

    def _regular(self, number: int) -> Video:
        channel = self.channel_list[number % len(self.channel_list)]
        topic = TOPICS[texts.number(self.seed, "topic", number) % len(TOPICS)]
        video_id = _video_id(self.seed, number)
        threads = texts.number(self.seed, "threads", number) % 25

        def replies(i: int) -> int:
            return _small_reply_count(self.seed, video_id, i)

        return Video(
            id=video_id,
            number=number,
            channel=channel,
            title=f'Trawl demo #{number}: {topic} & "more"',
            thread_count=threads,
            replies=replies,
            comment_count=_total(threads, replies),
            likes_hidden=number % 50 == 49,
            published=_EPOCH + timedelta(hours=7 * number),
        )

    def _specials(self, volume_comments: int) -> list[Video]:
        home = self.channel_list[0]
        seed = self.seed

        def showcase_replies(i: int) -> int:
            return SHOWCASE_REPLIES.get(i, _small_reply_count(seed, SHOWCASE, i))

        specials = [
            Video(
                id=SHOWCASE,
                number=-1,
                channel=home,
                title="Trawl special: showcase of awkward comments",
                thread_count=SHOWCASE_THREADS,
                replies=showcase_replies,
                comment_count=_total(SHOWCASE_THREADS, showcase_replies),
                duration="P1DT2H3M4S",
            ),
            Video(
                id=COMMENTS_DISABLED,
                number=-2,
                channel=home,
                title="Trawl special: comments are turned off",
                thread_count=0,
                replies=lambda i: 0,
                comment_count=0,
                disabled=True,
            ),
            Video(
                id=NO_COMMENTS,
                number=-3,
                channel=home,
                title="Trawl special: nobody commented",
                thread_count=0,
                replies=lambda i: 0,
                comment_count=0,
            ),
            Video(
                id=HIDDEN_LIKES,
                number=-4,
                channel=home,
                title="Trawl special: likes are hidden",
                thread_count=3,
                replies=lambda i: 0,
                comment_count=3,
                likes_hidden=True,
            ),
        ]
        if volume_comments > 0:
            specials.append(_volume_video(home, volume_comments))
        return specials

    def _listed_videos(self) -> list[Video]:
        return [*self.special[:4], *self.regular]

    def _commentable(self, video_id: str) -> Video:
        video = self._videos.get(video_id)
        if video is None:
            raise Missing(video_id)
        if video.disabled:
            raise Refused(video_id)
        return video

    def _thread_address(self, thread: str) -> tuple[Video, int] | None:
        match = _THREAD_ID.match(thread)
        if match is None:
            return None
        video = self._videos.get(match["video"])
        index = int(match["index"])
        if video is None or video.disabled or index >= video.thread_count:
            return None
        return video, index

    def _comment(self, comment_id: str, *, html: bool) -> Resource | None:
        where = self._thread_address(comment_id)
        if where is not None:
            return self._top_comment(*where, html=html)
        match = _REPLY_ID.match(comment_id)
        if match is None:
            return None
        where = self._thread_address(match["thread"])
        index = int(match["index"])
        if where is None or index >= where[0].replies(where[1]):
            return None
        return self._reply(*where, index, html=html, inline=False)

    def _video(self, video: Video) -> Resource:
        return {
            "kind": "youtube#video",
            "etag": etag("video", self.seed, video.id),
            "id": video.id,
            "snippet": _video_snippet(video),
            "contentDetails": {
                "duration": video.duration,
                "dimension": "2d",
                "definition": "hd",
                "caption": "false",
                "licensedContent": False,
                "contentRating": {},
                "projection": "rectangular",
            },
            "status": {
                "uploadStatus": "processed",
                "privacyStatus": "public",
                "license": "youtube",
                "embeddable": True,
                "publicStatsViewable": True,
                "madeForKids": False,
            },
            "statistics": _statistics(self.seed, video),
        }

    def _channel(self, channel: Channel) -> Resource:
        videos = [v for v in self._listed_videos() if v.channel is channel]
        return {
            "kind": "youtube#channel",
            "etag": etag("channel", self.seed, channel.id),
            "id": channel.id,
            "snippet": {
                "title": channel.title,
                "description": f"Synthetic channel {channel.number} for trawl tests.",
                "customUrl": channel.handle,
                "publishedAt": _stamp(_EPOCH - timedelta(days=400)),
                "thumbnails": _thumbnails(channel.id),
                "localized": {"title": channel.title, "description": ""},
            },
            "contentDetails": {
                "relatedPlaylists": {"likes": "", "uploads": channel.uploads}
            },
            "statistics": {
                "viewCount": str(1000 * len(videos)),
                "subscriberCount": "1200",
                "hiddenSubscriberCount": False,
                "videoCount": str(len(videos)),
            },
        }

    def _thread(self, video: Video, index: int, *, html: bool) -> Resource:
        replies = video.replies(index)
        thread: Resource = {
            "kind": "youtube#commentThread",
            "etag": etag("thread", self.seed, video.id, index),
            "id": thread_id(video.id, index),
            "snippet": {
                "channelId": video.channel.id,
                "videoId": video.id,
                "topLevelComment": self._top_comment(video, index, html=html),
                "canReply": True,
                "totalReplyCount": replies,
                "isPublic": True,
            },
        }
        if replies:
            inline = [
                self._reply(video, index, j, html=html, inline=True)
                for j in range(min(replies, 5))
            ]
            thread["replies"] = {"comments": inline}
        return thread

    def _top_comment(self, video: Video, index: int, *, html: bool) -> Resource:
        comment_id = thread_id(video.id, index)
        published = _thread_time(video, index)
        text = texts.comment_text(
            self.seed, comment_id, awkward=video.id == SHOWCASE and index < 40
        )
        snippet = _comment_snippet(video, comment_id, text, published, html=html)
        return _comment_resource(self.seed, comment_id, snippet, html=html)

    def _reply(
        self, video: Video, index: int, number: int, *, html: bool, inline: bool
    ) -> Resource:
        parent = thread_id(video.id, index)
        comment_id = reply_id(parent, number)
        published = _thread_time(video, index) + timedelta(seconds=30 * (number + 1))
        text = texts.comment_text(self.seed, comment_id)
        snippet = _comment_snippet(video, comment_id, text, published, html=html)
        snippet["parentId"] = parent
        if not inline:
            # comments.list replies come without channelId/videoId, as recorded.
            del snippet["channelId"], snippet["videoId"]
        return _comment_resource(self.seed, comment_id, snippet, html=html)

    def _demo_playlist(self) -> list[Video | str]:
        entries: list[Video | str] = [
            *self.special[:4],
            *self.regular[:PLAYLIST_VIDEOS],
        ]
        entries.insert(3, DELETED)
        entries.insert(7, PRIVATE)
        return entries

    def _owner(self, playlist_id: str) -> Channel:
        found = [c for c in self.channel_list if c.uploads == playlist_id]
        return found[0] if found else self.channel_list[0]

    def _uploads(self, playlist_id: str) -> list[Video | str]:
        for channel in self.channel_list:
            if channel.uploads == playlist_id:
                videos = [v for v in self._listed_videos() if v.channel is channel]
                videos.sort(key=lambda v: v.published, reverse=True)
                return list[Video | str](videos)
        raise Missing(playlist_id)


def synthetic_corpus(
    seed: int = 0, *, videos: int = 600, channels: int = 4, volume_comments: int = 0
) -> SyntheticCorpus:
    """Return the generated corpus for ``seed``.

    ``volume_comments`` adds the video ``trawlVolume`` with exactly that many
    comments including replies (threads of one comment and three replies).
    """
    return SyntheticCorpus(
        seed, videos=videos, channels=channels, volume_comments=volume_comments
    )


def _channel(seed: int, number: int) -> Channel:
    title = _TITLES[number % len(_TITLES)]
    return Channel(id=f"UCtrawlChannel{number:010d}", number=number, title=title)


def _video_id(seed: int, number: int) -> str:
    raw = texts.number(seed, "video", number).to_bytes(8, "big") + bytes([number % 256])
    return base64.urlsafe_b64encode(raw).decode()[:11]


def _volume_video(channel: Channel, total: int) -> Video:
    per_thread = 1 + VOLUME_REPLIES_PER_THREAD
    threads = math.ceil(total / per_thread)
    last = total - per_thread * (threads - 1) - 1

    def replies(i: int) -> int:
        return last if i == threads - 1 else VOLUME_REPLIES_PER_THREAD

    return Video(
        id=VOLUME,
        number=-5,
        channel=channel,
        title=f"Trawl special: {total} comments",
        thread_count=threads,
        replies=replies,
        comment_count=total,
    )


def _total(threads: int, replies: Callable[[int], int]) -> int:
    return sum(1 + replies(i) for i in range(threads))


def _small_reply_count(seed: int, video_id: str, index: int) -> int:
    value = texts.number(seed, "replies", video_id, index) % 20
    return (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 4, 6, 8)[value]


def _coprime_step(count: int) -> int:
    for step in (7919, 7927, 7933, 7937, 7949):
        if math.gcd(step, count) == 1:
            return step
    return 1


def _thread_time(video: Video, index: int) -> datetime:
    return video.published + timedelta(minutes=13 * (video.thread_count - index))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _thumbnails(name: str) -> dict[str, Any]:
    sizes = {"default": (120, 90), "medium": (320, 180), "high": (480, 360)}
    return {
        size: {
            "url": f"https://i.ytimg.com/vi/{name}/{size}.jpg",
            "width": w,
            "height": h,
        }
        for size, (w, h) in sizes.items()
    }


def _video_snippet(video: Video) -> dict[str, Any]:
    description = f"Synthetic video {video.number}.\nLine two, with a comma."
    return {
        "publishedAt": _stamp(video.published),
        "channelId": video.channel.id,
        "title": video.title,
        "description": description,
        "thumbnails": _thumbnails(video.id),
        "channelTitle": video.channel.title,
        "tags": ["trawl", "synthetic"],
        "categoryId": "22",
        "liveBroadcastContent": "none",
        "localized": {"title": video.title, "description": description},
    }


def _statistics(seed: int, video: Video) -> dict[str, str]:
    views = texts.number(seed, "views", video.id) % 1_000_000
    stats = {
        "viewCount": str(views),
        "likeCount": str(views // 20),
        "favoriteCount": "0",
        "commentCount": str(video.comment_count),
    }
    if video.likes_hidden:
        del stats["likeCount"]
    if video.disabled:
        del stats["commentCount"]
    return stats


def _comment_snippet(
    video: Video, comment_id: str, text: str, published: datetime, *, html: bool
) -> dict[str, Any]:
    writer = texts.author(comment_id)
    snippet: dict[str, Any] = {
        "channelId": video.channel.id,
        "videoId": video.id,
        "textDisplay": texts.html_display(text) if html else text,
        "textOriginal": text,
        "authorDisplayName": writer.handle,
        "authorProfileImageUrl": f"https://yt3.ggpht.com/trawl/{writer.handle[1:]}",
        "authorChannelUrl": f"http://www.youtube.com/{writer.handle}",
    }
    if writer.channel_id is not None:
        snippet["authorChannelId"] = {"value": writer.channel_id}
    return snippet | {
        "canRate": True,
        "viewerRating": "none",
        "likeCount": texts.number("likes", comment_id) % 300,
        "publishedAt": _stamp(published),
        "updatedAt": _stamp(published),
    }


def _comment_resource(
    seed: int, comment_id: str, snippet: dict[str, Any], *, html: bool
) -> Resource:
    return {
        "kind": "youtube#comment",
        "etag": etag("comment", seed, comment_id, html),
        "id": comment_id,
        "snippet": snippet,
    }


def _playlist_item(
    playlist_id: str, position: int, entry: Video | str, owner: Channel
) -> Resource:
    video_id = entry if isinstance(entry, str) else entry.id
    item_id = base64.b64encode(f"{playlist_id}.{video_id}".encode()).decode()
    snippet: dict[str, Any] = {
        "publishedAt": _stamp(_EPOCH + timedelta(days=position)),
        "channelId": owner.id,
        "title": "",
        "description": "",
        "thumbnails": {},
        "channelTitle": owner.title,
        "playlistId": playlist_id,
        "position": position,
        "resourceId": {"kind": "youtube#video", "videoId": video_id},
    }
    details: dict[str, Any] = {"videoId": video_id}
    if isinstance(entry, str):
        gone = entry == DELETED
        snippet["title"] = "Deleted video" if gone else "Private video"
        snippet["description"] = (
            "This video is unavailable." if gone else "This video is private."
        )
        privacy = "privacyStatusUnspecified" if gone else "private"
    else:
        snippet |= {
            "title": entry.title,
            "description": _video_snippet(entry)["description"],
            "thumbnails": _thumbnails(entry.id),
            "videoOwnerChannelTitle": entry.channel.title,
            "videoOwnerChannelId": entry.channel.id,
        }
        details["videoPublishedAt"] = _stamp(entry.published)
        privacy = "public"
    return {
        "kind": "youtube#playlistItem",
        "etag": etag("playlistItem", playlist_id, position, video_id),
        "id": item_id,
        "snippet": snippet,
        "contentDetails": details,
        "status": {"privacyStatus": privacy},
    }


def _video_result(video: Video) -> Resource:
    return {
        "kind": "youtube#searchResult",
        "etag": etag("search", video.id),
        "id": {"kind": "youtube#video", "videoId": video.id},
        "snippet": _result_snippet(
            video.channel, video.title, video.published, video.id
        ),
    }


def _channel_result(channel: Channel) -> Resource:
    published = _EPOCH - timedelta(days=400)
    return {
        "kind": "youtube#searchResult",
        "etag": etag("search", channel.id),
        "id": {"kind": "youtube#channel", "channelId": channel.id},
        "snippet": _result_snippet(channel, channel.title, published, channel.id),
    }


def _result_snippet(
    channel: Channel, title: str, published: datetime, name: str
) -> dict[str, Any]:
    # search.list titles arrive HTML-escaped, unlike videos.list titles.
    return {
        "publishedAt": _stamp(published),
        "channelId": channel.id,
        "title": texts.html_display(title),
        "description": f"Synthetic {name} for trawl tests.",
        "thumbnails": _thumbnails(name),
        "channelTitle": channel.title,
        "liveBroadcastContent": "none",
        "publishTime": _stamp(published),
    }
