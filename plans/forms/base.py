"""What every plan form shares: choices read once per page, no colons, rows that grow and shrink."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.formsets import BaseFormSet
from django.forms.models import BaseInlineFormSet
from django.forms.utils import ErrorDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation
from plans import actions as plan_actions
from plans.forms.fields import EMPTY_CHOICE
from plans.models import Objective, Plan, Priority
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Choice lists, read once per page ---------------------------------------------------------


class PlanChoices:
    """The options offered by a plan's forms, each read once per request whatever the
    number of rows on the page (a ModelChoiceField would query again for every row)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    @cached_property
    def systems(self) -> list[tuple[int, str]]:
        return [(system.pk, system.label) for system in System.objects.order_by("position", "code")]

    @cached_property
    def factors(self) -> list[tuple[int, str, str]]:
        """(id, label, system label), in the order of the systems."""
        return [
            (factor.pk, factor.label, factor.system.label)
            for factor in ProtectiveFactor.objects.select_related("system").order_by(
                "system__position", "position", "code"
            )
        ]

    @cached_property
    def priorities(self) -> list[tuple[int, str]]:
        priorities = Priority.objects.filter(plan=self.plan).select_related("system")
        return [
            (
                priority.pk,
                gettext("%(system)s — %(title)s")
                % {"system": priority.system.label, "title": priority.title},
            )
            for priority in priorities
        ]

    @cached_property
    def objectives(self) -> list[tuple[int, str]]:
        return [(objective.pk, objective.title) for objective in Objective.objects.filter(plan=self.plan)]

    @cached_property
    def action_types(self) -> list[tuple[int, str]]:
        return [(item.pk, item.label) for item in ActionType.objects.order_by("position", "code")]

    @cached_property
    def age_periods(self) -> list[tuple[int, str]]:
        return [(item.pk, item.label) for item in AgePeriod.objects.order_by("position", "code")]

    @cached_property
    def populations(self) -> list[tuple[int, str]]:
        return [(item.pk, item.label) for item in Population.objects.order_by("position", "code")]

    @cached_property
    def members(self) -> list[Organisation]:
        """The active member organisations of the plan's partnership."""
        return list(plan_actions.eligible_leads(self.plan).order_by("name", "id"))


def members_queryset(plan: Plan):
    # The rule is the action's: the form offers what save_action accepts.
    return plan_actions.eligible_leads(plan)


class EditBoundField(BoundField):
    @property
    def groups(self) -> list[dict[str, Any]]:
        """The radio buttons or checkboxes of the field, under the headings the form names
        (protective factors under their system), or in one group without a heading."""
        group_of = getattr(self.form, "groups", {}).get(self.name, {})
        groups: list[dict[str, Any]] = []
        for widget in self:
            label = group_of.get(widget.data["value"], "")
            if not groups or groups[-1]["label"] != label:
                groups.append({"label": label, "widgets": []})
            groups[-1]["widgets"].append(widget)
        return groups


class FormHelpers:
    """Shared behaviour of the editing forms: no colon after labels, static choice lists,
    choices grouped under headings."""

    bound_field_class = EditBoundField
    groups: dict[str, dict[Any, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def set_choices(self, name: str, choices: list, *, empty: bool = False) -> None:
        self.fields[name].choices = ([EMPTY_CHOICE] if empty else []) + list(choices)


class EditForm(FormHelpers, forms.Form):
    pass


class EditModelForm(FormHelpers, forms.ModelForm):
    pass


# Rows of a plan: findings, priorities, intended changes, indicators ------------------------

#: The longest list of rows a plan's page offers: its « add » button stops there.
MAX_ROWS = 200


class RowsMixin:
    """A list of rows that can grow and shrink without losing what was typed.

    Without JavaScript, the « add » button re-renders the page with one more empty row;
    with htmx, the plans:edit_row endpoint returns that row alone.
    """

    kind = ""  # also the prefix and the name in the plans:edit_row URL
    heading: StrOrPromise = ""
    add_label: StrOrPromise = ""
    remove_label: StrOrPromise = ""
    legend: StrOrPromise = ""  # with %(number)s
    empty_text: StrOrPromise = ""

    def __init__(self, *args: Any, choices: PlanChoices, **kwargs: Any) -> None:
        self.choices = choices
        kwargs.setdefault("prefix", self.kind)
        kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "choices": choices}
        super().__init__(*args, **kwargs)
        # The row count is posted by the browser: a forged one would otherwise build (and
        # render) Django's 2,000 rows per list; beyond MAX_ROWS the list is refused instead.
        self.max_num = self.absolute_max = MAX_ROWS

    @classmethod
    def get_default_prefix(cls) -> str:
        return cls.kind

    @property
    def add_name(self) -> str:
        return f"ajouter-{self.kind}"

    @property
    def rows_id(self) -> str:
        return f"{self.kind}-lignes"

    def scope(self):
        """The rows this list may change; a row id from elsewhere is refused."""
        raise NotImplementedError

    def add_fields(self, form: forms.BaseForm, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = self.remove_label
        form.legend = self.legend % {"number": index + 1} if index is not None else ""
        pk_name = self.model._meta.pk.name
        if pk_name in form.fields:
            form.fields[pk_name].queryset = self.scope()
            form.fields[pk_name].error_messages["invalid_choice"] = _(
                "Cette ligne a été supprimée entre-temps. Rechargez la page pour voir la liste à jour."
            )

    def extra_row(self, index: int) -> forms.BaseForm:
        """An empty row at the given position, as the form would add it."""
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix(index),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.form_renderer,
            **self.get_form_kwargs(None),
        )
        self.add_fields(form, index)
        return form


class RowForm(EditModelForm):
    def __init__(self, *args: Any, choices: PlanChoices, **kwargs: Any) -> None:
        self.plan_choices = choices
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)


class BasePlanRowsFormSet(RowsMixin, BaseInlineFormSet):
    def scope(self):
        return self.model._default_manager.filter(plan=self.instance)


# Display helpers ------------------------------------------------------------------------


def quiet(*items: forms.BaseForm | BaseFormSet) -> None:
    """Show bound forms as typed without their errors: the visitor only asked for one more
    row or a search, so a half-filled row must not be reported yet."""
    for item in items:
        if isinstance(item, BaseFormSet):
            for form in item.forms:
                form._errors = ErrorDict()
            item._errors = [ErrorDict() for _form in item.forms]
            item._non_form_errors = item.error_class(error_class="nonform", renderer=item.renderer)
        else:
            item._errors = ErrorDict()
