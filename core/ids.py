"""Database identifiers as they arrive from outside (addresses, forms, files, the API).

An integer beyond the database's 64-bit range never names a row; SQLite's driver even fails
on it (OverflowError) instead of answering « no such row ». Such numbers are refused before
any query, as « not found » or « not a choice ».
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

#: The largest primary key the databases can hold (signed 64-bit integer).
MAX_ID = 2**63 - 1


def is_database_id(value: int) -> bool:
    """True when ``value`` may name a row: a positive integer within the 64-bit range."""
    return 0 < value <= MAX_ID


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of rows by primary key that refuses, as any unknown choice, a number no row can have."""

    def _check_values(self, value: Any):
        if not self.to_field_name:
            for choice in value:
                try:
                    number = int(str(choice))
                except (TypeError, ValueError):
                    continue  # Django's own check names it an invalid value
                if not is_database_id(number):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": choice}
                    )
        return super()._check_values(value)
