"""Forms of réinvestissement: choosing the target plan, then adapting the new action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.ids import IdChoiceField, IdMultipleChoiceField
from library.actions.reuse import MAX_NOTE, note_problem
from partners.forms import DateInput
from plans.forms import DATE_ERRORS, ActionForm, EditForm, PlanChoices, members_queryset
from plans.models import Objective
from taxonomy.models import ActionType


class ReinvestForm(EditForm):
    """The new action, pre-filled from its source, and what was adapted and why."""

    title = forms.CharField(
        label=_("Titre de l'action"),
        max_length=300,
        error_messages={
            "required": _("Inscrivez le titre de l'action."),
            "max_length": _("Le titre est trop long : %(limit_value)s caractères au plus."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Reprise de la source : ajustez-la à votre territoire."),
    )
    action_type = IdChoiceField(
        label=_("Type d'action"),
        queryset=ActionType.objects.all(),
        error_messages={
            "required": _("Choisissez le type d'action."),
            "invalid_choice": _("Choisissez un des types d'action de la liste."),
        },
    )
    # The same fields, wording and errors as when a coordinator edits an action.
    lead = ActionForm.base_fields["lead"]
    age_periods = ActionForm.base_fields["age_periods"]
    populations = ActionForm.base_fields["populations"]
    objectives = IdMultipleChoiceField(
        label=_("Changements visés auxquels l'action contribue"),
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ceux de votre plan qui partagent un facteur de protection avec la source sont cochés."),
        error_messages={"invalid_choice": _("Ce changement visé n'appartient pas à ce plan.")},
    )
    start_date = forms.DateField(
        label=_("Date de début"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    end_date = forms.DateField(
        label=_("Date de fin"), required=False, widget=DateInput(), error_messages=DATE_ERRORS
    )
    adapted = forms.CharField(
        label=_("Ce qui a été adapté"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_NOTE}),
        help_text=_(
            "Ce que vous changez par rapport à la source : public visé, durée, lieu, partenaires, budget…"
        ),
    )
    reason = forms.CharField(
        label=_("Pourquoi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_NOTE}),
        help_text=_(
            "Ce qui vous a convaincus de réinvestir cette expérience, et la raison de vos adaptations."
        ),
    )

    #: The fields passed to plans.actions.save_action as they are.
    ACTION_FIELDS = ("title", "description", "action_type", "lead", "start_date", "end_date")
    ACTION_LINKS = ("age_periods", "populations", "objectives")

    def __init__(self, *args: Any, choices: PlanChoices, **kwargs: Any) -> None:
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        plan = choices.plan
        # Static choice lists: each read once per page (see plans.forms.PlanChoices).
        self.set_choices("action_type", choices.action_types, empty=True)
        self.fields["lead"].queryset = members_queryset(plan)
        self.set_choices("lead", [(org.pk, org.name) for org in choices.members], empty=True)
        self.set_choices("age_periods", choices.age_periods)
        self.set_choices("populations", choices.populations)
        self.fields["objectives"].queryset = Objective.objects.filter(plan=plan)
        self.set_choices("objectives", choices.objectives)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("La date de fin doit être la même que la date de début ou plus tard.")
            )
        return data

    def _note(self, name: str) -> str:
        text = self.cleaned_data[name]
        if problem := note_problem(text):
            raise forms.ValidationError(problem, code="max_length")
        return text

    def clean_adapted(self) -> str:
        return self._note("adapted")

    def clean_reason(self) -> str:
        return self._note("reason")

    def action_changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.ACTION_FIELDS}

    def action_links(self) -> dict[str, list]:
        return {name: list(self.cleaned_data[name]) for name in self.ACTION_LINKS}
