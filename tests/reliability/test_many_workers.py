"""Several scheduler processes share one API: every job runs exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from trawl.sandbox import running
from trawl.sandbox.youtube import create_app, synthetic_corpus

WORKERS = 4
JOBS = 40


@pytest.fixture
def sandbox(stack: Any) -> Iterator[str]:
    with running(create_app(synthetic_corpus())) as url:
        stack.settings.youtube_api_url = f"{url}/youtube/v3"
        yield url


def scheduler_process(stack: Any) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TRAWL_API_URL": stack.url,
        "TRAWL_WORKER_KEY": stack.settings.worker_key,
        "TRAWL_YOUTUBE_API_URL": stack.settings.youtube_api_url,
        "TRAWL_DATA_DIR": str(stack.settings.data_dir / "worker"),
        "TRAWL_POLL_SECONDS": "0.05",
    }
    command = [
        sys.executable,
        "-m",
        "trawl",
        "scheduler",
        "--once",
        "--concurrency",
        "2",
    ]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_every_job_runs_exactly_once_across_processes(stack: Any, sandbox: str) -> None:
    stack.operator.put_token(
        "yt", {"social_platform": "YOUTUBE", "api_token": "key-many"}
    )
    detail = {"option": "video", "input": "trawlZero00", "actions": "metadata"}
    for _ in range(JOBS):
        stack.operator.create_job({"token_uid": "yt", "job_detail": detail})

    workers = [scheduler_process(stack) for _ in range(WORKERS)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()[-2000:]

    jobs = stack.operator.list_jobs()
    assert {job["job_status"] for job in jobs} == {"SUCCESS"}
    assert [job["job_detail"]["claims"] for job in jobs] == [1] * JOBS
    stats = httpx.get(f"{sandbox}/_sandbox/stats").json()
    assert stats["key-many"]["requests"] == {"videos": JOBS}
