"""Reads of plans and actions: who may see what, and what each page loads up front."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import filter_folded

if TYPE_CHECKING:
    from plans.models import Action, Plan  # noqa: F401


class Visibility(models.TextChoices):
    """Who sees a plan; here with the rule that reads it, so that the models import the reads
    and not the other way round."""

    PUBLIC = "public", _("Public")
    MEMBERS = "membres", _("Membres du regroupement seulement")


def _member_partnerships(user) -> models.Q:
    """Partnerships the user coordinates, or whose member organisations employ them."""
    from partners.models import Membership, Partnership

    coordinated = Partnership.objects.filter(coordinators=user).values("pk")
    through_work = Membership.objects.filter(organisation__affiliations__user=user).values("partnership_id")
    return models.Q(partnership_id__in=coordinated) | models.Q(partnership_id__in=through_work)


def public_plan_q(prefix: str = "") -> models.Q:
    """The plans anyone may see — public plans of active partnerships — as a condition on the
    plan reached through ``prefix`` (``""`` on plans, ``"plan__"`` on actions, …)."""
    return models.Q(**{f"{prefix}visibility": Visibility.PUBLIC, f"{prefix}partnership__is_active": True})


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user) -> PlanQuerySet:
        """Public plans of active partnerships, plus members-only plans of the user's partnerships."""
        queryset = self.filter(partnership__is_active=True)
        if user.is_authenticated and user.is_active and user.is_superuser:
            return queryset
        if not (user.is_authenticated and user.is_active):
            return queryset.filter(public_plan_q())
        return queryset.filter(models.Q(visibility=Visibility.PUBLIC) | _member_partnerships(user))

    def for_listing(self) -> PlanQuerySet:
        return self.select_related("partnership__region").annotate(action_count=models.Count("actions"))


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, user) -> ActionQuerySet:
        return self.filter(plan__in=self._plans().visible_to(user).values("pk"))

    def _plans(self) -> PlanQuerySet:
        # Through the relation rather than an import of plans.models, which imports this module.
        plan_model = cast("type[Plan]", self.model._meta.get_field("plan").related_model)
        return plan_model.objects.all()

    def updatable_by(self, user) -> ActionQuerySet:
        """Actions whose progress the user may update, in one query: the same rule as
        plans.permissions.can_update_action (coordinators of the plan's partnership and
        administrators; people of the lead or a contributing organisation when they see
        the plan)."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser:
            return self
        from partners.models import Affiliation, Partnership

        coordinated = Partnership.objects.filter(coordinators=user).values("pk")
        employers = Affiliation.objects.filter(user=user).values("organisation_id")
        contributed = self.model.contributors.through.objects.filter(organisation_id__in=employers)
        visible = self._plans().visible_to(user).values("pk")
        return self.filter(
            models.Q(plan__partnership_id__in=coordinated)
            | (
                models.Q(plan_id__in=visible)
                & (models.Q(lead_id__in=employers) | models.Q(pk__in=contributed.values("action_id")))
            )
        )

    def search(self, query: str) -> ActionQuerySet:
        return filter_folded(self, query)

    def for_listing(self) -> ActionQuerySet:
        return self.select_related("plan__partnership__region", "action_type", "lead").prefetch_related(
            "contributors", "objectives"
        )
