"""One request's way through the sandbox: key, quota, faults, then the method.

Order matters and follows the real API as far as it is known: a request
without a key or with a refused key costs nothing; every request that passes
the key check is charged before anything else can fail, so an invalid
parameter, an unknown video or an injected 5xx still costs its units.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trawl.sandbox.youtube import errors
from trawl.sandbox.youtube.corpus import Corpus
from trawl.sandbox.youtube.endpoints import HANDLERS
from trawl.sandbox.youtube.faults import FaultPlan, Faults, Mangle
from trawl.sandbox.youtube.params import Params
from trawl.sandbox.youtube.quota import Clock, CostTable, QuotaLedger
from trawl.sandbox.youtube.stats import Stats

logger = logging.getLogger(__name__)

_METRICS = {"search": "Search Queries"}


@dataclass(frozen=True)
class Outcome:
    """The status, JSON body and body damage of one answered request."""

    status: int
    body: dict[str, Any]
    mangle: Mangle = Mangle.NONE


class Sandbox:
    """The API behind the HTTP layer, shared by every request."""

    def __init__(
        self,
        corpus: Corpus,
        *,
        faults: Faults,
        daily: Mapping[str, int],
        clock: Clock,
    ) -> None:
        self.corpus = corpus
        self.table = CostTable.load()
        self.ledger = QuotaLedger(self.table, daily=daily, clock=clock)
        self.plan = FaultPlan(faults)
        self.stats = Stats()
        self.ledger.cap(faults.quota_caps)

    def set_faults(self, faults: Faults) -> None:
        """Replace the fault settings, quota caps included."""
        self.plan.replace(faults)
        self.ledger.cap(faults.quota_caps)

    def serve(self, endpoint: str, query: Mapping[str, Sequence[str]]) -> Outcome:
        """Answer one GET on ``/youtube/v3/<endpoint>``."""
        params = Params(query)
        key = params.text("key")
        try:
            body, mangle = self._answer(endpoint, key, params)
            outcome = Outcome(200, body, mangle)
        except errors.ApiError as error:
            outcome = self._failure(error)
        self.stats.record(key, endpoint=endpoint, status=outcome.status)
        logger.debug("%s answered %s", endpoint, outcome.status)
        return outcome

    def _answer(
        self, endpoint: str, key: str | None, params: Params
    ) -> tuple[dict[str, Any], Mangle]:
        if endpoint not in HANDLERS:
            raise errors.not_found_method(endpoint)
        method, handler = HANDLERS[endpoint]
        self._charge(self._accepted(key), method)
        verdict = self.plan.judge(endpoint)
        if verdict.error is not None:
            raise verdict.error
        return handler(self.corpus, params), verdict.mangle

    def _accepted(self, key: str | None) -> str:
        if not key:
            raise errors.missing_key()
        refused = self.plan.key_error(key)
        if refused is not None:
            raise refused
        return key

    def _charge(self, key: str, method: str) -> None:
        empty = self.ledger.charge(key, method)
        if empty is None:
            charge = self.table.methods[method]
            self.stats.spend(key, bucket=charge.bucket, units=charge.cost)
            return
        logger.info("bucket %s is empty for a key", empty)
        if empty == "default":
            raise errors.quota_exceeded()
        metric = _METRICS.get(empty, empty.title())
        limit = self.ledger.limits(key)[empty]
        raise errors.bucket_exhausted(metric, limit)

    def _failure(self, error: errors.ApiError) -> Outcome:
        template = self.corpus.error_template(error.reason)
        if template is not None and template["error"].get("code") == error.status:
            error = errors.from_template(template)
        return Outcome(error.status, error.body)
