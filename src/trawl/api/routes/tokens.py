"""``/api/v1/token``: register credentials and manage their quota."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from trawl import clock, store
from trawl.api.deps import RoleDep, ServicesDep, SessionDep, WorkerDep
from trawl.api.lenient import LenientRoute
from trawl.api.schemas import ALWAYS, Grant, TokenAnswer, TokenView, ok, problem
from trawl.api.views import token_view
from trawl.errors import InvalidInput
from trawl.models import Platform, Token
from trawl.quota import DEFAULT_BUCKET, youtube_costs

router = APIRouter(
    prefix="/api/v1", tags=["tokens"], route_class=LenientRoute, responses=ALWAYS
)

TOKEN_UID = Path(
    pattern=r"^[A-Za-z0-9_.:-]{1,64}$", description="your name for the token"
)
Secret = Field(default=None, min_length=1, max_length=512)
CREDENTIALS = {
    Platform.YOUTUBE: ("api_token",),
    Platform.REDDIT: ("client_id", "secret_token", "username", "password"),
}


class TokenDetail(BaseModel):
    """Credential fields, as the seed shows them under ``token_detail``."""

    model_config = ConfigDict(extra="forbid")

    api_token: str | None = Secret
    client_id: str | None = Secret
    # Installed Reddit apps have no secret; they are refused later with the
    # hint that password grants need a "script" app.
    secret_token: str | None = Field(default=None, min_length=0, max_length=512)
    username: str | None = Secret
    password: str | None = Secret
    token_quota: int | None = Field(default=None, ge=0, le=1_000_000_000)
    modified_quota_timestamp: str | None = Field(default=None, pattern=r"^\d{14}$")


class TokenPut(TokenDetail):
    """Body of ``PUT /api/v1/token/{token_uid}``."""

    social_platform: Platform
    daily_quota: int | None = Field(default=None, ge=0, le=1_000_000_000)
    search_daily_quota: int | None = Field(default=None, ge=0, le=1_000_000)
    token_detail: TokenDetail | None = None


class ReserveBody(BaseModel):
    """A worker's request to spend quota before it calls the platform."""

    model_config = ConfigDict(extra="forbid")

    bucket: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$")
    units: int = Field(default=1, ge=1, le=10_000)
    job_uid: int = Field(ge=1, le=2**31 - 1)
    lease_id: str = Field(min_length=1, max_length=64)


class ExhaustBody(BaseModel):
    """A worker's report that the platform says a bucket is empty."""

    model_config = ConfigDict(extra="forbid")

    bucket: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$")


@router.put(
    "/token/{token_uid}", response_model=None, responses=ok(TokenAnswer) | problem(409)
)
def put_token(
    body: TokenPut,
    services: ServicesDep,
    session: SessionDep,
    caller: RoleDep,
    token_uid: str = TOKEN_UID,
) -> dict[str, Any]:
    """Create or update a token; ``token_quota`` is what it has left today."""
    fields = _merged(body)
    _check_credentials(body.social_platform, fields)
    existing = session.get(Token, token_uid)
    secret = _secret(services, existing, body.social_platform, fields)
    token, created = store.put_token(
        session, token_uid=token_uid, platform=body.social_platform, sealed=secret
    )
    if body.social_platform == Platform.YOUTUBE:
        _apply_quota(session, token_uid, body, fields)
    return {
        "result": "created" if created else "updated",
        **token_view(session, token, services.vault, caller),
    }


@router.get("/tokens", response_model=None, responses=ok(list[TokenView]))
def list_tokens(
    services: ServicesDep, session: SessionDep, caller: RoleDep
) -> list[dict[str, Any]]:
    """List every token with its quota; secrets are masked."""
    return [
        token_view(session, t, services.vault, caller)
        for t in store.list_tokens(session)
    ]


