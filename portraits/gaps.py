"""The gaps of a territory: protective factors its actions do not reach while its
priorities or the EQDEM rates point to them.

The rule, in one place:

A protective factor F (of system S) is a **gap** of a scope (Québec, a region, a
partnership; or one plan) when

1. no action of the scope's public plans serves an objective (changement visé) tied to F,
2. and at least one reason points to F:

   a. a priority of the scope's plans is on system S, or an objective of those plans is
      tied to F (and, by 1., has no action);
   b. an EQDEM domain linked to F shows, for the scope, a latest rate above Québec's 2012
      reference, or above Québec's rate of the same year. The scope's rates are its
      region's when administrators entered them for that domain (a partnership uses its
      region), Québec's otherwise. The « at least one domain » row points to no factor.

A portrait is public, so only public plans of active partnerships count, whoever looks;
``find_plan_gaps`` applies the same rule to a single plan (members-only plans included:
the caller checks that the viewer may see the plan).

Every computation costs a fixed number of queries (four, plus the EQDEM context's two)
and is cached with the portraits' data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from plans.models import Action, Objective, Plan, Priority
from portraits import eqdem
from portraits.cache import cached
from portraits.scopes import Scope
from taxonomy.models import ProtectiveFactor

#: Titles of priorities and objectives kept per system or factor; the count stays complete.
MAX_TITLES = 3


@dataclass
class Gap:
    """A protective factor that no action reaches, and why it matters for the scope."""

    system_code: str
    system_label: str
    factor_code: str
    factor_label: str
    reasons: list[str] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    actions_count: int = 0


@dataclass
class _Titles:
    count: int = 0
    titles: list[str] = field(default_factory=list)


def percent(value: Decimal) -> str:
    """A rate in the active language's format, one decimal: « 12,1 »."""
    return number_format(value, 1, use_l10n=True)


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def _latest(rates: list[Decimal | None]) -> int | None:
    """The index of the last year with a rate."""
    for index in range(len(rates) - 1, -1, -1):
        if rates[index] is not None:
            return index
    return None


def eqdem_signals(context: eqdem.EqdemContext) -> dict[str, list[tuple[str, str]]]:
    """For each protective factor code, the (domain label, reason) of the EQDEM domains
    whose latest rate for the scope is above Québec's 2012 reference or Québec's rate of
    the same year."""
    signals: dict[str, list[tuple[str, str]]] = {}
    reference_index = 0  # the first survey, 2012, is the reference of the vulnerability threshold
    for row in context.rows:
        if row.is_overall or not row.factor_codes:
            continue
        regional = row.has_region_rates
        rates = row.region if regional else row.quebec
        index = _latest(rates)
        if index is None:
            continue
        latest, year = rates[index], context.years[index]
        reference = row.quebec[reference_index]
        above_reference = reference is not None and index != reference_index and latest > reference
        if regional:
            same_year = row.quebec[index]
            above_quebec = same_year is not None and latest > same_year
        else:
            same_year, above_quebec = None, False
        if not (above_reference or above_quebec):
            continue
        values = {
            "rate": percent(latest),
            "domain": _lower_first(row.label),
            "year": year,
            "reference": percent(reference) if reference is not None else "",
            "reference_year": context.years[reference_index],
            "quebec": percent(same_year) if same_year is not None else "",
            "region": context.region_name,
        }
        if not regional and not context.region_name:
            reason = (
                _(
                    "%(rate)s %% des enfants de maternelle sont vulnérables en %(domain)s (%(year)s), "
                    "contre %(reference)s %% en %(reference_year)s."
                )
                % values
            )
        elif not regional:
            # The region's own rates are unknown: say that the figures are Québec's.
            reason = (
                _(
                    "Au Québec, %(rate)s %% des enfants de maternelle sont vulnérables en %(domain)s "
                    "(%(year)s), contre %(reference)s %% en %(reference_year)s."
                )
                % values
            )
        elif above_reference and above_quebec:
            reason = (
                _(
                    "%(region)s : %(rate)s %% des enfants de maternelle sont vulnérables en "
                    "%(domain)s (%(year)s), contre %(reference)s %% au Québec en %(reference_year)s "
                    "et %(quebec)s %% pour l'ensemble du Québec la même année."
                )
                % values
            )
        elif above_quebec:
            reason = (
                _(
                    "%(region)s : %(rate)s %% des enfants de maternelle sont vulnérables en "
                    "%(domain)s (%(year)s), contre %(quebec)s %% pour l'ensemble du Québec la même année."
                )
                % values
            )
        else:
            reason = (
                _(
                    "%(region)s : %(rate)s %% des enfants de maternelle sont vulnérables en "
                    "%(domain)s (%(year)s), contre %(reference)s %% au Québec en %(reference_year)s."
                )
                % values
            )
        for code in row.factor_codes:
            signals.setdefault(code, []).append((row.label, reason))
    return signals


