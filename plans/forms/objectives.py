"""Forms of the intended changes page: the plan's intended changes and the indicators that follow them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import BaseModelFormSet, inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from core.ids import IdMultipleChoiceField, id_formfield
from plans.forms.actions import IndicatorForm
from plans.forms.base import BasePlanRowsFormSet, PlanChoices, RowForm, RowsMixin
from plans.models import Indicator, Objective, Plan, Priority
from taxonomy.models import ProtectiveFactor


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


class ObjectiveRows(BasePlanRowsFormSet):
    kind = "changements"
    heading = _("Changements visés")
    add_label = _("Ajouter un changement visé")
    remove_label = _("Retirer ce changement visé")
    legend = _("Changement visé %(number)s")
    empty_text = _("Aucun changement visé pour l'instant.")


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


ObjectiveFormSet = inlineformset_factory(
    Plan, Objective, form=ObjectiveForm, formset=ObjectiveRows, extra=0, can_delete=True
)
ObjectiveIndicatorFormSet = modelformset_factory(
    Indicator, form=ObjectiveIndicatorForm, formset=ObjectiveIndicatorRows, extra=0, can_delete=True
)
