"""Refuse every request without a valid bearer key, whatever route it aims at.

The gate sits in front of routing, so a route added later is covered without
remembering a dependency, and an unknown path answers 401 rather than telling
a stranger which paths exist. Only ``PUBLIC_PATHS`` pass without a key.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from trawl.api.lenient import send_json
from trawl.auth import PUBLIC_PATHS, Keys, Role

log = logging.getLogger(__name__)
ROLE_KEY = "trawl_role"


class KeyGate:
    """Admit a request when it carries the operator or the worker key."""

    def __init__(self, app: ASGIApp, *, keys: Keys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan" or scope.get("path") in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        role = self._role(scope)
        if role is None:
            await _refuse(scope, send)
            return
        scope.setdefault("state", {})[ROLE_KEY] = role
        await self.app(scope, receive, send)

    def _role(self, scope: Scope) -> Role | None:
        presented = bearer_of(scope)
        role = self.keys.role_of(presented) if presented else None
        if role is None:
            client = scope.get("client") or ("?", 0)
            log.warning(
                "refused a request: %s bearer key",
                "unknown" if presented else "no",
                extra={"client": client[0], "path": scope.get("path", "")},
            )
        return role


def bearer_of(scope: Scope) -> str | None:
    """Return the bearer key of a request's ``Authorization`` header, if any."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, key = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and key.strip():
                return key.strip()
    return None


async def _refuse(scope: Scope, send: Send) -> None:
    if scope["type"] != "http":
        await send({"type": "websocket.close", "code": 1008})
        return
    detail = "a valid bearer key is required"
    await send_json(send, 401, detail, [(b"www-authenticate", b"Bearer")])
