"""``manifest.json``: what a job asked for, what it got, and how its runs went.

The manifest is written from the job as the API has saved it, so its counts
always agree with the checkpoint that the output files were synced to.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from trawl import clock
from trawl.output import write_json

RUNNING_FIELDS = ("created_at", "checkpoint", "lease_expires", "claims", "job_name")


def build_manifest(job: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """Return the manifest of ``job`` (a job as the API shows it)."""
    detail = job["job_detail"]
    saved = detail.get("checkpoint") or {}
    runs = [_closed(run) for run in saved.get("runs", [])]
    outcomes = {
        kind: {"counts": dict(Counter(items.values())), "items": items}
        for kind, items in (saved.get("outcomes") or {}).items()
    }
    return {
        "job_uid": job["job_uid"],
        "job_name": detail.get("job_name"),
        "social_platform": job["social_platform"],
        "job_status": job["job_status"],
        "created_at": detail.get("created_at"),
        "parameters": spec,
        "counts": saved.get("counts", {}),
        "outcomes": outcomes,
        "quota_spent": saved.get("quota_spent", {}),
        "progress": {k: v for k, v in detail.items() if k not in RUNNING_FIELDS},
        "runs": runs,
        "pauses": [run for run in runs if run.get("status") == "PAUSED"],
        "files": {n: s.get("rows", 0) for n, s in saved.get("files", {}).items()},
        "written_at": clock.now().isoformat(),
    }


def write_manifest(job: dict[str, Any], spec: dict[str, Any]) -> None:
    """Write ``manifest.json`` into the job's output folder."""
    folder = Path(job["output_path"])
    folder.mkdir(parents=True, exist_ok=True)
    write_json(folder / "manifest.json", build_manifest(job, spec))


def _closed(run: dict[str, Any]) -> dict[str, Any]:
    # A run with no end was cut short: killed, taken over, or stopped by a user.
    return run if "status" in run else {**run, "status": "interrupted"}
