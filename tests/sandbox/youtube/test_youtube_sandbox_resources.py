"""Resource shapes: parts, statistics, comment text and playlist items."""

from __future__ import annotations

import httpx

from trawl.sandbox.youtube.synthetic import (
    COMMENTS_DISABLED,
    DELETED,
    FEW_REPLIES_THREAD,
    HIDDEN_LIKES,
    NO_COMMENTS,
    PLAYLIST,
    PRIVATE,
    SHOWCASE,
    synthetic_corpus,
)
from trawl.sandbox.youtube.testing import collect, get
from trawl.sandbox.youtube.texts import AWKWARD


def test_videos_list_keeps_request_order_and_drops_unknown_ids(
    api: httpx.Client,
) -> None:
    ids = [NO_COMMENTS, DELETED, SHOWCASE, PRIVATE, "nosuchvideo"]
    body = get(api, "videos", part="statistics", id=",".join(ids)).json()

    assert [v["id"] for v in body["items"]] == [NO_COMMENTS, SHOWCASE]
    assert body["pageInfo"] == {"totalResults": 2, "resultsPerPage": 2}
    assert body["kind"] == "youtube#videoListResponse"


def test_only_requested_parts_appear(api: httpx.Client) -> None:
    video = get(api, "videos", part="statistics", id=SHOWCASE).json()["items"][0]
    both = get(api, "videos", part="snippet,status", id=SHOWCASE).json()["items"][0]

    assert set(video) == {"kind", "etag", "id", "statistics"}
    assert set(both) == {"kind", "etag", "id", "snippet", "status"}


def test_statistics_are_strings_and_hidden_counts_are_absent(
    api: httpx.Client,
) -> None:
    ids = f"{SHOWCASE},{COMMENTS_DISABLED},{HIDDEN_LIKES}"
    videos = get(api, "videos", part="statistics", id=ids).json()["items"]
    stats = {v["id"]: v["statistics"] for v in videos}

    assert all(isinstance(value, str) for value in stats[SHOWCASE].values())
    assert "commentCount" not in stats[COMMENTS_DISABLED]
    assert "likeCount" in stats[COMMENTS_DISABLED]
    assert "likeCount" not in stats[HIDDEN_LIKES]


def test_comment_count_equals_every_thread_and_reply(api: httpx.Client) -> None:
    video = get(api, "videos", part="statistics", id=SHOWCASE).json()["items"][0]
    threads = collect(
        api, "commentThreads", part="snippet", videoId=SHOWCASE, maxResults=100
    )

    replies = sum(t["snippet"]["totalReplyCount"] for t in threads)
    assert int(video["statistics"]["commentCount"]) == len(threads) + replies


def test_inline_replies_are_a_subset_of_at_most_five(api: httpx.Client) -> None:
    threads = collect(
        api, "commentThreads", part="snippet,replies", videoId=SHOWCASE, maxResults=100
    )
    few = next(t for t in threads if t["id"] == FEW_REPLIES_THREAD)
    every = collect(api, "comments", part="snippet", parentId=FEW_REPLIES_THREAD)

    assert few["snippet"]["totalReplyCount"] == 7
    assert len(few["replies"]["comments"]) == 5
    inline_ids = {c["id"] for c in few["replies"]["comments"]}
    assert inline_ids < {c["id"] for c in every}
    assert all(
        "replies" not in t for t in threads if not t["snippet"]["totalReplyCount"]
    )
    assert max(len(t.get("replies", {}).get("comments", [])) for t in threads) == 5


def test_part_snippet_alone_leaves_replies_out(api: httpx.Client) -> None:
    thread = get(
        api, "commentThreads", part="snippet", videoId=SHOWCASE, maxResults=1
    ).json()["items"][0]

    assert "replies" not in thread
    assert thread["snippet"]["totalReplyCount"] == 7


