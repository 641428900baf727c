"""Fixtures for the YouTube sandbox tests: a served app and the shared folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from trawl.sandbox import running
from trawl.sandbox.youtube import create_app
from trawl.sandbox.youtube.testing import FakeClock, Serve

REPO_ROOT = Path(__file__).resolve().parents[3]


def shared_dir() -> Path:
    """Return the shared folder: ``TRAWL_SHARED_DIR`` or ``../shared``."""
    configured = os.environ.get("TRAWL_SHARED_DIR")
    return Path(configured) if configured else REPO_ROOT.parent / "shared"


@pytest.fixture
def youtube_fixtures() -> Path:
    """Return the recorded YouTube responses, or skip (fail when required)."""
    folder = shared_dir() / "fixtures" / "real" / "youtube"
    if not folder.is_dir():
        reason = f"recorded YouTube fixtures not found at {folder}"
        if os.environ.get("TRAWL_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return folder


@contextmanager
def _serve(corpus: Any = None, **options: Any) -> Iterator[httpx.Client]:
    app = create_app(corpus, **options)
    with running(app) as base, httpx.Client(base_url=base, timeout=10) as client:
        yield client


@pytest.fixture
def serve() -> Serve:
    """Return a context manager serving a fresh app and yielding a client."""
    return _serve


@pytest.fixture(scope="module")
def api() -> Iterator[httpx.Client]:
    """Return a client of one synthetic sandbox shared by a test module."""
    with _serve() as client:
        yield client


@pytest.fixture
def clock() -> FakeClock:
    """Return a hand-moved clock starting at noon UTC on 2025-03-08."""
    return FakeClock(datetime(2025, 3, 8, 12, 0, tzinfo=UTC))
