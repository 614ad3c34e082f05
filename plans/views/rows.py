"""Lists of rows on the editing pages: a row added keeps what was typed; rows are saved all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.http import NotFound
from plans import actions
from plans.forms import (
    MAX_ROWS,
    ActionIndicatorFormSet,
    FindingFormSet,
    ObjectiveFormSet,
    ObjectiveIndicatorFormSet,
    PlanChoices,
    PriorityFormSet,
    error_summary,
    formset_error_summary,
    quiet,
)
from plans.models import Action
from plans.views.access import plan_for_editing


def post_data(request: HttpRequest, kinds: Iterable[str]) -> tuple[QueryDict, str | None]:
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


def show_added_row(formsets: Iterable[BaseFormSet], added: str, *forms: BaseForm) -> None:
    """Re-display everything as typed, with the new empty row focused and no errors yet."""
    formsets = list(formsets)
    quiet(*formsets, *forms)
    for formset in formsets:
        if formset.kind == added and formset.forms:
            _focus_first_field(formset.forms[-1])


class RowRefused(Exception):
    """A row was refused by the model's validation; the whole save is rolled back."""


def row_writes(
    formset: BaseFormSet,
    *,
    prepare: Callable[[Any], None] | None = None,
    m2m_fields: Iterable[str] = (),
) -> list[tuple[BaseForm, actions.ItemWrite]]:
    """The rows of a list to add, change or remove, each with its form (for its errors)."""
    rows: list[tuple[BaseForm, actions.ItemWrite]] = []
    for form in formset.forms:
        if form.cleaned_data.get("DELETE"):
            if form.instance.pk is not None:
                rows.append((form, actions.ItemWrite(form.instance, delete=True)))
            continue
        if not form.has_changed():
            continue
        item = form.save(commit=False)
        if prepare is not None:
            prepare(item)
        m2m = {name: list(form.cleaned_data[name]) for name in m2m_fields}
        rows.append((form, actions.ItemWrite(item, m2m=m2m or None)))
    return rows


def save_row_writes(actor, rows: list[tuple[BaseForm, actions.ItemWrite]]) -> set[int]:
    """Save the rows through plans.actions.save_plan_items (all or nothing); a refused row
    shows the model's error. Returns the ids of removed items."""
    try:
        return actions.save_plan_items(actor, [write for _form, write in rows])
    except actions.ItemRefused as refused:
        rows[refused.index][0].add_error(None, refused.error.messages)
        raise RowRefused from refused


def save_rows(
    actor,
    formset: BaseFormSet,
    *,
    prepare: Callable[[Any], None] | None = None,
    m2m_fields: Iterable[str] = (),
) -> set[int]:
    """Apply every row of a list through the actions; returns the ids of removed items."""
    return save_row_writes(actor, row_writes(formset, prepare=prepare, m2m_fields=m2m_fields))


def row_count(formset: BaseFormSet) -> int:
    """How many rows the save will add, change or remove."""
    return sum(1 for form in formset.forms if form.cleaned_data.get("DELETE") or form.has_changed())


@login_required
@require_GET
def edit_row(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """One new empty row of a list, for htmx; TOTAL_FORMS is updated out of band."""
    plan = plan_for_editing(request, pk)
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


def errors_of(
    request: HttpRequest, added: str | None, formsets: Iterable[BaseFormSet], *forms: BaseForm
) -> list[dict[str, str]]:
    """The error summary of a posted page; none while a row is being added."""
    if request.method != "POST" or added:
        return []
    items = []
    for form in forms:
        items.extend(error_summary(form))
    for formset in formsets:
        items.extend(formset_error_summary(formset))
    return items


def say_saved(request: HttpRequest, changed: int, message: str) -> None:
    """The saved message, or « nothing to save » when nothing changed."""
    if changed:
        messages.success(request, message)
    else:
        messages.info(request, _("Aucune modification à enregistrer."))
