"""trawl's HTTP API (FastAPI); ``create_app`` builds it."""

from trawl.api.app import create_app

__all__ = ["create_app"]
