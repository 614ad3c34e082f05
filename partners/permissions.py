"""Who may do what in the partner network."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from accounts.roles import is_administrator
from partners.models import Affiliation, Organisation, Partnership


def is_member_of(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """A member works for the organisation (an affiliation links them)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return Affiliation.objects.filter(user=user, organisation=organisation).exists()


def is_coordinator_of(user: User | AnonymousUser, partnership: Partnership) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return partnership.coordinators.filter(pk=user.pk).exists()


def can_edit_partnership(user: User | AnonymousUser, partnership: Partnership) -> bool:
    """A partnership and its memberships are edited by its coordinators (and administrators)."""
    return is_administrator(user) or is_coordinator_of(user, partnership)
