"""Poll the API for runnable jobs and hand each to the tool interface.

Runnable: CREATED; PAUSED and not held by a user, once ``resume_after`` has
passed (quota reset, or the token's quota raised); RUNNING whose lease has
expired (its worker died). Up to ``concurrency`` jobs run at once, in threads.
SIGTERM or SIGINT asks every running job to checkpoint and pause.
"""

from __future__ import annotations

import logging
import random
import signal
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime
from typing import Any

from trawl import clock
from trawl.client import ApiClient, ApiError
from trawl.config import Settings
from trawl.tool import schedule_job

log = logging.getLogger(__name__)
SHUTDOWN_GRACE = 8.0


def is_runnable(job: dict[str, Any], now: datetime) -> bool:
    """Return whether the scheduler should hand ``job`` to a worker now."""
    detail = job.get("job_detail", {})
    status = job.get("job_status")
    if status == "CREATED":
        return True
    if status == "PAUSED":
        if detail.get("held_by_user"):
            return False
        resume_after = _time(detail.get("resume_after"))
        return resume_after is None or resume_after <= now
    if status == "RUNNING":
        expires = _time(detail.get("lease_expires"))
        return expires is not None and expires < now
    return False


class Scheduler:
    """Run jobs from the API, ``concurrency`` at a time."""

    def __init__(
        self,
        *,
        client: ApiClient,
        settings: Settings,
        concurrency: int = 2,
        once: bool = False,
    ) -> None:
        self.client = client
        self.settings = settings
        self.concurrency = max(1, concurrency)
        self.once = once
        self.stop = threading.Event()
        self.results: dict[int, str] = {}
        self.fatal: str | None = None

    def install_signal_handlers(self) -> None:
        """Pause running jobs cleanly on SIGTERM and SIGINT."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, _frame: Any) -> None:
        log.info("received %s; pausing running jobs", signal.Signals(signum).name)
        self.stop.set()

    def run(self) -> dict[int, str]:
        """Schedule until stopped (or, with ``once``, until nothing is runnable)."""
        running: dict[int, Future[str]] = {}
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="job") as pool:
            while not self.stop.is_set():
                self._reap(running)
                started = self._start(pool, running)
                if self.once and not running and not started:
                    break
                self._idle(running)
            self._drain(running)
        return self.results

    def _start(self, pool: ThreadPoolExecutor, running: dict[int, Future[str]]) -> int:
        free = self.concurrency - len(running)
        if free <= 0:
            return 0
        now = clock.now()
        # Several schedulers see the same candidates; a shuffled, larger window
        # keeps them from all claiming the same few jobs and losing the race.
        try:
            offered = self.client.list_jobs(
                runnable=True, limit=free * 4 + len(running)
            )
        except ApiError as exc:
            self._refused(exc)
            return 0
        jobs = [job for job in offered if job["job_uid"] not in running]
        random.shuffle(jobs)
        chosen = [job for job in jobs if is_runnable(job, now)][:free]
        for job in chosen:
            running[job["job_uid"]] = pool.submit(self._work, job)
        return len(chosen)

    def _work(self, job: dict[str, Any]) -> str:
        return schedule_job(
            job, client=self.client, settings=self.settings, stop=self.stop
        )

    def _reap(self, running: dict[int, Future[str]]) -> None:
        for job_uid, future in list(running.items()):
            if future.done():
                del running[job_uid]
                try:
                    self.results[job_uid] = future.result()
                except ApiError as exc:
                    self._refused(exc)
                    self.results[job_uid] = "NOT RUN"
                except Exception:
                    log.exception("worker for job %s crashed", job_uid)
                    self.results[job_uid] = "CRASHED"

    def _refused(self, exc: ApiError) -> None:
        if exc.status in (401, 403):
            # A wrong key will not get better by retrying: stop and say so.
            self.fatal = (
                f"the API refused this scheduler's key ({exc}); "
                "it needs the worker key (TRAWL_WORKER_KEY)"
            )
            self.stop.set()
        else:
            log.error("the API refused a job update: %s", exc)

    def _idle(self, running: dict[int, Future[str]]) -> None:
        if running:
            wait(
                list(running.values()),
                timeout=self.settings.poll_seconds,
                return_when=FIRST_COMPLETED,
            )
        else:
            self.stop.wait(self.settings.poll_seconds)

    def _drain(self, running: dict[int, Future[str]]) -> None:
        if running:
            wait(list(running.values()), timeout=SHUTDOWN_GRACE)
        self._reap(running)


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
