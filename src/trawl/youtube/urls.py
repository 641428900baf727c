"""Turn the video and playlist references people paste into API ids."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from trawl.errors import InvalidInput
from trawl.values import describe

VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
LOOSE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
PLAYLIST_ID = re.compile(r"^[A-Za-z0-9_-]{2,64}$")
HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com")
PATH_FORMS = ("shorts", "embed", "v", "e", "live", "id", "watch")


def video_id(text: str, *, field: str = "input") -> str:
    """Return the video id in ``text``: a bare id or any YouTube URL form."""
    text = text.strip()
    if VIDEO_ID.match(text):
        return text
    found = _video_id_from_url(text)
    if found is None:
        raise InvalidInput(
            field,
            f"{describe(text)} is not a YouTube video id (11 characters of letters, "
            "digits, - and _) or a watch, youtu.be, shorts, embed or live URL",
        )
    return found


def playlist_id(text: str, *, field: str = "input") -> str:
    """Return the playlist id in ``text``: a bare id or a URL with ``list=``."""
    text = text.strip()
    if PLAYLIST_ID.match(text):
        return text
    parts = _split(text)
    if parts is not None:
        listed = parse_qs(parts.query).get("list", [""])[0]
        if PLAYLIST_ID.match(listed):
            return listed
    raise InvalidInput(
        field, f"{describe(text)} is not a playlist id or a URL with a list= parameter"
    )


def _split(text: str):  # type: ignore[no-untyped-def]
    candidate = text if "://" in text else f"https://{text}"
    parts = urlsplit(candidate)
    host = (parts.hostname or "").lower()
    if not any(host == h or host.endswith("." + h) for h in HOSTS):
        return None
    return parts


def _video_id_from_url(text: str) -> str | None:
    parts = _split(text)
    if parts is None:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if (parts.hostname or "").lower().endswith("youtu.be") and segments:
        return _loose(segments[0])
    watched = parse_qs(parts.query).get("v", [""])[0]
    if watched:
        return _loose(watched)
    if len(segments) >= 2 and segments[0] in PATH_FORMS:
        return _loose(segments[1])
    return None


def _loose(candidate: str) -> str | None:
    # The seed's own example (youtube.com/id/109-4sjfl) is not 11 characters;
    # such ids are accepted here and reported as not found at collection time.
    return candidate if LOOSE_ID.match(candidate) else None
