"""Forms of the plan as a whole: its overview, the next cycle, its evaluation and the DPE stage."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.forms import DateInput
from partners.models import DpeStage
from plans.forms.base import EditForm, EditModelForm
from plans.forms.fields import DATE_ERRORS, MIN_YEAR, year_field
from plans.models import Plan

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
