"""The recorded corpus serves the real cassettes consistently and losslessly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from trawl.sandbox.reddit import Corpus, Faults, create_app, load_corpus
from trawl.sandbox.reddit.harness import Harness, served

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def recorded(reddit_cassettes: Path) -> Corpus:
    return load_corpus(reddit_cassettes)


@pytest.fixture(scope="module")
def api(recorded: Corpus) -> Iterator[httpx.Client]:
    app = create_app(
        recorded, requests_per_window=1_000_000, faults=Faults(morechildren_delay=0)
    )
    with served(app) as sandbox, sandbox.api(app_only_token(sandbox)) as client:
        yield client


def app_only_token(sandbox: Harness) -> str:
    response = sandbox.grant(
        "sandbox-client", "sandbox-secret", grant_type="client_credentials"
    )
    return str(response.json()["access_token"])


def walk(api: httpx.Client, path: str, **params: Any) -> list[str]:
    names: list[str] = []
    after = None
    while True:
        query = {
            "limit": 100,
            "raw_json": 1,
            **params,
            **({"after": after} if after else {}),
        }
        data = api.get(path, params=query).json()["data"]
        names += [child["data"]["name"] for child in data["children"]]
        after = data["after"]
        if after is None:
            return names


def test_recorded_ids_enumerate_what_was_recorded(recorded: Corpus) -> None:
    ids = recorded.recorded_ids()

    assert len(ids.listings["r/askreddit/hot"]) == 102
    assert len(ids.listings["r/askreddit/new"]) == 100
    assert len(ids.listings["r/askreddit/top"]) == 100
    assert len(ids.listings["user/spez/submitted/new"]) == 100
    assert len(ids.listings["user/spez/comments/new"]) == 100
    assert len(ids.listings["search/all/praw oauth search"]) == 6
    assert ids.largest_tree == "3hahrw"
    assert len(ids.comments["3hahrw"]) == 476 + 7
    assert {"cu5tkk4", "cu5tpek"} <= set(ids.never_served["3hahrw"])
    assert ids.denied == {"tiananmenaquarefalse": 403}


@pytest.mark.parametrize(
    "key", ["r/askreddit/hot", "r/askreddit/new", "r/askreddit/top"]
)
def test_subreddit_listings_page_in_recorded_order(
    api: httpx.Client, recorded: Corpus, key: str
) -> None:
    _, sub, sort = key.split("/")

    assert walk(api, f"/r/{sub}/{sort}") == recorded.recorded_ids().listings[key]


def test_user_listings_and_search(api: httpx.Client, recorded: Corpus) -> None:
    listings = recorded.recorded_ids().listings

    assert (
        walk(api, "/user/spez/submitted", sort="new")
        == listings["user/spez/submitted/new"]
    )
    assert (
        walk(api, "/user/spez/comments", sort="new")
        == listings["user/spez/comments/new"]
    )
    assert walk(api, "/user/spez", sort="top", t="hour") == []
    found = walk(api, "/search", q="praw  OAuth search")
    assert found == listings["search/all/praw oauth search"]


def test_comment_trees_rebuild_to_every_recorded_comment(
    api: httpx.Client, recorded: Corpus
) -> None:
    for post_id, expected in recorded.recorded_ids().comments.items():
        seen = collect(api, post_id)
        assert sorted(seen) == sorted(expected), post_id


def collect(api: httpx.Client, post_id: str) -> list[str]:
    """Fetch a post's comments, following both kinds of stub."""
    page = api.get(f"/comments/{post_id}", params={"limit": 500, "raw_json": 1}).json()
    seen: list[str] = []
    stubs: list[list[str]] = []
    nested(page[1]["data"]["children"], seen, stubs)
    while stubs:
        ids = stubs.pop()
        if ids[0].startswith("t1_"):
            thread = api.get(f"/comments/{post_id}/_/{ids[0][3:]}").json()
            replies = thread[1]["data"]["children"][0]["data"]["replies"]
            nested(replies["data"]["children"] if replies else [], seen, stubs)
            continue
        form = {
            "api_type": "json",
            "link_id": f"t3_{post_id}",
            "children": ",".join(ids),
        }
        things = api.post("/api/morechildren", data=form).json()["json"]["data"][
            "things"
        ]
        nested(things, seen, stubs)
    return seen


def nested(
    children: list[dict[str, Any]], seen: list[str], stubs: list[list[str]]
) -> None:
    for child in children:
        data = child["data"]
        if child["kind"] == "more":
            # A continue-this-thread stub is queued as its parent's fullname.
            stubs.append(data["children"] or [data["parent_id"]])
            continue
        seen.append(data["id"])
        if data["replies"]:
            nested(data["replies"]["data"]["children"], seen, stubs)


def test_comment_fields_are_served_as_recorded(
    api: httpx.Client, reddit_cassettes: Path
) -> None:
    cassette = json.loads(
        (reddit_cassettes / "praw__TestSubmission.test_comments.json").read_text()
    )
    recorded_page = json.loads(
        cassette["interactions"][1]["response"]["body"]["string"]
    )
    served_page = api.get("/comments/2gmzqe", params={"raw_json": 1}).json()

    assert (
        served_page[0]["data"]["children"][0] == recorded_page[0]["data"]["children"][0]
    )
    served_first = served_page[1]["data"]["children"][0]["data"]
    recorded_first = recorded_page[1]["data"]["children"][0]["data"]
    for key, value in recorded_first.items():
        if key not in ("replies", "depth"):
            assert served_first[key] == value, key


def test_never_served_ids_come_back_empty(api: httpx.Client) -> None:
    form = {"api_type": "json", "link_id": "t3_3hahrw", "children": "cu5tkk4,cu5tpek"}

    things = api.post("/api/morechildren", data=form).json()["json"]["data"]["things"]

    assert things == []


def test_quarantined_subreddit_serves_the_recorded_403(api: httpx.Client) -> None:
    response = api.get("/r/tiananmenaquarefalse/new", params={"raw_json": 1})

    assert response.status_code == 403
    assert response.json()["reason"] == "quarantined"
    assert "quarantine_message_html" in response.json()


def test_info_finds_recorded_things(api: httpx.Client) -> None:
    body = api.get("/api/info", params={"id": "t1_d7ltvl0,t3_3hahrw,t1_nothere"}).json()

    names = [child["data"]["name"] for child in body["data"]["children"]]
    assert names == ["t1_d7ltvl0", "t3_3hahrw"]
    assert body["data"]["children"][0]["data"]["body"] == "[deleted]"


def test_subreddit_comment_stream_is_newest_first(
    api: httpx.Client, recorded: Corpus
) -> None:
    names = walk(api, "/r/kakapo/comments")

    assert names == recorded.recorded_ids().listings["r/kakapo/comments"]
    assert len(names) == 17
