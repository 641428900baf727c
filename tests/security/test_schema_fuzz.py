"""Schemathesis against trawl's own OpenAPI, with each role's key, on 127.0.0.1.

Every operation gets ``EXAMPLES`` generated requests per role; each answer
must not be a 5xx and must match the status codes, content types and bodies
the schema declares.
"""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, given
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
VIDEO = {"option": "video", "input": "trawlShow01"}


def seed_data(http: Any) -> None:
    operator = http("operator")
    body = {"social_platform": "YOUTUBE", "api_token": "AIzaSyTrawlFuzz-00000000042"}
    operator.put("/api/v1/token/1", json=body)
    operator.post("/api/v1/jobs", json={"token_uid": 1, "job_detail": VIDEO})


def fuzz(operation: Any, url: str, headers: dict[str, str]) -> tuple[int, list[str]]:
    """Run one operation's examples; return how many ran and what failed."""
    ran, failed = 0, []

    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: schemathesis.Case) -> None:
        nonlocal ran
        ran += 1
        response = case.call(base_url=url, headers=headers, timeout=10)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Failure, FailureGroup) as exc:  # collect them all, then report
            failed.append(f"{operation.label}: {str(exc)[:600]}")

    run()
    return ran, failed


@pytest.mark.parametrize("role", ["operator", "worker"])
def test_no_5xx_and_answers_match_the_schema(
    stack: Any, http: Any, role: str, fuzz_tally: dict[str, int]
) -> None:
    seed_data(http)
    key = stack.settings.api_key if role == "operator" else stack.settings.worker_key
    headers = {"Authorization": f"Bearer {key}"}
    schema = schemathesis.openapi.from_url(f"{stack.url}/openapi.json", headers=headers)

    failures: list[str] = []
    for result in schema.get_all_operations():
        ran, failed = fuzz(result.ok(), stack.url, headers)
        fuzz_tally["cases"] += ran
        failures += failed
    fuzz_tally["failures"] += len(failures)

    assert not failures, "\n\n".join(failures[:10])
