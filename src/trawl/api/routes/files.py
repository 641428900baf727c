"""``/api/v1/jobs/{job_uid}/files``: list and download a job's output files.

A name is one plain file name inside the job's own folder: no separators, no
leading dot, no symbolic links, and the folder itself must lie under the
output root, so no request can reach another path.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import FileResponse

from trawl import store
from trawl.api.deps import RoleDep, ServicesDep, SessionDep, field_error
from trawl.api.routes.jobs import JobUidPath
from trawl.api.schemas import ALWAYS, FileList, ok, problem
from trawl.errors import NotFound
from trawl.models import Job

router = APIRouter(prefix="/api/v1", tags=["files"], responses=ALWAYS)
FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")
MEDIA = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
}
FileName = Annotated[str, PathParam(max_length=128, description="a listed file name")]
DOWNLOADED: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            media: {} for media in (*MEDIA.values(), "application/octet-stream")
        }
    }
}


@router.get(
    "/jobs/{job_uid}/files",
    response_model=None,
    responses=ok(FileList) | problem(404),
)
def list_files(
    job_uid: JobUidPath, services: ServicesDep, session: SessionDep, _: RoleDep
) -> dict[str, object]:
    """List the files a job has written so far."""
    job = store.get_job(session, job_uid)
    files = []
    folder = _folder(job, services.settings.output_root)
    if folder is not None and folder.is_dir():
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file(follow_symlinks=False):
                size = entry.stat(follow_symlinks=False).st_size
                files.append({"name": entry.name, "bytes": size})
    return {"job_uid": job.job_uid, "output_path": job.output_path, "files": files}


@router.get(
    "/jobs/{job_uid}/files/{name}",
    response_class=FileResponse,
    responses=DOWNLOADED | problem(404),
)
def download(
    job_uid: JobUidPath,
    name: FileName,
    services: ServicesDep,
    session: SessionDep,
    _: RoleDep,
) -> FileResponse:
    """Download one of a job's output files."""
    job = store.get_job(session, job_uid)
    if not FILE_NAME.match(name) or ".." in name:
        raise field_error(
            "path", "name", "must be a plain file name from the job's file list"
        )
    folder = _folder(job, services.settings.output_root)
    if folder is None or not _is_plain_file(folder / name):
        raise NotFound(f"job {job_uid} has no file {name!r}")
    return FileResponse(
        folder / name,
        media_type=MEDIA.get(Path(name).suffix, "application/octet-stream"),
        filename=name,
    )


def _folder(job: Job, output_root: Path) -> Path | None:
    """Return the job's folder when it really lies under the output root."""
    folder = Path(job.output_path)
    try:
        inside = folder.resolve().is_relative_to(output_root.expanduser().resolve())
    except OSError:
        return None
    return folder if inside else None


def _is_plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
