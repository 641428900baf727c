"""The seed's HTTP contract: paths, payload shapes, enums and its own examples."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

SEED_TOKEN_EXAMPLE = b"""{
    "social_platform" : "YOUTUBE",
    "token_quota" : 23,
}"""
SEED_JOB_DETAIL = {
    "job_name": "freedomconvoyjob11",
    "job_submit": {
        "option_type": "VIDEO",
        "option_value": "https://youtube.com/id/109-4sjfl",
        "actions": ["METADATA", "COMMENT"],
        "video_count": "45",
    },
    "job_resume": {
        "current_quota": "0",
        "quota_exceeded": "false",
        "api_key_valid": "true",
        "all_videos_retrieved": "false",
        "all_comments_retrieved": "false",
        "error": "",
        "error_description": "",
    },
}
SEED_KEYS = {
    "job_uid",
    "token_uid",
    "token_detail",
    "job_status",
    "social_platform",
    "output_path",
    "job_detail",
}
YT_KEY = "AIzaSyFAKE-sandbox-key-000042"


def http(stack: Any, role: str = "operator") -> httpx.Client:
    key = stack.settings.api_key if role == "operator" else stack.settings.worker_key
    return httpx.Client(base_url=stack.url, headers={"Authorization": f"Bearer {key}"})


def youtube_token(client: httpx.Client, uid: str = "12343") -> None:
    body = {"social_platform": "YOUTUBE", "api_token": YT_KEY}
    assert client.put(f"/api/v1/token/{uid}", json=body).status_code == 200


def new_job(client: httpx.Client, detail: dict | None = None) -> dict:
    detail = detail or {
        "option": "video",
        "actions": "metadata, comments",
        "input": "trawlShow01",
        "videos": 50,
    }
    answer = client.post(
        "/api/v1/jobs", json={"token_uid": 12343, "job_detail": detail}
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_seed_token_example_with_trailing_comma_is_accepted(stack: Any) -> None:
    with http(stack) as client:
        answer = client.put("/api/v1/token/12343", content=SEED_TOKEN_EXAMPLE)
        assert answer.status_code == 200, answer.text
        assert answer.json()["token_detail"]["token_quota"] == 23


def test_token_put_names_the_missing_and_the_unknown_platform(stack: Any) -> None:
    with http(stack) as client:
        missing = client.put("/api/v1/token/t1", json={"token_quota": 5})
        unknown = client.put("/api/v1/token/t1", json={"social_platform": "TWITTER"})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"][-1] == "social_platform"
    assert unknown.status_code == 422
    assert "YOUTUBE" in unknown.json()["detail"][0]["msg"]
    assert "REDDIT" in unknown.json()["detail"][0]["msg"]


def test_seed_put_job_body_creates_and_updates(stack: Any) -> None:
    with http(stack) as client:
        youtube_token(client)
        body = {
            "token_uid": 12343,
            "social_platform": "YOUTUBE",
            "job_status": "CREATED",
        }
        created = client.put(
            "/api/v1/jobs",
            json={**body, "job_detail": SEED_JOB_DETAIL, "job_message": "string"},
        )
        assert created.status_code == 200, created.text
        job_uid = created.json()["job_uid"]
        updated = client.put(
            "/api/v1/jobs/",
            json={
                "job_uid": job_uid,
                **body,
                "job_detail": SEED_JOB_DETAIL,
                "job_message": "again",
            },
        )
    assert updated.status_code == 200, updated.text
    assert set(updated.json()) >= {"result"}
    detail = updated.json()["job_detail"]
    assert detail["option"] == "video"
    assert detail["actions"] == ["metadata", "comments"]
    assert detail["videos"] == 45
    assert detail["job_name"] == "freedomconvoyjob11"
    assert detail["quota_exceeded"] is False and detail["error"] is False


def test_both_detail_shapes_store_the_same_job(stack: Any) -> None:
    get_shape = {
        "option": "video",
        "actions": "metadata, comments",
        "input": "https://youtube.com/id/109-4sjfl",
        "videos": "45",
    }
    with http(stack) as client:
        youtube_token(client)
        first = new_job(client, get_shape)["job_detail"]
        second = new_job(client, SEED_JOB_DETAIL)["job_detail"]
    keys = ("option", "actions", "input", "videos")
    assert {k: first[k] for k in keys} == {k: second[k] for k in keys}


@pytest.mark.parametrize(
    "query",
    [
        "status=CREATED,PAUSED",
        "status=CREATED&status=PAUSED",
        "status={CREATED, PAUSED}",
        "status=%7BCREATED%2C%20PAUSED%7D",
        "status=created,paused",
    ],
)
def test_job_listing_filters_in_every_seed_spelling(stack: Any, query: str) -> None:
    with http(stack) as client:
        youtube_token(client)
        job = new_job(client)
        listed = client.get(f"/api/v1/jobs/?{query}")
        running = client.get("/api/v1/jobs?status=RUNNING")
    assert listed.status_code == 200, listed.text
    assert [j["job_uid"] for j in listed.json()] == [job["job_uid"]]
    assert running.json() == []


def test_listed_jobs_have_exactly_the_seed_keys(stack: Any) -> None:
    with http(stack) as client:
        youtube_token(client)
        new_job(client)
        jobs = client.get("/api/v1/jobs").json()
    assert [set(job) for job in jobs] == [SEED_KEYS]
    assert set(jobs[0]["token_detail"]) == {
        "api_token",
        "token_quota",
        "modified_quota_timestamp",
    }
    assert jobs[0]["token_uid"] == 12343


def test_unknown_status_names_the_allowed_values(stack: Any) -> None:
    with http(stack) as client:
        answer = client.get("/api/v1/jobs?status=DONE")
    assert answer.status_code == 422
    message = answer.json()["detail"][0]["msg"]
    assert "DONE" in message and "CREATED" in message and "SUCCESS" in message


def test_only_the_worker_sees_secrets(stack: Any) -> None:
    with http(stack) as client, http(stack, "worker") as worker:
        youtube_token(client)
        new_job(client)
        masked = client.get("/api/v1/jobs").json()[0]["token_detail"]["api_token"]
        clear = worker.get("/api/v1/jobs").json()[0]["token_detail"]["api_token"]
        tokens = client.get("/api/v1/tokens").text
    assert clear == YT_KEY
    assert masked == "****" + YT_KEY[-4:]
    assert YT_KEY not in tokens


def test_requests_without_a_valid_key_are_refused(stack: Any) -> None:
    with httpx.Client(base_url=stack.url) as anonymous:
        assert anonymous.get("/api/v1/jobs").status_code == 401
        bad = anonymous.get("/api/v1/jobs", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401
        assert anonymous.get("/health").status_code == 200


def test_two_claims_one_winner(stack: Any) -> None:
    with http(stack) as client, http(stack, "worker") as worker:
        youtube_token(client)
        job_uid = new_job(client)["job_uid"]
        first = worker.put(
            "/api/v1/jobs", json={"job_uid": job_uid, "job_status": "RUNNING"}
        )
        second = worker.put(
            "/api/v1/jobs", json={"job_uid": job_uid, "job_status": "RUNNING"}
        )
    assert first.status_code == 200 and first.json()["lease_id"]
    assert second.status_code == 409
    assert "RUNNING" in second.json()["detail"]


@pytest.mark.parametrize(
    ("status", "fragment"),
    [("SUCCESS", "cannot change a CREATED job to SUCCESS"), ("CREATED", None)],
)
def test_illegal_transitions_are_refused_with_a_message(
    stack: Any, status: str, fragment: str | None
) -> None:
    with http(stack) as client:
        youtube_token(client)
        job_uid = new_job(client)["job_uid"]
        answer = client.put(
            "/api/v1/jobs", json={"job_uid": job_uid, "job_status": status}
        )
    if fragment is None:
        assert answer.status_code == 200
    else:
        assert answer.status_code == 409
        assert fragment in answer.json()["detail"]


def test_finished_job_cannot_restart(stack: Any) -> None:
    with http(stack) as client, http(stack, "worker") as worker:
        youtube_token(client)
        job_uid = new_job(client)["job_uid"]
        lease = worker.put(
            "/api/v1/jobs", json={"job_uid": job_uid, "job_status": "RUNNING"}
        ).json()["lease_id"]
        done = worker.put(
            "/api/v1/jobs",
            json={"job_uid": job_uid, "job_status": "SUCCESS", "lease_id": lease},
        )
        again = worker.put(
            "/api/v1/jobs", json={"job_uid": job_uid, "job_status": "RUNNING"}
        )
    assert done.status_code == 200 and done.json()["job_status"] == "SUCCESS"
    assert again.status_code == 409


def test_unknown_job_and_token_are_404(stack: Any) -> None:
    with http(stack) as client:
        assert client.get("/api/v1/jobs/999").status_code == 404
        assert (
            client.put(
                "/api/v1/jobs", json={"job_uid": 999, "job_status": "FAILED"}
            ).status_code
            == 404
        )
        missing = client.post(
            "/api/v1/jobs",
            json={
                "token_uid": "nope",
                "job_detail": {"option": "video", "input": "trawlShow01"},
            },
        )
        assert missing.status_code == 404


def test_create_returns_uid_output_path_and_creation_time(stack: Any) -> None:
    with http(stack) as client:
        youtube_token(client)
        job = new_job(client)
    stamp = job["created_at"][:19].replace("-", "").replace("T", "").replace(":", "")
    assert job["output_path"].split("/")[-2] == "youtube"
    assert job["output_path"].split("/")[-1].startswith(stamp + "_")
    assert job["job_status"] == "CREATED"


@pytest.mark.parametrize(
    ("detail", "field"),
    [
        ({"option": "video", "input": "trawlZero00", "vidoes": 5}, "vidoes"),
        (
            {
                "job_submit": {"option_type": "VIDEO", "option_value": "x"},
                "option": "query",
            },
            "option",
        ),
        (
            {
                "job_submit": {
                    "option_type": "VIDEO",
                    "option_value": "trawlZero00",
                    "cap": 3,
                }
            },
            "cap",
        ),
    ],
)
def test_unknown_or_conflicting_detail_fields_are_refused(
    stack: Any, detail: dict, field: str
) -> None:
    with http(stack) as client:
        youtube_token(client)
        answer = client.post(
            "/api/v1/jobs", json={"token_uid": 12343, "job_detail": detail}
        )
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][-1] == field


def test_a_detail_sent_back_as_shown_is_accepted(stack: Any) -> None:
    with http(stack) as client:
        youtube_token(client)
        job = new_job(client)
        again = client.put(
            "/api/v1/jobs",
            json={"job_uid": job["job_uid"], "job_detail": job["job_detail"]},
        )
    assert again.status_code == 200, again.text


def test_token_and_checkpoint_of_a_job_cannot_be_changed_by_a_user(stack: Any) -> None:
    with http(stack) as client:
        youtube_token(client)
        client.put(
            "/api/v1/token/other",
            json={"social_platform": "YOUTUBE", "api_token": YT_KEY},
        )
        job_uid = new_job(client)["job_uid"]
        token = client.put(
            "/api/v1/jobs", json={"job_uid": job_uid, "token_uid": "other"}
        )
        checkpoint = client.put(
            "/api/v1/jobs",
            json={"job_uid": job_uid, "job_detail": {"checkpoint": {"x": 1}}},
        )
    assert token.status_code == 422
    assert token.json()["detail"][0]["loc"][-1] == "token_uid"
    assert checkpoint.status_code == 422
    assert checkpoint.json()["detail"][0]["loc"][-1] == "checkpoint"


def test_a_credential_sealed_under_another_key_is_a_503_not_a_missing_key(
    stack: Any,
) -> None:
    from cryptography.fernet import Fernet
    from sqlalchemy import create_engine, text

    from trawl.vault import Vault

    with http(stack) as client, http(stack, "worker") as worker:
        youtube_token(client)
        new_job(client)
        foreign = Vault([Fernet.generate_key().decode()]).seal({"api_token": YT_KEY})
        engine = create_engine(stack.settings.database_url)
        with engine.begin() as conn:
            conn.execute(text("UPDATE tokens SET sealed_secret = :s"), {"s": foreign})
        engine.dispose()
        listed = worker.get("/api/v1/jobs")
        masked = client.get("/api/v1/jobs")
    assert listed.status_code == 503
    assert "TRAWL_SECRET_KEY" in listed.json()["detail"]
    assert masked.status_code == 200
