"""Forms a coordinator uses to edit their partnership and its memberships."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import BaseModelFormSet, modelformset_factory
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.ids import IdChoiceField
from partners.actions import PARTNERSHIP_EDITABLE_FIELDS
from partners.models import MemberRole, Membership, Organisation, Partnership
from partners.validators import validate_join_date

MAX_CHILDREN_0_5 = 1_000_000


class DateInput(forms.DateInput):
    # The browser's date picker sends and expects ISO dates whatever the language.
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PartnershipForm(forms.ModelForm):
    """The description of a partnership, as its coordinators may change it."""

    children_0_5 = forms.IntegerField(
        label=_("Nombre d'enfants de 0 à 5 ans sur le territoire"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"max": MAX_CHILDREN_0_5}),
        help_text=_("Un nombre entier, sans espace. Laissez vide si vous ne le connaissez pas."),
        error_messages={
            "invalid": _("Inscrivez un nombre entier, sans espace ni virgule."),
            "min_value": _("Le nombre d'enfants ne peut pas être négatif."),
        },
    )
    website = forms.URLField(
        label=_("Site Web"),
        required=False,
        assume_scheme="https",
        help_text=_("Adresse complète, par exemple https://www.exemple.qc.ca"),
    )

    class Meta:
        model = Partnership
        fields = PARTNERSHIP_EDITABLE_FIELDS
        labels = {
            "name": _("Nom du regroupement"),
            "territory_name": _("Territoire"),
            "email": _("Courriel de contact"),
        }
        help_texts = {
            "territory_name": _("Par exemple : MRC de Rimouski-Neigette, quartier Hochelaga."),
        }
        error_messages = {
            "name": {"required": _("Inscrivez le nom du regroupement.")},
            "territory_name": {"required": _("Inscrivez le territoire du regroupement.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_children_0_5(self) -> int | None:
        value = self.cleaned_data["children_0_5"]
        if value is not None and value > MAX_CHILDREN_0_5:
            raise forms.ValidationError(
                _("Le nombre d'enfants ne peut pas dépasser %(limit)s."),
                code="max_value",
                params={"limit": number_format(MAX_CHILDREN_0_5, force_grouping=True)},
            )
        return value


class MembershipForm(forms.ModelForm):
    """One row of the member list: the role and join date of one organisation."""

    class Meta:
        model = Membership
        fields = ("role", "joined_on")
        widgets = {"joined_on": DateInput()}
        error_messages = {"joined_on": {"required": _("Inscrivez la date d'adhésion.")}}


#: Members removed while a member list was open that its save still accepts.
REMOVED_MEANWHILE = 100


class BaseMembershipFormSet(BaseModelFormSet):
    """The member list of one partnership, one editable row per membership."""

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        self.partnership = partnership
        kwargs.setdefault(
            "queryset",
            Membership.objects.filter(partnership=partnership)
            .select_related("organisation__sector")
            .order_by("organisation__name", "id"),
        )
        kwargs.setdefault("prefix", "membres")
        kwargs.setdefault("form_kwargs", {"label_suffix": ""})
        super().__init__(*args, **kwargs)
        # Only existing memberships are edited (edit_only), so a forged TOTAL_FORMS would
        # build and render Django's 2,000 empty rows; the margin lets through a list opened
        # before members were removed in another window.
        self.max_num = self.absolute_max = len(self.get_queryset()) + REMOVED_MEANWHILE

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Retirer")
        # Only this partnership's memberships may be edited, and a row removed in
        # another window gets an explanation instead of a generic choice error.
        pk_field = form.fields[self.model._meta.pk.name]
        pk_field.queryset = Membership.objects.filter(partnership=self.partnership)
        pk_field.error_messages["invalid_choice"] = _(
            "Ce membre a été retiré entre-temps. Rechargez la page pour voir la liste à jour."
        )


MembershipFormSet = modelformset_factory(
    Membership,
    form=MembershipForm,
    formset=BaseMembershipFormSet,
    extra=0,
    can_delete=True,
    edit_only=True,
)


class MembershipAddForm(forms.Form):
    """Add one organisation to a partnership, with its role and join date."""

    organisation = IdChoiceField(
        queryset=Organisation.objects.active(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choisissez le partenaire à ajouter."),
            "invalid_choice": _("Ce partenaire n'existe pas ou n'est plus actif."),
        },
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    joined_on = forms.DateField(
        label=_("Date d'adhésion"),
        widget=DateInput(),
        validators=[validate_join_date],
        error_messages={"required": _("Inscrivez la date d'adhésion.")},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        self.partnership = partnership
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.is_bound and "joined_on" not in self.initial:
            self.initial["joined_on"] = timezone.localdate()

    def clean_organisation(self) -> Organisation:
        organisation = self.cleaned_data["organisation"]
        if Membership.objects.filter(partnership=self.partnership, organisation=organisation).exists():
            raise forms.ValidationError(
                _("« %(organisation)s » est déjà membre de ce regroupement."),
                code="already_member",
                params={"organisation": organisation.name},
            )
        return organisation
