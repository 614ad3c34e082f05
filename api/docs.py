"""The interactive documentation (Swagger UI), served from this site only.

ninja ships Swagger UI's files, but renders them from a CDN unless "ninja" is an
installed app. This page uses ninja's own copy instead, served by the asset
operation below, so that no page of the site loads anything from another host.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

from api.errors import not_found
from api.schemas import api_url

if TYPE_CHECKING:
    from ninja import NinjaAPI

ASSETS_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.svg": "image/svg+xml",
}


class LocalSwagger(DocsBase):
    """Swagger UI with every script and style sheet served by this site."""

    settings: dict[str, Any] = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # Swagger UI otherwise sends the document to validator.swagger.io for a badge.
        "validatorUrl": None,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        assets = {name.replace(".", "_").replace("-", "_"): asset_url(name) for name in ASSETS}
        context = {
            "api": api,
            "openapi_url": self.get_openapi_url(api, kwargs),
            "swagger_settings": {**self.settings, "url": self.get_openapi_url(api, kwargs)},
            "assets": assets,
        }
        return render(request, "api/docs.html", context)


def asset_url(name: str) -> str:
    # The version in the query string renews browser caches when ninja is upgraded.
    return f"{api_url('docs-asset', name=name)}?v={ninja.__version__}"


def serve_asset(request: HttpRequest, name: str) -> FileResponse:
    """One of Swagger UI's files, from ninja's package."""
    if name not in ASSETS:
        raise not_found(_("Aucune ressource de l'API à cette adresse."))
    response = FileResponse((ASSETS_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
