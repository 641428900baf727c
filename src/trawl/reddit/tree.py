"""Read comment pages into flat comments and the stubs still to fetch.

A ``/comments`` page nests comments in ``replies`` Listings; ``/api/morechildren``
answers with a flat pre-order list. Both may hold two kinds of ``more`` stub:

- "load more comments" names direct child ids, fetched through morechildren.
  It becomes a ``Stub`` ``[parent_fullname, depth, [id36, ...], tries]``.
- "continue this thread" (``id == "_"``, no children) means the depth limit
  cut; the rest of the thread is at ``/comments/{post}/_/{parent_id36}``,
  where depths restart at 0. It becomes a ``Thread`` ``[parent_id36, depth]``.

Depths are recomputed from the parent chain, anchored at a depth trawl already
knows, never read from the page. Stubs and threads are plain lists so they
can live in a job's checkpoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Stub = list[Any]
Thread = list[Any]


@dataclass
class Page:
    """What one response added: comments with their depths, and stubs."""

    comments: list[dict[str, Any]] = field(default_factory=list)
    stubs: list[Stub] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)


def read_forest(things: list[Any], anchor: tuple[str, int] | None = None) -> Page:
    """Read a nested comment Listing's children.

    Without ``anchor`` the top level is depth 0. With ``(id36, depth)`` the
    depths are shifted so the comment ``id36`` sits at ``depth``.
    """
    nodes = list(_walk(things))
    shift = 0
    if anchor is not None:
        relative = {str(data.get("id")): depth for data, depth in nodes}
        shift = anchor[1] - relative.get(anchor[0], 0)
    page = Page()
    for data, depth in nodes:
        _add(page, data, depth + shift)
    return page


def read_flat(things: list[Any], child_depths: dict[str, int]) -> Page:
    """Read morechildren's flat list; ``child_depths`` maps parents to child depth.

    ``child_depths`` starts with the parents of the ids asked for and learns
    every comment read, so replies inside the answer get their depth too.
    """
    page = Page()
    for thing in things:
        data = _data(thing)
        if data is None:
            continue
        parent = str(data.get("parent_id") or "")
        depth = child_depths.get(parent, _int(data.get("depth")))
        if thing.get("kind") == "t1":
            child_depths[f"t1_{data.get('id')}"] = depth + 1
        _add(page, data, depth, thing.get("kind"))
    return page


def split_batch(stubs: list[Stub], size: int) -> tuple[list[Stub], list[Stub]]:
    """Return up to ``size`` ids from the end of ``stubs`` and the stubs left."""
    taken: list[Stub] = []
    left = [list(stub) for stub in stubs]
    room = size
    while left and room > 0:
        parent, depth, ids, tries = left[-1]
        taken.append([parent, depth, ids[:room], tries])
        room -= len(ids[:room])
        if len(ids) > len(taken[-1][2]):
            left[-1] = [parent, depth, ids[len(taken[-1][2]) :], tries]
        else:
            left.pop()
    return taken, left


def _walk(things: list[Any]) -> Iterator[tuple[dict[str, Any], int]]:
    """Yield every node in pre-order with its depth relative to the top level."""
    stack = [(thing, 0) for thing in reversed(things)]
    while stack:
        thing, depth = stack.pop()
        data = _data(thing)
        if data is None:
            continue
        if thing.get("kind") == "more":
            yield {**data, "__more": True}, depth
            continue
        yield data, depth
        replies = data.get("replies")
        if isinstance(replies, dict):
            children = replies.get("data", {}).get("children") or []
            stack.extend((child, depth + 1) for child in reversed(children))


def _add(page: Page, data: dict[str, Any], depth: int, kind: Any = None) -> None:
    if data.pop("__more", False) or kind == "more":
        _add_stub(page, data, depth)
        return
    page.comments.append({**data, "replies": "", "depth": depth})


def _add_stub(page: Page, data: dict[str, Any], depth: int) -> None:
    children = [str(child) for child in data.get("children") or []]
    parent = str(data.get("parent_id") or "")
    if children:
        page.stubs.append([parent, depth, children, 0])
    elif parent.startswith("t1_"):
        page.threads.append([parent.removeprefix("t1_"), depth])


def _data(thing: Any) -> dict[str, Any] | None:
    if not isinstance(thing, dict) or thing.get("kind") not in ("t1", "more"):
        return None
    data = thing.get("data")
    return data if isinstance(data, dict) else None


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
