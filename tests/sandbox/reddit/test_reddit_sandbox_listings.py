"""Listings, search, about pages and error states served like Reddit's."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from trawl.sandbox.reddit import Corpus

POST_FIELDS = (
    "id",
    "name",
    "title",
    "selftext",
    "author",
    "author_fullname",
    "subreddit",
    "subreddit_id",
    "permalink",
    "url",
    "created_utc",
    "score",
    "upvote_ratio",
    "num_comments",
    "link_flair_text",
    "stickied",
    "removed_by_category",
)
TIME_WINDOWS = {"hour": 3600, "day": 86_400, "week": 604_800}


def walk(reader: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    """Follow ``after`` to the end and return every child's data."""
    items: list[dict[str, Any]] = []
    after = None
    while True:
        query = {"limit": 100, "raw_json": 1, **params}
        if after:
            query["after"] = after
        listing = reader.get(path, params=query).json()
        items += [child["data"] for child in listing["data"]["children"]]
        after = listing["data"]["after"]
        if after is None:
            return items


def test_new_pages_every_item_once_up_to_the_1000_cap(reader: httpx.Client) -> None:
    items = walk(reader, "/r/sandboxnews/new")

    names = [item["name"] for item in items]
    created = [item["created_utc"] for item in items]
    assert len(names) == len(set(names)) == 1000
    assert created == sorted(created, reverse=True)


def test_listing_envelope_has_reddits_shape(reader: httpx.Client) -> None:
    body = reader.get("/r/sandboxtech/new", params={"limit": 3}).json()

    assert body["kind"] == "Listing"
    assert set(body["data"]) == {
        "after",
        "before",
        "dist",
        "modhash",
        "geo_filter",
        "children",
    }
    assert body["data"]["dist"] == 3
    child = body["data"]["children"][0]
    assert child["kind"] == "t3"
    for field in POST_FIELDS:
        assert field in child["data"]


@pytest.mark.parametrize(("raw", "expected"), [(None, 25), ("5", 5), ("500", 100)])
def test_limit_defaults_to_25_and_is_clamped_to_100(
    reader: httpx.Client, raw: str | None, expected: int
) -> None:
    params = {"limit": raw} if raw else {}
    body = reader.get("/r/sandboxtech/new", params=params).json()

    assert len(body["data"]["children"]) == expected


def test_before_pages_backwards(reader: httpx.Client) -> None:
    first = reader.get("/r/sandboxtech/new", params={"limit": 10}).json()["data"]
    second = reader.get(
        "/r/sandboxtech/new", params={"limit": 10, "after": first["after"]}
    )
    back = reader.get(
        "/r/sandboxtech/new",
        params={"limit": 10, "before": second.json()["data"]["before"]},
    )

    assert [c["data"]["id"] for c in back.json()["data"]["children"]] == [
        c["data"]["id"] for c in first["children"]
    ]


def test_hot_starts_with_stickied_posts_on_the_first_page_only(
    reader: httpx.Client,
) -> None:
    first = reader.get("/r/sandboxnews/hot", params={"limit": 5}).json()["data"]
    second = reader.get("/r/sandboxnews", params={"limit": 5, "after": first["after"]})

    ids = [child["data"]["id"] for child in first["children"]]
    assert len(ids) == 7
    assert set(ids[:2]) == {"stick1", "stick2"}
    assert not any(c["data"]["stickied"] for c in second.json()["data"]["children"])


def test_top_honours_t_relative_to_the_clock(
    reader: httpx.Client, corpus_at_start: Corpus
) -> None:
    now = 1735732810.0  # the ManualClock start
    news = [
        corpus_at_start.posts[i]
        for i in corpus_at_start.posts_by_subreddit["sandboxnews"]
    ]
    for window, seconds in TIME_WINDOWS.items():
        items = walk(reader, "/r/sandboxnews/top", t=window)
        expected = [post for post in news if now - post["created_utc"] <= seconds]
        assert 0 < len(items) == len(expected)
        assert all(now - item["created_utc"] <= seconds for item in items)


def test_t_is_ignored_by_new(reader: httpx.Client) -> None:
    assert len(walk(reader, "/r/sandboxnews/new", t="hour")) == 1000


def test_raw_json_decides_html_escaping(reader: httpx.Client) -> None:
    escaped = reader.get("/comments/htmlent1").json()
    raw = reader.get("/comments/htmlent1", params={"raw_json": 1}).json()

    assert (
        raw[0]["data"]["children"][0]["data"]["title"]
        == "Fish & chips <b>bold</b> > tofu"
    )
    assert (
        escaped[0]["data"]["children"][0]["data"]["title"]
        == "Fish &amp; chips &lt;b&gt;bold&lt;/b&gt; &gt; tofu"
    )


