"""Issue and check bearer tokens the way ``/api/v1/access_token`` does."""

from __future__ import annotations

import base64
import binascii
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from trawl.sandbox.reddit.credentials import Account, App, AppKind
from trawl.sandbox.reddit.things import JSON, error

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Token:
    """A bearer token; ``username`` is None for an application-only token."""

    client_id: str
    username: str | None
    scope: str
    expires_at: datetime


class TokenRejected(Exception):
    """The token endpoint answers 401: unknown client id or wrong secret."""


class Authority:
    """Know the apps and accounts, grant tokens and resolve bearer headers."""

    def __init__(
        self,
        *,
        apps: Iterable[App],
        accounts: Iterable[Account],
        lifetime: int,
        clock: Clock,
    ) -> None:
        self.apps = {app.client_id: app for app in apps}
        self.accounts = {account.username.lower(): account for account in accounts}
        self.lifetime = lifetime
        self.clock = clock
        self._tokens: dict[str, Token] = {}

    def grant(self, *, authorization: str | None, form: Mapping[str, str]) -> JSON:
        """Return the token endpoint's 200 body, success or error.

        Raise ``TokenRejected`` when the Basic credentials do not match an app.
        """
        app = self._basic_app(authorization)
        grant_type = form.get("grant_type", "")
        if grant_type == "password":
            return self._password_grant(app, form)
        if grant_type == "client_credentials":
            if app.kind is AppKind.INSTALLED:
                return {"error": "unauthorized_client"}
            return self._issue(app, None, form.get("scope", "*"))
        return {"error": "unsupported_grant_type"}

    def lookup(self, authorization: str | None) -> Token | None:
        """Return the live token a ``bearer`` header names, else None."""
        scheme, _, value = (authorization or "").partition(" ")
        token = self._tokens.get(value.strip()) if scheme.lower() == "bearer" else None
        if token is None or token.expires_at <= self.clock():
            return None
        return token

    def _basic_app(self, authorization: str | None) -> App:
        scheme, _, encoded = (authorization or "").partition(" ")
        try:
            decoded = base64.b64decode(encoded, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise TokenRejected from exc
        client_id, _, secret = decoded.partition(":")
        app = self.apps.get(client_id)
        if scheme.lower() != "basic" or app is None:
            raise TokenRejected
        if not secrets.compare_digest(app.secret, secret):
            raise TokenRejected
        return app

    def _password_grant(self, app: App, form: Mapping[str, str]) -> JSON:
        if app.kind is not AppKind.SCRIPT:
            return {
                "error": "unauthorized_client",
                "error_description": "Only script apps may use password auth",
            }
        username = form.get("username", "")
        account = self.accounts.get(username.lower())
        if account is None or account.username not in app.developers:
            return {"error": "invalid_grant"}
        if not _password_matches(account, form.get("password", ""), form.get("otp")):
            return {"error": "invalid_grant"}
        return self._issue(app, account.username, form.get("scope", "*"))

    def _issue(self, app: App, username: str | None, scope: str) -> JSON:
        now = self.clock()
        self._tokens = {k: t for k, t in self._tokens.items() if t.expires_at > now}
        value = secrets.token_urlsafe(24)
        expires_at = now + timedelta(seconds=self.lifetime)
        self._tokens[value] = Token(app.client_id, username, scope or "*", expires_at)
        logger.debug("issued token", extra={"client_id": app.client_id})
        return {
            "access_token": value,
            "token_type": "bearer",
            "expires_in": self.lifetime,
            "scope": scope or "*",
        }


def _password_matches(account: Account, password: str, otp: str | None) -> bool:
    if account.otp is None:
        return secrets.compare_digest(password, account.password)
    # Reddit takes the code either appended to the password or as an otp field.
    if otp is not None:
        return password == account.password and otp == account.otp
    return password == f"{account.password}:{account.otp}"


def unauthorized_body() -> JSON:
    """Return the body of a 401 for a missing, unknown or expired bearer."""
    return error(401, "Unauthorized")


INVALID_TOKEN_CHALLENGE = 'Bearer realm="reddit", error="invalid_token"'
