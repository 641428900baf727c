"""Helpers for tests that talk to the sandbox over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

import httpx

Serve = Callable[..., AbstractContextManager[httpx.Client]]


class FakeClock:
    """A clock that tests move by hand; pass it as ``create_app(clock=...)``."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def get(client: httpx.Client, endpoint: str, **params: Any) -> httpx.Response:
    """GET an API endpoint with the test key unless one is given."""
    params.setdefault("key", "test-key")
    return client.get(f"/youtube/v3/{endpoint}", params=params)


def collect(client: httpx.Client, endpoint: str, **params: Any) -> list[Any]:
    """Follow ``nextPageToken`` to the end; return every item in order."""
    items: list[Any] = []
    seen: set[str] = set()
    token = None
    while True:
        page_params = dict(params, pageToken=token) if token else params
        response = get(client, endpoint, **page_params)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        token = body.get("nextPageToken")
        if token is None:
            return items
        assert token not in seen, "token repeated"
        seen.add(token)


def reason_of(response: httpx.Response) -> str:
    """Return ``errors[0].reason`` of an error response."""
    return str(response.json()["error"]["errors"][0]["reason"])
