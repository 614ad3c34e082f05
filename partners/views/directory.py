"""Public pages of the partner network: the directory, partnerships, and their pages."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from core import panels
from core.exports import Sheet, export_response, requested_format
from core.facets import FacetedFilterSet, error_messages
from core.http import InvalidRequest, NotFound
from core.listing import build_listing
from partners.filters import OrganisationFilter, PartnershipFilter
from partners.models import Membership, Organisation, Partnership
from partners.permissions import can_edit_partnership


def _listing_template(request: HttpRequest, full: str, partial: str) -> str:
    # htmx asks for the results only, so filtering does not reload the whole page.
    return partial if request.headers.get("HX-Request") == "true" else full


def _download_query(request: HttpRequest) -> str:
    """The current query string without the page and format, for the download links."""
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return params.urlencode()


def _filtered(request: HttpRequest, filterset_class: type[FacetedFilterSet], queryset: QuerySet) -> QuerySet:
    """Every row matching the list's filters (a download is not paginated)."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise InvalidRequest(" ".join(error_messages(filterset)))
    return filterset.qs


def organisation_list(request: HttpRequest) -> HttpResponse:
    export_format = requested_format(request)
    queryset = Organisation.objects.active().for_listing().order_by("name", "id")
    if export_format:
        organisations = _filtered(request, OrganisationFilter, queryset)
        return export_response(export_format, _("partenaires"), [_organisation_sheet(organisations, request)])
    listing = build_listing(request, OrganisationFilter, queryset)
    template = _listing_template(
        request, "partners/organisation_list.html", "partners/_organisation_results.html"
    )
    return render(request, template, {"listing": listing, "download_query": _download_query(request)})


def _organisation_sheet(organisations: QuerySet, request: HttpRequest) -> Sheet:
    # The listing's queryset prefetches the regions: two queries for any number of rows.
    def rows() -> Iterator[list]:
        for organisation in organisations:
            yield [
                organisation.name,
                organisation.sector.label,
                organisation.get_scale_display(),
                [region.label for region in organisation.regions.all()],
                organisation.municipality,
                organisation.address,
                organisation.website,
                organisation.email,
                request.build_absolute_uri(organisation.get_absolute_url()),
            ]

    return Sheet(
        title=_("Partenaires"),
        headers=[
            _("Nom"),
            _("Secteur"),
            _("Échelle"),
            _("Régions"),
            _("Municipalité"),
            _("Adresse"),
            _("Site Web"),
            _("Courriel"),
            _("Adresse de la fiche"),
        ],
        rows=rows(),
    )


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
        {
            "organisation": organisation,
            "memberships": memberships,
            "panels": panels.render("partners.organisation", request, organisation),
        },
    )


def partnership_list(request: HttpRequest) -> HttpResponse:
    export_format = requested_format(request)
    queryset = Partnership.objects.active().for_listing().order_by("name", "id")
    if export_format:
        partnerships = _filtered(request, PartnershipFilter, queryset)
        return export_response(export_format, _("regroupements"), [_partnership_sheet(partnerships, request)])
    listing = build_listing(request, PartnershipFilter, queryset)
    template = _listing_template(
        request, "partners/partnership_list.html", "partners/_partnership_results.html"
    )
    return render(request, template, {"listing": listing, "download_query": _download_query(request)})


def _partnership_sheet(partnerships: QuerySet, request: HttpRequest) -> Sheet:
    def rows() -> Iterator[list]:
        for partnership in partnerships:
            yield [
                partnership.name,
                partnership.get_kind_display(),
                partnership.territory_name,
                partnership.get_territory_type_display(),
                partnership.region.label,
                partnership.get_dpe_stage_display(),
                partnership.member_count,
                partnership.children_0_5,
                partnership.website,
                partnership.email,
                request.build_absolute_uri(partnership.get_absolute_url()),
            ]

    return Sheet(
        title=_("Regroupements"),
        headers=[
            _("Nom"),
            _("Type"),
            _("Territoire"),
            _("Type de territoire"),
            _("Région"),
            _("Étape de la démarche"),
            _("Nombre de membres"),
            _("Enfants de 0 à 5 ans"),
            _("Site Web"),
            _("Courriel"),
            _("Adresse de la fiche"),
        ],
        rows=rows(),
    )


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
            "action_panels": panels.render("partners.partnership.actions", request, partnership),
            "panels": panels.render("partners.partnership", request, partnership),
        },
    )
