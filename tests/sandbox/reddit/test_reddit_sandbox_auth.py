"""The token endpoint and bearer checks behave like Reddit's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from trawl.sandbox.reddit import Account, App, Corpus, create_app
from trawl.sandbox.reddit.harness import Harness, ManualClock, served


@pytest.fixture
def sandbox(clock: ManualClock, corpus_at_start: Corpus) -> Iterator[Harness]:
    extra_app = App(
        "extra-client", "extra-secret", developers=frozenset({"extra_user"})
    )
    app = create_app(
        corpus_at_start,
        clock=clock,
        token_lifetime=3600,
        apps=[extra_app],
        accounts=[Account("extra_user", "extra-password")],
    )
    with served(app) as harness:
        yield harness


def test_password_grant_returns_bearer_token(sandbox: Harness) -> None:
    response = sandbox.grant(
        "sandbox-client",
        "sandbox-secret",
        username="sandbox_user",
        password="sandbox-password",
    )

    body = response.json()
    assert response.status_code == 200
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "*"
    assert body["access_token"]


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [("sandbox-client", "wrong"), ("nobody", "sandbox-secret"), ("sandbox-client", "")],
)
def test_wrong_client_credentials_get_401(
    sandbox: Harness, client_id: str, secret: str
) -> None:
    response = sandbox.grant(
        client_id, secret, username="sandbox_user", password="sandbox-password"
    )

    assert response.status_code == 401


def test_wrong_password_is_invalid_grant_with_status_200(sandbox: Harness) -> None:
    response = sandbox.grant(
        "sandbox-client", "sandbox-secret", username="sandbox_user", password="nope"
    )

    assert response.status_code == 200
    assert response.json() == {"error": "invalid_grant"}


def test_two_factor_account_needs_its_code(sandbox: Harness) -> None:
    def grant(**form: str) -> dict[str, object]:
        response = sandbox.grant(
            "sandbox-client", "sandbox-secret", username="sandbox_2fa_user", **form
        )
        return dict(response.json())

    assert grant(password="sandbox-password") == {"error": "invalid_grant"}
    assert "access_token" in grant(password="sandbox-password:123456")
    assert "access_token" in grant(password="sandbox-password", otp="123456")
    assert grant(password="sandbox-password", otp="000000") == {
        "error": "invalid_grant"
    }


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [("sandbox-web-client", "sandbox-web-secret"), ("sandbox-installed-client", "")],
)
def test_non_script_app_is_unauthorized_client(
    sandbox: Harness, client_id: str, secret: str
) -> None:
    response = sandbox.grant(
        client_id, secret, username="sandbox_user", password="sandbox-password"
    )

    assert response.status_code == 200
    assert response.json() == {
        "error": "unauthorized_client",
        "error_description": "Only script apps may use password auth",
    }


def test_account_not_on_the_app_is_invalid_grant(sandbox: Harness) -> None:
    response = sandbox.grant(
        "sandbox-client",
        "sandbox-secret",
        username="extra_user",
        password="extra-password",
    )

    assert response.json() == {"error": "invalid_grant"}


def test_extra_app_and_account_can_log_in(sandbox: Harness) -> None:
    token = sandbox.token(
        client_id="extra-client",
        secret="extra-secret",
        username="extra_user",
        password="extra-password",
    )

    with sandbox.api(token) as api:
        assert api.get("/api/v1/me").json()["name"] == "extra_user"


def test_token_expires_by_the_clock(sandbox: Harness, clock: ManualClock) -> None:
    token = sandbox.token()
    with sandbox.api(token) as api:
        assert api.get("/r/sandboxnews/new").status_code == 200

        clock.advance(3600)
        response = api.get("/r/sandboxnews/new")

    assert response.status_code == 401
    assert (
        response.headers["www-authenticate"]
        == 'Bearer realm="reddit", error="invalid_token"'
    )
    assert response.json() == {"message": "Unauthorized", "error": 401}


def test_unknown_or_missing_bearer_gets_401(sandbox: Harness) -> None:
    with sandbox.api("made-up") as api:
        assert api.get("/r/sandboxnews/new").status_code == 401
    assert sandbox.http.get("/r/sandboxnews/new").status_code == 401


def test_client_credentials_token_reads_but_has_no_identity(sandbox: Harness) -> None:
    response = sandbox.http.post(
        "/api/v1/access_token",
        auth=("sandbox-client", "sandbox-secret"),
        data={"grant_type": "client_credentials"},
    )
    with sandbox.api(response.json()["access_token"]) as api:
        assert api.get("/r/sandboxnews/new").status_code == 200
        me = api.get("/api/v1/me")

    assert me.status_code == 403
    assert 'error="insufficient_scope"' in me.headers["www-authenticate"]
