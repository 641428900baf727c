"""PRAW, pointed at the sandbox with plain http:// URLs, works unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import praw
import prawcore
import pytest

from trawl.sandbox.reddit import Corpus, Faults, create_app
from trawl.sandbox.reddit.harness import Harness, served


@pytest.fixture(scope="module")
def sandbox(corpus_at_start: Corpus) -> Iterator[Harness]:
    # A large budget keeps prawcore from pacing itself across the window.
    app = create_app(
        corpus_at_start,
        requests_per_window=1_000_000,
        faults=Faults(morechildren_delay=0),
    )
    with served(app) as harness:
        yield harness


def reddit(base: str, **credentials: str) -> praw.Reddit:
    settings: dict[str, Any] = {
        "client_id": "sandbox-client",
        "client_secret": "sandbox-secret",
        "username": "sandbox_user",
        "password": "sandbox-password",
        **credentials,
    }
    return praw.Reddit(
        user_agent="test:trawl-sandbox:0.1 (by /u/sandbox_user)",
        oauth_url=base,
        reddit_url=base,
        **settings,
    )


def test_script_login(sandbox: Harness) -> None:
    me = reddit(sandbox.base).user.me()

    assert me is not None and me.name == "sandbox_user"


def test_bad_password_raises_oauth_exception(sandbox: Harness) -> None:
    with pytest.raises(prawcore.OAuthException, match="invalid_grant"):
        reddit(sandbox.base, password="wrong").user.me()


def test_subreddit_listing_pages_to_the_cap(sandbox: Harness) -> None:
    ids = [
        post.id
        for post in reddit(sandbox.base).subreddit("sandboxnews").new(limit=None)
    ]

    assert len(ids) == len(set(ids)) == 1000


def test_full_comment_tree_with_replace_more(
    sandbox: Harness, corpus_at_start: Corpus
) -> None:
    tree = corpus_at_start.tree("bigtree")
    assert tree is not None
    submission = reddit(sandbox.base).submission("bigtree")

    left = submission.comments.replace_more(limit=None)

    comments = submission.comments.list()
    ids = [c.id for c in comments if isinstance(c, praw.models.Comment)]
    never = tree.never_served_ids()  # type: ignore[attr-defined]
    assert left == []
    assert len(ids) == len(set(ids)) == 3000 - len(never)


def test_search(sandbox: Harness) -> None:
    found = list(
        reddit(sandbox.base).subreddit("sandboxworld").search("kakapo", limit=None)
    )

    assert len(found) == 12
    assert {post.subreddit.display_name for post in found} == {"SandboxWorld"}


def test_missing_subreddit_raises_redirect(sandbox: Harness) -> None:
    with pytest.raises(prawcore.Redirect):
        list(reddit(sandbox.base).subreddit("sandboxnowhere").new(limit=5))
