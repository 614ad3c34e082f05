"""/api/: the versioned API, answering JSON in the language the request asks for."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from api.api import api
from api.errors import json_error

View = Callable[..., HttpResponse]


def _api_view(view: View) -> View:
    """Pick the language from the request, and answer a wrong method in JSON.

    The locale middleware gives every address outside the language-prefixed pages
    the default language, so the API negotiates its own (cookie, then
    Accept-Language). ninja answers a wrong method with a plain-text 405.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if response.status_code == 405:
                allowed = response.get("Allow", "")
                response = json_error(
                    405,
                    _("La méthode %(method)s n'est pas permise ici ; méthodes permises : %(allowed)s.")
                    % {"method": request.method, "allowed": allowed},
                )
                response["Allow"] = allowed
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie", "Authorization"))
        return response

    return wrapped


@_api_view
def unknown_address(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    return json_error(404, _("Aucune ressource de l'API à cette adresse."))


def _v1() -> list[URLPattern | URLResolver]:
    patterns, _app_name, _namespace = api.urls
    result: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            # ninja's root view raises an HTML 404; the name stays, ninja reverses it.
            callback = unknown_address if pattern.name == "api-root" else _api_view(pattern.callback)
            pattern = URLPattern(pattern.pattern, callback, pattern.default_args, pattern.name)
        result.append(pattern)
    return result


urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/", (_v1(), "ninja", api.urls_namespace)),
    re_path(r"^.*$", unknown_address),
]
