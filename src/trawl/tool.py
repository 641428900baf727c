"""The tool interface: run one job the seed's way and report how it ended.

claim (RUNNING) -> collect -> write results -> SUCCESS | PAUSED | FAILED.
It talks to the API only over HTTP, so it can run on any host that shares
the output location.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from trawl import clock, jobspec
from trawl.client import ApiClient
from trawl.collect import Collector, JobContext, LeaseLost
from trawl.config import Settings
from trawl.errors import Conflict, CredentialInvalid, FailJob, PauseJob
from trawl.manifest import write_manifest
from trawl.models import JobStatus, Platform
from trawl.output import cut_back
from trawl.redact import redact

log = logging.getLogger(__name__)
LOST = "LOST"
SKIPPED = "SKIPPED"


def schedule_job(
    job: dict[str, Any],
    *,
    client: ApiClient,
    settings: Settings,
    stop: threading.Event | None = None,
) -> str:
    """Claim ``job``, collect it and report the end; return the final status."""
    job_uid = int(job["job_uid"])
    try:
        claimed, lease_id = client.claim(job_uid)
    except Conflict as exc:
        log.info("job not claimed: %s", exc, extra={"job_uid": job_uid})
        return SKIPPED
    try:
        ctx = _context(claimed, lease_id, client, settings, stop)
    except Exception as exc:
        log.exception("cannot start job %s", job_uid)
        _fail_unstarted(client, job_uid, lease_id, f"cannot start: {redact(str(exc))}")
        return JobStatus.FAILED.value
    ctx.log.info("job claimed")
    try:
        return _run(ctx)
    finally:
        ctx.close()


def _context(
    claimed: dict[str, Any],
    lease_id: str,
    client: ApiClient,
    settings: Settings,
    stop: threading.Event | None,
) -> JobContext:
    platform = claimed["social_platform"]
    detail = jobspec.parse_detail(platform, claimed["job_detail"], need_spec=True)
    assert detail.spec is not None
    return JobContext(
        job=claimed,
        spec=detail.spec,
        lease_id=lease_id,
        client=client,
        settings=settings,
        stop=stop,
    )


def _fail_unstarted(
    client: ApiClient, job_uid: int, lease_id: str, message: str
) -> None:
    detail = {"error": True, "error_description": message}
    body = {"job_uid": job_uid, "lease_id": lease_id, "job_status": "FAILED"}
    client.put_job({**body, "job_detail": detail})


def collector_for(ctx: JobContext) -> Collector:
    """Return the collector for the job's platform."""
    if ctx.platform == Platform.YOUTUBE:
        from trawl.youtube.collector import YouTubeCollector

        return YouTubeCollector(ctx)
    from trawl.reddit.collector import RedditCollector

    return RedditCollector(ctx)


def _run(ctx: JobContext) -> str:
    started = clock.now()
    try:
        collector_for(ctx).run()
    except LeaseLost as exc:
        ctx.log.warning("stopped: %s", exc)
        _after_lost(ctx)
        return LOST
    except PauseJob as pause:
        return _end(ctx, JobStatus.PAUSED, _pause_fields(pause))
    except CredentialInvalid as exc:
        ctx.progress["api_key_valid"] = False
        return _end(ctx, JobStatus.FAILED, _error_fields(ctx, str(exc)))
    except FailJob as exc:
        return _end(ctx, JobStatus.FAILED, _error_fields(ctx, str(exc)))
    except Exception as exc:  # a bug must end the job visibly, not kill the worker
        ctx.log.exception("collector crashed")
        message = f"internal error ({type(exc).__name__}): {redact(str(exc))}"
        return _end(ctx, JobStatus.FAILED, _error_fields(ctx, message))
    ctx.log.info(
        "job finished",
        extra={
            "counts": ctx.counts,
            "seconds": (clock.now() - started).total_seconds(),
        },
    )
    return _end(ctx, JobStatus.SUCCESS, {})


def _end(ctx: JobContext, status: JobStatus, extra: dict[str, Any]) -> str:
    try:
        answer = ctx.finish(status, extra)
    except LeaseLost as exc:
        ctx.log.warning("could not report %s: %s", status, exc)
        _after_lost(ctx)
        return LOST
    write_manifest(answer, ctx.spec)
    if status == JobStatus.PAUSED:
        ctx.log.info(
            "job paused until %s: %s",
            extra.get("resume_after") or "the scheduler's next look",
            extra.get("pause_reason"),
        )
    elif status == JobStatus.FAILED:
        ctx.log.info("job failed: %s", ctx.progress.get("error_description"))
    return status.value


def _after_lost(ctx: JobContext) -> None:
    """Leave the files of a job a user stopped consistent with its manifest."""
    try:
        job = ctx.client.get_job(ctx.job_uid)
    except Exception:
        ctx.log.warning("cannot read the job after losing it", exc_info=True)
        return
    detail = job["job_detail"]
    if job["job_status"] == JobStatus.FAILED:
        # A cancelled job never runs again: drop the rows past its last checkpoint.
        ctx.close()
        cut_back(ctx.folder, detail.get("checkpoint", {}).get("files", {}))
        write_manifest(job, ctx.spec)
    elif job["job_status"] == JobStatus.PAUSED and detail.get("held_by_user"):
        # Rows past the checkpoint stay until the resumed run cuts them back.
        write_manifest(job, ctx.spec)


def _pause_fields(pause: PauseJob) -> dict[str, Any]:
    return {
        "resume_after": pause.resume_after.isoformat() if pause.resume_after else None,
        "pause_reason": pause.reason,
        "pause_kind": pause.kind,
    }


def _error_fields(ctx: JobContext, message: str) -> dict[str, Any]:
    ctx.progress["error"] = True
    ctx.progress["error_description"] = message
    return {}
