"""Jobs, tokens and quota in the database.

Every status change is one conditional UPDATE that names the statuses it may
start from (and, for a running job, the lease it must hold); when nothing
matched, the caller learns why through ``Conflict`` or ``NotFound``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import CursorResult, and_, case, or_, select, update
from sqlalchemy.orm import Session

from trawl import clock, quota
from trawl.errors import Conflict, NotFound
from trawl.models import Job, JobStatus, Platform, QuotaBucket, Token
from trawl.values import describe

CLAIMABLE = (JobStatus.CREATED, JobStatus.PAUSED)
ENDINGS = (JobStatus.SUCCESS, JobStatus.PAUSED, JobStatus.FAILED)
TERMINAL = (JobStatus.SUCCESS, JobStatus.FAILED)
HOLD = "hold"


@dataclass(frozen=True)
class Grant:
    """The answer to a quota reservation."""

    granted: bool
    remaining: int
    resets_at: datetime


def get_token(session: Session, token_uid: str) -> Token:
    """Return the token or raise ``NotFound``."""
    token = session.get(Token, token_uid)
    if token is None:
        raise NotFound(f"token {describe(token_uid)} does not exist")
    return token


def put_token(
    session: Session, *, token_uid: str, platform: str, sealed: str | None
) -> tuple[Token, bool]:
    """Create or update a token; return it and whether it was created."""
    now = clock.now()
    token = session.get(Token, token_uid)
    if token is None:
        token = Token(
            token_uid=token_uid,
            social_platform=platform,
            sealed_secret=sealed or "",
            created_at=now,
            updated_at=now,
        )
        session.add(token)
        return token, True
    if token.social_platform != platform:
        raise Conflict(
            f"token {token_uid!r} is a {token.social_platform} token; "
            f"it cannot become a {platform} token"
        )
    if sealed is not None:
        token.sealed_secret = sealed
    token.updated_at = now
    return token, False


def list_tokens(session: Session) -> list[Token]:
    """Return every token, oldest first."""
    return list(session.scalars(select(Token).order_by(Token.created_at)))


def buckets(session: Session, token_uid: str) -> dict[str, QuotaBucket]:
    """Return the token's quota buckets by name."""
    rows = session.scalars(
        select(QuotaBucket).where(QuotaBucket.token_uid == token_uid)
    )
    return {row.bucket: row for row in rows}


def ensure_buckets(session: Session, token_uid: str, daily: dict[str, int]) -> None:
    """Create any missing bucket with a full day's allowance."""
    have = buckets(session, token_uid)
    now = clock.now()
    for name, limit in daily.items():
        if name not in have:
            session.add(
                QuotaBucket(
                    token_uid=token_uid,
                    bucket=name,
                    daily_limit=limit,
                    remaining=limit,
                    modified_at=now,
                )
            )
    session.flush()


def set_quota(
    session: Session,
    *,
    token_uid: str,
    bucket: str,
    remaining: int | None = None,
    daily_limit: int | None = None,
    as_of: datetime | None = None,
) -> QuotaBucket:
    """Record what a bucket has left as of ``as_of`` and/or its daily limit."""
    row = session.get(QuotaBucket, (token_uid, bucket))
    if row is None:
        raise NotFound(f"token {token_uid!r} has no quota bucket {bucket!r}")
    if daily_limit is not None:
        row.daily_limit = daily_limit
    if remaining is not None:
        row.remaining = remaining
        row.modified_at = as_of or clock.now()
    elif daily_limit is not None and row.modified_at < quota.last_reset(clock.now()):
        row.remaining = daily_limit
    session.flush()
    return row


def effective_remaining(row: QuotaBucket, now: datetime) -> int:
    """Return what a bucket has left now, counting a reset since it was modified."""
    if row.modified_at < quota.last_reset(now):
        return row.daily_limit
    return row.remaining


