"""Acceptance: jobs against the sandbox serving the recorded Reddit responses.

Each job's output is checked against every id the recording makes reachable
(``corpus.recorded_ids()``): each exactly once, with its text intact.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from trawl.sandbox.reddit import Corpus, create_app, load_corpus

from ..conftest import shared_dir
from .conftest import point, serve


@pytest.fixture(scope="module")
def recorded() -> Corpus:
    return load_corpus(shared_dir() / "fixtures" / "real" / "reddit")


@pytest.fixture
def replay(stack: Any, recorded: Corpus) -> Iterator[Any]:
    with serve(create_app(recorded, requests_per_window=10**9)) as sandbox:
        point(stack, sandbox.url)
        yield sandbox


def ids_of(fullnames: list[str]) -> list[str]:
    return [name.partition("_")[2] for name in fullnames]


def assert_posts_intact(rows: list[dict[str, Any]], recorded: Corpus) -> None:
    for row in rows:
        source = recorded.posts[row["id"]]
        for field in ("title", "selftext", "author", "subreddit", "url", "score"):
            assert row[field] == source[field], (row["id"], field)


@pytest.mark.parametrize("sort", ["new", "top", "hot"])
def test_a_subreddit_listing_returns_every_recorded_post_once(
    jobs: Any, replay: Any, recorded: Corpus, sort: str
) -> None:
    expected = ids_of(recorded.recorded_ids().listings[f"r/askreddit/{sort}"])
    job_uid = jobs.submit({"subreddit": "AskReddit", "sortBy": sort, "n": 1000})

    assert jobs.run() == {job_uid: "SUCCESS"}

    rows = jobs.rows(job_uid, "posts")
    assert [row["id"] for row in rows] == expected
    assert_posts_intact(rows, recorded)


def test_a_users_submissions_and_comments_match_the_recording(
    jobs: Any, replay: Any, recorded: Corpus
) -> None:
    listings = recorded.recorded_ids().listings
    job_uid = jobs.submit(
        {"user": "spez", "sortBy": "new", "n": 1000, "getcomments": True}
    )

    assert jobs.run() == {job_uid: "SUCCESS"}

    posts = jobs.rows(job_uid, "posts")
    assert [p["id"] for p in posts] == ids_of(listings["user/spez/submitted/new"])
    assert_posts_intact(posts, recorded)
    comments = jobs.rows(job_uid, "comments")
    assert [c["id"] for c in comments] == ids_of(listings["user/spez/comments/new"])
    for comment in comments:
        assert comment["body"] == recorded.find_comment(comment["id"])["body"]


def test_a_search_returns_every_recorded_hit_once(
    jobs: Any, replay: Any, recorded: Corpus
) -> None:
    expected = ids_of(recorded.recorded_ids().listings["search/all/praw oauth search"])
    job_uid = jobs.submit({"keyword": "praw oauth search", "n": 100})

    assert jobs.run() == {job_uid: "SUCCESS"}

    rows = jobs.rows(job_uid, "posts")
    assert [row["id"] for row in rows] == expected
    assert_posts_intact(rows, recorded)


def test_the_largest_recorded_tree_comes_back_whole(
    jobs: Any, replay: Any, recorded: Corpus
) -> None:
    ids = recorded.recorded_ids()
    post_id = ids.largest_tree
    assert post_id is not None
    job_uid = jobs.submit({"post": post_id})

    assert jobs.run() == {job_uid: "SUCCESS"}

    comments = jobs.rows(job_uid, "comments")
    got = [c["id"] for c in comments]
    assert len(got) == len(set(got))
    assert set(got) == set(ids.comments[post_id])
    for comment in comments:
        source = recorded.find_comment(comment["id"])
        assert source is not None
        assert (comment["body"], comment["author"]) == (
            source["body"],
            source["author"],
        )
        assert comment["parent_id"] == source["parent_id"]
    unresolved = jobs.manifest(job_uid)["outcomes"]["comment"]["items"]
    assert set(unresolved) == set(ids.never_served[post_id])
