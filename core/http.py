"""Errors that carry a message meant for the visitor, and who the visitor is (``client_ip``)."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class NotFound(Http404):
    """A 404 whose message (translated) is shown on the error page."""

    def __init__(self, user_message: StrOrPromise) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class InvalidRequest(BadRequest):
    """A 400 whose message (translated) is shown on the error page."""

    def __init__(self, user_message: StrOrPromise) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class Forbidden(PermissionDenied):
    """A 403 whose message (translated) is shown on the error page."""

    def __init__(self, user_message: StrOrPromise) -> None:
        super().__init__(user_message)
        self.user_message = user_message


def client_ip(request: HttpRequest) -> str:
    """The address of whoever sent the request, seen through ``TRUSTED_PROXY_COUNT`` proxies.

    Each proxy appends the address it received the request from to ``X-Forwarded-For``, so
    with N trusted proxies in front of the servers the client is the N-th entry from the
    right; whatever stands to its left was written by the client itself and is never
    believed. With no trusted proxy (the default) the header is ignored altogether. A
    request that did not come through every proxy (too few entries), or whose entry is not
    an address, is known by ``REMOTE_ADDR``. The rule is allauth's
    (``ALLAUTH_TRUSTED_PROXY_COUNT`` follows the same setting), so the login limits, the
    API's and downloads' limits and the request log all see the same client.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    entries = forwarded.split(",")
    if len(entries) < count:
        return remote
    return _address(entries[-count]) or remote


def _address(value: str) -> str | None:
    """``value`` as a normalised IP address (without a port), or None."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
