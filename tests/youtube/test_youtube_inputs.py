"""Every way a job names its videos: a video, a playlist, a search, a list."""

from __future__ import annotations

import pytest

from trawl.client import ApiError

SHOW = "trawlShow01"
PLAYLIST = "PLtrawlDemoPlaylist000000000000000"
VIDEO_FORMS = [
    SHOW,
    f"https://www.youtube.com/watch?v={SHOW}&t=42s&list=PLx&index=2",
    f"https://m.youtube.com/watch?feature=share&v={SHOW}",
    f"https://music.youtube.com/watch?v={SHOW}&si=Qx",
    f"youtu.be/{SHOW}?si=AbC123&t=3",
    f"https://www.youtube.com/shorts/{SHOW}?feature=share",
    f"https://www.youtube.com/embed/{SHOW}?start=5&autoplay=1",
    f"https://www.youtube-nocookie.com/embed/{SHOW}?rel=0",
    f"https://www.youtube.com/live/{SHOW}?si=live-share",
]


def metadata_job(option: str, value: str, **extra: object) -> dict[str, object]:
    return {"option": option, "input": value, "actions": "metadata", **extra}


def test_video_job_reads_the_id_from_every_url_form(yt) -> None:  # type: ignore[no-untyped-def]
    jobs = [yt.submit(metadata_job("video", form)) for form in VIDEO_FORMS]

    assert yt.run() == dict.fromkeys(jobs, "SUCCESS")

    for job_uid in jobs:
        assert [v["id"] for v in yt.rows(job_uid, "videos")] == [SHOW]
        assert yt.job(job_uid)["job_detail"]["videos_ids"] == [SHOW]
    assert yt.stats()["units"] == {"default": len(jobs)}


@pytest.mark.parametrize(
    "value", ["https://vimeo.com/123456", "not a video", "https://youtube.com/feed"]
)
def test_video_job_refuses_what_is_not_a_youtube_video(yt, value: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApiError) as refused:
        yt.submit(metadata_job("video", value))

    assert refused.value.status == 422


def test_playlist_job_records_deleted_and_private_items_and_collects_the_rest(
    yt,
) -> None:  # type: ignore[no-untyped-def]
    items = [item["contentDetails"]["videoId"] for item in playlist(yt)]
    available = [v for v in items if v not in ("trawlGone00", "trawlPriv00")]
    job_uid = yt.submit(metadata_job("playlist", PLAYLIST))

    assert yt.run() == {job_uid: "SUCCESS"}

    detail = yt.job(job_uid)["job_detail"]
    assert detail["videos_ids"] == available
    assert [v["id"] for v in yt.rows(job_uid, "videos")] == available
    outcomes = yt.manifest(job_uid)["outcomes"]["video"]["items"]
    assert outcomes == {"trawlGone00": "deleted", "trawlPriv00": "private"}
    assert yt.stats()["requests"] == {"playlistItems": 4, "videos": 4}


def test_playlist_url_job_stops_at_the_cap_and_skips_gone_videos(yt) -> None:  # type: ignore[no-untyped-def]
    url = f"https://www.youtube.com/watch?v=trawlShow01&list={PLAYLIST}&index=1"
    job_uid = yt.submit(
        {"option": "playlist", "input": url, "actions": "comments", "videos": 9}
    )

    assert yt.run() == {job_uid: "SUCCESS"}

    ids = yt.job(job_uid)["job_detail"]["videos_ids"]
    assert len(ids) == 9
    assert "trawlGone00" not in ids and "trawlPriv00" not in ids
    assert yt.stats()["requests"]["playlistItems"] == 1
    assert yt.stats()["units"]["default"] == 1 + yt.least_units(ids, metadata=False)


def test_search_job_spends_the_search_bucket_and_stops_exactly_at_the_cap(
    yt,
) -> None:  # type: ignore[no-untyped-def]
    job_uid = yt.submit(metadata_job("query", "trawl demo", videos=60))

    assert yt.run() == {job_uid: "SUCCESS"}

    expected = search_ids(yt, "trawl demo")[:60]
    assert yt.job(job_uid)["job_detail"]["videos_ids"] == expected
    assert [v["id"] for v in yt.rows(job_uid, "videos")] == expected
    assert yt.manifest(job_uid)["quota_spent"] == {"search": 2, "default": 2}
    assert yt.stats()["units"] == {"search": 2, "default": 2}


