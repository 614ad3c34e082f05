"""Reads of the library: published items with what their lists and pages need, and the
réinvestissements a visitor may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from plans.models import Plan

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class LibraryItemQuerySet(PageQuerySet):
    def published(self) -> LibraryItemQuerySet:
        return self.live().public()

    def for_listing(self) -> LibraryItemQuerySet:
        """Items with their tags, credits and counters loaded, for lists and cards."""
        return (
            self.select_related("locale")
            .prefetch_related("themes", "regions", "organisations", "partnerships")
            .annotate(
                reuse_count=Count("reinvestments", distinct=True),
                useful_count=Count("useful_votes", distinct=True),
            )
        )


LibraryItemManager = PageManager.from_queryset(LibraryItemQuerySet)


def reinvestment_visible_to(user: User | AnonymousUser) -> Q:
    """The rule of every list of réinvestissements: the new action's plan and the source (a
    published item, or an action of a plan) are both visible to the user. An action of a
    members-only plan does not exist for outsiders, on either side.

    A condition rather than a filter, so that a count can use it next to the total."""
    # Checked row by row (EXISTS), so that the database starts from what the caller asks
    # for (one source, one subject's sources, one partnership) rather than from every
    # visible plan.
    # By name: the library's models import this module.
    published = apps.get_model("library", "LibraryItem").objects.published()
    visible_plans = Plan.objects.visible_to(user)
    return Q(
        Exists(visible_plans.filter(pk=OuterRef("action__plan_id"))),
        Exists(published.filter(pk=OuterRef("source_item_id")))
        | Exists(visible_plans.filter(pk=OuterRef("source_action__plan_id"))),
    )


class ReinvestmentQuerySet(QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> ReinvestmentQuerySet:
        """Réinvestissements whose new action and source the user may both see."""
        return self.filter(reinvestment_visible_to(user))
