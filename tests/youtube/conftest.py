"""YouTube jobs run for real: API, scheduler and tool against the sandbox.

``yt`` serves the synthetic sandbox and hands back a ``YouTube`` harness that
submits jobs, runs the scheduler once through, and reads what landed on disk
and what the sandbox counted. ``serve_youtube`` does the same for a corpus,
clock or fault setting of the test's choosing. ``Tamper`` is an HTTP proxy in
front of the sandbox that records every request and may rewrite answers, for
the few behaviours (repeated tokens, empty pages) the sandbox never shows.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from trawl import clock
from trawl.sandbox import running
from trawl.sandbox.youtube import Faults, SyntheticCorpus, create_app, synthetic_corpus
from trawl.sandbox.youtube.testing import FakeClock
from trawl.scheduler import Scheduler

KEY = "sandbox-key-1234"
TOKEN = "yt"
BATCH = 50
PAGE = 100

Rewrite = Callable[[str, dict[str, str], dict[str, Any]], dict[str, Any]]


@lru_cache
def corpus() -> SyntheticCorpus:
    """Return the default synthetic corpus, built once per session."""
    return synthetic_corpus()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Return every JSON line of ``path`` (none when it does not exist)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def read_csv(path: Path) -> list[dict[str, str]]:
    """Return the rows of ``path`` as dictionaries."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@dataclass
class Tamper:
    """A proxy that records requests and lets ``rewrite`` change answers."""

    target: str
    rewrite: Rewrite | None = None
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def app(self) -> Starlette:
        """Return the proxy as an ASGI app."""
        return Starlette(routes=[Route("/youtube/v3/{endpoint}", self._forward)])

    def sent(self, endpoint: str) -> list[dict[str, str]]:
        """Return the parameters of every request made to ``endpoint``."""
        return [params for name, params in self.requests if name == endpoint]

    async def _forward(self, request: Request) -> Response:
        endpoint = request.path_params["endpoint"]
        params = dict(request.query_params)
        self.requests.append(
            (endpoint, {k: v for k, v in params.items() if k != "key"})
        )
        async with httpx.AsyncClient() as client:
            answer = await client.get(
                f"{self.target}/youtube/v3/{endpoint}", params=params
            )
        body = answer.content
        if answer.status_code == 200 and self.rewrite is not None:
            changed = self.rewrite(endpoint, params, answer.json())
            body = json.dumps(changed, ensure_ascii=False).encode()
        return Response(
            body,
            status_code=answer.status_code,
            media_type=answer.headers.get("content-type"),
        )


