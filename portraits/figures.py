"""The figures of a portrait: what the network does on a territory, counted in the database.

Every figure is an aggregate (``GROUP BY`` in the database), so a portrait costs the same
small number of queries whatever the size of the network; the result is a dataclass of
plain values, kept in the portraits' cache until the data changes.

Figures that split cleanly by territory (partnerships, plans, actions, children 0–5,
reach, réinvestissements) are counted once per area (a region for Québec, a partnership
for a region) and summed for the scope; organisations and library items may belong to
several areas, so their totals are counted on their own.

Children 0–5 of a territory are those of its local partnerships (regroupements locaux):
each covers its own MRC, city or neighbourhood, while a regional instance or a national
project covers territories that local partnerships already count. A partnership's own
portrait shows the children of its own territory, whatever its kind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from library.models import LibraryItem, Reinvestment
from partners.models import Membership, Organisation, PartnershipKind, Scale
from plans.models import Action, Reach
from plans.querysets import public_plan_q
from portraits.cache import cached
from portraits.scopes import QUEBEC, Scope
from taxonomy.models import ActionType, ProtectiveFactor, System
from territories.models import Region


@dataclass
class Figures:
    """The key figures of a scope or of one of its areas."""

    organisations: int = 0
    partnerships: int = 0
    plans: int = 0
    actions: int = 0
    children_0_5: int = 0
    children_reached: int = 0
    parents_reached: int = 0
    families_reached: int = 0
    library_items: int = 0
    reinvestments_made: int = 0


@dataclass
class Reached:
    """Children, parents and families reached in one year (or in all years when ``year`` is None)."""

    year: int | None
    children: int = 0
    parents: int = 0
    families: int = 0


@dataclass
class AreaRow:
    """One region of Québec, or one partnership of a region, with its key figures."""

    code: str
    label: str
    url: str
    figures: Figures


@dataclass
class MatrixRow:
    """A protective factor with the number of distinct actions serving it in each system."""

    factor_code: str
    factor_label: str
    system_code: str
    system_label: str
    counts: list[int]


@dataclass
class Tally:
    """A labelled count (an action type and its actions)."""

    code: str
    label: str
    count: int


@dataclass
class YearTrend:
    """What happened in one year."""

    year: int
    actions_started: int = 0
    children_reached: int = 0
    library_items: int = 0
    reinvestments: int = 0


@dataclass
class Comparison:
    """One measure of the scope beside the same measure for all of Québec."""

    code: str
    label: str
    unit: str
    value: float | None
    quebec: float | None


@dataclass
class Portrait:
    """Everything a portrait page and its API show, as plain picklable values."""

    key: str
    kind: str
    name: str
    figures: Figures
    reach_latest: Reached | None
    reinvestments_received: int | None
    areas: list[AreaRow]
    systems: list[tuple[str, str]]
    matrix: list[MatrixRow]
    action_types: list[Tally]
    trends: list[YearTrend]
    comparisons: list[Comparison] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing to show: no partnership, no action, no library item."""
        f = self.figures
        return not (f.partnerships or f.actions or f.library_items or f.organisations)

    @property
    def has_actions(self) -> bool:
        return self.figures.actions > 0


# Areas of a scope -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Paths:
    """Where the area of each model is read: a region's code for Québec, a partnership's id for a region."""

    partnership: str
    plan: str
    action: str
    reach: str
    reinvestment: str


QUEBEC_PATHS = _Paths(
    partnership="region_id",
    plan="partnership__region_id",
    action="plan__partnership__region_id",
    reach="action__plan__partnership__region_id",
    reinvestment="action__plan__partnership__region_id",
)
PARTNERSHIP_PATHS = _Paths(
    partnership="pk",
    plan="partnership_id",
    action="plan__partnership_id",
    reach="action__plan__partnership_id",
    reinvestment="action__plan__partnership_id",
)


#: The partnerships whose children 0–5 add up without counting a territory twice.
LOCAL_TERRITORY = Q(kind=PartnershipKind.LOCAL)


def _paths(scope: Scope) -> _Paths:
    return QUEBEC_PATHS if scope.kind == "quebec" else PARTNERSHIP_PATHS


