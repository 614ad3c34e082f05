"""A person's rights over their personal data (Québec's Loi 25): receive it all, delete the account.

``export_personal_data`` gathers the account's own data here and every other app's
section through ``core.personal_data`` (each app registers from its ``AppConfig.ready``).
``accounts.actions.delete_account`` deletes the person's account and what is only theirs; what they wrote
for the network (library items, comments, plan changes, réinvestissements) stays,
credited to their organisation or partnership, without their name: the foreign keys to
the account are ``SET_NULL`` there, and the ``forget`` functions clear the copies of the
name kept as text (administration logs).
"""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import APIToken
from wagtail.models import Comment as EditorialComment
from wagtail.users.models import UserProfile

from accounts.models import AccessLog, User
from accounts.roles import is_administrator
from core import personal_data
from core.personal_data import iso

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


# Retention ----------------------------------------------------------------------------------

#: How long the log of administrators' accesses is kept (docs/privacy.md).
ACCESS_LOG_RETENTION = datetime.timedelta(days=730)


def purge_access_log(now: datetime.datetime | None = None) -> int:
    """Delete the access log entries older than the retention period; returns how many went."""
    limit = (now or timezone.now()) - ACCESS_LOG_RETENTION
    deleted, _by_model = AccessLog.objects.filter(created_at__lt=limit).delete()
    return deleted
