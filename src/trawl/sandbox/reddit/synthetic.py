"""Build the deterministic synthetic corpus the sandbox serves by default.

Every name and id below is documented in the package docstring; change one
here and change it there.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from trawl.sandbox.reddit.corpus import (
    CommentTree,
    Corpus,
    Redditor,
    Subreddit,
    SubredditState,
    UserState,
    comment_id,
)
from trawl.sandbox.reddit.credentials import builtin_accounts, builtin_apps
from trawl.sandbox.reddit.lazytree import GeneratedTree, Seat, TreeShape
from trawl.sandbox.reddit.texts import (
    FLAIRS,
    SPECIAL_SELFTEXTS,
    SPECIAL_TITLES,
    TRICKY_BODIES,
    markdown_html,
    phrase,
    slug,
)
from trawl.sandbox.reddit.things import JSON, to_base36

POST_BASE = int("100000", 36)
COMMENT_BASE = int("c00000", 36)
AUTHOR = "sandbox_author"
SUSPENDED = "sandbox_suspended"
DELETED = "sandbox_deleted"
POOL_SIZE = 200
DAY = 86_400

# Display name, state, regular posts, and search words placed in the titles of
# posts ``start`` to ``start + count`` (by generation order).
PLANS: tuple[tuple[str, SubredditState, int, dict[str, tuple[int, int]]], ...] = (
    (
        "SandboxNews",
        SubredditState.PUBLIC,
        2400,
        {"kakapo": (0, 8), "quokka": (100, 150), "wombat": (300, 300)},
    ),
    ("SandboxTech", SubredditState.PUBLIC, 1600, {}),
    ("SandboxWorld", SubredditState.PUBLIC, 300, {"kakapo": (0, 12)}),
    ("SandboxPrivate", SubredditState.PRIVATE, 20, {"kakapo": (0, 5)}),
    ("SandboxBanned", SubredditState.BANNED, 20, {}),
    ("SandboxQuarantine", SubredditState.QUARANTINED, 20, {}),
)

# Share of posts by age: last hour, day, week, month, year, five years.
AGE_BUCKETS = (
    (0.02, 3600),
    (0.05, DAY),
    (0.10, 7 * DAY),
    (0.18, 31 * DAY),
    (0.30, 365 * DAY),
    (0.35, 5 * 365 * DAY),
)


@dataclass(frozen=True)
class SpecialPost:
    """A post with a fixed id, for tests that need one particular case."""

    id36: str
    subreddit: str
    age_seconds: int
    comments: int = 5
    stickied: bool = False


SPECIAL_POSTS = (
    SpecialPost("stick1", "SandboxNews", 300 * DAY, stickied=True),
    SpecialPost("stick2", "SandboxNews", 200 * DAY, stickied=True),
    SpecialPost("bigtree", "SandboxTech", 3 * DAY, comments=3000),
    SpecialPost("huge100k", "SandboxTech", 2 * DAY, comments=100_000),
    SpecialPost("deleted1", "SandboxWorld", 4 * DAY),
    SpecialPost("removed1", "SandboxWorld", 5 * DAY),
    SpecialPost("unicode1", "SandboxWorld", 6 * DAY, comments=40),
    SpecialPost("csvtext1", "SandboxWorld", 7 * DAY, comments=40),
    SpecialPost("htmlent1", "SandboxWorld", 8 * DAY, comments=40),
)

BIG_SHAPE = TreeShape(
    size=3000, top_share=0.1, chain_share=0.5, window=20, never_served_every=250
)
HUGE_SHAPE = TreeShape(size=100_000, top_share=0.05, chain_share=0.5, window=50)


def synthetic_corpus(
    seed: int = 0,
    *,
    now: datetime | None = None,
    big_comments: int = 3000,
    huge_comments: int = 100_000,
) -> Corpus:
    """Return the synthetic corpus for ``seed``, with post times relative to ``now``.

    ``big_comments`` sizes post ``bigtree`` and ``huge_comments`` post
    ``huge100k``; the latter's tree is only built when first requested.
    """
    moment = (now or datetime.now(UTC)).timestamp()
    builder = _Builder(seed, moment, big_comments, huge_comments)
    return builder.build()


class _Builder:
    def __init__(self, seed: int, now: float, big: int, huge: int) -> None:
        self.seed = seed
        self.now = now
        self.sizes = {"bigtree": big, "huge100k": huge}
        self.posts: dict[str, JSON] = {}
        self.factories: dict[str, Callable[[], CommentTree]] = {}
        self.author_comments: list[str] = []
        self.next_comment = COMMENT_BASE
        self.pool = [f"sandbox_u{number:03d}" for number in range(POOL_SIZE)]
        self.subreddits = {
            plan[0].lower(): _subreddit(plan[0], plan[1]) for plan in PLANS
        }
        self.corpus_index: list[tuple[int, int, str]] = []

    def build(self) -> Corpus:
        for number, plan in enumerate(PLANS):
            self._regular_posts(number, *plan)
        for special in SPECIAL_POSTS:
            self._special_post(special)
        corpus = Corpus(
            subreddits=self.subreddits,
            users=self._users(),
            posts=self.posts,
            apps=builtin_apps(),
            accounts=builtin_accounts(),
            user_comments={AUTHOR: self.author_comments},
            tree_factories=self.factories,
        )
        for first, count, post_id in self.corpus_index:
            corpus.index.add_range(first, count, post_id)
        return corpus

    def _regular_posts(
        self,
        number: int,
        name: str,
        state: SubredditState,
        count: int,
        words: dict[str, tuple[int, int]],
    ) -> None:
        rng = random.Random(self.seed * 1009 + number)
        drafts = sorted((self.now - _age(rng), i) for i in range(count))
        first_id = POST_BASE + number * 100_000
        for offset, (created, i) in enumerate(drafts):
            id36 = to_base36(first_id + offset)
            title = _title(i, words)
            post = self._post(id36, name, created, i, rng, title=title)
            self._attach_tree(post, _small_shape(rng, self.seed, i), i)

    def _special_post(self, special: SpecialPost) -> None:
        rng = random.Random(zlib.crc32(special.id36.encode()) + self.seed)
        created = self.now - special.age_seconds
        title = SPECIAL_TITLES.get(special.id36, f"Special post {special.id36}")
        post = self._post(special.id36, special.subreddit, created, 1, rng, title=title)
        post["stickied"] = special.stickied
        _apply_special_text(post, special.id36)
        size = self.sizes.get(special.id36, special.comments)
        shape = {"bigtree": BIG_SHAPE, "huge100k": HUGE_SHAPE}.get(special.id36)
        shape = replace(shape or TreeShape(size=size), size=size, seed=self.seed)
        self._attach_tree(post, shape, 1)

    def _post(
        self,
        id36: str,
        sub: str,
        created: float,
        i: int,
        rng: random.Random,
        *,
        title: str,
    ) -> JSON:
        author = self._post_author(i, rng)
        subreddit = self.subreddits[sub.lower()]
        score = int(rng.paretovariate(1.2) * 3) - 2
        text = phrase(i * 13 + len(title), 12)
        permalink = f"/r/{sub}/comments/{id36}/{slug(title)}/"
        post = _post_data(id36, subreddit, author, title, text, permalink)
        post.update(
            created_utc=float(int(created)),
            score=score,
            ups=max(score, 0),
            upvote_ratio=round(rng.uniform(0.5, 1.0), 2),
            link_flair_text=FLAIRS[i % len(FLAIRS)],
        )
        if i % 113 == 9:
            post.update(
                selftext="[removed]",
                selftext_html=None,
                removed_by_category="moderator",
            )
        self.posts[id36] = post
        return post

    def _post_author(self, i: int, rng: random.Random) -> str:
        if i % 40 == 3:
            return AUTHOR
        if i % 97 == 5:
            return SUSPENDED
        if i % 89 == 7:
            return "[deleted]"
        return self.pool[rng.randrange(POOL_SIZE)]

    def _attach_tree(self, post: JSON, shape: TreeShape, i: int) -> None:
        first = self.next_comment
        self.next_comment += shape.size
        post["num_comments"] = shape.size
        if not shape.size:
            return
        public = (
            self.subreddits[post["subreddit"].lower()].state is SubredditState.PUBLIC
        )
        opener = AUTHOR if public and i % 10 == 3 else None
        if opener:
            self.author_comments.append(comment_id(first))
        write = _comment_writer(post, opener, self.seed)
        span = max(min(2 * DAY, self.now - post["created_utc"] - 120), 1.0)
        self.factories[post["id"]] = _tree_factory(post, shape, first, span, write)
        self.corpus_index.append((first, shape.size, post["id"]))

    def _users(self) -> dict[str, Redditor]:
        names = [*self.pool, AUTHOR, "sandbox_user", "sandbox_2fa_user"]
        users = {name.lower(): Redditor(name, _user_id36(name)) for name in names}
        users[SUSPENDED] = Redditor(
            SUSPENDED, _user_id36(SUSPENDED), UserState.SUSPENDED
        )
        users[DELETED] = Redditor(DELETED, _user_id36(DELETED), UserState.DELETED)
        return users


def _tree_factory(
    post: JSON, shape: TreeShape, first: int, span: float, write: Callable[[Seat], JSON]
) -> Callable[[], CommentTree]:
    def build() -> CommentTree:
        return GeneratedTree(
            post_id=post["id"],
            shape=shape,
            first=first,
            post_created=post["created_utc"],
            span_seconds=span,
            write=write,
        )

    return build


def _comment_writer(
    post: JSON, opener: str | None, seed: int
) -> Callable[[Seat], JSON]:
    def write(seat: Seat) -> JSON:
        author, body = _comment_text(seat.index, opener, seed)
        data = _comment_data(post, seat, author, body)
        return data

    return write


def _comment_text(index: int, opener: str | None, seed: int) -> tuple[str, str]:
    if index == 0 and opener:
        return opener, phrase(index + seed, 8)
    if index % 37 == 5:
        return "[deleted]", "[deleted]"
    if index % 41 == 7:
        return "[deleted]", "[removed]"
    author = f"sandbox_u{(index * 7 + seed) % POOL_SIZE:03d}"
    if index % 7 == 3:
        return author, TRICKY_BODIES[(index // 7) % len(TRICKY_BODIES)]
    return author, phrase(index * 3 + seed, 6 + index % 9)


def _comment_data(post: JSON, seat: Seat, author: str, body: str) -> JSON:
    data: JSON = {
        "id": seat.id36,
        "name": f"t1_{seat.id36}",
        "body": body,
        "body_html": markdown_html(body),
        "author": author,
        "parent_id": seat.parent_fullname,
        "link_id": post["name"],
        "subreddit": post["subreddit"],
        "subreddit_id": post["subreddit_id"],
        "subreddit_name_prefixed": post["subreddit_name_prefixed"],
        "permalink": f"{post['permalink']}{seat.id36}/",
        "created_utc": seat.created_utc,
        "edited": False,
        "score": seat.score,
        "ups": seat.score,
        "downs": 0,
        "controversiality": int(seat.score < 0),
        "score_hidden": False,
        "is_submitter": author == post["author"] and author != "[deleted]",
        "stickied": False,
        "distinguished": None,
        "collapsed": body in ("[deleted]", "[removed]"),
        "author_flair_text": None,
        "archived": False,
        "locked": False,
        "gilded": 0,
        "total_awards_received": 0,
        "send_replies": True,
    }
    if author != "[deleted]":
        data["author_fullname"] = f"t2_{_user_id36(author)}"
    return data


def _post_data(
    id36: str, subreddit: Subreddit, author: str, title: str, text: str, permalink: str
) -> JSON:
    post: JSON = {
        "id": id36,
        "name": f"t3_{id36}",
        "title": title,
        "selftext": text,
        "selftext_html": markdown_html(text),
        "author": author,
        "subreddit": subreddit.name,
        "subreddit_id": subreddit.fullname,
        "subreddit_name_prefixed": f"r/{subreddit.name}",
        "subreddit_type": "public"
        if subreddit.state is SubredditState.PUBLIC
        else "private",
        "permalink": permalink,
        "url": f"https://www.reddit.com{permalink}",
        "domain": f"self.{subreddit.name}",
        "edited": False,
        "downs": 0,
        "num_comments": 0,
        "author_flair_text": None,
        "is_self": True,
        "is_video": False,
        "over_18": False,
        "spoiler": False,
        "stickied": False,
        "locked": False,
        "archived": False,
        "distinguished": None,
        "quarantine": subreddit.state is SubredditState.QUARANTINED,
        "total_awards_received": 0,
        "num_crossposts": 0,
        "removed_by_category": None,
        "media": None,
        "thumbnail": "self",
        "gilded": 0,
        "hidden": False,
        "saved": False,
    }
    if author != "[deleted]":
        post["author_fullname"] = f"t2_{_user_id36(author)}"
    return post


def _apply_special_text(post: JSON, id36: str) -> None:
    if id36 in SPECIAL_SELFTEXTS:
        text = SPECIAL_SELFTEXTS[id36]
        post["selftext"] = text
        post["selftext_html"] = markdown_html(text)
    if id36 == "deleted1":
        post["author"] = "[deleted]"
        post.pop("author_fullname", None)
        post.update(selftext_html=None, removed_by_category="deleted")
    if id36 == "removed1":
        post.update(selftext_html=None, removed_by_category="moderator")


def _title(i: int, words: dict[str, tuple[int, int]]) -> str:
    title = phrase(i, 5).capitalize()
    for word, (start, count) in words.items():
        if start <= i < start + count:
            title = f"{title} {word}"
    return f"{title} #{i}"


def _age(rng: random.Random) -> float:
    draw = rng.random()
    floor = 60.0
    for share, ceiling in AGE_BUCKETS:
        if draw < share:
            return rng.uniform(floor, ceiling)
        draw -= share
        floor = float(ceiling)
    return rng.uniform(floor, 5 * 365 * DAY)


def _small_shape(rng: random.Random, seed: int, i: int) -> TreeShape:
    draw = rng.random()
    size = (
        0 if draw < 0.3 else rng.randint(1, 10) if draw < 0.8 else rng.randint(11, 80)
    )
    return TreeShape(size=size, seed=seed * 31 + i)


def _subreddit(name: str, state: SubredditState) -> Subreddit:
    return Subreddit(name, _user_id36(name), state, subscribers=len(name) * 1000)


def _user_id36(name: str) -> str:
    return to_base36(zlib.crc32(name.lower().encode()) + 36**6)