def _year(field: str) -> Substr:
    """The year of a date or time column, read from its ISO text (« 2026-11-28 … »).

    SQLite would extract it row by row in Python (Django's date functions); the first four
    characters of the ISO text are the same year on every database, with no function call.
    Times are read in UTC, as the database keeps them: a réinvestissement made on the
    evening of December 31 in Québec counts in the next year, a deviation of a few hours.
    """
    return Substr(Cast(field, output_field=CharField()), 1, 4)


def _grouped(queryset: QuerySet, path: str, **aggregates: Any) -> dict[Any, dict[str, Any]]:
    """``{area: {name: value}}`` from one GROUP BY query."""
    rows = queryset.order_by().values(area=F(path)).annotate(**aggregates)
    return {row.pop("area"): row for row in rows if row["area"] is not None}


# Public querysets the scope does not hold itself --------------------------------------------


def _reach(scope: Scope) -> QuerySet[Reach]:
    queryset = Reach.objects.filter(public_plan_q("action__plan__"))
    return queryset.filter(scope._partnership_q("action__plan__partnership"))


def _published_items() -> QuerySet[LibraryItem]:
    # ``public()`` reads the view restrictions once, here.
    return LibraryItem.objects.live().public()


def _public_reinvestments(published: QuerySet[LibraryItem]) -> QuerySet[Reinvestment]:
    """Réinvestissements anyone may see: the new action and its source are both public."""
    return Reinvestment.objects.filter(public_plan_q("action__plan__")).filter(
        Q(source_item__in=published.order_by().values("pk")) | public_plan_q("source_action__plan__")
    )


# An item is a region's when it is tagged with the region, credited to one of its partnerships
# or to one of its local or regional organisations (a national organisation works in every
# region: its credit places an item in none in particular).
# Library items are counted from the link tables (small integer pairs: item, area) joined
# once to the published items, a translation counting once (its translation key).
# Each link query is kept as SQL and parameters, (item, area) pairs, so that raw parts join in.
ItemLinks = list[tuple[str, tuple]]

REGION_TAGS = LibraryItem.regions.through
PARTNERSHIP_CREDITS = LibraryItem.partnerships.through
ORGANISATION_CREDITS = LibraryItem.organisations.through
SOURCE_ACTIONS = LibraryItem.source_actions.through
ACTION_OBJECTIVES = Action.objectives.through


def _links(queryset: QuerySet, area: Any) -> tuple[str, tuple]:
    return queryset.order_by().values(item=F("libraryitem_id"), area=area).query.sql_with_params()


def _organisation_links() -> tuple[str, tuple]:
    """(item, region id) pairs of the items credited to active organisations, for every region.

    Written by hand: Django would join the organisations' table, a wide row read per credit,
    where the list of active organisations comes from its index alone. (For one region,
    Django's join is the cheaper one: it starts from the region's few organisations.)
    """
    credits = ORGANISATION_CREDITS._meta.db_table
    regions = Organisation.regions.through._meta.db_table
    active = Organisation.objects.filter(is_active=True).exclude(scale=Scale.NATIONAL).order_by().values("pk")
    active_sql, params = active.query.sql_with_params()
    sql = (
        f"SELECT lo.libraryitem_id AS item, r.region_id AS area FROM {credits} lo "  # noqa: S608  # nosec B608
        f"INNER JOIN {regions} r ON r.organisation_id = lo.organisation_id "
        f"WHERE lo.organisation_id IN ({active_sql})"
    )
    return sql, params


def _item_links(scope: Scope) -> ItemLinks | None:
    """The (item, 1) pairs of the items credited to the scope; None for Québec (every item)."""
    one = Value(1)
    if scope.kind == "region":
        region = scope.region
        return [
            _links(REGION_TAGS.objects.filter(region=region), one),
            _links(
                PARTNERSHIP_CREDITS.objects.filter(partnership__region=region, partnership__is_active=True),
                one,
            ),
            _links(
                ORGANISATION_CREDITS.objects.filter(
                    organisation__regions=region, organisation__is_active=True
                ).exclude(organisation__scale=Scale.NATIONAL),
                one,
            ),
        ]
    if scope.kind == "partnership":
        return [
            _links(PARTNERSHIP_CREDITS.objects.filter(partnership=scope.partnership), one),
            _links(SOURCE_ACTIONS.objects.filter(action__in=scope.actions().order_by().values("pk")), one),
        ]
    return None


