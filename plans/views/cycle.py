"""Pages of the DPE cycle: the partnership's stage and the plan's next cycle."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partners.models import DpeStage
from plans import actions
from plans.forms import NextCycleForm, StageChangeForm, error_summary
from plans.history import with_people
from plans.models import StageChange
from plans.views.access import partnership_for_editing, plan_for_editing


@login_required
@require_http_methods(["GET", "POST"])
def stage_change(request: HttpRequest, partnership_pk: int) -> HttpResponse:
    """The partnership's stage of the DPE, its dated history, and a form to change it."""
    partnership = partnership_for_editing(request, partnership_pk)
    if request.method == "POST":
        form = StageChangeForm(request.POST)
        if form.is_valid():
            actions.change_stage(
                request.user,
                partnership,
                form.cleaned_data["stage"],
                changed_on=form.cleaned_data["changed_on"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("Le regroupement est maintenant à l'étape « %(stage)s ».")
                % {"stage": partnership.get_dpe_stage_display()},
            )
            return redirect("plans:stage_change", partnership_pk=partnership.pk)
    else:
        form = StageChangeForm(initial={"stage": partnership.dpe_stage})
    stages = [
        {"value": value, "label": label, "number": number, "current": value == partnership.dpe_stage}
        for number, (value, label) in enumerate(DpeStage.choices, start=1)
    ]
    return render(
        request,
        "plans/edit_stage.html",
        {
            "partnership": partnership,
            "stages": stages,
            "changes": with_people(
                partnership,
                list(StageChange.objects.filter(partnership=partnership).select_related("changed_by")),
                "changed_by",
            ),
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def next_cycle(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the next plan from this one; its intended changes and actions are copied."""
    plan = plan_for_editing(request, pk)
    if request.method == "POST":
        form = NextCycleForm(request.POST)
        if form.is_valid():
            new_plan = actions.start_next_cycle(
                request.user,
                plan,
                start_year=form.cleaned_data["start_year"],
                end_year=form.cleaned_data["end_year"],
                title=form.cleaned_data["title"],
            )
            messages.success(
                request,
                _("Le plan « %(title)s » a été créé à partir du plan précédent.") % {"title": new_plan.title},
            )
            return redirect(new_plan)
    else:
        start, end = plan.end_year, plan.end_year + 3
        form = NextCycleForm(
            initial={
                "start_year": start,
                "end_year": end,
                "title": _("Plan d'action concerté %(start)s–%(end)s") % {"start": start, "end": end},
            }
        )
    return render(
        request,
        "plans/edit_next_cycle.html",
        {
            "plan": plan,
            "form": form,
            "next_plans": list(plan.next_plans.order_by("start_year", "id")),
            "counts": {"objectives": plan.objectives.count(), "actions": plan.actions.count()},
            "errors": error_summary(form) if form.is_bound else [],
        },
    )
