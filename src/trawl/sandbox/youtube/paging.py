"""Opaque page tokens and page slicing over any sequence of items.

A token encodes the offset of the next page and a fingerprint of the query
that issued it, so a token replayed against another list is refused the way
the real API refuses it (``invalidPageToken``).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from trawl.sandbox.youtube import errors


@dataclass(frozen=True)
class Page:
    """One page of items and the tokens around it."""

    items: list[Any]
    next_token: str | None
    prev_token: str | None
    total: int


def fingerprint(*parts: object) -> str:
    """Return a short digest naming one list query."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def encode(query: str, offset: int) -> str:
    """Return the token for the page starting at ``offset``."""
    raw = f"{query}:{offset}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(query: str, token: str | None) -> int:
    """Return the offset in ``token``; raise ``invalidPageToken`` if foreign."""
    if not token:
        return 0
    try:
        padded = token + "=" * (-len(token) % 4)
        issued, offset = base64.urlsafe_b64decode(padded).decode().split(":")
        value = int(offset)
    except (ValueError, UnicodeDecodeError) as exc:
        raise errors.invalid_page_token() from exc
    if issued != query or value < 0:
        raise errors.invalid_page_token()
    return value


def paginate(
    items: Sequence[Any], *, query: str, token: str | None, size: int, cap: int = 0
) -> Page:
    """Return the page of ``items`` that ``token`` points at."""
    total = len(items)
    reachable = min(total, cap) if cap else total
    offset = decode(query, token)
    if offset > reachable:
        raise errors.invalid_page_token()
    end = min(offset + size, reachable)
    following = end if end < reachable else None
    return Page(
        items=list(items[offset:end]),
        next_token=None if following is None else encode(query, following),
        prev_token=encode(query, max(offset - size, 0)) if offset else None,
        total=total,
    )
