"""Every change to plans goes through these functions: permission, transaction, history.

Forms, the API, the progress import and the demo data call them, so a change behaves
the same whichever way it arrives.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_administrator
from core.history import credit
from core.http import Forbidden
from core.text import fold
from partners import actions as partner_actions
from partners.models import Organisation, Partnership
from plans.models import (
    Action,
    ActionStatus,
    Finding,
    Indicator,
    Measurement,
    Objective,
    Plan,
    PlanStatus,
    Priority,
    Reach,
    StageChange,
)
from plans.permissions import can_edit_plan, can_update_action
from search import index as search_index

ACTION_FIELDS = (
    "title",
    "description",
    "action_type",
    "lead",
    "start_date",
    "end_date",
    "budget",
    "in_kind",
    "in_kind_description",
    "status",
    "progress",
    "position",
)
ACTION_M2M_FIELDS = ("contributors", "age_periods", "populations", "objectives")
PLAN_FIELDS = ("title", "start_year", "end_year", "status", "visibility", "summary")
EVALUATION_FIELDS = ("evaluation_worked", "evaluation_not_worked", "evaluation_learnings")

LEAD_NOT_MEMBER = _("L'organisme porteur doit être un membre actif du regroupement.")
CONTRIBUTOR_INACTIVE = _("Un des partenaires contributeurs n'existe pas ou n'est plus actif.")
OBJECTIVE_OF_ANOTHER_PLAN = _("Un des changements visés n'appartient pas à ce plan.")
#: The refusals of the plan's permissions, the same on the site and in the API.
PLAN_EDITORS_ONLY = _("Seuls les coordonnateurs du regroupement peuvent modifier ce plan.")
ACTION_UPDATERS_ONLY = _(
    "Seuls les coordonnateurs du regroupement et les membres des organismes porteurs "
    "ou contributeurs peuvent mettre à jour cette action."
)
ADMINISTRATORS_ONLY = _(
    "Seuls les administrateurs de la plateforme peuvent modifier ou supprimer un plan ici."
)


def action_search_text(action: Action) -> str:
    return fold(f"{action.title} {action.description}")


def _require_plan_editor(actor: User, plan: Plan) -> None:
    if not can_edit_plan(actor, plan):
        raise Forbidden(PLAN_EDITORS_ONLY)


def _require_action_updater(actor: User, action: Action) -> None:
    if not can_update_action(actor, action):
        raise Forbidden(ACTION_UPDATERS_ONLY)


def _apply(instance: models.Model, changes: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(instance, field, value)


# The DPE cycle ------------------------------------------------------------------------


@transaction.atomic
def change_stage(
    actor: User,
    partnership: Partnership,
    stage: str,
    *,
    changed_on: datetime.date | None = None,
    note: str = "",
) -> StageChange:
    """A coordinator moves the partnership to a stage of the DPE (backwards is allowed)."""
    partner_actions.update_partnership(actor, partnership, {"dpe_stage": stage})
    return StageChange.objects.create(
        partnership=partnership,
        stage=stage,
        changed_on=changed_on or timezone.localdate(),
        note=note,
        changed_by=actor,
    )


# Plans --------------------------------------------------------------------------------


@transaction.atomic
def create_plan(actor: User, partnership: Partnership, **fields: Any) -> Plan:
    """A coordinator starts a new plan for their partnership."""
    plan = Plan(partnership=partnership)
    _require_plan_editor(actor, plan)
    _apply(plan, fields, PLAN_FIELDS + ("previous",))
    plan.full_clean()
    credit(plan, actor)
    plan.save()
    return plan


@transaction.atomic
def update_plan(actor: User, plan: Plan, changes: dict[str, Any]) -> Plan:
    """A coordinator changes the plan's period, status, visibility or summary."""
    _require_plan_editor(actor, plan)
    _apply(plan, changes, PLAN_FIELDS)
    plan.full_clean()
    credit(plan, actor)
    plan.save()
    # The visibility decides who finds the plan's actions.
    search_index.update_on_commit("action", plan.actions.values_list("pk", flat=True))
    return plan


@transaction.atomic
def save_plan_as_administrator(actor: User, plan: Plan) -> Plan:
    """An administrator saves a plan with any of its fields (the admin site's form has set them)."""
    if not is_administrator(actor):
        raise Forbidden(ADMINISTRATORS_ONLY)
    plan.full_clean()
    credit(plan, actor)
    plan.save()
    # The visibility and the partnership decide who finds the plan's actions.
    search_index.update_on_commit("action", plan.actions.values_list("pk", flat=True))
    return plan


