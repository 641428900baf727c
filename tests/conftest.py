"""Shared fixtures: settings on a fresh database, a live API, the sandboxes.

Tests that take ``database_url`` run on SQLite and, when
``TRAWL_TEST_POSTGRES_URL`` is set, on PostgreSQL too (each test in a schema
of its own). ``.ci/run`` sets it, so in CI nothing skips.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from trawl.api import create_app
from trawl.auth import Role, client_key
from trawl.client import ApiClient
from trawl.config import Settings
from trawl.sandbox import running

REPO = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("TRAWL_TEST_POSTGRES_URL")


def shared_dir() -> Path:
    """Return ``../shared``, or skip (fail under ``TRAWL_REQUIRE_SHARED=1``)."""
    path = Path(os.environ.get("TRAWL_SHARED_DIR", REPO.parent / "shared"))
    if not (path / "fixtures" / "real").is_dir():
        message = f"{path} has no fixtures/real: the recorded API data is absent"
        if os.environ.get("TRAWL_REQUIRE_SHARED") == "1":
            pytest.fail(message + " (TRAWL_REQUIRE_SHARED=1)")
        pytest.skip(message)
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield an empty database: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'trawl.db'}"
        return
    if not POSTGRES_URL:
        if os.environ.get("TRAWL_REQUIRE_POSTGRES") == "1":
            pytest.fail("TRAWL_TEST_POSTGRES_URL is unset but TRAWL_REQUIRE_POSTGRES=1")
        pytest.skip("TRAWL_TEST_POSTGRES_URL is unset: no PostgreSQL to test against")
    yield from _postgres_schema(POSTGRES_URL)


def _postgres_schema(base: str) -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    url = make_url(base).set(drivername="postgresql+psycopg")
    admin = create_engine(url, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    scoped = url.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Return settings on a fresh database and output folder, with quick retries."""
    return Settings(
        data_dir=tmp_path / "data",
        output_root=tmp_path / "output",
        database_url=database_url,
        api_key="operator-key-for-tests-0001",
        worker_key="worker-key-for-tests-0002",
        secret_key=None,
        backoff_base=0.01,
        poll_seconds=0.05,
        lease_seconds=30,
        youtube_api_url="http://127.0.0.1:9/unset",
        reddit_auth_url="http://127.0.0.1:9/unset",
        reddit_api_url="http://127.0.0.1:9/unset",
    )


@dataclass
class Stack:
    """A live API with clients for both roles."""

    settings: Settings
    url: str
    operator: ApiClient
    worker: ApiClient


@pytest.fixture
def stack(settings: Settings) -> Iterator[Stack]:
    """Serve the API on a free port and yield clients for it."""
    with running(create_app(settings)) as url:
        settings.api_url = url
        operator = ApiClient(
            url, client_key(settings, Role.OPERATOR), retries=2, backoff=0.01
        )
        worker = ApiClient(
            url, client_key(settings, Role.WORKER), retries=2, backoff=0.01
        )
        yield Stack(settings, url, operator, worker)
        operator.close()
        worker.close()
