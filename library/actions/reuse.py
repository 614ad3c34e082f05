"""Réinvestissement: a coordinator adapts a library item or an action into their own plan.

The new action is created by plans.actions.save_action (same permission, validation and
history as on the plan's own pages); the link to its source is kept in a Reinvestment,
and the source is indexed again so that lists sorted by reuse see the new count.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.http import Forbidden, NotFound
from library.models import LibraryItem, Reinvestment
from plans import actions as plan_actions
from plans.models import Action, Plan
from plans.permissions import can_edit_plan
from search import index as search_index

COORDINATORS_ONLY = _(
    "Seuls les coordonnateurs du regroupement peuvent réinvestir une expérience dans ce plan."
)
SAME_PLAN = _("Cette action fait déjà partie de ce plan : choisissez un autre plan pour la réinvestir.")
LEAD_NOT_MEMBER = plan_actions.LEAD_NOT_MEMBER
ITEM_NOT_FOUND = _("Aucun élément publié de la bibliothèque ne porte le numéro %(id)s.")
ACTION_NOT_FOUND = _("Aucune action ne porte le numéro %(id)s.")

#: The longest « ce qui a été adapté » and « pourquoi » kept.
MAX_NOTE = 5_000


@transaction.atomic
def reinvest(
    actor: User,
    source: LibraryItem | Action,
    plan: Plan,
    *,
    changes: dict[str, Any],
    m2m: dict[str, Iterable] | None = None,
    adapted: str = "",
    reason: str = "",
) -> Reinvestment:
    """Create an action in ``plan`` from ``source`` and keep the link between them."""
    if not can_edit_plan(actor, plan):
        raise Forbidden(COORDINATORS_ONLY)
    if isinstance(source, Action):
        # An action the actor may not see does not exist for them.
        if not Action.objects.visible_to(actor).filter(pk=source.pk).exists():
            raise NotFound(ACTION_NOT_FOUND % {"id": source.pk})
        if source.plan_id == plan.pk:
            raise ValidationError({"plan": SAME_PLAN})
    elif not LibraryItem.objects.published().filter(pk=source.pk).exists():
        raise NotFound(ITEM_NOT_FOUND % {"id": source.pk})
    # The action's rules (a lead among the partnership's members…), reported with the notes'.
    errors: dict[str, list] = plan_actions.action_link_errors(plan, None, changes, m2m)
    adapted, reason = (adapted or "").strip(), (reason or "").strip()
    for name, value in (("adapted", adapted), ("reason", reason)):
        if problem := note_problem(value):
            errors[name] = [problem]
    if errors:
        raise ValidationError(errors)
    action = plan_actions.save_action(actor, plan, None, changes, m2m)
    reinvestment = Reinvestment.objects.create(
        source_item=source if isinstance(source, LibraryItem) else None,
        source_action=source if isinstance(source, Action) else None,
        action=action,
        partnership=plan.partnership,
        adapted=adapted,
        reason=reason,
        created_by=actor,
    )
    # The source's reuse count changed: lists sorted by reuse must see it.
    if isinstance(source, Action):
        search_index.update_on_commit("action", [source.pk])
    else:
        search_index.update_on_commit("library", [source.pk])
    return reinvestment


def note_problem(text: str) -> str:
    """What is wrong with a « ce qui a été adapté » or « pourquoi » text (empty if nothing)."""
    if len(text.strip()) > MAX_NOTE:
        return _("Ce texte est trop long : %(limit_value)s caractères au plus.") % {
            "limit_value": number_format(MAX_NOTE, force_grouping=True)
        }
    return ""
