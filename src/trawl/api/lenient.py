"""Read request bodies the way the seed's clients write them, and no further.

The seed's own examples carry trailing commas (``{"token_quota": 23,}``) and
are often sent by ``curl -d`` without a JSON content type; both are accepted.
Refused with 422 naming the place: text that is not UTF-8, ``NaN`` and
``Infinity``, nesting deeper than ``MAX_DEPTH``, and strings (keys included)
holding NUL or lone surrogates, which no database column can store.
Bodies over ``max_body_bytes`` are refused with 413 before they are parsed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REWRITTEN_TYPES = (b"", b"application/x-www-form-urlencoded", b"text/plain")
BODILESS = ("GET", "HEAD", "OPTIONS")
MAX_DEPTH = 32
Loc = list[str | int]


class BadBody(ValueError):
    """A body trawl will not read; ``loc`` names where the problem is."""

    def __init__(self, loc: Loc, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


def loads(text: bytes | str) -> Any:
    """Parse a JSON body, forgiving trailing commas; raise ``BadBody`` otherwise."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise BadBody(["body"], "is not UTF-8 text") from None
    try:
        data = _parse(text)
    except json.JSONDecodeError:
        data = _parse_forgiving(text)
    check(data)
    return data


def _parse(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise BadBody(["body"], f"nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # NaN, or an integer of thousands of digits
        raise BadBody(["body"], str(exc)) from None


def _parse_forgiving(text: str) -> Any:
    try:
        return _parse(_drop_trailing_commas(text))
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise BadBody(["body"], f"is not valid JSON: {exc.msg} at {where}") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def check(data: Any) -> None:
    """Raise ``BadBody`` for deep nesting, NUL or lone surrogates anywhere."""
    stack: list[tuple[Any, Loc]] = [(data, ["body"])]
    while stack:
        value, loc = stack.pop()
        if len(loc) > MAX_DEPTH + 1:
            raise BadBody(loc[: MAX_DEPTH + 1], f"nests deeper than {MAX_DEPTH} levels")
        if isinstance(value, str):
            _check_text(loc, value)
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text([*loc, "(key)"], key)
                stack.append((item, [*loc, key]))
        elif isinstance(value, list):
            stack.extend((item, [*loc, index]) for index, item in enumerate(value))


def _check_text(loc: Loc, text: str) -> None:
    if "\x00" in text:
        raise BadBody(loc, "must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadBody(loc, "must not contain lone UTF-16 surrogates") from None


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
    """A request whose ``json()`` accepts trailing commas and refuses the rest."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            try:
                self._json = loads(await self.body())
            except BadBody as exc:
                error = {"loc": exc.loc, "msg": exc.message, "type": "value_error"}
                raise HTTPException(422, [error]) from None
        return self._json


class LenientRoute(APIRoute):
    """Route that hands endpoints a ``LenientRequest``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def lenient(request: Request) -> Response:
            return await handler(LenientRequest(request.scope, request.receive))

        return lenient


class BodyGuard:
    """Refuse oversized bodies (413) and treat untyped API bodies as JSON.

    The body is read whole, up to ``max_bytes``, before the app sees it, so a
    chunked upload without ``Content-Length`` is refused the same way as one
    that declares its size.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in BODILESS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await too_large(send, self.max_bytes)
            return
        body = await self._read(receive)
        if body is None:
            await too_large(send, self.max_bytes)
            return
        if headers.get(b"content-type", b"").split(b";")[0].strip() in REWRITTEN_TYPES:
            headers[b"content-type"] = b"application/json"
            scope = {**scope, "headers": list(headers.items())}
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)  # the client left; the app will notice
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def too_large(send: Send, limit: int) -> None:
    """Answer 413 for a body over ``limit`` bytes."""
    detail = f"request body is larger than {limit} bytes (TRAWL_MAX_BODY_BYTES)"
    await send_json(send, 413, detail, [(b"connection", b"close")])


async def send_json(
    send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]]
) -> None:
    """Answer ``{"detail": detail}`` with ``status`` from inside ASGI middleware."""
    body = json.dumps({"detail": detail}).encode()
    start = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *headers,
    ]
    await send({"type": "http.response.start", "status": status, "headers": start})
    await send({"type": "http.response.body", "body": body})
