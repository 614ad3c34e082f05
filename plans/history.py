"""What the history pages read: a plan's recorded changes a page at a time, and who acted for whom."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import IntegerField, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.people import public_name
from core.dates import long_date
from core.listing import PageListing, page_of
from partners.models import Affiliation, Organisation, Partnership
from plans.forms import format_decimal
from plans.models import Action, Finding, Indicator, Measurement, Objective, Plan, Priority, Reach

# The plan and everything it holds keep their own django-simple-history tables. One UNION
# query orders and pages all of them together; then, for the 50 records of the page, each
# table is read once (with the id of the previous record of the same object as a
# subquery), the previous records once, the many-to-many snapshots once per link, and the
# names of related objects once per model: the page costs the same whatever the history.

HISTORY_PAGE_SIZE = 50
HISTORY_TYPES = {
    "+": gettext_lazy("Création"),
    "~": gettext_lazy("Modification"),
    "-": gettext_lazy("Suppression"),
}
# Bookkeeping columns nobody types in.
HISTORY_IGNORED_FIELDS = {"plan", "position", "created_at", "updated_at", "search_text", "recorded_by"}
PLAN_ITEM_MODELS = (Plan, Finding, Priority, Objective, Action, Indicator, Measurement, Reach)


def _history_sources(plan: Plan) -> list[tuple[type, Any]]:
    def history(model):
        return model.history.model.objects

    # Deleted indicators and actions keep their history, so their ids come from it.
    indicator_ids = history(Indicator).filter(plan_id=plan.pk).values("id")
    action_ids = history(Action).filter(plan_id=plan.pk).values("id")
    return [
        (Plan, history(Plan).filter(id=plan.pk)),
        (Finding, history(Finding).filter(plan_id=plan.pk)),
        (Priority, history(Priority).filter(plan_id=plan.pk)),
        (Objective, history(Objective).filter(plan_id=plan.pk)),
        (Action, history(Action).filter(plan_id=plan.pk)),
        (Indicator, history(Indicator).filter(plan_id=plan.pk)),
        (Measurement, history(Measurement).filter(indicator_id__in=indicator_ids)),
        (Reach, history(Reach).filter(action_id__in=action_ids)),
    ]


def plan_history_page(plan: Plan, number: str) -> PageListing:
    sources = _history_sources(plan)
    parts = [
        queryset.order_by()
        .annotate(kind=Value(index, output_field=IntegerField()))
        .values_list("kind", "history_id", "history_date")
        for index, (_model, queryset) in enumerate(sources)
    ]
    combined = parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")
    paginator = Paginator(combined, HISTORY_PAGE_SIZE)
    page = page_of(paginator, number)
    page.object_list = _history_rows(sources, list(page.object_list), plan.partnership_id)
    return PageListing(page)


def _history_rows(
    sources: list[tuple[type, Any]], page_rows: list[tuple[int, int, Any]], partnership_id: int
) -> list[dict]:
    wanted: dict[int, list[int]] = defaultdict(list)
    for kind, history_id, _date in page_rows:
        wanted[kind].append(history_id)
    records: dict[tuple[int, int], Any] = {}
    previous: dict[tuple[int, int], Any] = {}
    labels = _Labels()
    m2m_rows: dict[tuple[int, str], dict[int, set[int]]] = {}
    for kind, ids in wanted.items():
        model = sources[kind][0]
        history_model = model.history.model
        before = (
            history_model.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        current = list(
            history_model.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(previous_history_id=Subquery(before))
        )
        wanted_previous = [
            r.previous_history_id for r in current if r.history_type == "~" and r.previous_history_id
        ]
        found_previous = history_model.objects.in_bulk(wanted_previous) if wanted_previous else {}
        for record in current:
            records[(kind, record.history_id)] = record
            if record.history_type == "~":
                previous[(kind, record.history_id)] = found_previous.get(record.previous_history_id)
            labels.want_object(model, record)
        m2m_fields = [field for field in model._meta.many_to_many if field.name in _tracked_m2m(model)]
        if m2m_fields and wanted_previous:
            snapshot_ids = [r.history_id for r in current if r.history_type == "~"] + wanted_previous
            for field in m2m_fields:
                rows = _m2m_snapshots(model, field, snapshot_ids)
                m2m_rows[(kind, field.name)] = rows
                for values in rows.values():
                    labels.want(field.related_model, values)
        for key, record in list(records.items()):
            if key[0] != kind or key not in previous or previous[key] is None:
                continue
            for change in _field_changes(model, record, previous[key]):
                field = model._meta.get_field(change.field)
                if field.is_relation:
                    labels.want(field.related_model, [change.old, change.new])
    labels.fetch()
    organisations = organisations_in_partnership(
        partnership_id, {record.history_user_id for record in records.values()}
    )

    rows = []
    for kind, history_id, _date in page_rows:
        record = records.get((kind, history_id))
        if record is None:
            continue
        model = sources[kind][0]
        row = {
            "date": record.history_date,
            # Without an author (a script, or an account deleted since), the page shows a dash.
            "user": public_name(record.history_user, organisation=organisations.get(record.history_user_id))
            if record.history_user_id
            else "",
            "type": record.history_type,
            "type_label": HISTORY_TYPES.get(record.history_type, record.history_type),
            "model_label": capfirst(model._meta.verbose_name),
            "object_label": labels.of_record(model, record),
            "changes": [],
        }
        old = previous.get((kind, history_id))
        if old is not None:
            for change in _field_changes(model, record, old):
                field = model._meta.get_field(change.field)
                row["changes"].append(
                    {
                        "field": capfirst(field.verbose_name),
                        "old": labels.display(field, change.old),
                        "new": labels.display(field, change.new),
                    }
                )
            for field in model._meta.many_to_many:
                snapshots = m2m_rows.get((kind, field.name))
                if snapshots is None:
                    continue
                before_ids = snapshots.get(old.history_id, set())
                after_ids = snapshots.get(record.history_id, set())
                if before_ids != after_ids:
                    row["changes"].append(
                        {
                            "field": capfirst(field.verbose_name),
                            "added": labels.names(field.related_model, after_ids - before_ids),
                            "removed": labels.names(field.related_model, before_ids - after_ids),
                        }
                    )
        rows.append(row)
    return rows


def _tracked_m2m(model: type) -> set[str]:
    return {field.name for field in getattr(model.history.model, "_history_m2m_fields", [])}


def _m2m_snapshots(model: type, field, history_ids: list[int]) -> dict[int, set[int]]:
    """The linked ids of each historical record, read from the link's history table."""
    through = apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{field.name}")
    target = field.m2m_reverse_field_name()
    snapshots: dict[int, set[int]] = defaultdict(set)
    for history_id, target_id in through.objects.filter(history_id__in=history_ids).values_list(
        "history_id", target
    ):
        if target_id is not None:
            snapshots[history_id].add(target_id)
    return snapshots


