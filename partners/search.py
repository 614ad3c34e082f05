"""How partners and partnerships appear in the site-wide search."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from search import registry
from search.registry import DocumentData
from territories.models import Region

from .models import Organisation, Partnership

registry.register_kind("organisation", _("Partenaire"), "organisation")
registry.register_kind("regroupement", _("Regroupement"), "partnership")
registry.register_facet(
    "region",
    _("Région"),
    lambda: [(r.code, f"{r.code} {r.label}") for r in Region.objects.order_by("code")],
    order=50,
)


def organisation_document(organisation: Organisation) -> DocumentData | None:
    if not organisation.is_active:
        return None
    return DocumentData(
        kind="organisation",
        title=organisation.name,
        url=reverse("partners:organisation", args=[organisation.pk]),
        summary=organisation.description,
        body=" ".join(filter(None, [organisation.municipality, organisation.sector.label_fr])),
        date=organisation.updated_at,
        facets=[f"region:{r.code}" for r in organisation.regions.all()],
    )


def partnership_document(partnership: Partnership) -> DocumentData | None:
    if not partnership.is_active:
        return None
    return DocumentData(
        kind="regroupement",
        title=partnership.name,
        url=reverse("partners:partnership", args=[partnership.pk]),
        summary=partnership.description,
        body=partnership.territory_name,
        date=partnership.updated_at,
        facets=[f"region:{partnership.region.code}"],
    )


registry.register_source(
    "organisation",
    lambda: Organisation.objects.select_related("sector").prefetch_related("regions"),
    organisation_document,
)
registry.register_source(
    "partnership",
    lambda: Partnership.objects.select_related("region"),
    partnership_document,
)