def reserve(
    session: Session,
    *,
    token_uid: str,
    bucket: str,
    units: int,
    job_uid: int,
    lease_id: str,
) -> Grant:
    """Take ``units`` from a bucket in one statement, or grant nothing."""
    _require_lease(session, job_uid, lease_id)
    now = clock.now()
    reset = quota.last_reset(now)
    stale = QuotaBucket.modified_at < reset
    left = case((stale, QuotaBucket.daily_limit), else_=QuotaBucket.remaining)
    result = session.execute(
        update(QuotaBucket)
        .where(QuotaBucket.token_uid == token_uid, QuotaBucket.bucket == bucket)
        .where(left >= units)
        .values(remaining=left - units, modified_at=now)
        .execution_options(synchronize_session=False)
    )
    row = session.get(QuotaBucket, (token_uid, bucket), populate_existing=True)
    if row is None:
        raise NotFound(f"token {token_uid!r} has no quota bucket {bucket!r}")
    granted = _rowcount(result) == 1
    return Grant(granted, effective_remaining(row, now), quota.next_reset(now))


def exhaust(session: Session, *, token_uid: str, bucket: str) -> Grant:
    """Record that the platform says a bucket is empty until the next reset."""
    now = clock.now()
    row = set_quota(session, token_uid=token_uid, bucket=bucket, remaining=0, as_of=now)
    return Grant(False, row.remaining, quota.next_reset(now))


def wake_quota_paused(session: Session, token_uid: str) -> int:
    """Make the token's quota-paused jobs runnable now; return how many."""
    result = session.execute(
        update(Job)
        .where(Job.token_uid == token_uid, Job.job_status == JobStatus.PAUSED)
        .where(
            Job.pause_kind == "quota",
            or_(Job.requested.is_(None), Job.requested != HOLD),
        )
        .values(resume_after=clock.now())
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result)


def create_job(
    session: Session,
    *,
    token: Token,
    spec: dict[str, Any],
    progress: dict[str, Any],
    name: str | None,
    message: str | None,
    output_root: Path,
) -> Job:
    """Insert a CREATED job; its folder is named by its creation time and a uuid."""
    now = clock.now()
    job_id = str(uuid.uuid4())
    platform = Platform(token.social_platform)
    folder = output_root / platform.value.lower() / f"{clock.stamp(now)}_{job_id}"
    job = Job(
        uuid=job_id,
        token_uid=token.token_uid,
        social_platform=platform.value,
        job_status=JobStatus.CREATED.value,
        job_name=name,
        spec=spec,
        progress=progress,
        checkpoint={},
        job_message=message,
        output_path=str(folder),
        created_at=now,
        updated_at=now,
        claims=0,
    )
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, job_uid: int) -> Job:
    """Return the job or raise ``NotFound``."""
    job = session.get(Job, job_uid, populate_existing=True)
    if job is None:
        raise NotFound(f"job {job_uid} does not exist")
    return job


def list_jobs(
    session: Session,
    statuses: list[str] | None,
    *,
    runnable: bool = False,
    limit: int | None = None,
) -> list[Job]:
    """Return jobs, oldest first, filtered by status and by whether they may run now."""
    query = select(Job).order_by(Job.job_uid).limit(limit)
    if statuses:
        query = query.where(Job.job_status.in_(statuses))
    if runnable:
        query = query.where(_runnable(clock.now()))
    return list(session.scalars(query))


def _runnable(now: datetime) -> Any:
    not_held = or_(Job.requested.is_(None), Job.requested != HOLD)
    due = or_(Job.resume_after.is_(None), Job.resume_after <= now)
    return or_(
        Job.job_status == JobStatus.CREATED,
        and_(Job.job_status == JobStatus.PAUSED, not_held, due),
        and_(Job.job_status == JobStatus.RUNNING, Job.lease_expires < now),
    )


