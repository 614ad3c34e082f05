"""A chart as a whole SVG document (inline or standalone), and the rows of its data table."""

from __future__ import annotations

from dataclasses import replace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portraits.charts.bar import render_bar
from portraits.charts.formats import format_number
from portraits.charts.line import render_line
from portraits.charts.map import render_map
from portraits.charts.matrix import render_matrix
from portraits.charts.model import Chart
from portraits.charts.svg import (
    FONT_FAMILY,
    FONT_SIZE,
    INK,
    MUTED,
    WIDTH,
    el,
    has_links,
    pattern_defs,
    text_at,
    wrap,
)

RENDERERS = {"bar": render_bar, "line": render_line, "matrix": render_matrix, "map": render_map}


def _render_empty(chart: Chart, prefix: str) -> tuple[float, float, str]:
    message = chart.empty_message or _("Aucune donnée à afficher.")
    return (
        WIDTH,
        60,
        text_at(WIDTH / 2, 30, message, fill=MUTED, text_anchor="middle", dominant_baseline="middle"),
    )


def render_svg(chart: Chart, *, standalone: bool = False) -> SafeString:
    """The chart as SVG markup: inline in a page, or ``standalone`` as a downloadable file."""
    prefix = f"chart-{chart.slug}"
    if standalone:
        # A downloaded image leaves the site: its relative links would lead nowhere.
        chart = replace(chart, links=None)
    renderer = _render_empty if chart.is_empty else RENDERERS[chart.kind]
    width, height, body = renderer(chart, prefix)
    pad = 12.0
    header = ""
    offset = pad
    if standalone:
        # A downloaded image travels without its page: it carries its title (and white background).
        lines = wrap(chart.title, width - 2 * pad, 3, 17)
        header = "".join(
            text_at(pad, pad + 18 + 22 * i, line, fill=INK, font_size=17, font_weight="bold")
            for i, line in enumerate(lines)
        )
        offset = pad + 22 * len(lines) + 12
    total_width, total_height = width + 2 * pad, height + offset + pad
    defs = el("defs", pattern_defs(prefix, max(len(chart.series), 1)))
    title = el("title", escape(chart.title), id=f"{prefix}-title")
    desc = el("desc", escape(chart.summary), id=f"{prefix}-desc")
    background = el("rect", width="100%", height="100%", fill="#ffffff") if standalone else ""
    content = (
        title
        + desc
        + defs
        + background
        + header
        + el("g", body, transform=f"translate({pad:.0f},{offset:.0f})")
    )
    if standalone or (chart.kind in ("matrix", "map") and not chart.is_empty):
        # Drawn at their own size (shrunk by CSS on narrow screens, never enlarged): their width
        # follows their columns, and a few wide columns would otherwise blow the text up.
        size = {"width": f"{total_width:.0f}", "height": f"{total_height:.0f}"}
    else:
        size = {"width": "100%", "preserveAspectRatio": "xMinYMin meet"}
    svg = el(
        "svg",
        content,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {total_width:.0f} {total_height:.0f}",
        # An image, unless its marks are links: then a graphics document, whose links stay reachable.
        role="graphics-document" if has_links(chart) and not chart.is_empty else "img",
        aria_labelledby=f"{prefix}-title {prefix}-desc",
        font_family=FONT_FAMILY,
        font_size=FONT_SIZE,
        class_=f"chart-svg chart-svg-{chart.kind}",
        **size,
    )
    if standalone:
        svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + svg
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703 - every text and attribute above went through escape().


def table_rows(chart: Chart) -> list[dict]:
    """Rows of the data table for the template: category, its link, and formatted cells."""
    rows = []
    for index, category in enumerate(chart.categories):
        link = chart.links[index] if chart.links and index < len(chart.links) else ""
        cells = [{"value": s.values[index], "text": format_number(s.values[index])} for s in chart.series]
        group = chart.groups[index] if chart.groups and index < len(chart.groups) else ""
        rows.append({"category": category, "link": link, "cells": cells, "group": group})
    return rows
