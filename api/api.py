"""The public, read-only API of the partner network, version 1 (/api/v1/)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer

from api import (
    errors,
    library,
    library_write,
    partners,
    plans,
    recommendations,
    reuse,
    search,
    territories,
    throttling,
    tokens,
)
from api.schemas import URL_NAMESPACE


class UnicodeJSONRenderer(JSONRenderer):
    """JSON in plain UTF-8, so that « Montréal » reads as such in a terminal."""

    json_dumps_params = {"ensure_ascii": False}


class AgirTotAPI(NinjaAPI):
    """The API, whose OpenAPI document says what the bearer token does on each operation."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return tokens.TokenDocument(self, path_prefix)


api = AgirTotAPI(
    title="API Agir tôt",
    version="1",
    description=_(
        "Les données du réseau des partenaires en petite enfance du Québec : régions, partenaires, "
        "regroupements, plans d'action et actions. La lecture est publique (un plan réservé aux "
        "membres n'apparaît qu'avec le jeton d'une personne du regroupement). Les écritures "
        "(avancement, mesures, portée, étape de la démarche, import d'avancement) demandent un "
        "jeton personnel, créé à /comptes/jetons/ et envoyé dans l'en-tête "
        "« Authorization: Bearer … ». Les listes répondent "
        '{"count": N, "items": […]} et se parcourent avec limit et offset. '
        'Toute erreur répond en JSON : {"detail": "…", "errors": [{"field": "…", "message": "…"}]}, '
        "dans la langue demandée par l'en-tête Accept-Language (français par défaut)."
    ),
    urls_namespace=URL_NAMESPACE,
    # Served from this site's static files ("ninja" is an installed app); the
    # validator badge would otherwise send the document to an outside service.
    docs=Swagger(settings={"validatorUrl": None}),
    renderer=UnicodeJSONRenderer(),
    # Every operation reads the Authorization header the same way: none is an anonymous
    # visitor, one that names nobody is a 401, public data included (writes require one).
    auth=tokens.TOKEN_OPTIONAL,
    throttle=throttling.THROTTLES,
)
errors.install(api)
tokens.install(api)
throttling.install(api)
api.add_router("", territories.router)
api.add_router("", partners.router)
api.add_router("", plans.router)
api.add_router("", library_write.router)
api.add_router("", search.router)
api.add_router("", library.router)
api.add_router("", reuse.router)
api.add_router("", recommendations.router)
api.add_router("", "api.network.router")
api.add_router("", "api.opendata.router")
api.add_router("", "api.portraits.router")
