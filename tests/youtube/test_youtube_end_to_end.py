"""A YouTube job from CREATED to SUCCESS through the API, scheduler and sandbox."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from trawl.sandbox import running
from trawl.sandbox.youtube import create_app as youtube_app
from trawl.sandbox.youtube import synthetic_corpus
from trawl.scheduler import Scheduler

SHOW = "trawlShow01"


@pytest.fixture
def youtube(stack: Any) -> Iterator[str]:
    with running(youtube_app(synthetic_corpus())) as url:
        stack.settings.youtube_api_url = f"{url}/youtube/v3"
        yield url


def submit(stack: Any, detail: dict, token: str = "yt") -> int:
    stack.operator.put_token(
        token, {"social_platform": "YOUTUBE", "api_token": "sandbox-key-1234"}
    )
    return int(
        stack.operator.create_job({"token_uid": token, "job_detail": detail})["job_uid"]
    )


def run_all(stack: Any) -> dict[int, str]:
    return Scheduler(client=stack.worker, settings=stack.settings, once=True).run()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_video_job_collects_metadata_every_thread_and_reply_once(
    stack, youtube
) -> None:  # type: ignore[no-untyped-def]
    job_uid = submit(
        stack,
        {
            "option": "video",
            "input": f"https://youtu.be/{SHOW}?t=3",
            "actions": "metadata, comments",
        },
    )

    assert run_all(stack) == {job_uid: "SUCCESS"}

    job = stack.operator.get_job(job_uid)
    folder = Path(job["output_path"])
    comments = read_jsonl(folder / "comments.jsonl")
    ids = [c["id"] for c in comments]
    assert len(ids) == len(set(ids))
    threads = read_jsonl(folder / "threads.jsonl")
    assert len(threads) == 250
    expected = sum(1 + t["snippet"]["totalReplyCount"] for t in threads)
    assert len(ids) == expected
    with open(folder / "comments.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["comment_id"] for r in rows] == ids
    with open(folder / "threads.csv", newline="", encoding="utf-8") as handle:
        thread_rows = list(csv.DictReader(handle))
    assert {r["video_id"] for r in thread_rows} == {SHOW}
    assert [int(r["total_reply_count"]) for r in thread_rows] == [
        t["snippet"]["totalReplyCount"] for t in threads
    ]
    videos = read_jsonl(folder / "videos.jsonl")
    assert [v["id"] for v in videos] == [SHOW]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["job_status"] == "SUCCESS"
    assert manifest["counts"]["comments"] == expected
    detail = job["job_detail"]
    assert detail["all_comments_retrieved"] is True
    assert detail["comments_count"] == {SHOW: expected}