@transaction.atomic
def delete_plans(actor: User, plans: Iterable[Plan]) -> None:
    """An administrator deletes plans, with everything they hold; their actions leave the search."""
    if not is_administrator(actor):
        raise Forbidden(ADMINISTRATORS_ONLY)
    for plan in plans:
        removed = list(plan.actions.values_list("pk", flat=True))
        credit(plan, actor)
        plan.delete()
        # partial() binds this plan's ids now, before the loop moves on to the next plan.
        transaction.on_commit(partial(search_index.remove, "action", removed))


@transaction.atomic
def save_plan_evaluation(actor: User, plan: Plan, changes: dict[str, str]) -> Plan:
    """A coordinator writes the plan's evaluation: what worked, what did not, learnings."""
    _require_plan_editor(actor, plan)
    _apply(plan, changes, EVALUATION_FIELDS)
    credit(plan, actor)
    plan.save()
    return plan


@transaction.atomic
def save_plan_evaluation_and_indicators(
    actor: User,
    plan: Plan,
    *,
    evaluation: dict[str, str] | None = None,
    indicators: Sequence[ItemWrite] = (),
    measurements: Iterable[tuple[Indicator, dict[str, Any]]] = (),
) -> None:
    """A coordinator saves the plan's evaluation (its changed fields), the rows of its
    intended changes' indicators and measured values (indicator, ``record_measurement``'s
    arguments) together, all or nothing; a removed indicator gets no measurement."""
    if evaluation:
        save_plan_evaluation(actor, plan, evaluation)
    for write in indicators:
        if not write.delete and isinstance(write.item, Indicator):
            write.item.plan = plan
            write.item.action = None
    removed = save_plan_items(actor, indicators)
    for indicator, measurement in measurements:
        if indicator.pk not in removed:
            record_measurement(actor, indicator, **measurement)


@transaction.atomic
def save_plan_item(actor: User, item: Finding | Priority | Objective | Indicator, m2m: dict | None = None):
    """A coordinator adds or changes a finding, priority, objective or indicator of a plan."""
    _require_plan_editor(actor, item.plan)
    item.full_clean()
    credit(item, actor)
    item.save()
    for field, values in (m2m or {}).items():
        getattr(item, field).set(values)
    if isinstance(item, Objective):
        # An action is found by the systems and protective factors of its objectives.
        search_index.update_on_commit("action", item.actions.values_list("pk", flat=True))
    return item


@dataclass
class ItemWrite:
    """One row of a list of a plan's items: saved (with its links) or deleted."""

    item: Finding | Priority | Objective | Indicator
    m2m: dict[str, Iterable] | None = None
    delete: bool = False


class ItemRefused(Exception):
    """The model's validation refused the write at ``index``; nothing of the list was saved."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error)
        self.index = index
        self.error = error


@transaction.atomic
def save_plan_items(actor: User, writes: Sequence[ItemWrite]) -> set[int]:
    """A coordinator saves lists of a plan's items at once, all or nothing; returns the removed ids."""
    removed: set[int] = set()
    for index, write in enumerate(writes):
        if write.delete:
            removed.add(write.item.pk)
            delete_plan_item(actor, write.item)
            continue
        try:
            save_plan_item(actor, write.item, m2m=write.m2m)
        except ValidationError as error:
            raise ItemRefused(index, error) from error
    return removed


@transaction.atomic
def delete_plan_item(actor: User, item: Finding | Priority | Objective | Indicator | Action) -> None:
    """A coordinator removes a finding, priority, objective, indicator or action."""
    _require_plan_editor(actor, item.plan)
    if isinstance(item, Action):
        removed = item.pk
        transaction.on_commit(lambda: search_index.remove("action", [removed]))
    elif isinstance(item, Objective):
        search_index.update_on_commit("action", item.actions.values_list("pk", flat=True))
    credit(item, actor)
    item.delete()


# Actions ------------------------------------------------------------------------------


def eligible_leads(plan: Plan) -> models.QuerySet[Organisation]:
    """The organisations that may lead an action of the plan: the active members of its partnership.

    Leading an action gives its people the right to follow it up, so the lead is never
    chosen outside the partnership, whichever way the action is written."""
    return Organisation.objects.active().filter(memberships__partnership_id=plan.partnership_id)


