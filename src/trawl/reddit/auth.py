"""Get and renew a bearer token through Reddit's password grant (script apps).

The token endpoint reports refusals as HTTP 200 with an ``error`` body, so
the body is read before the status is trusted:

    200 {"access_token": ...}          -> token, renewed a little before expiry
    200 {"error": "invalid_grant"}     -> CredentialInvalid (password, 2FA)
    200 {"error": "unauthorized_client"} -> CredentialInvalid (not a script app)
    401                                -> CredentialInvalid (client id or secret)
    429, 5xx, timeouts, bad JSON       -> Transient

No message names the password, the secret or the token.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx

from trawl.errors import CredentialInvalid, Transient

log = logging.getLogger(__name__)

TOKEN_PATH = "/api/v1/access_token"
# Renew this share of the lifetime early (capped at a minute) so no call races expiry.
EARLY_SHARE = 0.1
EARLY_CAP = 60.0
INVALID_GRANT = (
    "Reddit refused the username or password (invalid_grant). Check both; an "
    "account with two-factor authentication cannot run unattended, and the "
    "account must be a developer of the app"
)
NOT_SCRIPT = (
    "Reddit allows password login only for 'script' apps (unauthorized_client): "
    "create the app at reddit.com/prefs/apps with the type 'script' and use its "
    "client id and secret"
)
BAD_CLIENT = (
    "Reddit refused the app's client id or secret (HTTP 401 at the token "
    "endpoint); copy both again from reddit.com/prefs/apps"
)


@dataclass(frozen=True)
class ScriptCredential:
    """The four fields of a Reddit token."""

    client_id: str
    secret: str
    username: str
    password: str

    @classmethod
    def from_token(cls, detail: dict[str, Any]) -> ScriptCredential:
        """Read a token's decrypted detail; raise CredentialInvalid on gaps."""
        names = ("client_id", "secret_token", "username", "password")
        missing = [name for name in names if not detail.get(name)]
        if missing:
            raise CredentialInvalid(
                f"the Reddit token lacks {', '.join(missing)}; a script app needs "
                "client_id, secret_token, username and password"
            )
        return cls(*(str(detail[name]) for name in names))


class PasswordGrant:
    """Hold one account's bearer token and renew it when needed."""

    def __init__(
        self,
        *,
        credential: ScriptCredential,
        auth_url: str,
        user_agent: str,
        http: httpx.Client,
        clock: Any = time.monotonic,
    ) -> None:
        self._credential = credential
        self._url = auth_url.rstrip("/") + TOKEN_PATH
        self._user_agent = user_agent
        self._http = http
        self._clock = clock
        self._token: str | None = None
        self._renew_at = 0.0

    def header(self) -> str:
        """Return the ``Authorization`` value, getting a new token if due."""
        if self._token is None or self._clock() >= self._renew_at:
            self._grant()
        assert self._token is not None
        return f"bearer {self._token}"

    def invalidate(self) -> None:
        """Forget the token, so the next call gets a fresh one."""
        self._token = None

    def _grant(self) -> None:
        log.debug("requesting a Reddit token")
        response = self._post()
        body = _body(response)
        if response.status_code == 200 and body.get("access_token"):
            lifetime = float(body.get("expires_in") or 3600)
            self._token = str(body["access_token"])
            self._renew_at = (
                self._clock() + lifetime - min(lifetime * EARLY_SHARE, EARLY_CAP)
            )
            return
        raise _refusal(response, body)

    def _post(self) -> httpx.Response:
        form = {
            "grant_type": "password",
            "username": self._credential.username,
            "password": self._credential.password,
        }
        try:
            return self._http.post(
                self._url,
                data=form,
                auth=(self._credential.client_id, self._credential.secret),
                headers={"User-Agent": self._user_agent},
            )
        except httpx.TransportError as exc:
            raise Transient(
                f"{type(exc).__name__} at Reddit's token endpoint"
            ) from None


def _body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _refusal(response: httpx.Response, body: dict[str, Any]) -> Exception:
    status, error = response.status_code, body.get("error")
    if status == 401:
        return CredentialInvalid(BAD_CLIENT)
    if status == 429 or status >= 500 or (status == 200 and not error):
        wait = response.headers.get("retry-after", "")
        return Transient(
            f"HTTP {status} at Reddit's token endpoint",
            float(wait) if wait.isdigit() else None,
        )
    if error == "invalid_grant":
        return CredentialInvalid(INVALID_GRANT)
    if error == "unauthorized_client":
        return CredentialInvalid(NOT_SCRIPT)
    return CredentialInvalid(
        f"Reddit's token endpoint refused the login (HTTP {status}, "
        f"{str(error or 'no error code')[:60]})"
    )
