"""The filters of the directory and of the partnerships list, shared with the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.facets import FacetedFilterSet, unknown_choice
from partners.models import DpeStage, Organisation, Partnership, PartnershipKind, Scale
from taxonomy.models import Sector
from territories.models import Region


class OrganisationFilter(FacetedFilterSet):
    """Text filter plus région, échelle and secteur (OR within, AND across)."""

    q = django_filters.CharFilter(method="filter_text", label=_("Nom ou municipalité"))
    region = django_filters.ModelMultipleChoiceFilter(
        method="filter_regions",
        to_field_name="code",
        queryset=Region.objects.all(),
        label=_("Région"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas un code de région connu.")),
    )
    scale = django_filters.MultipleChoiceFilter(
        choices=Scale.choices,
        label=_("Échelle"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas une échelle connue.")),
    )
    sector = django_filters.ModelMultipleChoiceFilter(
        field_name="sector__code",
        to_field_name="code",
        queryset=Sector.objects.all(),
        label=_("Secteur"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas un secteur connu.")),
    )

    facet_lookups = {"region": "regions__code", "scale": "scale", "sector": "sector__code"}

    class Meta:
        model = Organisation
        fields = ["q", "region", "scale", "sector"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_regions(self, queryset, name, value):
        # A semi-join on the link table: a plain join would need SELECT DISTINCT over
        # every column, several times slower on a large directory.
        if not value:
            return queryset
        links = Organisation.regions.through.objects.filter(region__in=value)
        return queryset.filter(pk__in=links.values("organisation_id"))


class PartnershipFilter(FacetedFilterSet):
    """Text filter plus région, type and étape de la démarche."""

    q = django_filters.CharFilter(method="filter_text", label=_("Nom ou territoire"))
    region = django_filters.ModelMultipleChoiceFilter(
        field_name="region__code",
        to_field_name="code",
        queryset=Region.objects.all(),
        label=_("Région"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas un code de région connu.")),
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=PartnershipKind.choices,
        label=_("Type"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas un type de regroupement connu.")),
    )
    stage = django_filters.MultipleChoiceFilter(
        field_name="dpe_stage",
        choices=DpeStage.choices,
        label=_("Étape de la démarche"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas une étape connue.")),
    )

    facet_lookups = {"region": "region__code", "kind": "kind", "stage": "dpe_stage"}

    class Meta:
        model = Partnership
        fields = ["q", "region", "kind", "stage"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
