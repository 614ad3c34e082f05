"""The partner network, read-only: organisations, partnerships and their members.

Coordinators are people: the open API gives their number, never their names or e-mails.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Path, Query, Router

from api.errors import not_found
from api.lists import filtered, page_of
from api.schemas import (
    ErrorOut,
    PageParams,
    PartnerDetail,
    PartnerFilters,
    PartnerList,
    PartnershipDetail,
    PartnershipFilters,
    PartnershipList,
)
from partners.filters import OrganisationFilter, PartnershipFilter
from partners.models import Membership, Organisation, Partnership

router = Router()

PARTNERS = [gettext_lazy("Partenaires")]
PARTNERSHIPS = [gettext_lazy("Regroupements")]


@router.get(
    "/partners",
    response={200: PartnerList, 400: ErrorOut},
    url_name="partners",
    tags=PARTNERS,
    summary=gettext_lazy("Partenaires"),
    description=gettext_lazy(
        "Les partenaires actifs, par ordre alphabétique, filtrés comme dans le répertoire : "
        "une valeur parmi celles d'un même paramètre (OU), tous les paramètres à la fois (ET)."
    ),
)
def list_partners(
    request: HttpRequest, filters: Query[PartnerFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Active organisations, filtered like the directory page."""
    queryset = Organisation.objects.active().for_listing().order_by("name", "id")
    return page_of(filtered(request, OrganisationFilter, filters, queryset), page)


@router.get(
    "/partners/{partner_id}",
    response={200: PartnerDetail, 400: ErrorOut, 404: ErrorOut},
    url_name="partner",
    tags=PARTNERS,
    summary=gettext_lazy("Fiche d'un partenaire"),
    description=gettext_lazy("Un partenaire actif et les regroupements actifs dont il est membre."),
)
def get_partner(
    request: HttpRequest, partner_id: int = Path(description=gettext_lazy("Numéro du partenaire."))
) -> Organisation:
    """One active organisation with its memberships of active partnerships."""
    memberships = (
        Membership.objects.filter(partnership__is_active=True)
        .select_related("partnership")
        .order_by("partnership__name", "partnership_id")
    )
    organisation = (
        Organisation.objects.active()
        .for_listing()
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="active_memberships"))
        .filter(pk=partner_id)
        .first()
    )
    if organisation is None:
        raise not_found(_("Aucun partenaire ne porte le numéro %(id)s.") % {"id": partner_id})
    return organisation


@router.get(
    "/partnerships",
    response={200: PartnershipList, 400: ErrorOut},
    url_name="partnerships",
    tags=PARTNERSHIPS,
    summary=gettext_lazy("Regroupements"),
    description=gettext_lazy(
        "Les regroupements actifs, par ordre alphabétique, filtrés comme dans la liste du site : "
        "une valeur parmi celles d'un même paramètre (OU), tous les paramètres à la fois (ET)."
    ),
)
def list_partnerships(
    request: HttpRequest, filters: Query[PartnershipFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Active partnerships, filtered like the partnerships page."""
    queryset = Partnership.objects.active().for_listing().order_by("name", "id")
    return page_of(filtered(request, PartnershipFilter, filters, queryset), page)


@router.get(
    "/partnerships/{partnership_id}",
    response={200: PartnershipDetail, 400: ErrorOut, 404: ErrorOut},
    url_name="partnership",
    tags=PARTNERSHIPS,
    summary=gettext_lazy("Fiche d'un regroupement"),
    description=gettext_lazy(
        "Un regroupement actif, ses membres et le nombre de ses coordonnateurs (sans leurs noms)."
    ),
)
def get_partnership(
    request: HttpRequest,
    partnership_id: int = Path(description=gettext_lazy("Numéro du regroupement.")),
) -> Partnership:
    """One active partnership with its members and how many people coordinate it."""
    partnership = (
        Partnership.objects.active()
        .select_related("region")
        # Both counts are distinct: the two joins multiply each other's rows.
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__organisation__is_active=True), distinct=True
            ),
            coordinator_count=Count("coordinators", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.of_active_organisations()
                .select_related("organisation__sector")
                .order_by("organisation__name", "organisation_id"),
            )
        )
        .filter(pk=partnership_id)
        .first()
    )
    if partnership is None:
        raise not_found(_("Aucun regroupement ne porte le numéro %(id)s.") % {"id": partnership_id})
    return partnership
