"""The shared behaviour of every list page: validation, facets, and the page number asked
for in ``?page=`` (one set of French errors for every list)."""

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
    page = page_of(paginator, request.GET.get("page", "1"))
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


def page_number(value: str | int | None) -> int:
    """The number asked for by ``?page=``, 1 when absent; French 400 when it is not a
    number, 404 when it is below 1. For lists that know their size only after asking for
    a page (the search engine's)."""
    try:
        number = int(value or 1)
    except (TypeError, ValueError) as error:
        raise InvalidRequest(_not_a_number(value)) from error
    if number < 1:
        raise NotFound(_("La page %(page)s n'existe pas.") % {"page": value})
    return number


def page_of(paginator: Paginator, number: str | int) -> Page:
    """The page asked for by ``?page=``: French 400 when the number is not a number, 404
    when the list has no such page. An empty list has its page 1."""
    try:
        return paginator.page(number)
    except PageNotAnInteger as error:
        raise InvalidRequest(_not_a_number(number)) from error
    except EmptyPage as error:
        raise NotFound(
            _("La page %(page)s n'existe pas : cette liste compte %(pages)s page(s).")
            % {"page": number, "pages": paginator.num_pages}
        ) from error


def _not_a_number(value) -> str:
    return _("Le numéro de page « %(page)s » n'est pas un nombre.") % {"page": value}


@dataclass
class PageListing:
    """What core/_pagination.html needs for a list without filters: the page, and the
    query string to keep in the page links (none)."""

    page: Page
    query_without_page: str = ""
