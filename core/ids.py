"""Database identifiers as they arrive from outside (addresses, forms, files, the API).

An integer beyond the database's 64-bit range never names a row; SQLite's driver even fails
on it (OverflowError) instead of answering « no such row » wherever Django does not guard
the lookup itself (``__in``, a key that is a relation, such as a page's). Such numbers are
refused before any query, as « not found » or « not a choice »:

- in addresses, by the ``<id:…>`` converter (every route that takes an id uses it);
- in forms, by ``IdChoiceField`` and ``IdMultipleChoiceField`` (and ``id_formfield`` for
  a ModelForm's relation fields);
- in query strings, by ``IdMultipleChoiceFilter`` for django-filter, or ``parse_id``.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

#: The largest primary key the databases can hold (signed 64-bit integer).
MAX_ID = 2**63 - 1


def is_database_id(value: int) -> bool:
    """True when ``value`` may name a row: a positive integer within the 64-bit range."""
    return 0 < value <= MAX_ID


def parse_id(value: Any) -> int | None:
    """The row number a text names (plain digits, within the 64-bit range), or None."""
    text = str(value).strip()
    # isdigit() alone lets « ² » through, which int() refuses.
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if is_database_id(number) else None


def _cannot_name_a_row(value: Any) -> bool:
    """A number out of range; anything that is not a number is left to Django's own checks."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return False
    return not is_database_id(number)


class IdConverter:
    """The ``<id:…>`` segment of an address: digits naming a row that can exist.

    Beyond the 64-bit range, or zero, the address matches no route, so Django answers
    404 without calling the view (registered as « id » by core's AppConfig).
    """

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not is_database_id(number):
            raise ValueError(f"{value} names no row")
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one row by primary key that refuses, as any unknown choice, a number no row can have."""

    def to_python(self, value: Any):
        if (
            not self.to_field_name
            and value not in self.empty_values
            and self.queryset is not None
            and not isinstance(value, self.queryset.model)
            and _cannot_name_a_row(value)
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)


class _CappedValues:
    """The check of a multiple choice by primary key, before Django's query (``pk__in``)."""

    to_field_name: str | None
    error_messages: dict[str, Any]

    def _check_values(self, value: Any):
        if not self.to_field_name:
            for choice in value:
                if _cannot_name_a_row(choice):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": choice}
                    )
        return super()._check_values(value)  # type: ignore[misc]


class IdMultipleChoiceField(_CappedValues, forms.ModelMultipleChoiceField):
    """A choice of rows by primary key that refuses, as any unknown choice, a number no row can have."""


class IdMultipleChoiceFilterField(_CappedValues, django_filters.fields.ModelMultipleChoiceField):
    """django-filter's field for repeatable ids, capped the same way."""


class IdMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Repeatable ids in a query string (``?partnership=3&partnership=7``): a number no row
    can have is an unknown choice (a 400 naming it), not a server error."""

    field_class = IdMultipleChoiceFilterField


def id_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A ModelForm's ``formfield_callback``: its relation fields offer capped choices."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", IdMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", IdChoiceField)
    return db_field.formfield(**kwargs)
