"""The error summary every form page shows at its top."""

from django import forms

from core.forms import error_summary, formset_error_summary


class Sample(forms.Form):
    name = forms.CharField(label="Nom")
    kind = forms.ChoiceField(label="Sorte", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    tags = forms.MultipleChoiceField(
        label="Étiquettes", choices=[("x", "X")], widget=forms.CheckboxSelectMultiple
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Tout est faux.")


def test_each_error_links_to_its_field_and_a_choice_group_to_its_fieldset():
    form = Sample(data={"tags": ["z"]})
    items = error_summary(form)
    targets = {item["label"]: item["target"] for item in items}
    assert targets["Nom"] == "id_name"
    # A radio group or a checkbox group is a fieldset whose id is the field's.
    assert targets["Sorte"] == "id_kind"
    assert targets["Étiquettes"] == "id_tags"
    hidden = [item for item in items if item["label"] == "" and item["target"] == ""]
    assert len(hidden) == 2  # the form's own error and the hidden field's
    assert items[0]["message"] == "Tout est faux."


def test_a_row_label_prefixes_each_field_label():
    items = error_summary(Sample(data={}), row_label="Ligne 2")
    assert {item["label"] for item in items} >= {"Ligne 2", "Ligne 2 — Nom", "Ligne 2 — Sorte"}


def test_a_formset_lists_the_errors_of_every_row_under_its_legend():
    formset = forms.formset_factory(Sample, extra=0)(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-kind": "a"}
    )
    formset.forms[0].legend = "Constat 1"
    items = formset_error_summary(formset)
    assert "Constat 1 — Nom" in {item["label"] for item in items}
