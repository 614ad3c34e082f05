"""The filters of the list of action plans, shared with exports (and the API)."""

from __future__ import annotations

import django_filters
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.facets import Facet, FacetedFilterSet, FacetOption, unknown_choice
from core.ids import IdMultipleChoiceFilter
from core.text import fold, terms
from partners.models import Partnership
from plans.models import Action, Objective, Plan, PlanStatus
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System
from territories.models import Region

# The years a plan may cover (the model's validators).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PlanFilter(FacetedFilterSet):
    """Text filter plus région, période, statut, système, facteur de protection, type
    d'action, période d'âge and population (OR within a filter, AND across filters).

    Filters on what a plan holds many of (objectives, actions and their links) are
    semi-joins (``pk IN (SELECT plan_id …)``): a join would repeat each plan once per
    matching row and need SELECT DISTINCT, and would also inflate the listing's
    action count.
    """

    q = django_filters.CharFilter(method="filter_text", label=_("Titre ou regroupement"))
    # Not a facet: the partnership page links to its plans with ?partnership=<id>.
    partnership = IdMultipleChoiceFilter(
        field_name="partnership",
        queryset=Partnership.objects.all(),
        distinct=False,
        label=_("Regroupement"),
        error_messages={
            "invalid_choice": _("« %(value)s » n'est pas un numéro de regroupement connu."),
            "invalid_pk_value": _("« %(pk)s » n'est pas un numéro de regroupement connu."),
        },
    )
    region = django_filters.ModelMultipleChoiceFilter(
        field_name="partnership__region__code",
        to_field_name="code",
        distinct=False,  # one region per plan: no duplicates to remove
        queryset=Region.objects.all(),
        label=_("Région"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas un code de région connu.")),
    )
    year = django_filters.MultipleChoiceFilter(
        method="filter_years",
        choices=[(str(y), str(y)) for y in range(FIRST_YEAR, LAST_YEAR + 1)],
        label=_("Période"),
        error_messages=unknown_choice(
            _("« %(value)s » n'est pas une année valide : indiquez une année de 2000 à 2100.")
        ),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=PlanStatus.choices,
        distinct=False,
        label=_("Statut"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas un statut de plan connu.")),
    )
    system = django_filters.ModelMultipleChoiceFilter(
        method="filter_systems",
        to_field_name="code",
        queryset=System.objects.all(),
        label=_("Système"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas un système connu.")),
    )
    factor = django_filters.ModelMultipleChoiceFilter(
        method="filter_factors",
        to_field_name="code",
        queryset=ProtectiveFactor.objects.all(),
        label=_("Facteur de protection"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas un facteur de protection connu.")),
    )
    action_type = django_filters.ModelMultipleChoiceFilter(
        method="filter_action_types",
        to_field_name="code",
        queryset=ActionType.objects.all(),
        label=_("Type d'action"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas un type d'action connu.")),
    )
    age = django_filters.ModelMultipleChoiceFilter(
        method="filter_age_periods",
        to_field_name="code",
        queryset=AgePeriod.objects.all(),
        label=_("Période d'âge"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas une période d'âge connue.")),
    )
    population = django_filters.ModelMultipleChoiceFilter(
        method="filter_populations",
        to_field_name="code",
        queryset=Population.objects.all(),
        label=_("Population"),
        error_messages=unknown_choice(_("« %(value)s » n'est pas une population connue.")),
    )

    # The year facet is not a value of a column: it is counted apart (see _year_facet).
    facet_lookups = {
        "region": "partnership__region__code",
        "status": "status",
        "system": "objectives__system__code",
        "factor": "objectives__protective_factors__code",
        "action_type": "actions__action_type__code",
        "age": "actions__age_periods__code",
        "population": "actions__populations__code",
    }

    class Meta:
        model = Plan
        fields = [
            "q",
            "partnership",
            "region",
            "year",
            "status",
            "system",
            "factor",
            "action_type",
            "age",
            "population",
        ]

    # Filters ---------------------------------------------------------------------------

    def filter_text(self, queryset, name, value):
        # Plans have no folded search column of their own. Each word typed must match
        # the partnership's folded name and territory (accents and case ignored, as in
        # the directory), or appear in the plan's title, as typed or folded
        # (case-insensitive; accents in titles are only ignored when the word is typed
        # with them). Precise enough for titles, which mostly repeat the partnership's
        # name and the period.
        for word in value.split():
            folded = terms(word)
            if not folded:
                continue
            in_partnership = models.Q()
            for term in folded:
                in_partnership &= models.Q(partnership__search_text__contains=term)
            in_title = models.Q(title__icontains=word) | models.Q(title__icontains=fold(word))
            queryset = queryset.filter(in_partnership | in_title)
        return queryset

    def filter_years(self, queryset, name, value):
        if not value:
            return queryset
        covers = models.Q()
        for year in value:
            covers |= models.Q(start_year__lte=int(year), end_year__gte=int(year))
        return queryset.filter(covers)

    def filter_systems(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Objective.objects.filter(system__in=value).values("plan_id"))

    def filter_factors(self, queryset, name, value):
        if not value:
            return queryset
        links = Objective.protective_factors.through.objects.filter(protectivefactor__in=value)
        return queryset.filter(pk__in=links.values("objective__plan_id"))

    def filter_action_types(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Action.objects.filter(action_type__in=value).values("plan_id"))

    def filter_age_periods(self, queryset, name, value):
        if not value:
            return queryset
        links = Action.age_periods.through.objects.filter(ageperiod__in=value)
        return queryset.filter(pk__in=links.values("action__plan_id"))

    def filter_populations(self, queryset, name, value):
        if not value:
            return queryset
        links = Action.populations.through.objects.filter(population__in=value)
        return queryset.filter(pk__in=links.values("action__plan_id"))

    # Facets ----------------------------------------------------------------------------

    def facets(self) -> list[Facet]:
        """The generic facets, with the period (counted per year) after the region.

        Facets group the filtered queryset by a lookup: give the FilterSet plain plans,
        not the listing's queryset, whose action count joins every action and would
        multiply the rows each facet groups.
        """
        facets = super().facets()
        facets.insert(1, self._year_facet())
        return facets

    def _year_facet(self) -> Facet:
        """Plans covering each year, in one query grouped by period.

        A plan has one period, so summing the plans of every period that covers a year
        counts each plan once per year it covers.
        """
        others = type(self)(self._data_without("year"), queryset=self.queryset, request=self.request).qs
        periods = (
            others.order_by()
            .values_list("start_year", "end_year")
            .annotate(n=Count("pk", distinct=True))
            .values_list("start_year", "end_year", "n")
        )
        counts: dict[int, int] = {}
        for start, end, n in periods:
            for year in range(start, end + 1):
                counts[year] = counts.get(year, 0) + n
        selected = set(self.data.getlist("year")) if hasattr(self.data, "getlist") else set()
        years = set(counts) | {int(y) for y in selected if y.isdigit()}
        options = []
        if years:
            # Every year between the first and the last, so that a gap shows as zero.
            for year in range(min(years), max(years) + 1):
                options.append(
                    FacetOption(
                        value=str(year),
                        label=str(year),
                        count=counts.get(year, 0),
                        selected=str(year) in selected,
                    )
                )
        return Facet(name="year", label=str(self.form.fields["year"].label), options=options)