def _published_sql(published: QuerySet[LibraryItem]) -> tuple[str, tuple]:
    """SQL of the published items' (item, translation key, year of publication).

    The year is read from the ISO text of the dates, the same on every database: the
    item's own publication date, or the day its page was first published.
    """
    year = Coalesce(_year("published_on"), _year("first_published_at"))
    rows = published.order_by().values(item=F("pk"), key=F("translation_key"), year=year)
    return rows.query.sql_with_params()


def _union_sql(links: ItemLinks) -> tuple[str, tuple]:
    """One query of the distinct (item, area) pairs of all the links."""
    sql = " UNION ".join(part for part, _params in links)
    return sql, tuple(param for _part, params in links for param in params)


def _count_items(published: QuerySet[LibraryItem], links: ItemLinks) -> dict[Any, int]:
    """Distinct published items (a translation counting once) per area of the links.

    Django builds the inner queries (the union of the link tables, the published items);
    the outer one joins them on the item and counts in the database, so no pair reaches
    Python. Joining the published items (rather than filtering with ``IN``) reads the
    page table once, not once per link.
    """
    published_sql, published_params = _published_sql(published)
    union_sql, union_params = _union_sql(links)
    outer = (
        f"SELECT u.area, COUNT(DISTINCT pub.key) FROM ({union_sql}) u "  # noqa: S608  # nosec B608
        f"INNER JOIN ({published_sql}) pub ON pub.item = u.item GROUP BY u.area"
    )
    with connections[published.db].cursor() as cursor:
        cursor.execute(outer, [*union_params, *published_params])
        return dict(cursor.fetchall())


def _items_by_year(published: QuerySet[LibraryItem], links: ItemLinks | None) -> dict[str | None, int]:
    """Published items credited to the links (every one when ``links`` is None) by year of
    first publication, as text (« 2025 »; None when undated).

    A translation counts once, in the year its first version was published, so the counts
    add up to the number of distinct items: the total and the trend come from one query.
    """
    published_sql, params = _published_sql(published)
    where, materialized = "", "MATERIALIZED "
    if links is not None:
        union_sql, union_params = _union_sql(links)
        where = f"WHERE pub.item IN (SELECT u.item FROM ({union_sql}) u) "  # noqa: S608  # nosec B608
        params = (*params, *union_params)
        # A few credited items: looked up one by one from the links.
        materialized = ""
    # For every item, materialised, the published items are read in their own cheapest order
    # (by index); inlined, SQLite would walk the pages by translation key and read every item row.
    outer = (
        f"WITH pub AS {materialized}({published_sql}) "  # noqa: S608  # nosec B608
        "SELECT k.first_year, COUNT(*) FROM ("
        f"SELECT pub.key, MIN(pub.year) AS first_year FROM pub {where}GROUP BY pub.key"
        ") k GROUP BY k.first_year"
    )
    with connections[published.db].cursor() as cursor:
        cursor.execute(outer, list(params))
        return dict(cursor.fetchall())


# The portrait ------------------------------------------------------------------------------


def portrait(scope: Scope) -> Portrait:
    """The figures of the scope, from the cache or computed with a constant number of queries."""
    return cached("portrait", scope.key, lambda: compute(scope))


