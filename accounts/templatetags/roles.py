"""Template filters that ask the platform's roles (`{% load roles %}`)."""

from django import template
from django.contrib.auth.models import AnonymousUser

from accounts import roles
from accounts.models import User

register = template.Library()


@register.filter
def is_knowledge_editor(user: User | AnonymousUser) -> bool:
    """Knowledge editors and administrators (at most one query, none for visitors)."""
    return roles.is_knowledge_editor(user)