@router.get(
    "/token/{token_uid}", response_model=None, responses=ok(TokenView) | problem(404)
)
def get_token(
    services: ServicesDep,
    session: SessionDep,
    caller: RoleDep,
    token_uid: str = TOKEN_UID,
) -> dict[str, Any]:
    """Show one token with its quota; secrets are masked."""
    return token_view(
        session, store.get_token(session, token_uid), services.vault, caller
    )


@router.post(
    "/token/{token_uid}/quota/reserve",
    response_model=None,
    responses=ok(Grant) | problem(403, 404, 409),
)
def reserve(
    body: ReserveBody, session: SessionDep, _: WorkerDep, token_uid: str = TOKEN_UID
) -> dict[str, Any]:
    """Spend quota before a request; ``granted`` is false when it cannot be paid."""
    store.get_token(session, token_uid)
    grant = store.reserve(
        session,
        token_uid=token_uid,
        bucket=body.bucket,
        units=body.units,
        job_uid=body.job_uid,
        lease_id=body.lease_id,
    )
    return {
        "granted": grant.granted,
        "remaining": grant.remaining,
        "resets_at": grant.resets_at.isoformat(),
    }


@router.post(
    "/token/{token_uid}/quota/exhaust",
    response_model=None,
    responses=ok(Grant) | problem(403, 404),
)
def exhaust(
    body: ExhaustBody, session: SessionDep, _: WorkerDep, token_uid: str = TOKEN_UID
) -> dict[str, Any]:
    """Record that the platform reports a bucket empty until its reset."""
    store.get_token(session, token_uid)
    grant = store.exhaust(session, token_uid=token_uid, bucket=body.bucket)
    return {
        "granted": False,
        "remaining": grant.remaining,
        "resets_at": grant.resets_at.isoformat(),
    }


def _merged(body: TokenPut) -> dict[str, Any]:
    nested = (
        body.token_detail.model_dump(exclude_none=True) if body.token_detail else {}
    )
    top = body.model_dump(
        exclude_none=True, exclude={"token_detail", "social_platform"}
    )
    return {**nested, **top}


def _check_credentials(platform: Platform, fields: dict[str, Any]) -> None:
    for platform_, names in CREDENTIALS.items():
        if platform_ == platform:
            continue
        for name in names:
            if name in fields and name not in CREDENTIALS[platform]:
                allowed = ", ".join(CREDENTIALS[platform])
                raise InvalidInput(
                    name,
                    f"is not a {platform} credential; {platform} tokens take {allowed}",
                )


def _secret(
    services: Any, existing: Token | None, platform: Platform, fields: dict[str, Any]
) -> str | None:
    given = {name: fields[name] for name in CREDENTIALS[platform] if name in fields}
    if not given:
        return None if existing else ""
    current = {}
    if existing is not None and existing.sealed_secret:
        current = services.vault.open(existing.sealed_secret)
    return str(services.vault.seal({**current, **given}))


def _apply_quota(
    session: Any, token_uid: str, body: TokenPut, fields: dict[str, Any]
) -> None:
    daily = dict(youtube_costs().daily)
    store.ensure_buckets(session, token_uid, daily)
    as_of = _as_of(fields.get("modified_quota_timestamp"))
    remaining = fields.get("token_quota")
    store.set_quota(
        session,
        token_uid=token_uid,
        bucket=DEFAULT_BUCKET,
        remaining=remaining,
        daily_limit=body.daily_quota,
        as_of=as_of,
    )
    if body.search_daily_quota is not None:
        store.set_quota(
            session,
            token_uid=token_uid,
            bucket="search",
            daily_limit=body.search_daily_quota,
        )
    if remaining or body.daily_quota or body.search_daily_quota:
        store.wake_quota_paused(session, token_uid)


def _as_of(stamp: str | None) -> Any:
    if stamp is None:
        return None
    try:
        moment = clock.parse_stamp(stamp)
    except ValueError:
        raise InvalidInput(
            "modified_quota_timestamp", "must be a real time as yyyymmddHHMMSS (UTC)"
        ) from None
    if moment > clock.now():
        raise InvalidInput("modified_quota_timestamp", "must not be in the future")
    return moment
