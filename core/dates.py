"""Dates as people in Québec write them: « 1er mai 2026 », « 28 novembre 2026 »."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    """The long date of the active language; French writes the first of the month « 1er »."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    text = date_format(value, "DATE_FORMAT")
    if value.day == 1 and (get_language() or "fr").startswith("fr") and text.startswith("1 "):
        text = "1er " + text[2:]
    return text
