"""``make bench``: print every benchmark's figures.

Run from the repository root: ``python -m bench`` (or one part:
``python -m bench youtube``, ``reddit``, ``reliability``).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any


def _parts() -> dict[str, Callable[[], Any]]:
    from bench import reddit_bench, reliability_bench, youtube_bench

    return {
        "youtube": youtube_bench.run,
        "reddit": reddit_bench.run,
        "reliability": reliability_bench.run,
    }


def main(chosen: list[str]) -> None:
    """Run the chosen benchmarks (all by default) and print their figures."""
    parts = _parts()
    for name in chosen or list(parts):
        started = time.monotonic()
        print(f"== {name}", flush=True)
        figures = parts[name]()
        print(json.dumps(figures, indent=2, default=str))
        print(f"({name}: {time.monotonic() - started:.0f} s)\n", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
