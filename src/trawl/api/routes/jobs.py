"""``/api/v1/jobs``: submit jobs, follow them, and the tool interface's updates."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from trawl import jobspec, store
from trawl.api.deps import RoleDep, ServicesDep, SessionDep, field_error
from trawl.api.lenient import LenientRoute
from trawl.api.schemas import ALWAYS, JobAnswer, JobView, ok, problem
from trawl.api.views import job_view
from trawl.auth import Role
from trawl.errors import Conflict, InvalidInput
from trawl.models import Job, JobStatus, Platform
from trawl.values import describe

router = APIRouter(
    prefix="/api/v1", tags=["jobs"], route_class=LenientRoute, responses=ALWAYS
)

MAX_UID = 2**31 - 1  # the jobs table's INTEGER key on PostgreSQL
JobUidPath = Annotated[int, Path(ge=1, le=MAX_UID, description="the job's number")]
TokenRef = (
    Annotated[int, Field(ge=0, le=2**62)]
    | Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
)
JobRef = Annotated[int, Field(ge=1, le=MAX_UID)] | Annotated[str, Field(max_length=20)]
PAUSE_KINDS = ("quota", "user", "rate", "shutdown", "transient", "cancel")
MAX_STATUS_VALUES = 10
StatusQuery = Annotated[
    list[str] | None,
    Query(
        description="CREATED,PAUSED or status=CREATED&status=PAUSED or {CREATED,PAUSED}"
    ),
]
CHANGED = ok(JobAnswer) | problem(404, 409)


class JobCreate(BaseModel):
    """Body of ``POST /api/v1/jobs``."""

    model_config = ConfigDict(extra="forbid")

    token_uid: TokenRef
    social_platform: Platform | None = None
    job_detail: dict[str, Any]
    job_name: str | None = Field(default=None, max_length=200)
    job_message: str | None = Field(default=None, max_length=10_000)


class JobPut(BaseModel):
    """Body of ``PUT /api/v1/jobs``: the seed's update, or a creation without uid."""

    model_config = ConfigDict(extra="forbid")

    job_uid: JobRef | None = None
    token_uid: TokenRef | None = None
    social_platform: Platform | None = None
    job_status: JobStatus | None = None
    job_detail: dict[str, Any] | None = None
    job_message: str | None = Field(default=None, max_length=10_000)
    lease_id: str | None = Field(default=None, max_length=64)


RunnableQuery = Annotated[
    bool,
    Query(
        description="only jobs a scheduler may start now: CREATED, PAUSED and due "
        "(not held by a user), or RUNNING with a lapsed lease"
    ),
]
LimitQuery = Annotated[
    int | None, Query(ge=1, le=10_000, description="return at most this many jobs")
]


class Reason(BaseModel):
    """Optional words a user gives for pausing or cancelling."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=1000)


@router.get("/jobs", response_model=None, responses=ok(list[JobView]))
@router.get("/jobs/", include_in_schema=False)
def list_jobs(
    services: ServicesDep,
    session: SessionDep,
    caller: RoleDep,
    status: StatusQuery = None,
    runnable: RunnableQuery = False,
    limit: LimitQuery = None,
) -> list[dict[str, Any]]:
    """List jobs, optionally only those in the given statuses or runnable now."""
    statuses = parse_statuses(status)
    jobs = store.list_jobs(session, statuses, runnable=runnable, limit=limit)
    tokens: dict[str, dict[str, Any]] = {}
    return [job_view(session, job, services.vault, caller, tokens) for job in jobs]


@router.post(
    "/jobs",
    status_code=201,
    response_model=None,
    responses=ok(JobAnswer, 201) | problem(404),
)
@router.post("/jobs/", status_code=201, include_in_schema=False)
def create_job(
    body: JobCreate, services: ServicesDep, session: SessionDep, caller: RoleDep
) -> dict[str, Any]:
    """Submit a job; it starts CREATED and the scheduler picks it up."""
    job = _create(services, session, body.model_dump())
    return _answer("created", session, services, job, caller)


@router.put("/jobs", response_model=None, responses=CHANGED | problem(403))
@router.put("/jobs/", include_in_schema=False)
def put_job(
    body: JobPut, services: ServicesDep, session: SessionDep, caller: RoleDep
) -> dict[str, Any]:
    """Update a job (status, detail, message); without ``job_uid`` create one."""
    if body.job_uid is None:
        job = _create(services, session, body.model_dump())
        return _answer("created", session, services, job, caller)
    job_uid = jobspec.check_int("job_uid", body.job_uid)
    job = store.get_job(session, job_uid)
    if body.social_platform and body.social_platform != job.social_platform:
        raise InvalidInput(
            "social_platform", f"job {job_uid} is a {job.social_platform} job"
        )
    if body.token_uid is not None and str(body.token_uid) != job.token_uid:
        raise InvalidInput("token_uid", "a job's token cannot change once created")
    return _update(services, session, job, body, caller)


@router.get(
    "/jobs/{job_uid}", response_model=None, responses=ok(JobView) | problem(404)
)
def get_job(
    job_uid: JobUidPath, services: ServicesDep, session: SessionDep, caller: RoleDep
) -> dict[str, Any]:
    """Show one job."""
    return job_view(session, store.get_job(session, job_uid), services.vault, caller)


@router.post("/jobs/{job_uid}/pause", response_model=None, responses=CHANGED)
def pause_job(
    job_uid: JobUidPath,
    services: ServicesDep,
    session: SessionDep,
    caller: RoleDep,
    body: Reason | None = None,
) -> dict[str, Any]:
    """Pause a job until a user resumes it; a running worker stops at its next call."""
    reason = (body.reason if body else None) or "paused by user"
    job = store.hold(session, job_uid, reason)
    return _answer("paused", session, services, job, caller)


@router.post("/jobs/{job_uid}/resume", response_model=None, responses=CHANGED)
def resume_job(
    job_uid: JobUidPath, services: ServicesDep, session: SessionDep, caller: RoleDep
) -> dict[str, Any]:
    """Let a paused job run at the scheduler's next look."""
    job = store.release(session, job_uid)
    return _answer("resumed", session, services, job, caller)


