"""The ``/_sandbox/`` endpoints tests use to steer and watch the sandbox."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse

from trawl.sandbox.reddit.faults import Faults
from trawl.sandbox.reddit.service import Sandbox


def _sandbox(request: Request) -> Sandbox:
    sandbox: Sandbox = request.app.state.sandbox
    return sandbox


async def get_faults(request: Request) -> JSONResponse:
    """Return the fault settings and what is left of the counted ones."""
    plan = _sandbox(request).plan
    return JSONResponse(
        {"faults": plan.faults.to_json(), "remaining": plan.remaining()}
    )


async def set_faults(request: Request) -> JSONResponse:
    """Replace the fault settings with the posted JSON object."""
    try:
        faults = Faults.from_json(await request.json())
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    _sandbox(request).set_faults(faults)
    return JSONResponse({"faults": faults.to_json()})


async def get_stats(request: Request) -> JSONResponse:
    """Return the request counts."""
    return JSONResponse(_sandbox(request).stats.snapshot())


async def reset(request: Request) -> JSONResponse:
    """Clear stats and rate-limit windows, or only one (``?what=stats|limits``)."""
    sandbox = _sandbox(request)
    what = request.query_params.get("what", "all")
    if what in ("all", "stats"):
        sandbox.stats.reset()
    if what in ("all", "limits"):
        sandbox.limiter.reset()
    return JSONResponse({"reset": what})
