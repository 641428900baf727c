"""trawl: collect YouTube and Reddit data through the official APIs."""

__version__ = "0.1.0"

import logging as _logging

from trawl.redact import RedactingFilter as _RedactingFilter

# httpx logs every request URL at INFO, and YouTube keys travel in the query
# string; scrub them at the source, whoever configures the handlers.
_logging.getLogger("httpx").addFilter(_RedactingFilter())
