"""The volume video: a fixed number of comments, generated on demand."""

from __future__ import annotations

from trawl.sandbox.youtube import synthetic_corpus
from trawl.sandbox.youtube.synthetic import VOLUME, reply_id, thread_id
from trawl.sandbox.youtube.testing import Serve, get


def test_volume_video_has_exactly_the_requested_comments(serve: Serve) -> None:
    with serve(synthetic_corpus(volume_comments=200_000)) as client:
        video = get(client, "videos", part="statistics", id=VOLUME).json()
        first = get(client, "commentThreads", part="snippet,replies", videoId=VOLUME)
        last = get(
            client, "comments", part="id", parentId=thread_id(VOLUME, 49_999)
        ).json()

    assert video["items"][0]["statistics"]["commentCount"] == "200000"
    assert len(first.json()["items"]) == 20
    assert [r["id"] for r in last["items"]] == [
        reply_id(thread_id(VOLUME, 49_999), j) for j in range(3)
    ]


def test_uneven_totals_are_exact_too() -> None:
    corpus = synthetic_corpus(videos=1, volume_comments=10_003)

    threads = corpus.threads(VOLUME, order="time", html=False)
    replies = sum(t["snippet"]["totalReplyCount"] for t in threads)

    assert len(threads) + replies == 10_003


def test_volume_video_is_absent_unless_asked_for(serve: Serve) -> None:
    with serve() as client:
        body = get(client, "videos", part="id", id=VOLUME).json()

    assert body["items"] == []
