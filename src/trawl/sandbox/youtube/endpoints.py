"""The six list methods: check parameters, ask the corpus, page the answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from trawl.sandbox.youtube import errors
from trawl.sandbox.youtube.corpus import Corpus, Missing, Refused, SearchQuery
from trawl.sandbox.youtube.paging import Page, fingerprint, paginate
from trawl.sandbox.youtube.params import Limits, Params
from trawl.sandbox.youtube.resources import Resource, envelope, select

Handler = Callable[[Corpus, Params], Resource]

MAX_IDS = 50
SEARCH_CAP = 500

VIDEO_PARTS = frozenset(
    {
        "contentDetails",
        "fileDetails",
        "id",
        "liveStreamingDetails",
        "localizations",
        "paidProductPlacementDetails",
        "player",
        "processingDetails",
        "recordingDetails",
        "snippet",
        "statistics",
        "status",
        "suggestions",
        "topicDetails",
    }
)
THREAD_PARTS = frozenset({"id", "snippet", "replies"})
COMMENT_PARTS = frozenset({"id", "snippet"})
PLAYLIST_ITEM_PARTS = frozenset({"id", "snippet", "contentDetails", "status"})
SEARCH_PARTS = frozenset({"id", "snippet"})
CHANNEL_PARTS = frozenset(
    {
        "auditDetails",
        "brandingSettings",
        "contentDetails",
        "contentOwnerDetails",
        "id",
        "localizations",
        "snippet",
        "statistics",
        "status",
        "topicDetails",
    }
)
SEARCH_TYPES = frozenset({"video", "channel", "playlist"})
SEARCH_ORDERS = frozenset(
    {"date", "rating", "relevance", "title", "videoCount", "viewCount"}
)

VIDEO_LIMITS = Limits(low=1, high=50, default=5)
THREAD_LIMITS = Limits(low=1, high=100, default=20)
COMMENT_LIMITS = Limits(low=1, high=100, default=20)
PLAYLIST_LIMITS = Limits(low=0, high=50, default=5)
SEARCH_LIMITS = Limits(low=0, high=50, default=5)
CHANNEL_LIMITS = Limits(low=0, high=50, default=5)


def list_videos(corpus: Corpus, params: Params) -> Resource:
    """Answer ``videos.list`` by ``id`` or ``chart=mostPopular``."""
    parts = params.parts(VIDEO_PARTS)
    if params.one_filter(("chart", "id", "myRating")) != "id":
        return _popular(corpus, params, parts)
    ids = _ids(params)
    items = [select(video, parts) for video in corpus.videos(ids)]
    page = Page(items=items, next_token=None, prev_token=None, total=len(items))
    return envelope("videoListResponse", page, per_page=len(items), total=len(items))


def list_comment_threads(corpus: Corpus, params: Params) -> Resource:
    """Answer ``commentThreads.list`` by ``videoId``, channel or ``id``."""
    parts = params.parts(THREAD_PARTS)
    which = params.one_filter(("allThreadsRelatedToChannelId", "id", "videoId"))
    html = _html(params)
    order = params.choice("order", ("time", "relevance"), "time")
    if which == "id":
        items = corpus.threads_by_id(_ids(params), html=html)
        return _unpaged("commentThreadListResponse", items, parts)
    size = params.page_size(THREAD_LIMITS)
    threads = _threads(corpus, params, which, order=order, html=html)
    terms = (params.text("searchTerms") or "").lower()
    if terms:
        threads = [t for t in threads if terms in _top_text(t)]
    query = fingerprint("commentThreads", which, params.text(which), order, terms)
    page = _page(params, threads, query=query, size=size, parts=parts)
    total = len(page.items)
    return envelope("commentThreadListResponse", page, per_page=size, total=total)


def list_comments(corpus: Corpus, params: Params) -> Resource:
    """Answer ``comments.list`` by ``parentId`` (paged) or ``id``."""
    parts = params.parts(COMMENT_PARTS)
    which = params.one_filter(("id", "parentId"))
    html = _html(params)
    if which == "id":
        items = corpus.comments(_ids(params), html=html)
        return _unpaged("commentListResponse", items, parts, with_total=False)
    size = params.page_size(COMMENT_LIMITS)
    parent = params.text("parentId") or ""
    try:
        replies = corpus.replies(parent, html=html)
    except Missing as exc:
        raise errors.comment_not_found("parentId") from exc
    query = fingerprint("comments", parent)
    page = _page(params, replies, query=query, size=size, parts=parts)
    # comments.list leaves totalResults out of pageInfo.
    return envelope("commentListResponse", page, per_page=size, total=None)


def list_playlist_items(corpus: Corpus, params: Params) -> Resource:
    """Answer ``playlistItems.list`` by ``playlistId``."""
    parts = params.parts(PLAYLIST_ITEM_PARTS)
    params.one_filter(("playlistId",))
    size = params.page_size(PLAYLIST_LIMITS)
    playlist = params.text("playlistId") or ""
    try:
        items = corpus.playlist_items(playlist)
    except Missing as exc:
        raise errors.playlist_not_found() from exc
    except Refused as exc:
        raise errors.playlist_not_accessible() from exc
    query = fingerprint("playlistItems", playlist)
    page = _page(params, items, query=query, size=size, parts=parts)
    return envelope(
        "playlistItemListResponse", page, per_page=size, total=page.total, previous=True
    )


def search(corpus: Corpus, params: Params) -> Resource:
    """Answer ``search.list``; no token is given past the 500th result."""
    parts = params.parts(SEARCH_PARTS)
    size = params.page_size(SEARCH_LIMITS)
    query = _search_query(params)
    results = corpus.search(query)
    token_query = fingerprint("search", sorted(query.types), query)
    page = paginate(
        results,
        query=token_query,
        token=params.text("pageToken"),
        size=size,
        cap=SEARCH_CAP,
    )
    page = _selected(page, parts)
    region = {"regionCode": params.text("regionCode") or "US"}
    return envelope(
        "searchListResponse",
        page,
        per_page=size,
        total=page.total,
        extra=region,
        previous=True,
    )


def list_channels(corpus: Corpus, params: Params) -> Resource:
    """Answer ``channels.list`` by ``id`` or ``forHandle``."""
    parts = params.parts(CHANNEL_PARTS)
    which = params.one_filter(("forHandle", "id"))
    size = params.page_size(CHANNEL_LIMITS)
    if which == "id":
        found = corpus.channels(_ids(params))
    else:
        found = corpus.channel_for_handle(params.text("forHandle") or "")
    body = _unpaged("channelListResponse", found, parts)
    body["pageInfo"]["resultsPerPage"] = size
    if not found:
        # channels.list drops the items key when nothing matched.
        del body["items"]
    return body


HANDLERS: dict[str, tuple[str, Handler]] = {
    "videos": ("videos.list", list_videos),
    "commentThreads": ("commentThreads.list", list_comment_threads),
    "comments": ("comments.list", list_comments),
    "playlistItems": ("playlistItems.list", list_playlist_items),
    "search": ("search.list", search),
    "channels": ("channels.list", list_channels),
}


def _popular(corpus: Corpus, params: Params, parts: set[str]) -> Resource:
    if params.text("chart") != "mostPopular":
        raise errors.bad_enum("chart", params.text("chart") or "")
    size = params.page_size(VIDEO_LIMITS)
    query = fingerprint("videos", "mostPopular")
    page = _page(params, corpus.popular(), query=query, size=size, parts=parts)
    return envelope("videoListResponse", page, per_page=size, total=page.total)


def _threads(
    corpus: Corpus, params: Params, which: str, *, order: str, html: bool
) -> Sequence[Resource]:
    value = params.text(which) or ""
    if which == "videoId":
        try:
            return corpus.threads(value, order=order, html=html)
        except Missing as exc:
            raise errors.video_not_found() from exc
        except Refused as exc:
            raise errors.comments_disabled() from exc
    try:
        return corpus.channel_threads(value, html=html)
    except Missing as exc:
        raise errors.channel_not_found() from exc


def _search_query(params: Params) -> SearchQuery:
    types = params.listed("type") or sorted(SEARCH_TYPES)
    for kind in types:
        if kind not in SEARCH_TYPES:
            raise errors.bad_enum("type", kind)
    return SearchQuery(
        q=params.text("q") or "",
        types=frozenset(types),
        order=params.choice("order", SEARCH_ORDERS, "relevance"),
        channel_id=params.text("channelId"),
        published_after=_time(params, "publishedAfter"),
        published_before=_time(params, "publishedBefore"),
    )


def _time(params: Params, name: str) -> datetime | None:
    text = params.text(name)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise errors.bad_enum(name, text) from exc
    if moment.tzinfo is None:
        raise errors.bad_enum(name, text)
    return moment


def _ids(params: Params) -> list[str]:
    ids = params.listed("id")
    if len(ids) > MAX_IDS:
        raise errors.too_many_ids(MAX_IDS)
    return ids


def _html(params: Params) -> bool:
    return params.choice("textFormat", ("html", "plainText"), "html") == "html"


def _page(
    params: Params,
    items: Sequence[Resource],
    *,
    query: str,
    size: int,
    parts: set[str],
) -> Page:
    page = paginate(items, query=query, token=params.text("pageToken"), size=size)
    return _selected(page, parts)


def _selected(page: Page, parts: set[str]) -> Page:
    items = [select(item, parts) for item in page.items]
    return Page(
        items=items,
        next_token=page.next_token,
        prev_token=page.prev_token,
        total=page.total,
    )


def _unpaged(
    kind: str, items: list[Resource], parts: set[str], *, with_total: bool = True
) -> Resource:
    chosen = [select(item, parts) for item in items]
    page = Page(items=chosen, next_token=None, prev_token=None, total=len(chosen))
    total = len(chosen) if with_total else None
    return envelope(kind, page, per_page=len(chosen), total=total)


def _top_text(thread: dict[str, Any]) -> str:
    snippet = thread["snippet"]["topLevelComment"]["snippet"]
    return str(snippet.get("textOriginal", "")).lower()
