"""Pages where coordinators add, edit and delete a plan's actions and find outside contributors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.ids import parse_id
from partners.models import Organisation
from plans import actions
from plans.forms import ActionForm, ActionIndicatorFormSet, PlanChoices, quiet
from plans.models import Action, Indicator, Measurement, Plan
from plans.views.access import action_for_editing, plan_for_editing
from plans.views.rows import errors_of, post_data, row_count, row_writes, say_saved, show_added_row

MAX_CANDIDATES = 20
MAX_QUERY_LENGTH = 100
ACTION_SCALAR_FIELDS = tuple(name for name in actions.ACTION_FIELDS if name != "position")


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_editing(request, pk)
    return _action_form_page(request, plan, None)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for_editing(request, pk, "contributors", "age_periods", "populations", "objectives")
    return _action_form_page(request, action.plan, action)


def _action_form_page(request: HttpRequest, plan: Plan, action: Action | None) -> HttpResponse:
    """Every field of an action and its indicators, on one page saved all or nothing."""
    choices = PlanChoices(plan)
    instance = action or Action(plan=plan)
    saved_title = instance.title
    added = None
    searching = False
    if request.method == "POST":
        data, added = post_data(request, ("indicateurs",))
        searching = "chercher-contributeurs" in data
        form = ActionForm(data, instance=instance, choices=choices)
        indicators = ActionIndicatorFormSet(data, instance=instance, choices=choices)
        if added:
            show_added_row([indicators], added, form)
        elif searching:
            quiet(form, indicators)
        elif all([form.is_valid(), indicators.is_valid()]):
            saved = _save_action(request, plan, action, form, indicators)
            if saved is not None:
                if action is None:
                    message = _("L'action « %(title)s » a été ajoutée au plan.") % {"title": saved.title}
                else:
                    message = _("Les modifications de l'action ont été enregistrées.")
                changed = form.has_changed() or row_count(indicators)
                say_saved(request, 1 if action is None else changed, message)
                return redirect(saved)
        query = data.get("recherche_contributeur", "")
        listed = _ids(data.getlist("affiches")) | _ids(data.getlist("contributors"))
        checked = _ids(data.getlist("contributors"))
    else:
        form = ActionForm(instance=instance, choices=choices)
        indicators = ActionIndicatorFormSet(instance=instance, choices=choices)
        query = ""
        checked = {org.pk for org in instance.contributors.all()} if action else set()
        listed = set(checked)
    outside = _outside_contributors(choices, listed=listed, checked=checked, query=query if searching else "")
    return render(
        request,
        "plans/edit_action_form.html",
        {
            "plan": plan,
            "action": action,
            "action_title": saved_title,
            "form": form,
            "formsets": [indicators],
            "members": _member_checkboxes(choices, form),
            "outside": outside,
            "errors": [] if (added or searching) else errors_of(request, None, [indicators], form),
        },
    )


def _save_action(
    request: HttpRequest, plan: Plan, action: Action | None, form: ActionForm, indicators: BaseFormSet
) -> Action | None:
    changes = {name: form.cleaned_data[name] for name in ACTION_SCALAR_FIELDS}
    m2m = {name: list(form.cleaned_data[name]) for name in actions.ACTION_M2M_FIELDS}
    if action is not None:
        m2m = {name: values for name, values in m2m.items() if name in form.changed_data}
    rows = row_writes(indicators)
    try:
        return actions.save_action_and_indicators(
            request.user,
            plan,
            action,
            changes=changes,
            m2m=m2m,
            changed=form.has_changed(),
            indicators=[write for _form, write in rows],
        )
    except actions.ItemRefused as refused:
        rows[refused.index][0].add_error(None, refused.error.messages)
    except ValidationError as error:
        form.add_error(None, error.messages)
    return None


def _ids(values: Iterable[str]) -> set[int]:
    return {number for number in map(parse_id, values) if number is not None}


def _member_checkboxes(choices: PlanChoices, form: ActionForm) -> list[dict[str, Any]]:
    selected = form.selected_contributor_ids()
    return [
        {"organisation": org, "checked": org.pk in selected, "id": f"id_contributors_membre_{org.pk}"}
        for org in choices.members
    ]


def _outside_contributors(
    choices: PlanChoices, *, listed: set[int], checked: set[int], query: str
) -> dict[str, Any]:
    """Organisations outside the partnership: those already listed (ticked or not), then the
    active organisations matching the search."""
    member_ids = {org.pk for org in choices.members}
    listed = listed - member_ids
    shown = list(Organisation.objects.filter(pk__in=listed).order_by("name", "id")) if listed else []
    query = query.strip()[:MAX_QUERY_LENGTH]
    results: list[Organisation] = []
    more = False
    if query:
        found = list(
            Organisation.objects.active()
            .search(query)
            .exclude(pk__in=member_ids | listed)
            .order_by("name", "id")[: MAX_CANDIDATES + 1]
        )
        more = len(found) > MAX_CANDIDATES
        results = found[:MAX_CANDIDATES]
    return {
        "listed": [
            {"organisation": org, "checked": org.pk in checked, "id": f"id_contributors_autre_{org.pk}"}
            for org in shown
        ],
        "results": [
            {"organisation": org, "checked": False, "id": f"id_contributors_trouve_{org.pk}"}
            for org in results
        ],
        "query": query,
        "more": more,
        "max": MAX_CANDIDATES,
    }


@login_required
@require_GET
def contributor_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Outside organisations matching the search, for htmx; the ones listed stay listed."""
    plan = plan_for_editing(request, pk)
    choices = PlanChoices(plan)
    checked = _ids(request.GET.getlist("contributors"))
    listed = _ids(request.GET.getlist("affiches")) | checked
    outside = _outside_contributors(
        choices, listed=listed, checked=checked, query=request.GET.get("recherche_contributeur", "")
    )
    return render(request, "plans/_edit_contributors_outside.html", {"plan": plan, "outside": outside})


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for_editing(request, pk)
    plan = action.plan
    if request.method == "POST":
        title = action.title
        actions.delete_plan_item(request.user, action)
        messages.success(request, _("L'action « %(title)s » a été supprimée du plan.") % {"title": title})
        return redirect(plan)
    return render(
        request,
        "plans/edit_action_delete.html",
        {
            "plan": plan,
            "action": action,
            "indicator_count": Indicator.objects.filter(action=action).count(),
            "measurement_count": Measurement.objects.filter(indicator__action=action).count(),
        },
    )
