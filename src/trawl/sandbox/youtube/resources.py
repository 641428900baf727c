"""Shape resources and list responses the way the API does."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Collection, Mapping
from typing import Any

from trawl.sandbox.youtube.paging import Page

Resource = dict[str, Any]

ALWAYS = ("kind", "etag", "id")


def etag(*parts: object) -> str:
    """Return a stable 27-character etag for ``parts``."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha1(text.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def select(resource: Mapping[str, Any], parts: Collection[str]) -> Resource:
    """Return ``resource`` with only the requested parts besides kind/etag/id."""
    return {
        name: value
        for name, value in resource.items()
        if name in ALWAYS or name in parts
    }


def envelope(
    kind: str,
    page: Page,
    *,
    per_page: int,
    total: int | None,
    extra: Mapping[str, Any] | None = None,
    previous: bool = False,
) -> Resource:
    """Return a ``*ListResponse`` around one page of items.

    ``total=None`` leaves ``pageInfo.totalResults`` out, as comments.list does.
    """
    body: Resource = {"kind": f"youtube#{kind}", "etag": etag(kind, page.items)}
    if page.next_token:
        body["nextPageToken"] = page.next_token
    if previous and page.prev_token:
        body["prevPageToken"] = page.prev_token
    body |= dict(extra or {})
    info: dict[str, int] = {"resultsPerPage": per_page}
    if total is not None:
        info = {"totalResults": total} | info
    body["pageInfo"] = info
    body["items"] = page.items
    return body
