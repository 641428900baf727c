"""Injected failures: what goes wrong, for which requests, deterministically.

``Faults`` is the setting (constructor argument or ``POST /_sandbox/faults``);
``FaultPlan`` applies it request by request. Counters (``*_next``) are used up
one per request that reaches them; the failing fraction draws from a hash of
``seed`` and the request's number, so the same settings and the same request
sequence fail the same requests.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from trawl.sandbox.youtube import errors


class Mangle(StrEnum):
    """Ways a response body can be damaged on its way out."""

    NONE = "none"
    TRUNCATE = "truncate"
    NOT_JSON = "not_json"


@dataclass(frozen=True)
class Faults:
    """Which failures to inject; every field defaults to none."""

    fail_next: int = 0
    fail_status: int = 503
    fail_rate: float = 0.0
    seed: int = 0
    delay_seconds: float = 0.0
    rate_limit_next: int = 0
    truncate_next: int = 0
    not_json_next: int = 0
    endpoints: tuple[str, ...] = ()
    invalid_keys: tuple[str, ...] = ()
    legacy_invalid_keys: bool = False
    unconfigured_keys: tuple[str, ...] = ()
    quota_caps: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Faults:
        """Build from a JSON object; raise ``ValueError`` on unknown fields."""
        known = {f.name for f in fields(cls)}
        unknown = set(raw) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(unknown)}")
        values = dict(raw)
        for name in ("endpoints", "invalid_keys", "unconfigured_keys"):
            if name in values:
                values[name] = tuple(values[name])
        if "quota_caps" in values:
            values["quota_caps"] = {k: int(v) for k, v in values["quota_caps"].items()}
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        """Return the settings as a JSON object."""
        raw = asdict(self)
        raw["endpoints"] = list(self.endpoints)
        raw["invalid_keys"] = list(self.invalid_keys)
        raw["unconfigured_keys"] = list(self.unconfigured_keys)
        raw["quota_caps"] = dict(self.quota_caps)
        return raw


@dataclass(frozen=True)
class Verdict:
    """What happens to one request: an error instead, or a damaged body."""

    error: errors.ApiError | None = None
    mangle: Mangle = Mangle.NONE


class FaultPlan:
    """Apply ``Faults`` to a stream of requests, in order."""

    def __init__(self, faults: Faults) -> None:
        self._lock = threading.Lock()
        self._faults = faults
        self._count = 0

    @property
    def faults(self) -> Faults:
        """Return the settings as they are now (counters used up so far)."""
        return self._faults

    def replace(self, faults: Faults) -> None:
        """Switch to new settings and restart the request count."""
        with self._lock:
            self._faults = faults
            self._count = 0

    def key_error(self, key: str) -> errors.ApiError | None:
        """Return the error for a key listed as invalid or not configured."""
        faults = self._faults
        if key in faults.unconfigured_keys:
            return errors.access_not_configured()
        if key not in faults.invalid_keys:
            return None
        if faults.legacy_invalid_keys:
            return errors.legacy_invalid_key()
        return errors.invalid_key()

    def judge(self, endpoint: str) -> Verdict:
        """Decide the fate of the next request to ``endpoint``."""
        with self._lock:
            faults = self._faults
            if faults.endpoints and endpoint not in faults.endpoints:
                return Verdict()
            self._count += 1
            error = self._error(faults)
            if error is not None:
                return Verdict(error=error)
            return Verdict(mangle=self._mangle(faults))

    def _error(self, faults: Faults) -> errors.ApiError | None:
        if faults.rate_limit_next > 0:
            self._faults = replace(faults, rate_limit_next=faults.rate_limit_next - 1)
            return errors.rate_limited()
        if faults.fail_next > 0:
            self._faults = replace(faults, fail_next=faults.fail_next - 1)
            return errors.backend_error(faults.fail_status)
        if faults.fail_rate and _draw(faults.seed, self._count) < faults.fail_rate:
            return errors.backend_error(faults.fail_status)
        return None

    def _mangle(self, faults: Faults) -> Mangle:
        if faults.not_json_next > 0:
            self._faults = replace(faults, not_json_next=faults.not_json_next - 1)
            return Mangle.NOT_JSON
        if faults.truncate_next > 0:
            self._faults = replace(faults, truncate_next=faults.truncate_next - 1)
            return Mangle.TRUNCATE
        return Mangle.NONE


def _draw(seed: int, number: int) -> float:
    digest = hashlib.sha256(f"{seed}:{number}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64
