"""Reddit jobs from CREATED to an end state through the API, scheduler and sandbox."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from trawl.client import ApiError
from trawl.sandbox.reddit import Corpus


def every_comment(corpus: Corpus, post_id: str) -> set[str]:
    """Return the ids of every comment the sandbox can serve for ``post_id``."""
    tree = corpus.tree(post_id)
    assert tree is not None
    found, stack = set(), list(tree.children(None))
    while stack:
        node = stack.pop()
        if tree.servable(node):
            found.add(node)
        stack.extend(tree.children(node))
    return found


def test_subreddit_job_collects_n_posts_and_every_comment_once(
    jobs: Any, reddit: Any, corpus: Corpus
) -> None:
    job_uid = jobs.submit(
        {"subreddit": "SandboxWorld", "sortBy": "new", "n": 5, "getcomments": True}
    )

    assert jobs.run() == {job_uid: "SUCCESS"}

    posts = jobs.rows(job_uid, "posts")
    assert len(posts) == 5
    comments = jobs.rows(job_uid, "comments")
    assert len(comments) == len({c["id"] for c in comments})
    for post in posts:
        got = {c["id"] for c in comments if c["link_id"] == post["name"]}
        assert got == every_comment(corpus, post["id"])
    detail = jobs.detail(job_uid)
    assert detail["posts_count"] == 5
    assert detail["all_posts_retrieved"] and detail["all_comments_retrieved"]
    assert sum(detail["comments_count"].values()) == len(comments)
    trees = jobs.csv(job_uid, "trees")
    assert {row["outcome"] for row in trees} == {"complete"}
    assert [int(row["collected"]) for row in trees] == [
        detail["comments_count"][row["post_id"]] for row in trees
    ]


def test_csv_columns_are_flat_iso_and_safe_for_spreadsheets(
    jobs: Any, reddit: Any
) -> None:
    job_uid = jobs.submit({"post": "csvtext1", "getposts": True})

    assert jobs.run() == {job_uid: "SUCCESS"}

    post = jobs.csv(job_uid, "posts")[0]
    assert post["fullname"] == "t3_csvtext1"
    assert post["created_utc"].endswith("Z") and "T" in post["created_utc"]
    assert post["permalink"].startswith("https://www.reddit.com/r/SandboxWorld/")
    comments = jobs.csv(job_uid, "comments")
    assert all(row["post_id"] == "csvtext1" for row in comments)
    assert not any(row["body"].startswith(("=", "+", "@")) for row in comments)
    assert {row["depth"] for row in comments} >= {"0", "1"}


def test_raw_json_keeps_ampersands_and_deleted_content_is_kept(
    jobs: Any, reddit: Any
) -> None:
    job_uid = jobs.submit({"subreddit": "SandboxWorld", "sortBy": "new", "n": 1000})

    assert jobs.run() == {job_uid: "SUCCESS"}

    posts = {p["id"]: p for p in jobs.rows(job_uid, "posts")}
    assert "&amp;" not in posts["htmlent1"]["selftext"]
    assert "&" in posts["htmlent1"]["selftext"]
    assert posts["deleted1"]["author"] == "[deleted]"
    assert posts["removed1"]["selftext"] == "[removed]"
    assert len(posts) == 305
    assert jobs.manifest(job_uid)["outcomes"]["listing"]["items"] == {
        "listing": "endedEarly"
    }


def test_new_with_a_timeframe_stops_paging_at_the_first_older_post(
    jobs: Any, reddit: Any, corpus: Corpus
) -> None:
    job_uid = jobs.submit(
        {"subreddit": "SandboxNews", "sortBy": "new", "timeframe": "day", "n": 1000}
    )

    assert jobs.run() == {job_uid: "SUCCESS"}

    since = datetime.now(UTC).timestamp() - 86_400
    expected = {
        post_id
        for post_id in corpus.posts_by_subreddit["sandboxnews"]
        if corpus.posts[post_id]["created_utc"] >= since + 60
    }
    got = {p["id"] for p in jobs.rows(job_uid, "posts")}
    assert expected <= got
    assert all(p["created_utc"] >= since - 60 for p in jobs.rows(job_uid, "posts"))
    pages = reddit.stats()["requests_by_endpoint"]["GET /r/{sub}/{sort}"]["200"]
    assert pages <= len(got) // 100 + 1
    listing = jobs.manifest(job_uid)["outcomes"]["listing"]["items"]
    assert list(listing.values()) == ["endedEarly"]


def test_user_job_collects_submissions_and_the_users_own_comments(
    jobs: Any, reddit: Any, corpus: Corpus
) -> None:
    job_uid = jobs.submit(
        {"user": "u/sandbox_author", "n": 1000, "getposts": True, "getcomments": True}
    )

    assert jobs.run() == {job_uid: "SUCCESS"}

    posts = jobs.rows(job_uid, "posts")
    assert len(posts) == 108
    assert {p["author"] for p in posts} == {"sandbox_author"}
    comments = jobs.rows(job_uid, "comments")
    assert {c["id"] for c in comments} == set(corpus.user_comments["sandbox_author"])
    assert len(comments) == 293
    assert jobs.detail(job_uid)["comments_count"] == {"sandbox_author": 293}
    assert "trees.csv" not in {p.name for p in jobs.folder(job_uid).iterdir()}


def test_search_within_a_subreddit_never_returns_other_subreddits(
    jobs: Any, reddit: Any
) -> None:
    inside = jobs.submit({"keyword": "kakapo", "subreddit": "SandboxWorld", "n": 100})
    everywhere = jobs.submit({"keyword": "kakapo", "n": 100})

    assert jobs.run() == {inside: "SUCCESS", everywhere: "SUCCESS"}

    assert {p["subreddit"] for p in jobs.rows(inside, "posts")} == {"SandboxWorld"}
    assert len(jobs.rows(inside, "posts")) == 12
    site_wide = jobs.rows(everywhere, "posts")
    assert len(site_wide) == 20
    assert "SandboxPrivate" not in {p["subreddit"] for p in site_wide}


def test_post_job_collects_the_big_tree_with_true_depths_and_lists_gaps(
    jobs: Any, reddit: Any, corpus: Corpus
) -> None:
    job_uid = jobs.submit(
        {"post": "https://www.reddit.com/r/SandboxTech/comments/bigtree/a_title/"}
    )

    assert jobs.run() == {job_uid: "SUCCESS"}

    tree = corpus.tree("bigtree")
    assert tree is not None
    comments = jobs.rows(job_uid, "comments")
    assert len(comments) == len({c["id"] for c in comments})
    assert {c["id"] for c in comments} == every_comment(corpus, "bigtree")
    assert all(c["depth"] == tree.depth(c["id"]) for c in comments)
    assert max(c["depth"] for c in comments) > 10
    unresolved = jobs.manifest(job_uid)["outcomes"]["comment"]["items"]
    assert sorted(unresolved) == sorted(tree.never_served_ids())
    row = jobs.csv(job_uid, "trees")[0]
    assert row["outcome"] == "partial"
    assert int(row["collected"]) + int(row["unresolved"]) == 3000
    assert int(row["num_comments"]) == 3000


def test_comments_only_job_writes_no_posts(jobs: Any, reddit: Any) -> None:
    job_uid = jobs.submit(
        {
            "subreddit": "SandboxWorld",
            "sortBy": "top",
            "n": 2,
            "getposts": False,
            "getcomments": True,
        }
    )

    assert jobs.run() == {job_uid: "SUCCESS"}

    assert jobs.rows(job_uid, "posts") == []
    assert jobs.rows(job_uid, "comments")
    assert jobs.detail(job_uid)["posts_count"] == 2


def test_a_multireddit_skips_an_unreadable_member_and_records_why(
    jobs: Any, reddit: Any
) -> None:
    job_uid = jobs.submit(
        {"subreddit": "SandboxWorld+SandboxPrivate+sandboxnowhere", "n": 50}
    )

    assert jobs.run() == {job_uid: "SUCCESS"}

    assert {p["subreddit"] for p in jobs.rows(job_uid, "posts")} == {"SandboxWorld"}
    assert jobs.manifest(job_uid)["outcomes"]["subreddit"]["items"] == {
        "SandboxPrivate": "private",
        "sandboxnowhere": "notFound",
    }


UNREACHABLE = [
    ({"subreddit": "SandboxPrivate"}, ["r/SandboxPrivate", "private"]),
    ({"subreddit": "SandboxBanned"}, ["banned"]),
    ({"subreddit": "SandboxQuarantine"}, ["quarantined"]),
    ({"subreddit": "sandboxnowhere"}, ["does not exist"]),
    ({"subreddit": "SandboxPrivate+SandboxBanned"}, ["none of", "private"]),
    ({"keyword": "kakapo", "subreddit": "SandboxPrivate"}, ["private"]),
    ({"user": "sandbox_suspended"}, ["u/sandbox_suspended", "suspended"]),
    ({"user": "sandbox_deleted"}, ["does not exist or was deleted"]),
    ({"post": "zzzzzz"}, ["post zzzzzz", "does not exist"]),
]
REFUSED_LOGINS = [
    ({"password": "not-the-password"}, ["invalid_grant", "two-factor"]),
    ({"username": "sandbox_2fa_user"}, ["invalid_grant"]),
    (
        {"client_id": "sandbox-web-client", "secret_token": "sandbox-web-secret"},
        ["'script'"],
    ),
    ({"secret_token": "not-the-secret"}, ["client id or secret"]),
    ({"client_id": "sandbox-installed-client", "secret_token": ""}, ["script app"]),
]


def test_an_unreachable_only_target_fails_the_job_with_the_reason(
    jobs: Any, reddit: Any
) -> None:
    submitted = {jobs.submit(spec): words for spec, words in UNREACHABLE}

    assert set(jobs.run().values()) == {"FAILED"}

    for job_uid, words in submitted.items():
        detail = jobs.detail(job_uid)
        assert detail["error"] is True
        assert detail["api_key_valid"] is True
        assert all(word in detail["error_description"] for word in words), detail


def test_a_refused_login_fails_the_job_and_marks_the_key_invalid(
    jobs: Any, reddit: Any
) -> None:
    submitted = {
        jobs.submit({"subreddit": "SandboxWorld"}, credential, f"t{n}"): (
            credential,
            words,
        )
        for n, (credential, words) in enumerate(REFUSED_LOGINS)
    }

    assert set(jobs.run().values()) == {"FAILED"}

    for job_uid, (credential, words) in submitted.items():
        detail = jobs.detail(job_uid)
        assert detail["api_key_valid"] is False
        message = detail["error_description"]
        assert all(word in message for word in words), message
        for secret in ("sandbox-password", "sandbox-secret", *credential.values()):
            if "-" in secret and not secret.endswith("-client"):
                assert secret not in message
        manifest = (jobs.folder(job_uid) / "manifest.json").read_text()
        assert "not-the-" not in manifest and "sandbox-password" not in manifest


def test_a_post_url_from_another_site_is_refused(jobs: Any, reddit: Any) -> None:
    jobs.stack.operator.put_token(
        "rd",
        {
            "social_platform": "REDDIT",
            "client_id": "c",
            "username": "u",
            "password": "p",
        },
    )
    with pytest.raises(ApiError) as refused:
        jobs.stack.operator.create_job(
            {
                "token_uid": "rd",
                "job_detail": {"post": "https://evil.example.com/comments/abc"},
            }
        )
    assert refused.value.status == 422
    assert "post" in str(refused.value)
