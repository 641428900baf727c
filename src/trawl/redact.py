"""Scrub secrets out of text before it reaches a log, a message or a file.

Two nets: patterns that catch a secret by where it sits (``key=...`` in a
query string, ``password=...`` in a form body, an ``Authorization`` value),
and the literal secrets this process has been told about with ``remember``.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

SECRET_PARAMS = re.compile(
    r"(?i)\b(key|api_key|api_token|access_token|refresh_token|token|password|passwd"
    r"|secret|client_secret|secret_token)(=|\"?\s*:\s*\"?)[^&\s\"',}]+"
)
BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")
MIN_LENGTH = 4
SECRET_FIELDS = ("api_token", "secret_token", "password", "client_secret")
_known: set[str] = set()
_lock = threading.Lock()


def remember(*secrets: Any) -> None:
    """Scrub these literal values from every later ``redact`` call."""
    with _lock:
        _known.update(s for s in secrets if isinstance(s, str) and len(s) >= MIN_LENGTH)


def remember_fields(credential: dict[str, Any]) -> None:
    """Remember the secret fields of a credential (not its user name)."""
    remember(*(credential.get(name) for name in SECRET_FIELDS))


def redact(text: str) -> str:
    """Replace query-string secrets, authorization values and known secrets."""
    text = SECRET_PARAMS.sub(lambda m: f"{m.group(1)}{m.group(2)}***", text)
    text = BEARER.sub(lambda m: f"{m.group(1)} ***", text)
    with _lock:
        known = sorted(_known, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, "***")
    return text


def scrub_record(record: logging.LogRecord) -> None:
    """Redact a record's message and traceback in place."""
    record.msg, record.args = redact(record.getMessage()), None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class RedactingFilter(logging.Filter):
    """A logging filter that scrubs every record's message and arguments."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        remember(*(secrets or []))

    def filter(self, record: logging.LogRecord) -> bool:
        scrub_record(record)
        return True
