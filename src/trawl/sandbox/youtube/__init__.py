"""A local YouTube Data API v3 for tests and the demo.

``create_app(corpus=None, *, faults=None, daily_quota=10_000,
search_daily_calls=100, clock=None)`` returns an ASGI app that answers
``GET /youtube/v3/{videos,commentThreads,comments,playlistItems,search,channels}``
like the real API: same parameters, error bodies, paging and quota. Point a
collector at ``http://127.0.0.1:PORT/youtube/v3``; give google-api-python-client
``client_options={"api_endpoint": "http://127.0.0.1:PORT/"}`` (trailing slash).

Request order: no ``key`` is a 403 and a refused key a 400, both free. Every
other request is charged first (1 unit from the key's ``default`` bucket, or 1
call from its ``search`` bucket, per ``costs.json``), then injected faults
fire, then parameters are checked, so bad parameters, 404s and injected 5xx
all cost. Buckets refill at midnight America/Los_Angeles by ``clock``. An
empty ``default`` bucket answers 403 ``quotaExceeded``; an empty ``search``
bucket answers 429 ``RESOURCE_EXHAUSTED`` naming "Search Queries per day"
(``errors[0].reason`` is ``quotaExceeded`` there too).

Control endpoints (JSON)::

    GET  /_sandbox/faults        current fault settings (counters as used up)
    POST /_sandbox/faults        replace them: a ``Faults`` object as JSON,
                                 e.g. {"fail_next": 2, "fail_status": 500}
    GET  /_sandbox/stats         {key: {"units": {bucket: n},
                                        "requests": {endpoint: n},
                                        "statuses": {"200": n}}}
                                 (requests without a key count under "(none)")
    POST /_sandbox/stats/reset   forget the stats
    GET  /_sandbox/quota         {"spent": {key: {bucket: n}}, "resets_at": iso}
    POST /_sandbox/quota/reset   refill every bucket, as if midnight passed

Fault fields (``Faults``): ``fail_next`` and ``fail_status`` (500 or 503
``backendError``), ``fail_rate`` with ``seed`` (deterministic fraction),
``delay_seconds``, ``rate_limit_next`` (403 ``rateLimitExceeded``),
``truncate_next`` (200 with half a JSON body), ``not_json_next`` (502 HTML),
``endpoints`` (limit the above to these endpoint names), ``invalid_keys``
(400 ``badRequest`` "API key not valid..."; legacy 400 ``keyInvalid`` with
``legacy_invalid_keys``), ``unconfigured_keys`` (403 ``accessNotConfigured``),
``quota_caps`` ({key: units}: the default bucket of that key empties after
that many units a day).

Synthetic corpus (``synthetic_corpus(seed=0, *, videos=600, channels=4,
volume_comments=0)``); the special ids do not depend on the seed:

* ``trawlShow01``: 250 threads (3 pages at maxResults=100), awkward texts
  (astral emoji, Arabic, Hebrew, newlines, commas, quotes, leading ``=``,
  ``+``, ``-``, ``@``, HTML). Thread ``UgxtrawlShow0100000000AaABAg`` has 7
  replies, ``...01...`` 150, ``...02...`` 5, ``...03...`` 100, ``...04...``
  101; ``replies.comments`` holds at most the first 5, ``comments.list``
  gives all. Duration ``P1DT2H3M4S``.
* ``trawlNoCmts``: comments disabled (403 ``commentsDisabled``; no
  ``commentCount``). ``trawlZero00``: no comments (200, empty).
  ``trawlHidLik``: likes hidden (no ``likeCount``).
* ``trawlGone00`` (deleted) and ``trawlPriv00`` (private): items 3 and 7 of
  the playlist, absent from videos.list, 404 ``videoNotFound`` on threads.
* ``trawlVolume``: present when ``volume_comments`` > 0, with exactly that
  many comments including replies (threads of 1 + 3), built on demand.
* Playlist ``PLtrawlDemoPlaylist000000000000000``: the four videos above,
  the first 150 regular videos, the deleted and the private item (156).
  ``PLtrawlPrivatePlaylist000000000000`` answers 403
  ``playlistItemsNotAccessible``. Each channel's uploads playlist
  (``UU`` + channel id[2:]) lists its videos.
* Channels ``UCtrawlChannel0000000000`` .. ``...0003``, handles
  ``@trawlchannel0`` ..; the special videos belong to channel 0.
* Search: ``q="trawl demo"`` matches every regular video (600, so paging
  stops at 500); a topic word (chess, gardening, astronomy, cooking, cycling,
  origami) matches about a sixth. Search titles arrive HTML-escaped.
* Thread ids are ``Ugx<videoId><8-digit index>AaABAg`` (index 0 newest);
  reply ids ``<threadId>.trawl<17-digit index>`` (index 0 oldest). Replies
  from comments.list lack ``videoId`` and ``channelId``, as recorded ones do.

Recorded corpus: ``load_corpus(directory)``; see ``recorded`` for the rules
and ``RecordedCorpus.recorded_ids()`` for what is reachable from where.
"""

from trawl.sandbox.youtube.app import create_app
from trawl.sandbox.youtube.faults import Faults
from trawl.sandbox.youtube.recorded import RecordedCorpus, RecordedIds, load_corpus
from trawl.sandbox.youtube.synthetic import SyntheticCorpus, synthetic_corpus

__all__ = [
    "Faults",
    "RecordedCorpus",
    "RecordedIds",
    "SyntheticCorpus",
    "create_app",
    "load_corpus",
    "synthetic_corpus",
]
