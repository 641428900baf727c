"""Leases fence a lapsed worker out of its job and files; API restarts are survived."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from trawl.api import create_app as api_app
from trawl.auth import Role, client_key
from trawl.client import ApiClient
from trawl.errors import Conflict
from trawl.output import RowWriter
from trawl.sandbox import free_port, running
from trawl.sandbox.youtube import create_app, synthetic_corpus
from trawl.scheduler import Scheduler

from .helpers import output_of, run_once

JOB = {"option": "video", "input": "trawlShow01", "actions": "metadata,comments"}


@pytest.fixture
def sandbox(stack: Any) -> Iterator[str]:
    with running(create_app(synthetic_corpus())) as url:
        stack.settings.youtube_api_url = f"{url}/youtube/v3"
        yield url


def start(stack: Any, token: str) -> int:
    stack.operator.put_token(
        token, {"social_platform": "YOUTUBE", "api_token": f"key-{token}"}
    )
    return int(
        stack.operator.create_job({"token_uid": token, "job_detail": JOB})["job_uid"]
    )


def test_a_lapsed_worker_cannot_touch_the_job_after_takeover(
    stack: Any, sandbox: str
) -> None:
    stack.settings.lease_seconds = 1
    job_uid = start(stack, "yt")
    _, stale = stack.worker.claim(job_uid)
    time.sleep(1.2)
    _, fresh = stack.worker.claim(job_uid)

    with pytest.raises(Conflict):
        stack.worker.put_job(
            {"job_uid": job_uid, "lease_id": stale, "job_status": "SUCCESS"}
        )
    with pytest.raises(Conflict):
        stack.worker.reserve(
            "yt",
            {"bucket": "default", "units": 1, "job_uid": job_uid, "lease_id": stale},
        )
    with pytest.raises(Conflict):
        stack.worker.put_job(
            {"job_uid": job_uid, "lease_id": stale, "job_detail": {"checkpoint": {}}}
        )
    finished = stack.worker.put_job(
        {"job_uid": job_uid, "lease_id": fresh, "job_status": "SUCCESS"}
    )
    assert finished["job_status"] == "SUCCESS"


def test_a_live_lease_cannot_be_taken(stack: Any, sandbox: str) -> None:
    job_uid = start(stack, "yt")
    stack.worker.claim(job_uid)
    with pytest.raises(Conflict):
        stack.worker.claim(job_uid)


def test_a_stale_writer_cannot_corrupt_the_new_owners_file(tmp_path: Path) -> None:
    def key(item: dict[str, Any]) -> str:
        return str(item["id"])

    stale = RowWriter(tmp_path, "comments", ["id"], key)
    stale.open(None)
    stale.write({"id": "a"}, {"id": "a"})
    offsets = stale.sync()
    stale.write({"id": "b-after-checkpoint"}, {"id": "b"})

    owner = RowWriter(tmp_path, "comments", ["id"], key)
    owner.open(offsets)
    stale.write({"id": "late"}, {"id": "late"})
    stale.sync()
    owner.write({"id": "b"}, {"id": "b"})
    owner.sync()

    lines = (tmp_path / "comments.jsonl").read_text().splitlines()
    assert lines == ['{"id":"a"}', '{"id":"b"}']
    assert (tmp_path / "comments.csv").read_text() == "id\na\nb\n"
    stale.close()
    owner.close()


def test_jobs_survive_an_api_restart(stack: Any, sandbox: str) -> None:
    clean = start(stack, "clean")
    assert run_once(stack) == {clean: "SUCCESS"}
    job_uid = start(stack, "restart")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    patient = ApiClient(
        url, client_key(stack.settings, Role.WORKER), retries=10, backoff=0.1
    )
    stack.settings.api_url = url
    scheduler = Scheduler(client=patient, settings=stack.settings, once=True)

    first = running(api_app(stack.settings), port=port)
    first.__enter__()
    worker = threading.Thread(target=scheduler.run)
    worker.start()
    time.sleep(0.3)
    assert worker.is_alive(), "the job ended before the API went away"
    first.__exit__(None, None, None)
    time.sleep(0.5)
    with running(api_app(stack.settings), port=port):
        worker.join(timeout=60)

    assert scheduler.results == {job_uid: "SUCCESS"}
    folder = Path(stack.operator.get_job(job_uid)["output_path"])
    assert output_of(folder) == output_of(
        Path(stack.operator.get_job(clean)["output_path"])
    )
