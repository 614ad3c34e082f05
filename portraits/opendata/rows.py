"""The rows of each dataset, read from the database by batches of primary keys."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.urls import reverse
from django.utils import translation

from library.models import LibraryItem, Reinvestment
from library.text import item_path
from partners.models import Membership, Organisation
from plans.models import Action, Reach

CHUNK_SIZE = 2000


def _chunks(queryset: QuerySet, *fields: str) -> Iterator[list[dict[str, Any]]]:
    """Rows as dicts, in primary-key order, ``CHUNK_SIZE`` at a time (keyset pagination)."""
    queryset = queryset.order_by("pk")
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).values("pk", *fields)[:CHUNK_SIZE])
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def _related(queryset: QuerySet, ids: list[int], path: str) -> dict[int, list]:
    """For each id, the distinct codes reached by ``path`` (``…__code`` of reference data),
    in the reference data's display order."""
    found: dict[int, list] = defaultdict(list)
    position = path.removesuffix("code") + "position"
    rows = (
        queryset.filter(pk__in=ids)
        .order_by("pk", position, path)
        .values_list("pk", path, position)
        .distinct()
    )
    for pk, value, _position in rows:
        if value is not None:
            found[pk].append(value)
    return found


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _page_urls(url_name: str) -> Callable[[int], str]:
    """The public French address of the object numbered pk, reversed once for the whole export."""
    with translation.override("fr"):
        pattern = reverse(url_name, args=[999999999])
    return lambda pk: _absolute(pattern.replace("999999999", str(pk)))


