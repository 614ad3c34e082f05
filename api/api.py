"""The public, read-only API of the partner network, version 1 (/api/v1/)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from api import docs, errors, partners, territories
from api.schemas import URL_NAMESPACE


class UnicodeJSONRenderer(JSONRenderer):
    """JSON in plain UTF-8, so that « Montréal » reads as such in a terminal."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="API Agir tôt",
    version="1",
    description=_(
        "Les données publiques du réseau des partenaires en petite enfance du Québec, en lecture seule : "
        "partenaires, regroupements et régions. Les listes répondent "
        '{"count": N, "items": […]} et se parcourent avec limit et offset. '
        'Toute erreur répond en JSON : {"detail": "…", "errors": [{"field": "…", "message": "…"}]}, '
        "dans la langue demandée par l'en-tête Accept-Language (français par défaut)."
    ),
    urls_namespace=URL_NAMESPACE,
    docs=docs.LocalSwagger(),
    renderer=UnicodeJSONRenderer(),
)
errors.install(api)
api.add_router("", territories.router)
api.add_router("", partners.router)


@api.get("/docs/{name}", include_in_schema=False, url_name="docs-asset")
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """A file of the interactive documentation (Swagger UI)."""
    return docs.serve_asset(request, name)
