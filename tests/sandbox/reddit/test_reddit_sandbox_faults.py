"""Injected faults are served in order and deterministically."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from trawl.sandbox.reddit import Corpus, Faults, create_app
from trawl.sandbox.reddit.harness import Harness, served


@pytest.fixture
def sandbox(corpus_at_start: Corpus) -> Iterator[Harness]:
    with served(create_app(corpus_at_start)) as harness:
        yield harness


def set_faults(sandbox: Harness, **settings: object) -> None:
    response = sandbox.http.post("/_sandbox/faults", json=settings)
    assert response.status_code == 200


def statuses(sandbox: Harness, count: int) -> list[int]:
    with sandbox.api(sandbox.token()) as api:
        return [api.get("/r/sandboxnews/new").status_code for _ in range(count)]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_next_requests_fail_then_recover(sandbox: Harness, status: int) -> None:
    set_faults(sandbox, fail_next=2, fail_status=status)

    assert statuses(sandbox, 4) == [status, status, 200, 200]


def test_token_endpoint_is_spared_unless_targeted(sandbox: Harness) -> None:
    set_faults(sandbox, fail_next=1)
    assert (
        "access_token"
        in sandbox.grant(
            "sandbox-client",
            "sandbox-secret",
            username="sandbox_user",
            password="sandbox-password",
        ).json()
    )

    set_faults(sandbox, fail_next=1, path_prefix="/api/v1/access_token")
    failed = sandbox.grant(
        "sandbox-client", "sandbox-secret", username="x", password="y"
    )
    assert failed.status_code == 503


def test_failure_share_is_the_same_for_the_same_seed(sandbox: Harness) -> None:
    set_faults(sandbox, failure_rate=0.3, failure_seed=7)
    first = statuses(sandbox, 30)
    set_faults(sandbox, failure_rate=0.3, failure_seed=7)
    second = statuses(sandbox, 30)

    assert first == second
    assert 3 <= first.count(503) <= 20


def test_forced_429_with_and_without_retry_after(sandbox: Harness) -> None:
    set_faults(sandbox, throttle_next=1, retry_after=7)
    with sandbox.api(sandbox.token()) as api:
        with_header = api.get("/r/sandboxnews/new")
        set_faults(sandbox, throttle_next=1)
        without = api.get("/r/sandboxnews/new")

    assert with_header.status_code == without.status_code == 429
    assert with_header.headers["retry-after"] == "7"
    assert "retry-after" not in without.headers
    assert without.json() == {"message": "Too Many Requests", "error": 429}
    assert sandbox.http.get("/_sandbox/stats").json()["throttled"] == 2


def test_truncated_and_non_json_bodies(sandbox: Harness) -> None:
    set_faults(sandbox, truncate_next=1, non_json_next=1)
    with sandbox.api(sandbox.token()) as api:
        truncated = api.get("/r/sandboxnews/new")
        html = api.get("/r/sandboxnews/new")
        fine = api.get("/r/sandboxnews/new")

    with pytest.raises(json.JSONDecodeError):
        json.loads(truncated.content)
    assert truncated.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert fine.json()["kind"] == "Listing"


def test_invalid_token_fault_looks_like_an_expired_token(sandbox: Harness) -> None:
    set_faults(sandbox, invalid_token_next=1)

    with sandbox.api(sandbox.token()) as api:
        rejected = api.get("/r/sandboxnews/new")
        accepted = api.get("/r/sandboxnews/new")

    assert rejected.status_code == 401
    assert 'error="invalid_token"' in rejected.headers["www-authenticate"]
    assert accepted.status_code == 200


def test_slow_responses(sandbox: Harness) -> None:
    set_faults(sandbox, delay_seconds=0.2, path_prefix="/r/")
    with sandbox.api(sandbox.token()) as api:
        started = time.monotonic()
        api.get("/r/sandboxnews/new")
        slow = time.monotonic() - started

    assert slow >= 0.2


def test_faults_endpoint_reports_and_rejects(sandbox: Harness) -> None:
    set_faults(sandbox, fail_next=3)
    statuses(sandbox, 1)

    current = sandbox.http.get("/_sandbox/faults").json()
    bad = sandbox.http.post("/_sandbox/faults", json={"no_such_setting": 1})

    assert current["faults"]["fail_next"] == 3
    assert current["remaining"]["server_error"] == 2
    assert bad.status_code == 400


def test_faults_given_to_create_app(corpus_at_start: Corpus) -> None:
    app = create_app(corpus_at_start, faults=Faults(fail_next=1, fail_status=500))
    with served(app) as sandbox:
        codes = statuses(sandbox, 2)

    assert codes == [500, 200]
