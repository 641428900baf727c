"""Allow ``python -m trawl``."""

from trawl.cli import main

main()
