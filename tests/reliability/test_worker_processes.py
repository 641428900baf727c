"""Real worker processes killed with SIGKILL or stopped with SIGTERM lose nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from trawl.sandbox import running
from trawl.sandbox.youtube import create_app, synthetic_corpus

from .helpers import ids_of, output_of, run_once

JOB = {
    "option": "file",
    "input": "trawlVolume\ntrawlShow01",
    "actions": "metadata,comments",
}
LEASE = 1


@pytest.fixture
def sandbox(stack: Any) -> Iterator[str]:
    stack.settings.lease_seconds = LEASE
    with running(create_app(synthetic_corpus(volume_comments=20_000))) as url:
        stack.settings.youtube_api_url = f"{url}/youtube/v3"
        yield url


def start(stack: Any, token: str) -> int:
    stack.operator.put_token(
        token, {"social_platform": "YOUTUBE", "api_token": f"key-{token}"}
    )
    return int(
        stack.operator.create_job({"token_uid": token, "job_detail": JOB})["job_uid"]
    )


def worker_process(stack: Any, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TRAWL_API_URL": stack.url,
        "TRAWL_WORKER_KEY": stack.settings.worker_key,
        "TRAWL_YOUTUBE_API_URL": stack.settings.youtube_api_url,
        "TRAWL_DATA_DIR": str(stack.settings.data_dir / "worker"),
        "TRAWL_POLL_SECONDS": "0.05",
        "TRAWL_LEASE_SECONDS": str(LEASE),
        "TRAWL_BACKOFF_BASE": "0.01",
    }
    command = [sys.executable, "-m", "trawl", "scheduler", *args]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def wait_for_claim(stack: Any, job_uid: int, claims: int, seconds: float = 20) -> None:
    """Wait until the job has been claimed more than ``claims`` times."""
    deadline = time.monotonic() + seconds
    while stack.operator.get_job(job_uid)["job_detail"]["claims"] <= claims:
        assert time.monotonic() < deadline, f"job {job_uid} was not claimed again"
        time.sleep(0.02)


def folder_of(stack: Any, job_uid: int) -> Path:
    return Path(stack.operator.get_job(job_uid)["output_path"])


def test_sigkill_at_random_moments_loses_and_repeats_nothing(
    stack: Any, sandbox: str
) -> None:
    clean = start(stack, "clean")
    assert run_once(stack) == {clean: "SUCCESS"}
    job_uid = start(stack, "killed")
    rng = random.Random(7)

    kills = 0
    for _ in range(5):
        worker = worker_process(stack, "--once")
        wait_for_claim(stack, job_uid, kills)
        time.sleep(rng.uniform(0.0, 0.6))
        worker.kill()
        worker.wait()
        if stack.operator.get_job(job_uid)["job_status"] == "SUCCESS":
            break
        kills += 1
        time.sleep(LEASE + 0.2)  # the dead worker's lease must lapse first

    assert kills >= 3
    if stack.operator.get_job(job_uid)["job_status"] != "SUCCESS":
        assert run_once(stack) == {job_uid: "SUCCESS"}
    folder = folder_of(stack, job_uid)
    comments = ids_of(folder, "comments")
    assert len(comments) == len(set(comments))
    assert output_of(folder) == output_of(folder_of(stack, clean))
    assert stack.operator.get_job(job_uid)["job_detail"]["claims"] == kills + 1


def test_sigterm_pauses_the_job_with_a_reason_within_ten_seconds(
    stack: Any, sandbox: str
) -> None:
    clean = start(stack, "clean")
    assert run_once(stack) == {clean: "SUCCESS"}
    job_uid = start(stack, "stopped")
    worker = worker_process(stack)
    wait_for_claim(stack, job_uid, 0)
    time.sleep(0.2)

    sent = time.monotonic()
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=15)
    elapsed = time.monotonic() - sent

    job = stack.operator.get_job(job_uid)
    assert elapsed < 10
    assert job["job_status"] == "PAUSED"
    assert job["job_detail"]["pause_kind"] == "shutdown"
    assert "shutting down" in job["job_detail"]["pause_reason"]
    assert run_once(stack) == {job_uid: "SUCCESS"}
    assert output_of(folder_of(stack, job_uid)) == output_of(folder_of(stack, clean))
