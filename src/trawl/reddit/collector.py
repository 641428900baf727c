"""Collect a Reddit job: check its subreddits, list posts, then comments.

Phases, each with its cursor in ``ctx.state`` and a checkpoint after every
request: ``scope`` (``/about`` of each subreddit of an ``a+b`` job), ``posts``
(the listing, or ``/api/info`` for one post), ``trees`` (each post's full
comment tree, when ``getcomments`` asks and the target is not a user),
``user_comments`` (a user's own comments, when ``getcomments`` asks on a user
job: the comments the user wrote, not the trees under the user's posts).

``n`` is the number of posts (or, for ``user_comments``, of comments) kept
after de-duplication and the timeframe filter; fewer means Reddit had no
more, which the manifest records as the ``listing`` outcome ``endedEarly``.

A job whose only target cannot be read fails with the reason. In ``a+b`` the
unreadable subreddits are recorded as ``subreddit`` outcomes and the others
collected; the job fails only when none is readable. One post's tree that
cannot be read is a ``post`` outcome, and the job goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trawl import clock
from trawl.collect import JobContext
from trawl.errors import FailJob, SkipItem
from trawl.reddit import columns
from trawl.reddit.api import RedditApi
from trawl.reddit.comments import TreeCollector
from trawl.reddit.listing import (
    AGGREGATES,
    Cursor,
    Listing,
    Verdict,
    page_items,
    search_listing,
    subreddit_listing,
    user_listing,
)

PHASES = ("scope", "posts", "trees", "user_comments", "done")
WHY = {
    "private": "it is private",
    "quarantined": "it is quarantined and the account has not opted in",
    "gated": "it is gated behind a content warning",
    "banned": "it is banned",
    "notFound": "it does not exist",
    "forbidden": "Reddit refuses access (HTTP 403)",
    "legalBlock": "it is blocked for legal reasons (HTTP 451)",
    "suspended": "the account is suspended",
    "tooLarge": "Reddit refused the request (HTTP 400)",
}
USER_WHY = {
    "notFound": "the account does not exist or was deleted",
    "forbidden": "Reddit refuses access to the account (HTTP 403)",
}


class RedditCollector:
    """Run one Reddit job from its checkpoint to the end."""

    def __init__(self, ctx: JobContext, api: RedditApi | None = None) -> None:
        self.ctx = ctx
        self.spec = ctx.spec
        self.state = ctx.state
        self.progress = ctx.progress
        self.api = api or RedditApi(ctx)
        self.posts = ctx.writer("posts", columns.POST_COLUMNS, _id)
        self.comments = ctx.writer("comments", columns.COMMENT_COLUMNS, _id)

    def run(self) -> None:
        """Collect every phase the job asks for."""
        try:
            self._run_phases()
        finally:
            self.api.close()

    def _run_phases(self) -> None:
        self.state.setdefault("phase", "scope")
        steps = {
            "scope": self._check_scope,
            "posts": self._list_posts,
            "trees": self._collect_trees,
            "user_comments": self._user_comments,
        }
        for phase, step in steps.items():
            if self.state["phase"] == phase:
                step()
                self._advance(PHASES[PHASES.index(phase) + 1])

    def _advance(self, phase: str) -> None:
        self.state["phase"] = phase
        self.ctx.checkpoint()

    # -- scope ----------------------------------------------------------------

    def _check_scope(self) -> None:
        names = self._named_subreddits()
        if len(names) < 2:
            return
        readable: list[str] = self.state.setdefault("readable", [])
        while (index := self.state.get("scope_next", 0)) < len(names):
            outcome = self._subreddit_state(names[index])
            if outcome is None:
                readable.append(names[index])
            else:
                self.ctx.outcome("subreddit", names[index], outcome)
            self.state["scope_next"] = index + 1
            self.ctx.checkpoint()
        if not readable:
            reasons = "; ".join(
                f"r/{name}: {WHY.get(why, why)}"
                for name, why in self.ctx.outcomes.get("subreddit", {}).items()
            )
            raise FailJob(f"none of the subreddits can be collected ({reasons})")

    def _subreddit_state(self, name: str) -> str | None:
        try:
            body = self.api.get(f"/r/{name}/about")
        except SkipItem as skip:
            return skip.outcome
        return (
            None if isinstance(body, dict) and body.get("kind") == "t5" else "notFound"
        )

    def _named_subreddits(self) -> list[str]:
        names = str(self.spec.get("subreddit") or "")
        if not names or names.lower() in AGGREGATES:
            return []
        return names.split("+")

    def _scope(self) -> str | None:
        readable = self.state.get("readable")
        return "+".join(readable) if readable else self.spec.get("subreddit")

    # -- posts ----------------------------------------------------------------

    def _list_posts(self) -> None:
        if self.spec["target"] == "post":
            self._one_post()
        elif self.spec["target"] != "user" or self.spec["getposts"]:
            self._page_posts(self._post_listing())
        self.progress["all_posts_retrieved"] = True
        self.ctx.counts["posts_listed"] = len(self.state.get("posts", []))

    def _one_post(self) -> None:
        post_id = self.spec["post"]
        try:
            body = self.api.get("/api/info", {"id": f"t3_{post_id}"})
        except SkipItem as skip:
            raise FailJob(f"post {post_id} cannot be read: {_why(skip)}") from None
        items, _ = page_items(body)
        if not items:
            raise FailJob(f"post {post_id} does not exist or is not visible")
        self._keep_post(items[0])
        self.ctx.checkpoint()

    def _post_listing(self) -> Listing:
        spec, now = self.spec, clock.now().timestamp()
        sort, timeframe = spec["sortBy"], spec["timeframe"]
        if spec["target"] == "keyword":
            return search_listing(spec["keyword"], self._scope(), sort, timeframe)
        if spec["target"] == "user":
            return user_listing(spec["user"], "submitted", sort, timeframe, now)
        return subreddit_listing(str(self._scope()), sort, timeframe, now)

    def _page_posts(self, listing: Listing) -> None:
        self._walk(listing, "listing", self._keep_post)

    def _walk(
        self, listing: Listing, name: str, keep: Callable[[dict[str, Any]], bool]
    ) -> None:
        """Page through ``listing`` until ``n`` items are kept or it ends."""
        cursor = Cursor(self.state, name)
        while not cursor.done:
            items, after = self._page(listing, cursor, name)
            stop = self._take(listing, items, cursor, keep)
            self._turn(cursor, after, stop, name)

    def _take(
        self,
        listing: Listing,
        items: list[dict[str, Any]],
        cursor: Cursor,
        keep: Callable[[dict[str, Any]], bool],
    ) -> bool:
        """Keep the page's items that pass; return whether the listing should end."""
        for item in items:
            verdict = listing.judge(item)
            if verdict is Verdict.STOP:
                return True
            if verdict is Verdict.SKIP:
                self.ctx.count("filtered_out")
            elif keep(item):
                cursor.keep()
            if cursor.taken >= self.spec["n"]:
                return True
        return False

    def _keep_post(self, post: dict[str, Any]) -> bool:
        posts: list[str] = self.state.setdefault("posts", [])
        post_id = str(post.get("id"))
        if post_id in posts:
            return False
        posts.append(post_id)
        if self.spec["getposts"] and self.posts.write(post, columns.post_row(post)):
            self.ctx.count("posts")
        self.progress["posts_count"] = len(posts)
        return True

    def _page(
        self, listing: Listing, cursor: Cursor, name: str
    ) -> tuple[list[dict[str, Any]], str | None]:
        try:
            body = self.api.get(listing.path, {**listing.params, **cursor.params()})
        except SkipItem as skip:
            if cursor.params().get("after") is None:
                raise FailJob(self._unreachable(skip)) from None
            self.ctx.outcome("listing", name, skip.outcome)
            return [], None
        return page_items(body)

    def _turn(self, cursor: Cursor, after: str | None, stop: bool, name: str) -> None:
        cursor.turn(after)
        if cursor.taken >= self.spec["n"]:
            cursor.finish()
            return
        if stop:  # a `new` listing went past the timeframe: nothing newer remains
            cursor.finish()
        if cursor.done and name not in self.ctx.outcomes.get("listing", {}):
            self.ctx.outcome("listing", name, "endedEarly")
            self.ctx.log.info(
                "%s ended after %d of %d items", name, cursor.taken, self.spec["n"]
            )
        self.ctx.checkpoint()

    def _unreachable(self, skip: SkipItem) -> str:
        spec = self.spec
        if spec["target"] == "user":
            outcome = self._user_state(skip.outcome)
            why = USER_WHY.get(outcome) or WHY.get(outcome, outcome)
            return f"u/{spec['user']} cannot be collected: {why} ({outcome})"
        return f"r/{self._scope()} cannot be collected: {_why(skip)}"

    def _user_state(self, outcome: str) -> str:
        if outcome != "forbidden":
            return outcome
        try:
            about = self.api.get(f"/user/{self.spec['user']}/about")
        except SkipItem:
            return outcome
        data = about.get("data", {}) if isinstance(about, dict) else {}
        return "suspended" if data.get("is_suspended") else outcome

    # -- comments -------------------------------------------------------------

    def _collect_trees(self) -> None:
        if not self.spec["getcomments"] or self.spec["target"] == "user":
            return
        trees = TreeCollector(
            self.ctx,
            self.api,
            comments=self.comments,
            trees=self.ctx.writer("trees", columns.TREE_COLUMNS, _post_id),
            sort=self._comment_sort(),
        )
        posts: list[str] = self.state.get("posts", [])
        while (index := self.state.get("tree_next", 0)) < len(posts):
            self._tree_of(trees, posts[index])
            self.state.pop("tree", None)
            self.state["tree_next"] = index + 1
            self.ctx.checkpoint()
        self.progress["all_comments_retrieved"] = True

    def _tree_of(self, trees: TreeCollector, post_id: str) -> None:
        try:
            outcome = trees.collect(post_id)
        except SkipItem as skip:
            if self.spec["target"] == "post":
                raise FailJob(
                    f"the comments of post {post_id} cannot be read: {_why(skip)}"
                ) from None
            outcome = trees.refused(post_id, skip.outcome)
        self.ctx.outcome("post", post_id, outcome)
        self.ctx.count(f"trees_{outcome}")

    def _comment_sort(self) -> str:
        # Only a post job's sortBy is a comment sort; the others sort posts.
        return self.spec["sortBy"] if self.spec["target"] == "post" else "confidence"

    def _user_comments(self) -> None:
        if self.spec["target"] != "user" or not self.spec["getcomments"]:
            return
        spec, now = self.spec, clock.now().timestamp()
        listing = user_listing(
            spec["user"], "comments", spec["sortBy"], spec["timeframe"], now
        )
        self._walk(listing, "user_comments", self._keep_user_comment)
        self.progress["all_comments_retrieved"] = True

    def _keep_user_comment(self, comment: dict[str, Any]) -> bool:
        if not self.comments.write(comment, columns.comment_row(comment)):
            return False
        self.ctx.count("comments")
        counts = self.progress.setdefault("comments_count", {})
        counts[self.spec["user"]] = counts.get(self.spec["user"], 0) + 1
        return True


def _why(skip: SkipItem) -> str:
    return f"{WHY.get(skip.outcome, skip.outcome)} ({skip.outcome})"


def _id(resource: dict[str, Any]) -> str:
    return str(resource.get("id"))


def _post_id(row: dict[str, Any]) -> str:
    return str(row.get("post_id"))
