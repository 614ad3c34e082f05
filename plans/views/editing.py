"""Pages where a partnership's coordinators edit their plan, and where the people of the
organisations involved follow up their own actions.

Who may do what (plans.permissions): the coordinators of the plan's partnership and the
administrators edit everything; a member (someone who works for an organisation that
leads an action or contributes to it) updates the progress, indicators, reach and
evaluation of that action only. A plan the visitor may not see is a 404 (its existence
does not leak); a plan they may see but not change is a 403 with a French message.
Every write goes through plans.actions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.http import Forbidden, NotFound
from core.ids import parse_id
from partners.models import DpeStage, Organisation, Partnership
from partners.permissions import can_edit_partnership
from plans import actions
from plans.forms import (
    MAX_ROWS,
    ActionEvaluationForm,
    ActionForm,
    ActionIndicatorFormSet,
    FindingFormSet,
    MeasurementForm,
    NextCycleForm,
    ObjectiveFormSet,
    ObjectiveIndicatorFormSet,
    PlanChoices,
    PlanEvaluationForm,
    PlanForm,
    PriorityFormSet,
    ProgressForm,
    ReachForm,
    StageChangeForm,
    error_summary,
    formset_error_summary,
    quiet,
)
from plans.history import plan_history_page, with_people
from plans.models import (
    Action,
    ActionStatus,
    Indicator,
    Measurement,
    Objective,
    Plan,
    Reach,
    StageChange,
)
from plans.permissions import can_edit_plan, can_update_action, is_person_of_partnership

PLAN_EDITORS_ONLY = gettext_lazy("Seuls les coordonnateurs du regroupement peuvent modifier ce plan.")
ACTION_UPDATERS_ONLY = gettext_lazy(
    "Seuls les coordonnateurs du regroupement et les membres des organismes porteurs "
    "ou contributeurs peuvent mettre à jour cette action."
)
PARTNERSHIP_EDITORS_ONLY = gettext_lazy(
    "Seuls les coordonnateurs de ce regroupement peuvent modifier sa démarche et ses plans."
)
HISTORY_PEOPLE_ONLY = gettext_lazy(
    "L'historique d'un plan est réservé aux coordonnateurs et aux membres de son regroupement."
)
MAX_CANDIDATES = 20
MAX_QUERY_LENGTH = 100
ACTION_SCALAR_FIELDS = tuple(name for name in actions.ACTION_FIELDS if name != "position")


# What the visitor may reach -----------------------------------------------------------


def _visible_plan(request: HttpRequest, pk: int) -> Plan:
    plan = Plan.objects.visible_to(request.user).select_related("partnership").filter(pk=pk).first()
    if plan is None:
        raise NotFound(_("Aucun plan d'action ne porte le numéro %(id)s.") % {"id": pk})
    return plan


def _plan_for_editing(request: HttpRequest, pk: int) -> Plan:
    plan = _visible_plan(request, pk)
    if not can_edit_plan(request.user, plan):
        raise Forbidden(PLAN_EDITORS_ONLY)
    return plan


def _visible_action(request: HttpRequest, pk: int, *prefetch: str) -> Action:
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


def _action_for_editing(request: HttpRequest, pk: int, *prefetch: str) -> Action:
    action = _visible_action(request, pk, *prefetch)
    if not can_edit_plan(request.user, action.plan):
        raise Forbidden(PLAN_EDITORS_ONLY)
    return action


def _action_for_update(request: HttpRequest, pk: int, *prefetch: str) -> Action:
    action = _visible_action(request, pk, *prefetch)
    if not can_update_action(request.user, action):
        raise Forbidden(ACTION_UPDATERS_ONLY)
    return action


def _partnership_for_editing(request: HttpRequest, pk: int) -> Partnership:
    partnership = Partnership.objects.active().filter(pk=pk).first()
    if partnership is None:
        raise NotFound(_("Aucun regroupement ne porte le numéro %(id)s.") % {"id": pk})
    if not can_edit_partnership(request.user, partnership):
        raise Forbidden(PARTNERSHIP_EDITORS_ONLY)
    return partnership


# Rows that grow without losing what was typed ------------------------------------------


def _post_data(request: HttpRequest, kinds: Iterable[str]) -> tuple[QueryDict, str | None]:
    """The posted data; when an « add » button was pressed, with one more row in its list."""
    data = request.POST
    for kind in kinds:
        if f"ajouter-{kind}" in data:
            data = data.copy()
            key = f"{kind}-TOTAL_FORMS"
            total = data.get(key, "")
            if total.isdigit() and int(total) < MAX_ROWS:
                data[key] = str(int(total) + 1)
            return data, kind
    return data, None


def _focus_first_field(form: BaseForm) -> None:
    for field in form.visible_fields():
        field.field.widget.attrs["autofocus"] = True
        return


def _show_added_row(formsets: Iterable[BaseFormSet], added: str, *forms: BaseForm) -> None:
    """Re-display everything as typed, with the new empty row focused and no errors yet."""
    formsets = list(formsets)
    quiet(*formsets, *forms)
    for formset in formsets:
        if formset.kind == added and formset.forms:
            _focus_first_field(formset.forms[-1])


class RowRefused(Exception):
    """A row was refused by the model's validation; the whole save is rolled back."""