def compute(scope: Scope) -> Portrait:
    """The figures of the scope, counted in the database (about twenty aggregate queries)."""
    paths = _paths(scope)
    published = _published_items()
    reinvestments = _public_reinvestments(published)

    areas = _areas(scope)
    partnerships = _grouped(
        scope.partnerships(),
        paths.partnership,
        n=Count("pk"),
        kids=Sum("children_0_5"),
        local_kids=Sum("children_0_5", filter=LOCAL_TERRITORY),
    )
    plans = _grouped(scope.plans(), paths.plan, n=Count("pk"))
    # One pass over the actions: per area, year started (None when undated) and type.
    action_rows = (
        scope.actions()
        .order_by()
        .values_list(F(paths.action), _year("start_date"), F("action_type_id"))
        .annotate(n=Count("pk"))
    )
    actions: dict[Any, dict[str, int]] = defaultdict(lambda: {"n": 0})
    started: dict[int, int] = defaultdict(int)
    by_type: dict[int, int] = defaultdict(int)
    for area, year, action_type, n in action_rows:
        actions[area]["n"] += n
        by_type[action_type] += n
        if year:
            started[int(year)] += n
    reach_rows = list(
        _reach(scope)
        .order_by()
        .values("year", area=F(paths.reach))
        .annotate(children=Sum("children"), parents=Sum("parents"), families=Sum("families"))
    )
    made_rows = list(
        reinvestments.filter(scope._partnership_q("action__plan__partnership"))
        .order_by()
        .values(area=F(paths.reinvestment), year=_year("created_at"))
        .annotate(n=Count("pk"))
    )

    # Items by year of first publication: their sum is the scope's distinct items.
    items_by_year = _items_by_year(published, _item_links(scope))
    # The children of a partnership's own territory; of the local partnerships' for a region or Québec.
    kids = "kids" if scope.kind == "partnership" else "local_kids"
    figures = Figures(
        organisations=scope.organisations().count(),
        partnerships=sum(row["n"] for row in partnerships.values()),
        plans=sum(row["n"] for row in plans.values()),
        actions=sum(row["n"] for row in actions.values()),
        children_0_5=sum(row[kids] or 0 for row in partnerships.values()),
        children_reached=sum(row["children"] for row in reach_rows),
        parents_reached=sum(row["parents"] for row in reach_rows),
        families_reached=sum(row["families"] for row in reach_rows),
        library_items=sum(items_by_year.values()),
        reinvestments_made=sum(row["n"] for row in made_rows),
    )

    reach_years: dict[int, Reached] = {}
    for row in reach_rows:
        year = reach_years.setdefault(row["year"], Reached(row["year"]))
        year.children += row["children"]
        year.parents += row["parents"]
        year.families += row["families"]
    reach_latest = reach_years[max(reach_years)] if reach_years else None

    systems = list(System.objects.order_by("position", "code"))
    factors = list(ProtectiveFactor.objects.order_by("system__position", "position", "code"))
    result = Portrait(
        key=scope.key,
        kind=scope.kind,
        name=str(scope.name),
        figures=figures,
        reach_latest=reach_latest,
        reinvestments_received=_received(scope, published),
        areas=_area_rows(scope, areas, partnerships, plans, actions, reach_rows, made_rows, published)
        if scope.kind != "partnership"
        else [],
        systems=[(system.code, system.label) for system in systems],
        matrix=_matrix(scope, systems, factors),
        action_types=_action_types(by_type),
        trends=_trends(started, reach_years, made_rows, items_by_year),
    )
    if scope.kind != "quebec":
        result.comparisons = _comparisons(result, systems, _actions_by_system(scope), quebec_baseline())
    return result


def _areas(scope: Scope) -> list[tuple[str, Any, str, str]]:
    """(code, key, label, portrait URL) of each area: regions for Québec, partnerships for a region."""
    if scope.kind == "quebec":
        return [
            (r.code, r.pk, r.label, reverse("portraits:region", args=[r.code]))
            for r in Region.objects.order_by("code")
        ]
    if scope.kind == "region":
        return [
            (str(p.pk), p.pk, p.name, reverse("portraits:partnership", args=[p.pk]))
            for p in scope.partnerships().order_by("name", "pk").only("pk", "name")
        ]
    return []


