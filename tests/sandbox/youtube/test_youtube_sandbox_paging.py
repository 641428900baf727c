"""Paging: every item exactly once, real page-size rules, refused tokens."""

from __future__ import annotations

import httpx
import pytest

from trawl.sandbox.youtube.synthetic import (
    MANY_REPLIES_THREAD,
    PLAYLIST,
    SEARCH_QUERY,
    SHOWCASE,
    SHOWCASE_THREADS,
)
from trawl.sandbox.youtube.testing import collect, get, reason_of


@pytest.mark.parametrize("size", [1, 7, 20, 100])
def test_comment_threads_page_through_every_thread_once(
    api: httpx.Client, size: int
) -> None:
    items = collect(api, "commentThreads", part="id", videoId=SHOWCASE, maxResults=size)

    ids = [item["id"] for item in items]
    assert len(ids) == SHOWCASE_THREADS
    assert len(set(ids)) == SHOWCASE_THREADS


def test_relevance_order_is_a_permutation_of_time_order(api: httpx.Client) -> None:
    by_time = collect(
        api, "commentThreads", part="id", videoId=SHOWCASE, maxResults=100
    )
    by_relevance = collect(
        api,
        "commentThreads",
        part="id",
        videoId=SHOWCASE,
        maxResults=100,
        order="relevance",
    )

    assert [t["id"] for t in by_time] != [t["id"] for t in by_relevance]
    assert {t["id"] for t in by_time} == {t["id"] for t in by_relevance}


def test_replies_page_through_every_reply_once(api: httpx.Client) -> None:
    replies = collect(
        api, "comments", part="snippet", parentId=MANY_REPLIES_THREAD, maxResults=30
    )

    ids = [reply["id"] for reply in replies]
    assert len(ids) == len(set(ids)) == 150
    assert all(i.startswith(MANY_REPLIES_THREAD + ".") for i in ids)
    assert {r["snippet"]["parentId"] for r in replies} == {MANY_REPLIES_THREAD}


def test_default_page_sizes_follow_the_reference(api: httpx.Client) -> None:
    threads = get(api, "commentThreads", part="id", videoId=SHOWCASE).json()
    replies = get(api, "comments", part="id", parentId=MANY_REPLIES_THREAD).json()
    items = get(api, "playlistItems", part="id", playlistId=PLAYLIST).json()
    results = get(api, "search", part="snippet", q=SEARCH_QUERY).json()

    assert len(threads["items"]) == 20
    assert len(replies["items"]) == 20
    assert len(items["items"]) == 5
    assert len(results["items"]) == 5


@pytest.mark.parametrize(
    ("endpoint", "params", "low", "high"),
    [
        ("commentThreads", {"videoId": SHOWCASE}, 1, 100),
        ("comments", {"parentId": MANY_REPLIES_THREAD}, 1, 100),
        ("playlistItems", {"playlistId": PLAYLIST}, 0, 50),
        ("search", {"q": SEARCH_QUERY}, 0, 50),
    ],
)
def test_max_results_outside_the_range_is_a_400(
    api: httpx.Client, endpoint: str, params: dict[str, str], low: int, high: int
) -> None:
    inside = get(api, endpoint, part="snippet", maxResults=high, **params)
    below = get(api, endpoint, part="snippet", maxResults=low - 1, **params)
    above = get(api, endpoint, part="snippet", maxResults=high + 1, **params)

    assert inside.status_code == 200
    for response in (below, above):
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["status"] == "INVALID_ARGUMENT"
        assert error["errors"][0]["reason"] == "invalidParameter"
        assert error["errors"][0]["location"] == "maxResults"
        assert f"[{low}, {high}]" in error["message"]


def test_playlist_pages_carry_totals_and_previous_tokens(api: httpx.Client) -> None:
    first = get(api, "playlistItems", part="id", playlistId=PLAYLIST, maxResults=50)
    token = first.json()["nextPageToken"]
    second = get(
        api,
        "playlistItems",
        part="id",
        playlistId=PLAYLIST,
        maxResults=50,
        pageToken=token,
    ).json()

    assert first.json()["pageInfo"] == {"totalResults": 156, "resultsPerPage": 50}
    assert "prevPageToken" not in first.json()
    assert "prevPageToken" in second
    assert len(collect(api, "playlistItems", part="id", playlistId=PLAYLIST)) == 156


def test_search_stops_handing_out_tokens_after_500_results(api: httpx.Client) -> None:
    results = collect(api, "search", part="snippet", q=SEARCH_QUERY, maxResults=50)
    first = get(api, "search", part="snippet", q=SEARCH_QUERY).json()

    assert len(results) == 500
    assert len({r["id"]["videoId"] for r in results}) == 500
    assert first["pageInfo"]["totalResults"] == 600


def test_a_token_from_another_list_is_refused(api: httpx.Client) -> None:
    other = get(api, "comments", part="id", parentId=MANY_REPLIES_THREAD).json()
    foreign = get(
        api,
        "commentThreads",
        part="id",
        videoId=SHOWCASE,
        pageToken=other["nextPageToken"],
    )
    garbage = get(api, "commentThreads", part="id", videoId=SHOWCASE, pageToken="%%")

    for response in (foreign, garbage):
        assert response.status_code == 400
        assert reason_of(response) == "invalidPageToken"


def test_comment_threads_page_info_counts_the_page(api: httpx.Client) -> None:
    body = get(
        api, "commentThreads", part="id", videoId=SHOWCASE, maxResults=100
    ).json()
    replies = get(api, "comments", part="id", parentId=MANY_REPLIES_THREAD).json()

    assert body["pageInfo"] == {"totalResults": 100, "resultsPerPage": 100}
    assert replies["pageInfo"] == {"resultsPerPage": 20}
