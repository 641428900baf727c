"""Encrypt credentials at rest with Fernet, keyed by ``TRAWL_SECRET_KEY`` or a key file.

A database dump alone reveals no secret: the key lives outside the database,
either in the environment or in ``<data_dir>/secret.key`` (mode 0600).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from trawl.config import Settings

log = logging.getLogger(__name__)


class VaultError(Exception):
    """The stored secret cannot be read with the configured key."""


def write_private(path: Path, text: str) -> None:
    """Create ``path`` readable by its owner only and write ``text`` to it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def load_or_create_key(path: Path) -> str:
    """Return the key stored at ``path``, generating it on first use."""
    if not path.exists():
        try:
            write_private(path, Fernet.generate_key().decode())
            log.info("generated a new secret key", extra={"path": str(path)})
        except FileExistsError:
            pass  # another process created it first; read theirs
    return path.read_text().strip()


class Vault:
    """Seal and open credential dictionaries."""

    def __init__(self, keys: list[str]) -> None:
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    @classmethod
    def from_settings(cls, settings: Settings) -> Vault:
        """Build the vault from ``TRAWL_SECRET_KEY`` (comma list, newest first)."""
        if settings.secret_key:
            keys = [k.strip() for k in settings.secret_key.split(",") if k.strip()]
        else:
            keys = [load_or_create_key(settings.data_dir / "secret.key")]
        return cls(keys)

    def seal(self, secret: dict[str, Any]) -> str:
        """Encrypt ``secret`` to a token safe to store."""
        return self._fernet.encrypt(json.dumps(secret).encode()).decode()

    def open(self, token: str) -> dict[str, Any]:
        """Decrypt a token made by ``seal``."""
        try:
            return dict(json.loads(self._fernet.decrypt(token.encode())))
        except InvalidToken:
            raise VaultError(
                "stored credentials cannot be decrypted with the configured "
                "TRAWL_SECRET_KEY; see 'trawl rotate-key' in the README"
            ) from None

    def rotate(self, token: str) -> str:
        """Re-encrypt ``token`` under the newest key."""
        return self._fernet.rotate(token.encode()).decode()