def _titles_by(queryset: QuerySet, key: str, title: str) -> dict[int, _Titles]:
    """Up to MAX_TITLES titles per value of ``key``, alphabetically, with the full count,
    in one query (window functions, on SQLite and PostgreSQL alike)."""
    rows = (
        queryset.annotate(
            rank=Window(RowNumber(), partition_by=[F(key)], order_by=[F(title).asc()]),
            total=Window(Count("pk"), partition_by=[F(key)]),
        )
        .filter(rank__lte=MAX_TITLES)
        .values_list(key, title, "total")
    )
    found: dict[int, _Titles] = {}
    for value, text, total in rows:
        entry = found.setdefault(value, _Titles(count=total))
        entry.titles.append(text)
    for entry in found.values():
        entry.titles.sort()
    return found


def _priority_reason(system_label: str, titles: _Titles) -> str:
    if titles.count == 1:
        return _("La priorité « %(title)s » porte sur le système %(system)s.") % {
            "title": titles.titles[0],
            "system": system_label,
        }
    return _("%(count)s priorités portent sur le système %(system)s, dont « %(title)s ».") % {
        "count": titles.count,
        "system": system_label,
        "title": titles.titles[0],
    }


def _objective_reason(titles: _Titles) -> str:
    if titles.count == 1:
        return _("Le changement visé « %(title)s » vise ce facteur, mais aucune action ne le sert.") % {
            "title": titles.titles[0]
        }
    return _(
        "%(count)s changements visés visent ce facteur, dont « %(title)s », mais aucune action ne les sert."
    ) % {"count": titles.count, "title": titles.titles[0]}


def compute_gaps(plans: QuerySet[Plan], actions: QuerySet[Action], context: eqdem.EqdemContext) -> list[Gap]:
    """The gaps of these plans and their actions, with the EQDEM context of their territory."""
    factors = list(ProtectiveFactor.objects.select_related("system").order_by("system__position", "position"))
    links = Objective.protective_factors.through.objects
    # The objectives of the actions come from the (action, objective) index alone; no
    # objective row is read.
    served_objectives = Action.objectives.through.objects.filter(action__in=actions.values("pk"))
    served = set(
        links.filter(objective__in=served_objectives.values("objective_id"))
        .values_list("protectivefactor_id", flat=True)
        .distinct()
    )
    unserved = [factor.pk for factor in factors if factor.pk not in served]
    if not unserved:
        # Every factor is served (most large territories): no gap, and no reason to look up.
        return []
    priorities = _titles_by(Priority.objects.filter(plan__in=plans.values("pk")), "system_id", "title")
    # Objectives tied to a factor that no action serves: those of the unserved factors.
    objectives = _titles_by(
        links.filter(
            objective__plan__in=plans.values("pk"),
            objective__actions__isnull=True,
            protectivefactor_id__in=unserved,
        ),
        "protectivefactor_id",
        "objective__title",
    )
    signals = eqdem_signals(context)
    gaps = []
    for factor in factors:
        if factor.pk in served:
            continue
        system = factor.system
        gap = Gap(
            system_code=system.code,
            system_label=system.label,
            factor_code=factor.code,
            factor_label=factor.label,
        )
        if system.pk in priorities:
            gap.priorities = priorities[system.pk].titles
            gap.reasons.append(_priority_reason(system.label, priorities[system.pk]))
        if factor.pk in objectives:
            gap.objectives = objectives[factor.pk].titles
            gap.reasons.append(_objective_reason(objectives[factor.pk]))
        for domain, reason in signals.get(factor.code, []):
            gap.domains.append(domain)
            gap.reasons.append(reason)
        if gap.reasons:
            gaps.append(gap)
    return gaps


def find_gaps(scope: Scope) -> list[Gap]:
    """The gaps of a portrait's scope, from its public plans only; cached."""
    return cached(
        "gaps",
        scope.key,
        lambda: compute_gaps(scope.plans(), scope.actions(), eqdem.context(scope)),
    )


def find_plan_gaps(plan: Plan) -> list[Gap]:
    """The gaps of one plan (whatever its visibility: the caller checks who looks), with
    the EQDEM context of its partnership's region; cached."""

    def compute() -> list[Gap]:
        region = plan.partnership.region if plan.partnership.region_id else None
        return compute_gaps(
            Plan.objects.filter(pk=plan.pk),
            Action.objects.filter(plan_id=plan.pk),
            cached(
                "eqdem", f"region-{region.code}" if region else "quebec", lambda: eqdem.build_context(region)
            ),
        )

    return cached("plan-gaps", f"plan-{plan.pk}", compute)
