"""Build the FastAPI app and map trawl's errors onto HTTP answers."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from trawl import __version__
from trawl.api.deps import Services
from trawl.api.lenient import BodyGuard, BodyTooLarge
from trawl.api.routes import files, jobs, tokens
from trawl.auth import server_keys
from trawl.config import Settings, get_settings
from trawl.db import Database, migrate
from trawl.errors import Conflict, InvalidInput, NotFound
from trawl.vault import Vault, VaultError

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Return the API app, with its database migrated and keys ready."""
    settings = settings or get_settings()
    database = Database(settings.resolved_database_url())
    migrate(database.engine)
    app = FastAPI(
        title="trawl",
        version=__version__,
        description="Collect YouTube and Reddit data through the official APIs.",
    )
    app.state.services = Services(
        settings=settings,
        database=database,
        vault=Vault.from_settings(settings),
        keys=server_keys(settings),
    )
    for router in (tokens.router, jobs.router, files.router):
        app.include_router(router)
    app.add_api_route("/health", health, methods=["GET"], tags=["health"])
    app.add_api_route("/api/v1/health", health, methods=["GET"], tags=["health"])
    _add_error_handlers(app)
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    return app


def health() -> dict[str, str]:
    """Answer that the API is up (no key needed)."""
    return {"status": "ok", "version": __version__}


def _add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(InvalidInput, _invalid)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(NotFound, _status(404))
    app.add_exception_handler(Conflict, _status(409))
    app.add_exception_handler(VaultError, _status(503))
    app.add_exception_handler(BodyTooLarge, _status(413))
    app.add_exception_handler(Exception, _unexpected)


async def _invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInput)
    loc = ["body", *exc.field.split(".")]
    error = {"loc": loc, "msg": exc.message, "type": "value_error"}
    return JSONResponse({"detail": [error]}, status_code=422)


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Echoing "input" back would repeat a password or key sent in a bad body.
    errors = [
        {
            "loc": list(e.get("loc", ())),
            "msg": e.get("msg", ""),
            "type": e.get("type", ""),
        }
        for e in exc.errors()
    ]
    return JSONResponse({"detail": errors}, status_code=422)


def _status(code: int) -> Any:
    async def handler(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=code)

    return handler


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error(
        "unexpected error on %s %s", request.method, request.url.path, exc_info=exc
    )
    return JSONResponse(
        {"detail": "internal error; the server log has the details"}, status_code=500
    )