@dataclass
class YouTube:
    """One sandbox behind a live trawl API, and ways to look at both."""

    stack: Any
    url: str
    control: httpx.Client
    proxy: Tamper | None = None
    served: Any = None

    def submit(self, detail: dict[str, Any], **token: Any) -> int:
        """Register the token (with any quota fields) and submit a job."""
        uid = token.pop("token_uid", TOKEN)
        body = {"social_platform": "YOUTUBE", "api_token": KEY, **token}
        self.stack.operator.put_token(uid, body)
        job = self.stack.operator.create_job({"token_uid": uid, "job_detail": detail})
        return int(job["job_uid"])

    def run(self) -> dict[int, str]:
        """Run the scheduler until nothing is runnable; return how jobs ended."""
        settings = self.stack.settings
        return Scheduler(client=self.stack.worker, settings=settings, once=True).run()

    def job(self, job_uid: int) -> dict[str, Any]:
        """Return the job as the API shows it."""
        return dict(self.stack.operator.get_job(job_uid))

    def folder(self, job_uid: int) -> Path:
        """Return the job's output folder."""
        return Path(self.job(job_uid)["output_path"])

    def rows(self, job_uid: int, name: str) -> list[dict[str, Any]]:
        """Return the resources in ``<name>.jsonl``."""
        return read_jsonl(self.folder(job_uid) / f"{name}.jsonl")

    def table(self, job_uid: int, name: str) -> list[dict[str, str]]:
        """Return the rows of ``<name>.csv``."""
        return read_csv(self.folder(job_uid) / f"{name}.csv")

    def manifest(self, job_uid: int) -> dict[str, Any]:
        """Return the job's manifest."""
        return dict(json.loads((self.folder(job_uid) / "manifest.json").read_text()))

    def stats(self) -> dict[str, Any]:
        """Return what the sandbox counted for the test key."""
        answer = self.control.get("/_sandbox/stats").json()
        return dict(answer.get(KEY, {"units": {}, "requests": {}, "statuses": {}}))

    def faults(self, **fields: Any) -> None:
        """Replace the sandbox's injected faults."""
        self.control.post("/_sandbox/faults", json=fields).raise_for_status()

    def comment_ids(self, video_id: str) -> list[str]:
        """Return the id of every thread and reply the sandbox holds for a video."""
        ids: list[str] = []
        for thread in self.served.threads(video_id, order="time", html=False):
            ids.append(thread["id"])
            ids += [r["id"] for r in self.served.replies(thread["id"], html=False)]
        return ids

    def least_units(self, video_ids: list[str], *, metadata: bool = True) -> int:
        """Return the fewest default-bucket units metadata and comments can cost.

        One videos.list per 50 ids; per video one commentThreads.list per 100
        threads (at least one, which is how a video says it has none or has
        comments off); per thread whose inline replies fall short of
        ``totalReplyCount``, one comments.list per 100 replies. Videos the
        sandbox does not know cost nothing more once videos.list left them out.
        """
        known = {video["id"] for video in self.served.videos(video_ids)}
        units = -(-len(video_ids) // BATCH) if metadata else 0
        for video_id in video_ids:
            if metadata and video_id not in known:
                continue
            units += self._comment_pages(video_id)
        return units

    def _comment_pages(self, video_id: str) -> int:
        try:
            threads = self.served.threads(video_id, order="time", html=False)
        except Exception:  # the sandbox's Missing/Refused: one refused request
            return 1
        pages = max(1, -(-len(threads) // PAGE))
        for thread in threads:
            total = thread["snippet"]["totalReplyCount"]
            if total > len(thread.get("replies", {}).get("comments", [])):
                pages += -(-total // PAGE)
        return pages


@pytest.fixture
def serve_youtube(stack: Any) -> Iterator[Callable[..., YouTube]]:
    """Yield a function that serves a sandbox and points trawl at it."""
    with ExitStack() as exits:

        def serve(
            corpus_: Any = None,
            *,
            faults: Faults | None = None,
            fake_clock: FakeClock | None = None,
            tamper: Rewrite | None = None,
            record: bool = False,
            **options: Any,
        ) -> YouTube:
            app = create_app(
                corpus_ or corpus(), faults=faults, clock=fake_clock, **options
            )
            url = exits.enter_context(running(app))
            control = exits.enter_context(httpx.Client(base_url=url))
            proxy = Tamper(url, tamper) if tamper or record else None
            front = exits.enter_context(running(proxy.app())) if proxy else url
            stack.settings.youtube_api_url = f"{front}/youtube/v3"
            return YouTube(stack, url, control, proxy, corpus_ or corpus())

        yield serve


@pytest.fixture
def yt(serve_youtube: Callable[..., YouTube]) -> YouTube:
    """Serve the default synthetic sandbox."""
    return serve_youtube()


@pytest.fixture
def fake_clock() -> Iterator[Callable[[datetime], FakeClock]]:
    """Yield a function that makes trawl (API included) read a hand-moved clock."""
    previous: list[Callable[[], datetime]] = []

    def use(start: datetime) -> FakeClock:
        fake = FakeClock(start)
        previous.append(clock.use(fake))
        return fake

    yield use
    if previous:
        clock.use(previous[0])
