"""A generated comment tree: its shape in compact arrays, comments made on demand.

Only the shape (parent, depth and subtree size per comment, about 14 bytes a
comment) is kept. A comment's text, author and score are derived from its
number each time it is served, so a post with 100,000 comments costs a few
megabytes, not the hundreds a dict per comment would.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from trawl.sandbox.reddit.corpus import comment_id
from trawl.sandbox.reddit.things import JSON

TOP = -1


@dataclass(frozen=True)
class TreeShape:
    """How a generated tree grows.

    Each new comment is top-level with ``top_share`` probability, else it
    answers the previous comment with ``chain_share`` probability (which makes
    deep threads), else one of the last ``window`` comments. With
    ``never_served_every`` = k, every k-th comment is a removed comment Reddit
    never serves: it has no replies and is only ever named in a ``more`` stub.
    """

    size: int
    top_share: float = 0.3
    chain_share: float = 0.4
    window: int = 30
    never_served_every: int = 0
    seed: int = 0


@dataclass(frozen=True)
class Seat:
    """Where a generated comment sits, for the function that writes it."""

    index: int
    id36: str
    parent_fullname: str
    score: int
    created_utc: float


class GeneratedTree:
    """A comment tree whose comments are numbered ``first`` to ``first + size``."""

    def __init__(
        self,
        *,
        post_id: str,
        shape: TreeShape,
        first: int,
        post_created: float,
        span_seconds: float,
        write: Callable[[Seat], JSON],
    ) -> None:
        self.post_id = post_id
        self.shape = shape
        self.first = first
        self._post_created = post_created
        self._step = span_seconds / max(shape.size, 1)
        self._write = write
        self._parents = _grow(shape)
        self._depths = _depths(self._parents)
        self._sizes = _sizes(self._parents)
        self._offsets, self._kids = _child_table(self._parents)

    def children(self, parent: str | None) -> Sequence[str]:
        """Return the direct child id36s of ``parent``, best score first."""
        slot = len(self._parents) if parent is None else self._index(parent)
        start, end = self._offsets[slot], self._offsets[slot + 1]
        kids = sorted(self._kids[start:end], key=lambda kid: -self._score(kid))
        return [comment_id(self.first + kid) for kid in kids]

    def servable(self, id36: str) -> bool:
        """Return whether the comment is served (not a never-served one)."""
        return not self.never_served(self._index(id36))

    def comment(self, id36: str) -> JSON | None:
        """Write the t1 data of ``id36``, or None for a never-served comment."""
        index = self._index(id36)
        if self.never_served(index):
            return None
        parent = self._parents[index]
        parent_fullname = (
            f"t3_{self.post_id}"
            if parent == TOP
            else f"t1_{comment_id(self.first + parent)}"
        )
        seat = Seat(
            index, id36, parent_fullname, self._score(index), self._created(index)
        )
        return self._write(seat)

    def parent(self, id36: str) -> str | None:
        """Return the parent comment id36, or None at the top level."""
        parent = self._parents[self._index(id36)]
        return None if parent == TOP else comment_id(self.first + parent)

    def depth(self, id36: str) -> int:
        """Return the depth below the post."""
        return self._depths[self._index(id36)]

    def descendants(self, id36: str) -> int:
        """Return how many comments sit under ``id36``."""
        return self._sizes[self._index(id36)] - 1

    def score(self, id36: str) -> int:
        """Return the comment's score."""
        return self._score(self._index(id36))

    def created(self, id36: str) -> float:
        """Return the comment's creation time."""
        return self._created(self._index(id36))

    def never_served(self, index: int) -> bool:
        """Return whether comment ``index`` is one Reddit never serves."""
        every = self.shape.never_served_every
        return bool(every) and index % every == every - 1

    def never_served_ids(self) -> list[str]:
        """Return the id36s of every never-served comment."""
        every = self.shape.never_served_every
        if not every:
            return []
        numbers = range(every - 1, self.shape.size, every)
        return [comment_id(self.first + index) for index in numbers]

    def __contains__(self, id36: object) -> bool:
        if not isinstance(id36, str):
            return False
        try:
            index = int(id36, 36) - self.first
        except ValueError:
            return False
        return 0 <= index < self.shape.size

    def __len__(self) -> int:
        return self.shape.size

    def _index(self, id36: str) -> int:
        return int(id36, 36) - self.first

    def _score(self, index: int) -> int:
        mixed = (index * 2_654_435_761 + self.shape.seed * 97) % 1_000_003
        return int(2 ** ((mixed % 1000) / 100)) - 3

    def _created(self, index: int) -> float:
        return float(int(self._post_created + 60 + index * self._step))


def _grow(shape: TreeShape) -> array[int]:
    rng = random.Random(shape.seed)
    every = shape.never_served_every
    parents = array("i", [TOP]) * shape.size
    for index in range(1, shape.size):
        parents[index] = _pick_parent(rng, shape, index, parents)
        while every and parents[index] != TOP and parents[index] % every == every - 1:
            parents[index] = parents[parents[index]]
    return parents


def _pick_parent(
    rng: random.Random, shape: TreeShape, index: int, parents: array[int]
) -> int:
    draw = rng.random()
    if draw < shape.top_share:
        return TOP
    if draw < shape.top_share + (1 - shape.top_share) * shape.chain_share:
        return index - 1
    return rng.randrange(max(0, index - shape.window), index)


def _depths(parents: array[int]) -> array[int]:
    depths = array("i", [0]) * len(parents)
    for index, parent in enumerate(parents):
        if parent != TOP:
            depths[index] = depths[parent] + 1
    return depths


def _sizes(parents: array[int]) -> array[int]:
    sizes = array("i", [1]) * len(parents)
    for index in range(len(parents) - 1, -1, -1):
        parent = parents[index]
        if parent != TOP:
            sizes[parent] += sizes[index]
    return sizes


def _child_table(parents: array[int]) -> tuple[array[int], array[int]]:
    """Return offsets and child indexes; slot ``len(parents)`` holds the top level."""
    top = len(parents)
    counts = array("i", [0]) * (top + 2)
    for parent in parents:
        counts[(top if parent == TOP else parent) + 1] += 1
    for slot in range(1, top + 2):
        counts[slot] += counts[slot - 1]
    kids = array("i", [0]) * top
    cursor = array("i", counts)
    for index, parent in enumerate(parents):
        slot = top if parent == TOP else parent
        kids[cursor[slot]] = index
        cursor[slot] += 1
    return counts, kids
