"""Flat CSV columns for Reddit posts, comments and comment trees.

``posts.jsonl`` and ``comments.jsonl`` hold the ``data`` object of each Thing
exactly as Reddit sent it (``raw_json=1``, so no HTML entities), one per line,
with two changes to comments: ``replies`` is always ``""`` (every reply is a
line of its own; rebuild trees from ``parent_id``) and ``depth`` is the depth
below the post (Reddit restarts at 0 on "continue this thread" pages; comments
from a user's comment listing have no depth). The kind is implied by the file
(posts are t3, comments t1).

posts.csv
    id, fullname (t3_id), subreddit, author (``[deleted]`` kept), author_fullname,
    created_utc (ISO 8601 UTC), edited (ISO UTC or empty), title, selftext
    (``[removed]``/``[deleted]`` kept), url, domain, permalink (absolute),
    score, upvote_ratio, num_comments (Reddit's announced count), flair
    (link_flair_text), author_flair, is_self, over_18, spoiler, stickied,
    locked, distinguished, removed_by_category, num_crossposts,
    crosspost_parent

comments.csv
    id, fullname (t1_id), post_id (base-36 id of the post), parent_id
    (fullname: t3_ for top level, t1_ for replies), depth (0 = top level),
    author, author_fullname, created_utc (ISO UTC), edited, body, score,
    controversiality, is_submitter, stickied, distinguished, collapsed,
    author_flair, subreddit, permalink (absolute), link_title (user listings)

trees.csv (one row per post whose comment tree was asked for)
    post_id, num_comments (announced), collected (comments written for it),
    unresolved (ids Reddit named in "more" stubs but never returned),
    outcome (complete, partial, or why the tree could not be read)
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

SITE = "https://www.reddit.com"
POST_COLUMNS = (
    "id",
    "fullname",
    "subreddit",
    "author",
    "author_fullname",
    "created_utc",
    "edited",
    "title",
    "selftext",
    "url",
    "domain",
    "permalink",
    "score",
    "upvote_ratio",
    "num_comments",
    "flair",
    "author_flair",
    "is_self",
    "over_18",
    "spoiler",
    "stickied",
    "locked",
    "distinguished",
    "removed_by_category",
    "num_crossposts",
    "crosspost_parent",
)
COMMENT_COLUMNS = (
    "id",
    "fullname",
    "post_id",
    "parent_id",
    "depth",
    "author",
    "author_fullname",
    "created_utc",
    "edited",
    "body",
    "score",
    "controversiality",
    "is_submitter",
    "stickied",
    "distinguished",
    "collapsed",
    "author_flair",
    "subreddit",
    "permalink",
    "link_title",
)
TREE_COLUMNS = ("post_id", "num_comments", "collected", "unresolved", "outcome")
COPIED = (
    "subreddit",
    "author",
    "author_fullname",
    "title",
    "selftext",
    "url",
    "domain",
    "score",
    "upvote_ratio",
    "num_comments",
    "is_self",
    "over_18",
    "spoiler",
    "stickied",
    "locked",
    "distinguished",
    "removed_by_category",
    "num_crossposts",
    "crosspost_parent",
    "body",
    "controversiality",
    "is_submitter",
    "collapsed",
    "link_title",
    "parent_id",
    "depth",
)


def post_row(post: dict[str, Any]) -> dict[str, Any]:
    """Flatten a t3's data into the posts.csv columns."""
    return {
        **_common(post, "t3"),
        "flair": post.get("link_flair_text"),
    }


def comment_row(comment: dict[str, Any]) -> dict[str, Any]:
    """Flatten a t1's data into the comments.csv columns."""
    return {
        **_common(comment, "t1"),
        "post_id": str(comment.get("link_id") or "").removeprefix("t3_") or None,
    }


def utc(epoch: Any) -> str | None:
    """Render Reddit's epoch seconds as ``YYYY-MM-DDTHH:MM:SSZ``; None stays None."""
    if isinstance(epoch, bool) or not isinstance(epoch, int | float):
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _common(data: dict[str, Any], kind: str) -> dict[str, Any]:
    row = {name: data.get(name) for name in COPIED}
    permalink = str(data.get("permalink") or "")
    return {
        **row,
        "id": data.get("id"),
        "fullname": data.get("name") or f"{kind}_{data.get('id')}",
        "created_utc": utc(data.get("created_utc")),
        "edited": utc(data.get("edited")),
        "author_flair": data.get("author_flair_text"),
        "permalink": SITE + permalink if permalink.startswith("/") else None,
    }
