"""The ASGI app: the API under ``/youtube/v3/`` and controls under ``/_sandbox/``."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from trawl.sandbox.youtube.corpus import Corpus
from trawl.sandbox.youtube.faults import Faults, Mangle
from trawl.sandbox.youtube.quota import Clock
from trawl.sandbox.youtube.service import Outcome, Sandbox
from trawl.sandbox.youtube.synthetic import synthetic_corpus

JSON_TYPE = "application/json; charset=UTF-8"
_BAD_GATEWAY = (
    "<html><head><title>502 Bad Gateway</title></head>"
    "<body><h1>Bad Gateway</h1><p>The proxy could not reach the server.</p>"
    "</body></html>"
)


def create_app(
    corpus: Corpus | None = None,
    *,
    faults: Faults | None = None,
    daily_quota: int = 10_000,
    search_daily_calls: int = 100,
    clock: Clock | None = None,
) -> Starlette:
    """Return the sandbox app serving ``corpus`` (the synthetic one by default)."""
    sandbox = Sandbox(
        corpus if corpus is not None else synthetic_corpus(),
        faults=faults or Faults(),
        daily={"default": daily_quota, "search": search_daily_calls},
        clock=clock or _now,
    )
    app = Starlette(routes=_routes())
    app.state.sandbox = sandbox
    return app


def _now() -> datetime:
    return datetime.now(UTC)


def _routes() -> list[Route]:
    return [
        Route("/youtube/v3/{endpoint}", _api, methods=["GET"]),
        Route("/_sandbox/faults", _faults, methods=["GET", "POST"]),
        Route("/_sandbox/stats", _stats, methods=["GET"]),
        Route("/_sandbox/stats/reset", _reset_stats, methods=["POST"]),
        Route("/_sandbox/quota", _quota, methods=["GET"]),
        Route("/_sandbox/quota/reset", _reset_quota, methods=["POST"]),
    ]


def _sandbox(request: Request) -> Sandbox:
    sandbox: Sandbox = request.app.state.sandbox
    return sandbox


async def _api(request: Request) -> Response:
    sandbox = _sandbox(request)
    endpoint = request.path_params["endpoint"]
    delay = sandbox.plan.faults.delay_seconds
    if delay > 0:
        await asyncio.sleep(delay)
    query = {name: request.query_params.getlist(name) for name in request.query_params}
    return _render(sandbox.serve(endpoint, query))


def _render(outcome: Outcome) -> Response:
    if outcome.mangle is Mangle.NOT_JSON:
        return Response(_BAD_GATEWAY, status_code=502, media_type="text/html")
    text = json.dumps(outcome.body, ensure_ascii=False, indent=2).encode()
    if outcome.mangle is Mangle.TRUNCATE:
        text = text[: len(text) // 2]
    return Response(text, status_code=outcome.status, media_type=JSON_TYPE)


async def _faults(request: Request) -> Response:
    sandbox = _sandbox(request)
    if request.method == "POST":
        try:
            sandbox.set_faults(Faults.from_json(await request.json()))
        except (ValueError, TypeError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
    return JSONResponse(sandbox.plan.faults.to_json())


async def _stats(request: Request) -> Response:
    sandbox = _sandbox(request)
    return JSONResponse(sandbox.stats.to_json())


async def _reset_stats(request: Request) -> Response:
    _sandbox(request).stats.reset()
    return JSONResponse({"reset": True})


async def _quota(request: Request) -> Response:
    return JSONResponse(_quota_view(_sandbox(request)))


async def _reset_quota(request: Request) -> Response:
    sandbox = _sandbox(request)
    sandbox.ledger.reset()
    return JSONResponse(_quota_view(sandbox))


def _quota_view(sandbox: Sandbox) -> dict[str, Any]:
    return {
        "spent": sandbox.ledger.spent(),
        "resets_at": sandbox.ledger.resets_at().isoformat(),
    }