@router.post("/jobs/{job_uid}/cancel", response_model=None, responses=CHANGED)
def cancel_job(
    job_uid: JobUidPath,
    services: ServicesDep,
    session: SessionDep,
    caller: RoleDep,
    body: Reason | None = None,
) -> dict[str, Any]:
    """End a job as FAILED with the message that it was cancelled."""
    reason = (body.reason if body else None) or "cancelled by user"
    job = store.cancel(session, job_uid, reason)
    return _answer("cancelled", session, services, job, caller)


def parse_statuses(values: list[str] | None) -> list[str] | None:
    """Read ``status`` in any of the seed's spellings; raise on unknown names."""
    if not values:
        return None
    if len(values) > MAX_STATUS_VALUES or any(len(v) > 100 for v in values):
        raise field_error("query", "status", "lists at most the five statuses")
    names: list[str] = []
    for value in values:
        cleaned = value.replace("{", " ").replace("}", " ").replace(",", " ")
        names.extend(part.strip().upper() for part in cleaned.split() if part.strip())
    allowed = [status.value for status in JobStatus]
    unknown = [describe(name) for name in names if name not in allowed]
    if unknown:
        raise field_error(
            "query",
            "status",
            f"unknown {', '.join(unknown)}; allowed: {', '.join(allowed)}",
        )
    return names or None


def _create(services: Any, session: Any, body: dict[str, Any]) -> Job:
    if body.get("token_uid") is None:
        raise InvalidInput("token_uid", "is required to create a job")
    token = store.get_token(session, str(body["token_uid"]))
    platform = Platform(token.social_platform)
    if body.get("social_platform") and body["social_platform"] != platform:
        raise InvalidInput(
            "social_platform", f"token {token.token_uid!r} is a {platform} token"
        )
    _require_credentials(services, token)
    detail = jobspec.parse_detail(platform, body.get("job_detail"), need_spec=True)
    assert detail.spec is not None
    progress = {**jobspec.initial_progress(platform, detail.spec), **detail.progress}
    return store.create_job(
        session,
        token=token,
        spec=detail.spec,
        progress=progress,
        name=body.get("job_name") or detail.name,
        message=body.get("job_message"),
        output_root=services.settings.output_root.expanduser().resolve(),
    )


NEEDED = {
    Platform.YOUTUBE: ("api_token",),
    Platform.REDDIT: ("client_id", "username", "password"),
}


def _require_credentials(services: Any, token: Any) -> None:
    """Refuse a job whose token lacks what its platform needs to log in."""
    secret = services.vault.open(token.sealed_secret) if token.sealed_secret else {}
    missing = [n for n in NEEDED[Platform(token.social_platform)] if not secret.get(n)]
    if missing:
        raise InvalidInput(
            "token_uid",
            f"token {token.token_uid!r} has no {', '.join(missing)} yet; "
            f"add it with PUT /api/v1/token/{token.token_uid}",
        )


def _update(
    services: Any, session: Any, job: Job, body: JobPut, caller: Role
) -> dict[str, Any]:
    detail = jobspec.parse_detail(job.social_platform, body.job_detail, need_spec=False)
    status = body.job_status
    if status == JobStatus.RUNNING and (
        job.job_status != JobStatus.RUNNING or body.lease_id != job.lease_id
    ):
        return _claim(services, session, job, body, detail, caller)
    if body.lease_id is not None and job.job_status != JobStatus.RUNNING:
        raise Conflict(
            f"job {job.job_uid} is {job.job_status}, not RUNNING; stop working on it"
        )
    if job.job_status == JobStatus.RUNNING and body.lease_id is not None:
        return _report(services, session, job, body, detail, caller)
    return _manage(services, session, job, body, detail, caller)


