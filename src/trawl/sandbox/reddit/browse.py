"""Handlers for listings, search, about pages, ``/api/info`` and ``/api/v1/me``."""

from __future__ import annotations

from collections.abc import Sequence

from trawl.sandbox.reddit.corpus import (
    Corpus,
    Redditor,
    Subreddit,
    SubredditState,
    UserState,
)
from trawl.sandbox.reddit.listings import (
    LISTING_CAP,
    POST_SORTS,
    TIMED_SORTS,
    clamp_limit,
    order_posts,
    paginate,
    within,
)
from trawl.sandbox.reddit.search import (
    SEARCH_CAP,
    order_hits,
    query_terms,
    search_posts,
)
from trawl.sandbox.reddit.service import Call, Reply
from trawl.sandbox.reddit.things import JSON, error, listing, thing

AGGREGATES = {"all", "popular"}
USER_SORTS = ("new", "hot", "top", "controversial")
QUARANTINE_MESSAGE = "This community is quarantined. Opt in to view its content."


async def subreddit_listing(call: Call) -> Reply:
    """Answer ``/r/{sub}`` and ``/r/{sub}/{sort}``."""
    sort = call.request.path_params.get("sort", "hot")
    if sort not in POST_SORTS:
        return not_found()
    scope = _scope(call, call.request.path_params["sub"])
    if isinstance(scope, Reply):
        return scope
    sort = "hot" if sort == "best" else sort
    key = f"r/{scope[0].name.lower()}/{sort}" if len(scope) == 1 else ""
    ordered = _ordered(call, key, _posts_in(call.sandbox.corpus, scope), sort)
    stickies = _stickies(ordered) if sort == "hot" and len(scope) == 1 else []
    rest = [post for post in ordered if post not in stickies][:LISTING_CAP]
    return _page(call, rest, lead=stickies)


async def subreddit_comments(call: Call) -> Reply:
    """Answer ``/r/{sub}/comments``, the newest comments of a subreddit."""
    scope = _scope(call, call.request.path_params["sub"])
    if isinstance(scope, Reply):
        return scope
    key = f"r/{scope[0].name.lower()}/comments" if len(scope) == 1 else ""
    return _page(call, _pinned(call.sandbox.corpus, key))


async def search(call: Call) -> Reply:
    """Answer ``/search`` and ``/r/{sub}/search``."""
    corpus, params = call.sandbox.corpus, call.params
    name = call.request.path_params.get("sub", "all")
    restrict = params.get("restrict_sr", "").lower() in ("1", "true", "on", "yes")
    types = params.get("type", "link").split(",")
    scope = _scope(call, name)
    if isinstance(scope, Reply):
        return scope
    if "link" not in types:
        return Reply(200, listing([]))
    scoped = restrict and name.lower() not in AGGREGATES
    words = " ".join(query_terms(params.get("q", "")))
    key = f"search/{name.lower() if scoped else 'all'}/{words}"
    hits = _search_hits(call, key, scope if scoped else _public(corpus))
    return _page(call, hits)


async def user_listing(call: Call) -> Reply:
    """Answer ``/user/{name}``, ``/user/{name}/submitted|comments|overview``."""
    where = call.request.path_params.get("where", "overview")
    if where not in ("overview", "submitted", "comments"):
        return not_found()
    user = call.sandbox.corpus.user(call.request.path_params["name"])
    refusal = _user_refusal(user)
    if refusal is not None or user is None:
        return refusal or not_found()
    sort = call.params.get("sort", "new")
    sort = sort if sort in USER_SORTS else "new"
    key = f"user/{user.name.lower()}/{where}/{sort}"
    items = _user_items(call.sandbox.corpus, user, where)
    return _page(call, _ordered(call, key, items, sort)[:LISTING_CAP])


async def subreddit_about(call: Call) -> Reply:
    """Answer ``/r/{sub}/about``."""
    name = call.request.path_params["sub"]
    if name.lower() in AGGREGATES:
        return not_found()
    subreddit = call.sandbox.corpus.subreddit(name)
    if subreddit is None:
        return Reply(200, listing([]))
    return denial(subreddit) or Reply(200, thing("t5", subreddit.about()))


