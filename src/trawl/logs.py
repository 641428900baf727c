"""Logging set-up for trawl's entry points: one line per record, secrets scrubbed."""

from __future__ import annotations

import logging
import sys

from trawl.redact import RedactingFilter

FIELDS = ("job_uid", "platform", "counts", "seconds", "client", "path")


class FieldsFormatter(logging.Formatter):
    """Append the structured fields a record carries as ``key=value``."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = [f"{k}={getattr(record, k)}" for k in FIELDS if hasattr(record, k)]
        return f"{line} {' '.join(extras)}" if extras else line


def configure(level: str = "INFO", secrets: list[str] | None = None) -> None:
    """Send trawl's logs to stderr at ``level``, with secrets scrubbed."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        FieldsFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
