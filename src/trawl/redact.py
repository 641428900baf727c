"""Scrub secrets out of text before it reaches a log, a message or a file."""

from __future__ import annotations

import logging
import re

SECRET_PARAMS = re.compile(
    r"(?i)\b(key|api_key|access_token|token|password|passwd|secret|client_secret)"
    r"=[^&\s\"']+"
)
BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")


def redact(text: str) -> str:
    """Replace query-string secrets and authorization values with ``***``."""
    text = SECRET_PARAMS.sub(lambda m: f"{m.group(1)}=***", text)
    return BEARER.sub(lambda m: f"{m.group(1)} ***", text)


class RedactingFilter(logging.Filter):
    """A logging filter that scrubs every record's message and arguments."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        self.secrets = [s for s in (secrets or []) if len(s) >= 4]

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage())
        for secret in self.secrets:
            message = message.replace(secret, "***")
        record.msg, record.args = message, None
        return True
