"""The search page (/recherche/): a thin caller of the search service."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from core.exports import requested_format

from .service import Scope, build_page, export
from .suggestions import suggest

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


def suggestions(request: HttpRequest) -> HttpResponse:
    """/recherche/suggestions/?q=…: what the search boxes offer while typing, as a list of options.

    The search boxes' script puts these options in their list; without a script, the
    boxes are plain forms and never ask for it.
    """
    found = suggest(request.GET.get("q", ""), request.user, get_language() or "fr")
    return render(request, "search/_suggestions.html", {"suggestions": found})
