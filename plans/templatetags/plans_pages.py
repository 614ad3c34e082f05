"""Number formats of the plan pages: amounts in dollars and measured values."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


def _plain(value) -> str:
    """Grouped digits, decimals only when there are some: « 12 000 », « 27,5 »."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(value, 0, use_l10n=True, force_grouping=True)
    decimals = len(format(value.normalize(), "f").partition(".")[2])
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


@register.filter
def number(value) -> str:
    """A measured value in the active language's format; empty when unknown."""
    if value is None or value == "":
        return ""
    return _plain(value)


@register.filter
def money(value) -> str:
    """An amount in dollars: « 12 000 $ » in French, « $12,000 » once translated."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if value != value.to_integral_value():
        amount = number_format(value, 2, use_l10n=True, force_grouping=True)
    else:
        amount = _plain(value)
    return _("%(amount)s\xa0$") % {"amount": amount}