def test_search_job_drops_videos_repeated_across_pages(serve_youtube) -> None:  # type: ignore[no-untyped-def]
    def repeat_first_page(endpoint: str, params: dict, body: dict) -> dict:
        if endpoint == "search" and params.get("pageToken"):
            body["items"] = first_page[:5] + body["items"]
        elif endpoint == "search":
            first_page[:] = body["items"]
        return body

    first_page: list[dict] = []
    yt = serve_youtube(tamper=repeat_first_page)
    job_uid = yt.submit(metadata_job("query", "trawl demo", videos=60))

    assert yt.run() == {job_uid: "SUCCESS"}

    ids = yt.job(job_uid)["job_detail"]["videos_ids"]
    assert ids == search_ids(yt, "trawl demo")[:60]
    assert len(yt.rows(job_uid, "videos")) == 60


def test_file_job_reads_ids_and_urls_skipping_blanks_comments_and_repeats(yt) -> None:  # type: ignore[no-untyped-def]
    content = "\n".join(
        [
            "# videos for the study, picked by hand",
            SHOW,
            "",
            "https://youtu.be/trawlZero00?si=abc   # nobody commented, on purpose",
            "   https://www.youtube.com/watch?v=trawlHidLik&t=1\r",
            f"https://www.youtube.com/shorts/{SHOW}",
            "  # an indented note",
            "https://www.youtube.com/embed/trawlNoCmts?start=3",
            "unknownVid1",
        ]
    )
    whole = yt.submit(metadata_job("file", content))
    capped = yt.submit(metadata_job("file", content, videos=2))

    assert yt.run() == {whole: "SUCCESS", capped: "SUCCESS"}

    listed = [SHOW, "trawlZero00", "trawlHidLik", "trawlNoCmts", "unknownVid1"]
    assert yt.job(whole)["job_detail"]["videos_ids"] == listed
    assert [v["id"] for v in yt.rows(whole, "videos")] == listed[:4]
    outcomes = yt.manifest(whole)["outcomes"]["video"]["items"]
    assert outcomes == {"unknownVid1": "videoNotFound"}
    assert yt.job(capped)["job_detail"]["videos_ids"] == listed[:2]
    assert [v["id"] for v in yt.rows(capped, "videos")] == listed[:2]


def playlist(yt) -> list[dict]:  # type: ignore[no-untyped-def]
    return list(yt.served.playlist_items(PLAYLIST))


def search_ids(yt, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    from trawl.sandbox.youtube.corpus import SearchQuery

    found = yt.served.search(SearchQuery(q=query, types=frozenset({"video"})))
    return [result["id"]["videoId"] for result in found]


@pytest.mark.parametrize(
    ("playlist_id", "reason"),
    [
        ("PLtrawlPrivatePlaylist000000000000", "playlistItemsNotAccessible"),
        ("PLtrawlNoSuchPlaylist0000000000000", "playlistNotFound"),
    ],
)
def test_playlist_job_fails_clearly_when_its_playlist_cannot_be_read(
    yt, playlist_id: str, reason: str
) -> None:  # type: ignore[no-untyped-def]
    job_uid = yt.submit(metadata_job("playlist", playlist_id))

    assert yt.run() == {job_uid: "FAILED"}

    detail = yt.job(job_uid)["job_detail"]
    assert detail["error"] is True
    assert playlist_id in detail["error_description"]
    assert reason in detail["error_description"]
    outcomes = yt.manifest(job_uid)["outcomes"]["playlist"]["items"]
    assert outcomes == {playlist_id: reason}


@pytest.mark.parametrize("actions", ["metadata", "comments", "metadata,comments"])
def test_a_video_job_for_a_missing_video_fails_and_says_so(yt, actions: str) -> None:  # type: ignore[no-untyped-def]
    seed_example = "https://youtube.com/id/109-4sjfl"
    job_uid = yt.submit({"option": "video", "input": seed_example, "actions": actions})

    assert yt.run() == {job_uid: "FAILED"}

    detail = yt.job(job_uid)["job_detail"]
    assert "109-4sjfl" in detail["error_description"]
    assert "videoNotFound" in detail["error_description"]
    assert detail["api_key_valid"] is True
