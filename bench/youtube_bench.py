"""Measure YouTube collection: quota efficiency, worker memory, comments per second.

The parent process serves the YouTube sandbox and the trawl API on loopback
ports (threads) with a fresh SQLite file, submits the demo's YouTube jobs and
one video of 200,000 comments, and runs the scheduler in a child process per
group of jobs, so the child's peak resident set is the collector's alone.

Least quota is counted from the sandbox's own data, page by page: one
``search.list`` per 50 results wanted, one ``videos.list`` per 50 ids, per
video one ``commentThreads.list`` per 100 threads (at least one), and per
thread whose inline replies fall short of ``totalReplyCount`` one
``comments.list`` per 100 replies.

Run: ``.venv/bin/python bench/youtube_bench.py``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

VOLUME_COMMENTS = 200_000
VOLUME_JOB = {"option": "video", "input": "trawlVolume", "actions": "metadata,comments"}
PAGE = 100
BATCH = 50
TOKEN = "bench-youtube"
KEY = "bench-youtube-key-0001"
WORKER_ENV = ("TRAWL_BENCH_API", "TRAWL_BENCH_KEY", "TRAWL_BENCH_YOUTUBE")


def run() -> dict[str, object]:
    """Run the demo jobs and the 200,000-comment job; return the figures."""
    from trawl.demo import YOUTUBE_JOBS
    from trawl.sandbox.youtube import synthetic_corpus

    corpus = synthetic_corpus(volume_comments=VOLUME_COMMENTS)
    with (
        tempfile.TemporaryDirectory(prefix="trawl-bench-") as folder,
        ExitStack() as stack,
    ):
        services = _start(stack, corpus, Path(folder))
        demo = _measure(services, corpus, YOUTUBE_JOBS)
        volume = _measure(services, corpus, [VOLUME_JOB])
    return {"demo": demo, "volume": volume}


def _start(stack: ExitStack, corpus: Any, folder: Path) -> dict[str, Any]:
    from trawl.api import create_app
    from trawl.auth import Role, client_key
    from trawl.client import ApiClient
    from trawl.config import Settings
    from trawl.sandbox import running
    from trawl.sandbox.youtube import create_app as youtube_app

    youtube = stack.enter_context(running(youtube_app(corpus)))
    settings = Settings(
        data_dir=folder / "data",
        output_root=folder / "output",
        database_url=None,
        api_key="bench-operator-key-0001",
        worker_key="bench-worker-key-0002",
        secret_key=None,
        youtube_api_url=f"{youtube}/youtube/v3",
    )
    settings.api_url = stack.enter_context(running(create_app(settings)))
    operator = ApiClient(settings.api_url, client_key(settings, Role.OPERATOR))
    stack.callback(operator.close)
    operator.put_token(TOKEN, {"social_platform": "YOUTUBE", "api_token": KEY})
    return {
        "youtube": youtube,
        "api": settings.api_url,
        "worker_key": client_key(settings, Role.WORKER),
        "operator": operator,
    }


def _measure(
    services: dict[str, Any], corpus: Any, details: list[dict[str, Any]]
) -> list[dict[str, object]]:
    operator = services["operator"]
    jobs = [
        operator.create_job({"token_uid": TOKEN, "job_detail": detail})["job_uid"]
        for detail in details
    ]
    peak_mb = _run_worker(services)
    return [_figures(operator.get_job(job_uid), corpus, peak_mb) for job_uid in jobs]


def _run_worker(services: dict[str, Any]) -> float:
    """Run the scheduler once through in a child; return its peak RSS in MB."""
    env = dict(os.environ)
    env.update(
        zip(
            WORKER_ENV,
            (services["api"], services["worker_key"], services["youtube"]),
            strict=True,
        )
    )
    child = subprocess.run(
        [sys.executable, __file__, "worker"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(json.loads(child.stdout.strip().splitlines()[-1])["peak_mb"])


def _figures(job: dict[str, Any], corpus: Any, peak_mb: float) -> dict[str, object]:
    manifest = json.loads((Path(job["output_path"]) / "manifest.json").read_text())
    spent = sum(manifest["quota_spent"].values())
    least = sum(least_quota(job["job_detail"], corpus).values())
    comments = manifest["counts"].get("comments", 0)
    seconds = _seconds(manifest["runs"])
    return {
        "job": f"{job['job_detail']['option']} {job['job_detail']['input']}",
        "status": job["job_status"],
        "comments": comments,
        "quota_spent": spent,
        "least_quota": least,
        "ratio": round(spent / least, 2),
        "seconds": round(seconds, 2),
        "comments_per_second": round(comments / seconds) if seconds else 0,
        "worker_peak_mb": round(peak_mb, 1),
    }


def least_quota(detail: dict[str, Any], corpus: Any) -> dict[str, int]:
    """Return the fewest units per bucket a job's videos could cost."""
    ids: list[str] = detail["videos_ids"]
    units = {"default": 0}
    if detail["option"] == "query":
        units["search"] = _pages(len(ids), BATCH)
    known = {video["id"] for video in corpus.videos(ids)}
    metadata = "metadata" in detail["actions"]
    if metadata:
        units["default"] += _pages(len(ids), BATCH)
    if "comments" in detail["actions"]:
        wanted = [v for v in ids if v in known or not metadata]
        units["default"] += sum(_comment_pages(corpus, v) for v in wanted)
    return units


def _comment_pages(corpus: Any, video_id: str) -> int:
    try:
        threads = corpus.threads(video_id, order="time", html=False)
    except Exception:  # the sandbox refuses it: one request says so
        return 1
    pages = _pages(len(threads), PAGE)
    for thread in threads:
        total = thread["snippet"]["totalReplyCount"]
        if total > len(thread.get("replies", {}).get("comments", [])):
            pages += _pages(total, PAGE)
    return pages


def _pages(count: int, size: int) -> int:
    return max(1, -(-count // size))


def _seconds(runs: list[dict[str, Any]]) -> float:
    return sum(
        (
            datetime.fromisoformat(run["ended"])
            - datetime.fromisoformat(run["started"])
        ).total_seconds()
        for run in runs
        if run.get("ended")
    )


def _worker() -> None:
    """Run the scheduler against the parent's API; print the peak RSS as JSON."""
    from trawl.client import ApiClient
    from trawl.config import Settings
    from trawl.scheduler import Scheduler

    api, key, youtube = (os.environ[name] for name in WORKER_ENV)
    settings = Settings(api_url=api, youtube_api_url=f"{youtube}/youtube/v3")
    settings.poll_seconds = 0.1
    client = ApiClient(api, key)
    started = time.monotonic()
    results = Scheduler(
        client=client, settings=settings, concurrency=2, once=True
    ).run()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    answer = {
        "results": results,
        "peak_mb": peak_kb / 1024,
        "seconds": time.monotonic() - started,
    }
    print(json.dumps(answer))


def _table(figures: dict[str, object]) -> str:
    columns = (
        "job",
        "status",
        "comments",
        "quota_spent",
        "least_quota",
        "ratio",
        "comments_per_second",
        "worker_peak_mb",
    )
    rows = [columns] + [
        tuple(_cell(row[name]) for name in columns)
        for group in figures.values()
        for row in group  # type: ignore[attr-defined]
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        for row in rows
    ]
    return "\n".join(lines)


def _cell(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    if sys.argv[1:] == ["worker"]:
        _worker()
    else:
        print(_table(run()))
