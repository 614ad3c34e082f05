"""Reads of the library: published items with what their lists and pages need."""

from __future__ import annotations

from django.db.models import Count
from wagtail.models import PageManager
from wagtail.query import PageQuerySet


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
