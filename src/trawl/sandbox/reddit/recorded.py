"""Load vcrpy cassettes recorded against Reddit into a servable corpus.

Every 2xx JSON body from the API host is read. Posts and comments are kept
by id, the most complete copy winning (the one with the most fields); their
fields are served unchanged except ``replies`` and ``depth``, which depend on
where a comment is shown. Listings, user listings and searches keep their
recorded order ("pinned"). Comment trees are rebuilt from ``parent_id``
across ``/comments`` pages, focal-comment pages, morechildren answers and
``/api/info``. Ids that a recorded ``more`` stub names but no response holds
are never served: they stay in stubs, and morechildren leaves them out.
"Continue this thread" stubs whose thread was never fetched are dropped.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from trawl.sandbox.reddit.corpus import (
    CommentTree,
    Corpus,
    Redditor,
    Subreddit,
    SubredditState,
)
from trawl.sandbox.reddit.credentials import builtin_accounts, builtin_apps
from trawl.sandbox.reddit.storedtree import StoredTree
from trawl.sandbox.reddit.things import JSON, to_base36

logger = logging.getLogger(__name__)

LISTING_SORTS = {"hot", "best", "new", "top", "controversial", "rising"}
USER_WHERE = {"submitted", "comments", "overview"}


@dataclass(frozen=True)
class RecordedIds:
    """What a recorded corpus makes reachable, for tests to enumerate.

    ``listings`` maps a pinned key (``r/{sub}/{sort}``, ``r/{sub}/comments``,
    ``user/{name}/{where}/{sort}``, ``search/{sub}/{query}``) to fullnames in
    recorded order. ``comments`` maps a post id36 to the comment id36s a
    client can reach from the post (comments seen only in user listings, whose
    parents were never recorded, are reachable through ``/api/info`` and those
    listings only); ``never_served`` to the ids only stubs name.
    """

    listings: dict[str, list[str]]
    posts: list[str]
    comments: dict[str, list[str]]
    never_served: dict[str, list[str]]
    denied: dict[str, int]
    largest_tree: str | None


@dataclass
class _Collected:
    posts: dict[str, JSON] = field(default_factory=dict)
    comments: dict[str, JSON] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    stubs: list[tuple[str, list[str]]] = field(default_factory=list)
    pinned: dict[str, list[str]] = field(default_factory=dict)
    denials: dict[str, tuple[int, JSON]] = field(default_factory=dict)
    subreddit_ids: dict[str, str] = field(default_factory=dict)


def load_corpus(directory: Path) -> Corpus:
    """Return a corpus serving every Reddit cassette (``*.json``) in ``directory``."""
    responses = sorted(_responses(directory), key=lambda item: _RANK.get(item[0], 9))
    collected = _Collected()
    for kind, path, query, status, body in responses:
        _absorb(collected, kind, path, query, status, body)
    return _corpus(collected)


def _responses(
    directory: Path,
) -> Iterator[tuple[str, list[str], dict[str, str], int, Any]]:
    for cassette in sorted(directory.glob("*.json")):
        recording = json.loads(cassette.read_text(encoding="utf-8"))
        for interaction in recording.get("interactions", []):
            parsed = _parse(interaction)
            if parsed is not None:
                yield parsed


def _parse(interaction: JSON) -> tuple[str, list[str], dict[str, str], int, Any] | None:
    url = urlsplit(interaction["request"]["uri"])
    response = interaction["response"]
    text = (response.get("body") or {}).get("string") or ""
    if not url.netloc.startswith("oauth.") or not text.startswith(("{", "[")):
        return None
    path = [part for part in url.path.removesuffix(".json").split("/") if part]
    query = {key: values[-1] for key, values in parse_qs(url.query).items()}
    return _kind(path), path, query, int(response["status"]["code"]), json.loads(text)


def _kind(path: list[str]) -> str:
    if path[:1] == ["comments"] or (
        len(path) > 2 and path[2] == "comments" and len(path) > 3
    ):
        return "comments"
    if path[:2] == ["api", "morechildren"]:
        return "morechildren"
    if path[:2] == ["api", "info"]:
        return "info"
    return "listing"


# Whole /comments pages first, so recorded order is the order Reddit ranked.
_RANK = {"comments": 0, "morechildren": 1, "info": 2, "listing": 3}


def _absorb(
    collected: _Collected,
    kind: str,
    path: list[str],
    query: dict[str, str],
    status: int,
    body: Any,
) -> None:
    if status >= 400:
        _absorb_denial(collected, path, status, body)
    elif kind == "comments":
        _absorb_comment_page(collected, body)
    elif kind == "morechildren":
        things = body.get("json", {}).get("data", {}).get("things", [])
        _absorb_flat(collected, things)
    elif isinstance(body, dict) and body.get("kind") == "Listing":
        names = _absorb_flat(collected, body["data"]["children"])
        key = _pinned_key(path, query)
        if key and kind == "listing":
            merged = collected.pinned.setdefault(key, [])
            merged += [name for name in names if name not in merged]


def _absorb_denial(
    collected: _Collected, path: list[str], status: int, body: Any
) -> None:
    tail = path[2] if len(path) > 2 else "hot"
    about_sub = (
        path[:1] == ["r"] and len(path) <= 3 and tail in {*LISTING_SORTS, "about"}
    )
    if about_sub and isinstance(body, dict) and "reason" in body:
        collected.denials[path[1].lower()] = (status, body)


def _absorb_comment_page(collected: _Collected, body: list[JSON]) -> None:
    _absorb_flat(collected, body[0]["data"]["children"])
    _absorb_nested(collected, body[1]["data"]["children"])


def _absorb_nested(collected: _Collected, children: list[JSON]) -> None:
    for child in children:
        _absorb_flat(collected, [child])
        replies = child["data"].get("replies") if child["kind"] == "t1" else None
        if replies:
            _absorb_nested(collected, replies["data"]["children"])


def _absorb_flat(collected: _Collected, children: list[JSON]) -> list[str]:
    names = []
    for child in children:
        data = child["data"]
        if child["kind"] == "t3":
            _keep(collected.posts, data)
        elif child["kind"] == "t1":
            if data["id"] not in collected.comments:
                collected.order.append(data["id"])
            _keep(collected.comments, data)
        elif child["kind"] == "more" and data.get("children"):
            collected.stubs.append((data["parent_id"], list(data["children"])))
        if "subreddit_id" in data:
            collected.subreddit_ids[data["subreddit"].lower()] = data["subreddit_id"]
        names += [data["name"]] if child["kind"] in ("t1", "t3") else []
    return names


def _keep(store: dict[str, JSON], data: JSON) -> None:
    copy = {key: value for key, value in data.items() if key != "replies"}
    if "replies" in data:
        copy["replies"] = ""
    held = store.get(data["id"])
    if held is None or len(copy) > len(held):
        store[data["id"]] = copy


def _pinned_key(path: list[str], query: dict[str, str]) -> str | None:
    if path[:1] == ["r"] and len(path) >= 2:
        return _subreddit_key(path, query)
    if path[:1] == ["user"] and len(path) >= 2:
        where = path[2] if len(path) > 2 and path[2] in USER_WHERE else "overview"
        return f"user/{path[1].lower()}/{where}/{query.get('sort', 'new')}"
    if path[:1] == ["search"]:
        return f"search/all/{_normal_query(query)}"
    return None


def _subreddit_key(path: list[str], query: dict[str, str]) -> str | None:
    sub = path[1].lower()
    tail = path[2] if len(path) > 2 else "hot"
    if tail == "search":
        restricted = query.get("restrict_sr", "").lower() in ("1", "true", "on")
        scope = sub if restricted else "all"
        return f"search/{scope}/{_normal_query(query)}"
    if tail == "comments" and len(path) == 3:
        return f"r/{sub}/comments"
    if tail in LISTING_SORTS:
        return f"r/{sub}/{'hot' if tail == 'best' else tail}"
    return None


def _normal_query(query: dict[str, str]) -> str:
    return " ".join(query.get("q", "").casefold().split())


def _corpus(collected: _Collected) -> Corpus:
    trees, loose = _trees(collected)
    corpus = Corpus(
        subreddits=_subreddits(collected),
        users=_users(collected),
        posts=collected.posts,
        apps=builtin_apps(),
        accounts=builtin_accounts(),
        pinned=_ordered_pins(collected),
        user_comments=_user_comments(collected),
        loose_comments=loose,
        tree_factories={post_id: _holder(tree) for post_id, tree in trees.items()},
    )
    for post_id, tree in trees.items():
        for id36 in tree.ids():
            corpus.index.add(id36, post_id)
    corpus.recorded = _recorded_ids(collected, trees)
    logger.info(
        "loaded recorded corpus",
        extra={"posts": len(collected.posts), "comments": len(collected.comments)},
    )
    return corpus


def _trees(collected: _Collected) -> tuple[dict[str, StoredTree], dict[str, JSON]]:
    by_post: dict[str, list[JSON]] = {}
    loose: dict[str, JSON] = {}
    for id36 in collected.order:
        data = collected.comments[id36]
        post_id = data["link_id"].partition("_")[2]
        if post_id in collected.posts:
            by_post.setdefault(post_id, []).append(data)
        else:
            loose[id36] = data
    trees = {}
    for post_id in collected.posts:
        stubs = _stubs_of(collected, post_id)
        comments = by_post.get(post_id, [])
        if comments or stubs:
            trees[post_id] = StoredTree.build(post_id, comments=comments, stubs=stubs)
    return trees, loose


def _stubs_of(collected: _Collected, post_id: str) -> list[tuple[str, list[str]]]:
    """Return the recorded stubs under ``post_id``, found through their parent."""
    return [
        (parent, ids)
        for parent, ids in collected.stubs
        if _post_of_parent(collected, parent) == post_id
    ]


def _post_of_parent(collected: _Collected, parent: str) -> str | None:
    kind, _, id36 = parent.partition("_")
    if kind == "t3":
        return id36
    link_id = str(collected.comments.get(id36, {}).get("link_id", ""))
    return link_id.partition("_")[2] or None


def _holder(tree: StoredTree) -> Any:
    def build() -> CommentTree:
        return tree

    return build


def _ordered_pins(collected: _Collected) -> dict[str, list[str]]:
    pins = dict(collected.pinned)
    for key, names in pins.items():
        if key.endswith("/comments") and key.startswith("r/"):
            # Polled comment streams were merged; show them newest first again.
            pins[key] = sorted(names, key=lambda name: -_created(collected, name))
    return pins


def _created(collected: _Collected, fullname: str) -> float:
    data = collected.comments.get(fullname.partition("_")[2], {})
    return float(data.get("created_utc", 0.0))


def _user_comments(collected: _Collected) -> dict[str, list[str]]:
    mine: dict[str, list[str]] = {}
    for id36 in collected.order:
        author = collected.comments[id36].get("author", "[deleted]")
        if author != "[deleted]":
            mine.setdefault(author.lower(), []).append(id36)
    return mine


def _subreddits(collected: _Collected) -> dict[str, Subreddit]:
    subreddits: dict[str, Subreddit] = {}
    for data in [*collected.posts.values(), *collected.comments.values()]:
        name = data["subreddit"]
        fallback = f"t5_{to_base36(zlib.crc32(name.lower().encode()))}"
        id36 = collected.subreddit_ids.get(name.lower(), fallback).partition("_")[2]
        subreddits.setdefault(name.lower(), Subreddit(name, id36))
    for name, (status, body) in collected.denials.items():
        state = _denied_state(status, body)
        id36 = to_base36(zlib.crc32(name.encode()))
        subreddits[name] = Subreddit(name, id36, state, denial=body)
    return subreddits


def _denied_state(status: int, body: JSON) -> SubredditState:
    reason = body.get("reason")
    if reason == "quarantined":
        return SubredditState.QUARANTINED
    if status == 404 or reason == "banned":
        return SubredditState.BANNED
    return SubredditState.PRIVATE


def _users(collected: _Collected) -> dict[str, Redditor]:
    users: dict[str, Redditor] = {}
    for data in [*collected.posts.values(), *collected.comments.values()]:
        fullname = data.get("author_fullname")
        if fullname and data.get("author") not in (None, "[deleted]"):
            name = data["author"]
            users.setdefault(name.lower(), Redditor(name, fullname.partition("_")[2]))
    for key in collected.pinned:
        if key.startswith("user/"):
            name = key.split("/")[1]
            users.setdefault(name, Redditor(name, to_base36(zlib.crc32(name.encode()))))
    return users


def _recorded_ids(collected: _Collected, trees: dict[str, StoredTree]) -> RecordedIds:
    reachable = {post_id: tree.reachable() for post_id, tree in trees.items()}
    comments = {post_id: ids for post_id, ids in reachable.items() if ids}
    never = {post_id: tree.unresolvable() for post_id, tree in trees.items()}
    largest = max(comments, key=lambda post_id: len(comments[post_id]), default=None)
    return RecordedIds(
        listings=_ordered_pins(collected),
        posts=sorted(collected.posts),
        comments=comments,
        never_served={post_id: ids for post_id, ids in never.items() if ids},
        denied={name: status for name, (status, _) in collected.denials.items()},
        largest_tree=largest,
    )
