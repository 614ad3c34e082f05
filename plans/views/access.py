"""What a visitor of the editing pages may reach: the plan, action or partnership, or a 404 or 403."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.http import Forbidden, NotFound
from partners.models import Partnership
from partners.permissions import can_edit_partnership
from plans.actions import ACTION_UPDATERS_ONLY, PLAN_EDITORS_ONLY
from plans.models import Action, Plan
from plans.permissions import can_edit_plan, can_update_action

# Who may do what (plans.permissions): the coordinators of the plan's partnership and the
# administrators edit everything; a member (someone who works for an organisation that
# leads an action or contributes to it) updates the progress, indicators, reach and
# evaluation of that action only. A plan the visitor may not see is a 404 (its existence
# does not leak); a plan they may see but not change is a 403 with a French message.
# Every write goes through plans.actions.

PARTNERSHIP_EDITORS_ONLY = gettext_lazy(
    "Seuls les coordonnateurs de ce regroupement peuvent modifier sa démarche et ses plans."
)


def visible_plan(request: HttpRequest, pk: int) -> Plan:
    plan = Plan.objects.visible_to(request.user).select_related("partnership").filter(pk=pk).first()
    if plan is None:
        raise NotFound(_("Aucun plan d'action ne porte le numéro %(id)s.") % {"id": pk})
    return plan


def plan_for_editing(request: HttpRequest, pk: int) -> Plan:
    plan = visible_plan(request, pk)
    if not can_edit_plan(request.user, plan):
        raise Forbidden(PLAN_EDITORS_ONLY)
    return plan


def visible_action(request: HttpRequest, pk: int, *prefetch: str) -> Action:
    action = (
        Action.objects.visible_to(request.user)
        .select_related("plan__partnership")
        .prefetch_related(*prefetch)
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise NotFound(_("Aucune action ne porte le numéro %(id)s.") % {"id": pk})
    return action


def action_for_editing(request: HttpRequest, pk: int, *prefetch: str) -> Action:
    action = visible_action(request, pk, *prefetch)
    if not can_edit_plan(request.user, action.plan):
        raise Forbidden(PLAN_EDITORS_ONLY)
    return action


def action_for_update(request: HttpRequest, pk: int, *prefetch: str) -> Action:
    action = visible_action(request, pk, *prefetch)
    if not can_update_action(request.user, action):
        raise Forbidden(ACTION_UPDATERS_ONLY)
    return action


def partnership_for_editing(request: HttpRequest, pk: int) -> Partnership:
    partnership = Partnership.objects.active().filter(pk=pk).first()
    if partnership is None:
        raise NotFound(_("Aucun regroupement ne porte le numéro %(id)s.") % {"id": pk})
    if not can_edit_partnership(request.user, partnership):
        raise Forbidden(PARTNERSHIP_EDITORS_ONLY)
    return partnership
