"""Production settings for the load test's gunicorn, plus one thing: server errors are logged.

With DEBUG off Django sends a 500's traceback only to ADMINS by email, so under gunicorn it
would vanish; the load test needs it on stderr (var/load/gunicorn.log) to report the cause.
"""

from config.settings import *  # noqa: F403
from config.settings import LOGGING

LOGGING["loggers"]["django.request"] = {"handlers": ["console"], "level": "ERROR", "propagate": False}
