"""Measure Reddit collection against the sandbox: pace kept, and memory.

``run()`` returns and prints two figures:

- rate: a subreddit job with comment trees against a sandbox that enforces
  ``LIMIT`` requests per ``WINDOW`` seconds, with trawl set to the limit and to
  2 % under it; achieved requests per second as a share of the limit, and the
  number of 429 answers (the target is at least 95 % with none).
- memory: peak RSS of a worker process (the scheduler and the collector;
  the sandbox and trawl's API run in the parent) collecting the
  100,000-comment post ``huge100k``, next to the same for a 40-comment post.

Run it with ``python bench/reddit_bench.py``; everything listens on 127.0.0.1.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from trawl.api import create_app as api_app
from trawl.auth import Role, client_key
from trawl.client import ApiClient
from trawl.config import Settings
from trawl.sandbox import running
from trawl.sandbox.reddit import create_app as reddit_app
from trawl.sandbox.reddit import synthetic_corpus
from trawl.scheduler import Scheduler

# Reddit's own rate (100 a minute) over a one-minute window: a few-second
# window would charge every window the second trawl waits past each reset.
LIMIT = 100
WINDOW = 60
CREDENTIAL = {
    "social_platform": "REDDIT",
    "client_id": "sandbox-client",
    "secret_token": "sandbox-secret",
    "username": "sandbox_user",
    "password": "sandbox-password",
}
FAST = 10**7
RATE_JOB = {"subreddit": "SandboxNews", "sortBy": "top", "n": 150, "getcomments": True}


@contextmanager
def worker(folder: Path, reddit_url: str, per_minute: int) -> Iterator[Any]:
    """Serve trawl's API on a fresh database and yield (operator, settings)."""
    settings = Settings(
        data_dir=folder / "data",
        output_root=folder / "output",
        database_url=f"sqlite:///{folder / 'trawl.db'}",
        api_key="operator-key-for-bench-0001",
        worker_key="worker-key-for-bench-0002",
        reddit_auth_url=reddit_url,
        reddit_api_url=reddit_url,
        reddit_requests_per_minute=per_minute,
        lease_seconds=60,
        poll_seconds=0.05,
    )
    with running(api_app(settings)) as url:
        settings.api_url = url
        operator = ApiClient(url, client_key(settings, Role.OPERATOR))
        worker_client = ApiClient(url, client_key(settings, Role.WORKER))
        yield operator, worker_client, settings
        operator.close()
        worker_client.close()


def collect(
    reddit_url: str, spec: dict[str, Any], per_minute: int
) -> tuple[float, dict[str, int]]:
    """Run one job to its end in this process; return its seconds and counts."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        worker(Path(tmp), reddit_url, per_minute) as (operator, client, conf),
    ):
        operator.put_token("bench", CREDENTIAL)
        job = operator.create_job({"token_uid": "bench", "job_detail": spec})
        started = time.monotonic()
        results = Scheduler(client=client, settings=conf, once=True).run()
        elapsed = time.monotonic() - started
        folder = Path(operator.get_job(job["job_uid"])["output_path"])
        counts = json.loads((folder / "manifest.json").read_text())["counts"]
    if set(results.values()) != {"SUCCESS"}:
        raise RuntimeError(f"bench job ended {results}")
    return elapsed, counts


def measure_rate(share: float) -> dict[str, Any]:
    """Collect RATE_JOB with trawl paced at ``share`` of the sandbox's limit."""
    app = reddit_app(requests_per_window=LIMIT, window_seconds=WINDOW)
    with running(app) as url, httpx.Client(base_url=url) as control:
        elapsed, _ = collect(url, RATE_JOB, int(share * LIMIT * 60 / WINDOW))
        stats = control.get("/_sandbox/stats").json()
    requests = sum(stats["requests_by_client"].values())
    achieved = requests / elapsed
    return {
        "configured_share_of_limit": share,
        "requests": requests,
        "seconds": round(elapsed, 1),
        "achieved_per_minute": round(achieved * 60, 1),
        "share_of_limit": round(achieved / (LIMIT / WINDOW), 3),
        "throttled_429": stats["throttled"],
    }


def measure_memory(post: str) -> dict[str, Any]:
    """Collect ``post`` with the scheduler in a child process; return its peak RSS.

    The sandbox and trawl's API run here, so the child's resident set is the
    collector's (with the interpreter and its imports).
    """
    app = reddit_app(synthetic_corpus(0), requests_per_window=10**9)
    with (
        tempfile.TemporaryDirectory() as tmp,
        running(app) as url,
        worker(Path(tmp), url, FAST) as (operator, _, conf),
    ):
        operator.put_token("bench", CREDENTIAL)
        job = operator.create_job({"token_uid": "bench", "job_detail": {"post": post}})
        started = time.monotonic()
        answer = subprocess.run(
            [sys.executable, __file__, "--child"],
            # On stdin, not the command line: the settings hold the worker key.
            input=conf.model_dump_json(),
            check=True,
            capture_output=True,
            text=True,
        )
        elapsed = time.monotonic() - started
        folder = Path(operator.get_job(job["job_uid"])["output_path"])
        counts = json.loads((folder / "manifest.json").read_text())["counts"]
    return {
        "post": post,
        "comments": counts.get("comments", 0),
        "peak_rss_mib": json.loads(answer.stdout.strip().splitlines()[-1]),
        "seconds": round(elapsed, 1),
    }


def child(settings_json: str) -> None:
    """Run the scheduler once with these settings; print the peak RSS in MiB."""
    settings = Settings.model_validate_json(settings_json)
    client = ApiClient(settings.api_url, client_key(settings, Role.WORKER))
    results = Scheduler(client=client, settings=settings, once=True).run()
    if set(results.values()) != {"SUCCESS"}:
        raise SystemExit(f"bench job ended {results}")
    print(round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))


def run() -> dict[str, Any]:
    """Measure pace and memory; print and return the figures."""
    figures = {
        "rate_at_limit": measure_rate(1.0),
        "rate_2pct_under": measure_rate(0.98),
        "memory_small_post": measure_memory("unicode1"),
        "memory_huge100k": measure_memory("huge100k"),
    }
    print(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.stdin.read())
    else:
        run()
