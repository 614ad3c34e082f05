"""Template filter ``long_date`` (loaded in every template, see settings.TEMPLATES)."""

from django import template

from core.dates import long_date as _long_date

register = template.Library()


@register.filter
def long_date(value):
    return _long_date(value)
