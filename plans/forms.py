"""Forms of the pages where a partnership edits its plan: the plan, its portrait, its intended
changes, its actions and how they are followed."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from functools import cached_property
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.formsets import BaseFormSet
from django.forms.models import (
    BaseInlineFormSet,
    BaseModelFormSet,
    inlineformset_factory,
    modelformset_factory,
)
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.ids import IdChoiceField, IdMultipleChoiceField, id_formfield
from partners.forms import DateInput
from partners.models import DpeStage, Organisation
from plans import actions as plan_actions
from plans.models import (
    Action,
    ActionStatus,
    Finding,
    Indicator,
    Objective,
    Plan,
    Priority,
)
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System

MIN_YEAR, MAX_YEAR = 2000, 2100
EMPTY_CHOICE = ("", _("— Choisir —"))

YEAR_ERRORS = {
    "required": _("Inscrivez l'année."),
    "invalid": _("Inscrivez une année en chiffres, par exemple 2027."),
    "min_value": _("L'année doit être %(limit_value)s ou plus tard."),
    "max_value": _("L'année doit être %(limit_value)s ou plus tôt."),
}
COUNT_ERRORS = {
    "invalid": _("Inscrivez un nombre entier, sans espace ni virgule."),
    "min_value": _("Le nombre ne peut pas être négatif."),
}
DATE_ERRORS = {"invalid": _("Inscrivez une date valide, par exemple 2026-11-28.")}


# Numbers typed the Québec way ------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def parse_decimal_text(text: str) -> str:
    """« 12 000,50 $ » → « 12000.50 »: spaces and the dollar sign dropped, decimal comma accepted.

    With both a comma and a dot, the last one is the decimal separator (« 12,000.50 » and
    « 12.000,50 » both read 12000.50); a single comma is a decimal comma, as in French.
    """
    text = _SPACES.sub("", text.strip()).replace("$", "")
    if "," in text and "." in text:
        decimal_separator = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_separator == "," else ","
        text = text.replace(thousands, "").replace(decimal_separator, ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    return text


def format_decimal(value: Decimal | None) -> str:
    """A stored amount as the visitor types it: « 12 000 » or « 12 000,50 » in French."""
    if value is None:
        return ""
    decimals = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=decimals, force_grouping=True)


class FrenchDecimalField(forms.DecimalField):
    """A decimal number typed with spaces and a decimal comma (« 12 000,50 »), or with a dot."""

    widget = forms.TextInput

    def __init__(self, *, invalid_message: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        messages = {
            "invalid": invalid_message or _("Inscrivez un nombre, par exemple 12 000,50."),
            "max_decimal_places": _("Inscrivez au plus deux chiffres après la virgule."),
            "max_digits": _("Ce nombre est trop grand."),
            "max_whole_digits": _("Ce nombre est trop grand."),
            "min_value": _("Le nombre ne peut pas être négatif."),
        }
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = parse_decimal_text(value)
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        # Typed text is shown back as typed; stored values in the visitor's format.
        if isinstance(value, Decimal):
            return format_decimal(value)
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No min/max/step attributes: the field is a text box, not a number spinner.
        return forms.Field.widget_attrs(self, widget)


def money_field(label: str, **kwargs: Any) -> FrenchDecimalField:
    return FrenchDecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        invalid_message=_("Inscrivez un montant en dollars, par exemple 12 000,50."),
        help_text=_("En dollars, par exemple 12 000,50. Laissez vide si vous ne le savez pas."),
        **kwargs,
    )


def measure_field(label: str, **kwargs: Any) -> FrenchDecimalField:
    return FrenchDecimalField(label=label, max_digits=14, **kwargs)


def year_field(label: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages=YEAR_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


def count_field(label: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=10_000_000, error_messages=COUNT_ERRORS, **kwargs
    )


def progress_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Avancement (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=_("De 0 à 100."),
        error_messages={
            "required": _("Inscrivez l'avancement, de 0 à 100."),
            "invalid": _("Inscrivez l'avancement en nombre entier, de 0 à 100."),
            "min_value": _("L'avancement doit être entre 0 et 100."),
            "max_value": _("L'avancement doit être entre 0 et 100."),
        },
    )


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


# The plan ---------------------------------------------------------------------------------


class PlanForm(EditModelForm):
    """The overview of a plan: title, period, status, visibility and summary."""

    start_year = year_field(_("Année de début"))
    end_year = year_field(_("Année de fin"))

    class Meta:
        model = Plan
        fields = ("title", "start_year", "end_year", "status", "visibility", "summary")
        labels = {
            "title": _("Titre du plan"),
            "status": _("Statut"),
            "visibility": _("Qui peut consulter ce plan?"),
            "summary": _("Résumé"),
        }
        help_texts = {
            "title": _("Par exemple : Plan d'action concerté 2024–2027."),
            "summary": _("Les grandes orientations du plan, en quelques phrases."),
        }
        widgets = {"visibility": forms.RadioSelect, "summary": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"title": {"required": _("Inscrivez le titre du plan.")}}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error(
                "end_year", _("L'année de fin doit être la même que l'année de début ou plus tard.")
            )
        return data


class NextCycleForm(EditForm):
    """The period and title of the plan that follows this one."""

    title = forms.CharField(
        label=_("Titre du nouveau plan"),
        max_length=200,
        error_messages={"required": _("Inscrivez le titre du nouveau plan.")},
    )
    start_year = year_field(_("Année de début"))
    end_year = year_field(_("Année de fin"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error(
                "end_year", _("L'année de fin doit être la même que l'année de début ou plus tard.")
            )
        return data


class PlanEvaluationForm(EditForm):
    """What the partners learned from the plan as a whole."""

    evaluation_worked = forms.CharField(
        label=_("Ce qui a fonctionné"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    evaluation_not_worked = forms.CharField(
        label=_("Ce qui n'a pas fonctionné"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    evaluation_learnings = forms.CharField(
        label=_("Apprentissages"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Ce que vous referiez, ce que vous changeriez, ce qu'un autre regroupement devrait savoir."
        ),
    )


class StageChangeForm(EditForm):
    """A step of the partnership's DPE: any stage, going back included, with its date."""

    stage = forms.ChoiceField(
        label=_("Nouvelle étape de la démarche"),
        choices=DpeStage.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez l'étape."),
            "invalid_choice": _("Choisissez une des cinq étapes."),
        },
    )
    changed_on = forms.DateField(
        label=_("Date du changement"),
        widget=DateInput(),
        error_messages={"required": _("Inscrivez la date du changement."), **DATE_ERRORS},
    )
    note = forms.CharField(
        label=_("Remarque"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Pourquoi ce changement, par exemple : retour à l'analyse pour mettre le portrait à jour."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("changed_on", timezone.localdate())

    def clean_changed_on(self) -> datetime.date:
        changed_on = self.cleaned_data["changed_on"]
        if changed_on > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."), code="future")
        if changed_on.year < MIN_YEAR:
            raise forms.ValidationError(_("La date doit être en 2000 ou plus tard."), code="too_old")
        return changed_on


# Rows of a plan: findings, priorities, intended changes, indicators ------------------------

#: The longest list of rows a plan's page offers: its « add » button stops there.
MAX_ROWS = 200


class RowsMixin:
    """A list of rows that can grow and shrink without losing what was typed.

    Without JavaScript, the « add » button re-renders the page with one more empty row;
    with htmx, the plans:edit_row endpoint returns that row alone.
    """

    kind = ""  # also the prefix and the name in the plans:edit_row URL
    heading = ""
    add_label = ""
    remove_label = ""
    legend = ""  # with %(number)s
    empty_text = ""

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


class FindingForm(RowForm):
    class Meta:
        model = Finding
        formfield_callback = id_formfield
        fields = ("system", "text", "data_source")
        labels = {"system": _("Système"), "text": _("Constat"), "data_source": _("Source des données")}
        help_texts = {"data_source": _("Par exemple : EQDEM 2022, recensement 2021.")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "system": {"required": _("Choisissez le système : enfant, famille ou communauté.")},
            "text": {"required": _("Inscrivez le constat.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("system", self.plan_choices.systems, empty=True)


class PriorityForm(RowForm):
    class Meta:
        model = Priority
        formfield_callback = id_formfield
        fields = ("system", "title")
        labels = {"system": _("Système"), "title": _("Priorité")}
        error_messages = {
            "system": {"required": _("Choisissez le système : enfant, famille ou communauté.")},
            "title": {"required": _("Inscrivez la priorité.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("system", self.plan_choices.systems, empty=True)


class ObjectiveForm(RowForm):
    protective_factors = IdMultipleChoiceField(
        label=_("Facteurs de protection"),
        queryset=ProtectiveFactor.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez au moins un facteur de protection sur lequel ce changement agit."),
        error_messages={
            "required": _("Cochez au moins un facteur de protection."),
            "invalid_choice": _("Ce facteur de protection n'existe pas."),
        },
    )
    priorities = IdMultipleChoiceField(
        label=_("Priorités auxquelles ce changement répond"),
        queryset=Priority.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Cette priorité n'appartient pas à ce plan.")},
    )

    class Meta:
        model = Objective
        formfield_callback = id_formfield
        fields = ("system", "title", "description", "protective_factors", "priorities")
        labels = {"system": _("Système"), "title": _("Changement visé"), "description": _("Description")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "system": {"required": _("Choisissez le système : enfant, famille ou communauté.")},
            "title": {"required": _("Inscrivez le changement visé.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = self.plan_choices
        self.set_choices("system", choices.systems, empty=True)
        self.set_choices("protective_factors", [(pk, label) for pk, label, _system in choices.factors])
        self.fields["priorities"].queryset = Priority.objects.filter(plan=choices.plan)
        self.set_choices("priorities", choices.priorities)
        self.groups = {"protective_factors": {pk: system for pk, _label, system in choices.factors}}


class IndicatorForm(RowForm):
    """An indicator of an action: what is measured, its unit, where it starts and the target."""

    baseline = measure_field(_("Valeur de départ"), required=False)
    target = measure_field(_("Cible"), required=False)

    class Meta:
        model = Indicator
        formfield_callback = id_formfield
        fields = ("name", "unit", "baseline", "target")
        labels = {"name": _("Indicateur"), "unit": _("Unité")}
        help_texts = {"unit": _("Par exemple : familles, %, ateliers.")}
        error_messages = {"name": {"required": _("Inscrivez le nom de l'indicateur.")}}


class ObjectiveIndicatorForm(IndicatorForm):
    """An indicator that follows one of the plan's intended changes."""

    class Meta(IndicatorForm.Meta):
        fields = ("objective", "name", "unit", "baseline", "target")
        labels = {**IndicatorForm.Meta.labels, "objective": _("Changement visé suivi")}
        error_messages = {
            **IndicatorForm.Meta.error_messages,
            "objective": {
                "required": _("Choisissez le changement visé que cet indicateur suit."),
                "invalid_choice": _("Ce changement visé n'appartient pas à ce plan."),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["objective"]
        field.required = True
        field.queryset = Objective.objects.filter(plan=self.plan_choices.plan)
        self.set_choices("objective", self.plan_choices.objectives, empty=True)


class BasePlanRowsFormSet(RowsMixin, BaseInlineFormSet):
    def scope(self):
        return self.model._default_manager.filter(plan=self.instance)


class FindingRows(BasePlanRowsFormSet):
    kind = "constats"
    heading = _("Constats")
    add_label = _("Ajouter un constat")
    remove_label = _("Retirer ce constat")
    legend = _("Constat %(number)s")
    empty_text = _("Aucun constat pour l'instant.")


class PriorityRows(BasePlanRowsFormSet):
    kind = "priorites"
    heading = _("Priorités")
    add_label = _("Ajouter une priorité")
    remove_label = _("Retirer cette priorité")
    legend = _("Priorité %(number)s")
    empty_text = _("Aucune priorité pour l'instant.")


class ObjectiveRows(BasePlanRowsFormSet):
    kind = "changements"
    heading = _("Changements visés")
    add_label = _("Ajouter un changement visé")
    remove_label = _("Retirer ce changement visé")
    legend = _("Changement visé %(number)s")
    empty_text = _("Aucun changement visé pour l'instant.")


class ActionIndicatorRows(RowsMixin, BaseInlineFormSet):
    kind = "indicateurs"
    heading = _("Indicateurs de l'action")
    add_label = _("Ajouter un indicateur")
    remove_label = _("Retirer cet indicateur")
    legend = _("Indicateur %(number)s")
    empty_text = _("Aucun indicateur pour l'instant.")

    def scope(self):
        if self.instance.pk is None:
            return Indicator.objects.none()
        return Indicator.objects.filter(action=self.instance)


class ObjectiveIndicatorRows(RowsMixin, BaseModelFormSet):
    kind = "indicateurs-suivi"
    heading = _("Indicateurs des changements visés")
    add_label = _("Ajouter un indicateur")
    remove_label = _("Retirer cet indicateur")
    legend = _("Indicateur %(number)s")
    empty_text = _("Aucun indicateur de changement visé pour l'instant.")

    def __init__(self, *args: Any, choices: PlanChoices, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", self.scope_for(choices.plan).select_related("objective"))
        super().__init__(*args, choices=choices, **kwargs)

    @staticmethod
    def scope_for(plan: Plan):
        return Indicator.objects.filter(plan=plan, objective__isnull=False).order_by("id")

    def scope(self):
        return self.scope_for(self.choices.plan)


FindingFormSet = inlineformset_factory(
    Plan, Finding, form=FindingForm, formset=FindingRows, extra=0, can_delete=True
)
PriorityFormSet = inlineformset_factory(
    Plan, Priority, form=PriorityForm, formset=PriorityRows, extra=0, can_delete=True
)
ObjectiveFormSet = inlineformset_factory(
    Plan, Objective, form=ObjectiveForm, formset=ObjectiveRows, extra=0, can_delete=True
)
ActionIndicatorFormSet = inlineformset_factory(
    Action,
    Indicator,
    fk_name="action",
    form=IndicatorForm,
    formset=ActionIndicatorRows,
    extra=0,
    can_delete=True,
)
ObjectiveIndicatorFormSet = modelformset_factory(
    Indicator, form=ObjectiveIndicatorForm, formset=ObjectiveIndicatorRows, extra=0, can_delete=True
)


# Actions ---------------------------------------------------------------------------------


class ActionForm(RowForm):
    """Every field of an action and its links, as the plan's coordinators edit them."""

    lead = IdChoiceField(
        label=_("Organisme porteur"),
        queryset=Organisation.objects.none(),
        help_text=_("Un membre du regroupement."),
        error_messages={
            "required": _("Choisissez l'organisme porteur parmi les membres du regroupement."),
            "invalid_choice": _("L'organisme porteur doit être un membre actif du regroupement."),
        },
    )
    contributors = IdMultipleChoiceField(
        label=_("Partenaires contributeurs"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Un des partenaires cochés n'existe pas ou n'est plus actif.")},
    )
    age_periods = IdMultipleChoiceField(
        label=_("Périodes d'âge visées"),
        queryset=AgePeriod.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    populations = IdMultipleChoiceField(
        label=_("Populations visées"),
        queryset=Population.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = IdMultipleChoiceField(
        label=_("Changements visés auxquels l'action contribue"),
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Ce changement visé n'appartient pas à ce plan.")},
    )
    start_date = forms.DateField(
        label=_("Date de début"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    end_date = forms.DateField(
        label=_("Date de fin"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    budget = money_field(_("Budget ($)"))
    in_kind = money_field(_("Contributions en nature ($)"))
    progress = progress_field()

    class Meta:
        model = Action
        formfield_callback = id_formfield
        fields = (
            "title",
            "description",
            "action_type",
            "lead",
            "contributors",
            "age_periods",
            "populations",
            "objectives",
            "start_date",
            "end_date",
            "budget",
            "in_kind",
            "in_kind_description",
            "status",
            "progress",
        )
        labels = {
            "title": _("Titre de l'action"),
            "description": _("Description"),
            "action_type": _("Type d'action"),
            "in_kind_description": _("Nature des contributions en nature"),
            "status": _("Statut"),
        }
        help_texts = {"in_kind_description": _("Par exemple : locaux prêtés, heures d'intervenantes.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": _("Inscrivez le titre de l'action.")},
            "action_type": {"required": _("Choisissez le type d'action.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = self.plan_choices
        plan = choices.plan
        self.set_choices("action_type", choices.action_types, empty=True)
        self.fields["lead"].queryset = members_queryset(plan)
        self.set_choices("lead", [(org.pk, org.name) for org in choices.members], empty=True)
        # Contributors may come from outside the partnership; inactive ones already linked stay.
        self.fields["contributors"].queryset = plan_actions.eligible_contributors(self.instance)
        self.set_choices("age_periods", choices.age_periods)
        self.set_choices("populations", choices.populations)
        self.fields["objectives"].queryset = Objective.objects.filter(plan=plan)
        self.set_choices("objectives", choices.objectives)

    def selected_contributor_ids(self) -> set[int]:
        values = self["contributors"].value() or []
        selected = set()
        for value in values:
            pk = getattr(value, "pk", value)
            if str(pk).isdigit():
                selected.add(int(pk))
        return selected

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("La date de fin doit être la même que la date de début ou plus tard.")
            )
        return data


class ProgressForm(EditForm):
    """Where an action stands: its status and how far along it is."""

    status = forms.ChoiceField(
        label=_("Statut"),
        choices=ActionStatus.choices,
        error_messages={
            "required": _("Choisissez le statut."),
            "invalid_choice": _("Choisissez un des statuts."),
        },
    )
    progress = progress_field()


class MeasurementForm(EditForm):
    """A new measured value of one indicator; left empty, nothing is recorded."""

    value = measure_field(_("Nouvelle valeur mesurée"), required=False)
    measured_on = forms.DateField(
        label=_("Date de la mesure"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    note = forms.CharField(label=_("Remarque"), required=False, max_length=300)

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        self.indicator = indicator
        kwargs.setdefault("prefix", f"mesure-{indicator.pk}")
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("measured_on", timezone.localdate())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        value, measured_on = data.get("value"), data.get("measured_on")
        if value is None:
            if data.get("note") and "value" not in self.errors:
                self.add_error("value", _("Inscrivez la valeur mesurée, ou effacez la note."))
            return data
        if measured_on is None and "measured_on" not in self.errors:
            self.add_error("measured_on", _("Inscrivez la date de la mesure."))
        elif measured_on is not None and measured_on > timezone.localdate():
            self.add_error("measured_on", _("La date de la mesure ne peut pas être dans le futur."))
        elif measured_on is not None and measured_on.year < MIN_YEAR:
            self.add_error("measured_on", _("La date doit être en 2000 ou plus tard."))
        return data

    @property
    def has_value(self) -> bool:
        return self.cleaned_data.get("value") is not None


class ReachForm(EditForm):
    """How many children, parents and families the action reached in one year."""

    year = forms.TypedChoiceField(
        label=_("Année"),
        coerce=int,
        error_messages={"invalid_choice": _("Choisissez une année de la période du plan.")},
    )
    children = count_field(_("Enfants rejoints"), required=False)
    parents = count_field(_("Parents rejoints"), required=False)
    families = count_field(_("Familles rejointes"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "portee")
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        if not self.is_bound:
            today = timezone.localdate().year
            self.initial.setdefault("year", today if today in years else years[-1])

    @property
    def has_counts(self) -> bool:
        return any(self.cleaned_data.get(name) is not None for name in ("children", "parents", "families"))


class ActionEvaluationForm(PlanEvaluationForm):
    """What worked, what did not and what was learned, for one action."""


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


def error_summary(form: forms.BaseForm, row_label: str = "") -> list[dict[str, str]]:
    """The errors of a form as links to their fields, for the summary at the top of a page.

    A group of checkboxes or radio buttons is linked by its fieldset, whose id is the
    field's own."""
    items = []
    for message in form.non_field_errors():
        items.append({"target": "", "label": row_label, "message": message})
    for field in form:
        for message in field.errors:
            label = str(field.label) if not field.is_hidden else ""
            if row_label:
                label = (
                    gettext("%(row)s — %(field)s") % {"row": row_label, "field": label}
                    if label
                    else row_label
                )
            if field.is_hidden:
                target = ""
            elif field.use_fieldset:
                target = field.auto_id
            else:
                target = field.id_for_label
            items.append({"target": target, "label": label, "message": message})
    return items


def formset_error_summary(formset: BaseFormSet) -> list[dict[str, str]]:
    items = [{"target": "", "label": "", "message": message} for message in formset.non_form_errors()]
    for form in formset.forms:
        items.extend(error_summary(form, row_label=str(getattr(form, "legend", ""))))
    return items
