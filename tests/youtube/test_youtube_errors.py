"""What each YouTube error reason does to a job: pause, retry, fail or skip."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

KEY = "sandbox-key-1234"
SHOW = "trawlShow01"
JUNE_AFTERNOON = datetime(2026, 6, 10, 15, 0, tzinfo=UTC)
JUNE_RESET = datetime(2026, 6, 11, 7, 0, tzinfo=UTC)  # midnight PDT
TRANSIENT_FAULTS = [
    {"rate_limit_next": 3, "endpoints": ["commentThreads"]},
    {"fail_next": 2, "fail_status": 500, "endpoints": ["comments"]},
    {"fail_rate": 0.25, "seed": 7, "fail_status": 503},
    {"truncate_next": 2, "endpoints": ["comments"]},
    {"not_json_next": 2, "endpoints": ["videos", "commentThreads"]},
]


def show_job() -> dict[str, object]:
    return {"option": "video", "input": SHOW, "actions": "metadata,comments"}


def resume_after(yt, job_uid: int) -> datetime:  # type: ignore[no-untyped-def]
    return datetime.fromisoformat(yt.job(job_uid)["job_detail"]["resume_after"])


def test_quota_exceeded_pauses_until_pacific_midnight_with_progress_saved(
    serve_youtube, fake_clock
) -> None:  # type: ignore[no-untyped-def]
    now = fake_clock(JUNE_AFTERNOON)
    yt = serve_youtube(fake_clock=now)
    yt.faults(quota_caps={KEY: 10})
    job_uid = yt.submit(show_job())

    assert yt.run() == {job_uid: "PAUSED"}

    detail = yt.job(job_uid)["job_detail"]
    assert detail["quota_exceeded"] is True
    assert detail["pause_kind"] == "quota"
    assert resume_after(yt, job_uid) == JUNE_RESET
    assert detail["videos_ids"] == [SHOW]
    assert detail["checkpoint"]["state"]["phase"] == "comments"
    saved = len(yt.rows(job_uid, "comments"))
    assert saved > 0
    assert yt.manifest(job_uid)["job_status"] == "PAUSED"

    for _day in range(4):
        now.now = resume_after(yt, job_uid)
        if yt.run() == {job_uid: "SUCCESS"}:
            break
    assert yt.job(job_uid)["job_status"] == "SUCCESS"
    ids = [comment["id"] for comment in yt.rows(job_uid, "comments")]
    assert sorted(ids) == sorted(yt.comment_ids(SHOW))


def test_transient_failures_are_retried_and_change_nothing(yt) -> None:  # type: ignore[no-untyped-def]
    # Eight threads, two of them with more replies than come inline.
    listed = f"{yt.served.regular[0].id}\ntrawlHidLik\ntrawlNoCmts"
    job = {"option": "file", "input": listed, "actions": ["metadata", "comments"]}
    clean = yt.submit(job)
    assert yt.run() == {clean: "SUCCESS"}
    expected = {name: read(yt, clean, name) for name in OUTPUTS}

    for faults in TRANSIENT_FAULTS:
        yt.faults(**faults)
        job_uid = yt.submit(job)

        assert yt.run() == {job_uid: "SUCCESS"}, faults
        assert {name: read(yt, job_uid, name) for name in OUTPUTS} == expected
    statuses = yt.stats()["statuses"]
    assert {"403", "500", "503"} <= statuses.keys()


def test_a_job_that_keeps_failing_pauses_for_a_while_then_resumes(
    serve_youtube, fake_clock
) -> None:  # type: ignore[no-untyped-def]
    now = fake_clock(JUNE_AFTERNOON)
    yt = serve_youtube(fake_clock=now)
    yt.faults(fail_next=6)
    job_uid = yt.submit(show_job())

    assert yt.run() == {job_uid: "PAUSED"}
    assert yt.job(job_uid)["job_detail"]["pause_kind"] == "transient"
    assert resume_after(yt, job_uid) > JUNE_AFTERNOON
    assert yt.run() == {}

    now.now = resume_after(yt, job_uid)
    assert yt.run() == {job_uid: "SUCCESS"}


@pytest.mark.parametrize(
    "faults",
    [
        {"invalid_keys": [KEY]},
        {"invalid_keys": [KEY], "legacy_invalid_keys": True},
        {"unconfigured_keys": [KEY]},
    ],
)
def test_a_refused_key_fails_the_job_without_showing_the_key(
    yt, faults: dict, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG, logger="trawl")
    yt.faults(**faults)
    job_uid = yt.submit(show_job())

    assert yt.run() == {job_uid: "FAILED"}

    detail = yt.job(job_uid)["job_detail"]
    assert detail["api_key_valid"] is False
    assert detail["error"] is True
    assert "key" in detail["error_description"].lower()
    assert KEY not in str(yt.job(job_uid))
    for path in yt.folder(job_uid).iterdir():
        assert KEY not in path.read_text("utf-8"), path.name
    trawl_logs = [r for r in caplog.records if r.name.startswith("trawl")]
    assert not [r for r in trawl_logs if KEY in r.getMessage()]


def test_comments_disabled_and_unknown_videos_are_outcomes_not_failures(yt) -> None:  # type: ignore[no-untyped-def]
    listed = "trawlNoCmts\ntrawlZero00\nunknownVid1\ntrawlHidLik"
    only_comments = yt.submit(
        {"option": "file", "input": listed, "actions": "comments"}
    )

    assert yt.run() == {only_comments: "SUCCESS"}

    outcomes = yt.manifest(only_comments)["outcomes"]["video"]["items"]
    assert outcomes == {
        "trawlNoCmts": "commentsDisabled",
        "unknownVid1": "videoNotFound",
    }
    assert len(yt.rows(only_comments, "comments")) == 3
    detail = yt.job(only_comments)["job_detail"]
    assert detail["all_comments_retrieved"] is True
    assert detail["error"] is False


def test_an_empty_search_bucket_pauses_the_job_until_pacific_midnight(
    serve_youtube, fake_clock
) -> None:  # type: ignore[no-untyped-def]
    now = fake_clock(JUNE_AFTERNOON)
    yt = serve_youtube(fake_clock=now, search_daily_calls=1)
    job_uid = yt.submit({"option": "query", "input": "chess", "actions": "metadata"})

    assert yt.run() == {job_uid: "PAUSED"}

    detail = yt.job(job_uid)["job_detail"]
    assert detail["quota_exceeded"] is True
    assert detail["pause_kind"] == "quota"
    assert resume_after(yt, job_uid) == JUNE_RESET
    assert len(detail["videos_ids"]) == 50
    assert yt.stats()["statuses"] == {"200": 1, "429": 1}
    token = yt.stack.operator.list_tokens()[0]
    assert token["quota"]["search"]["remaining"] == 0
    assert token["quota"]["default"]["remaining"] == 10_000

    now.now = JUNE_RESET - timedelta(seconds=1)
    assert yt.run() == {}
    now.now = JUNE_RESET
    assert yt.run() == {job_uid: "PAUSED"}
    assert len(yt.job(job_uid)["job_detail"]["videos_ids"]) == 100


OUTPUTS = ("videos.jsonl", "videos.csv", "comments.jsonl", "comments.csv")


def read(yt, job_uid: int, name: str) -> bytes:  # type: ignore[no-untyped-def]
    return bytes((yt.folder(job_uid) / name).read_bytes())
