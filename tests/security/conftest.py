"""Fixtures for the security tests: HTTP clients per role, DEBUG log capture,
and a search for leaked secrets."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from trawl import logs

Http = Callable[..., httpx.Client]


@pytest.fixture
def http(stack: Any) -> Iterator[Http]:
    """Return a maker of raw HTTP clients for ``"operator"``, ``"worker"`` or None."""
    made: list[httpx.Client] = []

    def make(role: str | None = "operator") -> httpx.Client:
        keys = {"operator": stack.settings.api_key, "worker": stack.settings.worker_key}
        headers = {"Authorization": f"Bearer {keys[role]}"} if role else {}
        client = httpx.Client(base_url=stack.url, headers=headers, timeout=30)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Undo what ``logs.configure`` (serve, rotate-key, debug_log) changes."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    factory = logging.getLogRecordFactory()
    quiet = {name: logging.getLogger(name).level for name in logs.QUIET}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.setLogRecordFactory(factory)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> io.StringIO:
    """Configure trawl's logging at DEBUG (httpx too) and return what it writes."""
    stream = io.StringIO()
    logs.configure("DEBUG", stream=stream)
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    return stream


class Leaks:
    """Look for secrets in the places trawl writes to."""

    @staticmethod
    def records(caplog: pytest.LogCaptureFixture) -> list[str]:
        """Return every captured record as text, but the sandboxes' own."""
        return [
            f"{r.getMessage()} {r.exc_text or ''} {vars(r)}"
            for r in caplog.records
            if not r.name.startswith("trawl.sandbox")
        ]

    @staticmethod
    def files(root: Path) -> list[str]:
        """Return the path and text of every file under ``root``."""
        return [
            f"{path}\n{path.read_bytes().decode('utf-8', 'replace')}"
            for path in sorted(root.rglob("*"))
            if path.is_file()
        ]

    @staticmethod
    def check(secrets: list[str], where: str, texts: list[str]) -> None:
        """Fail, naming the place, when any secret occurs in any text."""
        for secret in secrets:
            for text in texts:
                assert secret not in text, f"secret leaked into {where}: {text[:400]}"


@pytest.fixture
def leaks() -> type[Leaks]:
    """Return the leak search."""
    return Leaks


FUZZ = pytest.StashKey[dict[str, int]]()


@pytest.fixture
def fuzz_tally(request: pytest.FixtureRequest) -> dict[str, int]:
    """Return the session's running count of fuzz cases and failures."""
    return request.config.stash.setdefault(FUZZ, {"cases": 0, "failures": 0})


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Print the schema fuzz figures as one line the README can quote."""
    tally = config.stash.get(FUZZ, None)
    if tally:
        terminalreporter.write_line(
            f"schema fuzz: {tally['cases']} cases against trawl's OpenAPI, "
            f"{tally['failures']} failures (checks: no 5xx; status codes, "
            "content types and bodies as declared)"
        )
