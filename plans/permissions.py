"""Who may read and change plans and actions."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.roles import is_administrator
from partners.models import Affiliation, Partnership
from partners.permissions import can_edit_partnership, is_coordinator_of
from plans.models import Action, Plan


def can_view_plan(user: User | AnonymousUser, plan: Plan) -> bool:
    """Public plans for everyone; members-only plans for the partnership's people."""
    return Plan.objects.visible_to(user).filter(pk=plan.pk).exists()


def can_edit_plan(user: User | AnonymousUser, plan: Plan) -> bool:
    """Coordinators of the plan's partnership (and administrators) edit everything."""
    return can_edit_partnership(user, plan.partnership)


def is_person_of_partnership(user: User | AnonymousUser, partnership: Partnership) -> bool:
    """Coordinators, people working for a member organisation, and administrators."""
    if is_administrator(user) or is_coordinator_of(user, partnership):
        return True
    return Affiliation.objects.filter(user=user, organisation__memberships__partnership=partnership).exists()


def works_on_action(user: User | AnonymousUser, action: Action) -> bool:
    """The user works for the action's lead organisation or one of its contributors."""
    if not (user.is_authenticated and user.is_active):
        return False
    organisations = Affiliation.objects.filter(user=user).values("organisation_id")
    if action.lead_id and Affiliation.objects.filter(user=user, organisation_id=action.lead_id).exists():
        return True
    return action.contributors.filter(pk__in=organisations).exists()


def can_update_action(user: User | AnonymousUser, action: Action) -> bool:
    """Progress, indicators and evaluation of an action: its plan's coordinators (and
    administrators), and the members of the organisations that lead it or contribute to it
    when they see the plan. A contributor from outside the partnership follows up a public
    plan's action, not a members-only one, which it does not even see."""
    if is_administrator(user) or can_edit_plan(user, action.plan):
        return True
    return works_on_action(user, action) and can_view_plan(user, action.plan)
