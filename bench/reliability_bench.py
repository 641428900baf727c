"""Figures for many workers, quota resets and crashed workers (issue 4).

- claims per second and double claims with 8 scheduler processes on PostgreSQL;
- seconds from a quota reset to the paused job running again;
- seconds from SIGKILL of a worker to its job running elsewhere, default lease.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.processes import base_env, postgres_schema, serving, trawl
from trawl.client import ApiClient
from trawl.config import Settings

SCHEDULERS = 8
JOBS = 1000


def run() -> dict[str, Any]:
    """Measure and return the figures."""
    with tempfile.TemporaryDirectory() as temp, postgres_schema() as database:
        env = base_env(Path(temp), database)
        with serving(
            "sandbox", "youtube", env=env, health="/_sandbox/stats"
        ) as youtube:
            env["TRAWL_YOUTUBE_API_URL"] = f"{youtube}/youtube/v3"
            with serving("serve", env=env, health="/health") as api:
                env["TRAWL_API_URL"] = api
                figures = _claims(env, api, youtube)
                figures.update(_quota_reset(env, api))
                figures.update(_sigkill(env, api))
    return figures


def _operator(api: str) -> ApiClient:
    return ApiClient(api, "bench-operator-key")


def _claims(env: dict[str, str], api: str, youtube: str) -> dict[str, Any]:
    operator = _operator(api)
    operator.put_token(
        "many", {"social_platform": "YOUTUBE", "api_token": "bench-many"}
    )
    detail = {"option": "video", "input": "trawlZero00", "actions": "metadata"}
    for _ in range(JOBS):
        operator.create_job({"token_uid": "many", "job_detail": detail})
    started = time.monotonic()
    schedulers = [
        trawl(
            "scheduler",
            "--once",
            "--concurrency",
            "4",
            env={**env, "TRAWL_POLL_SECONDS": "0.1"},
        )
        for _ in range(SCHEDULERS)
    ]
    for process in schedulers:
        process.wait(timeout=900)
    elapsed = time.monotonic() - started
    jobs = [j for j in operator.list_jobs() if j["token_uid"] == "many"]
    claims = sum(job["job_detail"]["claims"] for job in jobs)
    calls = httpx.get(f"{youtube}/_sandbox/stats").json()["bench-many"]["requests"]
    return {
        "jobs": len(jobs),
        "succeeded": sum(job["job_status"] == "SUCCESS" for job in jobs),
        "schedulers": SCHEDULERS,
        "claims_per_second": round(claims / elapsed, 1),
        "double_claims": claims - len(jobs),
        "videos_calls": calls.get("videos", 0),
    }


def _quota_reset(env: dict[str, str], api: str) -> dict[str, Any]:
    operator = _operator(api)
    operator.put_token(
        "reset",
        {"social_platform": "YOUTUBE", "api_token": "bench-reset", "token_quota": 0},
    )
    job = operator.create_job(
        {
            "token_uid": "reset",
            "job_detail": {
                "option": "video",
                "input": "trawlShow01",
                "actions": "metadata",
            },
        }
    )
    scheduler = trawl("scheduler", env=env)
    try:
        _wait(lambda: operator.get_job(job["job_uid"])["job_status"] == "PAUSED")
        reset = time.monotonic()
        operator.put_token(
            "reset", {"social_platform": "YOUTUBE", "token_quota": 10_000}
        )
        _wait(lambda: operator.get_job(job["job_uid"])["job_detail"]["claims"] >= 2)
        seconds = time.monotonic() - reset
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=20)
    return {
        "quota_reset_to_running_seconds": round(seconds, 2),
        "poll_seconds": Settings().poll_seconds,
    }


def _sigkill(env: dict[str, str], api: str) -> dict[str, Any]:
    operator = _operator(api)
    operator.put_token(
        "kill", {"social_platform": "YOUTUBE", "api_token": "bench-kill"}
    )
    detail = {
        "option": "query",
        "input": "trawl demo",
        "actions": "metadata,comments",
        "videos": 400,
    }
    job_uid = operator.create_job({"token_uid": "kill", "job_detail": detail})[
        "job_uid"
    ]
    first = trawl("scheduler", env=env)
    _wait(lambda: operator.get_job(job_uid)["job_detail"]["claims"] >= 1)
    time.sleep(1)
    first.kill()
    killed = time.monotonic()
    second = trawl("scheduler", env=env)
    try:
        _wait(
            lambda: operator.get_job(job_uid)["job_detail"]["claims"] >= 2, seconds=300
        )
        seconds = time.monotonic() - killed
    finally:
        second.terminate()
        second.wait(timeout=20)
    return {
        "sigkill_to_running_elsewhere_seconds": round(seconds, 1),
        "lease_seconds": Settings().lease_seconds,
    }


def _wait(condition: Any, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.05)


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name:40} {value}")
