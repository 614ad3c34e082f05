"""Reads of the partner network, with what each page needs loaded up front."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from core.text import filter_folded

if TYPE_CHECKING:
    from partners.models import Membership, Organisation, Partnership  # noqa: F401


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def search(self, query: str) -> OrganisationQuerySet:
        return filter_folded(self, query)

    def for_listing(self) -> OrganisationQuerySet:
        return self.select_related("sector").prefetch_related("regions")


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def active(self) -> PartnershipQuerySet:
        return self.filter(is_active=True)

    def search(self, query: str) -> PartnershipQuerySet:
        return filter_folded(self, query)

    def for_listing(self) -> PartnershipQuerySet:
        # Inactive organisations are not listed anywhere, so they are not counted either.
        return self.select_related("region").annotate(
            member_count=models.Count(
                "memberships", filter=models.Q(memberships__organisation__is_active=True)
            )
        )

    def coordinated_by(self, user) -> PartnershipQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(coordinators=user)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def of_active_organisations(self) -> MembershipQuerySet:
        """Memberships whose organisation is listed (inactive ones are hidden everywhere)."""
        return self.filter(organisation__is_active=True)
