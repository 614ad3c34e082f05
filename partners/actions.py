"""Every change to the partner network goes through these functions.

Views, the API, management commands and imports call them, so that the same
permission check, transaction and history apply everywhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_administrator
from core.history import credit
from core.http import Forbidden
from core.text import fold
from partners.models import Affiliation, MemberRole, Membership, Organisation, Partnership
from partners.permissions import can_edit_partnership
from search import index as search_index

PARTNERSHIP_EDITABLE_FIELDS = (
    "name",
    "description",
    "territory_name",
    "territory_type",
    "children_0_5",
    "dpe_stage",
    "website",
    "email",
)


def organisation_search_text(organisation: Organisation) -> str:
    """The folded text the directory's filter matches against."""
    return fold(f"{organisation.name} {organisation.municipality}")


def partnership_search_text(partnership: Partnership) -> str:
    return fold(f"{partnership.name} {partnership.territory_name}")


def _require_partnership_editor(actor: User, partnership: Partnership) -> None:
    if not can_edit_partnership(actor, partnership):
        raise Forbidden(_("Seuls les coordonnateurs de ce regroupement peuvent le modifier."))


@transaction.atomic
def save_organisation(
    organisation: Organisation, *, actor: User | None = None, region_ids: list[int] | None = None
) -> Organisation:
    """Create or update an organisation (administrators, imports and the demo data)."""
    organisation.search_text = organisation_search_text(organisation)
    credit(organisation, actor)
    organisation.save()
    if region_ids is not None:
        organisation.regions.set(region_ids)
    search_index.update_on_commit("organisation", [organisation.pk])
    return organisation


@transaction.atomic
def save_partnership(partnership: Partnership, *, actor: User | None = None) -> Partnership:
    """Create or update a partnership as a whole (administrators and the demo data)."""
    partnership.search_text = partnership_search_text(partnership)
    credit(partnership, actor)
    partnership.save()
    search_index.update_on_commit("partnership", [partnership.pk])
    return partnership


@transaction.atomic
def update_partnership(actor: User, partnership: Partnership, changes: dict[str, Any]) -> Partnership:
    """A coordinator changes the description of their partnership."""
    _require_partnership_editor(actor, partnership)
    unknown = set(changes) - set(PARTNERSHIP_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(partnership, field, value)
    partnership.search_text = partnership_search_text(partnership)
    credit(partnership, actor)
    partnership.save()
    search_index.update_on_commit("partnership", [partnership.pk])
    return partnership


@transaction.atomic
def add_membership(
    actor: User,
    partnership: Partnership,
    organisation: Organisation,
    *,
    role: str = MemberRole.MEMBER,
    joined_on: datetime.date | None = None,
) -> Membership:
    """A coordinator adds an organisation to their partnership."""
    _require_partnership_editor(actor, partnership)
    membership = Membership(
        partnership=partnership,
        organisation=organisation,
        role=role,
        joined_on=joined_on or timezone.localdate(),
    )
    credit(membership, actor)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def update_membership(
    actor: User, membership: Membership, *, role: str, joined_on: datetime.date
) -> Membership:
    """A coordinator changes a member's role or join date."""
    _require_partnership_editor(actor, membership.partnership)
    membership.role = role
    membership.joined_on = joined_on
    credit(membership, actor)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def remove_membership(actor: User, membership: Membership) -> None:
    """A coordinator removes an organisation from their partnership."""
    _require_partnership_editor(actor, membership.partnership)
    credit(membership, actor)
    membership.delete()


@dataclass
class MembershipChange:
    """One row of a partnership's member list: removed, or given a role and a join date."""

    membership: Membership
    remove: bool = False
    role: str = ""
    joined_on: datetime.date | None = None


class MembershipRefused(Exception):
    """The model's validation refused the change at ``index``; nothing of the list was saved."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error)
        self.index = index
        self.error = error


@transaction.atomic
def save_memberships(actor: User, changes: Sequence[MembershipChange]) -> None:
    """A coordinator applies the rows of their member list at once, all or nothing."""
    for index, change in enumerate(changes):
        try:
            if change.remove:
                remove_membership(actor, change.membership)
            else:
                assert change.joined_on is not None
                update_membership(actor, change.membership, role=change.role, joined_on=change.joined_on)
        except ValidationError as error:
            raise MembershipRefused(index, error) from error


def _require_administrator(actor: User) -> None:
    if not is_administrator(actor):
        raise Forbidden(_("Seuls les administrateurs peuvent faire ce changement."))


@transaction.atomic
def add_coordinator(actor: User, partnership: Partnership, user: User) -> None:
    """A coordinator (or an administrator) gives someone the coordination of the partnership."""
    _require_partnership_editor(actor, partnership)
    partnership.coordinators.add(user)


@transaction.atomic
def remove_coordinator(actor: User, partnership: Partnership, user: User) -> None:
    """A coordinator (or an administrator) withdraws someone's coordination."""
    _require_partnership_editor(actor, partnership)
    partnership.coordinators.remove(user)


@transaction.atomic
def affiliate(actor: User, user: User, organisation: Organisation, *, job_title: str = "") -> Affiliation:
    """An administrator records that a person works for an organisation (makes them a member)."""
    _require_administrator(actor)
    affiliation, created = Affiliation.objects.get_or_create(
        user=user, organisation=organisation, defaults={"job_title": job_title}
    )
    if not created and job_title and affiliation.job_title != job_title:
        affiliation.job_title = job_title
        affiliation.save(update_fields=["job_title"])
    return affiliation
