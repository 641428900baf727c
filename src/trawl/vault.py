"""Encrypt credentials at rest with Fernet, keyed by ``TRAWL_SECRET_KEY`` or a key file.

A database dump alone reveals no secret: the key lives outside the database,
either in the environment or in ``<data_dir>/secret.key`` (mode 0600). Both
hold a comma-separated list, newest key first: the newest seals, any opens.

Rotation (``trawl rotate-key``, with the API stopped): with the key file, a
new key is put first in the file, every sealed secret is re-encrypted under it
in one transaction, and then the old keys are dropped from the file. With
``TRAWL_SECRET_KEY``, put the new key first yourself, run the command, then
remove the old keys from the variable.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import select
from sqlalchemy.orm import Session

from trawl.config import Settings
from trawl.db import Database
from trawl.errors import TrawlError
from trawl.models import Token
from trawl.redact import remember_fields

log = logging.getLogger(__name__)
KEY_FILE = "secret.key"


class VaultError(TrawlError):
    """The stored secret cannot be read with the configured key."""


def write_private(path: Path, text: str) -> None:
    """Create ``path`` readable by its owner only and write ``text`` to it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def replace_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with an owner-only file holding ``text``."""
    temporary = path.with_name(path.name + ".new")
    temporary.unlink(missing_ok=True)
    write_private(temporary, text)
    os.replace(temporary, path)


def read_private(path: Path) -> str:
    """Return the stripped text of a key file, warning when others may read it."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s is readable by others (mode %o); chmod 600 it", path, mode)
    return path.read_text().strip()


def split_keys(text: str) -> list[str]:
    """Return the keys of a comma-separated list, newest first."""
    return [key.strip() for key in text.split(",") if key.strip()]


def load_or_create_key(path: Path) -> str:
    """Return the key list stored at ``path``, generating a key on first use."""
    if not path.exists():
        try:
            write_private(path, Fernet.generate_key().decode())
            log.info("generated a new secret key", extra={"path": str(path)})
        except FileExistsError:
            pass  # another process created it first; read theirs
    return read_private(path)


def configured_keys(settings: Settings) -> list[str]:
    """Return the vault keys, newest first, from the environment or the key file."""
    if settings.secret_key:
        return split_keys(settings.secret_key)
    return split_keys(load_or_create_key(settings.data_dir / KEY_FILE))


class Vault:
    """Seal and open credential dictionaries."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise VaultError("no secret key is configured")
        try:
            self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])
        except ValueError:
            raise VaultError(
                "TRAWL_SECRET_KEY (or <data dir>/secret.key) holds a value that is "
                "not a Fernet key; make one with 'trawl rotate-key' or leave it unset"
            ) from None

    @classmethod
    def from_settings(cls, settings: Settings) -> Vault:
        """Build the vault from ``TRAWL_SECRET_KEY`` (comma list, newest first)."""
        return cls(configured_keys(settings))

    def seal(self, secret: dict[str, Any]) -> str:
        """Encrypt ``secret`` to a token safe to store."""
        remember_fields(secret)
        return self._fernet.encrypt(json.dumps(secret).encode()).decode()

    def open(self, token: str) -> dict[str, Any]:
        """Decrypt a token made by ``seal``."""
        try:
            secret = dict(json.loads(self._fernet.decrypt(token.encode())))
        except InvalidToken:
            raise VaultError(
                "stored credentials cannot be decrypted with the configured "
                "TRAWL_SECRET_KEY; see 'trawl rotate-key' in the README"
            ) from None
        remember_fields(secret)
        return secret

    def rotate(self, token: str) -> str:
        """Re-encrypt ``token`` under the newest key."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise VaultError(
                "a stored secret opens with none of the configured keys"
            ) from None


def reseal_all(session: Session, vault: Vault) -> int:
    """Re-encrypt every token's secret under the vault's newest key; return how many."""
    tokens = session.scalars(select(Token).where(Token.sealed_secret != ""))
    count = 0
    for token in tokens:
        token.sealed_secret = vault.rotate(token.sealed_secret)
        count += 1
    session.flush()
    return count


def add_file_key(settings: Settings) -> list[str]:
    """Put a new key first in the key file, keeping the old ones; return them all."""
    path = settings.data_dir / KEY_FILE
    keys = [Fernet.generate_key().decode(), *split_keys(load_or_create_key(path))]
    replace_private(path, ",".join(keys))
    return keys


def keep_newest_file_key(settings: Settings) -> None:
    """Drop every key but the newest from the key file."""
    path = settings.data_dir / KEY_FILE
    replace_private(path, split_keys(read_private(path))[0])


def rotate_all(settings: Settings, database: Database) -> tuple[int, str]:
    """Re-encrypt every secret under the newest key; return the count and advice."""
    if settings.secret_key:
        return _rotate_from_environment(settings, database)
    keys = add_file_key(settings)
    with database.session() as session:
        count = reseal_all(session, Vault(keys))
    keep_newest_file_key(settings)
    return count, f"{settings.data_dir / KEY_FILE} holds only the new key now."


def _rotate_from_environment(settings: Settings, database: Database) -> tuple[int, str]:
    keys = split_keys(settings.secret_key or "")
    if len(keys) < 2:
        raise VaultError(
            "TRAWL_SECRET_KEY holds one key: put a new key first "
            "(TRAWL_SECRET_KEY=<new>,<current>) and run this again; make a key with "
            "python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        )
    with database.session() as session:
        count = reseal_all(session, Vault(keys))
    return count, "Now set TRAWL_SECRET_KEY to the first key alone."
