"""The ``trawl`` command: serve the API, run the scheduler, manage tokens and jobs."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from trawl import logs
from trawl.auth import Role, bind_warning, client_key
from trawl.client import ApiClient
from trawl.config import get_settings
from trawl.errors import TrawlError
from trawl.redact import redact

log = logging.getLogger(__name__)
app = typer.Typer(
    help="Collect YouTube and Reddit data through the official APIs.",
    no_args_is_help=True,
)
token_app = typer.Typer(help="Register and list credentials.", no_args_is_help=True)
job_app = typer.Typer(help="Submit and follow jobs.", no_args_is_help=True)
sandbox_app = typer.Typer(
    help="Local stand-ins for the YouTube and Reddit APIs.", no_args_is_help=True
)
app.add_typer(token_app, name="token")
app.add_typer(job_app, name="job")
app.add_typer(sandbox_app, name="sandbox")

ApiUrl = Annotated[
    str | None, typer.Option("--api", help="trawl API URL [default: TRAWL_API_URL]")
]
LogLevel = Annotated[str, typer.Option("--log-level", help="DEBUG, INFO, WARNING")]


def _client(api: str | None, role: Role = Role.OPERATOR) -> ApiClient:
    settings = get_settings()
    # A person at a prompt wants an answer soon; the scheduler waits out restarts.
    retries = 8 if role == Role.WORKER else 2
    return ApiClient(
        api or settings.api_url,
        client_key(settings, role),
        timeout=settings.http_timeout,
        retries=retries,
    )


def _show(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to bind")] = 8000,
    log_level: LogLevel = "INFO",
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from trawl.api import create_app

    logs.configure(log_level)
    if warning := bind_warning(host):
        log.warning(warning, extra={"host": host})
    uvicorn.run(create_app(get_settings()), host=host, port=port, log_config=None)


@app.command()
def scheduler(
    api: ApiUrl = None,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="jobs at once")] = 2,
    once: Annotated[bool, typer.Option(help="exit when nothing is runnable")] = False,
    log_level: LogLevel = "INFO",
) -> None:
    """Poll the API and run CREATED and due PAUSED jobs."""
    from trawl.scheduler import Scheduler

    logs.configure(log_level)
    settings = get_settings()
    runner = Scheduler(
        client=_client(api, Role.WORKER),
        settings=settings,
        concurrency=concurrency,
        once=once,
    )
    runner.install_signal_handlers()
    results = runner.run()
    for job_uid, status in sorted(results.items()):
        typer.echo(f"job {job_uid}: {status}")
    if runner.fatal:
        typer.echo(f"error: {runner.fatal}", err=True)
        raise typer.Exit(2)


SECRET_OPTIONS = {
    "api_token": "YOUTUBE",
    "client_id": "REDDIT",
    "secret_token": "REDDIT",
    "username": "REDDIT",
    "password": "REDDIT",
}


@token_app.command("put")
def token_put(
    ctx: typer.Context,
    token_uid: Annotated[str, typer.Argument(help="your name for the token")],
    platform: Annotated[str, typer.Option("--platform", help="YOUTUBE or REDDIT")],
    api_token: Annotated[
        str | None, typer.Option(envvar="TRAWL_YOUTUBE_KEY", help="YouTube API key")
    ] = None,
    quota: Annotated[int | None, typer.Option(help="units left today")] = None,
    daily_quota: Annotated[int | None, typer.Option(help="units per day")] = None,
    client_id: Annotated[
        str | None, typer.Option(envvar="TRAWL_REDDIT_CLIENT_ID")
    ] = None,
    secret_token: Annotated[
        str | None, typer.Option(envvar="TRAWL_REDDIT_SECRET")
    ] = None,
    username: Annotated[
        str | None, typer.Option(envvar="TRAWL_REDDIT_USERNAME")
    ] = None,
    password: Annotated[
        str | None, typer.Option(envvar="TRAWL_REDDIT_PASSWORD")
    ] = None,
    api: ApiUrl = None,
) -> None:
    """Create or update a token.

    Credentials given as options are always sent. Those read from environment
    variables fill only a token of their platform that lacks them, so an
    exported key never replaces another token's key.
    """
    platform = platform.upper()
    client = _client(api)
    given = {
        "api_token": api_token,
        "client_id": client_id,
        "secret_token": secret_token,
        "username": username,
        "password": password,
    }
    stored = _stored_detail(client, token_uid)
    body: dict[str, Any] = {"social_platform": platform}
    for name, value in given.items():
        if value is None:
            continue
        source = ctx.get_parameter_source(name)
        from_env = getattr(source, "name", "") == "ENVIRONMENT"
        if not from_env or (SECRET_OPTIONS[name] == platform and not stored.get(name)):
            body[name] = value
    body.update(
        {
            k: v
            for k, v in (("token_quota", quota), ("daily_quota", daily_quota))
            if v is not None
        }
    )
    _run(lambda: _show(client.put_token(token_uid, body)))


def _stored_detail(client: ApiClient, token_uid: str) -> dict[str, Any]:
    try:
        return dict(client.get_token(token_uid)["token_detail"])
    except TrawlError:
        return {}


@token_app.command("list")
def token_list(api: ApiUrl = None) -> None:
    """List tokens with their quota (secrets masked)."""
    _run(lambda: _show(_client(api).list_tokens()))


@job_app.command("submit")
def job_submit(
    token: Annotated[str, typer.Option(help="token uid")],
    detail: Annotated[str | None, typer.Option(help="job_detail as JSON")] = None,
    option: Annotated[
        str | None, typer.Option(help="YouTube: video, playlist, query, file")
    ] = None,
    input: Annotated[
        str | None, typer.Option("--input", help="YouTube: id, URL or query")
    ] = None,
    input_file: Annotated[
        Path | None, typer.Option(help="YouTube: a file of video ids or URLs")
    ] = None,
    actions: Annotated[
        str, typer.Option(help="YouTube: metadata,comments")
    ] = "metadata,comments",
    videos: Annotated[
        int | None, typer.Option(help="YouTube: at most this many videos")
    ] = None,
    name: Annotated[str | None, typer.Option(help="a name for the job")] = None,
    api: ApiUrl = None,
) -> None:
    """Submit a job; give --detail JSON (any seed shape) or the YouTube options."""
    if detail is not None:
        if option or input or input_file or videos is not None:
            raise typer.BadParameter("give --detail or the YouTube options, not both")
        job_detail = json.loads(detail)
    else:
        text = input_file.read_text(encoding="utf-8") if input_file else input
        job_detail = {
            "option": "file" if input_file else option,
            "input": text,
            "actions": actions,
        }
        if videos is not None:
            job_detail["videos"] = videos
    body = {"token_uid": token, "job_detail": job_detail, "job_name": name}
    _run(lambda: _show(_client(api).create_job(body)))


@job_app.command("list")
def job_list(
    status: Annotated[str | None, typer.Option(help="e.g. CREATED,PAUSED")] = None,
    api: ApiUrl = None,
) -> None:
    """List jobs."""
    statuses = status.split(",") if status else None
    _run(lambda: _show(_client(api).list_jobs(statuses)))


@job_app.command("show")
def job_show(job_uid: int, api: ApiUrl = None) -> None:
    """Show one job."""
    _run(lambda: _show(_client(api).get_job(job_uid)))


@job_app.command("files")
def job_files(job_uid: int, api: ApiUrl = None) -> None:
    """List a job's output files."""
    _run(lambda: _show(_client(api).files(job_uid)))


