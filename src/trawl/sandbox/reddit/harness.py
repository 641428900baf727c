"""Helpers for tests that drive the Reddit sandbox over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from trawl.sandbox import running


class ManualClock:
    """A clock that only moves when told, for ``create_app(clock=...)``."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2025, 1, 1, 12, 0, 10, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds``."""
        self.now += timedelta(seconds=seconds)


@dataclass
class Harness:
    """A served sandbox app with a plain client on its base URL."""

    base: str
    app: Any
    http: httpx.Client

    def grant(self, client_id: str, secret: str, **form: str) -> httpx.Response:
        """Post a password grant (or the ``grant_type`` given) to the token endpoint."""
        data = {"grant_type": "password", **form}
        return self.http.post(
            "/api/v1/access_token", auth=(client_id, secret), data=data
        )

    def token(
        self,
        *,
        client_id: str = "sandbox-client",
        secret: str = "sandbox-secret",
        username: str = "sandbox_user",
        password: str = "sandbox-password",
    ) -> str:
        """Log in with the password grant and return the access token."""
        response = self.grant(client_id, secret, username=username, password=password)
        return str(response.json()["access_token"])

    def api(self, token: str) -> httpx.Client:
        """Return a client that sends ``token`` as its bearer."""
        headers = {"Authorization": f"bearer {token}"}
        return httpx.Client(base_url=self.base, headers=headers, timeout=30)


@contextmanager
def served(app: Any) -> Iterator[Harness]:
    """Serve ``app`` on loopback and yield a ``Harness`` for it."""
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield Harness(base, app, http)
