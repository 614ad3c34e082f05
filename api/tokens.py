"""Who is calling: a bearer token (``Authorization: Bearer <clé>``), or nobody.

The API never reads the session cookie: a request acts as the token's owner or as an
anonymous visitor, so a page open in a browser cannot lend its session to a script
(and token-authenticated writes need no CSRF token).

TOKEN_OPTIONAL is the whole API's default (``NinjaAPI(auth=...)``): every operation,
public data included, reads the Authorization header the same way, and refuses (401) a
header that names nobody. Writes ask for TOKEN_REQUIRED themselves.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from wagtail.api.v3.auth import BearerTokenAuth

from api.errors import error_body
from api.schemas import ErrorOut


class BearerToken(BearerTokenAuth):
    """A token created on /comptes/jetons/; the request then acts as its owner."""

    openapi_description = gettext_lazy(
        "Une clé d'API créée sur la page « Jetons d'API » de votre compte (/comptes/jetons/), "
        "envoyée dans l'en-tête « Authorization: Bearer <clé> ». Les lectures s'en passent "
        "(on voit alors les plans publics) ; les modifications l'exigent."
    )


def anonymous_visitor(request: HttpRequest) -> AnonymousUser | None:
    """Reads without any Authorization header act as an anonymous visitor.

    A header that is present but wrong is refused (401) rather than ignored, so that a
    script with a revoked or mistyped key learns it instead of silently seeing less.
    """
    if request.headers.get("Authorization"):
        return None
    # The session cookie never lends its user to the API.
    request.user = AnonymousUser()
    return request.user


api_token = BearerToken()
# Reads: a token if one is sent, anonymous otherwise. Writes: TOKEN_REQUIRED.
TOKEN_OPTIONAL = [api_token, anonymous_visitor]
TOKEN_REQUIRED = [api_token]
# anonymous_visitor has no OpenAPI scheme: document that the token is optional on reads
# (TokenDocument adds the same to the operations that take the API's default).
TOKEN_OPTIONAL_OPENAPI: dict[str, Any] = {"security": [{}]}


class TokenDocument(OpenAPISchema):
    """The OpenAPI document, saying of every operation what the token does: optional where
    an anonymous visitor is let in, and a 401 for a header that names nobody."""

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        details = super().operation_details(operation)
        if anonymous_visitor in operation.auth_callbacks and {} not in details.get("security", []):
            details["security"] = [*details.get("security", []), {}]
        return details

    def responses(self, operation: Operation) -> dict[int, dict[str, Any]]:
        result = super().responses(operation)
        if operation.auth_callbacks and 401 not in result:
            schema = self._create_schema_from_model(
                ErrorOut, by_alias=operation.by_alias, mode="serialization"
            )[0]
            result[401] = {
                "description": HTTPStatus.UNAUTHORIZED.phrase,
                "content": {self.api.renderer.media_type: {"schema": schema}},
            }
        return result


def install(api: NinjaAPI) -> None:
    """Answer a missing or refused token with a French 401, as every other API error."""

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        if request.headers.get("Authorization"):
            detail = _(
                "Le jeton d'API est inconnu ou révoqué. Créez-en un sur la page « Jetons d'API » "
                "de votre compte et envoyez-le dans l'en-tête « Authorization: Bearer <clé> »."
            )
        else:
            detail = _(
                "Cette opération exige un jeton d'API, envoyé dans l'en-tête "
                "« Authorization: Bearer <clé> ». Créez-en un sur la page « Jetons d'API » de votre compte."
            )
        response = api.create_response(request, error_body(detail), status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    api.add_exception_handler(AuthenticationError, unauthenticated)
