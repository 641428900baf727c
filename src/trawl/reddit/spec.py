"""What a Reddit job asks for, validated at submission.

Targets, exactly one of: ``post``; ``user``; ``keyword`` (site-wide, or within
``subreddit``); ``subreddit``. Reddit honours ``timeframe`` only for top,
controversial and search; for hot, new and rising trawl filters posts by
``created_utc`` instead (and stops paging ``new`` once past the window).
``n`` counts posts (for a user job's ``getcomments``, the user's own comments
too); ``getcomments`` on other targets means each post's full comment tree.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from trawl.errors import InvalidInput
from trawl.values import describe, to_bool, to_choice, to_int, to_text

SUBREDDIT_SORTS = {s: s for s in ("hot", "new", "top", "controversial", "rising")}
SUBREDDIT_SORTS["best"] = "hot"
USER_SORTS = {s: s for s in ("hot", "new", "top", "controversial")}
SEARCH_SORTS = {s: s for s in ("relevance", "hot", "top", "new", "comments")}
COMMENT_SORTS = {
    s: s for s in ("confidence", "top", "new", "controversial", "old", "qa")
}
COMMENT_SORTS["best"] = "confidence"
TIMEFRAMES = {t: t for t in ("hour", "day", "week", "month", "year", "all")}
SUBREDDIT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")
USER = re.compile(r"^[A-Za-z0-9_-]{3,20}$")
POST_ID = re.compile(r"^[a-z0-9]{1,13}$")
MAX_POSTS = 100_000
REDDIT_HOSTS = ("reddit.com", "redd.it")


def parse_spec(raw: dict[str, Any]) -> dict[str, Any]:
    """Validate a Reddit job detail and return the stored spec."""
    submitted = raw.get("job_submit")
    source: dict[str, Any] = submitted if isinstance(submitted, dict) else raw
    given = {k: v for k, v in source.items() if v not in (None, "")}
    target = _target(given)
    spec: dict[str, Any] = {"target": target}
    if "subreddit" in given:
        spec["subreddit"] = subreddit_names(given["subreddit"])
    if "user" in given:
        spec["user"] = user_name(given["user"])
    if "post" in given:
        spec["post"] = post_id(given["post"])
    if "keyword" in given:
        spec["keyword"] = to_text("keyword", given["keyword"], max_length=512)
    spec["sortBy"] = _sort(target, given.get("sortBy"))
    spec["timeframe"] = to_choice(
        "timeframe", given.get("timeframe", "all"), TIMEFRAMES
    )
    spec["n"] = to_int("n", given.get("n", 100), minimum=1, maximum=MAX_POSTS)
    spec["getposts"] = to_bool("getposts", given.get("getposts", True))
    default_comments = target == "post"
    spec["getcomments"] = to_bool(
        "getcomments", given.get("getcomments", default_comments)
    )
    if not spec["getposts"] and not spec["getcomments"]:
        raise InvalidInput("getposts", "getposts and getcomments are both false")
    return spec


def _target(given: dict[str, Any]) -> str:
    present = [key for key in ("post", "user", "keyword", "subreddit") if key in given]
    if not present:
        raise InvalidInput(
            "subreddit", "a job needs one target: subreddit, user, post or keyword"
        )
    if "post" in present and len(present) > 1:
        others = ", ".join(k for k in present if k != "post")
        raise InvalidInput("post", f"a post job cannot also name {others}")
    if "user" in present and len(present) > 1:
        others = ", ".join(k for k in present if k != "user")
        raise InvalidInput("user", f"a user job cannot also name {others}")
    return present[0]


def _sort(target: str, value: Any) -> str:
    table, default = {
        "subreddit": (SUBREDDIT_SORTS, "hot"),
        "user": (USER_SORTS, "new"),
        "keyword": (SEARCH_SORTS, "relevance"),
        "post": (COMMENT_SORTS, "confidence"),
    }[target]
    return to_choice("sortBy", default if value is None else value, table)


def subreddit_names(value: Any) -> str:
    """Return ``a+b`` from names given as ``r/a``, ``/r/a+b`` or a URL."""
    text = to_text("subreddit", value, max_length=2000)
    if "reddit.com" in text:
        segments = [s for s in urlsplit(_with_scheme(text)).path.split("/") if s]
        text = segments[1] if len(segments) > 1 and segments[0] == "r" else ""
    text = re.sub(r"^/?r/", "", text).strip("/")
    names = [name.strip() for name in text.split("+") if name.strip()]
    bad = [name for name in names if not SUBREDDIT.match(name)]
    if not names or bad:
        raise InvalidInput(
            "subreddit",
            "must be subreddit names (letters, digits and _, 2 to 21 characters) "
            "joined with +; got " + describe(text),
        )
    return "+".join(names)


def user_name(value: Any) -> str:
    """Return a username from ``name``, ``u/name``, ``/user/name`` or a URL."""
    text = to_text("user", value, max_length=300)
    if "reddit.com" in text:
        segments = [s for s in urlsplit(_with_scheme(text)).path.split("/") if s]
        text = segments[1] if len(segments) > 1 else ""
    text = re.sub(r"^/?(u|user)/", "", text).strip("/")
    if not USER.match(text):
        raise InvalidInput(
            "user", "must be a Reddit username (3 to 20 letters, digits, - or _)"
        )
    return text


def post_id(value: Any) -> str:
    """Return a post's base-36 id from an id, a ``t3_`` fullname or any post URL."""
    text = to_text("post", value, max_length=2000)
    if "/" in text:
        text = _post_id_from_url(text)
    text = text.removeprefix("t3_").lower()
    if not POST_ID.match(text):
        raise InvalidInput(
            "post", "must be a post id, a t3_ fullname or a reddit.com/redd.it URL"
        )
    return text


def _post_id_from_url(text: str) -> str:
    parts = urlsplit(_with_scheme(text))
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if host not in REDDIT_HOSTS and not host.endswith(".reddit.com"):
        return ""
    if host == "redd.it" and segments:
        return segments[0]
    if "comments" in segments and segments.index("comments") + 1 < len(segments):
        return segments[segments.index("comments") + 1]
    return ""


def _with_scheme(text: str) -> str:
    return text if "://" in text else f"https://{text.lstrip('/')}"


EMITTED = (
    "sortBy",
    "timeframe",
    "n",
    "subreddit",
    "user",
    "post",
    "keyword",
    "getposts",
    "getcomments",
)
