"""A local stand-in for Reddit's OAuth API, for tests and the demo.

One app answers both hosts: point ``TRAWL_REDDIT_AUTH_URL`` and
``TRAWL_REDDIT_API_URL`` (or PRAW's ``reddit_url`` and ``oauth_url``; plain
``http://`` works) at its base URL.

Endpoints
    ``POST /api/v1/access_token`` (Basic client_id:secret; grants ``password``
    and ``client_credentials``), ``GET /api/v1/me``, ``/r/{sub}`` and
    ``/r/{sub}/hot|best|new|top|controversial|rising`` (``a+b``, ``all``,
    ``popular``), ``/r/{sub}/comments``, ``/r/{sub}/about``, ``/search``,
    ``/r/{sub}/search``, ``/user/{name}[/submitted|comments|overview]``,
    ``/user/{name}/about``, ``/comments/{article}[/{slug}[/{comment}]]`` (also
    under ``/r/{sub}``), ``GET|POST /api/morechildren``, ``/api/info``,
    ``/subreddits/search``. A trailing slash or ``.json`` is ignored.

Credentials (``create_app(apps=..., accounts=...)`` adds more)
    - ``sandbox-client`` / ``sandbox-secret``: script app.
    - ``sandbox-client-2`` / ``sandbox-secret-2``: a second script app, with
      its own rate-limit budget.
    - ``sandbox-web-client`` / ``sandbox-web-secret``: web app; the password
      grant answers 200 ``unauthorized_client``.
    - ``sandbox-installed-client`` with an empty secret: installed app, same.
    - ``sandbox_user`` / ``sandbox-password``: developer of all four apps.
    - ``sandbox_2fa_user`` / ``sandbox-password``: two-factor account; the
      grant succeeds only with OTP ``123456`` (``otp`` field or
      ``password:123456``), else 200 ``invalid_grant``.

Behaviour
    - Tokens live ``token_lifetime`` seconds by the sandbox clock; an expired
      or unknown bearer gets 401 with ``www-authenticate: Bearer
      realm="reddit", error="invalid_token"``.
    - Every response to a valid token carries ``X-Ratelimit-Used``,
      ``-Remaining`` (like ``"999.0"``) and ``-Reset``, counted per client id
      in windows aligned to multiples of ``window_seconds``; over the limit,
      429 with ``Retry-After``.
    - Without ``raw_json=1`` every JSON string has ``&``, ``<``, ``>`` escaped.
    - Listings: ``limit`` defaults to 25 and is clamped to 100, at most 1000
      items, ``t`` only for top and controversial (and search); hot of one
      subreddit puts its stickied posts first on page one, on top of
      ``limit``. Search returns at most 250 hits, posts only (``type`` without
      ``link`` gives an empty listing); without ``restrict_sr`` a subreddit
      search is site-wide.
    - Subreddit states: private 403 ``reason: private``; quarantined 403
      ``reason: quarantined``; banned 404 ``reason: banned``; nonexistent 302
      to ``/subreddits/search?q=NAME`` on listings and search, an empty
      Listing from ``/about``; ``all`` and ``popular`` have no ``/about``
      (404). A multireddit leaves out subreddits the caller may not read.
    - Users: deleted or nonexistent, 404 on about and listings; suspended,
      ``/about`` gives ``name``, ``is_suspended: true`` and zero karma fields,
      listings 403 ``{"message": "Forbidden", "error": 403}``.
    - Comments: ``limit`` 200 by default, 500 at most; ``depth`` at most 10;
      the best comments are picked first, replies competing with top-level
      ones (score for "confidence"). Where the limit cuts, "load more"
      stubs of at most 100 children each (Reddit puts all of a parent's
      leftovers in one stub; PRAW sends a stub's whole list in one
      morechildren call, so the sandbox splits them). Where the depth cuts, a
      "continue this thread" stub. ``comment`` + ``context`` (0 to 8) give the
      focal thread, depths from 0.
    - morechildren: at most 100 ids (more gives 400), unknown ``link_id`` 403,
      at most 100 comments per answer plus new stubs, flat pre-order, each
      comment at its own depth in the post, cut by continue stubs at depth
      10. Concurrent calls for one account (or one app-only client) get 429;
      each call holds the lock ``Faults.morechildren_delay`` seconds (0.02).

Synthetic corpus (``synthetic_corpus(seed=0)``; times are relative to the
clock, so ``t=hour..all`` filters bite)
    - ``SandboxNews`` (2402 posts incl. stickied ``stick1`` and ``stick2``),
      ``SandboxTech`` (1602), ``SandboxWorld`` (305): public.
      ``SandboxPrivate``, ``SandboxBanned``, ``SandboxQuarantine``: 20 posts
      each, refused as above. ``sandboxnowhere`` (or any unknown name):
      nonexistent. Posts are spread over five years, about 2 % in the last
      hour and 5 % in the last day.
    - Search words: ``kakapo`` hits 8 posts in SandboxNews, 12 in SandboxWorld
      and 5 in SandboxPrivate (never shown); ``quokka`` 150 in SandboxNews;
      ``wombat`` 300 in SandboxNews (cut to 250).
    - Posts with fixed ids: ``bigtree`` (3000 comments, depth up to 37, 933
      below depth 10; every 250th comment is a removed one Reddit never
      serves: for seed 0 ``c013s2 c013z0 c0145y c014cw c014ju c014qs c014xq
      c0154o c015bm c015ik c015pi c015wg``, see
      ``corpus.tree("bigtree").never_served_ids()``); ``huge100k`` (100,000
      comments, built on first request, about 10 MB; measured RSS of the
      whole test process serving it: 60 MB); ``deleted1`` (author
      ``[deleted]``, no ``author_fullname``); ``removed1`` (``[removed]``);
      ``unicode1`` (CJK, Arabic, emoji); ``csvtext1`` (``=``, ``+``, ``-``,
      ``@``, commas, quotes, newlines); ``htmlent1`` (``&``, ``<``, ``>``).
      Besides these, 44 regular posts are ``[removed]`` and 51 ``[deleted]``.
    - In every tree comment 37k+5 is deleted, 41k+7 removed, 7k+3 carries
      one of the awkward texts above.
    - Users: ``sandbox_author`` (108 posts listed, 3 more in refused
      subreddits; 293 comments), ``sandbox_suspended`` (suspended; 47 posts
      still listed in subreddits), ``sandbox_deleted`` (deleted: 404),
      ``sandbox_u000`` to ``sandbox_u199`` (ordinary authors).

Recorded corpus (``load_corpus(directory)``): see ``recorded``; what it makes
reachable is ``corpus.recorded_ids()``.

Control endpoints (no auth; for tests in other processes)
    - ``GET /_sandbox/faults``: current fault settings and remaining counts.
    - ``POST /_sandbox/faults``: JSON object of ``Faults`` fields, replaces
      the settings (400 on an unknown key).
    - ``GET /_sandbox/stats``: ``requests_by_client``, ``requests_by_endpoint``
      (``"GET /r/{sub}/{sort}": {"200": n}``), ``throttled`` (429s served),
      ``tokens_issued``, ``morechildren_max_concurrency``.
    - ``POST /_sandbox/reset``: clear stats and rate-limit windows;
      ``?what=stats`` or ``?what=limits`` clears only one.
"""

from trawl.sandbox.reddit.app import create_app
from trawl.sandbox.reddit.corpus import Corpus
from trawl.sandbox.reddit.credentials import Account, App, AppKind
from trawl.sandbox.reddit.faults import Faults
from trawl.sandbox.reddit.recorded import RecordedIds, load_corpus
from trawl.sandbox.reddit.synthetic import synthetic_corpus

__all__ = [
    "Account",
    "App",
    "AppKind",
    "Corpus",
    "Faults",
    "RecordedIds",
    "create_app",
    "load_corpus",
    "synthetic_corpus",
]
