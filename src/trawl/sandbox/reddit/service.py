"""Run every API request through faults, auth, the rate limit and stats.

A request to the API goes through these steps, in order::

    injected fault?  -> throttle 429 / 5xx / invalid-token 401, no headers
    bearer token?    -> 401 invalid_token when missing, unknown or expired
    client's budget  -> 429 with Retry-After when over the window's limit
    handler          -> Reply, serialised with HTML entities unless raw_json=1
    injected body?   -> truncated or non-JSON body with the handler's status

Every response after the token check carries the ``X-Ratelimit-*`` headers
of the token's client id.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from trawl.sandbox.reddit.auth import (
    INVALID_TOKEN_CHALLENGE,
    Authority,
    Token,
    TokenRejected,
    unauthorized_body,
)
from trawl.sandbox.reddit.corpus import Corpus
from trawl.sandbox.reddit.faults import FaultPlan, Faults, Injection
from trawl.sandbox.reddit.ratelimit import RateLimiter
from trawl.sandbox.reddit.stats import Stats
from trawl.sandbox.reddit.things import error, escape_entities

logger = logging.getLogger(__name__)

JSON_TYPE = "application/json; charset=UTF-8"
TOKEN_PATH = "/api/v1/access_token"
SERVER_ERRORS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


@dataclass
class Reply:
    """What a handler answers: status, a JSON-able body and extra headers."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Call:
    """The request as a handler sees it: parameters, token and service."""

    request: Request
    params: dict[str, str]
    token: Token
    sandbox: Sandbox


Handler = Callable[[Call], Awaitable[Reply]]


class Sandbox:
    """Hold the corpus and the state that spans requests."""

    def __init__(
        self,
        *,
        corpus: Corpus,
        authority: Authority,
        limiter: RateLimiter,
        faults: Faults,
        clock: Callable[[], datetime],
    ) -> None:
        self.corpus = corpus
        self.authority = authority
        self.limiter = limiter
        self.plan = FaultPlan(faults)
        self.clock = clock
        self.stats = Stats()
        self.busy_accounts: set[str] = set()

    def now(self) -> float:
        """Return the sandbox clock as epoch seconds."""
        return self.clock().timestamp()

    def set_faults(self, faults: Faults) -> None:
        """Replace the fault settings; counts start afresh."""
        self.plan = FaultPlan(faults)

    async def serve_token(self, request: Request) -> Response:
        """Answer ``POST /api/v1/access_token``."""
        injection = await self._draw(request, only_explicit=True)
        if injection is not None:
            return self._record(
                None, f"POST {TOKEN_PATH}", _injected(injection, self.plan)
            )
        form = await form_fields(request)
        try:
            body = self.authority.grant(
                authorization=request.headers.get("authorization"), form=form
            )
        except TokenRejected:
            return self._record(
                None, f"POST {TOKEN_PATH}", _json(401, unauthorized_body())
            )
        if "access_token" in body:
            self.stats.token_issued()
        return self._record(None, f"POST {TOKEN_PATH}", _json(200, body))

    async def serve(
        self, request: Request, endpoint: str, handler: Handler
    ) -> Response:
        """Answer one API request through the whole pipeline."""
        injection = await self._draw(request, only_explicit=False)
        if injection in (
            Injection.THROTTLE,
            Injection.SERVER_ERROR,
            Injection.INVALID_TOKEN,
        ):
            return self._record(None, endpoint, _injected(injection, self.plan))
        token = self.authority.lookup(request.headers.get("authorization"))
        if token is None:
            return self._record(None, endpoint, _unauthorized())
        budget = self.limiter.spend(token.client_id)
        if budget.exceeded:
            reply = Reply(429, error(429, "Too Many Requests"))
            reply.headers["retry-after"] = str(budget.reset_seconds)
        else:
            params = await _params(request)
            reply = await handler(Call(request, params, token, self))
        response = _render(reply, raw=request.query_params.get("raw_json") == "1")
        _apply_body_fault(response, injection)
        response.headers.update(budget.headers())
        return self._record(token.client_id, endpoint, response)

    async def _draw(self, request: Request, *, only_explicit: bool) -> Injection | None:
        path = request.url.path
        if only_explicit and not self.plan.faults.path_prefix:
            return None
        injection = self.plan.draw(path)
        if self.plan.faults.delay_seconds and self.plan.applies_to(path):
            await asyncio.sleep(self.plan.faults.delay_seconds)
        return injection

    def _record(
        self, client_id: str | None, endpoint: str, response: Response
    ) -> Response:
        self.stats.record(
            client_id=client_id, endpoint=endpoint, status=response.status_code
        )
        logger.debug(
            "served", extra={"endpoint": endpoint, "status": response.status_code}
        )
        return response


async def form_fields(request: Request) -> dict[str, str]:
    """Return a url-encoded form body as a dict (the last value of a key wins)."""
    # Parsed here so the sandbox needs no python-multipart for Starlette's form().
    body = (await request.body()).decode("utf-8", errors="replace")
    return dict(parse_qsl(body, keep_blank_values=True))


async def _params(request: Request) -> dict[str, str]:
    params = dict(request.query_params)
    if request.method == "POST":
        params.update(await form_fields(request))
    return params


def _render(reply: Reply, *, raw: bool) -> Response:
    if reply.body is None:
        return Response(b"", reply.status, headers=reply.headers)
    body = reply.body if raw else escape_entities(reply.body)
    return _json(reply.status, body, reply.headers)


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    content = json.dumps(body, ensure_ascii=False).encode()
    return Response(content, status, headers=headers, media_type=JSON_TYPE)


def _unauthorized() -> Response:
    response = _json(401, unauthorized_body())
    response.headers["www-authenticate"] = INVALID_TOKEN_CHALLENGE
    return response


def _injected(injection: Injection, plan: FaultPlan) -> Response:
    if injection is Injection.THROTTLE:
        response = _json(429, error(429, "Too Many Requests"))
        if plan.faults.retry_after is not None:
            response.headers["retry-after"] = str(plan.faults.retry_after)
        return response
    if injection is Injection.INVALID_TOKEN:
        return _unauthorized()
    status = plan.faults.fail_status
    if status == 500:
        return _json(500, error(500, "Internal Server Error"))
    # Gateway errors come from Reddit's CDN as HTML, not JSON.
    message = SERVER_ERRORS.get(status, "Server Error")
    page = f"<html><body><h1>{status} {message}</h1></body></html>"
    return Response(page, status, media_type="text/html; charset=UTF-8")


def _apply_body_fault(response: Response, injection: Injection | None) -> None:
    if injection is Injection.TRUNCATE:
        response.body = response.body[: max(len(response.body) // 2, 1)]
    elif injection is Injection.NON_JSON:
        response.body = b"<!doctype html><html><body>reddit is down</body></html>"
        response.headers["content-type"] = "text/html; charset=UTF-8"
    else:
        return
    response.headers["content-length"] = str(len(response.body))
