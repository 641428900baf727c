"""Wire the sandbox's handlers to Reddit's paths in one Starlette app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from trawl.sandbox.reddit import browse, control, threads
from trawl.sandbox.reddit.auth import Authority
from trawl.sandbox.reddit.corpus import Corpus
from trawl.sandbox.reddit.credentials import Account, App
from trawl.sandbox.reddit.faults import Faults
from trawl.sandbox.reddit.ratelimit import RateLimiter
from trawl.sandbox.reddit.service import TOKEN_PATH, Call, Handler, Reply, Sandbox
from trawl.sandbox.reddit.synthetic import synthetic_corpus

Clock = Callable[[], datetime]

API_ROUTES: tuple[tuple[str, Handler, tuple[str, ...]], ...] = (
    ("/api/v1/me", browse.me, ("GET",)),
    ("/api/info", browse.info, ("GET",)),
    ("/api/morechildren", threads.morechildren, ("GET", "POST")),
    ("/search", browse.search, ("GET",)),
    ("/subreddits/search", browse.subreddit_search, ("GET",)),
    ("/comments/{article}", threads.comment_page, ("GET",)),
    ("/comments/{article}/{slug}", threads.comment_page, ("GET",)),
    ("/comments/{article}/{slug}/{comment}", threads.comment_page, ("GET",)),
    ("/r/{sub}/about", browse.subreddit_about, ("GET",)),
    ("/r/{sub}/search", browse.search, ("GET",)),
    ("/r/{sub}/comments", browse.subreddit_comments, ("GET",)),
    ("/r/{sub}/comments/{article}", threads.comment_page, ("GET",)),
    ("/r/{sub}/comments/{article}/{slug}", threads.comment_page, ("GET",)),
    ("/r/{sub}/comments/{article}/{slug}/{comment}", threads.comment_page, ("GET",)),
    ("/r/{sub}", browse.subreddit_listing, ("GET",)),
    ("/r/{sub}/{sort}", browse.subreddit_listing, ("GET",)),
    ("/user/{name}/about", browse.user_about, ("GET",)),
    ("/user/{name}", browse.user_listing, ("GET",)),
    ("/user/{name}/{where}", browse.user_listing, ("GET",)),
)


def create_app(
    corpus: Corpus | None = None,
    *,
    faults: Faults | None = None,
    requests_per_window: int = 1000,
    window_seconds: int = 600,
    token_lifetime: int = 3600,
    clock: Clock | None = None,
    apps: Iterable[App] = (),
    accounts: Iterable[Account] = (),
) -> Starlette:
    """Return the Reddit sandbox as an ASGI app.

    ``corpus`` None serves ``synthetic_corpus()`` with times relative to the
    clock. ``apps`` and ``accounts`` add to the corpus's credentials.
    """
    clock = clock or _utc_now
    corpus = corpus or synthetic_corpus(now=clock())
    sandbox = Sandbox(
        corpus=corpus,
        authority=Authority(
            apps=[*corpus.apps, *apps],
            accounts=[*corpus.accounts, *accounts],
            lifetime=token_lifetime,
            clock=clock,
        ),
        limiter=RateLimiter(
            requests_per_window=requests_per_window,
            window_seconds=window_seconds,
            clock=clock,
        ),
        faults=faults or Faults(),
        clock=clock,
    )
    app = Starlette(routes=_routes(sandbox), middleware=[Middleware(_PlainPaths)])
    app.state.sandbox = sandbox
    return app


def _routes(sandbox: Sandbox) -> list[BaseRoute]:
    async def token(request: Request) -> Response:
        return await sandbox.serve_token(request)

    routes: list[BaseRoute] = [
        Route(TOKEN_PATH, token, methods=["POST"]),
        Route("/_sandbox/faults", control.get_faults, methods=["GET"]),
        Route("/_sandbox/faults", control.set_faults, methods=["POST"]),
        Route("/_sandbox/stats", control.get_stats, methods=["GET"]),
        Route("/_sandbox/reset", control.reset, methods=["POST"]),
    ]
    for path, handler, methods in API_ROUTES:
        routes.append(
            Route(path, _endpoint(sandbox, path, handler), methods=list(methods))
        )
    routes.append(Route("/{rest:path}", _endpoint(sandbox, "unknown", _unknown)))
    return routes


def _endpoint(
    sandbox: Sandbox, path: str, handler: Handler
) -> Callable[[Request], object]:
    async def endpoint(request: Request) -> Response:
        return await sandbox.serve(request, f"{request.method} {path}", handler)

    return endpoint


async def _unknown(call: Call) -> Reply:
    return browse.not_found()


class _PlainPaths:
    """Drop a trailing slash and a ``.json`` suffix, which Reddit ignores."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope["path"].removesuffix("/").removesuffix(".json") or "/"
            scope = {**scope, "path": path, "raw_path": path.encode()}
        await self.app(scope, receive, send)


def _utc_now() -> datetime:
    return datetime.now(UTC)
