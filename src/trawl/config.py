"""Settings read from the environment (prefix ``TRAWL_``) with documented defaults."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob trawl reads; the README lists each with its default."""

    model_config = SettingsConfigDict(env_prefix="TRAWL_", extra="ignore")

    data_dir: Path = Field(default=Path.home() / ".trawl")
    database_url: str | None = None
    output_root: Path = Field(default=Path.home() / "output")

    api_url: str = "http://127.0.0.1:8000"
    api_key: str | None = None
    worker_key: str | None = None
    secret_key: str | None = None
    max_body_bytes: int = 8_388_608

    youtube_api_url: str = "https://www.googleapis.com/youtube/v3"

    reddit_auth_url: str = "https://www.reddit.com"
    reddit_api_url: str = "https://oauth.reddit.com"
    reddit_user_agent: str = "server:trawl:0.1.0 (by /u/{username})"
    reddit_requests_per_minute: int = 100

    lease_seconds: int = 60
    poll_seconds: float = 5.0
    http_timeout: float = 30.0
    max_retries: int = 5
    backoff_base: float = 1.0

    def resolved_database_url(self) -> str:
        """Return the configured database URL, or the SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'trawl.db'}"


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return Settings()
