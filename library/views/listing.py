"""The library's listing (/bibliotheque/): the site's search, kept to the library's kinds.

Without words it lists the newest items first, with the featured ones above; with
words, the most relevant first. Every filter, count and download is the search's.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from core.exports import requested_format
from library.models import LibraryIndexPage, LibraryItem
from library.search import SCOPE
from library.text import item_path
from partners.models import Organisation
from search.service import SearchPage, build_page, export

FEATURED_COUNT = 3


def _add_credits(search: SearchPage) -> None:
    """The authoring organisations of the page's items, in two queries."""
    ids = [view.document.object_id for view in search.hits if view.document.type == "library"]
    if not ids:
        return
    items = LibraryItem.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name").only("id", "name"))
    )
    names = {item.pk: [o.name for o in item.organisations.all()] for item in items}
    for view in search.hits:
        view.credits = names.get(view.document.object_id, [])


def _featured(language: str) -> list[LibraryItem]:
    """Featured items, in the page's language when it has some (else in French)."""
    featured = list(
        LibraryItem.objects.published()
        .filter(featured=True)
        .select_related("locale")
        .order_by("-published_on", "-first_published_at", "-pk")[:30]
    )
    own = [item for item in featured if item.locale.language_code == language]
    chosen = (own or [item for item in featured if item.locale.language_code == "fr"])[:FEATURED_COUNT]
    for item in chosen:
        # Page.url would look the site up; the path is known from the tree.
        item.path = item_path(item)
    return chosen


def index(request: HttpRequest) -> HttpResponse:
    """/bibliotheque/: the library's items with the search's facets, newest or most reused first."""
    export_format = requested_format(request)
    if export_format:
        return export(request, SCOPE, export_format)
    search = build_page(request, SCOPE)
    _add_credits(search)
    language = (get_language() or "fr")[:2]
    context = {
        "search": search,
        "featured": _featured(language) if not search.asked and search.criteria.page == 1 else [],
        "featured_template": "library/_featured.html",
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "search/_listing.html", context)
    context["index_page"] = LibraryIndexPage.objects.filter(locale__language_code=language).first()
    return render(request, "library/index.html", context)
