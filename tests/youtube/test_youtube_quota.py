"""Quota: paid before sending, paused at Pacific midnight, and never wasted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

KEY = "sandbox-key-1234"
SHOW = "trawlShow01"
PACIFIC = ZoneInfo("America/Los_Angeles")
DAILY = 10

# Each run ends at a Pacific midnight; the 2026 daylight-saving changes make
# the day after the first reset 23 hours long in March and 25 in November.
DST_DAYS = {
    "march": (
        datetime(2026, 3, 7, 23, 59, tzinfo=PACIFIC),
        [
            datetime(2026, 3, 8, 8, 0, tzinfo=UTC),
            datetime(2026, 3, 9, 7, 0, tzinfo=UTC),
            datetime(2026, 3, 10, 7, 0, tzinfo=UTC),
            datetime(2026, 3, 11, 7, 0, tzinfo=UTC),
        ],
    ),
    "november": (
        datetime(2026, 10, 31, 23, 59, tzinfo=PACIFIC),
        [
            datetime(2026, 11, 1, 7, 0, tzinfo=UTC),
            datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
            datetime(2026, 11, 3, 8, 0, tzinfo=UTC),
            datetime(2026, 11, 4, 8, 0, tzinfo=UTC),
        ],
    ),
}


def show_job() -> dict[str, object]:
    return {"option": "video", "input": SHOW, "actions": "metadata,comments"}


def resume_after(yt, job_uid: int) -> datetime:  # type: ignore[no-untyped-def]
    return datetime.fromisoformat(yt.job(job_uid)["job_detail"]["resume_after"])


@pytest.mark.parametrize(
    ("season", "limit"), [("march", "trawl budget"), ("november", "YouTube cap")]
)
def test_paused_job_resumes_at_pacific_midnight_and_loses_nothing(
    serve_youtube, fake_clock, season: str, limit: str
) -> None:  # type: ignore[no-untyped-def]
    start, resets = DST_DAYS[season]
    now = fake_clock(start)
    yt = serve_youtube(fake_clock=now)
    if limit == "trawl budget":
        quota = {"token_quota": DAILY, "daily_quota": DAILY}
    else:
        quota = {}
        yt.faults(quota_caps={KEY: DAILY})
    paused = yt.submit(show_job(), **quota)
    whole = yt.submit(show_job(), token_uid="free", api_token="another-key-5678")
    assert yt.run() == {paused: "PAUSED", whole: "SUCCESS"}

    for reset in resets:
        assert yt.job(paused)["job_detail"]["quota_exceeded"] is True
        assert resume_after(yt, paused) == reset
        now.now = reset - timedelta(seconds=30)
        assert yt.run() == {}
        now.now = reset
        if yt.run() == {paused: "SUCCESS"}:
            break

    assert yt.job(paused)["job_status"] == "SUCCESS"
    for name in ("comments.jsonl", "comments.csv", "videos.jsonl", "threads.jsonl"):
        assert read(yt, paused, name) == read(yt, whole, name)
    ids = [comment["id"] for comment in yt.rows(paused, "comments")]
    assert len(ids) == len(set(ids)) == len(yt.comment_ids(SHOW))
    pauses = yt.manifest(paused)["pauses"]
    assert len(pauses) == len(yt.manifest(paused)["runs"]) - 1


def test_raising_the_token_quota_makes_a_paused_job_runnable_at_once(yt) -> None:  # type: ignore[no-untyped-def]
    job_uid = yt.submit(show_job(), token_quota=5)
    assert yt.run() == {job_uid: "PAUSED"}
    assert yt.run() == {}

    yt.stack.operator.put_token(
        "yt", {"social_platform": "YOUTUBE", "token_quota": 500}
    )

    assert yt.run() == {job_uid: "SUCCESS"}
    assert yt.stats()["units"] == {"default": yt.least_units([SHOW])}


def test_trawl_sends_no_request_its_token_budget_cannot_pay(yt) -> None:  # type: ignore[no-untyped-def]
    job_uid = yt.submit(show_job(), token_quota=7)

    assert yt.run() == {job_uid: "PAUSED"}

    stats = yt.stats()
    assert stats["units"] == {"default": 7}
    assert sum(stats["requests"].values()) == 7
    detail = yt.job(job_uid)["job_detail"]
    assert detail["current_quota"] == 0
    assert detail["quota_exceeded"] is True
    assert yt.manifest(job_uid)["quota_spent"] == {"default": 7}


def test_a_job_spends_the_least_quota_its_pages_allow(yt) -> None:  # type: ignore[no-untyped-def]
    video = yt.submit(show_job())
    listed = "trawlShow01\ntrawlNoCmts\ntrawlZero00\ntrawlGone00\ntrawlHidLik"
    file = yt.submit({"option": "file", "input": listed, "actions": "meta,comments"})
    search = yt.submit(
        {
            "option": "query",
            "input": "trawl demo",
            "videos": 12,
            "actions": "meta,comments",
        }
    )

    assert yt.run() == {video: "SUCCESS", file: "SUCCESS", search: "SUCCESS"}

    least = {
        job_uid: yt.least_units(yt.job(job_uid)["job_detail"]["videos_ids"])
        for job_uid in (video, file, search)
    }
    assert least[video] == 1 + 3 + 33
    for job_uid in (video, file):
        assert yt.manifest(job_uid)["quota_spent"] == {"default": least[job_uid]}
    assert yt.manifest(search)["quota_spent"] == {"search": 1, "default": least[search]}
    assert yt.stats()["units"] == {"default": sum(least.values()), "search": 1}


def read(yt, job_uid: int, name: str) -> bytes:  # type: ignore[no-untyped-def]
    return bytes((yt.folder(job_uid) / name).read_bytes())
