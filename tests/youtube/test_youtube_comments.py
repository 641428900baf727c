"""Metadata in batches, and every thread and reply exactly once, however lists end."""

from __future__ import annotations

from collections import Counter

SHOW = "trawlShow01"
PUBLIC_PARTS = {
    "id",
    "snippet",
    "contentDetails",
    "statistics",
    "status",
    "topicDetails",
    "recordingDetails",
    "liveStreamingDetails",
    "localizations",
    "player",
    "paidProductPlacementDetails",
}
REPLIES = {0: 7, 1: 150, 2: 5, 3: 100, 4: 101}


def thread_of(index: int) -> str:
    return f"Ugx{SHOW}{index:08d}AaABAg"


def comments_job(*videos: str) -> dict[str, object]:
    return {"option": "file", "input": "\n".join(videos), "actions": "comments"}


def test_metadata_asks_for_at_most_50_ids_and_every_public_part(serve_youtube) -> None:  # type: ignore[no-untyped-def]
    yt = serve_youtube(record=True)
    ids = [video.id for video in yt.served.regular[:120]]
    job_uid = yt.submit({"option": "file", "input": "\n".join(ids), "actions": "meta"})

    assert yt.run() == {job_uid: "SUCCESS"}

    sent = yt.proxy.sent("videos")
    assert [len(params["id"].split(",")) for params in sent] == [50, 50, 20]
    assert all(set(params["part"].split(",")) == PUBLIC_PARTS for params in sent)
    assert [v["id"] for v in yt.rows(job_uid, "videos")] == ids


def test_every_thread_and_reply_is_collected_exactly_once(yt) -> None:  # type: ignore[no-untyped-def]
    job_uid = yt.submit(comments_job(SHOW))

    assert yt.run() == {job_uid: "SUCCESS"}

    comments = yt.rows(job_uid, "comments")
    ids = [comment["id"] for comment in comments]
    assert sorted(ids) == sorted(yt.comment_ids(SHOW))
    assert len(ids) == len(set(ids))
    replies = Counter(c["snippet"].get("parentId") for c in comments)
    assert {i: replies[thread_of(i)] for i in REPLIES} == REPLIES
    assert yt.stats()["requests"] == {"commentThreads": 3, "comments": 33}


def test_a_repeated_page_token_ends_only_that_list(serve_youtube) -> None:  # type: ignore[no-untyped-def]
    def repeat_token(endpoint: str, params: dict, body: dict) -> dict:
        token = params.get("pageToken")
        if token and params.get("videoId") == SHOW:
            body["nextPageToken"] = token
        if token and params.get("parentId") == thread_of(1):
            body["nextPageToken"] = first_reply_token[0]
        if not token and params.get("parentId") == thread_of(1):
            first_reply_token.append(body["nextPageToken"])
        return body

    first_reply_token: list[str] = []
    yt = serve_youtube(tamper=repeat_token, record=True)
    job_uid = yt.submit(comments_job(SHOW, "trawlHidLik"))

    assert yt.run() == {job_uid: "SUCCESS"}

    threads = yt.rows(job_uid, "threads")
    assert len(threads) == 200 + 3
    replies = Counter(
        c["snippet"].get("parentId") for c in yt.rows(job_uid, "comments")
    )
    assert replies[thread_of(1)] == 150
    asked = [p for p in yt.proxy.sent("comments") if p["parentId"] == thread_of(1)]
    assert len(asked) == 2
    assert len(yt.proxy.sent("commentThreads")) == 2 + 1


def test_an_empty_page_ends_only_that_list(serve_youtube) -> None:  # type: ignore[no-untyped-def]
    def empty_second_page(endpoint: str, params: dict, body: dict) -> dict:
        if params.get("pageToken") and params.get("videoId") == SHOW:
            body["items"] = []
        if params.get("parentId") == thread_of(0):
            body["items"], body["nextPageToken"] = [], "more-to-come"
        return body

    yt = serve_youtube(tamper=empty_second_page)
    job_uid = yt.submit(comments_job(SHOW, "trawlHidLik"))

    assert yt.run() == {job_uid: "SUCCESS"}

    threads = [t["id"] for t in yt.rows(job_uid, "threads")]
    assert len(threads) == 100 + 3
    replies = Counter(
        c["snippet"].get("parentId") for c in yt.rows(job_uid, "comments")
    )
    assert replies[thread_of(0)] == 0
    assert replies[thread_of(1)] == 150


def test_a_rejected_page_token_restarts_the_list_once_without_duplicates(
    serve_youtube,
) -> None:  # type: ignore[no-untyped-def]
    def spoil_first_token(endpoint: str, params: dict, body: dict) -> dict:
        if endpoint == "commentThreads" and not spoiled:
            spoiled.append(body["nextPageToken"])
            body["nextPageToken"] = "c3BvaWxlZDox"
        return body

    spoiled: list[str] = []
    yt = serve_youtube(tamper=spoil_first_token)
    job_uid = yt.submit(comments_job(SHOW))

    assert yt.run() == {job_uid: "SUCCESS"}

    ids = [comment["id"] for comment in yt.rows(job_uid, "comments")]
    assert sorted(ids) == sorted(yt.comment_ids(SHOW))
    assert yt.stats()["statuses"] == {"200": 3 + 1 + 33, "400": 1}
    assert yt.manifest(job_uid)["outcomes"] == {}
