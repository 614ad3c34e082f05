"""Production server settings: `gunicorn -c gunicorn.conf.py agirtot.wsgi`.

Workers are processes (the app is stateless): two per core plus one is the usual
starting point; each serves one request at a time, so slow clients are buffered by
the reverse proxy in front.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that memory stays bounded.
max_requests = 2000
max_requests_jitter = 200
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Gunicorn's own messages as JSON lines on stdout, like the application's (core/logs.py).
# Its access log is off: the application logs every request itself, with its duration and
# user (core/middleware.py), and without the query string.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"level": loglevel.upper(), "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"handlers": ["null"], "propagate": False},
    },
}


def post_worker_init(worker):
    """A response's headers and first part leave in one write (core/gunicorn_writes.py)."""
    from core.gunicorn_writes import coalesce_first_write

    coalesce_first_write()
