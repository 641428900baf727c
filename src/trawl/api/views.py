"""Turn stored jobs and tokens into the seed's response shapes."""

from __future__ import annotations

from typing import Any

from trawl import clock, jobspec, store
from trawl.auth import Role
from trawl.models import Job, Platform, Token
from trawl.quota import DEFAULT_BUCKET
from trawl.vault import Vault, VaultError

YOUTUBE_SECRETS = ("api_token",)
REDDIT_SECRETS = ("client_id", "secret_token", "username", "password")
HIDDEN = ("secret_token", "password", "api_token", "client_id")


def mask(value: Any) -> Any:
    """Hide all but the last four characters of a secret (all of a short one)."""
    if not isinstance(value, str) or not value:
        return value
    return "****" + value[-4:] if len(value) >= 12 else "****"


def uid_out(token_uid: str) -> str | int:
    """Show a numeric token uid as a number, as the seed's examples do."""
    if token_uid.isdigit() and (token_uid == "0" or not token_uid.startswith("0")):
        return int(token_uid)
    return token_uid


def token_detail(
    session: Any, token: Token, vault: Vault, role: Role
) -> dict[str, Any]:
    """Return the seed's ``token_detail``; secrets only for the worker role."""
    try:
        secret = vault.open(token.sealed_secret) if token.sealed_secret else {}
    except VaultError:
        if role == Role.WORKER:
            raise  # a worker must not mistake an unreadable key for a missing one
        secret = {}
    if token.social_platform == Platform.YOUTUBE:
        detail = {"api_token": secret.get("api_token")}
        detail.update(_quota_fields(session, token))
    else:
        detail = {key: secret.get(key) for key in REDDIT_SECRETS}
    if role != Role.WORKER:
        detail = {k: mask(v) if k in HIDDEN else v for k, v in detail.items()}
    return detail


def _quota_fields(session: Any, token: Token) -> dict[str, Any]:
    rows = store.buckets(session, token.token_uid)
    row = rows.get(DEFAULT_BUCKET)
    if row is None:
        return {"token_quota": None, "modified_quota_timestamp": None}
    return {
        "token_quota": store.effective_remaining(row, clock.now()),
        "modified_quota_timestamp": clock.stamp(row.modified_at),
    }


def token_view(session: Any, token: Token, vault: Vault, role: Role) -> dict[str, Any]:
    """Return a token for listings: masked detail plus every quota bucket."""
    now = clock.now()
    quota = {
        name: {
            "daily_limit": row.daily_limit,
            "remaining": store.effective_remaining(row, now),
            "modified_quota_timestamp": clock.stamp(row.modified_at),
        }
        for name, row in store.buckets(session, token.token_uid).items()
    }
    return {
        "token_uid": uid_out(token.token_uid),
        "social_platform": token.social_platform,
        "token_detail": token_detail(session, token, vault, role),
        "quota": quota,
        "created_at": token.created_at.isoformat(),
        "updated_at": token.updated_at.isoformat(),
    }


def job_detail(job: Job) -> dict[str, Any]:
    """Return a job's detail in the seed's GET shape plus trawl's own fields."""
    detail: dict[str, Any] = {"job_name": job.job_name}
    detail.update(jobspec.emit_spec(job.social_platform, job.spec))
    detail.update(job.progress)
    detail.update(
        {
            "created_at": job.created_at.isoformat(),
            "resume_after": _iso(job.resume_after),
            "pause_reason": job.pause_reason,
            "pause_kind": job.pause_kind,
            "held_by_user": job.requested == store.HOLD,
            "lease_expires": _iso(job.lease_expires),
            "claims": job.claims,
            "checkpoint": job.checkpoint,
        }
    )
    return detail


def job_view(
    session: Any,
    job: Job,
    vault: Vault,
    role: Role,
    tokens: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return a job with exactly the seed's keys.

    ``tokens`` caches token details across the jobs of one listing, so a token
    is read and decrypted once per request rather than once per job.
    """
    tokens = {} if tokens is None else tokens
    if job.token_uid not in tokens:
        token = store.get_token(session, job.token_uid)
        tokens[job.token_uid] = token_detail(session, token, vault, role)
    return {
        "job_uid": job.job_uid,
        "token_uid": uid_out(job.token_uid),
        "token_detail": dict(tokens[job.token_uid]),
        "job_status": job.job_status,
        "social_platform": job.social_platform,
        "output_path": job.output_path,
        "job_detail": job_detail(job),
    }


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None
