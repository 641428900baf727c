"""Logging set-up for trawl's entry points: one line per record, secrets scrubbed.

Scrubbing happens where a record is made (a record factory), not in one
handler, so every handler sees the redacted text: the stderr line, a test's
capture, anything a deployment adds.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

from trawl.redact import remember, scrub_record

FIELDS = ("job_uid", "platform", "counts", "seconds", "client", "path", "host")
QUIET = ("httpx", "httpcore", "uvicorn.access")


class FieldsFormatter(logging.Formatter):
    """Append the structured fields a record carries as ``key=value``."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = [f"{k}={getattr(record, k)}" for k in FIELDS if hasattr(record, k)]
        return f"{line} {' '.join(extras)}" if extras else line


class _TrawlHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``configure`` installs, so a second call can replace it."""


def configure(
    level: str = "INFO",
    secrets: list[str] | None = None,
    *,
    stream: TextIO | None = None,
) -> None:
    """Send trawl's logs to ``stream`` (stderr) at ``level``, with secrets scrubbed."""
    remember(*(secrets or []))
    install_scrubbing()
    handler = _TrawlHandler(stream or sys.stderr)
    handler.setFormatter(
        FieldsFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    kept = [h for h in root.handlers if not isinstance(h, _TrawlHandler)]
    root.handlers[:] = [*kept, handler]
    root.setLevel(level.upper())
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(logging.WARNING)


def install_scrubbing() -> None:
    """Make every log record in this process scrub itself when it is created."""
    current = logging.getLogRecordFactory()
    if getattr(current, "scrubs", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        scrub_record(record)
        return record

    factory.scrubs = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
