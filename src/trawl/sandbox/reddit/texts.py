"""Text the synthetic corpus draws from, including the awkward cases."""

from __future__ import annotations

import html
import re

TRICKY_BODIES = (
    "日本語のコメントです。カカポはかわいい。",
    "这是一个中文评论，包含逗号，以及“引号”。",
    "مرحبا بالعالم، هذا تعليق تجريبي",
    "Emoji time 🦜🔥👍🏽 and a family 👨\u200d👩\u200d👧",
    'He said, "hello, world", then left.\nSecond line, with commas, and a tab\there.',
    "=SUM(A1:A9)",
    "+1 to this, it's right",
    "-- not a formula, just a dash",
    "@everyone look at this",
    "Fish & chips <b>not bold</b> -> 3 > 2 && 1 < 2",
    "Line one\r\nLine two\n\nParagraph three with trailing space ",
)

WORDS = (
    "river",
    "lantern",
    "copper",
    "meadow",
    "signal",
    "harbor",
    "orbit",
    "granite",
    "thistle",
    "beacon",
    "cinder",
    "willow",
    "prairie",
    "falcon",
    "quartz",
    "ember",
)

FLAIRS = (None, "Discussion", "News", "Question", "Meta")

SPECIAL_TITLES = {
    "unicode1": "多言語 テスト: 中文, العربية, emoji 🦜🎉",
    "csvtext1": '=HYPERLINK("x"), "quoted, with commas"\nand a newline',
    "htmlent1": "Fish & chips <b>bold</b> > tofu",
    "deleted1": "A post whose author deleted it",
    "removed1": "A post the moderators removed",
}

SPECIAL_SELFTEXTS = {
    "unicode1": "本文です。\nنص عربي هنا\n😀 done",
    "csvtext1": '+plus first\n-minus next\n@at last\n=equals, "quotes", commas',
    "htmlent1": "Tom & Jerry <i>forever</i> -> 5 > 4",
    "deleted1": "[deleted]",
    "removed1": "[removed]",
}


def phrase(number: int, length: int) -> str:
    """Return ``length`` words picked deterministically from ``number``."""
    words = []
    for position in range(length):
        words.append(WORDS[(number // (position + 1) + position * 7) % len(WORDS)])
    return " ".join(words)


def markdown_html(text: str) -> str:
    """Return the ``*_html`` rendering Reddit would give plain ``text``."""
    return f'<div class="md"><p>{html.escape(text, quote=False)}</p>\n</div>'


def slug(title: str) -> str:
    """Return the permalink slug Reddit derives from a title."""
    words = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")
    return words[:50].rstrip("_") or "post"
