"""Injected faults: which requests fail, how, and that it repeats exactly."""

from __future__ import annotations

import json
import time

import httpx

from trawl.sandbox.youtube import Faults
from trawl.sandbox.youtube.synthetic import SHOWCASE
from trawl.sandbox.youtube.testing import Serve, get, reason_of


def _statuses(client: httpx.Client, count: int) -> list[int]:
    return [
        get(client, "videos", part="id", id=SHOWCASE).status_code for _ in range(count)
    ]


def test_next_requests_fail_with_backend_error(serve: Serve) -> None:
    with serve(faults=Faults(fail_next=2, fail_status=500)) as client:
        failed = get(client, "videos", part="id", id=SHOWCASE)
        statuses = [failed.status_code, *_statuses(client, 3)]

    assert statuses == [500, 500, 200, 200]
    assert reason_of(failed) == "backendError"
    assert failed.json()["error"]["status"] == "INTERNAL"


def test_a_failing_fraction_is_the_same_for_the_same_seed(serve: Serve) -> None:
    faults = Faults(fail_rate=0.3, seed=7)
    with serve(faults=faults) as client:
        first = _statuses(client, 60)
    with serve(faults=faults) as client:
        second = _statuses(client, 60)
    with serve(faults=Faults(fail_rate=0.3, seed=8)) as client:
        other = _statuses(client, 60)

    assert first == second
    assert first != other
    assert 8 <= first.count(503) <= 30


def test_rate_limit_fault_is_a_403_with_its_own_reason(serve: Serve) -> None:
    with serve(faults=Faults(rate_limit_next=1)) as client:
        limited = get(client, "videos", part="id", id=SHOWCASE)
        after = get(client, "videos", part="id", id=SHOWCASE)

    assert limited.status_code == 403
    assert reason_of(limited) == "rateLimitExceeded"
    assert limited.json()["error"]["errors"][0]["domain"] == "usageLimits"
    assert after.status_code == 200


def test_damaged_bodies_do_not_parse(serve: Serve) -> None:
    with serve(faults=Faults(truncate_next=1, not_json_next=1)) as client:
        not_json = get(client, "videos", part="id", id=SHOWCASE)
        truncated = get(client, "videos", part="id", id=SHOWCASE)
        fine = get(client, "videos", part="id", id=SHOWCASE)

    assert not_json.status_code == 502
    assert not_json.headers["content-type"].startswith("text/html")
    assert truncated.status_code == 200
    try:
        json.loads(truncated.text)
    except json.JSONDecodeError:
        pass
    else:
        raise AssertionError("truncated body parsed")
    assert fine.json()["items"][0]["id"] == SHOWCASE


def test_faults_can_target_one_endpoint(serve: Serve) -> None:
    with serve(faults=Faults(fail_next=1, endpoints=("commentThreads",))) as client:
        video = get(client, "videos", part="id", id=SHOWCASE)
        thread = get(client, "commentThreads", part="id", videoId=SHOWCASE)

    assert (video.status_code, thread.status_code) == (200, 503)


def test_slow_responses_wait_the_delay(serve: Serve) -> None:
    with serve(faults=Faults(delay_seconds=0.3)) as client:
        started = time.monotonic()
        response = get(client, "videos", part="id", id=SHOWCASE)
        elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert elapsed >= 0.3


def test_faults_are_set_and_read_over_http(serve: Serve) -> None:
    with serve() as client:
        posted = client.post("/_sandbox/faults", json={"fail_next": 1})
        failed = get(client, "videos", part="id", id=SHOWCASE)
        current = client.get("/_sandbox/faults").json()
        bad = client.post("/_sandbox/faults", json={"no_such_fault": 1})

    assert posted.json()["fail_next"] == 1
    assert failed.status_code == 503
    assert current["fail_next"] == 0
    assert bad.status_code == 400


def test_stats_count_statuses_and_reset(serve: Serve) -> None:
    with serve(faults=Faults(fail_next=1)) as client:
        _statuses(client, 3)
        stats = client.get("/_sandbox/stats").json()
        client.post("/_sandbox/stats/reset")
        emptied = client.get("/_sandbox/stats").json()

    assert stats["test-key"]["statuses"] == {"503": 1, "200": 2}
    assert stats["test-key"]["units"] == {"default": 3}
    assert emptied == {}
