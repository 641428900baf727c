"""A user's cancel reaches a running worker; a database outage costs nothing."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from trawl.sandbox import running
from trawl.sandbox.youtube import create_app, synthetic_corpus
from trawl.scheduler import Scheduler

from .helpers import output_of, run_once

JOB = {
    "option": "file",
    "input": "trawlVolume\ntrawlShow01",
    "actions": "metadata,comments",
}


@pytest.fixture
def sandbox(stack: Any) -> Iterator[str]:
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


def run_in_background(stack: Any) -> tuple[Scheduler, threading.Thread]:
    scheduler = Scheduler(client=stack.worker, settings=stack.settings, once=True)
    thread = threading.Thread(target=scheduler.run)
    thread.start()
    return scheduler, thread


def wait_until_running(stack: Any, job_uid: int) -> None:
    deadline = time.monotonic() + 20
    while stack.operator.get_job(job_uid)["job_status"] != "RUNNING":
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_cancel_stops_a_running_job_at_its_next_request(
    stack: Any, sandbox: str
) -> None:
    job_uid = start(stack, "yt")
    scheduler, thread = run_in_background(stack)
    wait_until_running(stack, job_uid)
    time.sleep(0.2)

    stack.operator.job_action(job_uid, "cancel")
    thread.join(timeout=30)

    job = stack.operator.get_job(job_uid)
    assert not thread.is_alive()
    assert scheduler.results == {job_uid: "LOST"}
    assert job["job_status"] == "FAILED"
    assert job["job_detail"]["error_description"] == "cancelled by user"
    assert run_once(stack) == {}
    folder = Path(job["output_path"])
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["job_status"] == "FAILED"
    assert manifest["runs"][-1]["status"] == "interrupted"
    for name, rows in manifest["files"].items():
        lines = (folder / f"{name}.jsonl").read_text().splitlines()
        assert len(lines) == rows, f"{name}.jsonl holds rows past the checkpoint"


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_database_outage_mid_job_loses_nothing(
    stack: Any, sandbox: str, database_url: str
) -> None:
    clean = start(stack, "clean")
    assert run_once(stack) == {clean: "SUCCESS"}
    job_uid = start(stack, "outage")
    scheduler, thread = run_in_background(stack)
    wait_until_running(stack, job_uid)
    time.sleep(0.3)

    cut = drop_connections(database_url)
    thread.join(timeout=60)

    assert cut > 0
    assert scheduler.results == {job_uid: "SUCCESS"}
    folder = Path(stack.operator.get_job(job_uid)["output_path"])
    assert output_of(folder) == output_of(
        Path(stack.operator.get_job(clean)["output_path"])
    )


def drop_connections(database_url: str) -> int:
    """End every other session on the test database, as a server restart would."""
    url = make_url(database_url)
    admin = create_engine(url.set(query={}))
    with admin.begin() as conn:
        ended = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    admin.dispose()
    return int(ended)
