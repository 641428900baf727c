"""Comment texts and authors for the synthetic corpus.

The awkward texts are here on purpose: astral-plane emoji, right-to-left
scripts, line breaks, commas and quotes, and leading ``=``, ``+``, ``-``,
``@`` that spreadsheet programs read as formulas.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

AWKWARD = (
    "Great video! 💪😊🎣 𝓽𝓻𝓪𝔀𝓵 👨‍👩‍👧",
    "مرحبا! هذا تعليق باللغة العربية، مع فاصلة.",
    "שלום עולם, זו תגובה בעברית",
    "first line\nsecond line\r\nthird line",
    'He said "hello, world", then left',
    '=HYPERLINK("http://example.invalid","click")',
    "+SUM(A1:A9)",
    "-2+3 is not a formula",
    "@everyone look at 3:14",
    "<b>not bold</b> & it's 'quoted'",
    "tab\tseparated\tvalues; semi;colons",
    "mixed: English then עברית then العربية 🙂",
)

_WORDS = (
    "great",
    "video",
    "thanks",
    "learned",
    "really",
    "helpful",
    "question",
    "about",
    "minute",
    "part",
    "watching",
    "again",
    "clear",
    "explanation",
    "nice",
    "editing",
)


@dataclass(frozen=True)
class Author:
    """Who wrote a synthetic comment."""

    handle: str
    channel_id: str | None


def number(*parts: object) -> int:
    """Return a stable pseudo-random integer for ``parts``."""
    text = ":".join(str(part) for part in parts).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def comment_text(*parts: object, awkward: bool = False) -> str:
    """Return the text of one comment, drawn from ``parts``."""
    value = number("text", *parts)
    if awkward or value % 7 == 0:
        return AWKWARD[value % len(AWKWARD)]
    count = 4 + value % 9
    words = [_WORDS[(value >> (4 * i)) % len(_WORDS)] for i in range(count)]
    return " ".join(words).capitalize() + "."


def author(*parts: object) -> Author:
    """Return the author of one comment; a few lack a channel id, as real ones do."""
    value = number("author", *parts) % 5000
    channel = None if value % 40 == 0 else f"UCviewer{value:016d}"
    return Author(handle=f"@viewer{value}", channel_id=channel)


def html_display(text: str) -> str:
    """Return ``text`` the way ``textFormat=html`` shows it."""
    escaped = (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )
    return escaped.replace("\r\n", "<br>").replace("\n", "<br>")
