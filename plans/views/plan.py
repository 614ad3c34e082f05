"""Pages where coordinators create a plan and edit its general information."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans import actions
from plans.forms import PlanForm, error_summary
from plans.models import Plan
from plans.views.access import partnership_for_editing, plan_for_editing


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, partnership_pk: int) -> HttpResponse:
    partnership = partnership_for_editing(request, partnership_pk)
    if request.method == "POST":
        form = PlanForm(request.POST, instance=Plan(partnership=partnership))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in actions.PLAN_FIELDS}
            plan = actions.create_plan(request.user, partnership, **fields)
            messages.success(request, _("Le plan « %(title)s » a été créé.") % {"title": plan.title})
            return redirect(plan)
    else:
        year = timezone.localdate().year
        form = PlanForm(initial={"start_year": year, "end_year": year + 3})
    return render(
        request,
        "plans/edit_plan_form.html",
        {
            "partnership": partnership,
            "plan": None,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_editing(request, pk)
    # The form writes typed values on its instance while validating; keep the saved title.
    saved_title = plan.title
    if request.method == "POST":
        form = PlanForm(request.POST, instance=plan)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            if changes:
                actions.update_plan(request.user, plan, changes)
                messages.success(request, _("Les modifications du plan ont été enregistrées."))
            else:
                messages.info(request, _("Aucune modification à enregistrer."))
            return redirect(plan)
    else:
        form = PlanForm(instance=plan)
    return render(
        request,
        "plans/edit_plan_form.html",
        {
            "partnership": plan.partnership,
            "plan": plan,
            "plan_title": saved_title,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )
