"""google-api-python-client works against the sandbox unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from googleapiclient.discovery import Resource, build
from googleapiclient.errors import HttpError

from trawl.sandbox import running
from trawl.sandbox.youtube import create_app
from trawl.sandbox.youtube.synthetic import (
    COMMENTS_DISABLED,
    SHOWCASE,
    SHOWCASE_THREADS,
)


@pytest.fixture(scope="module")
def youtube() -> Iterator[Resource]:
    with running(create_app()) as base:
        yield build(
            "youtube",
            "v3",
            developerKey="google-client-key",
            static_discovery=True,
            client_options={"api_endpoint": base + "/"},
        )


def test_google_client_lists_a_video(youtube: Resource) -> None:
    answer = youtube.videos().list(part="snippet,statistics", id=SHOWCASE).execute()

    assert answer["items"][0]["id"] == SHOWCASE
    assert answer["items"][0]["statistics"]["commentCount"].isdigit()


def test_google_client_pages_through_comment_threads(youtube: Resource) -> None:
    threads = youtube.commentThreads()
    request = threads.list(part="snippet,replies", videoId=SHOWCASE, maxResults=100)
    ids: list[str] = []
    while request is not None:
        answer = request.execute()
        ids += [item["id"] for item in answer["items"]]
        request = threads.list_next(request, answer)

    assert len(ids) == len(set(ids)) == SHOWCASE_THREADS


def test_google_client_sees_the_error_reason(youtube: Resource) -> None:
    request = youtube.commentThreads().list(part="snippet", videoId=COMMENTS_DISABLED)

    with pytest.raises(HttpError) as caught:
        request.execute()

    assert caught.value.status_code == 403
    assert caught.value.error_details[0]["reason"] == "commentsDisabled"
