"""Call the YouTube Data API v3, paying quota first and classifying every error.

Classification follows the reference table: the first reason trawl knows,
looking at ``errors[].reason`` before ``details[].reason``, then the HTTP
status, and message text only last. A 429 whose ``errors[0].reason`` is
``quotaExceeded`` is a daily bucket even though its ``details`` say
``RATE_LIMIT_EXCEEDED``: Google sends that pair when the search bucket is empty.

    quotaExceeded, dailyLimitExceeded, 429 naming a per-day limit -> QuotaExhausted
    rateLimitExceeded, userRateLimitExceeded, backendError, 5xx   -> retried
    keyInvalid, "API key not valid", accessNotConfigured          -> CredentialInvalid
    commentsDisabled, forbidden, videoNotFound, ... (per item)    -> SkipItem
"""

from __future__ import annotations

import logging
import random
from typing import Any

import httpx

from trawl.collect import JobContext
from trawl.errors import CredentialInvalid, FailJob, PauseJob, SkipItem, Transient

log = logging.getLogger(__name__)

DAILY = ("quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg")
RETRIED = (
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "backendError",
    "internalError",
    "serviceUnavailable",
)
BAD_KEY = ("keyInvalid", "keyExpired", "accessNotConfigured", "API_KEY_INVALID")
PER_ITEM = (
    "commentsDisabled",
    "forbidden",
    "videoNotFound",
    "commentNotFound",
    "playlistNotFound",
    "playlistItemsNotAccessible",
    "channelNotFound",
    "processingFailure",
    "invalidPageToken",
)
KNOWN = frozenset((*DAILY, *RETRIED, *BAD_KEY, *PER_ITEM))
PATHS = {
    "videos.list": "videos",
    "commentThreads.list": "commentThreads",
    "comments.list": "comments",
    "playlistItems.list": "playlistItems",
    "search.list": "search",
    "channels.list": "channels",
}


class YouTubeApi:
    """One job's connection to the YouTube Data API."""

    def __init__(self, ctx: JobContext, http: httpx.Client | None = None) -> None:
        api_key = ctx.credential.get("api_token")
        if not api_key:
            raise FailJob(f"token {ctx.token_uid} has no api_token")
        self._key = str(api_key)
        self._ctx = ctx
        self._base = ctx.settings.youtube_api_url.rstrip("/")
        self._http = http or httpx.Client(timeout=ctx.settings.http_timeout)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def call(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Pay for and make one call; retry transient failures with backoff."""
        settings = self._ctx.settings
        for attempt in range(settings.max_retries + 1):
            self._ctx.reserve(method)
            try:
                return self._once(method, params)
            except Transient as exc:
                if attempt == settings.max_retries:
                    raise self._gave_up(exc) from exc
                delay = exc.retry_after or settings.backoff_base * 2**attempt
                delay *= 0.5 + random.random()
                self._ctx.log.info("retrying %s in %.1fs: %s", method, delay, exc)
                self._ctx.sleep(delay)
        raise AssertionError("unreachable")

    def _gave_up(self, exc: Transient) -> PauseJob:
        return self._ctx.gave_up(f"YouTube kept failing ({exc}); trying again later")

    def _once(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self._ctx.log.debug("GET %s %s", method, params)
        try:
            response = self._http.get(
                f"{self._base}/{PATHS[method]}", params={**params, "key": self._key}
            )
        except httpx.TransportError as exc:
            raise Transient(f"{type(exc).__name__} talking to YouTube") from None
        if response.status_code == 200:
            return _json(response)
        raise self._classify(method, response)

    def _classify(self, method: str, response: httpx.Response) -> Exception:
        status = response.status_code
        reason, message = error_reason(response)
        lowered = message.lower()
        if reason in DAILY or (status == 429 and "per day" in lowered):
            return self._ctx.exhausted(method)
        if reason in RETRIED or status >= 500 or "transient" in lowered:
            return Transient(f"HTTP {status} {reason or ''}".strip())
        if status == 429:
            return Transient("HTTP 429")
        if reason in BAD_KEY or "api key not valid" in lowered:
            return CredentialInvalid(
                f"YouTube refused the API key ({reason or status}): {message}"
            )
        if status == 403 and "missing a valid api key" in lowered:
            return CredentialInvalid(
                "YouTube says the request carries no valid API key"
            )
        if reason in PER_ITEM:
            return SkipItem(reason, message)
        return FailJob(
            f"YouTube answered HTTP {status} ({reason or 'no reason'}): {message}"
        )


def error_reason(response: httpx.Response) -> tuple[str | None, str]:
    """Return the first known reason (else the first given) and the message."""
    try:
        body = response.json()
    except ValueError:
        return None, response.text[:200]
    error = body.get("error", {}) if isinstance(body, dict) else body
    if not isinstance(error, dict):
        return None, str(error)[:200]
    reasons = [
        str(item["reason"])
        for field in ("errors", "details")
        for item in error.get(field) or []
        if isinstance(item, dict) and item.get("reason")
    ]
    known = [reason for reason in reasons if reason in KNOWN]
    return next(iter(known or reasons), None), str(error.get("message", ""))


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        raise Transient("YouTube sent a body that is not JSON") from None
    if not isinstance(body, dict):
        raise Transient("YouTube sent JSON that is not an object")
    return body