def _save_rows(
    actor,
    formset: BaseFormSet,
    *,
    prepare: Callable[[Any], None] | None = None,
    m2m_fields: Iterable[str] = (),
) -> set[int]:
    """Apply every row of a list through the actions; returns the ids of removed items."""
    removed: set[int] = set()
    for form in formset.forms:
        if form.cleaned_data.get("DELETE"):
            if form.instance.pk is not None:
                removed.add(form.instance.pk)
                actions.delete_plan_item(actor, form.instance)
            continue
        if not form.has_changed():
            continue
        item = form.save(commit=False)
        if prepare is not None:
            prepare(item)
        m2m = {name: list(form.cleaned_data[name]) for name in m2m_fields}
        try:
            actions.save_plan_item(actor, item, m2m=m2m or None)
        except ValidationError as error:
            form.add_error(None, error.messages)
            raise RowRefused from error
    return removed


def _row_count(formset: BaseFormSet) -> int:
    return sum(1 for form in formset.forms if form.cleaned_data.get("DELETE") or form.has_changed())


@login_required
@require_GET
def edit_row(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """One new empty row of a list, for htmx; TOTAL_FORMS is updated out of band."""
    plan = _plan_for_editing(request, pk)
    choices = PlanChoices(plan)
    builders = {
        "constats": lambda: FindingFormSet(instance=plan, choices=choices),
        "priorites": lambda: PriorityFormSet(instance=plan, choices=choices),
        "changements": lambda: ObjectiveFormSet(instance=plan, choices=choices),
        "indicateurs": lambda: ActionIndicatorFormSet(instance=Action(plan=plan), choices=choices),
        "indicateurs-suivi": lambda: ObjectiveIndicatorFormSet(choices=choices),
    }
    if kind not in builders:
        raise NotFound(_("Cette liste n'existe pas."))
    total = request.GET.get(f"{kind}-TOTAL_FORMS", "")
    index = int(total) if total.isdigit() else 0
    index = min(index, MAX_ROWS)
    formset = builders[kind]()
    form = formset.extra_row(index)
    _focus_first_field(form)
    return render(request, "plans/_edit_new_row.html", {"formset": formset, "form": form, "total": index + 1})


# The plan ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, partnership_pk: int) -> HttpResponse:
    partnership = _partnership_for_editing(request, partnership_pk)
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
    plan = _plan_for_editing(request, pk)
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


@login_required
@require_http_methods(["GET", "POST"])
def portrait_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Findings and priorities of the plan's portrait, saved together, all or nothing."""
    plan = _plan_for_editing(request, pk)
    choices = PlanChoices(plan)
    if request.method == "POST":
        data, added = _post_data(request, ("constats", "priorites"))
        findings = FindingFormSet(data, instance=plan, choices=choices)
        priorities = PriorityFormSet(data, instance=plan, choices=choices)
        if added:
            _show_added_row([findings, priorities], added)
        elif all([findings.is_valid(), priorities.is_valid()]):
            changed = _row_count(findings) + _row_count(priorities)
            try:
                with transaction.atomic():
                    _save_rows(request.user, findings)
                    _save_rows(request.user, priorities)
            except RowRefused:
                pass
            else:
                _say_saved(request, changed, _("Le portrait a été enregistré."))
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
            "errors": _errors_of(request, added if request.method == "POST" else None, formsets),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def objectives_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's intended changes, with their protective factors and the priorities they answer."""
    plan = _plan_for_editing(request, pk)
    choices = PlanChoices(plan)
    queryset = Objective.objects.prefetch_related("protective_factors", "priorities")
    added = None
    if request.method == "POST":
        data, added = _post_data(request, ("changements",))
        objectives = ObjectiveFormSet(data, instance=plan, choices=choices, queryset=queryset)
        if added:
            _show_added_row([objectives], added)
        elif objectives.is_valid():
            changed = _row_count(objectives)
            try:
                with transaction.atomic():
                    _save_rows(request.user, objectives, m2m_fields=("protective_factors", "priorities"))
            except RowRefused:
                pass
            else:
                _say_saved(request, changed, _("Les changements visés ont été enregistrés."))
                return redirect(plan)
    else:
        objectives = ObjectiveFormSet(instance=plan, choices=choices, queryset=queryset)
    return render(
        request,
        "plans/edit_objectives.html",
        {
            "plan": plan,
            "formsets": [objectives],
            "errors": _errors_of(request, added, [objectives]),
        },
    )


def _errors_of(
    request: HttpRequest, added: str | None, formsets: Iterable[BaseFormSet], *forms: BaseForm
) -> list[dict[str, str]]:
    if request.method != "POST" or added:
        return []
    items = []
    for form in forms:
        items.extend(error_summary(form))
    for formset in formsets:
        items.extend(formset_error_summary(formset))
    return items


def _say_saved(request: HttpRequest, changed: int, message: str) -> None:
    if changed:
        messages.success(request, message)
    else:
        messages.info(request, _("Aucune modification à enregistrer."))


# Actions ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_editing(request, pk)
    return _action_form_page(request, plan, None)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_for_editing(request, pk, "contributors", "age_periods", "populations", "objectives")
    return _action_form_page(request, action.plan, action)


def _action_form_page(request: HttpRequest, plan: Plan, action: Action | None) -> HttpResponse:
    """Every field of an action and its indicators, on one page saved all or nothing."""
    choices = PlanChoices(plan)
    instance = action or Action(plan=plan)
    saved_title = instance.title
    added = None
    searching = False
    if request.method == "POST":
        data, added = _post_data(request, ("indicateurs",))
        searching = "chercher-contributeurs" in data
        form = ActionForm(data, instance=instance, choices=choices)
        indicators = ActionIndicatorFormSet(data, instance=instance, choices=choices)
        if added:
            _show_added_row([indicators], added, form)
        elif searching:
            quiet(form, indicators)
        elif all([form.is_valid(), indicators.is_valid()]):
            saved = _save_action(request, plan, action, form, indicators)
            if saved is not None:
                if action is None:
                    message = _("L'action « %(title)s » a été ajoutée au plan.") % {"title": saved.title}
                else:
                    message = _("Les modifications de l'action ont été enregistrées.")
                changed = form.has_changed() or _row_count(indicators)
                _say_saved(request, 1 if action is None else changed, message)
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
            "errors": [] if (added or searching) else _errors_of(request, None, [indicators], form),
        },
    )


