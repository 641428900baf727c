"""A client for trawl's own API, used by the scheduler, the tool interface and the CLI.

Transport failures and 502/503/504 answers (an API restarting) are retried with
backoff; other failures become trawl errors: 404 ``NotFound``, 409
``Conflict``, anything else ``ApiError``.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

import httpx

from trawl.errors import Conflict, NotFound, TrawlError

log = logging.getLogger(__name__)
RETRIED_STATUSES = (502, 503, 504)


class ApiError(TrawlError):
    """The API refused a request for a reason other than 404 or 409."""

    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(f"HTTP {status}: {_describe(detail)}")
        self.status = status
        self.detail = detail


class ApiClient:
    """Talk to a trawl API at ``base_url`` with a bearer key."""

    def __init__(
        self,
        base_url: str,
        key: str | None,
        *,
        timeout: float = 30.0,
        retries: int = 8,
        backoff: float = 0.5,
    ) -> None:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout
        )
        self._retries = retries
        self._backoff = backoff

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def list_jobs(
        self,
        statuses: list[str] | None = None,
        *,
        runnable: bool = False,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Return jobs, optionally only those in ``statuses`` or runnable now."""
        params: dict[str, Any] = {}
        if statuses:
            params["status"] = ",".join(statuses)
        if runnable:
            params["runnable"] = "true"
        if limit:
            params["limit"] = limit
        return list(self._call("GET", "/api/v1/jobs", params=params))

    def get_job(self, job_uid: int) -> dict[str, Any]:
        """Return one job."""
        return dict(self._call("GET", f"/api/v1/jobs/{job_uid}"))

    def create_job(self, body: dict[str, Any]) -> dict[str, Any]:
        """Submit a job."""
        return dict(self._call("POST", "/api/v1/jobs", json=body))

    def put_job(self, body: dict[str, Any]) -> dict[str, Any]:
        """Send the seed's ``PUT /api/v1/jobs``."""
        return dict(self._call("PUT", "/api/v1/jobs", json=body))

    def claim(self, job_uid: int) -> tuple[dict[str, Any], str]:
        """Move a job to RUNNING; return it and the lease that fences later updates."""
        answer = self.put_job({"job_uid": job_uid, "job_status": "RUNNING"})
        return answer, str(answer["lease_id"])

    def job_action(
        self, job_uid: int, action: str, reason: str | None = None
    ) -> dict[str, Any]:
        """Pause, resume or cancel a job."""
        body = {"reason": reason} if reason else None
        return dict(self._call("POST", f"/api/v1/jobs/{job_uid}/{action}", json=body))

    def put_token(self, token_uid: str, body: dict[str, Any]) -> dict[str, Any]:
        """Create or update a token."""
        return dict(self._call("PUT", f"/api/v1/token/{token_uid}", json=body))

    def get_token(self, token_uid: str) -> dict[str, Any]:
        """Return one token, secrets masked unless this is the worker key."""
        return dict(self._call("GET", f"/api/v1/token/{token_uid}"))

    def list_tokens(self) -> list[dict[str, Any]]:
        """Return every token, secrets masked."""
        return list(self._call("GET", "/api/v1/tokens"))

    def reserve(self, token_uid: str, body: dict[str, Any]) -> dict[str, Any]:
        """Spend quota before a platform request."""
        return dict(
            self._call("POST", f"/api/v1/token/{token_uid}/quota/reserve", json=body)
        )

    def exhaust(self, token_uid: str, bucket: str) -> dict[str, Any]:
        """Report a bucket the platform says is empty."""
        path = f"/api/v1/token/{token_uid}/quota/exhaust"
        return dict(self._call("POST", path, json={"bucket": bucket}))

    def files(self, job_uid: int) -> dict[str, Any]:
        """List a job's output files."""
        return dict(self._call("GET", f"/api/v1/jobs/{job_uid}/files"))

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        for attempt in range(self._retries + 1):
            try:
                response = self._http.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                if attempt == self._retries:
                    raise ApiError(0, f"cannot reach the trawl API: {exc}") from exc
                self._wait(attempt, f"{type(exc).__name__}")
                continue
            if response.status_code in RETRIED_STATUSES and attempt < self._retries:
                self._wait(attempt, f"HTTP {response.status_code}")
                continue
            return _result(response)
        raise AssertionError("unreachable")

    def _wait(self, attempt: int, why: str) -> None:
        delay = min(30.0, self._backoff * 2**attempt) * (0.5 + random.random() / 2)
        log.warning("trawl API unavailable (%s); retrying in %.1fs", why, delay)
        time.sleep(delay)


def _result(response: httpx.Response) -> Any:
    try:
        body = response.json()
    except ValueError:
        body = response.text[:500]
    if response.is_success:
        return body
    detail = body.get("detail", body) if isinstance(body, dict) else body
    if response.status_code == 404:
        raise NotFound(_describe(detail))
    if response.status_code == 409:
        raise Conflict(_describe(detail))
    raise ApiError(response.status_code, detail)


def _describe(detail: Any) -> str:
    if isinstance(detail, list):
        return "; ".join(_describe(item) for item in detail)
    if isinstance(detail, dict) and "msg" in detail:
        field = ".".join(str(part) for part in detail.get("loc", []) if part != "body")
        return f"{field}: {detail['msg']}" if field else str(detail["msg"])
    return str(detail)
