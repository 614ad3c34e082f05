"""Reference data of the territory: Québec's administrative regions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from api.lists import page_of
from api.schemas import ErrorOut, PageParams, RegionList
from territories.models import Region

router = Router(tags=[_("Territoires")])


@router.get(
    "/regions",
    response={200: RegionList, 400: ErrorOut},
    url_name="regions",
    summary=_("Régions administratives"),
    description=_("Les 17 régions administratives du Québec, par code officiel."),
)
def list_regions(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Québec's administrative regions, ordered by code."""
    return page_of(Region.objects.order_by("code"), page)
