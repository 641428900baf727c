"""trawl: collect YouTube and Reddit data through the official APIs."""

__version__ = "0.1.0"
