"""Reddit's failures: retried, waited out, renewed, or paused; never a crash."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from trawl.sandbox.reddit import Corpus, create_app

from .conftest import point, serve
from .test_reddit_end_to_end import every_comment


def bigtree(jobs: Any) -> int:
    return jobs.submit({"post": "bigtree"})


def test_transient_failures_and_short_throttles_are_retried(
    jobs: Any, reddit: Any
) -> None:
    # The sandbox hands these out one request after another, in this order.
    reddit.faults(
        throttle_next=2,
        fail_next=2,
        fail_status=503,
        truncate_next=1,
        non_json_next=1,
        retry_after=1,
        path_prefix="/r/",
    )
    job_uid = jobs.submit({"subreddit": "SandboxWorld", "sortBy": "new", "n": 250})

    assert jobs.run() == {job_uid: "SUCCESS"}

    assert len(jobs.rows(job_uid, "posts")) == 250
    remaining = reddit.control.get("/_sandbox/faults").json()["remaining"]
    assert set(remaining.values()) == {0}
    assert reddit.stats()["throttled"] == 2


def test_a_throttle_without_any_wait_header_backs_off_and_retries(
    jobs: Any, reddit: Any
) -> None:
    reddit.faults(throttle_next=3, path_prefix="/r/")
    job_uid = jobs.submit({"subreddit": "SandboxWorld", "n": 10})

    assert jobs.run() == {job_uid: "SUCCESS"}


def test_a_morechildren_batch_refused_as_too_large_is_split(
    jobs: Any, reddit: Any, corpus: Corpus
) -> None:
    reddit.faults(fail_next=2, fail_status=413, path_prefix="/api/morechildren")
    job_uid = bigtree(jobs)

    assert jobs.run() == {job_uid: "SUCCESS"}

    assert {c["id"] for c in jobs.rows(job_uid, "comments")} == every_comment(
        corpus, "bigtree"
    )
    assert jobs.manifest(job_uid)["counts"]["comments_unresolved"] == 12


def test_a_tree_blocked_for_legal_reasons_is_recorded_and_the_job_goes_on(
    jobs: Any, reddit: Any
) -> None:
    reddit.faults(fail_next=1, fail_status=451, path_prefix="/comments")
    job_uid = jobs.submit({"subreddit": "SandboxWorld", "n": 3, "getcomments": True})

    assert jobs.run() == {job_uid: "SUCCESS"}

    outcomes = jobs.manifest(job_uid)["outcomes"]["post"]["counts"]
    assert outcomes == {"legalBlock": 1, "complete": 2}
    assert [row["outcome"] for row in jobs.csv(job_uid, "trees")].count(
        "legalBlock"
    ) == 1


def test_a_refused_token_is_renewed_and_the_request_repeated(
    jobs: Any, reddit: Any
) -> None:
    reddit.faults(invalid_token_next=2, path_prefix="/comments")
    job_uid = jobs.submit({"subreddit": "SandboxWorld", "n": 3, "getcomments": True})

    assert jobs.run() == {job_uid: "SUCCESS"}

    assert reddit.stats()["tokens_issued"] == 3
    assert jobs.detail(job_uid)["api_key_valid"] is True


def test_endless_server_errors_pause_the_job_for_later(jobs: Any, reddit: Any) -> None:
    jobs.stack.settings.max_retries = 1
    reddit.faults(fail_next=2, fail_status=502, path_prefix="/comments")
    job_uid = jobs.submit({"post": "unicode1"})

    assert jobs.run() == {job_uid: "PAUSED"}
    resume_after = jobs.detail(job_uid)["resume_after"]
    assert resume_after is not None
    time.sleep(0.1)  # the pause lasts backoff_base * 2 ** (max_retries + 1) seconds
    assert jobs.run() == {job_uid: "SUCCESS"}

    runs = jobs.manifest(job_uid)["runs"]
    assert [run["status"] for run in runs] == ["PAUSED", "SUCCESS"]
    assert "HTTP 502" in runs[0]["reason"]
    assert len(jobs.rows(job_uid, "comments")) == 40


def test_a_long_retry_after_pauses_the_job_until_then(jobs: Any, reddit: Any) -> None:
    reddit.faults(throttle_next=1, retry_after=600, path_prefix="/api/morechildren")
    job_uid = bigtree(jobs)

    assert jobs.run() == {job_uid: "PAUSED"}

    detail = jobs.detail(job_uid)
    assert detail["pause_kind"] == "rate"
    assert detail["resume_after"] > detail["checkpoint"]["runs"][0]["started"]
    assert detail["error"] is False


@pytest.fixture
def strict(stack: Any, corpus: Corpus) -> Iterator[Any]:
    """A sandbox that allows 4 requests per 1-second window."""
    app = create_app(corpus, requests_per_window=4, window_seconds=1)
    with serve(app) as sandbox:
        point(stack, sandbox.url)
        yield sandbox


def test_reddit_headers_keep_a_fast_pace_from_ever_seeing_429(
    jobs: Any, strict: Any
) -> None:
    job_uid = jobs.submit({"subreddit": "SandboxNews", "sortBy": "new", "n": 700})

    assert jobs.run() == {job_uid: "SUCCESS"}

    assert len(jobs.rows(job_uid, "posts")) == 700
    assert strict.stats()["throttled"] == 0


def test_the_configured_rate_is_kept_without_any_429(jobs: Any, strict: Any) -> None:
    jobs.stack.settings.reddit_requests_per_minute = 200
    job_uid = jobs.submit({"subreddit": "SandboxNews", "sortBy": "new", "n": 700})
    started = time.monotonic()

    assert jobs.run() == {job_uid: "SUCCESS"}

    requests = strict.stats()["requests_by_client"]["sandbox-client"]
    assert time.monotonic() - started >= (requests - 1) * 0.3
    assert strict.stats()["throttled"] == 0


def test_two_jobs_of_one_account_never_overlap_morechildren_calls(
    jobs: Any, reddit: Any
) -> None:
    first, second = bigtree(jobs), jobs.submit({"post": "bigtree", "sortBy": "new"})

    assert jobs.run() == {first: "SUCCESS", second: "SUCCESS"}

    stats = reddit.stats()
    assert stats["morechildren_max_concurrency"] == 1
    assert stats["throttled"] == 0