def _decimal(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def organisation_rows(queryset: QuerySet) -> Iterator[list[dict[str, Any]]]:
    url = _page_urls("partners:organisation")
    fields = ("name", "sector__code", "sector__label_fr", "scale", "municipality", "website", "description")
    for rows in _chunks(queryset, *fields):
        ids = [row["pk"] for row in rows]
        regions = _related(Organisation.objects.all(), ids, "regions__code")
        yield [
            {
                "id": row["pk"],
                "name": row["name"],
                "sector_code": row["sector__code"],
                "sector_label": row["sector__label_fr"],
                "scale": row["scale"],
                "region_codes": regions.get(row["pk"], []),
                "municipality": row["municipality"],
                "website": row["website"],
                "description": row["description"],
                "url": url(row["pk"]),
            }
            for row in rows
        ]


def partnership_rows(queryset: QuerySet) -> Iterator[list[dict[str, Any]]]:
    url = _page_urls("partners:partnership")
    fields = (
        "name",
        "kind",
        "region__code",
        "territory_name",
        "territory_type",
        "children_0_5",
        "dpe_stage",
        "website",
        "description",
    )
    for rows in _chunks(queryset, *fields):
        ids = [row["pk"] for row in rows]
        members: dict[int, list[int]] = defaultdict(list)
        # Inactive organisations are hidden everywhere on the site, so they are not members here.
        memberships = (
            Membership.objects.of_active_organisations()
            .filter(partnership_id__in=ids)
            .order_by("partnership_id", "organisation_id")
            .values_list("partnership_id", "organisation_id")
        )
        for partnership_id, organisation_id in memberships:
            members[partnership_id].append(organisation_id)
        yield [
            {
                "id": row["pk"],
                "name": row["name"],
                "kind": row["kind"],
                "region_code": row["region__code"],
                "territory_name": row["territory_name"],
                "territory_type": row["territory_type"],
                "children_0_5": row["children_0_5"],
                "dpe_stage": row["dpe_stage"],
                "member_count": len(members.get(row["pk"], [])),
                "member_organisation_ids": members.get(row["pk"], []),
                "website": row["website"],
                "description": row["description"],
                "url": url(row["pk"]),
            }
            for row in rows
        ]


def plan_rows(queryset: QuerySet) -> Iterator[list[dict[str, Any]]]:
    url = _page_urls("plans:plan")
    fields = ("partnership_id", "title", "start_year", "end_year", "status", "summary")
    for rows in _chunks(queryset, *fields):
        ids = [row["pk"] for row in rows]
        counts = dict(
            Action.objects.filter(plan_id__in=ids)
            .order_by()
            .values("plan_id")
            .annotate(n=Count("id"))
            .values_list("plan_id", "n")
        )
        yield [
            {
                "id": row["pk"],
                "partnership_id": row["partnership_id"],
                "title": row["title"],
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                "status": row["status"],
                "summary": row["summary"],
                "action_count": counts.get(row["pk"], 0),
                "url": url(row["pk"]),
            }
            for row in rows
        ]


def action_rows(queryset: QuerySet) -> Iterator[list[dict[str, Any]]]:
    url = _page_urls("plans:action")
    fields = (
        "plan_id",
        "plan__partnership_id",
        "title",
        "description",
        "action_type__code",
        "lead_id",
        "lead__is_active",
        "start_date",
        "end_date",
        "status",
        "progress",
        "budget",
        "in_kind",
    )
    actions = Action.objects.all()
    for rows in _chunks(queryset, *fields):
        ids = [row["pk"] for row in rows]
        contributors = _active_links(Action.contributors.through, "action_id", ids)
        ages = _related(actions, ids, "age_periods__code")
        populations = _related(actions, ids, "populations__code")
        factors = _related(actions, ids, "objectives__protective_factors__code")
        systems = _related(actions, ids, "objectives__system__code")
        reach = {
            row["action_id"]: row
            for row in Reach.objects.filter(action_id__in=ids)
            .order_by()
            .values("action_id")
            .annotate(children=Sum("children"), parents=Sum("parents"), families=Sum("families"))
        }
        yield [
            {
                "id": row["pk"],
                "plan_id": row["plan_id"],
                "partnership_id": row["plan__partnership_id"],
                "title": row["title"],
                "description": row["description"],
                "action_type_code": row["action_type__code"],
                "lead_organisation_id": row["lead_id"] if row["lead__is_active"] else None,
                "contributor_organisation_ids": contributors.get(row["pk"], []),
                "age_period_codes": ages.get(row["pk"], []),
                "population_codes": populations.get(row["pk"], []),
                "system_codes": systems.get(row["pk"], []),
                "protective_factor_codes": factors.get(row["pk"], []),
                "start_date": row["start_date"],
                "end_date": row["end_date"],
                "status": row["status"],
                "progress": row["progress"],
                "budget": _decimal(row["budget"]),
                "in_kind": _decimal(row["in_kind"]),
                "reach_children": reach.get(row["pk"], {}).get("children", 0),
                "reach_parents": reach.get(row["pk"], {}).get("parents", 0),
                "reach_families": reach.get(row["pk"], {}).get("families", 0),
                "url": url(row["pk"]),
            }
            for row in rows
        ]


def _active_links(
    through: Any, owner: str, ids: list[int], target: str = "organisation"
) -> dict[int, list[int]]:
    """For each owner id, the ids of the active organisations or partnerships it links to.

    An inactive organisation or partnership is hidden everywhere on the site, and is not in
    the exports: a reference to it would lead nowhere.
    """
    found: dict[int, list[int]] = defaultdict(list)
    links = (
        through.objects.filter(**{f"{owner}__in": ids, f"{target}__is_active": True})
        .order_by(owner, f"{target}_id")
        .values_list(owner, f"{target}_id")
    )
    for owner_id, target_id in links:
        found[owner_id].append(target_id)
    return found


def library_rows(queryset: QuerySet) -> Iterator[list[dict[str, Any]]]:
    fields = (
        "kind",
        "title",
        "summary",
        "url_path",
        "locale__language_code",
        "published_on",
        "translation_key",
    )
    items = LibraryItem.objects.all()
    organisations_through = LibraryItem.organisations.through
    partnerships_through = LibraryItem.partnerships.through
    for rows in _chunks(queryset, *fields):
        ids = [row["pk"] for row in rows]
        tags = {
            name: _related(items, ids, f"{name}__code")
            for name in (
                "systems",
                "protective_factors",
                "themes",
                "age_periods",
                "populations",
                "action_types",
                "regions",
            )
        }
        organisations = _active_links(organisations_through, "libraryitem_id", ids)
        partnerships = _active_links(partnerships_through, "libraryitem_id", ids, target="partnership")
        reuses = dict(
            Reinvestment.objects.filter(source_item_id__in=ids)
            .order_by()
            .values("source_item_id")
            .annotate(n=Count("id"))
            .values_list("source_item_id", "n")
        )
        yield [
            {
                "id": row["pk"],
                "kind": row["kind"],
                "title": row["title"],
                "summary": row["summary"],
                "url": _absolute(item_path(_page_like(row))),
                "language": row["locale__language_code"],
                "translation_group": str(row["translation_key"]),
                "published_on": row["published_on"],
                "system_codes": tags["systems"].get(row["pk"], []),
                "protective_factor_codes": tags["protective_factors"].get(row["pk"], []),
                "theme_codes": tags["themes"].get(row["pk"], []),
                "age_period_codes": tags["age_periods"].get(row["pk"], []),
                "population_codes": tags["populations"].get(row["pk"], []),
                "action_type_codes": tags["action_types"].get(row["pk"], []),
                "region_codes": tags["regions"].get(row["pk"], []),
                "organisation_ids": organisations.get(row["pk"], []),
                "partnership_ids": partnerships.get(row["pk"], []),
                "reuse_count": reuses.get(row["pk"], 0),
            }
            for row in rows
        ]


def _page_like(row: dict[str, Any]) -> SimpleNamespace:
    # item_path reads an address and a language; building a Wagtail page per row would cost more.
    language = row["locale__language_code"]
    return SimpleNamespace(
        url_path=row["url_path"], locale_id=1, locale=SimpleNamespace(language_code=language)
    )
