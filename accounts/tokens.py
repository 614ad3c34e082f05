"""API tokens: a person creates keys for their programs, and revokes them.

The tokens are Wagtail's (``wagtail.models.APIToken``): only a keyed SHA-256 digest of
the key is stored, the key itself is shown once, at creation. These actions add the
platform's rules (who may revoke what) and credit each change in Wagtail's audit log.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import APIToken

from accounts.models import User
from accounts.roles import is_administrator
from core.http import Forbidden

NAME_MAX_LENGTH = 100


def tokens_of(user: User):
    """The user's tokens, newest first, revoked ones included (they show when they stopped)."""
    return APIToken.objects.filter(user=user).order_by("-created", "-id")


def can_revoke_token(actor: User | AnonymousUser, token: APIToken) -> bool:
    """A token is revoked by its owner, or by an administrator."""
    if not (actor.is_authenticated and actor.is_active):
        return False
    return token.user_id == actor.pk or is_administrator(actor)


@transaction.atomic
def create_token(actor: User, name: str) -> tuple[APIToken, str]:
    """A signed-in person creates a token for themselves; returns it with its key, shown only once."""
    if not (actor.is_authenticated and actor.is_active):
        raise Forbidden(_("Connectez-vous pour créer un jeton d'API."))
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Donnez un nom au jeton, p. ex. celui du programme qui l'utilise.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Le nom compte au plus %(max)s caractères.") % {"max": NAME_MAX_LENGTH}}
        )
    token, key = APIToken.create_token(user=actor, name=name)
    log(token, "wagtail.apitoken.create", user=actor, data={"source": "site"})
    return token, key


@transaction.atomic
def revoke_token(actor: User, token: APIToken) -> APIToken:
    """The owner (or an administrator) revokes a token: it stops working at once, for good."""
    if not can_revoke_token(actor, token):
        raise Forbidden(_("Seule la personne à qui appartient ce jeton peut le révoquer."))
    if token.revoked_at is None:
        token.revoke()
        log(token, "wagtail.apitoken.revoke", user=actor, data={"source": "site"})
    return token
