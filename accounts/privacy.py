"""A person's rights over their personal data (Québec's Loi 25): receive it all, delete the account.

``export_personal_data`` gathers the account's own data here and every other app's
section through ``core.personal_data`` (each app registers from its ``AppConfig.ready``).
``delete_account`` deletes the person's account and what is only theirs; what they wrote
for the network (library items, comments, plan changes, réinvestissements) stays,
credited to their organisation or partnership, without their name: the foreign keys to
the account are ``SET_NULL`` there, and the ``forget`` functions clear the copies of the
name kept as text (administration logs).
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import APIToken, ModelLogEntry
from wagtail.models import Comment as EditorialComment
from wagtail.users.models import UserProfile

from accounts.models import AccessLog, User
from accounts.people import anonymised_address
from accounts.roles import is_administrator
from core import personal_data
from core.http import Forbidden
from core.personal_data import iso

logger = logging.getLogger(__name__)

#: Format of the export, raised when its shape changes incompatibly.
EXPORT_VERSION = 1


# Export -------------------------------------------------------------------------------------


def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "is_active": user.is_active,
        "is_administrator": user.is_superuser,
        "is_staff": user.is_staff,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def _email_addresses(user: User) -> list[dict[str, Any]]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def _two_factor(user: User) -> list[dict[str, Any]]:
    # Never ``data``: it holds the authenticator's secret and the recovery codes.
    return [
        {"type": kind, "created_at": iso(created), "last_used_at": iso(used)}
        for kind, created, used in Authenticator.objects.filter(user=user)
        .order_by("created_at", "id")
        .values_list("type", "created_at", "last_used_at")
    ]


def _api_tokens(user: User) -> list[dict[str, Any]]:
    # Never the key (not stored) nor its digest (``key_hash``): only what the token page shows.
    return [
        {
            "name": name,
            "key_start": prefix,
            "created_at": iso(created),
            "last_used_at": iso(used),
            "revoked_at": iso(revoked),
        }
        for name, prefix, created, used, revoked in APIToken.objects.filter(user=user)
        .order_by("created", "id")
        .values_list("name", "prefix", "created", "last_used_at", "revoked_at")
    ]


def _administration(user: User) -> dict[str, Any]:
    """What Wagtail's administration keeps about the person (editors and administrators)."""
    profile = UserProfile.objects.filter(user=user).first()
    return {
        "profile": None
        if profile is None
        else {
            "preferred_language": profile.preferred_language,
            "time_zone": profile.current_time_zone,
            "has_avatar": bool(profile.avatar),
            "notifications": {
                "submitted": profile.submitted_notifications,
                "approved": profile.approved_notifications,
                "rejected": profile.rejected_notifications,
                "updated_comments": profile.updated_comments_notifications,
            },
        },
        "editorial_comments": EditorialComment.objects.filter(user=user).count(),
    }


def _accesses(user: User) -> list[dict[str, Any]]:
    """When administrators opened the person's record (who did is kept for the person in charge)."""
    return [
        {"date": iso(date), "access": kind}
        for date, kind in AccessLog.objects.filter(subject_pk=user.pk).values_list("created_at", "kind")
    ]


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything the platform keeps about ``user``, as JSON-ready data, without any secret."""
    return {
        "format": "agirtot-personal-data",
        "version": EXPORT_VERSION,
        "exported_at": iso(timezone.now()),
        "account": _account(user),
        "email_addresses": _email_addresses(user),
        "two_factor_authentication": _two_factor(user),
        "api_tokens": _api_tokens(user),
        "administration": _administration(user),
        "administrator_accesses": _accesses(user),
        **personal_data.collect(user),
    }


# Deletion -----------------------------------------------------------------------------------


def deleted_account_label() -> str:
    """What administration logs show instead of a deleted person's name."""
    return _("Compte supprimé")


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


def is_last_administrator(user: User, *, lock: bool = False) -> bool:
    """No other active administrator would remain without this person.

    ``lock`` (inside a transaction) locks the other administrators' rows, so that two last
    administrators deleting their accounts at once cannot leave the platform with none.
    """
    if not is_administrator(user):
        return False
    others = User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
    if lock:
        others = others.select_for_update()
    return not list(others.values_list("pk", flat=True)[:1])


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


# Retention ----------------------------------------------------------------------------------

#: How long the log of administrators' accesses is kept (docs/privacy.md).
ACCESS_LOG_RETENTION = datetime.timedelta(days=730)


def purge_access_log(now: datetime.datetime | None = None) -> int:
    """Delete the access log entries older than the retention period; returns how many went."""
    limit = (now or timezone.now()) - ACCESS_LOG_RETENTION
    deleted, _by_model = AccessLog.objects.filter(created_at__lt=limit).delete()
    return deleted
