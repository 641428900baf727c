"""Handlers for a post's comment page and ``/api/morechildren``."""

from __future__ import annotations

import asyncio

from trawl.sandbox.reddit.browse import denial, not_found
from trawl.sandbox.reddit.comments import (
    DEFAULT_LIMIT,
    MAX_CONTEXT,
    MAX_DEPTH,
    MAX_LIMIT,
    MORECHILDREN_LIMIT,
    comment_forest,
    focal_forest,
    more_children,
)
from trawl.sandbox.reddit.listings import clamp_limit
from trawl.sandbox.reddit.service import Call, Reply
from trawl.sandbox.reddit.things import error, listing, thing

TRUE = ("1", "true", "on", "yes")


async def comment_page(call: Call) -> Reply:
    """Answer ``/comments/{article}`` and its ``/r/{sub}`` and focal forms."""
    corpus, path = call.sandbox.corpus, call.request.path_params
    post = corpus.posts.get(path["article"])
    if post is None:
        return not_found()
    subreddit = corpus.subreddit_of(post)
    refusal = denial(subreddit) if subreddit else None
    if refusal is not None:
        return refusal
    if "sub" in path and path["sub"].lower() != post["subreddit"].lower():
        return Reply(200, [listing([]), listing([])])
    return Reply(200, [listing([thing("t3", post)]), listing(_forest(call))])


async def morechildren(call: Call) -> Reply:
    """Answer ``/api/morechildren``; one call at a time per account."""
    params, sandbox = call.params, call.sandbox
    post = sandbox.corpus.posts.get(params.get("link_id", "").partition("_")[2])
    tree = sandbox.corpus.tree(post["id"]) if post else None
    if post is None:
        return Reply(403, error(403, "Forbidden"))
    ids = [
        id36.strip() for id36 in params.get("children", "").split(",") if id36.strip()
    ]
    if len(ids) > MORECHILDREN_LIMIT:
        return Reply(400, error(400, "Bad Request"))
    account = call.token.username or f"app:{call.token.client_id}"
    if account in sandbox.busy_accounts:
        return Reply(429, error(429, "Too Many Requests"))
    sandbox.busy_accounts.add(account)
    sandbox.stats.enter_morechildren()
    try:
        # Holding the lock for a moment lets overlapping calls meet it, as on Reddit.
        await asyncio.sleep(sandbox.plan.faults.morechildren_delay)
        sort = params.get("sort", "confidence")
        descend = params.get("limit_children", "").lower() not in TRUE
        things = more_children(tree, ids, sort=sort, descend=descend) if tree else []
    finally:
        sandbox.stats.leave_morechildren()
        sandbox.busy_accounts.discard(account)
    return Reply(200, {"json": {"errors": [], "data": {"things": things}}})


def _forest(call: Call) -> list[dict]:
    params, path = call.params, call.request.path_params
    tree = call.sandbox.corpus.tree(path["article"])
    if tree is None:
        return []
    sort = params.get("sort", "confidence")
    limit = clamp_limit(params.get("limit"), default=DEFAULT_LIMIT, most=MAX_LIMIT)
    depth = clamp_limit(params.get("depth"), default=MAX_DEPTH, most=MAX_DEPTH)
    focal = path.get("comment") or params.get("comment")
    if not focal:
        return comment_forest(tree, sort=sort, limit=limit, depth=depth)
    context = _bounded(params.get("context"), most=MAX_CONTEXT)
    return focal_forest(
        tree, focal, sort=sort, limit=limit, depth=depth, context=context
    )


def _bounded(raw: str | None, *, most: int) -> int:
    try:
        return max(0, min(int(raw or 0), most))
    except ValueError:
        return 0
