"""What a YouTube job asks for, read from either of the seed's two shapes.

The GET shape: ``{"option", "actions", "input", "videos"}``.
The PUT shape: ``{"job_name", "job_submit": {"option_type", "option_value",
"actions", "video_count"}, "job_resume": {...}}``.
"""

from __future__ import annotations

from typing import Any

from trawl.errors import InvalidInput
from trawl.values import to_choice, to_int, to_text
from trawl.youtube import urls

OPTIONS = {
    "video": "video",
    "videos": "video",
    "playlist": "playlist",
    "query": "query",
    "search": "query",
    "keyword": "query",
    "file": "file",
    "list": "file",
}
ACTIONS = {
    "metadata": "metadata",
    "meta": "metadata",
    "comments": "comments",
    "comment": "comments",
    "replies": "comments",
}
MAX_INPUT = 2_000_000
MAX_FILE_LINES = 100_000
MAX_VIDEOS = 1_000_000


def parse_spec(raw: dict[str, Any]) -> dict[str, Any]:
    """Validate a YouTube job detail and return the stored spec."""
    submit = raw.get("job_submit")
    source = submit if isinstance(submit, dict) else raw
    prefix = "job_submit." if source is submit else ""
    option_key = _first_key(source, "option", "option_type")
    if option_key is None:
        raise InvalidInput(
            f"{prefix}option", "is required: one of video, playlist, query, file"
        )
    option = to_choice(f"{prefix}{option_key}", source[option_key], OPTIONS)
    input_key = _first_key(source, "input", "option_value") or "input"
    actions = _actions(prefix, source.get("actions", ["metadata", "comments"]))
    spec: dict[str, Any] = {"option": option, "actions": actions}
    spec["input"] = _input(option, f"{prefix}{input_key}", source.get(input_key))
    spec["videos"] = _videos(prefix, source)
    return spec


def targets(spec: dict[str, Any]) -> list[str]:
    """Return the video ids a ``video`` or ``file`` job names, in order, once each."""
    if spec["option"] == "video":
        return [urls.video_id(spec["input"])]
    ids: dict[str, None] = {}
    for line in _file_lines(spec["input"]):
        ids.setdefault(urls.video_id(line), None)
    return list(ids)


def _first_key(source: dict[str, Any], *keys: str) -> str | None:
    return next((key for key in keys if source.get(key) not in (None, "")), None)


def _actions(prefix: str, value: Any) -> list[str]:
    field = f"{prefix}actions"
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",") if part.strip()]
    if not isinstance(value, list) or not value:
        raise InvalidInput(field, "must list one or more of metadata, comments")
    chosen = {to_choice(field, item, ACTIONS) for item in value}
    return [action for action in ("metadata", "comments") if action in chosen]


def _input(option: str, field: str, value: Any) -> str:
    if option == "file" and isinstance(value, list):
        value = "\n".join(str(item) for item in value)
    text = to_text(field, value, max_length=MAX_INPUT if option == "file" else 2000)
    if option == "video":
        urls.video_id(text, field=field)
    elif option == "playlist":
        urls.playlist_id(text, field=field)
    elif option == "query" and len(text) > 500:
        raise InvalidInput(field, "a search query must be at most 500 characters")
    elif option == "file":
        _check_file(field, text)
    return text


def _check_file(field: str, text: str) -> None:
    lines = _file_lines(text)
    if not lines:
        raise InvalidInput(field, "the list holds no video ids")
    if len(lines) > MAX_FILE_LINES:
        raise InvalidInput(field, f"at most {MAX_FILE_LINES} videos per list")
    for number, line in enumerate(lines, start=1):
        urls.video_id(line, field=f"{field} (entry {number})")


def _file_lines(text: str) -> list[str]:
    entries: list[str] = []
    for line in text.removeprefix("\ufeff").splitlines():
        # Drop comments before splitting on commas: a comment may hold commas.
        line = _uncommented(line.strip())
        entries += [part.strip() for part in line.split(",") if part.strip()]
    return entries


def _uncommented(line: str) -> str:
    if line.startswith("#"):
        return ""
    # A "#" after a space starts a note; one inside a URL is its fragment.
    for mark in (" #", "\t#"):
        line = line.split(mark, 1)[0]
    return line


def _videos(prefix: str, source: dict[str, Any]) -> int | None:
    key = _first_key(source, "videos", "video_count")
    if key is None:
        return None
    return to_int(f"{prefix}{key}", source[key], minimum=1, maximum=MAX_VIDEOS)