@job_app.command("pause")
def job_pause(job_uid: int, api: ApiUrl = None) -> None:
    """Pause a job until you resume it."""
    _run(lambda: _show(_client(api).job_action(job_uid, "pause")))


@job_app.command("resume")
def job_resume(job_uid: int, api: ApiUrl = None) -> None:
    """Let a paused job run again."""
    _run(lambda: _show(_client(api).job_action(job_uid, "resume")))


@job_app.command("cancel")
def job_cancel(job_uid: int, api: ApiUrl = None) -> None:
    """Cancel a job (it ends FAILED)."""
    _run(lambda: _show(_client(api).job_action(job_uid, "cancel")))


@app.command()
def demo(
    keep: Annotated[
        Path, typer.Option(help="folder for the demo's data and output")
    ] = Path("demo-output"),
) -> None:
    """Run YouTube and Reddit jobs end to end against the local sandboxes."""
    from trawl.demo import run_demo

    logs.configure("WARNING")
    sys.exit(run_demo(keep))


@app.command("rotate-key")
def rotate_key() -> None:
    """Re-encrypt every stored credential under a new key (stop the API first)."""
    from trawl.db import Database, migrate
    from trawl.vault import rotate_all

    logs.configure("INFO")
    settings = get_settings()
    database = Database(settings.resolved_database_url())
    migrate(database.engine)
    try:
        count, advice = rotate_all(settings, database)
    except TrawlError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"re-encrypted {count} credentials under the newest key. {advice}")


def main() -> None:
    """Run the ``trawl`` command; expected failures print one line, not a traceback."""
    from pydantic import ValidationError
    from sqlalchemy.exc import SQLAlchemyError

    try:
        app()
    except (TrawlError, ValidationError, SQLAlchemyError, OSError, ValueError) as exc:
        typer.echo(f"error: {_one_line(exc)}", err=True)
        sys.exit(2)


def _one_line(exc: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError) and exc.title == "Settings":
        problems = (
            f"TRAWL_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors()
        )
        return "; ".join(problems)
    text = str(exc).strip().splitlines()
    return redact(text[0] if text else type(exc).__name__)


def _register_sandboxes() -> None:
    from trawl.sandbox.reddit import cli as reddit_cli
    from trawl.sandbox.youtube import cli as youtube_cli

    sandbox_app.command("youtube", help="Serve the YouTube Data API sandbox.")(
        youtube_cli.command
    )
    sandbox_app.command("reddit", help="Serve the Reddit API sandbox.")(
        reddit_cli.command
    )


def _run(action: Any) -> None:
    try:
        action()
    except (TrawlError, json.JSONDecodeError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


_register_sandboxes()
