"""Every 4xx of the API answers JSON: {"detail": "...", "errors": [{"field", "message"}]}.

Messages go through gettext with French as the source language; the locale
middleware picks the language from the request's Accept-Language header.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, RawPostDataException
from django.utils.translation import gettext as _
from django_filters import FilterSet
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from core.facets import error_messages


class ApiError(Exception):
    """A 4xx answer whose message (translated) is meant for the API's user."""

    def __init__(self, status: int, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []


def not_found(detail: str) -> ApiError:
    return ApiError(404, detail)


def invalid_filters(filterset: FilterSet) -> ApiError:
    """A 400 listing every unknown filter value, with the pages' French messages."""
    errors = [
        {"field": name, "message": str(message)}
        for name, messages in filterset.form.errors.items()
        for message in messages
    ]
    return ApiError(400, " ".join(error_messages(filterset)), errors)


def error_body(detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def json_error(status: int, detail: str, errors: list[dict[str, str]] | None = None) -> JsonResponse:
    """An error answered outside ninja's operations (unknown address, wrong method)."""
    return JsonResponse(
        error_body(detail, errors),
        status=status,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


def install(api: NinjaAPI) -> None:
    """Replace ninja's English error answers (422 with pydantic's text, "Not Found")."""

    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return api.create_response(request, error_body(exc.detail, exc.errors), status=exc.status)

    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [_parameter_error(request, error) for error in exc.errors]
        detail = " ".join(error["message"] for error in errors)
        return api.create_response(request, error_body(detail, errors), status=400)

    def http_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        detail = getattr(exc, "user_message", None) or _("Aucune ressource de l'API à cette adresse.")
        return api.create_response(request, error_body(str(detail)), status=404)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja raises these in English, e.g. for a body that is not JSON.
        if exc.status_code == 400:
            detail = _("Le corps de la requête n'est pas un JSON valide.")
        else:
            detail = _("La requête n'a pas pu être traitée.")
        return api.create_response(request, error_body(detail), status=exc.status_code)

    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(Http404, http_404)


def _parameter_error(request: HttpRequest, error: dict[str, Any]) -> dict[str, str]:
    location = error.get("loc") or ()
    name = str(location[-1]) if location else ""
    in_path = bool(location) and location[0] == "path"
    in_body = bool(location) and location[0] in ("body", "form", "file")
    # ninja drops the offending input from its errors; read it back from the request.
    if in_path:
        value = (request.resolver_match.kwargs if request.resolver_match else {}).get(name, "")
    elif in_body:
        value = _body_value(request, name)
    else:
        value = request.GET.get(name, "")
    bounds = error.get("ctx") or {}
    params = {"name": name, "value": value}
    kind = error.get("type", "")
    if in_path:
        # The only path parameters are the numbers of partners and partnerships.
        message = _("« %(value)s » n'est pas un numéro valide : un numéro est un nombre entier positif.")
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = _("Le paramètre « %(name)s » doit être un nombre entier, pas « %(value)s ».")
    elif kind == "greater_than_equal":
        params["bound"] = bounds.get("ge")
        message = _("Le paramètre « %(name)s » doit valoir au moins %(bound)s (reçu : %(value)s).")
    elif kind == "less_than_equal":
        params["bound"] = bounds.get("le")
        message = _("Le paramètre « %(name)s » doit valoir au plus %(bound)s (reçu : %(value)s).")
    elif kind == "missing":
        message = _("Le paramètre « %(name)s » est obligatoire.")
    elif in_body and value in ("", None):
        message = _("Le champ « %(name)s » n'est pas valide.")
    else:
        message = _("La valeur « %(value)s » du paramètre « %(name)s » n'est pas valide.")
    return {"field": name, "message": message % params}


def _body_value(request: HttpRequest, name: str) -> str:
    """The value a JSON body gave to a field, for the error message (empty if unknown)."""
    if "json" not in (request.content_type or ""):
        return ""
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RawPostDataException):
        return ""
    value = body.get(name, "") if isinstance(body, dict) else ""
    return "" if isinstance(value, dict | list) else str(value)
