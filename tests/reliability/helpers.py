"""Run jobs to completion through interruptions and compare their output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from trawl.scheduler import Scheduler

OUTPUT_KINDS = ("videos", "threads", "comments", "posts")


def output_of(folder: Path) -> dict[str, list[str]]:
    """Return every JSONL line and CSV row of a job folder, sorted, by file."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.jsonl")) + sorted(folder.glob("*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if path.suffix == ".csv":
            lines = lines[1:]
        found[path.name] = sorted(lines)
    return found


def ids_of(folder: Path, name: str) -> list[str]:
    """Return the ids in ``<name>.jsonl`` in file order."""
    path = folder / f"{name}.jsonl"
    if not path.exists():
        return []
    ids = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        ids.append(
            str(item.get("id") or item.get("name") or item.get("data", {}).get("name"))
        )
    return ids


def run_once(stack: Any, **kwargs: Any) -> dict[int, str]:
    """Run the scheduler until nothing is runnable."""
    return Scheduler(
        client=stack.worker, settings=stack.settings, once=True, **kwargs
    ).run()


def status_of(stack: Any, job_uid: int) -> dict[str, Any]:
    """Return the job as the operator sees it."""
    return stack.operator.get_job(job_uid)
