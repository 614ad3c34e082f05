"""The shared behaviour of every filtered list page: validation, facets, pagination."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from core.facets import Facet, FacetedFilterSet, error_messages
from core.http import InvalidRequest, NotFound


@dataclass
class Listing:
    filterset: FacetedFilterSet
    page: Page
    facets: list[Facet]
    query_without_page: str
    # Filter values the form shows no field for (e.g. ?partnership=12 from a link):
    # kept as hidden inputs so that ticking a facet does not drop them.
    hidden_params: list[tuple[str, str]]

    @property
    def count(self) -> int:
        return self.page.paginator.count


def build_listing(
    request: HttpRequest,
    filterset_class: type[FacetedFilterSet],
    queryset: QuerySet,
    *,
    prepare_page=None,
    per_page: int | None = None,
) -> Listing:
    """Filter, count facets and paginate; bad input raises a French 400 or 404."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise InvalidRequest(" ".join(error_messages(filterset)))
    paginator = Paginator(filterset.qs, per_page or settings.PAGE_SIZE)
    page = _page(paginator, request.GET.get("page", "1"))
    if prepare_page is not None:
        page.object_list = prepare_page(page.object_list)
    params: QueryDict = request.GET.copy()
    params.pop("page", None)
    facets = filterset.facets()
    shown = {"q", "page", *(facet.name for facet in facets)}
    hidden = [
        (name, value)
        for name in filterset.form.fields
        if name not in shown
        for value in request.GET.getlist(name)
    ]
    return Listing(
        filterset=filterset,
        page=page,
        facets=facets,
        query_without_page=params.urlencode(),
        hidden_params=hidden,
    )


def _page(paginator: Paginator, number: str) -> Page:
    try:
        return paginator.page(number)
    except PageNotAnInteger as error:
        raise InvalidRequest(
            _("Le numéro de page « %(page)s » n'est pas un nombre.") % {"page": number}
        ) from error
    except EmptyPage as error:
        raise NotFound(
            _("La page %(page)s n'existe pas : cette liste compte %(pages)s page(s).")
            % {"page": number, "pages": paginator.num_pages}
        ) from error
