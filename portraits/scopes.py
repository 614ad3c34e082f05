"""What a portrait is about: all of Québec, one region, or one partnership.

A portrait is public and cached for everyone, so it only ever reads public data: active
organisations and partnerships, public plans of active partnerships (never a « membres
seulement » plan, whoever looks), published library items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.http import NotFound
from partners.models import Organisation, Partnership
from plans.models import Action, Plan
from plans.querysets import public_plan_q
from territories.models import Region

ScopeKind = Literal["quebec", "region", "partnership"]


@dataclass(frozen=True)
class Scope:
    """All of Québec, a region or a partnership, with the public querysets of its data."""

    kind: ScopeKind
    region: Region | None = None
    partnership: Partnership | None = None

    # Identity ---------------------------------------------------------------------------

    @property
    def key(self) -> str:
        """A stable name for caches and file names: ``quebec``, ``region-06``, ``partnership-12``."""
        if self.kind == "region":
            return f"region-{self.region.code}"
        if self.kind == "partnership":
            return f"partnership-{self.partnership.pk}"
        return "quebec"

    @property
    def name(self) -> str:
        if self.kind == "region":
            return self.region.label
        if self.kind == "partnership":
            return self.partnership.name
        return _("Ensemble du Québec")

    # Public data of the scope --------------------------------------------------------------

    def partnerships(self) -> QuerySet[Partnership]:
        queryset = Partnership.objects.filter(is_active=True)
        if self.kind == "region":
            return queryset.filter(region=self.region)
        if self.kind == "partnership":
            return queryset.filter(pk=self.partnership.pk)
        return queryset

    def organisations(self) -> QuerySet[Organisation]:
        """Active organisations: of the region (by their regions), or members of the partnership."""
        queryset = Organisation.objects.filter(is_active=True)
        if self.kind == "region":
            return queryset.filter(regions=self.region)
        if self.kind == "partnership":
            return queryset.filter(memberships__partnership=self.partnership)
        return queryset

    def plans(self) -> QuerySet[Plan]:
        """Public plans of the scope's active partnerships."""
        queryset = Plan.objects.filter(public_plan_q())
        return queryset.filter(self._partnership_q("partnership"))

    def actions(self) -> QuerySet[Action]:
        """Actions of the public plans of the scope."""
        queryset = Action.objects.filter(public_plan_q("plan__"))
        return queryset.filter(self._partnership_q("plan__partnership"))

    def _partnership_q(self, prefix: str) -> Q:
        if self.kind == "region":
            return Q(**{f"{prefix}__region": self.region})
        if self.kind == "partnership":
            return Q(**{prefix: self.partnership})
        return Q()


QUEBEC = Scope("quebec")


def region_scope(code: str) -> Scope:
    """The scope of the region with this official code; a French 404 when there is none."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound(_("Aucune région administrative ne porte le code « %(code)s ».") % {"code": code})
    return Scope("region", region=region)


def partnership_scope(pk: int) -> Scope:
    """The scope of an active partnership; a French 404 when there is none."""
    partnership = Partnership.objects.filter(pk=pk, is_active=True).select_related("region").first()
    if partnership is None:
        raise NotFound(_("Ce regroupement n'existe pas ou n'est plus actif."))
    return Scope("partnership", partnership=partnership)
