"""The ``{% chart %}`` tag: a chart as a figure with its SVG, data table and download links."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.translation import gettext as _

from portraits.charts import Chart, render_svg, table_rows

register = template.Library()


def download_query(query: QueryDict | None, slug: str, export_format: str) -> str:
    """The page's own query string (its filters) with the chart and format of a download."""
    params = query.copy() if query is not None else QueryDict(mutable=True)
    params.pop("chart", None)
    params.pop("format", None)
    params["chart"] = slug
    params["format"] = export_format
    return "?" + params.urlencode()


@register.inclusion_tag("portraits/includes/chart.html", takes_context=True)
def chart(context: template.Context, chart: Chart) -> dict:
    """Render ``chart``: its figure, its table in a disclosure, and its downloads."""
    request = context.get("request")
    query = request.GET if request is not None else None
    rows = table_rows(chart)
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["label"] != row["group"]:
            groups.append({"label": row["group"], "rows": []})
        groups[-1]["rows"].append(row)
    header, _rows = chart.table()
    return {
        "chart": chart,
        "svg": "" if chart.is_empty else render_svg(chart),
        "value_headers": header[1:],
        "groups": groups,
        "has_data": bool(chart.categories and chart.series),
        "downloads": [
            {
                "href": download_query(query, chart.slug, fmt),
                "text": text,
                "label": label % {"title": chart.title},
            }
            for fmt, text, label in (
                ("csv", _("CSV"), _("Télécharger « %(title)s » en CSV")),
                ("xlsx", _("Excel (XLSX)"), _("Télécharger « %(title)s » en Excel (XLSX)")),
                ("svg", _("Image SVG"), _("Télécharger « %(title)s » en image SVG")),
                ("png", _("Image PNG"), _("Télécharger « %(title)s » en image PNG")),
            )
        ],
    }
