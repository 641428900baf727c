"""Flat CSV columns for YouTube videos and comments (documented in the README)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

VIDEO_COLUMNS = (
    "video_id",
    "channel_id",
    "channel_title",
    "title",
    "description",
    "published_at",
    "duration",
    "duration_seconds",
    "view_count",
    "like_count",
    "comment_count",
    "tags",
    "category_id",
    "default_language",
    "default_audio_language",
    "live_broadcast_content",
    "privacy_status",
    "made_for_kids",
    "license",
    "caption",
    "definition",
    "topic_categories",
)
THREAD_COLUMNS = (
    "thread_id",
    "video_id",
    "channel_id",
    "top_level_comment_id",
    "total_reply_count",
    "can_reply",
    "is_public",
)
COMMENT_COLUMNS = (
    "comment_id",
    "thread_id",
    "parent_id",
    "video_id",
    "is_reply",
    "author_display_name",
    "author_channel_id",
    "text_original",
    "text_display",
    "like_count",
    "published_at",
    "updated_at",
    "total_reply_count",
)


def utc(text: str | None) -> str | None:
    """Normalise a YouTube timestamp to ``YYYY-MM-DDTHH:MM:SSZ`` in UTC."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def duration_seconds(text: str | None) -> int | None:
    """Convert an ISO 8601 duration such as ``P1DT2H3M4S`` to seconds."""
    if not text or not text.startswith("P"):
        return None
    total, number = 0, ""
    units = {"D": 86400, "H": 3600, "M": 60, "S": 1, "W": 604800}
    in_time = False
    for char in text[1:]:
        if char == "T":
            in_time = True
        elif char.isdigit() or char == ".":
            number += char
        elif char in units and number:
            scale = units[char] if (in_time or char in "DW") else 0
            total += int(float(number) * scale)
            number = ""
        else:
            return None
    return total


def _count(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def video_row(video: dict[str, Any]) -> dict[str, Any]:
    """Flatten a ``youtube#video`` resource."""
    snippet = video.get("snippet", {})
    details = video.get("contentDetails", {})
    stats = video.get("statistics", {})
    status = video.get("status", {})
    return {
        "video_id": video.get("id"),
        "channel_id": snippet.get("channelId"),
        "channel_title": snippet.get("channelTitle"),
        "title": snippet.get("title"),
        "description": snippet.get("description"),
        "published_at": utc(snippet.get("publishedAt")),
        "duration": details.get("duration"),
        "duration_seconds": duration_seconds(details.get("duration")),
        "view_count": _count(stats.get("viewCount")),
        "like_count": _count(stats.get("likeCount")),
        "comment_count": _count(stats.get("commentCount")),
        "tags": snippet.get("tags"),
        "category_id": snippet.get("categoryId"),
        "default_language": snippet.get("defaultLanguage"),
        "default_audio_language": snippet.get("defaultAudioLanguage"),
        "live_broadcast_content": snippet.get("liveBroadcastContent"),
        "privacy_status": status.get("privacyStatus"),
        "made_for_kids": status.get("madeForKids"),
        "license": status.get("license"),
        "caption": details.get("caption"),
        "definition": details.get("definition"),
        "topic_categories": video.get("topicDetails", {}).get("topicCategories"),
    }


def comment_row(
    comment: dict[str, Any], *, thread_id: str, video_id: str, total_replies: int | None
) -> dict[str, Any]:
    """Flatten a ``youtube#comment`` resource, top-level or reply."""
    snippet = comment.get("snippet", {})
    parent = snippet.get("parentId")
    return {
        "comment_id": comment.get("id"),
        "thread_id": thread_id,
        "parent_id": parent,
        "video_id": snippet.get("videoId") or video_id,
        "is_reply": parent is not None,
        "author_display_name": snippet.get("authorDisplayName"),
        "author_channel_id": (snippet.get("authorChannelId") or {}).get("value"),
        "text_original": snippet.get("textOriginal"),
        "text_display": snippet.get("textDisplay"),
        "like_count": snippet.get("likeCount"),
        "published_at": utc(snippet.get("publishedAt")),
        "updated_at": utc(snippet.get("updatedAt")),
        "total_reply_count": total_replies,
    }


def thread_row(thread: dict[str, Any], *, video_id: str) -> dict[str, Any]:
    """Flatten a ``youtube#commentThread`` resource."""
    snippet = thread.get("snippet", {})
    return {
        "thread_id": thread.get("id"),
        "video_id": snippet.get("videoId") or video_id,
        "channel_id": snippet.get("channelId"),
        "top_level_comment_id": snippet.get("topLevelComment", {}).get("id"),
        "total_reply_count": snippet.get("totalReplyCount"),
        "can_reply": snippet.get("canReply"),
        "is_public": snippet.get("isPublic"),
    }