async def user_about(call: Call) -> Reply:
    """Answer ``/user/{name}/about``."""
    user = call.sandbox.corpus.user(call.request.path_params["name"])
    if user is None or user.state is UserState.DELETED:
        return not_found()
    return Reply(200, thing("t2", user.about()))


async def info(call: Call) -> Reply:
    """Answer ``/api/info?id=...`` with the Things it can find, in order."""
    fullnames = [name for name in call.params.get("id", "").split(",") if name]
    if len(fullnames) > 100:
        return Reply(400, error(400, "Bad Request"))
    corpus = call.sandbox.corpus
    found = [item for item in (_lookup(corpus, name) for name in fullnames) if item]
    return Reply(200, listing(found))


async def me(call: Call) -> Reply:
    """Answer ``/api/v1/me`` for a password-grant token."""
    username = call.token.username
    if username is None:
        reply = Reply(403, error(403, "Forbidden"))
        reply.headers["www-authenticate"] = (
            'Bearer realm="reddit", error="insufficient_scope"'
        )
        return reply
    user = call.sandbox.corpus.user(username) or Redditor(username, username.lower())
    return Reply(200, user.about())


async def subreddit_search(call: Call) -> Reply:
    """Answer ``/subreddits/search``, where nonexistent subreddits redirect."""
    query = call.params.get("q", "").lower()
    found = [
        sub.about()
        for sub in call.sandbox.corpus.subreddits.values()
        if query and query in sub.name.lower() and sub.state is SubredditState.PUBLIC
    ]
    return _page(call, found)


def denial(subreddit: Subreddit) -> Reply | None:
    """Return the 403/404 a subreddit's state calls for, or None if readable."""
    if subreddit.state is SubredditState.PUBLIC:
        return None
    if subreddit.denial is not None:
        return Reply(int(subreddit.denial.get("error", 403)), subreddit.denial)
    if subreddit.state is SubredditState.PRIVATE:
        return Reply(403, error(403, "Forbidden", reason="private"))
    if subreddit.state is SubredditState.QUARANTINED:
        body = error(
            403,
            "Forbidden",
            reason="quarantined",
            quarantine_message=QUARANTINE_MESSAGE,
        )
        return Reply(403, body)
    return Reply(404, error(404, "Not Found", reason="banned"))


def not_found() -> Reply:
    """Return Reddit's plain 404."""
    return Reply(404, error(404, "Not Found"))


def _scope(call: Call, name: str) -> list[Subreddit] | Reply:
    """Return the subreddits ``a+b`` names, or the reply that refuses them."""
    corpus = call.sandbox.corpus
    if name.lower() in AGGREGATES:
        return _public(corpus)
    names = [part for part in name.split("+") if part]
    found = [sub for sub in (corpus.subreddit(part) for part in names) if sub]
    if len(names) == 1 and not found:
        base = str(call.request.base_url).rstrip("/")
        return Reply(302, None, {"location": f"{base}/subreddits/search?q={name}"})
    if len(names) == 1:
        refusal = denial(found[0])
        if refusal is not None:
            return refusal
    # A multireddit quietly leaves out what the caller may not read.
    return [sub for sub in found if sub.state is SubredditState.PUBLIC]


def _public(corpus: Corpus) -> list[Subreddit]:
    return [
        sub for sub in corpus.subreddits.values() if sub.state is SubredditState.PUBLIC
    ]


def _posts_in(corpus: Corpus, scope: Sequence[Subreddit]) -> list[JSON]:
    ids = [
        post_id
        for sub in scope
        for post_id in corpus.posts_by_subreddit[sub.name.lower()]
    ]
    return [corpus.posts[post_id] for post_id in ids]


def _pinned(corpus: Corpus, key: str) -> list[JSON]:
    items = (_lookup_data(corpus, name) for name in corpus.pinned.get(key, []))
    return [item for item in items if item is not None]