def _area_rows(
    scope: Scope,
    areas: list[tuple[str, Any, str, str]],
    partnerships: dict,
    plans: dict,
    actions: dict,
    reach_rows: list[dict],
    made_rows: list[dict],
    published: QuerySet[LibraryItem],
) -> list[AreaRow]:
    """The key figures of each area (two more queries: organisations and library items).

    A region of Québec counts the children of its local partnerships; a partnership of a
    region, those of its own territory.
    """
    kids = "local_kids" if scope.kind == "quebec" else "kids"
    if scope.kind == "quebec":
        # Region ids rather than codes: the link tables hold them, no join to the regions.
        organisations = _grouped(Organisation.objects.filter(is_active=True), "regions__id", n=Count("pk"))
        items = _count_items(
            published,
            [
                _links(REGION_TAGS.objects.all(), F("region_id")),
                _links(
                    PARTNERSHIP_CREDITS.objects.filter(partnership__is_active=True),
                    F("partnership__region_id"),
                ),
                _organisation_links(),
            ],
        )
    else:
        organisations = _grouped(
            Membership.objects.filter(
                organisation__is_active=True, partnership__in=scope.partnerships().order_by().values("pk")
            ),
            "partnership_id",
            n=Count("organisation_id", distinct=True),
        )
        items = _count_items(
            published,
            [
                _links(
                    PARTNERSHIP_CREDITS.objects.filter(
                        partnership__in=scope.partnerships().order_by().values("pk")
                    ),
                    F("partnership_id"),
                ),
                _links(
                    SOURCE_ACTIONS.objects.filter(action__in=scope.actions().order_by().values("pk")),
                    F("action__plan__partnership_id"),
                ),
            ],
        )
    reached: dict[Any, dict[str, int]] = defaultdict(lambda: {"children": 0, "parents": 0, "families": 0})
    for row in reach_rows:
        for name in ("children", "parents", "families"):
            reached[row["area"]][name] += row[name]
    made: dict[Any, int] = defaultdict(int)
    for row in made_rows:
        made[row["area"]] += row["n"]

    rows = []
    for code, key, label, url in areas:
        rows.append(
            AreaRow(
                code=code,
                label=label,
                url=url,
                figures=Figures(
                    organisations=organisations.get(key, {}).get("n", 0),
                    partnerships=partnerships.get(key, {}).get("n", 0),
                    plans=plans.get(key, {}).get("n", 0),
                    actions=actions.get(key, {}).get("n", 0),
                    children_0_5=partnerships.get(key, {}).get(kids) or 0,
                    children_reached=reached[key]["children"],
                    parents_reached=reached[key]["parents"],
                    families_reached=reached[key]["families"],
                    library_items=items.get(key, 0),
                    reinvestments_made=made[key],
                ),
            )
        )
    return rows


def _received(scope: Scope, published: QuerySet[LibraryItem]) -> int | None:
    """Réinvestissements of the scope's items and actions by partnerships outside it (none for Québec)."""
    if scope.kind == "quebec":
        return None
    by_others = Reinvestment.objects.filter(public_plan_q("action__plan__")).exclude(
        scope._partnership_q("action__plan__partnership")
    )
    # A réinvestissement has one source, an action or an item: two simple counts add up
    # exactly, and run much faster than one count over an OR of subqueries. The source
    # actions are the scope's public ones; the source items must be published.
    of_actions = by_others.filter(source_action__in=scope.actions().order_by().values("pk")).count()
    union_sql, union_params = _union_sql(_item_links(scope))
    credited_sql = f"SELECT u.item FROM ({union_sql}) u"  # noqa: S608  # nosec B608
    credited_items = RawSQL(credited_sql, union_params)  # noqa: S611  # nosec B611
    # One list of translation keys, so that the database reads it once.
    credited = published.filter(pk__in=credited_items).order_by().values("translation_key")
    # Each réinvestissement of another partnership looks its source item up by key, and
    # checks its translation key against the list.
    credited_source = published.filter(pk=OuterRef("source_item_id"), translation_key__in=credited)
    of_items = by_others.filter(Exists(credited_source)).count()
    return of_actions + of_items


def _matrix(scope: Scope, systems: list[System], factors: list[ProtectiveFactor]) -> list[MatrixRow]:
    """Distinct actions serving an objective of system S tied to factor F, over every public plan."""
    # From the (action, objective) links of the scope's actions: their ids come from an index,
    # no action row is read.
    links = ACTION_OBJECTIVES.objects.filter(action__in=scope.actions().order_by().values("pk"))
    counts = {
        (factor, system): n
        for factor, system, n in links.filter(objective__protective_factors__isnull=False)
        .order_by()
        .values_list(F("objective__protective_factors"), F("objective__system_id"))
        .annotate(n=Count("action_id", distinct=True))
    }
    system_by_id = {system.pk: system for system in systems}
    return [
        MatrixRow(
            factor_code=factor.code,
            factor_label=factor.label,
            system_code=system_by_id[factor.system_id].code,
            system_label=system_by_id[factor.system_id].label,
            counts=[counts.get((factor.pk, system.pk), 0) for system in systems],
        )
        for factor in factors
        if factor.system_id in system_by_id
    ]


def _action_types(counts: dict[int, int]) -> list[Tally]:
    """Every action type with its number of actions (``counts`` by type id), the most frequent first."""
    tallies = [
        Tally(code=kind.code, label=kind.label, count=counts.get(kind.pk, 0))
        for kind in ActionType.objects.order_by("position", "code")
    ]
    return sorted(tallies, key=lambda tally: -tally.count)


