"""The ``trawl`` command as a person runs it: clear one-line errors, no surprises."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any


def trawl(
    stack: Any, *args: str, key: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "TRAWL_API_URL": stack.url,
        "TRAWL_API_KEY": key or stack.settings.api_key,
        "TRAWL_DATA_DIR": str(stack.settings.data_dir / "cli"),
        **env,
    }
    command = [sys.executable, "-m", "trawl", *args]
    return subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=120
    )


def test_an_exported_youtube_key_never_replaces_another_tokens_key(stack: Any) -> None:
    stack.operator.put_token(
        "first", {"social_platform": "YOUTUBE", "api_token": "first-key-0001"}
    )
    exported = {"TRAWL_YOUTUBE_KEY": "exported-key-0002"}

    quota = trawl(
        stack,
        "token",
        "put",
        "first",
        "--platform",
        "YOUTUBE",
        "--quota",
        "300",
        **exported,
    )
    reddit = trawl(
        stack,
        "token",
        "put",
        "rd",
        "--platform",
        "REDDIT",
        "--client-id",
        "c",
        "--secret-token",
        "s",
        "--username",
        "u",
        "--password",
        "p",
        **exported,
    )
    fresh = trawl(stack, "token", "put", "second", "--platform", "YOUTUBE", **exported)

    assert quota.returncode == 0, quota.stderr
    assert reddit.returncode == 0, reddit.stderr
    assert fresh.returncode == 0, fresh.stderr
    keys = {t["token_uid"]: t["token_detail"] for t in stack.worker.list_tokens()}
    assert keys["first"]["api_token"] == "first-key-0001"
    assert keys["first"]["token_quota"] == 300
    assert keys["second"]["api_token"] == "exported-key-0002"
    assert "api_token" not in keys["rd"]


def test_errors_are_one_line_without_a_traceback(stack: Any) -> None:
    missing = trawl(
        stack, "job", "submit", "--token", "x", "--input-file", "/nonexistent/list.txt"
    )
    bad_json = trawl(stack, "job", "submit", "--token", "x", "--detail", "{bad")
    bad_setting = trawl(stack, "job", "list", TRAWL_POLL_SECONDS="abc")

    for result in (missing, bad_json, bad_setting):
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("error: ")
    assert "TRAWL_POLL_SECONDS" in bad_setting.stderr


def test_a_scheduler_with_the_operator_key_stops_and_says_why(stack: Any) -> None:
    stack.operator.put_token(
        "yt", {"social_platform": "YOUTUBE", "api_token": "k-0001"}
    )
    stack.operator.create_job(
        {"token_uid": "yt", "job_detail": {"option": "video", "input": "trawlZero00"}}
    )

    result = trawl(
        stack, "scheduler", "--once", TRAWL_WORKER_KEY=stack.settings.api_key
    )

    assert result.returncode == 2
    assert "worker key" in result.stderr
    assert stack.operator.list_jobs()[0]["job_status"] == "CREATED"
