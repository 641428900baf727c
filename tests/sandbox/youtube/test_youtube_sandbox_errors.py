"""Error answers: status, reason and body shape for each failure."""

from __future__ import annotations

import httpx
import pytest

from trawl.sandbox.youtube import Faults
from trawl.sandbox.youtube.synthetic import (
    COMMENTS_DISABLED,
    DELETED,
    PRIVATE,
    PRIVATE_PLAYLIST,
    SHOWCASE,
)
from trawl.sandbox.youtube.testing import Serve, get, reason_of


def test_a_missing_key_is_a_403_with_the_real_message(api: httpx.Client) -> None:
    response = api.get("/youtube/v3/videos", params={"part": "id", "id": SHOWCASE})

    assert response.status_code == 403
    assert response.json() == {
        "error": {
            "code": 403,
            "message": "The request is missing a valid API key.",
            "errors": [
                {
                    "message": "The request is missing a valid API key.",
                    "domain": "global",
                    "reason": "forbidden",
                }
            ],
            "status": "PERMISSION_DENIED",
        }
    }


def test_invalid_keys_are_refused_in_current_and_legacy_shapes(serve: Serve) -> None:
    current = Faults(invalid_keys=("bad",))
    legacy = Faults(invalid_keys=("bad",), legacy_invalid_keys=True)
    with serve(faults=current) as client:
        now = get(client, "videos", part="id", id=SHOWCASE, key="bad")
        good = get(client, "videos", part="id", id=SHOWCASE, key="good")
    with serve(faults=legacy) as client:
        old = get(client, "videos", part="id", id=SHOWCASE, key="bad")

    assert now.status_code == 400
    error = now.json()["error"]
    assert error["message"] == "API key not valid. Please pass a valid API key."
    assert error["status"] == "INVALID_ARGUMENT"
    assert error["errors"][0]["reason"] == "badRequest"
    assert good.status_code == 200
    assert old.status_code == 400
    assert old.json()["error"]["errors"][0] == {
        "message": "Bad Request",
        "domain": "usageLimits",
        "reason": "keyInvalid",
    }


def test_an_unconfigured_project_is_a_403_access_not_configured(serve: Serve) -> None:
    with serve(faults=Faults(unconfigured_keys=("off",))) as client:
        response = get(client, "videos", part="id", id=SHOWCASE, key="off")

    assert response.status_code == 403
    assert reason_of(response) == "accessNotConfigured"


@pytest.mark.parametrize(
    ("endpoint", "params", "status", "reason"),
    [
        ("commentThreads", {"videoId": DELETED}, 404, "videoNotFound"),
        ("commentThreads", {"videoId": PRIVATE}, 404, "videoNotFound"),
        ("commentThreads", {"videoId": "nosuchvideo"}, 404, "videoNotFound"),
        ("commentThreads", {"videoId": COMMENTS_DISABLED}, 403, "commentsDisabled"),
        (
            "commentThreads",
            {"allThreadsRelatedToChannelId": "UCnone"},
            404,
            "channelNotFound",
        ),
        ("comments", {"parentId": "UgxNoSuchThread"}, 404, "commentNotFound"),
        ("playlistItems", {"playlistId": "PLnope"}, 404, "playlistNotFound"),
        (
            "playlistItems",
            {"playlistId": PRIVATE_PLAYLIST},
            403,
            "playlistItemsNotAccessible",
        ),
    ],
)
def test_missing_or_refused_targets_get_their_real_reason(
    api: httpx.Client, endpoint: str, params: dict[str, str], status: int, reason: str
) -> None:
    response = get(api, endpoint, part="snippet", **params)

    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == status
    assert error["errors"][0]["reason"] == reason
    assert error["errors"][0]["message"] == error["message"]


def test_comments_disabled_names_the_video_parameter(api: httpx.Client) -> None:
    response = get(api, "commentThreads", part="snippet", videoId=COMMENTS_DISABLED)

    entry = response.json()["error"]["errors"][0]
    assert entry["domain"] == "youtube.commentThread"
    assert entry["location"] == "videoId"
    assert "has disabled comments" in entry["message"]


def test_unknown_or_missing_part_is_a_400(api: httpx.Client) -> None:
    unknown = get(api, "videos", part="snippet,bogus", id=SHOWCASE)
    missing = get(api, "videos", id=SHOWCASE)

    assert unknown.status_code == 400
    assert reason_of(unknown) == "unknownPart"
    assert unknown.json()["error"]["errors"][0]["location"] == "part"
    assert missing.status_code == 400
    assert reason_of(missing) == "required"


def test_more_than_50_ids_is_a_400(api: httpx.Client) -> None:
    fifty = get(api, "videos", part="id", id=",".join([SHOWCASE] * 50))
    fifty_one = get(api, "videos", part="id", id=",".join([SHOWCASE] * 51))

    assert fifty.status_code == 200
    assert fifty_one.status_code == 400
    assert fifty_one.json()["error"]["errors"][0]["location"] == "id"


def test_no_filter_is_a_400(api: httpx.Client) -> None:
    response = get(api, "commentThreads", part="snippet")

    assert response.status_code == 400
    assert reason_of(response) == "missingRequiredParameter"


def test_an_unknown_method_is_a_json_404(api: httpx.Client) -> None:
    response = get(api, "captions", part="snippet")

    assert response.status_code == 404
    assert reason_of(response) == "notFound"
