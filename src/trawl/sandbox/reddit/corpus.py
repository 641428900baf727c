"""The content a sandbox serves: subreddits, users, posts and comment trees.

Posts are Reddit t3 ``data`` objects kept as they will be served. Comment
trees sit behind the ``CommentTree`` protocol so that a recorded tree (held
in memory) and a generated one (built on first use, comments made on demand)
are served by the same code.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from trawl.sandbox.reddit.credentials import Account, App
from trawl.sandbox.reddit.things import JSON, to_base36

if TYPE_CHECKING:
    from trawl.sandbox.reddit.recorded import RecordedIds


class SubredditState(StrEnum):
    """Whether a subreddit's content may be read."""

    PUBLIC = "public"
    PRIVATE = "private"
    QUARANTINED = "quarantined"
    BANNED = "banned"


class UserState(StrEnum):
    """Whether an account's profile may be read."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    DELETED = "deleted"


@dataclass
class Subreddit:
    """A subreddit; ``denial`` is a recorded error body to serve verbatim."""

    name: str
    id36: str
    state: SubredditState = SubredditState.PUBLIC
    created_utc: float = 1_200_000_000.0
    subscribers: int = 1000
    denial: JSON | None = None

    @property
    def fullname(self) -> str:
        """Return the t5 fullname."""
        return f"t5_{self.id36}"

    def about(self) -> JSON:
        """Return the t5 data of ``/r/{name}/about``."""
        return {
            "display_name": self.name,
            "display_name_prefixed": f"r/{self.name}",
            "id": self.id36,
            "name": self.fullname,
            "title": self.name,
            "url": f"/r/{self.name}/",
            "subscribers": self.subscribers,
            "created_utc": self.created_utc,
            "subreddit_type": "public",
            "quarantine": False,
            "over18": False,
            "public_description": f"The {self.name} sandbox subreddit.",
        }


@dataclass
class Redditor:
    """An account as listings and ``/user/{name}/about`` show it."""

    name: str
    id36: str
    state: UserState = UserState.ACTIVE
    created_utc: float = 1_300_000_000.0
    link_karma: int = 1
    comment_karma: int = 1

    @property
    def fullname(self) -> str:
        """Return the t2 fullname."""
        return f"t2_{self.id36}"

    def about(self) -> JSON:
        """Return the t2 data of ``/user/{name}/about``."""
        if self.state is UserState.SUSPENDED:
            return {
                "name": self.name,
                "is_suspended": True,
                "awardee_karma": 0,
                "awarder_karma": 0,
                "total_karma": 0,
                "is_blocked": False,
            }
        return {
            "name": self.name,
            "id": self.id36,
            "created_utc": self.created_utc,
            "link_karma": self.link_karma,
            "comment_karma": self.comment_karma,
            "total_karma": self.link_karma + self.comment_karma,
            "is_employee": False,
            "is_mod": False,
            "verified": True,
            "has_verified_email": True,
        }


class CommentTree(Protocol):
    """One post's comments, addressed by id36; parent ``None`` is the post."""

    post_id: str

    def children(self, parent: str | None) -> Sequence[str]:
        """Return the direct child id36s of ``parent`` in default order."""
        ...

    def comment(self, id36: str) -> JSON | None:
        """Return the t1 data, or None for an id Reddit never serves."""
        ...

    def servable(self, id36: str) -> bool:
        """Return whether ``comment(id36)`` gives data (cheaper than calling it)."""
        ...

    def parent(self, id36: str) -> str | None:
        """Return the parent comment id36, or None for a top-level comment."""
        ...

    def depth(self, id36: str) -> int:
        """Return the comment's depth under the post (top level is 0)."""
        ...

    def descendants(self, id36: str) -> int:
        """Return how many comments sit under ``id36``."""
        ...

    def score(self, id36: str) -> int:
        """Return the comment's score (0 for one never served)."""
        ...

    def created(self, id36: str) -> float:
        """Return the comment's creation time in epoch seconds."""
        ...

    def __contains__(self, id36: object) -> bool: ...

    def __len__(self) -> int: ...


class CommentIndex:
    """Find the post a comment id36 belongs to."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}
        self._starts: list[int] = []
        self._ranges: list[tuple[int, int, str]] = []

    def add(self, id36: str, post_id: str) -> None:
        """Record that comment ``id36`` is under ``post_id``."""
        self._known[id36] = post_id

    def add_range(self, first: int, count: int, post_id: str) -> None:
        """Record that comment numbers ``first`` to ``first + count`` are under it."""
        position = bisect.bisect(self._starts, first)
        self._starts.insert(position, first)
        self._ranges.insert(position, (first, count, post_id))

    def post_of(self, id36: str) -> str | None:
        """Return the post id36 that holds comment ``id36``, if known."""
        if id36 in self._known:
            return self._known[id36]
        try:
            number = int(id36, 36)
        except ValueError:
            return None
        position = bisect.bisect(self._starts, number) - 1
        if position < 0:
            return None
        first, count, post_id = self._ranges[position]
        return post_id if number < first + count else None


def comment_id(number: int) -> str:
    """Return the id36 of generated comment ``number``."""
    return to_base36(number)


@dataclass
class Corpus:
    """Everything one sandbox serves, plus the apps and accounts it accepts."""

    subreddits: dict[str, Subreddit]
    users: dict[str, Redditor]
    posts: dict[str, JSON]
    apps: list[App] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    pinned: dict[str, list[str]] = field(default_factory=dict)
    user_comments: dict[str, list[str]] = field(default_factory=dict)
    loose_comments: dict[str, JSON] = field(default_factory=dict)
    tree_factories: dict[str, Callable[[], CommentTree]] = field(default_factory=dict)
    index: CommentIndex = field(default_factory=CommentIndex)
    recorded: RecordedIds | None = None

    def __post_init__(self) -> None:
        self._trees: dict[str, CommentTree] = {}
        self.posts_by_subreddit: defaultdict[str, list[str]] = defaultdict(list)
        self.posts_by_author: defaultdict[str, list[str]] = defaultdict(list)
        for post_id, post in self.posts.items():
            self.posts_by_subreddit[post["subreddit"].lower()].append(post_id)
            self.posts_by_author[post["author"].lower()].append(post_id)

    def subreddit(self, name: str) -> Subreddit | None:
        """Return the subreddit called ``name`` (any case), if it exists."""
        return self.subreddits.get(name.lower())

    def subreddit_of(self, post: JSON) -> Subreddit | None:
        """Return the subreddit a post was made in."""
        return self.subreddit(post["subreddit"])

    def user(self, name: str) -> Redditor | None:
        """Return the account called ``name`` (any case), if it exists."""
        return self.users.get(name.lower())

    def tree(self, post_id: str) -> CommentTree | None:
        """Return the comment tree of ``post_id``, building it on first use."""
        if post_id not in self._trees:
            factory = self.tree_factories.get(post_id)
            if factory is None:
                return None
            self._trees[post_id] = factory()
        return self._trees[post_id]

    def recorded_ids(self) -> RecordedIds:
        """Return what a recorded corpus makes reachable; synthetic ones raise."""
        if self.recorded is None:
            raise ValueError("a synthetic corpus has no recorded ids")
        return self.recorded

    def find_comment(self, id36: str) -> JSON | None:
        """Return the t1 data of any comment in the corpus, if servable."""
        post_id = self.index.post_of(id36)
        tree = self.tree(post_id) if post_id else None
        if tree is not None and id36 in tree:
            return tree.comment(id36)
        return self.loose_comments.get(id36)
