"""One stored model for a job's detail, read from and written to the seed's shapes.

A job detail arrives in the GET shape (``option``, ``actions``, ``input``,
``videos``, or Reddit's ``sortBy`` ... ``getcomments``), in the PUT shape
(``job_name``, ``job_submit``, ``job_resume``) or as a mix. It is split into
the *spec* (what to collect, fixed once the job starts), the *progress* (the
seed's running fields) and the *checkpoint* (cursors trawl needs to resume).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trawl.errors import InvalidInput
from trawl.models import Platform
from trawl.reddit import spec as reddit_spec
from trawl.values import to_bool, to_int, to_text
from trawl.youtube import spec as youtube_spec

YOUTUBE_PROGRESS = {
    "current_quota": "int",
    "quota_exceeded": "bool",
    "api_key_valid": "bool",
    "videos_ids": "list",
    "comments_count": "dict",
    "all_videos_retrieved": "bool",
    "all_comments_retrieved": "bool",
    "error": "bool",
    "error_description": "text",
}
REDDIT_PROGRESS = {
    "api_key_valid": "bool",
    "posts_count": "int",
    "comments_count": "dict",
    "all_posts_retrieved": "bool",
    "all_comments_retrieved": "bool",
    "error": "bool",
    "error_description": "text",
}
SPEC_KEYS = {
    Platform.YOUTUBE: {
        "option",
        "option_type",
        "input",
        "option_value",
        "videos",
        "video_count",
    },
    Platform.REDDIT: {"sortBy", "timeframe", "n", "subreddit", "user", "post"}
    | {"keyword", "getposts", "getcomments"},
}
SUBMIT_KEYS = {
    Platform.YOUTUBE: {"option", "option_type", "option_value", "input"}
    | {"actions", "video_count", "videos"},
    Platform.REDDIT: SPEC_KEYS[Platform.REDDIT],
}
# Fields the API shows in job_detail; a detail sent back as shown carries them,
# and they are ignored (the worker's pause fields are read by the jobs route).
READ_ONLY = {
    "created_at",
    "resume_after",
    "pause_reason",
    "pause_kind",
    "held_by_user",
    "lease_expires",
    "claims",
}
MAX_CHECKPOINT_KEYS = 200


@dataclass
class Detail:
    """A job detail split into its parts; ``None`` parts were not given."""

    spec: dict[str, Any] | None = None
    name: str | None = None
    progress: dict[str, Any] = field(default_factory=dict)
    checkpoint: dict[str, Any] | None = None


def progress_fields(platform: str) -> dict[str, str]:
    """Return the running fields of ``platform`` and their kinds."""
    return YOUTUBE_PROGRESS if platform == Platform.YOUTUBE else REDDIT_PROGRESS


def parse_detail(platform: str, raw: Any, *, need_spec: bool) -> Detail:
    """Split a job detail in any accepted shape; raise ``InvalidInput`` if bad."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InvalidInput("job_detail", "must be a JSON object")
    _check_keys(platform, raw)
    detail = Detail()
    if need_spec or _names_spec(platform, raw):
        parse = youtube_spec.parse_spec if platform == Platform.YOUTUBE else None
        detail.spec = (parse or reddit_spec.parse_spec)(raw)
    if raw.get("job_name") not in (None, ""):
        detail.name = to_text("job_detail.job_name", raw["job_name"], max_length=200)
    detail.progress = _progress(platform, raw)
    if "checkpoint" in raw:
        detail.checkpoint = _checkpoint(raw["checkpoint"])
    return detail


def _check_keys(platform: str, raw: dict[str, Any]) -> None:
    known = _known_keys(platform)
    unknown = sorted(set(raw) - known)
    if unknown:
        allowed = ", ".join(sorted(known - READ_ONLY))
        raise InvalidInput(
            f"job_detail.{unknown[0][:40]}", f"is not a known field; known: {allowed}"
        )
    submit = raw.get("job_submit")
    if isinstance(submit, dict):
        mixed = sorted(SPEC_KEYS[Platform(platform)] & raw.keys())
        if mixed:
            raise InvalidInput(
                f"job_detail.{mixed[0]}",
                "give what to collect either in job_submit or beside it, not both",
            )
        strays = sorted(set(submit) - SUBMIT_KEYS[Platform(platform)])
        if strays:
            allowed = ", ".join(sorted(SUBMIT_KEYS[Platform(platform)]))
            raise InvalidInput(
                f"job_detail.job_submit.{strays[0][:40]}",
                f"is not a known field; known: {allowed}",
            )


def _known_keys(platform: str) -> set[str]:
    return (
        SPEC_KEYS[Platform(platform)]
        | SUBMIT_KEYS[Platform(platform)]
        | set(progress_fields(platform))
        | {"actions", "job_name", "job_submit", "job_resume", "checkpoint"}
        | READ_ONLY
    )


def _names_spec(platform: str, raw: dict[str, Any]) -> bool:
    return isinstance(raw.get("job_submit"), dict) or bool(
        SPEC_KEYS[Platform(platform)] & raw.keys()
    )


def _progress(platform: str, raw: dict[str, Any]) -> dict[str, Any]:
    resume = raw.get("job_resume")
    if resume is not None and not isinstance(resume, dict):
        raise InvalidInput("job_detail.job_resume", "must be a JSON object")
    merged = {**raw, **(resume or {})}
    fields = progress_fields(platform)
    return {
        key: _typed(f"job_detail.{key}", kind, merged[key])
        for key, kind in fields.items()
        if key in merged
    }


def _typed(name: str, kind: str, value: Any) -> Any:
    if kind == "bool":
        return to_bool(name, value)
    if kind == "int":
        if value is None:
            return None
        return to_int(name, value, minimum=0, maximum=10**12)
    if kind == "text":
        return (
            ""
            if value is None
            else to_text(name, value, max_length=4000, allow_empty=True)
        )
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidInput(name, "must be a list of strings")
        return value
    if not isinstance(value, dict):
        raise InvalidInput(name, "must be a JSON object")
    return value


def _checkpoint(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidInput("job_detail.checkpoint", "must be a JSON object")
    if len(value) > MAX_CHECKPOINT_KEYS:
        raise InvalidInput("job_detail.checkpoint", "has too many keys")
    return value


def emit_spec(platform: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Return the spec in the seed's GET shape."""
    if platform == Platform.YOUTUBE:
        return {key: spec.get(key) for key in ("option", "actions", "input", "videos")}
    shown: dict[str, Any] = {key: spec.get(key) for key in reddit_spec.EMITTED}
    for key in ("getposts", "getcomments"):
        shown[key] = "true" if spec.get(key) else "false"
    return shown


def initial_progress(platform: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Return the running fields of a job that has not started."""
    if platform == Platform.YOUTUBE:
        return {
            "current_quota": None,
            "quota_exceeded": False,
            "api_key_valid": True,
            "videos_ids": [],
            "comments_count": {},
            "actions": spec["actions"],
            "all_videos_retrieved": False,
            "all_comments_retrieved": False,
            "error": False,
            "error_description": "",
        }
    return {
        "api_key_valid": True,
        "posts_count": 0,
        "comments_count": {},
        "all_posts_retrieved": False,
        "all_comments_retrieved": False,
        "error": False,
        "error_description": "",
    }


def check_int(name: str, value: Any) -> int:
    """Read a job uid given as a number or a numeric string."""
    return to_int(name, value, minimum=1, maximum=2**62)
