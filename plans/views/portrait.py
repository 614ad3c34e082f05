"""Pages where coordinators edit a plan's portrait (findings, priorities) and its intended changes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans.forms import FindingFormSet, ObjectiveFormSet, PlanChoices, PriorityFormSet
from plans.models import Objective
from plans.views.access import plan_for_editing
from plans.views.rows import (
    RowRefused,
    errors_of,
    post_data,
    row_count,
    row_writes,
    save_row_writes,
    save_rows,
    say_saved,
    show_added_row,
)


@login_required
@require_http_methods(["GET", "POST"])
def portrait_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Findings and priorities of the plan's portrait, saved together, all or nothing."""
    plan = plan_for_editing(request, pk)
    choices = PlanChoices(plan)
    if request.method == "POST":
        data, added = post_data(request, ("constats", "priorites"))
        findings = FindingFormSet(data, instance=plan, choices=choices)
        priorities = PriorityFormSet(data, instance=plan, choices=choices)
        if added:
            show_added_row([findings, priorities], added)
        elif all([findings.is_valid(), priorities.is_valid()]):
            changed = row_count(findings) + row_count(priorities)
            try:
                save_row_writes(request.user, row_writes(findings) + row_writes(priorities))
            except RowRefused:
                pass
            else:
                say_saved(request, changed, _("Le portrait a été enregistré."))
                return redirect(plan)
    else:
        findings = FindingFormSet(instance=plan, choices=choices)
        priorities = PriorityFormSet(instance=plan, choices=choices)
    formsets = [findings, priorities]
    return render(
        request,
        "plans/edit_portrait.html",
        {
            "plan": plan,
            "formsets": formsets,
            "errors": errors_of(request, added if request.method == "POST" else None, formsets),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def objectives_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's intended changes, with their protective factors and the priorities they answer."""
    plan = plan_for_editing(request, pk)
    choices = PlanChoices(plan)
    queryset = Objective.objects.prefetch_related("protective_factors", "priorities")
    added = None
    if request.method == "POST":
        data, added = post_data(request, ("changements",))
        objectives = ObjectiveFormSet(data, instance=plan, choices=choices, queryset=queryset)
        if added:
            show_added_row([objectives], added)
        elif objectives.is_valid():
            changed = row_count(objectives)
            try:
                save_rows(request.user, objectives, m2m_fields=("protective_factors", "priorities"))
            except RowRefused:
                pass
            else:
                say_saved(request, changed, _("Les changements visés ont été enregistrés."))
                return redirect(plan)
    else:
        objectives = ObjectiveFormSet(instance=plan, choices=choices, queryset=queryset)
    return render(
        request,
        "plans/edit_objectives.html",
        {
            "plan": plan,
            "formsets": [objectives],
            "errors": errors_of(request, added, [objectives]),
        },
    )
