"""OAuth apps and accounts the sandbox knows, with the built-in set."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class AppKind(StrEnum):
    """Reddit's app types; only script apps may use the password grant."""

    SCRIPT = "script"
    WEB = "web"
    INSTALLED = "installed"


@dataclass(frozen=True)
class App:
    """A registered OAuth app; ``developers`` may log in through it."""

    client_id: str
    secret: str
    kind: AppKind = AppKind.SCRIPT
    developers: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Account:
    """A Reddit account; ``otp`` set means two-factor auth is on."""

    username: str
    password: str
    otp: str | None = None


SCRIPT_DEVELOPERS = frozenset({"sandbox_user", "sandbox_2fa_user"})


def builtin_apps() -> list[App]:
    """Return the apps every sandbox corpus registers."""
    return [
        App("sandbox-client", "sandbox-secret", AppKind.SCRIPT, SCRIPT_DEVELOPERS),
        App("sandbox-client-2", "sandbox-secret-2", AppKind.SCRIPT, SCRIPT_DEVELOPERS),
        App("sandbox-web-client", "sandbox-web-secret", AppKind.WEB, SCRIPT_DEVELOPERS),
        App("sandbox-installed-client", "", AppKind.INSTALLED, SCRIPT_DEVELOPERS),
    ]


def builtin_accounts() -> list[Account]:
    """Return the accounts every sandbox corpus registers."""
    return [
        Account("sandbox_user", "sandbox-password"),
        Account("sandbox_2fa_user", "sandbox-password", otp="123456"),
    ]
