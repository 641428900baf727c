"""Response shapes, for the OpenAPI document and the clients that read it.

Routes return plain dictionaries built by ``views``; these models describe
them (``responses=``) without filtering them, so the seed's exact keys stay.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from trawl.models import JobStatus, Platform


class Problem(BaseModel):
    """An error with one sentence of detail."""

    detail: str


class FieldError(BaseModel):
    """One refused field: where it is and why."""

    loc: list[str | int]
    msg: str
    type: str


class Invalid(BaseModel):
    """A 422: the fields that were refused."""

    detail: list[FieldError]


class Health(BaseModel):
    """The API is up."""

    status: str
    version: str


class TokenView(BaseModel):
    """A token with its quota buckets; secrets masked but for the worker."""

    token_uid: int | str
    social_platform: Platform
    token_detail: dict[str, Any]
    quota: dict[str, Any]
    created_at: str
    updated_at: str


class TokenAnswer(TokenView):
    """A token after ``PUT``: ``created`` or ``updated``."""

    result: str


class JobView(BaseModel):
    """A job with exactly the seed's keys."""

    job_uid: int
    token_uid: int | str
    token_detail: dict[str, Any]
    job_status: JobStatus
    social_platform: Platform
    output_path: str
    job_detail: dict[str, Any]


class JobAnswer(JobView):
    """A job after a change; ``lease_id`` only when a worker claimed it."""

    result: str
    created_at: str
    lease_id: str | None = None


class Grant(BaseModel):
    """The answer to a quota reservation or an exhausted bucket."""

    granted: bool
    remaining: int
    resets_at: str


class FileEntry(BaseModel):
    """One output file."""

    name: str
    bytes: int


class FileList(BaseModel):
    """A job's output files."""

    job_uid: int
    output_path: str
    files: list[FileEntry]


def problem(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Return ``responses=`` entries for these error statuses."""
    return {code: {"model": Invalid if code == 422 else Problem} for code in codes}


def ok(
    model: type[BaseModel] | Any, code: int = 200
) -> dict[int | str, dict[str, Any]]:
    """Return the ``responses=`` entry documenting a success body."""
    return {code: {"model": model}}


ALWAYS = problem(400, 401, 413, 422, 503)
