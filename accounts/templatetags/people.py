"""Naming people in templates without ever showing their e-mail (`{% load people %}`).

``{{ comment.hidden_by|person }}``, or ``{{ change.changed_by|person:organisation }}`` when
the organisation the person acted for is known; a cleared link reads « Compte supprimé ».
"""

from typing import Any

from django import template

from accounts.people import public_name

register = template.Library()


@register.filter
def person(user: Any, organisation: Any = None) -> str:
    """The person's public name (accounts.people.public_name)."""
    return public_name(user, organisation=organisation)
