"""The tool interface: run one job the seed's way and report how it ended.

claim (RUNNING) -> collect -> write results -> SUCCESS | PAUSED | FAILED.
It talks to the API only over HTTP, so it can run on any host that shares
the output location.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from typing import Any

from trawl import clock, jobspec
from trawl.client import ApiClient
from trawl.collect import Collector, JobContext, LeaseLost
from trawl.config import Settings
from trawl.errors import Conflict, CredentialInvalid, FailJob, PauseJob
from trawl.models import JobStatus, Platform
from trawl.output import write_json
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
        ctx.finish(status, extra)
    except LeaseLost as exc:
        ctx.log.warning("could not report %s: %s", status, exc)
        return LOST
    write_manifest(ctx, status, extra)
    if status == JobStatus.PAUSED:
        ctx.log.info(
            "job paused until %s: %s",
            extra.get("resume_after") or "a user resumes it",
            extra.get("pause_reason"),
        )
    elif status == JobStatus.FAILED:
        ctx.log.info("job failed: %s", ctx.progress.get("error_description"))
    return status.value


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


def write_manifest(ctx: JobContext, status: str, extra: dict[str, Any]) -> None:
    """Write ``manifest.json``: parameters, counts, outcomes, quota and runs."""
    outcomes = {
        kind: {"counts": dict(Counter(items.values())), "items": items}
        for kind, items in ctx.outcomes.items()
    }
    manifest = {
        "job_uid": ctx.job_uid,
        "social_platform": ctx.platform,
        "job_status": status,
        "parameters": ctx.spec,
        "counts": ctx.counts,
        "outcomes": outcomes,
        "quota_spent": ctx.quota_spent,
        "progress": ctx.progress,
        "runs": ctx.runs,
        "pauses": [run for run in ctx.runs if run.get("status") == JobStatus.PAUSED],
        "files": {
            name: offsets.get("rows", 0)
            for name, offsets in ctx.snapshot()["files"].items()
        },
        "written_at": clock.now().isoformat(),
        **({"pause": extra} if status == JobStatus.PAUSED else {}),
    }
    ctx.folder.mkdir(parents=True, exist_ok=True)
    write_json(ctx.folder / "manifest.json", manifest)