def _claim(
    services: Any,
    session: Any,
    job: Job,
    body: JobPut,
    detail: jobspec.Detail,
    caller: Role,
) -> dict[str, Any]:
    if caller != Role.WORKER:
        raise HTTPException(
            403, "claiming a job needs the worker key (TRAWL_WORKER_KEY)"
        )
    lease_id = store.claim(
        session, job_uid=job.job_uid, lease_seconds=services.settings.lease_seconds
    )
    job = store.get_job(session, job.job_uid)
    answer = _answer("claimed", session, services, job, caller)
    answer["lease_id"] = lease_id
    return answer


def _report(
    services: Any,
    session: Any,
    job: Job,
    body: JobPut,
    detail: jobspec.Detail,
    caller: Role,
) -> dict[str, Any]:
    if caller != Role.WORKER:
        raise HTTPException(403, "updating a running job needs the worker key")
    assert body.lease_id is not None
    values = _run_values(job, body, detail)
    status = body.job_status
    if status is None or status == JobStatus.RUNNING:
        job = store.renew(
            session,
            job_uid=job.job_uid,
            lease_id=body.lease_id,
            lease_seconds=services.settings.lease_seconds,
            values=values,
        )
        return _answer("saved", session, services, job, caller)
    job = store.finish(
        session,
        job_uid=job.job_uid,
        lease_id=body.lease_id,
        status=status,
        values=values,
    )
    return _answer("finished", session, services, job, caller)


def _manage(
    services: Any,
    session: Any,
    job: Job,
    body: JobPut,
    detail: jobspec.Detail,
    caller: Role,
) -> dict[str, Any]:
    status = body.job_status
    if status == JobStatus.FAILED and job.job_status not in store.TERMINAL:
        job = store.cancel(
            session, job.job_uid, body.job_message or "cancelled by user"
        )
        return _answer("cancelled", session, services, job, caller)
    if status == JobStatus.PAUSED and job.job_status in (
        JobStatus.CREATED,
        JobStatus.RUNNING,
    ):
        job = store.hold(session, job.job_uid, body.job_message or "paused by user")
        return _answer("paused", session, services, job, caller)
    if status is not None and status != job.job_status:
        raise Conflict(_refusal(job.job_status, status))
    values = _edit_values(job, body, detail)
    if values:
        job = store.edit(session, job.job_uid, values, (job.job_status,))
    return _answer("updated", session, services, job, caller)


def _refusal(current: str, wanted: str) -> str:
    allowed = {
        JobStatus.CREATED: (
            "RUNNING (a worker's claim), PAUSED or FAILED (a user's pause or cancel)"
        ),
        JobStatus.PAUSED: "RUNNING (a worker's claim) or FAILED (cancel)",
        JobStatus.RUNNING: (
            "SUCCESS, PAUSED or FAILED, reported by the worker holding its lease"
        ),
        JobStatus.SUCCESS: "nothing: the job has ended",
        JobStatus.FAILED: "nothing: the job has ended",
    }[JobStatus(current)]
    return (
        f"cannot change a {current} job to {wanted}; "
        f"from {current} it may go to {allowed}"
    )


def _edit_values(job: Job, body: JobPut, detail: jobspec.Detail) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if detail.spec is not None and detail.spec != job.spec:
        if job.job_status != JobStatus.CREATED:
            raise Conflict(
                f"job {job.job_uid} has started; what it collects can no longer change"
            )
        values["spec"] = detail.spec
    changed = {k: v for k, v in detail.progress.items() if job.progress.get(k) != v}
    if changed:
        if job.job_status != JobStatus.CREATED:
            raise Conflict(
                f"job {job.job_uid} is {job.job_status}; "
                "only its worker may change its progress"
            )
        values["progress"] = {**job.progress, **changed}
    if detail.checkpoint is not None and detail.checkpoint != job.checkpoint:
        raise InvalidInput(
            "job_detail.checkpoint",
            "is written only by the worker holding the job's lease (lease_id)",
        )
    if detail.name is not None:
        values["job_name"] = detail.name
    if body.job_message is not None:
        values["job_message"] = body.job_message
    return values


def _run_values(job: Job, body: JobPut, detail: jobspec.Detail) -> dict[str, Any]:
    values: dict[str, Any] = {"progress": {**job.progress, **detail.progress}}
    if detail.checkpoint is not None:
        values["checkpoint"] = detail.checkpoint
    if body.job_message is not None:
        values["job_message"] = body.job_message
    raw = body.job_detail or {}
    if body.job_status == JobStatus.PAUSED:
        values["resume_after"] = _when(raw.get("resume_after"))
        values["pause_reason"] = str(raw.get("pause_reason") or "paused")[:1000]
        kind = raw.get("pause_kind")
        values["pause_kind"] = kind if kind in PAUSE_KINDS else None
    return values


def _when(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(
            "job_detail.resume_after", "must be an ISO 8601 time"
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput("job_detail.resume_after", "must carry a time zone")
    return moment


def _answer(
    result: str, session: Any, services: Any, job: Job, caller: Role
) -> dict[str, Any]:
    view = job_view(session, job, services.vault, caller)
    return {"result": result, "created_at": job.created_at.isoformat(), **view}