def test_text_format_switches_between_html_and_plain(api: httpx.Client) -> None:
    def texts(fmt: str) -> list[dict[str, str]]:
        threads = collect(
            api,
            "commentThreads",
            part="snippet",
            videoId=SHOWCASE,
            maxResults=100,
            textFormat=fmt,
        )
        return [t["snippet"]["topLevelComment"]["snippet"] for t in threads]

    html, plain = texts("html"), texts("plainText")

    originals = {s["textOriginal"] for s in plain}
    assert set(AWKWARD) <= originals
    assert all(s["textDisplay"] == s["textOriginal"] for s in plain)
    quoted = next(s for s in html if s["textOriginal"].startswith("He said"))
    assert quoted["textDisplay"] == "He said &quot;hello, world&quot;, then left"
    lines = next(s for s in html if s["textOriginal"].startswith("first line"))
    assert lines["textDisplay"] == "first line<br>second line<br>third line"


def test_replies_carry_parent_id_and_thread_prefixed_ids(api: httpx.Client) -> None:
    replies = get(api, "comments", part="snippet", parentId=FEW_REPLIES_THREAD)

    for reply in replies.json()["items"]:
        assert reply["kind"] == "youtube#comment"
        assert reply["etag"]
        assert reply["id"].startswith(FEW_REPLIES_THREAD + ".")
        assert reply["snippet"]["parentId"] == FEW_REPLIES_THREAD


def test_comments_by_id_finds_threads_and_replies(api: httpx.Client) -> None:
    reply = get(api, "comments", part="id", parentId=FEW_REPLIES_THREAD).json()
    wanted = [FEW_REPLIES_THREAD, reply["items"][0]["id"], "UgxNoSuchComment"]

    found = get(api, "comments", part="snippet", id=",".join(wanted)).json()

    assert [c["id"] for c in found["items"]] == wanted[:2]


def test_zero_comment_video_lists_no_threads(api: httpx.Client) -> None:
    body = get(api, "commentThreads", part="snippet", videoId=NO_COMMENTS).json()

    assert body["items"] == []
    assert "nextPageToken" not in body


def test_playlist_keeps_deleted_and_private_items(api: httpx.Client) -> None:
    items = collect(
        api, "playlistItems", part="snippet,contentDetails", playlistId=PLAYLIST
    )
    by_video = {i["contentDetails"]["videoId"]: i for i in items}

    assert by_video[DELETED]["snippet"]["title"] == "Deleted video"
    assert by_video[DELETED]["snippet"]["position"] == 3
    assert "videoPublishedAt" not in by_video[DELETED]["contentDetails"]
    assert by_video[PRIVATE]["snippet"]["title"] == "Private video"
    assert [i["snippet"]["position"] for i in items] == list(range(len(items)))


def test_uploads_playlist_of_a_channel_lists_its_videos(api: httpx.Client) -> None:
    channel = get(api, "channels", part="contentDetails", forHandle="@trawlchannel1")
    uploads = channel.json()["items"][0]["contentDetails"]["relatedPlaylists"]
    items = collect(
        api,
        "playlistItems",
        part="snippet",
        playlistId=uploads["uploads"],
        maxResults=50,
    )

    assert len(items) == 150
    assert {i["snippet"]["videoOwnerChannelId"] for i in items} == {
        channel.json()["items"][0]["id"]
    }


def test_unknown_channel_answers_without_an_items_key(api: httpx.Client) -> None:
    body = get(api, "channels", part="snippet", id="UCnone").json()

    assert "items" not in body
    assert body["pageInfo"]["totalResults"] == 0


def test_search_by_type_and_topic(api: httpx.Client) -> None:
    channels = get(api, "search", part="snippet", q="trawl", type="channel").json()
    chess = collect(
        api, "search", part="snippet", q="chess", type="video", maxResults=50
    )

    assert {r["id"]["kind"] for r in channels["items"]} == {"youtube#channel"}
    assert 50 < len(chess) < 200
    assert all("chess" in r["snippet"]["title"] for r in chess)


def test_the_same_seed_gives_the_same_corpus() -> None:
    first = synthetic_corpus(seed=3, videos=20)
    again = synthetic_corpus(seed=3, videos=20)
    other = synthetic_corpus(seed=4, videos=20)

    ids = [v.id for v in first.regular]
    assert ids == [v.id for v in again.regular]
    assert ids != [v.id for v in other.regular]
    assert (
        first.threads(ids[1], order="time", html=True)[:]
        == again.threads(ids[1], order="time", html=True)[:]
    )
