"""The search page (/recherche/): a thin caller of the search service."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.exports import requested_format

from .service import Scope, build_page, export

SEARCH_SCOPE = Scope()


def search_page(request: HttpRequest) -> HttpResponse:
    """/recherche/: one search across the library, partners, partnerships and actions."""
    export_format = requested_format(request)
    if export_format:
        return export(request, SEARCH_SCOPE, export_format)
    context = {"search": build_page(request, SEARCH_SCOPE)}
    # htmx asks for the results only, so that ticking a facet does not reload the page.
    template = "search/_listing.html" if request.headers.get("HX-Request") == "true" else "search/search.html"
    return render(request, template, context)
