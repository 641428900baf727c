"""Hostile input gets a 4xx that names the field, never a 500; no path escapes."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

VIDEO = {"option": "video", "input": "trawlShow01"}
TOKEN = {"social_platform": "YOUTUBE", "api_token": "AIzaSyTrawlHostile-000000000042"}


@pytest.fixture
def operator(http: Any) -> httpx.Client:
    client = http("operator")
    assert client.put("/api/v1/token/yt", json=TOKEN).status_code == 200
    return client


def job(**detail: Any) -> dict[str, Any]:
    return {"token_uid": "yt", "job_detail": {**VIDEO, **detail}}


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


BAD_BODIES = [
    (
        "PUT",
        "/api/v1/token/yt",
        b'{"social_platform": "YOUTUBE", "token_quota": }',
        "body",
    ),
    ("PUT", "/api/v1/token/yt", b"\xff\xfe{}", "body"),
    (
        "PUT",
        "/api/v1/token/yt",
        b'{"social_platform": "YOUTUBE", "token_quota": NaN}',
        "body",
    ),
    (
        "PUT",
        "/api/v1/token/yt",
        b'{"social_platform": "YOUTUBE", "token_quota": 1e999}',
        "token_quota",
    ),
    (
        "PUT",
        "/api/v1/token/yt",
        b'{"social_platform": "YOUTUBE", "token_quota": ' + b"9" * 5000 + b"}",
        "body",
    ),
    ("PUT", "/api/v1/token/yt", b'{"social_platform": "TWITTER"}', "social_platform"),
    ("PUT", "/api/v1/token/yt", b'{"social_platform": null}', "social_platform"),
    (
        "PUT",
        "/api/v1/token/yt",
        b'{"social_platform": "YOUTUBE", "token_quota": -1}',
        "token_quota",
    ),
    (
        "PUT",
        "/api/v1/token/yt",
        b'{"social_platform": "YOUTUBE", "api_token": ["x"]}',
        "api_token",
    ),
    (
        "PUT",
        "/api/v1/token/yt",
        b'{"social_platform": "YOUTUBE", "api_token": "a\\u0000b"}',
        "api_token",
    ),
    (
        "PUT",
        "/api/v1/token/yt",
        b'{"social_platform": "YOUTUBE", "api_token": "\\ud800"}',
        "api_token",
    ),
    ("PUT", "/api/v1/token/yt", b"[" * 5000 + b"]" * 5000, "body"),
    ("POST", "/api/v1/jobs", json.dumps(job(videos=10**30)).encode(), "videos"),
    ("POST", "/api/v1/jobs", json.dumps(job(videos="many")).encode(), "videos"),
    ("POST", "/api/v1/jobs", json.dumps(job(option="everything")).encode(), "option"),
    ("POST", "/api/v1/jobs", json.dumps(job(actions=[])).encode(), "actions"),
    (
        "POST",
        "/api/v1/jobs",
        json.dumps({**job(), "token_uid": "../../etc"}).encode(),
        "token_uid",
    ),
    (
        "POST",
        "/api/v1/jobs",
        json.dumps({**job(), "token_uid": 2**70}).encode(),
        "token_uid",
    ),
    (
        "POST",
        "/api/v1/jobs",
        json.dumps({**job(), "job_name": "x" * 201}).encode(),
        "job_name",
    ),
    (
        "POST",
        "/api/v1/jobs",
        json.dumps({**job(), "job_detail": None}).encode(),
        "job_detail",
    ),
    ("POST", "/api/v1/jobs", json.dumps({**job(), "surprise": 1}).encode(), "surprise"),
    ("POST", "/api/v1/jobs", json.dumps(job(deep=nested(40))).encode(), "body"),
    ("POST", "/api/v1/jobs", json.dumps(job(**{"x\u0000": 1})).encode(), "body"),
    (
        "PUT",
        "/api/v1/jobs",
        b'{"job_uid": 99999999999999999999999, "job_status": "FAILED"}',
        "job_uid",
    ),
    (
        "PUT",
        "/api/v1/jobs",
        b'{"job_uid": "1 OR 1=1", "job_status": "FAILED"}',
        "job_uid",
    ),
    ("PUT", "/api/v1/jobs", b'{"job_uid": 1, "job_status": "DONE"}', "job_status"),
    (
        "PUT",
        "/api/v1/jobs",
        b'{"job_uid": 1, "lease_id": "' + b"l" * 65 + b'"}',
        "lease_id",
    ),
    ("POST", "/api/v1/jobs/1/pause", b'{"reason": 5}', "reason"),
]


def test_bad_bodies_get_a_422_naming_the_field(operator: httpx.Client) -> None:
    for method, path, body, field in BAD_BODIES:
        answer = operator.request(
            method, path, content=body, headers={"content-type": "application/json"}
        )

        assert answer.status_code == 422, (field, answer.text)
        error = answer.json()["detail"][0]
        assert field in json.dumps(error["loc"]) and error["msg"], answer.text


HOSTILE_PATHS = [
    "/api/v1/jobs/99999999999999999999999999",
    "/api/v1/jobs/-1",
    "/api/v1/jobs/0/files",
    "/api/v1/jobs/1e3",
    "/api/v1/token/" + "t" * 5000,
    "/api/v1/token/..%2F..%2Fetc",
    "/api/v1/token/%00",
    "/api/v1/token/%E2%80%AEevil",
    "/api/v1/token/%ED%A0%80",
    "/api/v1/jobs?status=" + "CREATED," * 500,
    "/api/v1/jobs?status=%00",
]


def test_hostile_paths_and_queries_are_4xx(operator: httpx.Client) -> None:
    for path in HOSTILE_PATHS:
        answer = operator.get(path)
        assert 400 <= answer.status_code < 500, (path, answer.status_code)


def test_right_to_left_override_in_free_text_is_kept_as_text(
    operator: httpx.Client,
) -> None:
    name = "job \u202etxt.exe \U0001f600 \u05e9\u05dc\u05d5\u05dd"
    answer = operator.post("/api/v1/jobs", json={**job(), "job_name": name})
    assert answer.status_code == 201, answer.text
    assert answer.json()["job_detail"]["job_name"] == name


def chunks(size: int) -> Iterator[bytes]:
    sent = 0
    while sent < size:
        yield b" " * 65536
        sent += 65536


@pytest.mark.parametrize("declared", [True, False])
def test_oversized_bodies_get_413_with_or_without_content_length(
    operator: httpx.Client, stack: Any, declared: bool
) -> None:
    size = stack.settings.max_body_bytes + 65536
    if declared:
        answer = operator.put("/api/v1/jobs", content=b" " * size)
    else:
        answer = operator.put("/api/v1/jobs", content=chunks(size))

    assert answer.status_code == 413
    assert "larger than" in answer.json()["detail"]
    assert operator.get("/api/v1/jobs").status_code == 200


def test_job_fields_cannot_move_the_output_folder(
    operator: httpx.Client, stack: Any
) -> None:
    root = stack.settings.output_root.resolve()
    hostile = "../../../../tmp/trawl-escape"
    body = {**job(), "job_name": hostile, "job_message": "/etc/passwd"}
    created = operator.post("/api/v1/jobs", json=body).json()
    edited = operator.put(
        "/api/v1/jobs",
        json={"job_uid": created["job_uid"], "job_detail": {"output_path": "/tmp/x"}},
    )

    folder = Path(created["output_path"])
    assert folder.resolve().is_relative_to(root / "youtube")
    assert folder.parent == root / "youtube"
    assert operator.get(f"/api/v1/jobs/{created['job_uid']}").json()[
        "output_path"
    ] == str(folder)
    assert edited.status_code in (200, 422)


@pytest.fixture
def job_folder(operator: httpx.Client, tmp_path: Path) -> tuple[int, Path, Path]:
    """Create a job with a file in its folder and a secret file outside it."""
    created = operator.post("/api/v1/jobs", json=job()).json()
    folder = Path(created["output_path"])
    folder.mkdir(parents=True)
    (folder / "videos.csv").write_text("video_id\n")
    outside = tmp_path / "outside.txt"
    outside.write_text("outside-the-job-folder")
    return int(created["job_uid"]), folder, outside


ESCAPES = [
    "..%2F..%2F..%2Foutside.txt",
    "%2e%2e%2f%2e%2e%2foutside.txt",
    "%2e%2e",
    ".hidden",
    "%2Fetc%2Fpasswd",
    "..%5C..%5Coutside.txt",
    "videos.csv%00.txt",
    "a" * 300,
]


def test_downloads_cannot_name_a_path_outside_the_job_folder(
    operator: httpx.Client, job_folder: tuple[int, Path, Path]
) -> None:
    job_uid, _, _ = job_folder
    for name in ESCAPES:
        answer = operator.get(f"/api/v1/jobs/{job_uid}/files/{name}")
        assert answer.status_code in (404, 422), (name, answer.status_code)
        assert "outside-the-job-folder" not in answer.text


def test_absolute_and_dotted_urls_do_not_reach_other_files(
    operator: httpx.Client, job_folder: tuple[int, Path, Path]
) -> None:
    job_uid, _, outside = job_folder
    for raw in (
        f"/api/v1/jobs/{job_uid}/files/../../../{outside}",
        f"/api/v1/jobs/{job_uid}/files/{outside}",
    ):
        answer = operator.send(operator.build_request("GET", httpx.URL(raw)))
        assert answer.status_code in (401, 404, 422)
        assert "outside-the-job-folder" not in answer.text
    assert operator.get(f"/api/v1/jobs/{job_uid}/files/videos.csv").text == "video_id\n"


def test_symlinks_planted_in_the_job_folder_are_not_followed(
    operator: httpx.Client, job_folder: tuple[int, Path, Path]
) -> None:
    job_uid, folder, outside = job_folder
    os.symlink(outside, folder / "planted.csv")
    os.symlink(outside.parent, folder / "planted_dir")

    listed = operator.get(f"/api/v1/jobs/{job_uid}/files").json()
    answer = operator.get(f"/api/v1/jobs/{job_uid}/files/planted.csv")

    assert [f["name"] for f in listed["files"]] == ["videos.csv"]
    assert answer.status_code == 404
    assert "outside-the-job-folder" not in answer.text


def test_a_job_folder_swapped_for_a_symlink_is_refused(
    operator: httpx.Client, job_folder: tuple[int, Path, Path]
) -> None:
    job_uid, folder, outside = job_folder
    (outside.parent / "videos.csv").write_text("outside-the-job-folder")
    for entry in folder.iterdir():
        entry.unlink()
    folder.rmdir()
    os.symlink(outside.parent, folder)

    answer = operator.get(f"/api/v1/jobs/{job_uid}/files/videos.csv")

    assert answer.status_code == 404
    assert "outside-the-job-folder" not in answer.text
