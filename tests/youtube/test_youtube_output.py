"""The files a researcher opens: CSV safe for spreadsheets, JSONL as served."""

from __future__ import annotations

import csv
import io

import httpx

from trawl.youtube.columns import COMMENT_COLUMNS, VIDEO_COLUMNS

SHOW = "trawlShow01"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
OTHER_KEY = "test-reader-key-0003"


def spreadsheet_safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def test_csv_opens_and_keeps_awkward_text_without_running_formulas(yt) -> None:  # type: ignore[no-untyped-def]
    job_uid = yt.submit({"option": "video", "input": SHOW, "actions": "meta,comments"})
    assert yt.run() == {job_uid: "SUCCESS"}
    folder = yt.folder(job_uid)

    text = (folder / "comments.csv").read_bytes().decode("utf-8", errors="strict")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(COMMENT_COLUMNS)
    assert list(yt.table(job_uid, "videos")[0]) == list(VIDEO_COLUMNS)
    comments = {c["id"]: c["snippet"] for c in yt.rows(job_uid, "comments")}
    assert [row["comment_id"] for row in rows] == list(comments)
    for row in rows:
        original = comments[row["comment_id"]]["textOriginal"]
        assert row["text_original"] == spreadsheet_safe(original)
    originals = [snippet["textOriginal"] for snippet in comments.values()]
    assert_awkward(originals)
    firsts = {row["text_original"][:2] for row in rows}
    assert {"'=", "'+", "'-", "'@"} <= firsts


def test_jsonl_holds_each_resource_exactly_as_the_sandbox_served_it(yt) -> None:  # type: ignore[no-untyped-def]
    job_uid = yt.submit({"option": "video", "input": SHOW, "actions": "meta,comments"})
    assert yt.run() == {job_uid: "SUCCESS"}

    served = served_threads(yt)
    assert yt.rows(job_uid, "threads") == served
    comments = {c["id"]: c for c in yt.rows(job_uid, "comments")}
    for thread in served:
        top = thread["snippet"]["topLevelComment"]
        assert comments[top["id"]] == top
        for reply in served_replies(yt, thread):
            assert comments[reply["id"]] == reply
    assert_awkward([c["snippet"]["textOriginal"] for c in comments.values()])
    video = get(yt, "videos", id=SHOW, part=VIDEO_PARTS)["items"]
    assert yt.rows(job_uid, "videos") == video


VIDEO_PARTS = (
    "id,snippet,contentDetails,statistics,status,topicDetails,recordingDetails,"
    "liveStreamingDetails,localizations,player,paidProductPlacementDetails"
)


def assert_awkward(texts: list[str]) -> None:
    joined = "".join(texts)
    assert any(ord(char) > 0xFFFF for char in joined), "astral emoji"
    assert any("\u0600" <= char <= "\u06ff" for char in joined), "Arabic"
    assert any("\u0590" <= char <= "\u05ff" for char in joined), "Hebrew"
    assert any("\n" in text for text in texts)
    assert any("," in text and '"' in text for text in texts)


def served_threads(yt) -> list[dict]:  # type: ignore[no-untyped-def]
    params = {"part": "snippet,replies", "videoId": SHOW, "maxResults": 100}
    return pages(yt, "commentThreads", {**params, "textFormat": "plainText"})


def served_replies(yt, thread: dict) -> list[dict]:  # type: ignore[no-untyped-def]
    inline = thread.get("replies", {}).get("comments", [])
    if thread["snippet"]["totalReplyCount"] <= len(inline):
        return list(inline)
    params = {"part": "snippet", "parentId": thread["id"], "maxResults": 100}
    return pages(yt, "comments", {**params, "textFormat": "plainText"})


def pages(yt, endpoint: str, params: dict) -> list[dict]:  # type: ignore[no-untyped-def]
    items: list[dict] = []
    token = None
    while True:
        body = get(yt, endpoint, **params, **({"pageToken": token} if token else {}))
        items += body["items"]
        token = body.get("nextPageToken")
        if token is None:
            return items


def get(yt, endpoint: str, **params: object) -> dict:  # type: ignore[no-untyped-def]
    answer = httpx.get(
        f"{yt.url}/youtube/v3/{endpoint}", params={**params, "key": OTHER_KEY}
    )
    answer.raise_for_status()
    return dict(answer.json())
