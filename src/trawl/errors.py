"""trawl's exception tree: one subclass per decision a caller must make.

    TrawlError
    ├── InvalidInput          bad job or token fields (API answers 422)
    ├── NotFound              unknown job or token (404)
    ├── Conflict              illegal transition, lost claim or lease (409)
    └── CollectionError       raised while a job collects
        ├── PauseJob          stop now, keep progress, resume later
        │   └── QuotaExhausted    a quota bucket is empty until ``resume_after``
        ├── FailJob           the job cannot go on (bad target, bad credential)
        │   └── CredentialInvalid the key or password is refused (api_key_valid=false)
        ├── SkipItem          one video, thread or post is unavailable; go on
        └── Transient         worth retrying (5xx, timeouts, rate limits)

Third-party errors (httpx, SQLAlchemy) are translated into these at one boundary
each, with ``raise ... from``.
"""

from __future__ import annotations

from datetime import datetime


class TrawlError(Exception):
    """Base of every error trawl raises on purpose."""


class InvalidInput(TrawlError):
    """A field holds a value trawl cannot accept."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(TrawlError):
    """The job or token named does not exist."""


class Conflict(TrawlError):
    """The change is not allowed from the current state."""


class CollectionError(TrawlError):
    """Raised while a job collects."""


class PauseJob(CollectionError):
    """Stop the job with its progress saved; it resumes after ``resume_after``."""

    def __init__(
        self,
        reason: str,
        resume_after: datetime | None = None,
        *,
        kind: str = "transient",
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.resume_after = resume_after
        self.kind = kind


class QuotaExhausted(PauseJob):
    """A quota bucket cannot pay for the next request until it resets."""

    def __init__(self, bucket: str, resume_after: datetime) -> None:
        super().__init__(
            f"quota bucket {bucket!r} exhausted until {resume_after.isoformat()}",
            resume_after,
            kind="quota",
        )
        self.bucket = bucket


class FailJob(CollectionError):
    """The job cannot go on; ``message`` says why in words a user can act on."""


class CredentialInvalid(FailJob):
    """The platform refused the credential itself."""


class SkipItem(CollectionError):
    """One item is unavailable (deleted, private, comments off); record and go on."""

    def __init__(self, outcome: str, detail: str = "") -> None:
        super().__init__(f"{outcome}: {detail}" if detail else outcome)
        self.outcome = outcome
        self.detail = detail


class Transient(CollectionError):
    """A failure worth retrying after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
