"""Pages of réinvestissement: reinvesting an item or an action into one's plan, and the
lineage shown on the item's page.

Who may reinvest (library.actions.reuse.reinvest checks it again): the coordinators of
the target plan's partnership, and administrators. A visitor is sent to the login page; a
signed-in person who coordinates nothing gets a French 403. An action the person may
not see (members-only plan) is a 404, as everywhere else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.roles import is_administrator
from core.forms import error_summary
from core.http import Forbidden, NotFound
from core.ids import parse_id
from library import reuse
from library.actions.reuse import ACTION_NOT_FOUND, COORDINATORS_ONLY, ITEM_NOT_FOUND, SAME_PLAN, reinvest
from library.models import LibraryItem
from library.text import item_path
from library.views.reuse_forms import ReinvestForm
from plans.forms import PlanChoices
from plans.models import Action, Plan
from plans.permissions import can_edit_plan

NOT_A_COORDINATOR = gettext_lazy(
    "Seuls les coordonnateurs d'un regroupement peuvent réinvestir une expérience dans un plan d'action."
)
PLAN_NOT_FOUND = gettext_lazy("Aucun plan d'action ne porte le numéro %(id)s.")


# Reinvesting -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reinvest_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = reuse.published_items().select_related("locale").filter(pk=pk).first()
    if item is None:
        raise NotFound(ITEM_NOT_FOUND % {"id": pk})
    return _reinvest_page(request, item.specific)


@login_required
@require_http_methods(["GET", "POST"])
def reinvest_action(request: HttpRequest, pk: int) -> HttpResponse:
    action = (
        Action.objects.visible_to(request.user)
        .select_related("plan__partnership", "action_type")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise NotFound(ACTION_NOT_FOUND % {"id": pk})
    return _reinvest_page(request, action)


def _source_context(source: LibraryItem | Action) -> dict[str, Any]:
    if isinstance(source, Action):
        return {"source": source, "source_is_action": True, "source_url": source.get_absolute_url()}
    return {
        "source": source,
        "source_is_action": False,
        "source_url": item_path(source),
        "reuse_advice": getattr(source, "reuse_advice", ""),
    }


def _reinvest_page(request: HttpRequest, source: LibraryItem | Action) -> HttpResponse:
    """Choose the target plan (when there is a choice), then adapt the pre-filled action."""
    user = request.user
    if not reuse.can_reinvest(user):
        raise Forbidden(NOT_A_COORDINATOR)
    source_plan_id = source.plan_id if isinstance(source, Action) else None
    candidates = [plan for plan in reuse.reinvestable_plans(user) if plan.pk != source_plan_id]
    raw = (request.POST if request.method == "POST" else request.GET).get("plan", "").strip()
    if not raw:
        if request.method == "POST":
            return _plan_choice(
                request, source, candidates, error=_("Choisissez un des plans de la liste."), status=400
            )
        # A single plan needs no choice (administrators may always name another one).
        if len(candidates) == 1 and not is_administrator(user):
            return _form_page(request, source, candidates[0], candidates)
        return _plan_choice(request, source, candidates)
    plan_id = parse_id(raw)
    if plan_id is None:
        return _plan_choice(
            request, source, candidates, error=_("Choisissez un des plans de la liste."), status=400
        )
    plan = Plan.objects.visible_to(user).select_related("partnership").filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(PLAN_NOT_FOUND % {"id": raw})
    if not can_edit_plan(user, plan):
        raise Forbidden(COORDINATORS_ONLY)
    if plan.pk == source_plan_id:
        return _plan_choice(request, source, candidates, error=str(SAME_PLAN), status=400)
    return _form_page(request, source, plan, candidates)


def _plan_choice(
    request: HttpRequest,
    source: LibraryItem | Action,
    candidates: list[Plan],
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    # Someone who coordinates a partnership without a plan is offered to start one.
    partnerships = list(reuse.coordinated_partnerships(user)) if not candidates else []
    return render(
        request,
        "library/reinvest_plan.html",
        {
            **_source_context(source),
            "plans": candidates,
            "partnerships": partnerships,
            "by_number": is_administrator(user),
            "error": error,
        },
        status=status,
    )


def _form_page(
    request: HttpRequest, source: LibraryItem | Action, plan: Plan, candidates: list[Plan]
) -> HttpResponse:
    choices = PlanChoices(plan)
    if request.method == "POST":
        form = ReinvestForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                reinvestment = reinvest(
                    request.user,
                    source,
                    plan,
                    changes=form.action_changes(),
                    m2m=form.action_links(),
                    adapted=form.cleaned_data["adapted"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "L'action « %(title)s » a été ajoutée au plan « %(plan)s ». "
                        "Son lien avec la source est affiché sur les deux pages."
                    )
                    % {"title": reinvestment.action.title, "plan": plan.title},
                )
                return redirect(reinvestment.action)
    else:
        form = ReinvestForm(initial=reuse.suggest(source, plan).initial(), choices=choices)
    return render(
        request,
        "library/reinvest_form.html",
        {
            **_source_context(source),
            "plan": plan,
            "form": form,
            "can_change_plan": len(candidates) > 1 or is_administrator(request.user),
            "errors": error_summary(form) if request.method == "POST" else [],
        },
    )


def _add_errors(form: ReinvestForm, error: ValidationError) -> None:
    """The action's refusals beside the fields they concern, or at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)
