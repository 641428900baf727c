"""``trawl demo``: real jobs end to end against the local sandboxes.

It starts the YouTube and Reddit sandboxes and the API on free loopback ports
with a fresh SQLite file, registers tokens, submits jobs, runs the scheduler
until every job has ended, and prints where the files are.
"""

from __future__ import annotations

import json
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from trawl import clock
from trawl.api import create_app
from trawl.auth import Role, client_key
from trawl.client import ApiClient
from trawl.config import Settings
from trawl.sandbox import running
from trawl.scheduler import Scheduler

YOUTUBE_JOBS = [
    {
        "option": "video",
        "input": "https://www.youtube.com/watch?v=trawlShow01&t=42",
        "actions": "metadata, comments",
    },
    {
        "option": "query",
        "input": "trawl demo",
        "actions": ["metadata", "comments"],
        "videos": 12,
    },
]
REDDIT_JOBS = [
    {
        "subreddit": "SandboxWorld",
        "sortBy": "top",
        "timeframe": "all",
        "n": 10,
        "getposts": "true",
        "getcomments": "true",
    },
]


def run_demo(folder: Path) -> int:
    """Run the demo under ``folder``; return 0 when every job succeeded."""
    base = (folder / clock.stamp(clock.now())).resolve()
    with ExitStack() as stack:
        settings = _start_services(stack, base)
        jobs = _submit(settings)
        _print(f"submitted {len(jobs)} jobs; running the scheduler")
        results = _schedule(settings)
        return _report(settings, jobs, results)


def _start_services(stack: ExitStack, base: Path) -> Settings:
    from trawl.sandbox.reddit import create_app as reddit_app
    from trawl.sandbox.youtube import create_app as youtube_app

    youtube = stack.enter_context(running(youtube_app()))
    reddit = stack.enter_context(running(reddit_app()))
    settings = Settings(
        data_dir=base / "data",
        output_root=base / "output",
        database_url=None,
        api_key=None,
        worker_key=None,
        secret_key=None,
        youtube_api_url=f"{youtube}/youtube/v3",
        reddit_auth_url=reddit,
        reddit_api_url=reddit,
        poll_seconds=0.2,
        backoff_base=0.2,
    )
    settings.api_url = stack.enter_context(running(create_app(settings)))
    _print(
        f"YouTube sandbox {youtube}, Reddit sandbox {reddit}, API {settings.api_url}"
    )
    _print(f"database {settings.resolved_database_url()}")
    return settings


def _submit(settings: Settings) -> list[int]:
    operator = ApiClient(settings.api_url, client_key(settings, Role.OPERATOR))
    operator.put_token(
        "demo-youtube",
        {"social_platform": "YOUTUBE", "api_token": "demo-youtube-key-0001"},
    )
    operator.put_token(
        "demo-reddit",
        {
            "social_platform": "REDDIT",
            "client_id": "sandbox-client",
            "secret_token": "sandbox-secret",
            "username": "sandbox_user",
            "password": "sandbox-password",
        },
    )
    jobs = [
        operator.create_job({"token_uid": "demo-youtube", "job_detail": d})
        for d in YOUTUBE_JOBS
    ]
    jobs += [
        operator.create_job({"token_uid": "demo-reddit", "job_detail": d})
        for d in REDDIT_JOBS
    ]
    for job in jobs:
        _print(
            f"job {job['job_uid']} {job['social_platform']} {job['job_status']}: "
            f"{json.dumps(_what(job))}"
        )
    return [int(job["job_uid"]) for job in jobs]


def _what(job: dict[str, Any]) -> dict[str, Any]:
    detail = job["job_detail"]
    keys = (
        "option",
        "input",
        "actions",
        "videos",
        "subreddit",
        "sortBy",
        "n",
        "getcomments",
    )
    return {k: detail[k] for k in keys if detail.get(k) not in (None, "")}


def _schedule(settings: Settings) -> dict[int, str]:
    worker = ApiClient(settings.api_url, client_key(settings, Role.WORKER))
    done = threading.Event()
    watcher = threading.Thread(target=_watch, args=(settings, done), daemon=True)
    watcher.start()
    results = Scheduler(
        client=worker, settings=settings, concurrency=3, once=True
    ).run()
    done.set()
    watcher.join()
    return results


def _watch(settings: Settings, done: threading.Event) -> None:
    operator = ApiClient(settings.api_url, client_key(settings, Role.OPERATOR))
    seen: dict[int, str] = {}
    while True:
        finished = done.is_set()
        for job in operator.list_jobs():
            if seen.get(job["job_uid"]) != job["job_status"]:
                seen[job["job_uid"]] = job["job_status"]
                _print(f"job {job['job_uid']} is {job['job_status']}")
        if finished:
            return
        done.wait(0.1)


def _report(settings: Settings, jobs: list[int], results: dict[int, str]) -> int:
    operator = ApiClient(settings.api_url, client_key(settings, Role.OPERATOR))
    ok = True
    for job_uid in jobs:
        job = operator.get_job(job_uid)
        folder = Path(job["output_path"])
        manifest = (
            json.loads((folder / "manifest.json").read_text())
            if (folder / "manifest.json").exists()
            else {}
        )
        ok &= job["job_status"] == "SUCCESS"
        _print(f"\njob {job_uid} ({job['social_platform']}): {job['job_status']}")
        _print(f"  output  {folder}")
        _print(f"  counts  {json.dumps(manifest.get('counts', {}))}")
        if manifest.get("quota_spent"):
            _print(f"  quota   {json.dumps(manifest['quota_spent'])}")
        for entry in operator.files(job_uid)["files"]:
            _print(f"  file    {entry['name']} ({entry['bytes']} bytes)")
        if job["job_detail"].get("error_description"):
            _print(f"  note    {job['job_detail']['error_description']}")
    _print("\nall jobs succeeded" if ok else "\nsome jobs did not succeed")
    return 0 if ok else 1


def _print(text: str) -> None:
    print(text, flush=True)
