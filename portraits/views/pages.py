"""The portrait pages: all of Québec, a region, a partnership.

Each page reads its figures, EQDEM context and gaps from the portraits' cache (computed
with a constant number of aggregate queries when the data changed), builds its charts
from them, and answers a download (``?chart=…&format=…``) before rendering anything.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portraits import downloads, eqdem, figures, gaps
from portraits.cache import cached
from portraits.charts.for_pages import portrait_charts
from portraits.scopes import QUEBEC, Scope, partnership_scope, region_scope
from territories.models import Region


def regions() -> list[tuple[str, str]]:
    """(code, label) of the 17 regions, for the list of links (cached with the portraits)."""
    return cached("regions", "all", lambda: [(r.code, r.label) for r in Region.objects.order_by("code")])


def _grouping(value: int, separator: str) -> str:
    return f"{value:,}".replace(",", separator)


def area_rows(portrait: figures.Portrait) -> list[dict[str, Any]]:
    """The rows of the table by region or partnership, numbers already formatted.

    A region may hold hundreds of partnerships: formatting the counts here, with the
    language's separator read once, keeps the table cheap to render.
    """
    separator = get_format("THOUSAND_SEPARATOR")
    quebec = portrait.kind == "quebec"
    names = ["organisations", "partnerships", "plans", "actions", "children_0_5", "children_reached"]
    names += ["families_reached", "library_items", "reinvestments_made"]
    if not quebec:
        names.remove("partnerships")  # one per row
    return [
        {
            "url": row.url,
            "label": f"{row.code} {row.label}" if quebec else row.label,
            "cells": [_grouping(getattr(row.figures, name), separator) for name in names],
        }
        for row in portrait.areas
    ]


def _charts(scope: Scope) -> dict:
    charts = portrait_charts(figures.portrait(scope))
    charts["eqdem"] = eqdem.context(scope).chart()
    return charts


def _page(request: HttpRequest, scope: Scope, name: str, filename: str, **extra: Any) -> HttpResponse:
    """A download when one is asked, otherwise the page around its cached body.

    The body (figures, charts drawn as SVG, tables) is the same for every visitor, so it
    is rendered once per version of the data and language, without the request; only the
    frame (header, menu, messages) is rendered for each visit.
    """
    if "format" in request.GET:
        response = downloads.respond(request, list(_charts(scope).values()), filename)
        if response is not None:
            return response

    def render_body() -> str:
        portrait = figures.portrait(scope)
        context_eqdem = eqdem.context(scope)
        charts = portrait_charts(portrait)
        charts["eqdem"] = context_eqdem.chart()
        context = {
            "scope": scope,
            "portrait": portrait,
            "figures": portrait.figures,
            "charts": charts,
            "comparison_charts": [chart for key, chart in charts.items() if key.startswith("comparison:")],
            "eqdem": context_eqdem,
            "gaps": gaps.find_gaps(scope),
            "regions": regions(),
            "area_rows": area_rows(portrait),
            **extra,
        }
        return render_to_string(f"portraits/_{name}_body.html", context)

    body = cached("page", f"{scope.key}:{name}", render_body)
    # The body was rendered by the templates, which escaped every value.
    return render(request, f"portraits/{name}.html", {"body": mark_safe(body), **extra})  # noqa: S308  # nosec B308 B703


@require_GET
def quebec(request: HttpRequest) -> HttpResponse:
    """The portrait of all of Québec, region by region."""
    return _page(request, QUEBEC, "quebec", _("portrait-quebec"))


@require_GET
def region(request: HttpRequest, code: str) -> HttpResponse:
    """The portrait of one region, partnership by partnership, compared with Québec."""
    scope = region_scope(code)
    return _page(
        request,
        scope,
        "region",
        _("portrait-region-%(code)s") % {"code": scope.region.code},
        region=scope.region,
    )


@require_GET
def partnership(request: HttpRequest, pk: int) -> HttpResponse:
    """The portrait of one active partnership, compared with Québec."""
    scope = partnership_scope(pk)
    return _page(
        request,
        scope,
        "partnership",
        _("portrait-regroupement-%(pk)s") % {"pk": pk},
        partnership=scope.partnership,
        region=scope.partnership.region,
    )
