"""A YouTube job interrupted again and again ends with the output of one clean run.

Interruptions: the token's quota cut to a few units (the job pauses before the
request it cannot pay), transient sandbox faults (retried), a shutdown request
at a random moment, and a user's pause and resume. Each seed draws its own
sequence; the test counts the interruption points it exercised.
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from trawl.errors import Conflict
from trawl.sandbox import running
from trawl.sandbox.youtube import create_app, synthetic_corpus
from trawl.scheduler import Scheduler

from .helpers import ids_of, output_of, run_once

JOB = {
    "option": "file",
    "input": "trawlShow01\ntrawlNoCmts\nhttps://youtu.be/trawlZero00\ntrawlGone00\n",
    "actions": "metadata,comments",
}
FAULTS = (
    {"fail_next": 2, "fail_status": 503},
    {"fail_next": 1, "fail_status": 500},
    {"truncate_next": 1},
    {"not_json_next": 1},
    {"rate_limit_next": 2},
)
SEEDS = range(7)


@pytest.fixture
def sandbox(stack: Any) -> Iterator[str]:
    with running(create_app(synthetic_corpus())) as url:
        stack.settings.youtube_api_url = f"{url}/youtube/v3"
        yield url


def start(stack: Any, token: str) -> int:
    stack.operator.put_token(
        token, {"social_platform": "YOUTUBE", "api_token": f"key-{token}"}
    )
    answer = stack.operator.create_job({"token_uid": token, "job_detail": JOB})
    return int(answer["job_uid"])


def folder_of(stack: Any, job_uid: int) -> Path:
    return Path(stack.operator.get_job(job_uid)["output_path"])


@pytest.fixture
def baseline(stack: Any, sandbox: str) -> Path:
    job_uid = start(stack, "clean")
    assert run_once(stack) == {job_uid: "SUCCESS"}
    return folder_of(stack, job_uid)


@pytest.mark.parametrize("seed", SEEDS)
def test_interrupted_youtube_job_equals_clean_run(
    stack: Any, sandbox: str, baseline: Path, seed: int
) -> None:
    rng = random.Random(seed)
    job_uid = start(stack, "cut")
    interruptions = drive_to_success(stack, sandbox, job_uid, rng)

    folder = folder_of(stack, job_uid)
    comments = ids_of(folder, "comments")
    assert len(comments) == len(set(comments))
    assert output_of(folder) == output_of(baseline)
    assert interruptions >= 8, (
        f"seed {seed} exercised only {interruptions} interruptions"
    )
    print(f"seed {seed}: {interruptions} interruption points")


def drive_to_success(stack: Any, sandbox: str, job_uid: int, rng: random.Random) -> int:
    """Interrupt the job until it succeeds; return how many runs ended early."""
    interruptions = 0
    for _ in range(400):
        status = stack.operator.get_job(job_uid)["job_status"]
        if status == "SUCCESS":
            return interruptions
        assert status in ("CREATED", "PAUSED"), status
        interrupt_once(stack, sandbox, job_uid, rng)
        job = stack.operator.get_job(job_uid)
        interruptions += job["job_status"] == "PAUSED"
        if job["job_detail"]["held_by_user"]:
            assert run_once(stack) == {}, "a job a user paused must not run"
            stack.operator.job_action(job_uid, "resume")
    raise AssertionError("the job never finished")


def interrupt_once(stack: Any, sandbox: str, job_uid: int, rng: random.Random) -> None:
    """Give the job a few units of quota, maybe with a fault, a stop or a pause."""
    quota = rng.randint(1, 3)
    stack.operator.put_token(
        "cut", {"social_platform": "YOUTUBE", "token_quota": quota}
    )
    kind = rng.choice(("quota", "fault", "stop", "user"))
    if kind == "fault":
        httpx.post(
            f"{sandbox}/_sandbox/faults", json=rng.choice(FAULTS)
        ).raise_for_status()
        stack.operator.put_token(
            "cut", {"social_platform": "YOUTUBE", "token_quota": quota + 3}
        )
    scheduler = Scheduler(client=stack.worker, settings=stack.settings, once=True)
    if kind == "stop":
        action: Any = scheduler.stop.set
    elif kind == "user":
        action = lambda: pause_quietly(stack, job_uid)  # noqa: E731
    else:
        action = lambda: None  # noqa: E731
    timer = threading.Timer(rng.uniform(0.0, 0.05), action)
    timer.start()
    scheduler.run()
    timer.join()


def pause_quietly(stack: Any, job_uid: int) -> None:
    """Pause the job as a user would; a job that already ended may refuse."""
    with contextlib.suppress(Conflict):
        stack.operator.job_action(job_uid, "pause")
