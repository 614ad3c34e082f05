"""Writes to accounts: API tokens created and revoked, accounts deleted at their holder's request.

Each action checks who may act, runs in one transaction and leaves its trace (Wagtail's
audit log for tokens, the application log for deletions). The site's pages call them;
the reads stay beside the rules they serve (accounts.tokens, accounts.privacy).
"""

from __future__ import annotations

import json
import logging

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import APIToken, ModelLogEntry
from wagtail.users.models import UserProfile

from accounts.models import User
from accounts.people import anonymised_address
from accounts.privacy import deleted_account_label, is_last_administrator
from accounts.tokens import NAME_MAX_LENGTH, can_revoke_token
from core import personal_data
from core.http import Forbidden

logger = logging.getLogger(__name__)


# API tokens ---------------------------------------------------------------------------------


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


# Deleting an account ----------------------------------------------------------------------


def _names(user: User) -> list[str]:
    """How logs may name the person: their address, and their full name when it has two parts."""
    names = [user.email]
    if user.first_name.strip() and user.last_name.strip():
        names.append(user.get_full_name())
    return names


def _forget_account_traces(user: User) -> None:
    """Replace the copies of the person's name that administration logs keep as text.

    Django's admin log names the objects it changed (``object_repr``, and in
    ``change_message`` the inlines, e.g. an affiliation « Julie Gagnon — CPE »); Wagtail's
    log keeps a ``label``. The entries stay, so the history still shows what happened.
    """
    label = deleted_account_label()
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(object_repr=label)
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(label=label)
    for name in _names(user):
        # change_message is JSON written with ASCII escapes: look for the escaped form too.
        escaped = json.dumps(name)[1:-1]
        entries = LogEntry.objects.filter(
            Q(object_repr__contains=name) | Q(change_message__contains=escaped)
        ).only("object_repr", "change_message")
        for entry in entries:
            entry.object_repr = entry.object_repr.replace(name, label)
            entry.change_message = entry.change_message.replace(escaped, json.dumps(label)[1:-1])
            entry.save(update_fields=["object_repr", "change_message"])
        for entry in ModelLogEntry.objects.filter(label__contains=name).only("label"):
            entry.label = entry.label.replace(name, label)
            entry.save(update_fields=["label"])


def _anonymise(user: User) -> None:
    """Keep the row (something protects it) but nothing that identifies the person."""
    address = anonymised_address(user.pk)
    user.email = user.username = address
    user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    APIToken.objects.filter(user=user).delete()
    UserProfile.objects.filter(user=user).delete()


@transaction.atomic
def delete_account(actor: User | AnonymousUser, user: User, password: str) -> None:
    """The person deletes their own account after typing their password again.

    Their personal data goes (account, e-mail addresses, second factor, API tokens,
    affiliations, collections, votes, follows, digest consent); what they contributed
    stays, credited to their organisation or partnership, without their name.
    """
    if not (actor.is_authenticated and actor.is_active) or actor.pk != user.pk:
        raise Forbidden(_("Seule la personne titulaire d'un compte peut le supprimer à partir du site."))
    if not password:
        raise ValidationError(
            {"password": _("Tapez votre mot de passe pour confirmer la suppression.")}, code="required"
        )
    if not user.check_password(password):
        raise ValidationError(
            {"password": _("Ce mot de passe est incorrect : votre compte n'a pas été supprimé.")},
            code="wrong_password",
        )
    if is_last_administrator(user, lock=True):
        raise ValidationError(
            _(
                "Vous êtes la seule personne administratrice de la plateforme : nommez d'abord une autre "
                "personne administratrice, puis supprimez votre compte."
            ),
            code="last_administrator",
        )
    pk = user.pk
    personal_data.forget(user)
    _forget_account_traces(user)
    try:
        with transaction.atomic():
            user.delete()
    except (ProtectedError, RestrictedError):
        _anonymise(user)
        logger.info("Account %s anonymised at its holder's request (its row is protected)", pk)
    else:
        logger.info("Account %s deleted at its holder's request", pk)
