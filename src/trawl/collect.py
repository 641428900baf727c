"""What a collector sees of its job: spec, saved state, output files and quota.

A collector mutates ``ctx.state`` (its cursors) and ``ctx.progress`` (the
seed's running fields) as it goes and calls ``ctx.checkpoint()`` after every
platform request. A checkpoint first syncs the output files, then saves their
offsets together with the state under the job's lease, so a resumed run
starts exactly where the last checkpoint left off.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from trawl import clock
from trawl.client import ApiClient
from trawl.config import Settings
from trawl.errors import Conflict, PauseJob, QuotaExhausted
from trawl.jobspec import progress_fields
from trawl.output import RowWriter
from trawl.quota import youtube_costs
from trawl.redact import remember_fields

log = logging.getLogger(__name__)


class Collector(Protocol):
    """A platform's collection logic for one job."""

    def run(self) -> None:
        """Collect until done; raise ``PauseJob``/``FailJob`` to stop early."""


class LeaseLost(Exception):
    """Another worker owns the job now (or a user paused or cancelled it)."""


class JobContext:
    """One run of one job, under one lease."""

    def __init__(
        self,
        *,
        job: dict[str, Any],
        spec: dict[str, Any],
        lease_id: str,
        client: ApiClient,
        settings: Settings,
        stop: threading.Event | None = None,
    ) -> None:
        detail = job["job_detail"]
        saved = detail.get("checkpoint") or {}
        self.job_uid: int = int(job["job_uid"])
        self.token_uid = str(job["token_uid"])
        self.platform: str = job["social_platform"]
        self.credential: dict[str, Any] = dict(job["token_detail"])
        remember_fields(self.credential)
        self.spec = spec
        self.folder = Path(job["output_path"])
        self.settings = settings
        self.client = client
        self.lease_id = lease_id
        self.stop = stop or threading.Event()
        self.state: dict[str, Any] = dict(saved.get("state") or {})
        self.progress: dict[str, Any] = _progress_of(self.platform, detail)
        self.counts: dict[str, int] = dict(saved.get("counts") or {})
        self.outcomes: dict[str, dict[str, str]] = dict(saved.get("outcomes") or {})
        self.quota_spent: dict[str, int] = dict(saved.get("quota_spent") or {})
        self.runs: list[dict[str, Any]] = [
            run if "status" in run else {**run, "status": "interrupted"}
            for run in saved.get("runs") or []
        ]
        self._offsets: dict[str, dict[str, int]] = dict(saved.get("files") or {})
        self._writers: dict[str, RowWriter] = {}
        self._last_renewal = time.monotonic()
        self.log = logging.LoggerAdapter(
            log, {"job_uid": self.job_uid, "platform": self.platform}
        )
        self.runs.append({"started": clock.now().isoformat()})

    def writer(
        self, name: str, columns: Sequence[str], key: Callable[[dict[str, Any]], str]
    ) -> RowWriter:
        """Return the writer for ``<name>.jsonl``/``.csv``, opened at its checkpoint."""
        if name not in self._writers:
            self.folder.mkdir(parents=True, exist_ok=True)
            writer = RowWriter(self.folder, name, columns, key)
            writer.open(self._offsets.get(name))
            self._writers[name] = writer
        return self._writers[name]

    def count(self, kind: str, amount: int = 1) -> None:
        """Add ``amount`` to the manifest's count of ``kind``."""
        self.counts[kind] = self.counts.get(kind, 0) + amount

    def outcome(self, kind: str, item_id: str, outcome: str) -> None:
        """Record how ``item_id`` of ``kind`` ended (e.g. ``commentsDisabled``)."""
        self.outcomes.setdefault(kind, {})[item_id] = outcome

    def reserve(self, method: str) -> None:
        """Pay for one YouTube call from the token's quota, or pause the job."""
        price = youtube_costs().price(method)
        body = {
            "bucket": price.bucket,
            "units": price.cost,
            "job_uid": self.job_uid,
            "lease_id": self.lease_id,
        }
        answer = _fenced(self.client.reserve, self.token_uid, body)
        self.progress["current_quota"] = answer["remaining"]
        if not answer["granted"]:
            self.progress["quota_exceeded"] = True
            raise QuotaExhausted(price.bucket, _parse_time(answer["resets_at"]))
        self.quota_spent[price.bucket] = (
            self.quota_spent.get(price.bucket, 0) + price.cost
        )

    def exhausted(self, method: str) -> QuotaExhausted:
        """Record that the platform says the bucket of ``method`` is empty."""
        price = youtube_costs().price(method)
        bucket = price.bucket
        # The platform refused the call, so the unit reserved for it was not spent.
        spent = self.quota_spent.get(bucket, 0)
        self.quota_spent[bucket] = max(0, spent - price.cost)
        answer = _fenced(self.client.exhaust, self.token_uid, bucket)
        self.progress["quota_exceeded"] = True
        self.progress["current_quota"] = answer["remaining"]
        return QuotaExhausted(bucket, _parse_time(answer["resets_at"]))

    def gave_up(self, reason: str) -> PauseJob:
        """Return the pause for a platform that kept failing: retry after a while."""
        # Without a resume time the scheduler would claim the job again at once.
        settings = self.settings
        wait = settings.backoff_base * 2 ** (settings.max_retries + 1)
        resume_after = clock.now() + timedelta(seconds=wait)
        return PauseJob(reason, resume_after, kind="transient")

    def checkpoint(self) -> None:
        """Sync the files, then save state, offsets and progress under the lease."""
        self._save(status=None)
        if self.stop.is_set():
            raise PauseJob("the worker is shutting down", kind="shutdown")

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` while keeping the lease alive; stop early on shutdown."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self.stop.wait(min(left, self.settings.lease_seconds / 3)):
                raise PauseJob("the worker is shutting down", kind="shutdown")
            self.renew()

    def renew(self) -> None:
        """Extend the lease if a third of it has passed since the last save."""
        if time.monotonic() - self._last_renewal > self.settings.lease_seconds / 3:
            self._save(status=None)

    def finish(
        self, status: str, extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Sync files, record the end of this run and report ``status``."""
        self.runs[-1].update({"ended": clock.now().isoformat(), "status": status})
        if extra and extra.get("pause_reason"):
            self.runs[-1]["reason"] = extra["pause_reason"]
        return self._save(status=status, extra=extra)

    def close(self) -> None:
        """Close every output file."""
        for writer in self._writers.values():
            writer.close()

    def snapshot(self) -> dict[str, Any]:
        """Return the checkpoint as saved in the job's detail."""
        for name, writer in self._writers.items():
            self._offsets[name] = writer.sync()
        return {
            "state": self.state,
            "files": self._offsets,
            "counts": self.counts,
            "outcomes": self.outcomes,
            "quota_spent": self.quota_spent,
            "runs": self.runs,
        }

    def _save(
        self, *, status: str | None, extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        detail = {**self.progress, "checkpoint": self.snapshot(), **(extra or {})}
        body: dict[str, Any] = {
            "job_uid": self.job_uid,
            "lease_id": self.lease_id,
            "job_detail": detail,
        }
        if status is not None:
            body["job_status"] = status
        answer = _fenced(self.client.put_job, body)
        self._last_renewal = time.monotonic()
        self.log.debug("checkpoint saved", extra={"state": self.state})
        return answer


def _fenced(call: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Make an API call under the lease; a 409 means the job is no longer ours."""
    try:
        return call(*args)
    except Conflict as exc:
        raise LeaseLost(str(exc)) from exc


def _progress_of(platform: str, detail: dict[str, Any]) -> dict[str, Any]:
    names = set(progress_fields(platform)) | {"actions"}
    return {key: value for key, value in detail.items() if key in names}


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)