def eligible_contributors(action: Action | None) -> models.QuerySet[Organisation]:
    """The organisations that may contribute to an action: any active one, in the partnership
    or not; one already linked stays when it closes."""
    allowed = models.Q(is_active=True)
    if action is not None and action.pk is not None:
        allowed |= models.Q(pk__in=action.contributors.values("pk"))
    return Organisation.objects.filter(allowed)


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def action_link_errors(
    plan: Plan,
    action: Action | None,
    changes: Mapping[str, Any],
    m2m: Mapping[str, Iterable] | None = None,
) -> dict[str, list[str]]:
    """What is wrong with the lead, contributors and objectives an action of ``plan`` would
    get from ``changes`` and ``m2m`` (only those given are checked), by field.

    The one statement of these rules: ``save_action`` applies it, and the forms of the site
    and of the admin, the API and the réinvestissement ask it to show every problem at once."""
    errors: dict[str, list[str]] = {}
    lead = changes.get("lead")
    if lead is not None and not eligible_leads(plan).filter(pk=_pk(lead)).exists():
        errors["lead"] = [str(LEAD_NOT_MEMBER)]
    m2m = m2m or {}
    if "contributors" in m2m:
        wanted = {_pk(value) for value in m2m["contributors"]}
        found = set(eligible_contributors(action).filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted - found:
            errors["contributors"] = [str(CONTRIBUTOR_INACTIVE)]
    if "objectives" in m2m:
        wanted = {_pk(value) for value in m2m["objectives"]}
        found = set(Objective.objects.filter(plan=plan, pk__in=wanted).values_list("pk", flat=True))
        if wanted - found:
            errors["objectives"] = [str(OBJECTIVE_OF_ANOTHER_PLAN)]
    return errors


@transaction.atomic
def save_action(
    actor: User,
    plan: Plan,
    action: Action | None,
    changes: dict[str, Any],
    m2m: dict[str, Iterable] | None = None,
) -> Action:
    """A coordinator creates or changes an action of the plan, with its links."""
    _require_plan_editor(actor, plan)
    action = action or Action(plan=plan)
    if action.plan_id != plan.pk:
        raise Forbidden(_("Cette action n'appartient pas à ce plan."))
    errors = action_link_errors(plan, action, changes, m2m)
    if errors:
        raise ValidationError(errors)
    _apply(action, changes, ACTION_FIELDS)
    action.search_text = action_search_text(action)
    action.full_clean(exclude=["search_text"])
    credit(action, actor)
    action.save()
    for field, values in (m2m or {}).items():
        if field not in ACTION_M2M_FIELDS:
            raise ValueError(f"Not a link of an action: {field}")
        getattr(action, field).set(values)
    search_index.update_on_commit("action", [action.pk])
    return action


@transaction.atomic
def save_action_and_indicators(
    actor: User,
    plan: Plan,
    action: Action | None,
    *,
    changes: dict[str, Any],
    m2m: dict[str, Iterable] | None = None,
    changed: bool = True,
    indicators: Sequence[ItemWrite] = (),
) -> Action:
    """A coordinator saves an action (when new or ``changed``) and the rows of its
    indicators together, all or nothing; the indicators saved belong to the action."""
    saved = save_action(actor, plan, action, changes, m2m) if action is None or changed else action
    for write in indicators:
        if not write.delete and isinstance(write.item, Indicator):
            write.item.plan = plan
            write.item.action = saved
    save_plan_items(actor, indicators)
    return saved


@transaction.atomic
def update_action_progress(
    actor: User, action: Action, *, progress: int | None = None, status: str | None = None
) -> Action:
    """Progress and status, by the coordinators or the people of the organisations involved."""
    _require_action_updater(actor, action)
    if progress is not None:
        action.progress = progress
    if status is not None:
        action.status = status
    if action.status == ActionStatus.DONE and progress is None:
        action.progress = 100
    action.full_clean(exclude=["search_text"])
    credit(action, actor)
    action.save(update_fields=["progress", "status", "updated_at"])
    return action


@transaction.atomic
def update_action(
    actor: User,
    action: Action,
    *,
    changes: dict[str, Any] | None = None,
    m2m: dict[str, Iterable] | None = None,
    progress: dict[str, Any] | None = None,
) -> Action:
    """Fields and links (coordinators) and progress and status (the action's people), all or nothing."""
    if changes or m2m:
        save_action(actor, action.plan, action, changes or {}, m2m)
    if progress:
        update_action_progress(actor, action, **progress)
    return action


@transaction.atomic
def save_action_follow_up(
    actor: User,
    action: Action,
    *,
    progress: dict[str, Any] | None = None,
    measurements: Iterable[tuple[Indicator, dict[str, Any]]] = (),
    reach: dict[str, Any] | None = None,
    evaluation: dict[str, str] | None = None,
) -> None:
    """The follow-up of an action saved at once, all or nothing: progress and status
    (``update_action_progress``'s arguments), measured values (indicator, ``record_measurement``'s
    arguments), a year's reach (``save_reach``'s) and the evaluation's changed fields."""
    if progress is not None:
        update_action_progress(actor, action, **progress)
    for indicator, measurement in measurements:
        record_measurement(actor, indicator, **measurement)
    if reach is not None:
        save_reach(actor, action, **reach)
    if evaluation:
        save_action_evaluation(actor, action, evaluation)


@transaction.atomic
def save_action_evaluation(actor: User, action: Action, changes: dict[str, str]) -> Action:
    """What worked, what did not, and the learnings of an action."""
    _require_action_updater(actor, action)
    _apply(action, changes, EVALUATION_FIELDS)
    credit(action, actor)
    action.save(update_fields=[*changes, "updated_at"])
    search_index.update_on_commit("action", [action.pk])
    return action


@transaction.atomic
def save_reach(
    actor: User, action: Action, year: int, *, children: int, parents: int, families: int
) -> Reach:
    """The children, parents and families an action reached in a year."""
    _require_action_updater(actor, action)
    reach = Reach.objects.filter(action=action, year=year).first() or Reach(action=action, year=year)
    reach.children, reach.parents, reach.families = children, parents, families
    reach.full_clean()
    credit(reach, actor)
    reach.save()
    return reach


def can_measure(actor: User, indicator: Indicator) -> bool:
    # Reading an absent action makes no query (its id is None).
    action = indicator.action
    if action is not None:
        return can_update_action(actor, action)
    return can_edit_plan(actor, indicator.plan)


@transaction.atomic
def record_measurement(
    actor: User,
    indicator: Indicator,
    value: Decimal,
    *,
    measured_on: datetime.date | None = None,
    note: str = "",
) -> Measurement:
    """A measured value of an indicator (an action's people may measure its indicators)."""
    if not can_measure(actor, indicator):
        raise Forbidden(_("Vous ne pouvez pas saisir de mesure pour cet indicateur."))
    measurement = Measurement(
        indicator=indicator,
        value=value,
        measured_on=measured_on or timezone.localdate(),
        note=note,
        recorded_by=actor,
    )
    measurement.full_clean()
    credit(measurement, actor)
    measurement.save()
    return measurement


# The next cycle -----------------------------------------------------------------------


@transaction.atomic
def start_next_cycle(
    actor: User, plan: Plan, *, start_year: int, end_year: int, title: str | None = None
) -> Plan:
    """Start the next plan from this one: objectives and actions copied, linked to it."""
    _require_plan_editor(actor, plan)
    new_plan = create_plan(
        actor,
        plan.partnership,
        title=title or f"{plan.partnership.name} — {start_year}–{end_year}",
        start_year=start_year,
        end_year=end_year,
        status=PlanStatus.DRAFT,
        visibility=plan.visibility,
        summary=plan.summary,
        previous=plan,
    )
    priority_copies: dict[int, Priority] = {}
    for priority in plan.priorities.all():
        old_pk = priority.pk
        priority.pk = None
        priority.plan = new_plan
        credit(priority, actor)
        priority.save()
        priority_copies[old_pk] = priority
    objective_copies: dict[int, Objective] = {}
    for objective in plan.objectives.prefetch_related("protective_factors", "priorities"):
        factors = list(objective.protective_factors.all())
        priorities = [priority_copies[p.pk] for p in objective.priorities.all() if p.pk in priority_copies]
        old_pk = objective.pk
        objective.pk = None
        objective.plan = new_plan
        credit(objective, actor)
        objective.save()
        objective.protective_factors.set(factors)
        objective.priorities.set(priorities)
        objective_copies[old_pk] = objective
    # The copies obey the rules of save_action: a lead that left the partnership is not
    # copied, nor a contributor that closed.
    leads = set(eligible_leads(plan).values_list("pk", flat=True))
    for action in plan.actions.prefetch_related("contributors", "age_periods", "populations", "objectives"):
        links = {
            "contributors": [o for o in action.contributors.all() if o.is_active],
            "age_periods": list(action.age_periods.all()),
            "populations": list(action.populations.all()),
            "objectives": [
                objective_copies[o.pk] for o in action.objectives.all() if o.pk in objective_copies
            ],
        }
        source = Action.objects.get(pk=action.pk)
        copy = Action(
            plan=new_plan,
            title=source.title,
            description=source.description,
            action_type=source.action_type,
            lead=source.lead if source.lead_id in leads else None,
            budget=source.budget,
            in_kind=source.in_kind,
            in_kind_description=source.in_kind_description,
            status=ActionStatus.PLANNED,
            progress=0,
            position=source.position,
            copied_from=source,
            search_text=source.search_text,
        )
        credit(copy, actor)
        copy.save()
        for field, values in links.items():
            getattr(copy, field).set(values)
    search_index.update_on_commit("action", new_plan.actions.values_list("pk", flat=True))
    return new_plan
