"""Valorisation pages: the contributions of an organisation and of a partnership.

The reads they show live in library/valorisation.py, shared with the home page, the
feeds and the panels of the partners' pages.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.http import NotFound
from core.listing import PageListing, page_of
from library.valorisation import (
    contributions,
    current_language,
    reinvested_by,
    reinvestments_of,
    section,
)
from partners.models import Organisation, Partnership

CONTRIBUTIONS_PAGE_SIZE = 20


def _page(queryset: QuerySet, number: str) -> Page:
    return page_of(Paginator(queryset, CONTRIBUTIONS_PAGE_SIZE), number)


def _items_page(subject: Organisation | Partnership, request: HttpRequest) -> Page:
    items = (
        contributions(subject, current_language())
        .select_related("locale")
        .prefetch_related("themes")
        .annotate(reuse_count=Count("reinvestments", distinct=True))
        .order_by("-first_published_at", "-pk")
    )
    return _page(items, request.GET.get("page", "1"))


def organisation_contributions(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = Organisation.objects.active().filter(pk=pk).first()
    if organisation is None:
        raise NotFound(_("Aucun partenaire ne porte le numéro %(id)s.") % {"id": pk})
    page = _items_page(organisation, request)
    return render(
        request,
        "library/contributions.html",
        {
            "subject": organisation,
            "is_partnership": False,
            "listing": PageListing(page),
            "reinvestments_of": section(reinvestments_of(organisation, request.user)),
            "language": current_language(),
        },
    )


def partnership_contributions(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = Partnership.objects.active().select_related("region").filter(pk=pk).first()
    if partnership is None:
        raise NotFound(_("Aucun regroupement ne porte le numéro %(id)s.") % {"id": pk})
    page = _items_page(partnership, request)
    return render(
        request,
        "library/contributions.html",
        {
            "subject": partnership,
            "is_partnership": True,
            "listing": PageListing(page),
            "reinvestments_of": section(reinvestments_of(partnership, request.user)),
            "reinvested_by": section(reinvested_by(partnership, request.user)),
            "language": current_language(),
        },
    )
