"""Public pages of the partner network: the directory, partnerships, and their pages."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.http import NotFound
from core.listing import build_listing
from partners.filters import OrganisationFilter, PartnershipFilter
from partners.models import Membership, Organisation, Partnership
from partners.permissions import can_edit_partnership


def _listing_template(request: HttpRequest, full: str, partial: str) -> str:
    # htmx asks for the results only, so filtering does not reload the whole page.
    return partial if request.headers.get("HX-Request") == "true" else full


def organisation_list(request: HttpRequest) -> HttpResponse:
    listing = build_listing(
        request, OrganisationFilter, Organisation.objects.active().for_listing().order_by("name", "id")
    )
    template = _listing_template(
        request, "partners/organisation_list.html", "partners/_organisation_results.html"
    )
    return render(request, template, {"listing": listing})


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = (
        Organisation.objects.active()
        .select_related("sector")
        .prefetch_related("regions")
        .filter(pk=pk)
        .first()
    )
    if organisation is None:
        raise NotFound(_("Aucun partenaire ne porte le numéro %(id)s.") % {"id": pk})
    memberships = (
        Membership.objects.filter(organisation=organisation, partnership__is_active=True)
        .select_related("partnership__region")
        .order_by("partnership__name")
    )
    return render(
        request,
        "partners/organisation.html",
        {"organisation": organisation, "memberships": memberships},
    )


def partnership_list(request: HttpRequest) -> HttpResponse:
    listing = build_listing(
        request, PartnershipFilter, Partnership.objects.active().for_listing().order_by("name", "id")
    )
    template = _listing_template(
        request, "partners/partnership_list.html", "partners/_partnership_results.html"
    )
    return render(request, template, {"listing": listing})


def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = (
        Partnership.objects.active()
        .select_related("region")
        .prefetch_related(
            "coordinators",
            Prefetch(
                "memberships",
                queryset=Membership.objects.of_active_organisations()
                .select_related("organisation__sector")
                .order_by("organisation__sector__position", "organisation__name"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if partnership is None:
        raise NotFound(_("Aucun regroupement ne porte le numéro %(id)s.") % {"id": pk})
    sectors: dict[str, list[Membership]] = {}
    for membership in partnership.memberships.all():
        sectors.setdefault(membership.organisation.sector.label, []).append(membership)
    return render(
        request,
        "partners/partnership.html",
        {
            "partnership": partnership,
            "members_by_sector": sectors,
            "can_edit": can_edit_partnership(request.user, partnership),
        },
    )
