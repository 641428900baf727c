"""The recorded corpus: loading the real fixtures and serving them losslessly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from trawl.sandbox import running
from trawl.sandbox.youtube import Faults, RecordedCorpus, create_app, load_corpus
from trawl.sandbox.youtube.testing import collect, get, reason_of

pytestmark = pytest.mark.shared

ORPHAN_PARENT = "Ugw5zYU6n9pmIgAZWvN4AaABAg"
SHORT_THREAD = "UgwI_ylXVnzPS8Q-oAV4AaABAg"
PLAYLIST = "PLOU2XLYxmsIKpaV8h0AGE05so0fAwwfTw"


@pytest.fixture
def corpus(youtube_fixtures: Path) -> RecordedCorpus:
    return load_corpus(youtube_fixtures)


@pytest.fixture
def client(corpus: RecordedCorpus) -> Iterator[httpx.Client]:
    with running(create_app(corpus)) as base, httpx.Client(base_url=base) as http:
        yield http


def _recorded_items(folder: Path, kind: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("kind") == kind:
            items += body["items"]
    return items


def test_every_file_is_loaded(corpus: RecordedCorpus, youtube_fixtures: Path) -> None:
    assert sorted(corpus.files) == sorted(
        p.name for p in youtube_fixtures.glob("*.json")
    )


def test_recorded_ids_name_every_item(corpus: RecordedCorpus) -> None:
    ids = corpus.recorded_ids()

    assert ids.videos == ["D-lhorsDlUQ", "Ks-_Mh1QhMc", "GvgqDSnpRQM"]
    assert sum(len(t) for t in ids.threads_by_video.values()) == 30
    assert len(ids.threads_by_channel["UC_x5XG1OV2P6uZZ5FSM9Ttw"]) == 20
    assert sum(len(r) for r in ids.replies_by_thread.values()) == 5
    assert ids.orphan_parents == [ORPHAN_PARENT]
    assert ids.short_threads == {SHORT_THREAD: {"total": 2, "recorded": 0}}
    assert len(ids.playlists[PLAYLIST]) == 13
    assert len(ids.search["video"]) == 25
    assert len(ids.search["channel"]) == 5
    assert set(ids.errors) == {
        "keyInvalid",
        "SERVICE_UNAVAILABLE",
        "accessNotConfigured",
    }


def test_videos_are_served_exactly_as_recorded(
    client: httpx.Client, youtube_fixtures: Path
) -> None:
    recorded = _recorded_items(youtube_fixtures, "youtube#videoListResponse")
    parts = "snippet,contentDetails,status,statistics"
    ids = ",".join(v["id"] for v in recorded)

    served = get(client, "videos", part=parts, id=ids).json()["items"]

    assert served == recorded


def test_every_thread_and_reply_is_reachable_through_the_api(
    client: httpx.Client, corpus: RecordedCorpus
) -> None:
    ids = corpus.recorded_ids()
    threads: dict[str, dict[str, Any]] = {}
    for video in ids.threads_by_video:
        for thread in collect(
            client,
            "commentThreads",
            part="snippet,replies",
            videoId=video,
            maxResults=2,
        ):
            threads[thread["id"]] = thread
    replies = {
        reply["id"]
        for parent in ids.replies_by_thread
        for reply in collect(
            client, "comments", part="snippet", parentId=parent, maxResults=1
        )
    }

    assert set(threads) == {t for ts in ids.threads_by_video.values() for t in ts}
    assert replies == {r for rs in ids.replies_by_thread.values() for r in rs}


def test_threads_keep_their_recorded_form(
    client: httpx.Client, youtube_fixtures: Path
) -> None:
    recorded = _recorded_items(youtube_fixtures, "youtube#commentThreadListResponse")
    by_id = {t["id"]: t for t in recorded}

    served = collect(
        client, "commentThreads", part="snippet,replies", videoId="oXGL0rsaNf8"
    )

    assert served and all(t == by_id[t["id"]] for t in served)


def test_channel_threads_page_through_all_twenty(client: httpx.Client) -> None:
    threads = collect(
        client,
        "commentThreads",
        part="snippet",
        allThreadsRelatedToChannelId="UC_x5XG1OV2P6uZZ5FSM9Ttw",
        maxResults=7,
    )

    assert len({t["id"] for t in threads}) == 20


def test_orphan_replies_are_reachable_by_parent_id(client: httpx.Client) -> None:
    replies = collect(client, "comments", part="snippet", parentId=ORPHAN_PARENT)
    short = get(client, "comments", part="snippet", parentId=SHORT_THREAD).json()

    assert [r["snippet"]["textOriginal"] for r in replies] == [
        "this is the third reply!",
        "this is the second reply!",
        "hey, this is the replay",
    ]
    assert short["items"] == []


def test_known_video_without_threads_lists_none_and_unknown_is_404(
    client: httpx.Client,
) -> None:
    known = get(client, "commentThreads", part="snippet", videoId="Ks-_Mh1QhMc")
    unknown = get(client, "commentThreads", part="snippet", videoId="aaaaaaaaaaa")

    assert known.json()["items"] == []
    assert unknown.status_code == 404
    assert reason_of(unknown) == "videoNotFound"


def test_playlist_is_re_paged_in_recorded_order(
    client: httpx.Client, youtube_fixtures: Path
) -> None:
    recorded = _recorded_items(youtube_fixtures, "youtube#playlistItemListResponse")
    expected = [i for i in recorded if i["snippet"]["playlistId"] == PLAYLIST]

    served = collect(client, "playlistItems", part="snippet", playlistId=PLAYLIST)

    assert served == expected


def test_search_serves_recorded_results_for_any_query(client: httpx.Client) -> None:
    videos = collect(client, "search", part="snippet", q="anything", type="video")
    channels = collect(client, "search", part="snippet", type="channel", maxResults=50)

    assert len(videos) == 25
    assert len(channels) == 5


def test_channels_and_handles(client: httpx.Client) -> None:
    both = get(
        client,
        "channels",
        part="snippet,statistics,contentDetails,brandingSettings",
        id="UCK8sQmJBp8GCxrOtXWBpyEA,UC_x5XG1OV2P6uZZ5FSM9Ttw",
    ).json()

    assert [c["id"] for c in both["items"]] == [
        "UCK8sQmJBp8GCxrOtXWBpyEA",
        "UC_x5XG1OV2P6uZZ5FSM9Ttw",
    ]
    assert "brandingSettings" in both["items"][1]


def test_recorded_error_body_is_used_for_legacy_invalid_keys(
    corpus: RecordedCorpus, youtube_fixtures: Path
) -> None:
    faults = Faults(invalid_keys=("bad",), legacy_invalid_keys=True)
    recorded = json.loads(
        (
            youtube_fixtures / "python-youtube__error_response_keyInvalid.json"
        ).read_text()
    )
    with (
        running(create_app(corpus, faults=faults)) as base,
        httpx.Client(base_url=base) as http,
    ):
        response = get(http, "videos", part="id", id="D-lhorsDlUQ", key="bad")

    assert response.status_code == 400
    assert response.json() == recorded
