"""The password grant against the sandbox's token endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from trawl.errors import CredentialInvalid
from trawl.reddit.auth import PasswordGrant, ScriptCredential
from trawl.sandbox import running
from trawl.sandbox.reddit import create_app

GOOD = {
    "client_id": "sandbox-client",
    "secret_token": "sandbox-secret",
    "username": "sandbox_user",
    "password": "sandbox-password",
}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def url(corpus: Any) -> Iterator[str]:
    with running(create_app(corpus, token_lifetime=100)) as base:
        yield base


def grant(url: str, clock: Any = None, **fields: str) -> PasswordGrant:
    return PasswordGrant(
        credential=ScriptCredential.from_token({**GOOD, **fields}),
        auth_url=url,
        user_agent="test:trawl:0 (by /u/sandbox_user)",
        http=httpx.Client(timeout=10),
        **({"clock": clock} if clock else {}),
    )


def api_status(url: str, header: str) -> int:
    return httpx.get(f"{url}/api/v1/me", headers={"Authorization": header}).status_code


def test_a_script_app_gets_a_bearer_token_the_api_accepts(url: str) -> None:
    header = grant(url).header()

    assert header.startswith("bearer ")
    assert api_status(url, header) == 200


def test_the_token_is_renewed_before_it_expires_and_after_invalidate(
    url: str,
) -> None:
    clock = Clock()
    auth = grant(url, clock)
    first = auth.header()
    clock.now = 85.0
    assert auth.header() == first
    clock.now = 91.0
    second = auth.header()
    auth.invalidate()

    assert len({first, second, auth.header()}) == 3


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"password": "wrong-password-123"}, ["invalid_grant", "two-factor"]),
        ({"username": "sandbox_2fa_user"}, ["invalid_grant", "two-factor"]),
        (
            {"client_id": "sandbox-web-client", "secret_token": "sandbox-web-secret"},
            ["script", "unauthorized_client"],
        ),
        ({"secret_token": "wrong-secret-456"}, ["client id or secret", "401"]),
    ],
)
def test_refusals_raise_credential_invalid_naming_the_cause_not_the_secret(
    url: str, fields: dict[str, str], words: list[str]
) -> None:
    with pytest.raises(CredentialInvalid) as caught:
        grant(url, **fields).header()

    message = str(caught.value)
    assert all(word in message for word in words)
    for secret in ("sandbox-password", "sandbox-secret", *fields.values()):
        if secret not in ("sandbox_2fa_user", "sandbox-web-client"):
            assert secret not in message


def test_a_token_without_a_password_is_refused_before_any_request() -> None:
    with pytest.raises(CredentialInvalid, match="password"):
        ScriptCredential.from_token({**GOOD, "password": ""})
