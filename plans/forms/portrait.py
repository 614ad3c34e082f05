"""Forms of the portrait page: the plan's findings and priorities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.ids import id_formfield
from plans.forms.base import BasePlanRowsFormSet, RowForm
from plans.models import Finding, Plan, Priority


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


FindingFormSet = inlineformset_factory(
    Plan, Finding, form=FindingForm, formset=FindingRows, extra=0, can_delete=True
)
PriorityFormSet = inlineformset_factory(
    Plan, Priority, form=PriorityForm, formset=PriorityRows, extra=0, can_delete=True
)
