"""Allow ``python -m trawl``."""

from trawl.cli import app

app(prog_name="trawl")