def test_multireddit_merges_and_leaves_out_private(reader: httpx.Client) -> None:
    items = walk(reader, "/r/sandboxworld+sandboxprivate/new")

    assert {item["subreddit"] for item in items} == {"SandboxWorld"}
    assert len(items) == 305


def test_all_spans_public_subreddits(reader: httpx.Client) -> None:
    items = walk(reader, "/r/all/new")

    assert len(items) == 1000
    assert {item["subreddit"] for item in items} == {
        "SandboxNews",
        "SandboxTech",
        "SandboxWorld",
    }


@pytest.mark.parametrize(
    ("name", "status", "body"),
    [
        (
            "sandboxprivate",
            403,
            {"reason": "private", "message": "Forbidden", "error": 403},
        ),
        (
            "sandboxbanned",
            404,
            {"reason": "banned", "message": "Not Found", "error": 404},
        ),
    ],
)
def test_refused_subreddits(
    reader: httpx.Client, name: str, status: int, body: dict[str, Any]
) -> None:
    for path in (f"/r/{name}/new", f"/r/{name}/about", f"/r/{name}"):
        response = reader.get(path)
        assert (response.status_code, response.json()) == (status, body)


def test_quarantined_subreddit_is_403_with_its_reason(reader: httpx.Client) -> None:
    response = reader.get("/r/sandboxquarantine/hot")

    assert response.status_code == 403
    assert response.json()["reason"] == "quarantined"


def test_nonexistent_subreddit_redirects_to_search(reader: httpx.Client) -> None:
    response = reader.get("/r/sandboxnowhere/new")

    assert response.status_code == 302
    assert response.headers["location"].endswith("/subreddits/search?q=sandboxnowhere")
    assert reader.get("/r/sandboxnowhere/about").json()["data"]["children"] == []


def test_subreddit_about(reader: httpx.Client) -> None:
    body = reader.get("/r/SandboxNews/about").json()

    assert body["kind"] == "t5"
    assert body["data"]["display_name"] == "SandboxNews"
    assert reader.get("/r/all/about").status_code == 404


def test_search_restricted_to_a_subreddit_and_not(reader: httpx.Client) -> None:
    inside = walk(reader, "/r/sandboxworld/search", q="kakapo", restrict_sr="1")
    everywhere = walk(reader, "/r/sandboxworld/search", q="kakapo")
    site = walk(reader, "/search", q="KAKAPO", sort="new")

    assert len(inside) == 12
    assert {item["subreddit"] for item in inside} == {"SandboxWorld"}
    assert len(everywhere) == len(site) == 20
    assert {item["subreddit"] for item in everywhere} == {"SandboxWorld", "SandboxNews"}


def test_search_pages_and_caps(reader: httpx.Client) -> None:
    quokka = walk(reader, "/r/sandboxnews/search", q="quokka", restrict_sr="true")
    wombat = walk(reader, "/search", q="wombat")

    assert len({item["id"] for item in quokka}) == 150
    assert len({item["id"] for item in wombat}) == 250


def test_user_listings(reader: httpx.Client, corpus_at_start: Corpus) -> None:
    submitted = walk(reader, "/user/sandbox_author/submitted", sort="new")
    comments = walk(reader, "/user/sandbox_author/comments", sort="new")
    overview = walk(reader, "/user/sandbox_author", sort="new")

    assert len(submitted) == 108
    assert {item["author"] for item in submitted + comments} == {"sandbox_author"}
    assert len(comments) == len(corpus_at_start.user_comments["sandbox_author"])
    assert all(
        item["link_title"] and item["name"].startswith("t1_") for item in comments
    )
    assert len(overview) == len(submitted) + len(comments)


@pytest.mark.parametrize(
    ("name", "about", "listing"),
    [
        ("sandbox_deleted", 404, 404),
        ("no_such_user", 404, 404),
        ("sandbox_suspended", 200, 403),
    ],
)
def test_user_states(reader: httpx.Client, name: str, about: int, listing: int) -> None:
    assert reader.get(f"/user/{name}/about").status_code == about
    assert reader.get(f"/user/{name}/submitted").status_code == listing


def test_suspended_user_about_has_few_fields(reader: httpx.Client) -> None:
    data = reader.get("/user/sandbox_suspended/about").json()["data"]

    assert data["is_suspended"] is True
    assert "id" not in data and "created_utc" not in data


def test_deleted_post_has_no_author_fullname(reader: httpx.Client) -> None:
    post = reader.get("/api/info", params={"id": "t3_deleted1,t3_removed1"}).json()
    deleted, removed = (child["data"] for child in post["data"]["children"])

    assert deleted["author"] == "[deleted]" and "author_fullname" not in deleted
    assert removed["selftext"] == "[removed]"


def test_trailing_slash_and_json_suffix_are_ignored(reader: httpx.Client) -> None:
    assert reader.get("/r/sandboxnews/new/").status_code == 200
    assert reader.get("/r/sandboxnews/new.json").status_code == 200