def _field_changes(model: type, record, old) -> list:
    excluded = _tracked_m2m(model) | HISTORY_IGNORED_FIELDS
    return record.diff_against(old, excluded_fields=excluded).changes


class _Labels:
    """Names of the objects a page of history mentions, read once per model."""

    def __init__(self) -> None:
        self.wanted: dict[type, set[int]] = defaultdict(set)
        self.found: dict[type, dict[int, str]] = {}

    def want(self, model: type, values: Iterable[Any]) -> None:
        self.wanted[model].update(value for value in values if isinstance(value, int))

    def want_object(self, model: type, record) -> None:
        if model is Measurement:
            self.want(Indicator, [record.indicator_id])
        elif model is Reach:
            self.want(Action, [record.action_id])

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            names = {obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=ids)}
            missing = ids - set(names)
            if missing and model in PLAN_ITEM_MODELS:
                # Deleted since: the last name their history knew.
                for record in model.history.model.objects.filter(id__in=missing).order_by("history_id"):
                    names[record.id] = _("%(name)s (supprimé)") % {"name": _record_name(model, record)}
            self.found[model] = names

    def name(self, model: type, pk: Any) -> str:
        if pk is None:
            return ""
        return self.found.get(model, {}).get(pk) or _("n° %(id)s (supprimé)") % {"id": pk}

    def names(self, model: type, ids: Iterable[int]) -> list[str]:
        return sorted((self.name(model, pk) for pk in ids), key=str.casefold)

    def of_record(self, model: type, record) -> str:
        if model is Measurement:
            return _("%(indicator)s : %(value)s (%(date)s)") % {
                "indicator": self.name(Indicator, record.indicator_id),
                "value": _format_value(record.value),
                "date": long_date(record.measured_on),
            }
        if model is Reach:
            return _("%(action)s — %(year)s") % {
                "action": self.name(Action, record.action_id),
                "year": record.year,
            }
        return _record_name(model, record)

    def display(self, field, value: Any) -> str:
        if value is None or value == "":
            return ""
        if field.is_relation:
            return self.name(field.related_model, value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return _format_value(value)


def _record_name(model: type, record) -> str:
    if model is Finding:
        return Truncator(record.text).chars(80)
    if model is Indicator:
        return record.name
    return getattr(record, "title", "") or str(record.pk)


def _format_value(value: Any) -> str:
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return long_date(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return Truncator(str(value)).chars(300)


# Who acted for which organisation -------------------------------------------------------


def organisations_in_partnership(
    partnership_id: int, user_ids: Iterable[int | None]
) -> dict[int, Organisation]:
    """For each person, a member organisation of the partnership they work for (one query).

    A person without a name is then shown as « Membre de <organisation> » rather than by a
    neutral label (accounts.people.public_name); the first organisation by name wins.
    """
    wanted = {pk for pk in user_ids if pk is not None}
    if not wanted:
        return {}
    found: dict[int, Organisation] = {}
    for affiliation in (
        Affiliation.objects.filter(
            user_id__in=wanted, organisation__memberships__partnership_id=partnership_id
        )
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    ):
        found.setdefault(affiliation.user_id, affiliation.organisation)
    return found


def with_people(partnership: Partnership, rows: list, field: str) -> list:
    """Give each row the organisation its person acted for, as ``<field>_organisation``."""
    organisations = organisations_in_partnership(
        partnership.pk, (getattr(row, f"{field}_id") for row in rows)
    )
    for row in rows:
        setattr(row, f"{field}_organisation", organisations.get(getattr(row, f"{field}_id")))
    return rows
