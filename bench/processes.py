"""Start trawl's API, sandboxes and schedulers as separate processes for benchmarks."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from trawl.sandbox import free_port

POSTGRES_URL = os.environ.get(
    "TRAWL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def trawl(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start ``trawl ARGS`` with ``env`` added to this process's environment."""
    command = [sys.executable, "-m", "trawl", *args]
    return subprocess.Popen(
        command,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@contextmanager
def serving(*args: str, env: dict[str, str], health: str) -> Iterator[str]:
    """Run a trawl server on a free port until the block ends; yield its URL."""
    port = free_port()
    process = trawl(*args, "--port", str(port), env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + health, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def postgres_schema() -> Iterator[str]:
    """Yield a database URL scoped to a fresh PostgreSQL schema."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    url = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        scoped = url.update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def base_env(folder: Path, database_url: str) -> dict[str, str]:
    """Return the environment every process of one benchmark shares."""
    return {
        "TRAWL_DATA_DIR": str(folder / "data"),
        "TRAWL_OUTPUT_ROOT": str(folder / "output"),
        "TRAWL_DATABASE_URL": database_url,
        "TRAWL_API_KEY": "bench-operator-key",
        "TRAWL_WORKER_KEY": "bench-worker-key",
    }
