"""No secret in any log line, error, manifest, output file or API answer.

A YouTube job runs end to end with trawl logging at DEBUG (httpx included),
next to a job whose key YouTube refuses and requests that paste the key into
the wrong places. Only the worker's ``token_detail`` may carry a secret.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from trawl.sandbox import running
from trawl.sandbox.reddit import Account, App
from trawl.sandbox.reddit import create_app as reddit_app
from trawl.sandbox.youtube import Faults, synthetic_corpus
from trawl.sandbox.youtube import create_app as youtube_app
from trawl.scheduler import Scheduler

GOOD_KEY = "AIzaSyTrawlGoodKey-in-motion-000000042"
REFUSED_KEY = "AIzaSyTrawlRefusedKey-in-motion-0000099"
REDDIT_SECRET = "rd-client-secret-in-motion-7f3a"
REDDIT_PASSWORD = "rd-password-in-motion-9c1e"
WRONG_PASSWORD = "rd-wrong-password-in-motion-55d0"


@pytest.fixture
def youtube(stack: Any) -> Iterator[str]:
    app = youtube_app(synthetic_corpus(), faults=Faults(invalid_keys=(REFUSED_KEY,)))
    with running(app) as url:
        stack.settings.youtube_api_url = f"{url}/youtube/v3"
        yield url


@pytest.fixture
def reddit(stack: Any) -> Iterator[str]:
    app = reddit_app(
        apps=[App("rd-client-in-motion", REDDIT_SECRET, developers={"rd_mover"})],
        accounts=[Account("rd_mover", REDDIT_PASSWORD)],
    )
    with running(app) as url:
        stack.settings.reddit_auth_url = url
        stack.settings.reddit_api_url = url
        stack.settings.reddit_requests_per_minute = 600_000
        yield url


def paste_secret_everywhere(client: httpx.Client, secret: str) -> list[str]:
    """Send requests that carry ``secret`` where it does not belong."""
    job = {"token_uid": "good", "job_detail": {"option": "video"}}
    answers = [
        client.put("/api/v1/token/bad-input", json={"social_platform": secret}),
        client.put(
            "/api/v1/token/bad-input",
            json={"social_platform": "YOUTUBE", "api_token": secret * 20},
        ),
        client.post("/api/v1/jobs", json={**job, "job_name": secret * 10}),
        client.post("/api/v1/jobs", json={"token_uid": "good", "job_detail": secret}),
        client.post(
            "/api/v1/jobs",
            json={**job, "job_detail": {"option": secret, "input": "trawlShow01"}},
        ),
        client.post(
            "/api/v1/jobs",
            json={**job, "job_detail": {"option": "video", "input": secret}},
        ),
        client.post(
            "/api/v1/jobs",
            json={**job, "job_detail": {"option": "file", "input": f"x\n{secret}"}},
        ),
        client.post("/api/v1/jobs", json={**job, "job_detail": {"videos": secret}}),
        client.get(f"/api/v1/token/{secret}"),
        client.get(f"/api/v1/jobs?status={secret}"),
        client.put("/api/v1/jobs", content=f'{{"job_uid": "{secret}"'),
        client.get("/api/v1/jobs", headers={"Authorization": f"Bearer {secret}"}),
    ]
    assert all(400 <= a.status_code < 500 for a in answers), [
        (a.status_code, a.text) for a in answers
    ]
    return [a.text for a in answers]


def everything_the_api_shows(operator: httpx.Client, worker: httpx.Client) -> list[str]:
    """Return every answer the API gives about tokens, jobs and files."""
    texts = [operator.get(path).text for path in ("/api/v1/tokens", "/openapi.json")]
    for job in operator.get("/api/v1/jobs").json():
        base = f"/api/v1/jobs/{job['job_uid']}"
        texts += [
            operator.get(base).text,
            operator.get(f"/api/v1/token/{job['token_uid']}").text,
        ]
        listing = operator.get(f"{base}/files").json()
        texts.append(str(listing))
        texts += [
            operator.get(f"{base}/files/{f['name']}").text for f in listing["files"]
        ]
    for path in ("/api/v1/jobs", "/api/v1/tokens"):
        shown = worker.get(path).json()
        texts.append(str([{**item, "token_detail": None} for item in shown]))
    return texts


def test_youtube_keys_stay_out_of_logs_files_and_answers(
    stack: Any, youtube: str, http: Any, debug_log: io.StringIO, caplog: Any, leaks: Any
) -> None:
    operator, worker = http("operator"), http("worker")
    video = {"option": "video", "input": "trawlShow01", "actions": "metadata,comments"}
    for uid, key in (("good", GOOD_KEY), ("bad", REFUSED_KEY)):
        body = {"social_platform": "YOUTUBE", "api_token": key}
        assert operator.put(f"/api/v1/token/{uid}", json=body).status_code == 200
        created = operator.post(
            "/api/v1/jobs", json={"token_uid": uid, "job_detail": video}
        )
        assert created.status_code == 201, created.text
    pasted = paste_secret_everywhere(operator, GOOD_KEY)

    results = Scheduler(client=stack.worker, settings=stack.settings, once=True).run()

    assert sorted(results.values()) == ["FAILED", "SUCCESS"]
    secrets = [GOOD_KEY, REFUSED_KEY]
    assert GOOD_KEY in worker.get("/api/v1/tokens").text
    leaks.check(secrets, "API answers", everything_the_api_shows(operator, worker))
    leaks.check(secrets, "error answers", pasted)
    leaks.check(secrets, "log records", leaks.records(caplog))
    leaks.check(secrets, "the log stream", [debug_log.getvalue()])
    leaks.check(secrets, "output files", leaks.files(stack.settings.output_root))
    assert "GET videos.list" in debug_log.getvalue()


def test_reddit_password_and_client_secret_stay_out_of_everything(
    stack: Any, reddit: str, http: Any, debug_log: io.StringIO, caplog: Any, leaks: Any
) -> None:
    operator, worker = http("operator"), http("worker")
    listing = {"subreddit": "SandboxWorld", "sortBy": "new", "n": 3}
    for uid, password in (("good", REDDIT_PASSWORD), ("bad", WRONG_PASSWORD)):
        body = {
            "social_platform": "REDDIT",
            "client_id": "rd-client-in-motion",
            "secret_token": REDDIT_SECRET,
            "username": "rd_mover",
            "password": password,
        }
        assert operator.put(f"/api/v1/token/{uid}", json=body).status_code == 200
        created = operator.post(
            "/api/v1/jobs", json={"token_uid": uid, "job_detail": listing}
        )
        assert created.status_code == 201, created.text
    pasted = paste_secret_everywhere(operator, REDDIT_PASSWORD)

    results = Scheduler(client=stack.worker, settings=stack.settings, once=True).run()

    assert sorted(results.values()) == ["FAILED", "SUCCESS"]
    secrets = [REDDIT_SECRET, REDDIT_PASSWORD, WRONG_PASSWORD]
    leaks.check(secrets, "API answers", everything_the_api_shows(operator, worker))
    leaks.check(secrets, "error answers", pasted)
    leaks.check(secrets, "log records", leaks.records(caplog))
    leaks.check(secrets, "the log stream", [debug_log.getvalue()])
    leaks.check(secrets, "output files", leaks.files(stack.settings.output_root))
