"""Match posts against a search query and order the hits."""

from __future__ import annotations

from collections.abc import Sequence

from trawl.sandbox.reddit.listings import order_posts, within
from trawl.sandbox.reddit.things import JSON

# Reddit's search stops far short of the 1000 listing cap (a few hundred).
SEARCH_CAP = 250
SEARCH_SORTS = ("relevance", "hot", "top", "new", "comments")


def query_terms(query: str) -> list[str]:
    """Return the case-folded words of ``query``."""
    return query.casefold().split()


def search_posts(
    posts: Sequence[JSON], *, query: str, sort: str, window: str | None, now: float
) -> list[JSON]:
    """Return posts whose title or text holds every query word, in ``sort`` order."""
    terms = query_terms(query)
    if not terms:
        return []
    hits = [post for post in within(posts, window, now) if _hits(post, terms)]
    return order_hits(hits, sort=sort, terms=terms, now=now)[:SEARCH_CAP]


def order_hits(
    hits: Sequence[JSON], *, sort: str, terms: list[str], now: float
) -> list[JSON]:
    """Order search hits; relevance counts query words, then score."""
    if sort == "comments":
        return sorted(hits, key=lambda post: -int(post.get("num_comments", 0)))
    if sort in ("hot", "top", "new"):
        return order_posts(hits, sort=sort, window="all", now=now)
    return sorted(hits, key=lambda post: (-_hits(post, terms), -int(post["score"])))


def _hits(post: JSON, terms: list[str]) -> int:
    text = f"{post.get('title', '')}\n{post.get('selftext', '')}".casefold()
    if not all(term in text for term in terms):
        return 0
    return sum(text.count(term) for term in terms)
