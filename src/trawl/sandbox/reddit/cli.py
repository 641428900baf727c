"""The ``trawl sandbox reddit`` command: serve the sandbox with uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer
import uvicorn

from trawl.sandbox.reddit.app import create_app
from trawl.sandbox.reddit.faults import Faults
from trawl.sandbox.reddit.recorded import load_corpus
from trawl.sandbox.reddit.synthetic import synthetic_corpus

logger = logging.getLogger(__name__)


def command(
    port: Annotated[int, typer.Option(help="TCP port to listen on.")],
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    corpus: Annotated[
        Optional[Path],  # noqa: UP045 - Typer reads the annotation at runtime
        typer.Option(help="Folder of recorded cassettes; default: synthetic corpus."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic corpus.")] = 0,
    requests_per_window: Annotated[
        int, typer.Option(help="Requests each client id may make per window.")
    ] = 1000,
    window_seconds: Annotated[
        int, typer.Option(help="Rate-limit window length.")
    ] = 600,
    token_lifetime: Annotated[int, typer.Option(help="Seconds a token lives.")] = 3600,
    fail_rate: Annotated[
        float, typer.Option(help="Share of API requests answered 503.")
    ] = 0.0,
    fail_seed: Annotated[int, typer.Option(help="Seed of the failing share.")] = 0,
    delay: Annotated[float, typer.Option(help="Seconds added to each API call.")] = 0.0,
) -> None:
    """Serve the Reddit API sandbox until interrupted."""
    content = load_corpus(corpus) if corpus else synthetic_corpus(seed)
    faults = Faults(failure_rate=fail_rate, failure_seed=fail_seed, delay_seconds=delay)
    app = create_app(
        content,
        faults=faults,
        requests_per_window=requests_per_window,
        window_seconds=window_seconds,
        token_lifetime=token_lifetime,
    )
    logger.info("reddit sandbox starting", extra={"host": host, "port": port})
    uvicorn.run(app, host=host, port=port, log_level="info")
