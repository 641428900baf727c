"""Collect one post's complete comment tree, resumable after any request.

First ``/comments/{post}`` with the largest ``limit`` and ``depth``; then every
"load more comments" stub through ``/api/morechildren`` (at most 100 ids a
call, the newest stubs first so the pending list stays short); then every
"continue this thread" stub through ``/comments/{post}/_/{parent}``. Ids a
morechildren answer leaves out are asked for once more at the end; ids still
missing then are recorded as ``unresolved`` comment outcomes, never dropped
silently. Pending stubs live in ``ctx.state["tree"]``; only ids and the
writer's set of written ids stay in memory, never the tree itself.
"""

from __future__ import annotations

import logging
from typing import Any

from trawl.collect import JobContext
from trawl.errors import SkipItem
from trawl.output import RowWriter
from trawl.reddit import columns
from trawl.reddit.api import RedditApi, TooLarge
from trawl.reddit.tree import Page, Stub, read_flat, read_forest, split_batch

log = logging.getLogger(__name__)

TREE_LIMIT = 500
TREE_DEPTH = 10
BATCH = 100
# A missing id is asked for twice in all before it counts as unresolved.
MAX_TRIES = 1


class TreeCollector:
    """Fetch the comments of posts, one post at a time."""

    def __init__(
        self,
        ctx: JobContext,
        api: RedditApi,
        *,
        comments: RowWriter,
        trees: RowWriter,
        sort: str,
    ) -> None:
        self.ctx = ctx
        self.api = api
        self.comments = comments
        self.trees = trees
        self.sort = sort

    def collect(self, post_id: str) -> str:
        """Collect every comment of ``post_id``; return the tree's outcome.

        Raise ``SkipItem`` when Reddit refuses the post's first page.
        """
        tree = self.ctx.state.get("tree")
        if not tree or tree.get("post") != post_id:
            tree = self.ctx.state["tree"] = _fresh(post_id)
        if not tree["fetched"]:
            self._first_page(tree)
        while tree["stubs"] or tree["threads"]:
            if tree["stubs"]:
                self._more_children(tree)
            else:
                self._continue_thread(tree)
        return self._finish(tree)

    def _first_page(self, tree: dict[str, Any]) -> None:
        params = {"limit": TREE_LIMIT, "depth": TREE_DEPTH, "sort": self.sort}
        body = self.api.get(f"/comments/{tree['post']}", params)
        post, things = _split(body)
        tree["announced"] = post.get("num_comments")
        self._absorb(tree, read_forest(things))
        tree["fetched"] = True
        self.ctx.checkpoint()

    def _more_children(self, tree: dict[str, Any]) -> None:
        batch, left = split_batch(tree["stubs"], tree["batch"])
        depths = {stub[0]: stub[1] for stub in batch}
        asked = [child for stub in batch for child in stub[2]]
        params = {
            "api_type": "json",
            "link_id": f"t3_{tree['post']}",
            "children": ",".join(asked),
            "sort": self.sort,
            "limit_children": False,
            "depth": TREE_DEPTH,
        }
        try:
            body = self.api.more_children(params)
        except TooLarge:
            self._shrink(tree, len(asked))
            return
        except SkipItem as skip:
            self._give_up(tree, left, batch, skip.outcome)
            return
        page = read_flat(_things(body), depths)
        tree["stubs"] = left
        new = self._absorb(tree, page)
        self._settle(tree, batch, page, new)
        self.ctx.checkpoint()

    def _continue_thread(self, tree: dict[str, Any]) -> None:
        parent, depth = tree["threads"][-1]
        params = {
            "limit": TREE_LIMIT,
            "depth": TREE_DEPTH,
            "sort": self.sort,
            "context": 0,
        }
        try:
            body = self.api.get(f"/comments/{tree['post']}/_/{parent}", params)
        except SkipItem as skip:
            self.ctx.outcome("thread", f"{tree['post']}/{parent}", skip.outcome)
            body = []
        tree["threads"].pop()
        _, things = _split(body)
        self._absorb(tree, read_forest(things, anchor=(parent, depth - 1)))
        self.ctx.checkpoint()

    def _absorb(self, tree: dict[str, Any], page: Page) -> int:
        """Write the page's comments and queue its stubs; return how many were new."""
        new = 0
        for comment in page.comments:
            if self.comments.write(comment, columns.comment_row(comment)):
                new += 1
        tree["collected"] += new
        self.ctx.count("comments", new)
        tree["stubs"].extend(page.stubs)
        tree["threads"].extend(page.threads)
        counts = self.ctx.progress.setdefault("comments_count", {})
        counts[tree["post"]] = tree["collected"]
        return new

    def _settle(
        self, tree: dict[str, Any], batch: list[Stub], page: Page, new: int
    ) -> None:
        """Re-queue asked ids that the answer neither returned nor stubbed."""
        returned = {str(comment.get("id")) for comment in page.comments}
        stubbed = {child for stub in page.stubs for child in stub[2]}
        if not new:
            self._stalled(tree, batch, page)
        for parent, depth, ids, tried in batch:
            missing = [c for c in ids if c not in returned and c not in stubbed]
            if missing and tried < MAX_TRIES:
                # Asked again at the very end: Reddit sometimes leaves ids out.
                tree["stubs"].insert(0, [parent, depth, missing, tried + 1])
            for child in missing if tried >= MAX_TRIES else ():
                self._unresolved(tree, child, "unresolved")

    def _stalled(self, tree: dict[str, Any], batch: list[Stub], page: Page) -> None:
        """Count a try against asked ids that came back only as stubs again."""
        tries = {child: stub[3] for stub in batch for child in stub[2]}
        for stub in page.stubs:
            stub[3] = max((tries[c] + 1 for c in stub[2] if c in tries), default=0)
            if stub[3] > MAX_TRIES:
                tree["stubs"].remove(stub)
                for child in stub[2]:
                    self._unresolved(tree, child, "unresolved")

    def _shrink(self, tree: dict[str, Any], asked: int) -> None:
        if asked <= 1:
            batch, left = split_batch(tree["stubs"], 1)
            tree["stubs"] = left
            self._unresolved(tree, batch[0][2][0], "tooLarge")
        # The smaller batch stays for the rest of this tree: Reddit said why.
        tree["batch"] = max(1, min(tree["batch"], asked) // 2)
        self.ctx.checkpoint()

    def _give_up(
        self, tree: dict[str, Any], left: list[Stub], batch: list[Stub], why: str
    ) -> None:
        for stub in [*left, *batch]:
            for child in stub[2]:
                self._unresolved(tree, child, why)
        tree["stubs"] = []
        self.ctx.checkpoint()

    def _unresolved(self, tree: dict[str, Any], child: str, why: str) -> None:
        self.ctx.outcome("comment", child, why)
        self.ctx.count("comments_unresolved")
        tree["unresolved"] += 1

    def refused(self, post_id: str, outcome: str) -> str:
        """Record that Reddit refused the tree of ``post_id``; return ``outcome``."""
        row = {"post_id": post_id, "collected": 0, "outcome": outcome}
        self.trees.write(row, row)
        return outcome

    def _finish(self, tree: dict[str, Any]) -> str:
        outcome = "partial" if tree["unresolved"] else "complete"
        row = {
            "post_id": tree["post"],
            "num_comments": tree.get("announced"),
            "collected": tree["collected"],
            "unresolved": tree["unresolved"],
            "outcome": outcome,
        }
        self.trees.write(row, row)
        log.debug("tree of %s done", tree["post"], extra=row)
        return outcome


def _fresh(post_id: str) -> dict[str, Any]:
    return {
        "post": post_id,
        "fetched": False,
        "stubs": [],
        "threads": [],
        "batch": BATCH,
        "collected": 0,
        "unresolved": 0,
        "announced": None,
    }


def _split(body: Any) -> tuple[dict[str, Any], list[Any]]:
    """Return the post's data and the top-level comment Things of a page."""
    if not isinstance(body, list) or len(body) < 2:
        return {}, []
    posts = body[0].get("data", {}).get("children") or [{}]
    things = body[1].get("data", {}).get("children") or []
    return posts[0].get("data") or {}, things


def _things(body: Any) -> list[Any]:
    if not isinstance(body, dict):
        return []
    data = body.get("json", {}).get("data", {})
    return list(data.get("things") or []) if isinstance(data, dict) else []
