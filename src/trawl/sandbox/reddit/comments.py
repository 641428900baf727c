"""Render comment trees as ``/comments`` and ``/api/morechildren`` serve them.

Both pick the best comments first (by the requested sort, score for
"confidence"), a reply competing with every comment already in reach, until
the comment budget is spent, never deeper than ``MAX_DEPTH`` levels. What the
budget left out becomes "load more comments" stubs; what the depth cut becomes a
"continue this thread" stub. A parent's left-out children are split into
stubs of at most ``STUB_CHILDREN`` ids, because clients such as PRAW send a
stub's whole ``children`` list in one morechildren call. Comments a tree never
serves only ever appear inside stubs.
"""

from __future__ import annotations

import heapq
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from trawl.sandbox.reddit.corpus import CommentTree
from trawl.sandbox.reddit.things import JSON, continue_stub, listing, more_stub, thing

MAX_DEPTH = 10
DEFAULT_LIMIT = 200
MAX_LIMIT = 500
MORECHILDREN_LIMIT = 100
STUB_CHILDREN = 100
MAX_CONTEXT = 8
RANKED_SORTS = {"confidence", "best", "qa", "live"}


def ordered(tree: CommentTree, parent: str | None, sort: str) -> list[str]:
    """Return ``parent``'s child id36s in the order ``sort`` asks for."""
    kids = list(tree.children(parent))
    key = _sort_key(tree, sort)
    return kids if key is None else sorted(kids, key=key)


def comment_forest(
    tree: CommentTree, *, sort: str, limit: int, depth: int
) -> list[JSON]:
    """Return the top-level Things of a post's comment Listing."""
    renderer = _Renderer(tree, sort, depth)
    roots = renderer.servable(renderer.kids(None))
    selected = renderer.select([(id36, 0) for id36 in roots], limit)
    return renderer.forest(None, 0, selected)


def focal_forest(
    tree: CommentTree, focal: str, *, sort: str, limit: int, depth: int, context: int
) -> list[JSON]:
    """Return the thread of ``focal`` with ``context`` ancestors, depths from 0."""
    if focal not in tree or not tree.servable(focal):
        return []
    chain = [focal]
    while len(chain) <= min(context, MAX_CONTEXT) and tree.parent(chain[0]):
        chain.insert(0, tree.parent(chain[0]) or "")
    renderer = _Renderer(tree, sort, depth)
    focal_depth = len(chain) - 1
    selected = {*chain}
    if focal_depth + 1 < renderer.max_depth:
        kids = renderer.servable(renderer.kids(focal))
        roots = [(kid, focal_depth + 1) for kid in kids]
        selected |= renderer.select(roots, limit)
    return [renderer.chain(chain, selected)]


def more_children(
    tree: CommentTree, ids: Iterable[str], *, sort: str, descend: bool = True
) -> list[JSON]:
    """Return the flat pre-order Things a morechildren call answers with.

    Depths are the comments' own depths in the post; ids the tree never serves
    are left out silently, as Reddit does.
    """
    renderer = _Renderer(tree, sort, MAX_DEPTH)
    wanted = sorted(set(renderer.servable(ids)), key=renderer.position)
    roots = [(id36, tree.depth(id36)) for id36 in wanted]
    budget = MORECHILDREN_LIMIT
    selected = renderer.select(roots, budget) if descend else set(wanted[:budget])
    things: list[JSON] = []
    for id36 in wanted:
        if id36 in selected and not renderer.emitted(id36):
            renderer.flatten(id36, selected, things)
    left = [id36 for id36 in wanted if id36 not in selected]
    for parent, group in _by_parent(tree, left).items():
        things += renderer.stubs(parent, tree.depth(group[0]), group)
    return things


