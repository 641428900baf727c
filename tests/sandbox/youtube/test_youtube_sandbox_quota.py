"""Quota: per-key buckets, the cost of failures, the Pacific-midnight reset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from trawl.sandbox.youtube import Faults
from trawl.sandbox.youtube.quota import next_reset
from trawl.sandbox.youtube.synthetic import DELETED, SHOWCASE
from trawl.sandbox.youtube.testing import FakeClock, Serve, get, reason_of


def test_every_list_call_costs_one_unit_even_when_it_fails(serve: Serve) -> None:
    with serve() as client:
        get(client, "videos", part="snippet", id=SHOWCASE)
        get(client, "commentThreads", part="snippet", videoId=DELETED)
        get(client, "commentThreads", part="bogus", videoId=SHOWCASE)
        get(client, "search", part="snippet", q="chess")
        get(client, "videos", part="snippet", id=SHOWCASE, key="other")
        stats = client.get("/_sandbox/stats").json()

    assert stats["test-key"]["units"] == {"default": 3, "search": 1}
    assert stats["test-key"]["statuses"] == {"200": 2, "404": 1, "400": 1}
    assert stats["test-key"]["requests"]["commentThreads"] == 2
    assert stats["other"]["units"] == {"default": 1}


def test_requests_without_a_valid_key_cost_nothing(serve: Serve) -> None:
    with serve(faults=Faults(invalid_keys=("bad",))) as client:
        client.get("/youtube/v3/videos", params={"part": "id", "id": SHOWCASE})
        get(client, "videos", part="id", id=SHOWCASE, key="bad")
        quota = client.get("/_sandbox/quota").json()

    assert quota["spent"] == {}


def test_empty_default_bucket_answers_quota_exceeded(serve: Serve) -> None:
    with serve(daily_quota=3) as client:
        answers = [get(client, "videos", part="id", id=SHOWCASE) for _ in range(4)]
        other_key = get(client, "videos", part="id", id=SHOWCASE, key="second")
        search = get(client, "search", part="snippet", q="chess")

    assert [a.status_code for a in answers] == [200, 200, 200, 403]
    error = answers[-1].json()["error"]
    assert error["errors"][0] == {
        "message": error["message"],
        "domain": "youtube.quota",
        "reason": "quotaExceeded",
    }
    assert "exceeded your" in error["message"]
    assert other_key.status_code == 200
    assert search.status_code == 200


def test_empty_search_bucket_answers_429_naming_the_daily_metric(serve: Serve) -> None:
    with serve(search_daily_calls=2) as client:
        answers = [get(client, "search", part="snippet", q="x") for _ in range(3)]
        videos = get(client, "videos", part="id", id=SHOWCASE)

    assert [a.status_code for a in answers] == [200, 200, 429]
    error = answers[-1].json()["error"]
    assert error["status"] == "RESOURCE_EXHAUSTED"
    assert "'Search Queries per day'" in error["message"]
    assert error["details"][0]["metadata"]["quota_limit_value"] == "2"
    assert videos.status_code == 200


def test_buckets_refill_at_pacific_midnight(serve: Serve, clock: FakeClock) -> None:
    clock.now = datetime(2025, 7, 1, 6, 59, tzinfo=UTC)  # 23:59 PDT
    with serve(daily_quota=1, clock=clock) as client:
        first = get(client, "videos", part="id", id=SHOWCASE)
        spent = get(client, "videos", part="id", id=SHOWCASE)
        clock.now = datetime(2025, 7, 1, 7, 0, tzinfo=UTC)  # midnight PDT
        refilled = get(client, "videos", part="id", id=SHOWCASE)

    assert [first.status_code, spent.status_code, refilled.status_code] == [
        200,
        403,
        200,
    ]


def test_reset_follows_daylight_saving_time(serve: Serve, clock: FakeClock) -> None:
    # 2025-03-09 is the spring-forward day: midnight before it is 08:00 UTC,
    # the one after it is 07:00 UTC.
    clock.now = datetime(2025, 3, 9, 7, 30, tzinfo=UTC)  # 23:30 PST, 8 March
    with serve(daily_quota=1, clock=clock) as client:
        get(client, "videos", part="id", id=SHOWCASE)
        clock.now = datetime(2025, 3, 9, 7, 59, tzinfo=UTC)
        before = get(client, "videos", part="id", id=SHOWCASE)
        clock.now = datetime(2025, 3, 9, 8, 0, tzinfo=UTC)
        after = get(client, "videos", part="id", id=SHOWCASE)
        clock.now = datetime(2025, 3, 10, 6, 59, tzinfo=UTC)
        late = get(client, "videos", part="id", id=SHOWCASE)
        clock.now = datetime(2025, 3, 10, 7, 0, tzinfo=UTC)
        next_day = get(client, "videos", part="id", id=SHOWCASE)

    assert before.status_code == 403
    assert after.status_code == 200
    assert late.status_code == 403
    assert next_day.status_code == 200


def test_next_reset_is_midnight_los_angeles_in_both_seasons() -> None:
    winter = next_reset(datetime(2025, 1, 15, 20, 0, tzinfo=UTC))
    summer = next_reset(datetime(2025, 7, 15, 20, 0, tzinfo=UTC))
    fall_back_eve = next_reset(datetime(2025, 11, 2, 6, 0, tzinfo=UTC))
    fall_back = next_reset(fall_back_eve)

    assert winter == datetime(2025, 1, 16, 8, 0, tzinfo=UTC)
    assert summer == datetime(2025, 7, 16, 7, 0, tzinfo=UTC)
    assert fall_back_eve == datetime(2025, 11, 2, 7, 0, tzinfo=UTC)
    assert fall_back - fall_back_eve == timedelta(hours=25)


def test_quota_reset_endpoint_refills_every_bucket(serve: Serve) -> None:
    with serve(daily_quota=1, search_daily_calls=1) as client:
        get(client, "videos", part="id", id=SHOWCASE)
        get(client, "search", part="snippet", q="x")
        reset = client.post("/_sandbox/quota/reset").json()
        videos = get(client, "videos", part="id", id=SHOWCASE)
        search = get(client, "search", part="snippet", q="x")

    assert reset["spent"] == {}
    assert (videos.status_code, search.status_code) == (200, 200)


def test_a_quota_cap_empties_one_key_after_n_units(serve: Serve) -> None:
    with serve(faults=Faults(quota_caps={"capped": 2})) as client:
        capped = [
            get(client, "videos", part="id", id=SHOWCASE, key="capped")
            for _ in range(3)
        ]
        free = get(client, "videos", part="id", id=SHOWCASE, key="free")

    assert [c.status_code for c in capped] == [200, 200, 403]
    assert reason_of(capped[-1]) == "quotaExceeded"
    assert free.status_code == 200
