"""``/api/v1/jobs/{job_uid}/files``: list and download a job's output files.

A name is one plain file name inside the job's own folder: no separators, no
leading dot, no symbolic links, so no request can reach another path.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse

from trawl import store
from trawl.api.deps import RoleDep, SessionDep
from trawl.errors import InvalidInput, NotFound

router = APIRouter(prefix="/api/v1", tags=["files"])
FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")
MEDIA = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
}


@router.get("/jobs/{job_uid}/files")
def list_files(job_uid: int, session: SessionDep, _: RoleDep) -> dict[str, Any]:
    """List the files a job has written so far."""
    job = store.get_job(session, job_uid)
    folder = Path(job.output_path)
    files = []
    if folder.is_dir():
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file(follow_symlinks=False):
                files.append(
                    {
                        "name": entry.name,
                        "bytes": entry.stat(follow_symlinks=False).st_size,
                    }
                )
    return {"job_uid": job.job_uid, "output_path": job.output_path, "files": files}


@router.get("/jobs/{job_uid}/files/{name}")
def download(job_uid: int, name: str, session: SessionDep, _: RoleDep) -> FileResponse:
    """Download one of a job's output files."""
    job = store.get_job(session, job_uid)
    if not FILE_NAME.match(name) or ".." in name:
        raise InvalidInput("name", "must be a plain file name from the job's file list")
    path = Path(job.output_path) / name
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise NotFound(f"job {job_uid} has no file {name!r}") from None
    if not stat.S_ISREG(info.st_mode):
        raise NotFound(f"job {job_uid} has no file {name!r}")
    return FileResponse(
        path,
        media_type=MEDIA.get(path.suffix, "application/octet-stream"),
        filename=name,
    )