class _Renderer:
    """Turn a selection of comments into nested or flat Things."""

    def __init__(self, tree: CommentTree, sort: str, depth: int) -> None:
        self.tree = tree
        self.sort = sort
        self.max_depth = max(1, min(depth, MAX_DEPTH))
        self._done: set[str] = set()
        self._kids: dict[str | None, list[str]] = {}
        self._ranks: dict[str | None, dict[str, int]] = {}
        self.rank = _sort_key(tree, sort) or (lambda id36: -tree.score(id36))

    def servable(self, ids: Iterable[str]) -> list[str]:
        return [i for i in ids if i in self.tree and self.tree.servable(i)]

    def kids(self, parent: str | None) -> list[str]:
        if parent not in self._kids:
            self._kids[parent] = ordered(self.tree, parent, self.sort)
        return self._kids[parent]

    def position(self, id36: str) -> tuple[int, int]:
        parent = self.tree.parent(id36)
        if parent not in self._ranks:
            self._ranks[parent] = {kid: n for n, kid in enumerate(self.kids(parent))}
        return self.tree.depth(id36), self._ranks[parent][id36]

    def select(self, roots: Sequence[tuple[str, int]], budget: int) -> set[str]:
        """Pick the best comments reachable from ``roots`` until ``budget`` is spent."""
        rank = self.rank
        heap = [(rank(id36), n, id36, depth) for n, (id36, depth) in enumerate(roots)]
        heapq.heapify(heap)
        selected: set[str] = set()
        pushed = len(heap)
        while heap and len(selected) < budget:
            _, _, id36, depth = heapq.heappop(heap)
            if id36 in selected:
                continue
            selected.add(id36)
            if depth + 1 < self.max_depth:
                for kid in self.servable(self.kids(id36)):
                    pushed += 1
                    heapq.heappush(heap, (rank(kid), pushed, kid, depth + 1))
        return selected

    def forest(self, parent: str | None, depth: int, selected: set[str]) -> list[JSON]:
        kids = self.kids(parent)
        shown = [kid for kid in kids if kid in selected]
        rest = [kid for kid in kids if kid not in selected]
        items = [self.node(kid, depth, selected) for kid in shown]
        return items + self.stubs(parent, depth, rest)

    def node(self, id36: str, depth: int, selected: set[str]) -> JSON:
        data = self.data(id36, depth)
        if self.tree.children(id36):
            data["replies"] = listing(self.replies(id36, depth, selected))
        return thing("t1", data)

    def replies(self, id36: str, depth: int, selected: set[str]) -> list[JSON]:
        if depth + 1 >= self.max_depth:
            return [continue_stub(parent_id=f"t1_{id36}", depth=depth + 1)]
        return self.forest(id36, depth + 1, selected)

    def chain(self, chain: list[str], selected: set[str]) -> JSON:
        """Render ``chain[0]`` holding only the path down to the focal comment."""
        depth = 0
        top = self.data(chain[0], 0)
        current = top
        for id36 in chain[1:]:
            depth += 1
            child = self.data(id36, depth)
            current["replies"] = listing([thing("t1", child)])
            current = child
        if self.tree.children(chain[-1]):
            current["replies"] = listing(self.replies(chain[-1], depth, selected))
        return thing("t1", top)

    def flatten(self, id36: str, selected: set[str], things: list[JSON]) -> None:
        """Append ``id36`` and its selected descendants in pre-order."""
        depth = self.tree.depth(id36)
        self._done.add(id36)
        things.append(thing("t1", self.data(id36, depth)))
        kids = self.kids(id36)
        if not kids:
            return
        if depth + 1 >= self.max_depth:
            things.append(continue_stub(parent_id=f"t1_{id36}", depth=depth + 1))
            return
        for kid in kids:
            if kid in selected and kid not in self._done:
                self.flatten(kid, selected, things)
        rest = [kid for kid in kids if kid not in selected]
        things += self.stubs(id36, depth + 1, rest)

    def emitted(self, id36: str) -> bool:
        return id36 in self._done

    def stubs(self, parent: str | None, depth: int, ids: Sequence[str]) -> list[JSON]:
        parent_id = f"t3_{self.tree.post_id}" if parent is None else f"t1_{parent}"
        return [
            more_stub(
                parent_id=parent_id,
                depth=depth,
                children=chunk,
                count=sum(self.tree.descendants(i) + 1 for i in chunk),
            )
            for chunk in _chunks(ids, STUB_CHILDREN)
        ]

    def data(self, id36: str, depth: int) -> JSON:
        data = dict(self.tree.comment(id36) or {})
        data["depth"] = depth
        data["replies"] = ""
        return data


def _sort_key(tree: CommentTree, sort: str) -> Callable[[str], Any] | None:
    if sort == "top":
        return lambda id36: -tree.score(id36)
    if sort == "new":
        return lambda id36: -tree.created(id36)
    if sort == "old":
        return tree.created
    if sort == "controversial":
        return lambda id36: (abs(tree.score(id36)), -tree.created(id36))
    if sort == "random":
        return lambda id36: zlib.crc32(id36.encode())
    return None


def _by_parent(tree: CommentTree, ids: Sequence[str]) -> dict[str | None, list[str]]:
    groups: dict[str | None, list[str]] = {}
    for id36 in ids:
        groups.setdefault(tree.parent(id36), []).append(id36)
    return groups


def _chunks(ids: Sequence[str], size: int) -> list[list[str]]:
    return [list(ids[start : start + size]) for start in range(0, len(ids), size)]
