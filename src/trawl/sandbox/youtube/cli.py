"""``trawl sandbox youtube``: serve the sandbox API with uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer
import uvicorn

from trawl.sandbox.youtube.app import create_app
from trawl.sandbox.youtube.faults import Faults
from trawl.sandbox.youtube.recorded import load_corpus
from trawl.sandbox.youtube.synthetic import synthetic_corpus

logger = logging.getLogger(__name__)


def command(
    port: Annotated[int, typer.Option(help="TCP port to listen on.")],
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    corpus: Annotated[
        Optional[Path],  # noqa: UP045 - Typer reads the annotation at runtime
        typer.Option(help="Folder of recorded responses; synthetic if omitted."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic corpus.")] = 0,
    volume_comments: Annotated[
        int, typer.Option(help="Comments on the synthetic video trawlVolume.")
    ] = 0,
    daily_quota: Annotated[
        int, typer.Option(help="Units a day in each key's default bucket.")
    ] = 10_000,
    search_daily_calls: Annotated[
        int, typer.Option(help="search.list calls a day per key.")
    ] = 100,
    fail_rate: Annotated[
        float, typer.Option(help="Fraction of requests failing with 503.")
    ] = 0.0,
    fail_next: Annotated[int, typer.Option(help="Fail the next N requests.")] = 0,
    delay: Annotated[float, typer.Option(help="Seconds to wait per request.")] = 0.0,
    invalid_key: Annotated[
        Optional[list[str]],  # noqa: UP045 - Typer reads the annotation at runtime
        typer.Option(help="A key to refuse as invalid (repeatable)."),
    ] = None,
) -> None:
    """Serve the YouTube Data API v3 sandbox until interrupted."""
    chosen = (
        load_corpus(corpus)
        if corpus
        else synthetic_corpus(seed, volume_comments=volume_comments)
    )
    faults = Faults(
        fail_rate=fail_rate,
        fail_next=fail_next,
        seed=seed,
        delay_seconds=delay,
        invalid_keys=tuple(invalid_key or ()),
    )
    app = create_app(
        chosen,
        faults=faults,
        daily_quota=daily_quota,
        search_daily_calls=search_daily_calls,
    )
    logger.info("YouTube sandbox on http://%s:%d/youtube/v3", host, port)
    uvicorn.run(app, host=host, port=port, log_level="warning")
