"""Who may call the API: bearer keys on every route, roles, key files, binding."""

from __future__ import annotations

import logging
import re
import stat
from typing import Any

import pytest
from starlette.routing import Route
from typer.testing import CliRunner

from trawl import cli
from trawl.api import create_app
from trawl.auth import PUBLIC_PATHS, Keys, Role, client_key, key_path

YT_KEY = "AIzaSyTrawlAccessKey-000000000000042"
REDDIT = {
    "social_platform": "REDDIT",
    "client_id": "access-client-id-0001",
    "secret_token": "access-secret-token-0002",
    "username": "access_user",
    "password": "access-password-0003",
}


def every_route(stack: Any) -> list[tuple[str, str]]:
    """Return (method, concrete path) for every route the app serves."""
    return sorted(_walk(create_app(stack.settings).routes))


def _walk(routes: list[Any]) -> list[tuple[str, str]]:
    found = []
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI >= 0.160
        if included is not None:
            found += _walk(included.routes)
        elif isinstance(route, Route):
            path = re.sub(r"\{[^}]+\}", "1", route.path)
            found += [(method, path) for method in route.methods or ["GET"]]
    return found


def test_every_route_but_health_and_docs_refuses_a_missing_or_unknown_key(
    stack: Any, http: Any
) -> None:
    anonymous = http(None)
    routes = every_route(stack)
    assert len(routes) >= 15

    for method, path in routes:
        bare = anonymous.request(method, path)
        wrong = anonymous.request(
            method, path, headers={"Authorization": "Bearer not-a-key"}
        )
        if path in PUBLIC_PATHS:
            assert bare.status_code == 200
        else:
            assert (bare.status_code, wrong.status_code) == (401, 401), path
            assert bare.headers["www-authenticate"] == "Bearer"


def test_unknown_paths_answer_401_before_404(http: Any) -> None:
    assert http(None).get("/api/v1/nothing/here").status_code == 401
    assert http("operator").get("/api/v1/nothing/here").status_code == 404


def test_only_the_worker_sees_credentials_unmasked(stack: Any, http: Any) -> None:
    operator, worker = http("operator"), http("worker")
    operator.put(
        "/api/v1/token/yt", json={"social_platform": "YOUTUBE", "api_token": YT_KEY}
    )
    operator.put("/api/v1/token/rd", json=REDDIT)

    masked = {
        t["token_uid"]: t["token_detail"] for t in operator.get("/api/v1/tokens").json()
    }
    clear = {
        t["token_uid"]: t["token_detail"] for t in worker.get("/api/v1/tokens").json()
    }

    assert clear["yt"]["api_token"] == YT_KEY
    assert masked["yt"]["api_token"] == "****" + YT_KEY[-4:]
    for field in ("client_id", "secret_token", "password"):
        assert clear["rd"][field] == REDDIT[field]
        assert masked["rd"][field] == "****" + REDDIT[field][-4:]
    assert masked["rd"]["username"] == "access_user"


def test_operator_cannot_claim_jobs_or_spend_quota(stack: Any, http: Any) -> None:
    operator = http("operator")
    operator.put(
        "/api/v1/token/yt", json={"social_platform": "YOUTUBE", "api_token": YT_KEY}
    )
    job = operator.post(
        "/api/v1/jobs",
        json={
            "token_uid": "yt",
            "job_detail": {"option": "video", "input": "trawlShow01"},
        },
    ).json()
    claim = operator.put(
        "/api/v1/jobs", json={"job_uid": job["job_uid"], "job_status": "RUNNING"}
    )
    reserve = operator.post(
        "/api/v1/token/yt/quota/reserve",
        json={"bucket": "default", "job_uid": job["job_uid"], "lease_id": "x"},
    )
    assert (claim.status_code, reserve.status_code) == (403, 403)


def test_refused_keys_are_logged_without_the_key(
    http: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    presented = "attacker-guess-5b2f0c1d9e"
    http(None).get("/api/v1/jobs", headers={"Authorization": f"Bearer {presented}"})

    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert refused and refused[0].path == "/api/v1/jobs"
    assert all(presented not in str(vars(r)) for r in caplog.records)


def test_role_of_compares_whole_keys() -> None:
    keys = Keys(operator="operator-key-123456", worker="worker-key-654321")
    assert keys.role_of("operator-key-123456") == Role.OPERATOR
    assert keys.role_of("worker-key-654321") == Role.WORKER
    for near in ("operator-key-12345", "operator-key-1234567", "", "\udcff", "é"):
        assert keys.role_of(near) is None


def test_generated_keys_are_owner_only_and_shared_with_clients(stack: Any) -> None:
    settings = stack.settings.model_copy(update={"api_key": None, "worker_key": None})
    app = create_app(settings)

    for role in Role:
        path = key_path(settings, role)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert client_key(settings, role) == path.read_text().strip()
    secret_file = settings.data_dir / "secret.key"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert app.state.services.keys.operator == client_key(settings, Role.OPERATOR)


def test_serve_binds_loopback_by_default_and_warns_in_the_log_otherwise(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import uvicorn

    bound: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, **_: bound.append(host))
    monkeypatch.setattr("trawl.api.create_app", lambda settings: None)
    caplog.set_level(logging.WARNING)

    CliRunner().invoke(cli.app, ["serve"])
    quiet = [r for r in caplog.records if r.name == "trawl.cli"]
    CliRunner().invoke(cli.app, ["serve", "--host", "0.0.0.0"])
    warned = [r for r in caplog.records if r.name == "trawl.cli"]

    assert bound == ["127.0.0.1", "0.0.0.0"]
    assert quiet == []
    assert "0.0.0.0" in warned[0].getMessage() and warned[0].levelname == "WARNING"
