"""Call Reddit's OAuth API for one job: pace, authenticate, retry, classify.

Every request carries ``raw_json=1``, the account's User-Agent and its bearer
token, and waits for the client id's shared limiter first. Redirects are not
followed: Reddit answers a nonexistent subreddit with 302 to its search page.
Responses map to trawl's exceptions here and nowhere else:

    200                                  -> the JSON body
    401 (invalid_token)                  -> new token, same request again
    429                                  -> wait Retry-After, else the reset, else
                                            backoff; over a minute -> PauseJob(rate)
    5xx, timeouts, cut or non-JSON body  -> retried with backoff, then
                                            PauseJob(transient)
    403 insufficient_scope               -> FailJob (scope hint)
    403/404 with reason, 404, 302, 451   -> SkipItem(private, quarantined, gated,
                                            banned, notFound, forbidden, legalBlock)
    400, 413, 414                        -> TooLarge (a SkipItem; split the batch)
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta
from typing import Any

import httpx

from trawl import clock
from trawl.collect import JobContext
from trawl.errors import FailJob, PauseJob, SkipItem, Transient
from trawl.reddit.auth import PasswordGrant, ScriptCredential
from trawl.reddit.ratelimit import account_lock, limiter_for

log = logging.getLogger(__name__)

# Waits longer than this pause the job and free the worker instead.
LONGEST_WAIT = 60.0
RESET_MARGIN = 1.0
REASONS = ("private", "quarantined", "gated", "banned")
SCOPE_HINT = (
    "Reddit says the token's scope does not allow this request "
    "(403 insufficient_scope); the password grant should ask for scope '*'"
)
REDIRECTS = (301, 302, 303, 307, 308)


class TooLarge(SkipItem):
    """Reddit refused the request's size (400, 413, 414): send fewer ids."""


class RateLimited(Transient):
    """Reddit answered 429."""


class InvalidToken(Transient):
    """Reddit refused the bearer token (401): get a new one."""


class RedditApi:
    """One job's connection to Reddit's OAuth API."""

    def __init__(self, ctx: JobContext, http: httpx.Client | None = None) -> None:
        credential = ScriptCredential.from_token(ctx.credential)
        settings = ctx.settings
        self.username = credential.username
        self._ctx = ctx
        self._base = settings.reddit_api_url.rstrip("/")
        self._agent = settings.reddit_user_agent.replace(
            "{username}", credential.username
        )
        self._http = http or httpx.Client(
            timeout=settings.http_timeout, follow_redirects=False
        )
        self._auth = PasswordGrant(
            credential=credential,
            auth_url=settings.reddit_auth_url,
            user_agent=self._agent,
            http=self._http,
        )
        self._limiter = limiter_for(
            credential.client_id, settings.reddit_requests_per_minute
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET ``path`` and return its JSON body."""
        return self._call("GET", path, params or {})

    def more_children(self, params: dict[str, Any]) -> Any:
        """POST ``/api/morechildren``, one call at a time per account."""
        lock = account_lock(self.username)
        while not lock.acquire(timeout=self._ctx.settings.lease_seconds / 3):
            self._ctx.renew()
        try:
            return self._call("POST", "/api/morechildren", params)
        finally:
            lock.release()

    def _call(self, method: str, path: str, params: dict[str, Any]) -> Any:
        failures = throttles = 0
        while True:
            self._pace()
            try:
                return self._once(method, path, params)
            except RateLimited as exc:
                throttles += 1
                self._after_throttle(exc, throttles)
            except Transient as exc:
                failures += 1
                self._after_failure(exc, failures, path)

    def _pace(self) -> None:
        waiting = self._limiter.delay()
        if waiting > LONGEST_WAIT:
            raise _rate_pause(waiting)
        waiting = self._limiter.reserve()
        if waiting > 0:
            self._ctx.sleep(waiting)

    def _once(self, method: str, path: str, params: dict[str, Any]) -> Any:
        log.debug("%s %s", method, path, extra={"params": params})
        headers = {"Authorization": self._auth.header(), "User-Agent": self._agent}
        query, form = ({**params}, None) if method == "GET" else ({}, params)
        query["raw_json"] = 1
        try:
            response = self._http.request(
                method, self._base + path, params=query, data=form, headers=headers
            )
        except httpx.TransportError as exc:
            raise Transient(f"{type(exc).__name__} talking to Reddit") from None
        self._limiter.observe(response.headers)
        if response.status_code == 200:
            return _json(response)
        if response.status_code == 401:
            self._auth.invalidate()
        raise classify(response)

    def _after_throttle(self, exc: RateLimited, throttles: int) -> None:
        base = self._ctx.settings.backoff_base
        waiting = exc.retry_after or base * 2**throttles
        self._limiter.hold(waiting)
        if waiting > LONGEST_WAIT or throttles > self._ctx.settings.max_retries:
            raise _rate_pause(max(waiting, LONGEST_WAIT / 2))
        self._ctx.log.info("Reddit rate limit: waiting %.1fs", waiting)

    def _after_failure(self, exc: Transient, failures: int, path: str) -> None:
        settings = self._ctx.settings
        # A refused token is renewed at once; only a second refusal backs off.
        if isinstance(exc, InvalidToken) and failures == 1:
            return
        if failures > settings.max_retries:
            raise self._ctx.gave_up(
                f"Reddit kept failing ({exc}); trying again later"
            ) from exc
        waiting = exc.retry_after or settings.backoff_base * 2 ** (failures - 1)
        waiting *= 0.5 + random.random()
        self._ctx.log.info("retrying %s in %.1fs: %s", path, waiting, exc)
        self._ctx.sleep(waiting)


def classify(response: httpx.Response) -> Exception:
    """Return the exception that a non-200 Reddit response stands for."""
    status = response.status_code
    body = _error_body(response)
    if status in REDIRECTS:
        target = response.headers.get("location", "").split("?")[0]
        return SkipItem("notFound", f"redirected to {target[-80:]}")
    if status == 401:
        return InvalidToken("HTTP 401 invalid_token")
    if status == 429:
        return RateLimited("HTTP 429", _retry_after(response))
    if status >= 500:
        return Transient(f"HTTP {status}")
    if status == 403 and "insufficient_scope" in _challenge(response):
        return FailJob(SCOPE_HINT)
    if status in (400, 413, 414):
        return TooLarge("tooLarge", f"HTTP {status}")
    if status == 451:
        return SkipItem("legalBlock", "HTTP 451 Unavailable For Legal Reasons")
    if status in (403, 404):
        reason = str(body.get("reason") or "")
        outcome = reason if reason in REASONS else _plain(status)
        return SkipItem(outcome, f"HTTP {status} {str(body.get('message', ''))[:80]}")
    return FailJob(f"Reddit answered HTTP {status}: {response.text[:120]}")


def _plain(status: int) -> str:
    return "forbidden" if status == 403 else "notFound"


def _retry_after(response: httpx.Response) -> float | None:
    for name, extra in (("retry-after", 0.0), ("x-ratelimit-reset", RESET_MARGIN)):
        try:
            return float(response.headers[name]) + extra
        except (KeyError, ValueError):
            continue
    return None


def _rate_pause(seconds: float) -> PauseJob:
    resume = clock.now() + timedelta(seconds=seconds)
    return PauseJob(
        f"Reddit's rate limit asks to wait {seconds:.0f}s", resume, kind="rate"
    )


def _challenge(response: httpx.Response) -> str:
    return response.headers.get("www-authenticate", "")


def _error_body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise Transient("Reddit sent a body that is not JSON") from None
