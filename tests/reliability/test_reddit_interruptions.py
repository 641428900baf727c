"""A Reddit job interrupted again and again ends with the output of one clean run.

Interruptions: a shutdown request at a random moment (the job pauses at its
next checkpoint), a user's pause at a random moment (the worker is cut off
mid-page and its unsaved rows are dropped on resume), server errors that
outlast the retries (the job pauses), and retried faults (5xx, truncated and
non-JSON bodies, short 429s). A second test kills worker processes with
SIGKILL. Each compares every line of every output file with a clean run.
"""

from __future__ import annotations

import contextlib
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from trawl.errors import Conflict
from trawl.reddit.ratelimit import forget_limiters
from trawl.sandbox import running
from trawl.sandbox.reddit import create_app, synthetic_corpus
from trawl.scheduler import Scheduler

from .helpers import ids_of, output_of, run_once

CREDENTIAL = {
    "social_platform": "REDDIT",
    "client_id": "sandbox-client",
    "secret_token": "sandbox-secret",
    "username": "sandbox_user",
    "password": "sandbox-password",
}
JOB = {"subreddit": "SandboxWorld", "sortBy": "top", "n": 40, "getcomments": "true"}
FAULTS = (
    {"fail_next": 1, "fail_status": 502},
    {"truncate_next": 1},
    {"non_json_next": 1},
    {"throttle_next": 1, "retry_after": 0},
)
SEEDS = range(2)


@pytest.fixture
def sandbox(stack: Any) -> Iterator[str]:
    forget_limiters()
    app = create_app(synthetic_corpus(0), requests_per_window=10**9)
    with running(app) as url:
        stack.settings.reddit_auth_url = url
        stack.settings.reddit_api_url = url
        stack.settings.reddit_requests_per_minute = 600_000
        stack.settings.max_retries = 1
        yield url
    forget_limiters()


def start(stack: Any, token: str, job: dict[str, Any] = JOB) -> int:
    stack.operator.put_token(token, CREDENTIAL)
    return int(
        stack.operator.create_job({"token_uid": token, "job_detail": job})["job_uid"]
    )


def folder_of(stack: Any, job_uid: int) -> Path:
    return Path(stack.operator.get_job(job_uid)["output_path"])


@pytest.mark.parametrize("seed", SEEDS)
def test_interrupted_reddit_job_equals_clean_run(
    stack: Any, sandbox: str, seed: int
) -> None:
    clean = start(stack, "clean")
    assert run_once(stack) == {clean: "SUCCESS"}
    rng = random.Random(seed)
    job_uid = start(stack, "cut")

    interruptions = drive_to_success(stack, sandbox, job_uid, rng)

    folder = folder_of(stack, job_uid)
    comments = ids_of(folder, "comments")
    assert len(comments) == len(set(comments)) > 50
    assert output_of(folder) == output_of(folder_of(stack, clean))
    assert interruptions >= 30, f"seed {seed} exercised only {interruptions}"
    print(f"reddit seed {seed}: {interruptions} interruption points")


def drive_to_success(stack: Any, sandbox: str, job_uid: int, rng: random.Random) -> int:
    """Interrupt the job until it succeeds; return how many runs ended early."""
    interruptions = 0
    for _ in range(300):
        job = stack.operator.get_job(job_uid)
        if job["job_status"] == "SUCCESS":
            return interruptions
        if job["job_detail"]["held_by_user"]:
            stack.operator.job_action(job_uid, "resume")
        time.sleep(0.05)  # let a transient pause come due
        interrupt_once(stack, sandbox, job_uid, rng)
        interruptions += stack.operator.get_job(job_uid)["job_status"] == "PAUSED"
    raise AssertionError("the job never finished")


def interrupt_once(stack: Any, sandbox: str, job_uid: int, rng: random.Random) -> None:
    kind = rng.choice(("stop", "user", "outage", "fault"))
    if kind == "outage":
        faults: dict[str, Any] = {"fail_next": 3, "fail_status": 503}
    else:
        faults = rng.choice(FAULTS) if kind == "fault" else {}
    httpx.post(f"{sandbox}/_sandbox/faults", json=faults).raise_for_status()
    scheduler = Scheduler(client=stack.worker, settings=stack.settings, once=True)
    if kind == "user":
        action: Any = lambda: pause_quietly(stack, job_uid)  # noqa: E731
    else:
        action = scheduler.stop.set
    timer = threading.Timer(rng.uniform(0.0, 0.06), action)
    timer.start()
    scheduler.run()
    timer.join()


def pause_quietly(stack: Any, job_uid: int) -> None:
    """Pause the job as a user would; a job that already ended may refuse."""
    with contextlib.suppress(Conflict):
        stack.operator.job_action(job_uid, "pause")


def test_sigkilled_reddit_workers_lose_and_repeat_nothing(
    stack: Any, sandbox: str
) -> None:
    stack.settings.lease_seconds = 1
    job = {"post": "bigtree"}
    clean = start(stack, "clean", job)
    assert run_once(stack) == {clean: "SUCCESS"}
    job_uid = start(stack, "killed", job)
    rng = random.Random(3)

    kills = 0
    for _ in range(4):
        worker = reddit_worker(stack)
        wait_for_claim(stack, job_uid, kills)
        time.sleep(rng.uniform(0.1, 0.8))
        worker.kill()
        worker.wait()
        if stack.operator.get_job(job_uid)["job_status"] == "SUCCESS":
            break
        kills += 1
        time.sleep(1.2)  # the dead worker's lease must lapse first

    assert kills >= 2
    if stack.operator.get_job(job_uid)["job_status"] != "SUCCESS":
        assert run_once(stack) == {job_uid: "SUCCESS"}
    folder = folder_of(stack, job_uid)
    assert output_of(folder) == output_of(folder_of(stack, clean))


def reddit_worker(stack: Any) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TRAWL_API_URL": stack.url,
        "TRAWL_WORKER_KEY": stack.settings.worker_key,
        "TRAWL_REDDIT_AUTH_URL": stack.settings.reddit_auth_url,
        "TRAWL_REDDIT_API_URL": stack.settings.reddit_api_url,
        "TRAWL_REDDIT_REQUESTS_PER_MINUTE": "600000",
        "TRAWL_DATA_DIR": str(stack.settings.data_dir / "worker"),
        "TRAWL_POLL_SECONDS": "0.05",
        "TRAWL_LEASE_SECONDS": "1",
    }
    command = [sys.executable, "-m", "trawl", "scheduler", "--once"]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def wait_for_claim(stack: Any, job_uid: int, claims: int) -> None:
    deadline = time.monotonic() + 20
    while stack.operator.get_job(job_uid)["job_detail"]["claims"] <= claims:
        assert time.monotonic() < deadline, "the job was not claimed again"
        time.sleep(0.02)
