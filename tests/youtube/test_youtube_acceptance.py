"""Acceptance: real recorded API responses, collected by real jobs, land intact.

The sandbox serves ``../shared/fixtures/real/youtube``. Two ``file`` jobs list
every video the recording reaches (recorded videos, videos with recorded
threads, playlist items and search results): one asks for metadata, one for
comments. They are separate because the recording holds threads for videos
whose ``videos.list`` answer it never captured; a metadata+comments job takes
videos.list's silence as "gone" and spends nothing on their comments, which
is right against the real API but would hide those threads here.

Orphan replies, whose thread no recording holds, are reachable only through
``comments.list?parentId=`` for a thread no video lists; trawl asks for the
replies of threads it has seen, so no job reaches them and the test checks
they are absent.
"""

from __future__ import annotations

from collections import Counter

from trawl.sandbox.youtube import RecordedCorpus, load_corpus

from ..conftest import shared_dir  # type: ignore[import-not-found]


def reachable_videos(corpus: RecordedCorpus) -> list[str]:
    ids = corpus.recorded_ids()
    found = dict.fromkeys([*ids.videos, *ids.threads_by_video])
    for playlist in ids.playlists:
        for item in corpus.playlist_items(playlist):
            found.setdefault(item["snippet"]["resourceId"]["videoId"], None)
    for video_id in ids.search.get("video", []):
        found.setdefault(video_id, None)
    return list(found)


def expected_comments(corpus: RecordedCorpus) -> list[str]:
    ids = corpus.recorded_ids()
    expected: list[str] = []
    for threads in ids.threads_by_video.values():
        for thread_id in threads:
            expected.append(thread_id)
            expected += ids.replies_by_thread.get(thread_id, [])
    return expected


def test_every_recorded_video_thread_and_reply_lands_once_intact(
    serve_youtube,
) -> None:  # type: ignore[no-untyped-def]
    corpus = load_corpus(shared_dir() / "fixtures" / "real" / "youtube")
    yt = serve_youtube(corpus)
    listed = "\n".join(reachable_videos(corpus))
    metadata = yt.submit({"option": "file", "input": listed, "actions": "metadata"})
    comments = yt.submit({"option": "file", "input": listed, "actions": "comments"})

    assert yt.run() == {metadata: "SUCCESS", comments: "SUCCESS"}

    assert_videos(corpus, yt.rows(metadata, "videos"))
    assert_comments(corpus, yt.rows(comments, "comments"))


def assert_videos(corpus: RecordedCorpus, videos: list[dict]) -> None:
    recorded = corpus.recorded_ids().videos
    assert sorted(video["id"] for video in videos) == sorted(recorded)
    for video in videos:
        (original,) = corpus.videos([video["id"]])
        assert video["snippet"] == original["snippet"]


def assert_comments(corpus: RecordedCorpus, comments: list[dict]) -> None:
    ids = [comment["id"] for comment in comments]
    assert Counter(ids) == Counter(expected_comments(corpus))
    for comment in comments:
        (original,) = corpus.comments([comment["id"]], html=True)
        assert comment["snippet"]["textDisplay"] == original["snippet"]["textDisplay"]
        assert comment["snippet"].get("textOriginal") == original["snippet"].get(
            "textOriginal"
        )
    orphans = set(corpus.recorded_ids().orphan_parents)
    assert orphans
    assert not [c for c in comments if c["snippet"].get("parentId") in orphans]
