"""Forms of an action's page: every field of the action and its indicators."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.ids import IdChoiceField, IdMultipleChoiceField, id_formfield
from partners.forms import DateInput
from partners.models import Organisation
from plans import actions as plan_actions
from plans.forms.base import RowForm, RowsMixin, members_queryset
from plans.forms.fields import DATE_ERRORS, measure_field, money_field, progress_field
from plans.models import Action, Indicator, Objective
from taxonomy.models import AgePeriod, Population


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
        # The fields declared above are model choices: cast() says so where fields[...] forgets it.
        cast(forms.ModelChoiceField, self.fields["lead"]).queryset = members_queryset(plan)
        self.set_choices("lead", [(org.pk, org.name) for org in choices.members], empty=True)
        # Contributors may come from outside the partnership; inactive ones already linked stay.
        contributors = cast(forms.ModelChoiceField, self.fields["contributors"])
        contributors.queryset = plan_actions.eligible_contributors(self.instance)
        self.set_choices("age_periods", choices.age_periods)
        self.set_choices("populations", choices.populations)
        cast(forms.ModelChoiceField, self.fields["objectives"]).queryset = Objective.objects.filter(plan=plan)
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
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("La date de fin doit être la même que la date de début ou plus tard.")
            )
        return data


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


ActionIndicatorFormSet = inlineformset_factory(
    Action,
    Indicator,
    fk_name="action",
    form=IndicatorForm,
    formset=ActionIndicatorRows,
    extra=0,
    can_delete=True,
)
