"""Follow-up pages: an action's progress, measures, reach and evaluation; the plan's evaluation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans import actions
from plans.forms import (
    ActionEvaluationForm,
    MeasurementForm,
    ObjectiveIndicatorFormSet,
    PlanChoices,
    PlanEvaluationForm,
    ProgressForm,
    ReachForm,
    error_summary,
)
from plans.models import ActionStatus, Indicator, Reach
from plans.permissions import can_edit_plan
from plans.views.access import action_for_update, plan_for_editing
from plans.views.rows import errors_of, post_data, row_count, row_writes, say_saved, show_added_row


@login_required
@require_http_methods(["GET", "POST"])
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Status, progress, measured values, reach and evaluation of one action, in one save."""
    action = action_for_update(request, pk, "indicators__measurements", "reach")
    plan = action.plan
    indicators = list(action.indicators.all())
    reach_by_year = {reach.year: reach for reach in action.reach.all()}
    years = sorted(set(plan.years) | set(reach_by_year))
    progress_initial = {"status": action.status, "progress": action.progress}
    evaluation_initial = {name: getattr(action, name) for name in actions.EVALUATION_FIELDS}
    data = request.POST if request.method == "POST" else None
    progress_form = ProgressForm(data, prefix="avancement", initial=progress_initial)
    measurement_forms = [MeasurementForm(data, indicator=indicator) for indicator in indicators]
    reach_form = ReachForm(data, years=years)
    evaluation_form = ActionEvaluationForm(data, prefix="evaluation", initial=evaluation_initial)
    forms = [progress_form, *measurement_forms, reach_form, evaluation_form]
    if data is not None and all([form.is_valid() for form in forms]):
        changed = 0
        progress = None
        if progress_form.has_changed():
            status = progress_form.cleaned_data["status"]
            progress = {"status": status, "progress": progress_form.cleaned_data["progress"]}
            if status == ActionStatus.DONE and "progress" not in progress_form.changed_data:
                progress["progress"] = None  # the action marks a finished action 100 %
            changed += 1
        measurements = [
            (
                form.indicator,
                {
                    "value": form.cleaned_data["value"],
                    "measured_on": form.cleaned_data["measured_on"],
                    "note": form.cleaned_data["note"],
                },
            )
            for form in measurement_forms
            if form.has_value
        ]
        changed += len(measurements)
        reach = None
        if reach_form.has_counts:
            year = reach_form.cleaned_data["year"]
            existing = reach_by_year.get(year) or Reach(children=0, parents=0, families=0)
            reach = {
                name: reach_form.cleaned_data[name]
                if reach_form.cleaned_data[name] is not None
                else getattr(existing, name)
                for name in ("children", "parents", "families")
            }
            reach["year"] = year
            changed += 1
        evaluation = None
        if evaluation_form.has_changed():
            evaluation = {name: evaluation_form.cleaned_data[name] for name in evaluation_form.changed_data}
            changed += 1
        actions.save_action_follow_up(
            request.user,
            action,
            progress=progress,
            measurements=measurements,
            reach=reach,
            evaluation=evaluation,
        )
        say_saved(request, changed, _("Le suivi de l'action a été enregistré."))
        return redirect(action)
    errors: list[dict[str, str]] = []
    if data is not None:
        errors.extend(error_summary(progress_form))
        for form in measurement_forms:
            errors.extend(error_summary(form, row_label=form.indicator.name))
        errors.extend(error_summary(reach_form, row_label=_("Portée")))
        errors.extend(error_summary(evaluation_form))
    return render(
        request,
        "plans/edit_action_progress.html",
        {
            "plan": plan,
            "action": action,
            "progress_form": progress_form,
            "measurements": [
                {"indicator": form.indicator, "form": form, "latest": _latest(form.indicator)}
                for form in measurement_forms
            ],
            "reach_form": reach_form,
            "reach_rows": [reach_by_year[year] for year in sorted(reach_by_year)],
            "evaluation_form": evaluation_form,
            "can_edit_plan": can_edit_plan(request.user, plan),
            "errors": errors,
        },
    )


def _latest(indicator: Indicator):
    # Measurements are prefetched in their model order (date, then id).
    measurements = list(indicator.measurements.all())
    return measurements[-1] if measurements else None


@login_required
@require_http_methods(["GET", "POST"])
def plan_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's evaluation, the indicators of its intended changes and their measured values."""
    plan = plan_for_editing(request, pk)
    choices = PlanChoices(plan)
    queryset = (
        ObjectiveIndicatorFormSet.scope_for(plan).select_related("objective").prefetch_related("measurements")
    )
    indicators = list(queryset)
    evaluation_initial = {name: getattr(plan, name) for name in actions.EVALUATION_FIELDS}
    added = None
    if request.method == "POST":
        data, added = post_data(request, ("indicateurs-suivi",))
        evaluation_form = PlanEvaluationForm(data, prefix="evaluation", initial=evaluation_initial)
        rows = ObjectiveIndicatorFormSet(data, choices=choices, queryset=queryset)
        measurement_forms = [MeasurementForm(data, indicator=indicator) for indicator in indicators]
        if added:
            show_added_row([rows], added, evaluation_form, *measurement_forms)
        elif all(
            [evaluation_form.is_valid(), rows.is_valid(), *[form.is_valid() for form in measurement_forms]]
        ):
            changed = row_count(rows) + sum(1 for form in measurement_forms if form.has_value)
            evaluation = None
            if evaluation_form.has_changed():
                evaluation = {
                    name: evaluation_form.cleaned_data[name] for name in evaluation_form.changed_data
                }
                changed += 1
            writes = row_writes(rows)
            measurements = [
                (
                    form.indicator,
                    {
                        "value": form.cleaned_data["value"],
                        "measured_on": form.cleaned_data["measured_on"],
                        "note": form.cleaned_data["note"],
                    },
                )
                for form in measurement_forms
                if form.has_value
            ]
            try:
                actions.save_plan_evaluation_and_indicators(
                    request.user,
                    plan,
                    evaluation=evaluation,
                    indicators=[write for _form, write in writes],
                    measurements=measurements,
                )
            except actions.ItemRefused as refused:
                writes[refused.index][0].add_error(None, refused.error.messages)
            else:
                say_saved(request, changed, _("L'évaluation du plan a été enregistrée."))
                return redirect(plan)
    else:
        evaluation_form = PlanEvaluationForm(prefix="evaluation", initial=evaluation_initial)
        rows = ObjectiveIndicatorFormSet(choices=choices, queryset=queryset)
        measurement_forms = [MeasurementForm(indicator=indicator) for indicator in indicators]
    errors = errors_of(request, added, [rows], evaluation_form)
    if request.method == "POST" and not added:
        for form in measurement_forms:
            errors.extend(error_summary(form, row_label=form.indicator.name))
    return render(
        request,
        "plans/edit_plan_evaluation.html",
        {
            "plan": plan,
            "evaluation_form": evaluation_form,
            "formsets": [rows],
            "measurements": [
                {"indicator": form.indicator, "form": form, "latest": _latest(form.indicator)}
                for form in measurement_forms
            ],
            "has_objectives": bool(choices.objectives),
            "errors": errors,
        },
    )