def claim(session: Session, *, job_uid: int, lease_seconds: int) -> str:
    """Move a CREATED or PAUSED job (or one whose lease expired) to RUNNING."""
    now = clock.now()
    lease_id = str(uuid.uuid4())
    claimable = or_(
        and_(
            Job.job_status.in_(CLAIMABLE),
            or_(Job.requested.is_(None), Job.requested != HOLD),
        ),
        and_(Job.job_status == JobStatus.RUNNING, Job.lease_expires < now),
    )
    result = session.execute(
        update(Job)
        .where(Job.job_uid == job_uid, claimable)
        .values(
            job_status=JobStatus.RUNNING,
            lease_id=lease_id,
            lease_expires=now + timedelta(seconds=lease_seconds),
            claims=Job.claims + 1,
            resume_after=None,
            pause_reason=None,
            pause_kind=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        job = get_job(session, job_uid)
        if job.requested == HOLD:
            raise Conflict(f"job {job_uid} is paused by a user; resume it first")
        raise Conflict(
            f"job {job_uid} is {job.job_status}; only CREATED or PAUSED jobs "
            "(or RUNNING ones whose lease expired) can be claimed"
        )
    return lease_id


def renew(
    session: Session,
    *,
    job_uid: int,
    lease_id: str,
    lease_seconds: int,
    values: dict[str, Any],
) -> Job:
    """Save a running job's progress and extend its lease; the lease must match."""
    now = clock.now()
    result = session.execute(
        update(Job)
        .where(Job.job_uid == job_uid, Job.job_status == JobStatus.RUNNING)
        .where(Job.lease_id == lease_id)
        .values(
            lease_expires=now + timedelta(seconds=lease_seconds),
            updated_at=now,
            **values,
        )
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        _explain_lease(session, job_uid)
    return get_job(session, job_uid)


def finish(
    session: Session,
    *,
    job_uid: int,
    lease_id: str,
    status: JobStatus,
    values: dict[str, Any],
) -> Job:
    """End a run: RUNNING to SUCCESS, PAUSED or FAILED, under the job's lease."""
    if status not in ENDINGS:
        raise Conflict(
            f"a running job can end as SUCCESS, PAUSED or FAILED, not {status}"
        )
    result = session.execute(
        update(Job)
        .where(Job.job_uid == job_uid, Job.job_status == JobStatus.RUNNING)
        .where(Job.lease_id == lease_id)
        .values(
            job_status=status,
            lease_id=None,
            lease_expires=None,
            updated_at=clock.now(),
            **values,
        )
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        _explain_lease(session, job_uid)
    return get_job(session, job_uid)


def hold(session: Session, job_uid: int, reason: str) -> Job:
    """Pause a job for a user: it stays PAUSED until the user resumes it."""
    values = {
        "job_status": JobStatus.PAUSED,
        "requested": HOLD,
        "pause_kind": "user",
        "pause_reason": reason,
        "resume_after": None,
        "lease_id": None,
        "lease_expires": None,
    }
    return _change(
        session,
        job_uid,
        (JobStatus.CREATED, JobStatus.RUNNING, JobStatus.PAUSED),
        values,
    )


def release(session: Session, job_uid: int) -> Job:
    """Let a job a user paused run again."""
    values = {"requested": None, "resume_after": clock.now()}
    return _change(session, job_uid, (JobStatus.PAUSED,), values)


def cancel(session: Session, job_uid: int, reason: str) -> Job:
    """End a job that has not finished as FAILED with ``reason``."""
    job = get_job(session, job_uid)
    progress = {**job.progress, "error": True, "error_description": reason}
    values = {
        "job_status": JobStatus.FAILED,
        "progress": progress,
        "lease_id": None,
        "lease_expires": None,
        "requested": None,
        "resume_after": None,
        "pause_reason": None,
        "pause_kind": None,
    }
    live = (JobStatus.CREATED, JobStatus.RUNNING, JobStatus.PAUSED)
    return _change(session, job_uid, live, values)


def edit(
    session: Session, job_uid: int, values: dict[str, Any], from_states: tuple[str, ...]
) -> Job:
    """Change fields of a job that is in one of ``from_states``."""
    return _change(session, job_uid, from_states, values)


def _change(
    session: Session, job_uid: int, from_states: tuple[str, ...], values: dict[str, Any]
) -> Job:
    result = session.execute(
        update(Job)
        .where(Job.job_uid == job_uid, Job.job_status.in_(from_states))
        .values(updated_at=clock.now(), **values)
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        job = get_job(session, job_uid)
        allowed = ", ".join(from_states)
        raise Conflict(
            f"job {job_uid} is {job.job_status}; this needs one of {allowed}"
        )
    return get_job(session, job_uid)


def _require_lease(session: Session, job_uid: int, lease_id: str) -> None:
    job = get_job(session, job_uid)
    if job.job_status != JobStatus.RUNNING or job.lease_id != lease_id:
        _explain_lease(session, job_uid)


def _explain_lease(session: Session, job_uid: int) -> None:
    job = get_job(session, job_uid)
    if job.job_status != JobStatus.RUNNING:
        raise Conflict(
            f"job {job_uid} is {job.job_status}, not RUNNING; stop working on it"
        )
    raise Conflict(f"job {job_uid} is held under another lease; stop working on it")


def _rowcount(result: Any) -> int:
    assert isinstance(result, CursorResult)
    return int(result.rowcount)
