"""Read request bodies the way the seed's clients write them.

The seed's own examples carry trailing commas (``{"token_quota": 23,}``) and
are often sent by ``curl -d`` without a JSON content type; both are accepted.
Bodies over ``max_body_bytes`` are refused with 413 before they are read whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

JSON_TYPES = (b"application/json",)
REWRITTEN_TYPES = (b"", b"application/x-www-form-urlencoded", b"text/plain")


def loads(text: bytes | str) -> Any:
    """Parse JSON, forgiving trailing commas before ``}`` or ``]``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return json.loads(_drop_trailing_commas(text))


def _drop_trailing_commas(text: str) -> str:
    out: list[str] = []
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            escaped, in_string = (not escaped and char == "\\"), escaped or char != '"'
        elif char == '"':
            in_string = True
        elif char == "," and text[index + 1 :].lstrip()[:1] in ("}", "]"):
            continue
        out.append(char)
    return "".join(out)


class LenientRequest(Request):
    """A request whose ``json()`` accepts trailing commas."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = loads(await self.body())
        return self._json


class LenientRoute(APIRoute):
    """Route that hands endpoints a ``LenientRequest``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def lenient(request: Request) -> Response:
            return await handler(LenientRequest(request.scope, request.receive))

        return lenient


class BodyGuard:
    """Refuse oversized bodies (413) and treat untyped API bodies as JSON."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(send, self.max_bytes)
            return
        if headers.get(b"content-type", b"").split(b";")[0].strip() in REWRITTEN_TYPES:
            headers[b"content-type"] = b"application/json"
            scope = {**scope, "headers": list(headers.items())}
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge(self.max_bytes)
            return message

        return counted


class BodyTooLarge(Exception):
    """A streamed body grew past the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body is larger than {limit} bytes")
        self.limit = limit


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"request body is larger than {limit} bytes"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
