"""One log line per request: method, path, status, duration, who asked and from where.

First in ``MIDDLEWARE``, so that the duration covers every other middleware and the
status is the one sent. Static files are skipped (WhiteNoise serves them, and they
would drown the lines that matter). In production the line is JSON (``core/logs.py``);
elsewhere the ``core.requests`` logger is silenced, since ``runserver`` already prints
each request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from core.http import client_ip
from core.logs import level_for_status, request_path

logger = logging.getLogger("core.requests")


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in person's id, if the request looked them up (never a query of its own)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    # A page that never needed its visitor leaves the lazy user unevaluated; evaluating it
    # here would cost a session and a user query on every such request.
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Log each request once it is answered, with its duration in milliseconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.skipped = tuple(url for url in (settings.STATIC_URL,) if url and url.startswith("/"))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.skipped and request.path.startswith(self.skipped):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        status = response.status_code
        path = request_path(request)
        logger.log(
            level_for_status(status),
            "%s %s %s",
            request.method,
            path,
            status,
            extra={
                "method": request.method,
                "path": path,
                "status": status,
                "duration_ms": duration_ms,
                "user_id": _user_id(request),
                # Through the trusted proxies, as the limits count it (core.http.client_ip).
                "client_ip": client_ip(request),
            },
        )
        return response
