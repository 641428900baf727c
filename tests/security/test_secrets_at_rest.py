"""Credentials are sealed in the database, and ``trawl rotate-key`` re-seals them."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from trawl import cli
from trawl.config import get_settings

SECRETS = {
    "api_token": "AIzaSyTrawlAtRestKey-0000000000000042",
    "secret_token": "at-rest-client-secret-0001",
    "password": "at-rest-password-0002",
}


def store_secrets(http: Any) -> None:
    operator = http("operator")
    youtube = {"social_platform": "YOUTUBE", "api_token": SECRETS["api_token"]}
    reddit = {
        "social_platform": "REDDIT",
        "client_id": "at-rest-client",
        "secret_token": SECRETS["secret_token"],
        "username": "at_rest_user",
        "password": SECRETS["password"],
    }
    assert operator.put("/api/v1/token/yt", json=youtube).status_code == 200
    assert operator.put("/api/v1/token/rd", json=reddit).status_code == 200
    job = {"token_uid": "yt", "job_detail": {"option": "video", "input": "trawlShow01"}}
    assert operator.post("/api/v1/jobs", json=job).status_code == 201


def dump_every_table(url: str) -> str:
    """Return ``SELECT *`` of every table as text."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        rows = [
            str(list(conn.execute(text(f'SELECT * FROM "{table}"'))))
            for table in inspect(conn).get_table_names()
        ]
    engine.dispose()
    assert len(rows) >= 3
    return "\n".join(rows)


def sqlite_bytes(url: str) -> bytes:
    path = Path(url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_no_table_holds_a_secret_in_clear(stack: Any, http: Any) -> None:
    store_secrets(http)
    url = stack.settings.resolved_database_url()

    dumped = dump_every_table(url)
    raw = sqlite_bytes(url) if url.startswith("sqlite") else b""

    for secret in SECRETS.values():
        assert secret not in dumped
        assert secret.encode() not in raw
    assert "gAAAAA" in dumped  # the Fernet tokens themselves are there


@pytest.fixture
def cli_env(stack: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Point the CLI's settings at the stack's data folder and database."""
    monkeypatch.setenv("TRAWL_DATA_DIR", str(stack.settings.data_dir))
    monkeypatch.setenv("TRAWL_DATABASE_URL", stack.settings.resolved_database_url())
    monkeypatch.delenv("TRAWL_SECRET_KEY", raising=False)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def sealed(url: str) -> dict[str, str]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT token_uid, sealed_secret FROM tokens"))
        found = {uid: secret for uid, secret in rows}
    engine.dispose()
    return found


def test_rotate_key_reseals_under_a_new_key_file_and_drops_the_old(
    stack: Any, http: Any, cli_env: Any
) -> None:
    store_secrets(http)
    key_file = stack.settings.data_dir / "secret.key"
    old_key = key_file.read_text().strip()
    before = sealed(stack.settings.resolved_database_url())

    result = CliRunner().invoke(cli.app, ["rotate-key"])

    assert result.exit_code == 0, result.output
    assert "re-encrypted 2 credentials" in result.output
    new_key = key_file.read_text().strip()
    assert new_key != old_key and "," not in new_key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    after = sealed(stack.settings.resolved_database_url())
    assert after.keys() == before.keys() and after != before
    assert Fernet(new_key.encode()).decrypt(after["yt"].encode())
    with pytest.raises(InvalidToken):
        Fernet(old_key.encode()).decrypt(after["yt"].encode())


def test_rotate_key_with_the_environment_uses_the_first_key(
    stack: Any, http: Any, cli_env: Any
) -> None:
    store_secrets(http)
    old_key = (stack.settings.data_dir / "secret.key").read_text().strip()
    new_key = Fernet.generate_key().decode()

    cli_env.setenv("TRAWL_SECRET_KEY", old_key)
    get_settings.cache_clear()
    refused = CliRunner().invoke(cli.app, ["rotate-key"])
    cli_env.setenv("TRAWL_SECRET_KEY", f"{new_key},{old_key}")
    get_settings.cache_clear()
    rotated = CliRunner().invoke(cli.app, ["rotate-key"])

    assert refused.exit_code == 2 and "one key" in refused.output
    assert rotated.exit_code == 0, rotated.output
    opened = Fernet(new_key.encode()).decrypt(
        sealed(stack.settings.resolved_database_url())["rd"].encode()
    )
    assert SECRETS["password"].encode() in opened
