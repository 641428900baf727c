"""Typed dependencies shared by the routes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from trawl.api.gate import ROLE_KEY
from trawl.auth import Keys, Role
from trawl.config import Settings
from trawl.db import Database
from trawl.vault import Vault

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
    _: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Role:
    """Return the role the key gate admitted the caller with."""
    # The bearer dependency only documents the scheme; the gate checked the key.
    found = request.scope.get("state", {}).get(ROLE_KEY)
    if not isinstance(found, Role):
        raise HTTPException(
            401, "a valid bearer key is required", {"WWW-Authenticate": "Bearer"}
        )
    return found


def worker(caller: Annotated[Role, Depends(role)]) -> Role:
    """Require the worker role."""
    if caller != Role.WORKER:
        raise HTTPException(403, "this needs the worker key (TRAWL_WORKER_KEY)")
    return caller


def field_error(where: str, name: str, message: str) -> HTTPException:
    """Return a 422 naming one field of the path, query or body."""
    error = {"loc": [where, name], "msg": message, "type": "value_error"}
    return HTTPException(422, [error])


# Commit before the answer is sent: a client acting on the answer must see it.
SessionDep = Annotated[Session, Depends(session, scope="function")]
ServicesDep = Annotated[Services, Depends(services)]
RoleDep = Annotated[Role, Depends(role)]
WorkerDep = Annotated[Role, Depends(worker)]
