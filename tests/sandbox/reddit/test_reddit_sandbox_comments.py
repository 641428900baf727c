"""Comment pages, stubs and morechildren let a client rebuild a whole tree."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from trawl.sandbox.reddit import Corpus, Faults, create_app
from trawl.sandbox.reddit.harness import Harness, served

COMMENT_FIELDS = (
    "id",
    "name",
    "body",
    "author",
    "parent_id",
    "link_id",
    "depth",
    "created_utc",
    "score",
    "permalink",
    "subreddit_id",
)


@dataclass
class Rebuild:
    """What a collector saw while fetching one post's comments."""

    comments: dict[str, dict[str, Any]] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)
    asked: set[str] = field(default_factory=set)
    more: list[list[str]] = field(default_factory=list)
    threads: list[str] = field(default_factory=list)
    followed: int = 0

    def take(self, things: list[dict[str, Any]]) -> None:
        for item in things:
            data = item["data"]
            if item["kind"] == "more" and data["id"] == "_":
                assert data["count"] == 0 and data["children"] == []
                assert data["name"] == "t1__"
                self.threads.append(data["parent_id"].partition("_")[2])
            elif item["kind"] == "more":
                assert 0 < len(data["children"]) <= 100
                assert data["count"] >= len(data["children"])
                self.more.append(data["children"])
            else:
                self.keep(data)

    def keep(self, data: dict[str, Any]) -> None:
        if data["id"] in self.comments:
            self.duplicates.append(data["id"])
        self.comments[data["id"]] = data
        if data["replies"]:
            self.take(data["replies"]["data"]["children"])


def rebuild(api: httpx.Client, post_id: str) -> Rebuild:
    """Fetch a post's comments as a careful collector would."""
    seen = Rebuild()
    page = api.get(f"/comments/{post_id}", params={"limit": 500, "raw_json": 1}).json()
    seen.take(page[1]["data"]["children"])
    while seen.more or seen.threads:
        if seen.more:
            ids = seen.more.pop()
            seen.asked |= set(ids)
            form = {
                "api_type": "json",
                "link_id": f"t3_{post_id}",
                "children": ",".join(ids),
            }
            body = api.post(
                "/api/morechildren", params={"raw_json": 1}, data=form
            ).json()
            things = body["json"]["data"]["things"]
            assert all(
                t["kind"] == "more" or t["data"]["replies"] == "" for t in things
            )
            seen.take(things)
            continue
        parent = seen.threads.pop()
        seen.followed += 1
        thread = api.get(
            f"/comments/{post_id}/_/{parent}", params={"raw_json": 1}
        ).json()
        (root,) = thread[1]["data"]["children"]
        assert root["data"]["id"] == parent and root["data"]["depth"] == 0
        if root["data"]["replies"]:
            seen.take(root["data"]["replies"]["data"]["children"])
    return seen


def test_big_post_rebuilds_completely_through_stubs(
    reader: httpx.Client, corpus_at_start: Corpus
) -> None:
    tree = corpus_at_start.tree("bigtree")
    assert tree is not None
    never = set(tree.never_served_ids())  # type: ignore[attr-defined]

    seen = rebuild(reader, "bigtree")

    assert seen.duplicates == []
    assert len(seen.comments) == 3000 - len(never) == 2988
    assert never <= seen.asked and not never & set(seen.comments)
    for data in seen.comments.values():
        parent_kind, _, parent_id = data["parent_id"].partition("_")
        assert parent_kind == "t3" or parent_id in seen.comments
    assert max(tree.depth(i) for i in seen.comments) > 10
    assert seen.followed > 10


def test_first_page_has_both_kinds_of_stub(reader: httpx.Client) -> None:
    page = reader.get("/comments/bigtree", params={"limit": 500, "depth": 3}).json()
    seen = Rebuild()
    seen.take(page[1]["data"]["children"])

    assert len(seen.comments) == 500
    assert seen.more and seen.threads
    assert max(data["depth"] for data in seen.comments.values()) == 2


