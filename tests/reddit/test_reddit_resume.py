"""A job interrupted mid-tree resumes without gaps or duplicates."""

from __future__ import annotations

import time
from typing import Any

from trawl.reddit.ratelimit import forget_limiters
from trawl.sandbox.reddit import Corpus

from .test_reddit_end_to_end import every_comment

SPEC = {"subreddit": "SandboxTech", "sortBy": "top", "n": 15, "getcomments": True}


def collected(jobs: Any, job_uid: int) -> tuple[list[str], list[str], list[str]]:
    posts = [p["id"] for p in jobs.rows(job_uid, "posts")]
    comments = [c["id"] for c in jobs.rows(job_uid, "comments")]
    csv_ids = [row["id"] for row in jobs.csv(job_uid, "comments")]
    return posts, comments, csv_ids


def run_until_done(jobs: Any, job_uid: int) -> str:
    """Run the job again whenever a transient pause comes due, until it ends."""
    for _ in range(200):
        status = (
            jobs.run().get(job_uid)
            or jobs.stack.operator.get_job(job_uid)["job_status"]
        )
        if status in ("SUCCESS", "FAILED"):
            return str(status)
        time.sleep(0.03)  # a transient pause lasts backoff_base * 2 seconds here
    raise AssertionError("the job never ended")


def test_random_failures_that_pause_the_job_change_nothing_in_its_output(
    jobs: Any, reddit: Any
) -> None:
    whole = jobs.submit(SPEC)
    assert jobs.run() == {whole: "SUCCESS"}
    jobs.stack.settings.max_retries = 0
    reddit.faults(failure_rate=0.15, failure_seed=7, fail_status=503)

    broken = jobs.submit(SPEC)
    assert run_until_done(jobs, broken) == "SUCCESS"

    runs = jobs.manifest(broken)["runs"]
    assert len(runs) > 3
    assert {run["status"] for run in runs[:-1]} == {"PAUSED"}
    posts, comments, csv_ids = collected(jobs, broken)
    assert len(comments) == len(set(comments)) == len(csv_ids)
    assert set(comments) == set(collected(jobs, whole)[1])
    assert posts == collected(jobs, whole)[0]
    assert jobs.manifest(broken)["counts"] == jobs.manifest(whole)["counts"]


def test_a_job_paused_by_a_long_throttle_mid_tree_resumes_where_it_stopped(
    jobs: Any, reddit: Any, corpus: Corpus
) -> None:
    reddit.faults(throttle_next=1, retry_after=900, path_prefix="/comments/bigtree/_")

    paused = jobs.submit({"post": "bigtree"})
    assert jobs.run() == {paused: "PAUSED"}
    tree = jobs.detail(paused)["checkpoint"]["state"]["tree"]
    assert tree["fetched"] and tree["threads"]
    halfway = len(jobs.rows(paused, "comments"))
    # As if a new worker process took over after the wait Reddit asked for.
    forget_limiters()
    jobs.stack.operator.job_action(paused, "resume")
    assert jobs.run() == {paused: "SUCCESS"}

    comments = [c["id"] for c in jobs.rows(paused, "comments")]
    assert 500 < halfway < len(comments)
    assert len(comments) == len(set(comments))
    assert set(comments) == every_comment(corpus, "bigtree")
    assert jobs.csv(paused, "trees") == [
        {
            "post_id": "bigtree",
            "num_comments": "3000",
            "collected": "2988",
            "unresolved": "12",
            "outcome": "partial",
        }
    ]