def _actions_by_system(scope: Scope) -> dict[int, dict[str, int]]:
    """Distinct actions of the scope serving an objective of each system, ``{system id: {"n": count}}``."""
    return _grouped(
        ACTION_OBJECTIVES.objects.filter(action__in=scope.actions().order_by().values("pk")),
        "objective__system_id",
        n=Count("action_id", distinct=True),
    )


def _trends(
    started: dict[int, int],
    reach_years: dict[int, Reached],
    made_rows: list[dict],
    items_by_year: dict[str | None, int],
) -> list[YearTrend]:
    """Actions started, children reached, items published and réinvestissements, year by year.

    The series ends with the current year: actions planned to start later are not a drop
    of activity, so future years are left out (their actions still count in the totals).
    """
    # The year comes as text ("2025"): made an integer here.
    items = {int(year): count for year, count in items_by_year.items() if year}
    made: dict[int, int] = defaultdict(int)
    for row in made_rows:
        made[int(row["year"])] += row["n"]
    this_year = timezone.localdate().year
    years = {year for year in set(started) | set(reach_years) | set(items) | set(made) if year <= this_year}
    if not years:
        return []
    return [
        YearTrend(
            year=year,
            actions_started=started.get(year, 0),
            children_reached=reach_years[year].children if year in reach_years else 0,
            library_items=items.get(year, 0),
            reinvestments=made.get(year, 0),
        )
        for year in range(min(years), max(years) + 1)
    ]


# Comparison with Québec ----------------------------------------------------------------------


@dataclass
class Baseline:
    """The Québec values a region or a partnership is compared with."""

    partnerships: int
    actions: int
    children_0_5: int
    children_by_year: dict[int, int]
    actions_by_system: dict[int, int]


def quebec_baseline() -> Baseline:
    """Québec's values for the comparisons (four queries, cached on their own)."""

    def compute_baseline() -> Baseline:
        totals = QUEBEC.partnerships().aggregate(
            n=Count("pk"), kids=Sum("children_0_5", filter=LOCAL_TERRITORY)
        )
        by_system = _actions_by_system(QUEBEC)
        return Baseline(
            partnerships=totals["n"],
            actions=QUEBEC.actions().count(),
            children_0_5=totals["kids"] or 0,
            children_by_year={
                row["year"]: row["children"]
                for row in _reach(QUEBEC).order_by().values("year").annotate(children=Sum("children"))
            },
            actions_by_system={pk: row["n"] for pk, row in by_system.items()},
        )

    return cached("baseline", QUEBEC.key, compute_baseline)


def _ratio(numerator: float, denominator: float, scale: int = 1) -> float | None:
    if not denominator:
        return None
    return round(numerator * scale / denominator, 1)


def _comparisons(
    result: Portrait, systems: list[System], by_system: dict, baseline: Baseline
) -> list[Comparison]:
    """Actions per partnership, children reached per 1,000 children, share of actions per system."""
    f = result.figures
    year = result.reach_latest.year if result.reach_latest else None
    comparisons = [
        Comparison(
            code="actions-par-regroupement",
            label=_("Actions par regroupement"),
            unit=_("actions"),
            value=_ratio(f.actions, f.partnerships),
            quebec=_ratio(baseline.actions, baseline.partnerships),
        ),
        Comparison(
            code="enfants-rejoints-par-1000",
            label=(
                _("Enfants rejoints en %(year)s pour 1 000 enfants de 0 à 5 ans") % {"year": year}
                if year
                else _("Enfants rejoints pour 1 000 enfants de 0 à 5 ans")
            ),
            unit="",
            value=_ratio(result.reach_latest.children, f.children_0_5, 1000) if year else None,
            quebec=_ratio(baseline.children_by_year.get(year, 0), baseline.children_0_5, 1000)
            if year
            else None,
        ),
    ]
    for system in systems:
        comparisons.append(
            Comparison(
                code=f"part-systeme-{system.code}",
                label=_("Part des actions visant le système « %(system)s »") % {"system": system.label},
                unit="%",
                value=_ratio(by_system.get(system.pk, {}).get("n", 0), f.actions, 100),
                quebec=_ratio(baseline.actions_by_system.get(system.pk, 0), baseline.actions, 100),
            )
        )
    return comparisons
