"""Limits on how often one client may call the API or download files.

The counting is django-ninja's (``ninja.throttling.SimpleRateThrottle``: the times of
the client's recent requests, kept in Django's cache), so the API and the downloads
share one limiter. With ``REDIS_URL`` set the cache is Redis, and every server counts
against the same allowance. A client is known by ``core.http.client_ip`` (an IPv6 client
by its /64 network, which one subscriber usually holds whole, as allauth does); the
rate is read from a setting at each request, so that an environment variable or a test
changes it without a restart. A setting left empty removes the limit.

``DownloadLimitMiddleware`` applies ``DOWNLOAD_RATE_LIMIT`` to every download of the
site — another format of a page (``?format=csv|xlsx|svg|png``) or a view named in
``DOWNLOAD_VIEW_NAMES`` (open data files, library documents) — before the view does
any work, and answers 429 with a ``Retry-After`` header and a page in the visitor's
language. The API has its own limits and answers in JSON (``api/throttling.py``).
"""

from __future__ import annotations

import ipaddress
import math
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from ninja.throttling import SimpleRateThrottle

from core.http import client_ip

# The API counts its own requests (api/throttling.py); a ``format`` there is not a download.
API_PREFIX = "/api/"
# What ``?format=`` asks for when it asks for the page itself.
PAGE_FORMATS = ("", "html")


def client_key(request: HttpRequest) -> str:
    """Who is counted: the client's address, or its /64 network for IPv6."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _per_thread(name: str) -> property:
    """An attribute of the request being checked, kept apart for each thread.

    ninja keeps one throttle object per operation and stores the request's key and history
    on it between ``allow_request`` and ``wait``; a threaded server would mix them up.
    """

    def get(self: RateLimit) -> Any:
        return getattr(self._requests, name)

    def set_(self: RateLimit, value: Any) -> None:
        setattr(self._requests, name, value)

    return property(get, set_)


class RateLimit(SimpleRateThrottle):
    """At most the rate of ``setting`` per client, for the requests ``applies`` accepts."""

    key = _per_thread("key")
    history = _per_thread("history")
    now = _per_thread("now")

    def __init__(self, scope: str, setting: str) -> None:
        self.scope = scope
        self.setting = setting
        self._requests = threading.local()
        super().__init__()

    def get_rate(self) -> str | None:
        return getattr(settings, self.setting, None) or None

    def applies(self, request: HttpRequest) -> bool:
        """Whether the request counts against this limit (all of them, unless overridden)."""
        return True

    def get_ident(self, request: HttpRequest) -> str:
        return client_key(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if not self.applies(request):
            return None
        return f"limits:{self.scope}:{self.get_ident(request)}"

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def retry_after(self) -> int:
        """Whole seconds until the client may ask again (after a refused request)."""
        return max(1, math.ceil(self.wait() or self.duration or 1))


class DownloadLimitMiddleware:
    """Refuse a client's downloads beyond ``DOWNLOAD_RATE_LIMIT`` (429, ``Retry-After``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any):
        if not is_download(request):
            return None
        # A new limiter for each request: it holds the request's key and history.
        limit = RateLimit("download", "DOWNLOAD_RATE_LIMIT")
        if limit.allow_request(request):
            return None
        return too_many_downloads(request, limit.retry_after())


def is_download(request: HttpRequest) -> bool:
    """A file rather than a page: another format of a page, or a view that serves files."""
    if request.path.startswith(API_PREFIX):
        return False
    if request.GET.get("format", "") not in PAGE_FORMATS:
        return True
    match = request.resolver_match
    return match is not None and match.view_name in settings.DOWNLOAD_VIEW_NAMES


def too_many_downloads(request: HttpRequest, seconds: int) -> HttpResponse:
    """The 429 page: what happened and when to try again, in the visitor's language."""
    message = ngettext(
        "Vous avez téléchargé beaucoup de fichiers en peu de temps. Réessayez dans %(seconds)s seconde.",
        "Vous avez téléchargé beaucoup de fichiers en peu de temps. Réessayez dans %(seconds)s secondes.",
        seconds,
    ) % {"seconds": seconds}
    response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response
