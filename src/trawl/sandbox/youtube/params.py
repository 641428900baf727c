"""Read and check the query parameters of one API request."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from trawl.sandbox.youtube import errors


@dataclass(frozen=True)
class Limits:
    """The ``maxResults`` range and default of one list method."""

    low: int
    high: int
    default: int


class Params:
    """Query parameters with the API's own validation rules."""

    def __init__(self, values: Mapping[str, Sequence[str]]) -> None:
        self._values = values

    def text(self, name: str) -> str | None:
        """Return the value of ``name``, joining repeats with commas."""
        found = self._values.get(name)
        if not found:
            return None
        return ",".join(found)

    def listed(self, name: str) -> list[str]:
        """Return the comma-separated values of ``name``, blanks dropped."""
        text = self.text(name) or ""
        return [piece.strip() for piece in text.split(",") if piece.strip()]

    def parts(self, allowed: Collection[str]) -> set[str]:
        """Return the requested ``part`` names; raise on a missing or bad one."""
        parts = self.listed("part")
        if not parts:
            raise errors.missing_part()
        for part in parts:
            if part not in allowed:
                raise errors.unknown_part(part)
        return set(parts)

    def page_size(self, limits: Limits) -> int:
        """Return ``maxResults`` within ``limits``; raise when outside."""
        text = self.text("maxResults")
        if text is None:
            return limits.default
        try:
            value = int(text)
        except ValueError as exc:
            raise errors.not_an_integer("maxResults", text) from exc
        if not limits.low <= value <= limits.high:
            raise errors.bad_value("maxResults", text, limits.low, limits.high)
        return value

    def choice(self, name: str, allowed: Collection[str], default: str) -> str:
        """Return the value of ``name`` if it is one of ``allowed``."""
        value = self.text(name) or default
        if value not in allowed:
            raise errors.bad_enum(name, value)
        return value

    def one_filter(self, names: Sequence[str]) -> str:
        """Return the single filter parameter present among ``names``."""
        present = [name for name in names if self.text(name)]
        if len(present) != 1:
            raise errors.missing_filter(", ".join(names))
        return present[0]
