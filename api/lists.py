"""What every list endpoint shares: the pages' filters, then a count and one slice."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from ninja import Schema

from api.errors import invalid_filters
from api.schemas import PageParams
from core.facets import FacetedFilterSet


def filter_data(filters: Schema) -> QueryDict:
    """The validated query parameters, shaped as the pages' FilterSets read them."""
    data = QueryDict(mutable=True)
    for name, value in filters.model_dump().items():
        values = value if isinstance(value, list) else [value]
        data.setlist(name, [str(v) for v in values if v not in ("", None)])
    return data


def filtered(
    request: HttpRequest, filterset_class: type[FacetedFilterSet], filters: Schema, queryset: QuerySet
) -> QuerySet:
    """The queryset filtered exactly as the matching page filters it; bad values raise a 400."""
    filterset = filterset_class(filter_data(filters), queryset=queryset, request=request)
    if not filterset.is_valid():
        raise invalid_filters(filterset)
    return filterset.qs


def page_of(queryset: QuerySet, page: PageParams) -> dict[str, Any]:
    """{"count": total, "items": [...]}: two queries (plus prefetches) whatever the size."""
    count = queryset.count()
    # Past the end there is nothing to fetch, and a huge offset never reaches the database.
    items = list(queryset[page.offset : page.offset + page.limit]) if page.offset < count else []
    return {"count": count, "items": items}
