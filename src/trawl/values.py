"""Read the loosely typed values the seed's clients send ("45", "false", "")."""

from __future__ import annotations

import re
from typing import Any

from trawl.errors import InvalidInput

TRUE_WORDS = {"true", "1", "yes", "y", "on", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "off", "f", "", "none", "null"}
# Only a short plain word is echoed in an error: anything else may be a key or
# a password pasted into the wrong field.
ECHOED = re.compile(r"^[A-Za-z][A-Za-z _-]{0,19}$")


def to_bool(field: str, value: Any) -> bool:
    """Read a boolean given as a bool, a number or a word such as ``"false"``."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise InvalidInput(field, f"expected true or false, got {describe(value)}")


def to_int(
    field: str, value: Any, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Read a whole number given as a number or a string such as ``"45"``."""
    number = _parse_int(field, value)
    if minimum is not None and number < minimum:
        raise InvalidInput(field, f"must be at least {minimum}, got {number}")
    if maximum is not None and number > maximum:
        raise InvalidInput(field, f"must be at most {maximum}, got {number}")
    return number


def _parse_int(field: str, value: Any) -> int:
    if isinstance(value, bool):
        raise InvalidInput(field, f"expected a whole number, got {describe(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("+-").isdigit() and len(text) <= 18:
            return int(text)
    raise InvalidInput(field, f"expected a whole number, got {describe(value)}")


def to_text(
    field: str, value: Any, *, max_length: int, allow_empty: bool = False
) -> str:
    """Read a string of at most ``max_length`` characters."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidInput(field, f"expected a string, got {describe(value)}")
    text = value.strip()
    if not text and not allow_empty:
        raise InvalidInput(field, "must not be empty")
    if len(text) > max_length:
        raise InvalidInput(field, f"must be at most {max_length} characters")
    if "\x00" in text:
        raise InvalidInput(field, "must not contain NUL characters")
    if not text.isascii() and not _encodable(text):
        raise InvalidInput(field, "must not contain lone UTF-16 surrogates")
    return text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def to_choice(field: str, value: Any, choices: dict[str, str]) -> str:
    """Map ``value`` (case-insensitive, aliases allowed) onto one of ``choices``."""
    key = value.strip().lower() if isinstance(value, str) else None
    if key in choices:
        return choices[key]
    allowed = ", ".join(sorted(set(choices.values())))
    raise InvalidInput(field, f"must be one of {allowed}; got {describe(value)}")


def describe(value: Any) -> str:
    """Show a refused value in an error without repeating what may be a secret."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int | float):
        text = str(value)
        return text if len(text) <= 24 else f"a number of {len(text)} digits"
    if isinstance(value, str):
        return (
            repr(value) if ECHOED.match(value) else f"a text of {len(value)} characters"
        )
    return "a list" if isinstance(value, list) else "an object"
