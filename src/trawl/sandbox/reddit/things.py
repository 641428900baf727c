"""Build Reddit's JSON envelopes: Things, Listings, ``more`` stubs, errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

JSON = dict[str, Any]

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def thing(kind: str, data: JSON) -> JSON:
    """Wrap ``data`` as a Thing of ``kind`` (t1, t2, t3, t5, more)."""
    return {"kind": kind, "data": data}


def listing(
    children: Sequence[JSON], *, after: str | None = None, before: str | None = None
) -> JSON:
    """Wrap ``children`` (already Things) in a Listing."""
    return thing(
        "Listing",
        {
            "after": after,
            "dist": len(children),
            "modhash": "",
            "geo_filter": "",
            "children": list(children),
            "before": before,
        },
    )


def more_stub(
    *, parent_id: str, depth: int, children: Sequence[str], count: int
) -> JSON:
    """Return a "load more comments" stub naming the direct child id36s."""
    first = children[0]
    return thing(
        "more",
        {
            "count": count,
            "name": f"t1_{first}",
            "id": first,
            "parent_id": parent_id,
            "depth": depth,
            "children": list(children),
        },
    )


def continue_stub(*, parent_id: str, depth: int) -> JSON:
    """Return a "continue this thread" stub for where the depth limit cut."""
    return thing(
        "more",
        {
            "count": 0,
            "name": "t1__",
            "id": "_",
            "parent_id": parent_id,
            "depth": depth,
            "children": [],
        },
    )


def error(status: int, message: str, **extra: Any) -> JSON:
    """Return Reddit's error body: ``reason`` first when given, then message."""
    return {**extra, "message": message, "error": status}


def escape_entities(value: Any) -> Any:
    """Return ``value`` with ``&``, ``<`` and ``>`` HTML-escaped in every string.

    Reddit does this to every JSON string unless the request says ``raw_json=1``.
    """
    if isinstance(value, str):
        return value.translate(_ENTITIES)
    if isinstance(value, dict):
        return {key: escape_entities(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escape_entities(item) for item in value]
    return value


def to_base36(number: int) -> str:
    """Return ``number`` written in base 36 with lowercase digits."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text
