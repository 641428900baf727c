"""Typed dependencies shared by the routes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from trawl.auth import Keys, Role
from trawl.config import Settings
from trawl.db import Database
from trawl.vault import Vault

log = logging.getLogger(__name__)
bearer = HTTPBearer(auto_error=False, description="operator or worker key")


@dataclass
class Services:
    """What the routes need, built once per app."""

    settings: Settings
    database: Database
    vault: Vault
    keys: Keys


def services(request: Request) -> Services:
    """Return the app's services."""
    return request.app.state.services  # type: ignore[no-any-return]


def session(request: Request) -> Iterator[Session]:
    """Yield a database session that commits when the request succeeds."""
    with services(request).database.session() as active:
        yield active


def role(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Role:
    """Return the caller's role, or answer 401."""
    if credentials is None:
        raise HTTPException(401, "missing bearer key", {"WWW-Authenticate": "Bearer"})
    found = services(request).keys.role_of(credentials.credentials)
    if found is None:
        client = request.client.host if request.client else "?"
        log.warning(
            "refused an API key", extra={"client": client, "path": request.url.path}
        )
        raise HTTPException(401, "unknown API key", {"WWW-Authenticate": "Bearer"})
    return found


def worker(caller: Annotated[Role, Depends(role)]) -> Role:
    """Require the worker role."""
    if caller != Role.WORKER:
        raise HTTPException(403, "this needs the worker key (TRAWL_WORKER_KEY)")
    return caller


SessionDep = Annotated[Session, Depends(session)]
ServicesDep = Annotated[Services, Depends(services)]
RoleDep = Annotated[Role, Depends(role)]
WorkerDep = Annotated[Role, Depends(worker)]
