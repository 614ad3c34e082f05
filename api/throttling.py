"""How often a client may call the API: django-ninja's throttling, counted per client.

An anonymous client is counted by address (``core.http.client_ip``, through the trusted
proxies) against ``API_RATE_LIMIT_ANONYMOUS``; a request with a personal token by its
person, whatever server or address it comes from, against ``API_RATE_LIMIT_AUTHENTICATED``.
Beyond it the API answers 429 in JSON, like every other error, with ``Retry-After``.
"""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import Throttled

from api.errors import error_body
from core.limits import RateLimit


def _person(request: HttpRequest):
    """The token's owner, or None for an anonymous call.

    The API's authentication (api/tokens.py) sets ``request.auth`` and replaces
    ``request.user`` with the token's owner or an anonymous visitor, so that a session
    cookie never counts as a person here.
    """
    if getattr(request, "auth", None) is None:
        return None
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


class AnonymousLimit(RateLimit):
    """Calls without a token, per client address."""

    def applies(self, request: HttpRequest) -> bool:
        return _person(request) is None


class PersonLimit(RateLimit):
    """Calls with a personal token, per person."""

    def applies(self, request: HttpRequest) -> bool:
        return _person(request) is not None

    def get_ident(self, request: HttpRequest) -> str:
        return f"user-{_person(request).pk}"


THROTTLES = [
    AnonymousLimit("api-anonymous", "API_RATE_LIMIT_ANONYMOUS"),
    PersonLimit("api-person", "API_RATE_LIMIT_AUTHENTICATED"),
]


def install(api: NinjaAPI) -> None:
    """Answer a refused call with a French (or English) JSON 429; ninja adds ``Retry-After``."""

    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        # ninja's Retry-After is the same wait, rounded up.
        seconds = max(1, math.ceil(exc.wait or 1))
        detail = ngettext(
            "Trop de requêtes à l'API en peu de temps. Réessayez dans %(seconds)s seconde.",
            "Trop de requêtes à l'API en peu de temps. Réessayez dans %(seconds)s secondes.",
            seconds,
        ) % {"seconds": seconds}
        return api.create_response(request, error_body(detail), status=429)

    api.add_exception_handler(Throttled, throttled)
