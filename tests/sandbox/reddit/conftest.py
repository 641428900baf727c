"""Fixtures for the Reddit sandbox tests: a clock, served apps, shared fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from trawl.sandbox.reddit import Corpus, Faults, create_app, synthetic_corpus
from trawl.sandbox.reddit.harness import Harness, ManualClock, served

REPO_ROOT = Path(__file__).resolve().parents[3]


def shared_dir() -> Path:
    """Return the shared folder, from ``TRAWL_SHARED_DIR`` or next to the repo."""
    configured = os.environ.get("TRAWL_SHARED_DIR")
    return Path(configured) if configured else REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def reddit_cassettes() -> Path:
    """Return the recorded Reddit cassettes folder, or skip (fail if required)."""
    folder = shared_dir() / "fixtures" / "real" / "reddit"
    if not any(folder.glob("*.json")):
        reason = f"recorded Reddit cassettes not found in {folder}"
        if os.environ.get("TRAWL_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return folder


@pytest.fixture(scope="session")
def corpus_at_start() -> Corpus:
    """Return the seed-0 synthetic corpus with times relative to the clock start."""
    return synthetic_corpus(0, now=ManualClock().now)


@pytest.fixture
def clock() -> ManualClock:
    """Return a fresh hand-moved clock."""
    return ManualClock()


@pytest.fixture(scope="module")
def shared_sandbox(corpus_at_start: Corpus) -> Iterator[Harness]:
    """Serve one synthetic sandbox for the read-only tests of a module."""
    app = create_app(
        corpus_at_start,
        requests_per_window=1_000_000,
        clock=ManualClock(),
        faults=Faults(morechildren_delay=0),
    )
    with served(app) as harness:
        yield harness


@pytest.fixture(scope="module")
def reader(shared_sandbox: Harness) -> Iterator[httpx.Client]:
    """Return a logged-in client on the shared sandbox."""
    with shared_sandbox.api(shared_sandbox.token()) as client:
        yield client