def test_comment_shapes(reader: httpx.Client) -> None:
    listing_post, listing_comments = reader.get(
        "/comments/csvtext1", params={"raw_json": 1}
    ).json()

    post = listing_post["data"]["children"][0]["data"]
    first = listing_comments["data"]["children"][0]["data"]
    assert post["title"].startswith("=HYPERLINK")
    for field_name in COMMENT_FIELDS:
        assert field_name in first
    assert first["link_id"] == "t3_csvtext1" and first["depth"] == 0


def test_depth_and_limit_parameters_cut_the_tree(reader: httpx.Client) -> None:
    page = reader.get("/comments/bigtree", params={"limit": 20, "depth": 2}).json()
    seen = Rebuild()
    seen.take(page[1]["data"]["children"])

    assert len(seen.comments) == 20
    assert max(data["depth"] for data in seen.comments.values()) <= 1


def test_focal_comment_with_context(
    reader: httpx.Client, corpus_at_start: Corpus
) -> None:
    tree = corpus_at_start.tree("bigtree")
    assert tree is not None
    deep = next(i for i in tree.children(None) if tree.descendants(i) > 0)
    child = tree.children(deep)[0]

    body = reader.get(f"/comments/bigtree/_/{child}", params={"context": 3}).json()

    (top,) = body[1]["data"]["children"]
    assert top["data"]["id"] == deep and top["data"]["depth"] == 0
    focal = top["data"]["replies"]["data"]["children"][0]["data"]
    assert focal["id"] == child and focal["depth"] == 1


def test_morechildren_refuses_over_100_ids_and_unknown_posts(
    reader: httpx.Client,
) -> None:
    too_many = ",".join(f"c{n:05d}" for n in range(101))
    form = {"api_type": "json", "link_id": "t3_bigtree", "children": too_many}

    assert reader.post("/api/morechildren", data=form).status_code == 400
    unknown = {**form, "link_id": "t3_zzzzzzz", "children": "abc"}
    assert reader.get("/api/morechildren", params=unknown).status_code == 403


def test_morechildren_answers_at_most_100_comments(
    reader: httpx.Client, corpus_at_start: Corpus
) -> None:
    tree = corpus_at_start.tree("huge100k")
    assert tree is not None
    ids = list(tree.children(None))[:100]
    form = {"api_type": "json", "link_id": "t3_huge100k", "children": ",".join(ids)}

    things = reader.post("/api/morechildren", data=form).json()["json"]["data"][
        "things"
    ]

    comments = [thing for thing in things if thing["kind"] == "t1"]
    assert len(comments) == 100
    assert any(thing["kind"] == "more" for thing in things)


@pytest.fixture
def slow_morechildren(corpus_at_start: Corpus) -> Iterator[Harness]:
    faults = Faults(morechildren_delay=0.3)
    with served(create_app(corpus_at_start, faults=faults)) as harness:
        yield harness


def test_concurrent_morechildren_from_one_account_gets_429(
    slow_morechildren: Harness,
) -> None:
    sandbox = slow_morechildren
    same = [sandbox.token(), sandbox.token()]
    other = [
        sandbox.token(),
        sandbox.token(username="sandbox_2fa_user", password="sandbox-password:123456"),
    ]
    form = {"api_type": "json", "link_id": "t3_bigtree", "children": "c013s2"}

    def call(token: str) -> int:
        with sandbox.api(token) as api:
            return api.post("/api/morechildren", data=form).status_code

    with ThreadPoolExecutor(2) as pool:
        clashing = sorted(pool.map(call, same))
        apart = sorted(pool.map(call, other))

    assert clashing == [200, 429]
    assert apart == [200, 200]
    stats = sandbox.http.get("/_sandbox/stats").json()
    assert stats["morechildren_max_concurrency"] == 2
    assert stats["requests_by_endpoint"]["POST /api/morechildren"] == {
        "200": 3,
        "429": 1,
    }


def test_huge_post_serves_a_page_of_its_100000_comments(
    reader: httpx.Client, corpus_at_start: Corpus
) -> None:
    page = reader.get("/comments/huge100k", params={"limit": 500}).json()
    seen = Rebuild()
    seen.take(page[1]["data"]["children"])

    assert page[0]["data"]["children"][0]["data"]["num_comments"] == 100_000
    assert len(seen.comments) == 500
    assert sum(len(ids) for ids in seen.more) > 4000