def _save_action(
    request: HttpRequest, plan: Plan, action: Action | None, form: ActionForm, indicators: BaseFormSet
) -> Action | None:
    changes = {name: form.cleaned_data[name] for name in ACTION_SCALAR_FIELDS}
    m2m = {name: list(form.cleaned_data[name]) for name in actions.ACTION_M2M_FIELDS}
    if action is not None:
        m2m = {name: values for name, values in m2m.items() if name in form.changed_data}
    try:
        with transaction.atomic():
            saved = action
            if action is None or form.has_changed():
                saved = actions.save_action(request.user, plan, action, changes, m2m)

            def prepare(indicator: Indicator) -> None:
                indicator.plan = plan
                indicator.action = saved

            _save_rows(request.user, indicators, prepare=prepare)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None
    except RowRefused:
        return None
    return saved


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
    plan = _plan_for_editing(request, pk)
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
    action = _action_for_editing(request, pk)
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


@login_required
@require_http_methods(["GET", "POST"])
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Status, progress, measured values, reach and evaluation of one action, in one save."""
    action = _action_for_update(request, pk, "indicators__measurements", "reach")
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
        with transaction.atomic():
            if progress_form.has_changed():
                status = progress_form.cleaned_data["status"]
                progress = progress_form.cleaned_data["progress"]
                if status == ActionStatus.DONE and "progress" not in progress_form.changed_data:
                    progress = None  # the action marks a finished action 100 %
                actions.update_action_progress(request.user, action, progress=progress, status=status)
                changed += 1
            for form in measurement_forms:
                if form.has_value:
                    actions.record_measurement(
                        request.user,
                        form.indicator,
                        form.cleaned_data["value"],
                        measured_on=form.cleaned_data["measured_on"],
                        note=form.cleaned_data["note"],
                    )
                    changed += 1
            if reach_form.has_counts:
                year = reach_form.cleaned_data["year"]
                existing = reach_by_year.get(year) or Reach(children=0, parents=0, families=0)
                counts = {
                    name: reach_form.cleaned_data[name]
                    if reach_form.cleaned_data[name] is not None
                    else getattr(existing, name)
                    for name in ("children", "parents", "families")
                }
                actions.save_reach(request.user, action, year, **counts)
                changed += 1
            if evaluation_form.has_changed():
                changes = {name: evaluation_form.cleaned_data[name] for name in evaluation_form.changed_data}
                actions.save_action_evaluation(request.user, action, changes)
                changed += 1
        _say_saved(request, changed, _("Le suivi de l'action a été enregistré."))
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


# Evaluation of the plan -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's evaluation, the indicators of its intended changes and their measured values."""
    plan = _plan_for_editing(request, pk)
    choices = PlanChoices(plan)
    queryset = (
        ObjectiveIndicatorFormSet.scope_for(plan).select_related("objective").prefetch_related("measurements")
    )
    indicators = list(queryset)
    evaluation_initial = {name: getattr(plan, name) for name in actions.EVALUATION_FIELDS}
    added = None
    if request.method == "POST":
        data, added = _post_data(request, ("indicateurs-suivi",))
        evaluation_form = PlanEvaluationForm(data, prefix="evaluation", initial=evaluation_initial)
        rows = ObjectiveIndicatorFormSet(data, choices=choices, queryset=queryset)
        measurement_forms = [MeasurementForm(data, indicator=indicator) for indicator in indicators]
        if added:
            _show_added_row([rows], added, evaluation_form, *measurement_forms)
        elif all(
            [evaluation_form.is_valid(), rows.is_valid(), *[form.is_valid() for form in measurement_forms]]
        ):
            changed = _row_count(rows) + sum(1 for form in measurement_forms if form.has_value)
            try:
                with transaction.atomic():
                    if evaluation_form.has_changed():
                        changes = {
                            name: evaluation_form.cleaned_data[name] for name in evaluation_form.changed_data
                        }
                        actions.save_plan_evaluation(request.user, plan, changes)
                        changed += 1

                    def prepare(indicator: Indicator) -> None:
                        indicator.plan = plan
                        indicator.action = None

                    removed = _save_rows(request.user, rows, prepare=prepare)
                    for form in measurement_forms:
                        if form.has_value and form.indicator.pk not in removed:
                            actions.record_measurement(
                                request.user,
                                form.indicator,
                                form.cleaned_data["value"],
                                measured_on=form.cleaned_data["measured_on"],
                                note=form.cleaned_data["note"],
                            )
            except RowRefused:
                pass
            else:
                _say_saved(request, changed, _("L'évaluation du plan a été enregistrée."))
                return redirect(plan)
    else:
        evaluation_form = PlanEvaluationForm(prefix="evaluation", initial=evaluation_initial)
        rows = ObjectiveIndicatorFormSet(choices=choices, queryset=queryset)
        measurement_forms = [MeasurementForm(indicator=indicator) for indicator in indicators]
    errors = _errors_of(request, added, [rows], evaluation_form)
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


# The DPE and the next cycle ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def stage_change(request: HttpRequest, partnership_pk: int) -> HttpResponse:
    """The partnership's stage of the DPE, its dated history, and a form to change it."""
    partnership = _partnership_for_editing(request, partnership_pk)
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
    plan = _plan_for_editing(request, pk)
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


# History ------------------------------------------------------------------------------


@login_required
@require_GET
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded change of the plan and of what it holds, newest first.

    Readable by the people of the partnership (coordinators, people working for a member
    organisation) and administrators: it names who changed what, which is not public
    information even when the plan is.
    """
    plan = _visible_plan(request, pk)
    if not is_person_of_partnership(request.user, plan.partnership):
        raise Forbidden(HISTORY_PEOPLE_ONLY)
    page = plan_history_page(plan, request.GET.get("page", "1"))
    return render(
        request,
        "plans/history.html",
        {"plan": plan, "listing": page, "count": page.page.paginator.count},
    )