def _ordered(call: Call, key: str, posts: list[JSON], sort: str) -> list[JSON]:
    """Return a pinned (recorded) order if there is one, else Reddit's order."""
    corpus, window, now = call.sandbox.corpus, call.params.get("t"), call.sandbox.now()
    if key not in corpus.pinned:
        return order_posts(posts, sort=sort, window=window, now=now)
    pinned = _pinned(corpus, key)
    return within(pinned, window, now) if sort in TIMED_SORTS else pinned


def _stickies(posts: Sequence[JSON]) -> list[JSON]:
    return [post for post in posts if post.get("stickied")]


def _search_hits(call: Call, key: str, scope: Sequence[Subreddit]) -> list[JSON]:
    corpus, params, now = call.sandbox.corpus, call.params, call.sandbox.now()
    sort = params.get("sort", "relevance")
    query = params.get("q", "")
    if key in corpus.pinned:
        hits = within(_pinned(corpus, key), params.get("t"), now)
        ranked = order_hits(hits, sort=sort, terms=query_terms(query), now=now)
        return hits if sort == "relevance" else ranked
    posts = _posts_in(corpus, scope)
    return search_posts(posts, query=query, sort=sort, window=params.get("t"), now=now)[
        :SEARCH_CAP
    ]


def _user_refusal(user: Redditor | None) -> Reply | None:
    if user is None or user.state is UserState.DELETED:
        return not_found()
    if user.state is UserState.SUSPENDED:
        return Reply(403, error(403, "Forbidden"))
    return None


def _user_items(corpus: Corpus, user: Redditor, where: str) -> list[JSON]:
    items: list[JSON] = []
    readable = {sub.name.lower() for sub in _public(corpus)}
    if where in ("overview", "submitted"):
        posts = (
            corpus.posts[post_id]
            for post_id in corpus.posts_by_author[user.name.lower()]
        )
        items += [post for post in posts if post["subreddit"].lower() in readable]
    if where in ("overview", "comments"):
        for id36 in corpus.user_comments.get(user.name.lower(), []):
            data = _with_link(corpus, corpus.find_comment(id36))
            if data is not None and data["subreddit"].lower() in readable:
                items.append(data)
    return items


def _with_link(corpus: Corpus, data: JSON | None) -> JSON | None:
    """Add the link fields Reddit puts on comments in user listings, if missing."""
    if data is None:
        return None
    post = corpus.posts.get(data["link_id"].partition("_")[2])
    extra: JSON = {"replies": ""}
    if post is not None:
        extra |= {
            "link_title": post["title"],
            "link_author": post["author"],
            "link_permalink": post["url"],
        }
    return {**extra, **data}


def _page(call: Call, items: Sequence[JSON], *, lead: Sequence[JSON] = ()) -> Reply:
    after, before = call.params.get("after"), call.params.get("before")
    limit = clamp_limit(call.params.get("limit"))
    page = paginate(items, after=after, before=before, limit=limit)
    first = not after and not before
    shown = [*lead, *page.items] if first else page.items
    children = [_as_thing(item) for item in shown]
    return Reply(200, listing(children, after=page.after, before=page.before))


def _as_thing(data: JSON) -> JSON:
    return thing(data["name"].partition("_")[0], data)


def _lookup_data(corpus: Corpus, fullname: str, *, linked: bool = True) -> JSON | None:
    kind, _, id36 = fullname.partition("_")
    if kind == "t3":
        return corpus.posts.get(id36)
    comment = corpus.find_comment(id36) if kind == "t1" else None
    if comment is None or linked:
        return _with_link(corpus, comment)
    return {"replies": "", **comment}


def _lookup(corpus: Corpus, fullname: str) -> JSON | None:
    kind, _, id36 = fullname.partition("_")
    if kind == "t5":
        found = [sub for sub in corpus.subreddits.values() if sub.id36 == id36]
        return thing("t5", found[0].about()) if found else None
    data = _lookup_data(corpus, fullname, linked=False)
    return thing(kind, data) if data is not None else None
