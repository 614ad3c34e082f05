"""API tokens: who may revoke which, and a person's list of tokens.

The tokens are Wagtail's (``wagtail.models.APIToken``): only a keyed SHA-256 digest of
the key is stored, the key itself is shown once, at creation. Creating and revoking one
are actions (accounts.actions.create_token, revoke_token), credited in Wagtail's audit log.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from wagtail.models import APIToken

from accounts.models import User
from accounts.roles import is_administrator

NAME_MAX_LENGTH = 100


def tokens_of(user: User):
    """The user's tokens, newest first, revoked ones included (they show when they stopped)."""
    return APIToken.objects.filter(user=user).order_by("-created", "-id")


def can_revoke_token(actor: User | AnonymousUser, token: APIToken) -> bool:
    """A token is revoked by its owner, or by an administrator."""
    if not (actor.is_authenticated and actor.is_active):
        return False
    return token.user_id == actor.pk or is_administrator(actor)
