"""Who may call the API: an operator key and a worker key, both bearer tokens.

Keys come from ``TRAWL_API_KEY`` and ``TRAWL_WORKER_KEY``; where unset, the API
generates them on first start into ``<data_dir>/api.key`` and
``<data_dir>/worker.key`` (mode 0600), and the CLI, scheduler and demo read
the same files through ``client_key``. Only the worker role sees credentials
unmasked. Every path but ``PUBLIC_PATHS`` needs one of the two keys.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import ipaddress
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from trawl.config import Settings
from trawl.vault import read_private, write_private

log = logging.getLogger(__name__)
# The API's description is public; it holds no data and a browser must be able
# to open /docs without a way to send a bearer key.
PUBLIC_PATHS = frozenset(
    {
        "/health",
        "/api/v1/health",
        "/docs",
        "/docs/oauth2-redirect",
        "/redoc",
        "/openapi.json",
    }
)


class Role(enum.StrEnum):
    """What a caller may do."""

    OPERATOR = "operator"
    WORKER = "worker"


KEY_FILES = {Role.OPERATOR: "api.key", Role.WORKER: "worker.key"}


@dataclass(frozen=True)
class Keys:
    """The bearer keys the API accepts, by role."""

    operator: str
    worker: str

    def role_of(self, presented: str) -> Role | None:
        """Return the role ``presented`` grants, comparing in constant time."""
        # Comparing digests keeps the time independent of the keys' lengths too.
        given = _digest(presented)
        found = None
        for role, key in ((Role.OPERATOR, self.operator), (Role.WORKER, self.worker)):
            if hmac.compare_digest(given, _digest(key)):
                found = role
        return found


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def key_path(settings: Settings, role: Role) -> Path:
    """Return where the generated key for ``role`` is kept."""
    return settings.data_dir / KEY_FILES[role]


def server_keys(settings: Settings) -> Keys:
    """Return the API's keys, generating and storing missing ones."""
    return Keys(
        operator=settings.api_key or _stored_key(settings, Role.OPERATOR),
        worker=settings.worker_key or _stored_key(settings, Role.WORKER),
    )


def client_key(settings: Settings, role: Role) -> str | None:
    """Return the key a client acting as ``role`` should present, if known."""
    configured = settings.api_key if role == Role.OPERATOR else settings.worker_key
    if configured:
        return configured
    path = key_path(settings, role)
    return read_private(path) if path.exists() else None


def bind_warning(host: str) -> str | None:
    """Return a warning when ``host`` makes the API reachable beyond this machine."""
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass  # a host name: it may resolve to anything
    return (
        f"the API listens on {host}, not only on this machine; "
        "put TLS in front of it, since keys travel in request headers"
    )


def _stored_key(settings: Settings, role: Role) -> str:
    path = key_path(settings, role)
    if not path.exists():
        try:
            write_private(path, secrets.token_urlsafe(32))
            log.warning("generated the %s API key; it is stored in %s", role, path)
        except FileExistsError:
            pass  # another process wrote it first
    return read_private(path)
