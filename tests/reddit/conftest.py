"""Fixtures for Reddit jobs: a served sandbox wired into the stack's settings."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from trawl.reddit.ratelimit import forget_limiters
from trawl.sandbox import running
from trawl.sandbox.reddit import Corpus, create_app, synthetic_corpus
from trawl.scheduler import Scheduler

CREDENTIAL = {
    "social_platform": "REDDIT",
    "client_id": "sandbox-client",
    "secret_token": "sandbox-secret",
    "username": "sandbox_user",
    "password": "sandbox-password",
}


@dataclass
class Sandbox:
    """A served Reddit sandbox and a client for its control endpoints."""

    url: str
    app: Any
    control: httpx.Client

    def faults(self, **settings: Any) -> None:
        """Replace the sandbox's fault settings."""
        self.control.post("/_sandbox/faults", json=settings).raise_for_status()

    def stats(self) -> dict[str, Any]:
        """Return the sandbox's request counts."""
        return dict(self.control.get("/_sandbox/stats").json())


@contextmanager
def serve(app: Any) -> Iterator[Sandbox]:
    """Serve a sandbox app and yield it with a control client."""
    with running(app) as url, httpx.Client(base_url=url, timeout=30) as control:
        yield Sandbox(url, app, control)


@pytest.fixture(autouse=True)
def fresh_limiters() -> None:
    """Start each test without the waits an earlier test's sandbox asked for."""
    forget_limiters()


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """Return the seed-0 synthetic corpus, built once."""
    return synthetic_corpus(0)


@pytest.fixture
def reddit(stack: Any, corpus: Corpus) -> Iterator[Sandbox]:
    """Serve the synthetic sandbox and point the stack's settings at it."""
    with serve(create_app(corpus, requests_per_window=10**9)) as sandbox:
        point(stack, sandbox.url)
        yield sandbox


def point(stack: Any, url: str) -> None:
    """Send the stack's Reddit calls to ``url`` at a rate that keeps tests quick."""
    stack.settings.reddit_auth_url = url
    stack.settings.reddit_api_url = url
    stack.settings.reddit_requests_per_minute = 600_000


@dataclass
class Jobs:
    """Submit Reddit jobs to the stack, run them and read what they wrote."""

    stack: Any

    def submit(
        self,
        spec: dict[str, Any],
        credential: dict[str, Any] | None = None,
        token: str = "rd",
    ) -> int:
        """Register the token (sandbox credentials by default) and create a job."""
        self.stack.operator.put_token(token, {**CREDENTIAL, **(credential or {})})
        body = {"token_uid": token, "job_detail": spec}
        return int(self.stack.operator.create_job(body)["job_uid"])

    def run(self) -> dict[int, str]:
        """Run every runnable job once."""
        scheduler = Scheduler(
            client=self.stack.worker, settings=self.stack.settings, once=True
        )
        return scheduler.run()

    def detail(self, job_uid: int) -> dict[str, Any]:
        """Return the job's detail as the API shows it."""
        return dict(self.stack.operator.get_job(job_uid)["job_detail"])

    def folder(self, job_uid: int) -> Path:
        """Return the job's output folder."""
        return Path(self.stack.operator.get_job(job_uid)["output_path"])

    def rows(self, job_uid: int, name: str) -> list[dict[str, Any]]:
        """Return the objects of the job's ``<name>.jsonl`` (none when absent)."""
        path = self.folder(job_uid) / f"{name}.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines()]

    def csv(self, job_uid: int, name: str) -> list[dict[str, str]]:
        """Return the rows of the job's ``<name>.csv``."""
        path = self.folder(job_uid) / f"{name}.csv"
        with open(path, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    def manifest(self, job_uid: int) -> dict[str, Any]:
        """Return the job's manifest."""
        path = self.folder(job_uid) / "manifest.json"
        return dict(json.loads(path.read_text()))


@pytest.fixture
def jobs(stack: Any) -> Jobs:
    """Return the job helper for the stack."""
    return Jobs(stack)
