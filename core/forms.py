"""What every form page shares: the summary of a form's errors at the top of the page."""

from __future__ import annotations

from django import forms
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext


def error_summary(form: forms.BaseForm, row_label: str = "") -> list[dict[str, str]]:
    """The errors of a form as links to their fields, for the summary at the top of a page.

    A group of checkboxes or radio buttons is linked by its fieldset, whose id is the
    field's own."""
    items: list[dict[str, str]] = []
    for message in form.non_field_errors():
        items.append({"target": "", "label": row_label, "message": str(message)})
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
            items.append({"target": target, "label": label, "message": str(message)})
    return items


def formset_error_summary(formset: BaseFormSet) -> list[dict[str, str]]:
    """The errors of every row of a formset, each labelled by the row's legend."""
    items = [{"target": "", "label": "", "message": str(message)} for message in formset.non_form_errors()]
    for form in formset.forms:
        items.extend(error_summary(form, row_label=str(getattr(form, "legend", ""))))
    return items
