"""Build the FastAPI app and map trawl's errors onto HTTP answers.

Every error message passes through ``redact`` on its way out: a secret pasted
into the wrong field is not repeated back.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError

from trawl import __version__
from trawl.api.deps import Services
from trawl.api.gate import KeyGate
from trawl.api.lenient import BodyGuard
from trawl.api.routes import files, jobs, tokens
from trawl.api.schemas import Health
from trawl.auth import server_keys
from trawl.config import Settings, get_settings
from trawl.db import Database, migrate
from trawl.errors import Conflict, InvalidInput, NotFound
from trawl.redact import redact
from trawl.vault import Vault, VaultError

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Return the API app, with its database migrated and keys ready.

    Every path but ``/health`` and ``/api/v1/health`` (the OpenAPI document
    and ``/docs`` included) needs the operator or the worker key.
    """
    settings = settings or get_settings()
    database = Database(settings.resolved_database_url())
    migrate(database.engine)
    app = FastAPI(
        title="trawl",
        version=__version__,
        description="Collect YouTube and Reddit data through the official APIs.",
    )
    services = Services(
        settings=settings,
        database=database,
        vault=Vault.from_settings(settings),
        keys=server_keys(settings),
    )
    app.state.services = services
    for router in (tokens.router, jobs.router, files.router):
        app.include_router(router)
    for path in ("/health", "/api/v1/health"):
        app.add_api_route(path, health, methods=["GET"], tags=["health"])
    _add_error_handlers(app)
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    app.add_middleware(KeyGate, keys=services.keys)
    return app


def health() -> Health:
    """Answer that the API is up (no key needed)."""
    return Health(status="ok", version=__version__)


def _add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(InvalidInput, _invalid)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(NotFound, _status(404))
    app.add_exception_handler(Conflict, _status(409))
    app.add_exception_handler(VaultError, _status(503))
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(DBAPIError, _database_down)
    app.add_exception_handler(Exception, _unexpected)


async def _invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInput)
    loc = ["body", *exc.field.split(".")]
    error = {"loc": loc, "msg": redact(exc.message), "type": "value_error"}
    return JSONResponse({"detail": [error]}, status_code=422)


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Echoing "input" back would repeat a password or key sent in a bad body.
    errors = [
        {
            "loc": list(e.get("loc", ())),
            "msg": redact(str(e.get("msg", ""))),
            "type": e.get("type", ""),
        }
        for e in exc.errors()
    ]
    return JSONResponse({"detail": errors}, status_code=422)


async def _out_of_range(request: Request, exc: Exception) -> JSONResponse:
    # A backstop: the routes' own limits should refuse such values first.
    log.warning("the database refused a value on %s", request.url.path)
    message = "a value does not fit the database's column; check numbers and text"
    error = {"loc": ["body"], "msg": message, "type": "value_error"}
    return JSONResponse({"detail": [error]}, status_code=422)


def _status(code: int) -> Any:
    async def handler(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": redact(str(exc))}, status_code=code)

    return handler


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    # 503 tells workers to retry with backoff instead of giving up on the job.
    log.warning("database error on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(
        {"detail": "the database is unavailable; retry shortly"},
        status_code=503,
        headers={"Retry-After": "2"},
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error(
        "unexpected error on %s %s", request.method, request.url.path, exc_info=exc
    )
    return JSONResponse(
        {"detail": "internal error; the server log has the details"}, status_code=500
    )
