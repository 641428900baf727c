"""A comment tree held in memory, as rebuilt from recorded responses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from trawl.sandbox.reddit.things import JSON


class StoredTree:
    """Comments kept as given; ids known only from stubs are never served."""

    def __init__(
        self,
        post_id: str,
        *,
        comments: dict[str, JSON],
        parents: dict[str, str | None],
    ) -> None:
        self.post_id = post_id
        self._comments = comments
        self._parents = parents
        self._children: defaultdict[str | None, list[str]] = defaultdict(list)
        for id36, parent in parents.items():
            self._children[parent].append(id36)
        self._sizes: dict[str, int] = {}
        self._depths: dict[str, int] = {}

    @classmethod
    def build(
        cls,
        post_id: str,
        *,
        comments: Iterable[JSON],
        stubs: Iterable[tuple[str, Sequence[str]]],
    ) -> StoredTree:
        """Build from t1 data in served order and ``(parent_id, ids)`` stubs."""
        kept: dict[str, JSON] = {}
        parents: dict[str, str | None] = {}
        for data in comments:
            kept.setdefault(data["id"], data)
            parents.setdefault(data["id"], _parent_id36(data["parent_id"]))
        for parent_fullname, ids in stubs:
            for id36 in ids:
                parents.setdefault(id36, _parent_id36(parent_fullname))
        return cls(post_id, comments=kept, parents=parents)

    def children(self, parent: str | None) -> Sequence[str]:
        """Return the direct child id36s of ``parent`` in recorded order."""
        return self._children.get(parent, ())

    def comment(self, id36: str) -> JSON | None:
        """Return the recorded t1 data, or None when it was never recorded."""
        return self._comments.get(id36)

    def servable(self, id36: str) -> bool:
        """Return whether the comment was recorded."""
        return id36 in self._comments

    def parent(self, id36: str) -> str | None:
        """Return the parent comment id36, or None at the top level."""
        return self._parents.get(id36)

    def depth(self, id36: str) -> int:
        """Return the depth below the post, following recorded parents."""
        if id36 not in self._depths:
            parent = self._parents.get(id36)
            if parent is None or parent not in self._parents:
                self._depths[id36] = 0
            else:
                self._depths[id36] = self.depth(parent) + 1
        return self._depths[id36]

    def descendants(self, id36: str) -> int:
        """Return how many recorded or stub-named comments sit under ``id36``."""
        if id36 not in self._sizes:
            kids = self._children.get(id36, ())
            self._sizes[id36] = sum(self.descendants(kid) + 1 for kid in kids)
        return self._sizes[id36]

    def score(self, id36: str) -> int:
        """Return the recorded score."""
        data = self._comments.get(id36)
        return int(data.get("score", 0)) if data else 0

    def created(self, id36: str) -> float:
        """Return the recorded creation time."""
        data = self._comments.get(id36)
        return float(data.get("created_utc", 0.0)) if data else 0.0

    def ids(self) -> list[str]:
        """Return every id in the tree, recorded or only named by a stub."""
        return list(self._parents)

    def reachable(self) -> list[str]:
        """Return the served ids a client can reach from the post, in pre-order."""
        found: list[str] = []
        pending = list(reversed(self._children.get(None, [])))
        while pending:
            id36 = pending.pop()
            if id36 in self._comments:
                found.append(id36)
                pending += reversed(self._children.get(id36, []))
        return found

    def unresolvable(self) -> list[str]:
        """Return ids named by stubs whose comment was never recorded."""
        return [id36 for id36 in self._parents if id36 not in self._comments]

    def __contains__(self, id36: object) -> bool:
        return id36 in self._parents

    def __len__(self) -> int:
        return len(self._parents)


def _parent_id36(parent_fullname: str) -> str | None:
    kind, _, id36 = parent_fullname.partition("_")
    return id36 if kind == "t1" else None
