"""Rate-limit headers count per OAuth client id and throttle with 429."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from trawl.sandbox.reddit import Corpus, create_app
from trawl.sandbox.reddit.harness import Harness, ManualClock, served


@pytest.fixture
def sandbox(clock: ManualClock, corpus_at_start: Corpus) -> Iterator[Harness]:
    app = create_app(
        corpus_at_start, clock=clock, requests_per_window=5, window_seconds=600
    )
    with served(app) as harness:
        yield harness


def test_headers_count_down_per_request(sandbox: Harness) -> None:
    with sandbox.api(sandbox.token()) as api:
        first = api.get("/r/sandboxnews/new").headers
        second = api.get("/r/sandboxnews/new").headers

    assert (first["x-ratelimit-used"], first["x-ratelimit-remaining"]) == ("1", "4.0")
    assert (second["x-ratelimit-used"], second["x-ratelimit-remaining"]) == ("2", "3.0")
    # The clock starts 10 s into a 600 s window.
    assert first["x-ratelimit-reset"] == "590"


def test_budget_is_shared_by_every_token_of_a_client_id(sandbox: Harness) -> None:
    one, two = sandbox.token(), sandbox.token()
    other = sandbox.token(client_id="sandbox-client-2", secret="sandbox-secret-2")
    with sandbox.api(one) as a, sandbox.api(two) as b, sandbox.api(other) as c:
        statuses = [
            client.get("/r/sandboxnews/new").status_code for client in (a, b) * 3
        ]
        throttled = b.get("/r/sandboxnews/new")
        separate = c.get("/r/sandboxnews/new")

    assert statuses == [200] * 5 + [429]
    assert throttled.status_code == 429
    assert throttled.json() == {"message": "Too Many Requests", "error": 429}
    assert throttled.headers["retry-after"] == throttled.headers["x-ratelimit-reset"]
    assert throttled.headers["x-ratelimit-remaining"] == "0.0"
    assert separate.status_code == 200
    assert separate.headers["x-ratelimit-used"] == "1"


def test_new_window_restores_the_budget(sandbox: Harness, clock: ManualClock) -> None:
    with sandbox.api(sandbox.token()) as api:
        for _ in range(6):
            api.get("/r/sandboxnews/new")
        clock.advance(590)
        response = api.get("/r/sandboxnews/new")

    assert response.status_code == 200
    assert response.headers["x-ratelimit-used"] == "1"
    assert response.headers["x-ratelimit-reset"] == "600"


def test_stats_count_requests_and_throttles(sandbox: Harness) -> None:
    with sandbox.api(sandbox.token()) as api:
        for _ in range(7):
            api.get("/r/sandboxnews/new")

    stats = sandbox.http.get("/_sandbox/stats").json()

    assert stats["requests_by_client"] == {"sandbox-client": 7}
    assert stats["requests_by_endpoint"]["GET /r/{sub}/{sort}"] == {"200": 5, "429": 2}
    assert stats["throttled"] == 2


def test_reset_clears_stats_and_windows(sandbox: Harness) -> None:
    with sandbox.api(sandbox.token()) as api:
        for _ in range(6):
            api.get("/r/sandboxnews/new")
        sandbox.http.post("/_sandbox/reset")
        response = api.get("/r/sandboxnews/new")

    assert response.status_code == 200
    assert sandbox.http.get("/_sandbox/stats").json()["requests_by_client"] == {
        "sandbox-client": 1
    }
