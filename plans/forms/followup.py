"""Forms of an action's follow-up: progress, measurements, reach and evaluation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.forms import DateInput
from plans.forms.base import EditForm
from plans.forms.fields import DATE_ERRORS, MIN_YEAR, count_field, measure_field, progress_field
from plans.forms.plan import PlanEvaluationForm
from plans.models import ActionStatus, Indicator


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
