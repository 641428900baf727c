"""Database tables: tokens, their quota buckets, and jobs."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class JobStatus(enum.StrEnum):
    """A job's lifecycle, as the seed names it."""

    CREATED = "CREATED"
    RUNNING = "RUNNING"
    PAUSED = "PAUSED"
    FAILED = "FAILED"
    SUCCESS = "SUCCESS"


class Platform(enum.StrEnum):
    """The platforms trawl collects from."""

    YOUTUBE = "YOUTUBE"
    REDDIT = "REDDIT"


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC and read them back aware, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite drops the zone; we only ever store UTC
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base for trawl's tables."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
    }


class Token(Base):
    """A platform credential; secrets are sealed by the vault."""

    __tablename__ = "tokens"

    token_uid: Mapped[str] = mapped_column(String(64), primary_key=True)
    social_platform: Mapped[str] = mapped_column(String(16))
    sealed_secret: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class QuotaBucket(Base):
    """What a token may still spend today from one bucket."""

    __tablename__ = "quota_buckets"

    token_uid: Mapped[str] = mapped_column(
        ForeignKey("tokens.token_uid", ondelete="CASCADE"), primary_key=True
    )
    bucket: Mapped[str] = mapped_column(String(32), primary_key=True)
    daily_limit: Mapped[int] = mapped_column(Integer)
    remaining: Mapped[int] = mapped_column(Integer)
    modified_at: Mapped[datetime]


class Job(Base):
    """A collection job and everything needed to resume it."""

    __tablename__ = "jobs"

    job_uid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    token_uid: Mapped[str] = mapped_column(ForeignKey("tokens.token_uid"), index=True)
    social_platform: Mapped[str] = mapped_column(String(16))
    job_status: Mapped[str] = mapped_column(String(16), index=True)
    job_name: Mapped[str | None] = mapped_column(String(200))
    spec: Mapped[dict[str, Any]]
    progress: Mapped[dict[str, Any]]
    checkpoint: Mapped[dict[str, Any]]
    job_message: Mapped[str | None] = mapped_column(Text)
    output_path: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    resume_after: Mapped[datetime | None]
    pause_reason: Mapped[str | None] = mapped_column(Text)
    pause_kind: Mapped[str | None] = mapped_column(String(16))
    requested: Mapped[str | None] = mapped_column(String(16))
    lease_id: Mapped[str | None] = mapped_column(String(36))
    lease_expires: Mapped[datetime | None]
    claims: Mapped[int] = mapped_column(Integer, default=0)
