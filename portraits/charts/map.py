"""Map charts: a circle on each region of Québec, its area proportional to the value."""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from portraits import quebec_map
from portraits.charts.formats import format_number, round_down, with_unit
from portraits.charts.model import Chart, Series
from portraits.charts.svg import (
    AXIS,
    INK,
    LAND,
    MUTED,
    SERIES_COLOURS,
    el,
    fit,
    halo_text,
    linked,
    text_at,
)

MAP_SCALE = 38.0
MAP_MAX_RADIUS = 26.0


def render_map(chart: Chart, prefix: str) -> tuple[float, float, str]:
    """Proportional circles on the regions of Québec: its size, then its SVG body."""
    frame_width, frame_height = quebec_map.size(MAP_SCALE)
    width, height = frame_width + 20, frame_height + 10
    margin = 10.0

    def point(lat: float, lon: float) -> tuple[float, float]:
        x, y = quebec_map.project(lat, lon, MAP_SCALE)
        return x + margin, y + margin

    def polygon(points: Iterable[tuple[float, float]]) -> str:
        coords = [point(lat, lon) for lat, lon in points]
        return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + " Z"

    parts = [
        el(
            "path",
            d=polygon(quebec_map.OUTLINE),
            fill=LAND,
            stroke=AXIS,
            stroke_width=1.2,
            stroke_linejoin="round",
            class_="land",
        )
    ]
    for island in quebec_map.ISLANDS:
        parts.append(el("path", d=polygon(island), fill=LAND, stroke=AXIS, stroke_width=1.2))

    series = chart.series[0] if chart.series else Series("", [None] * len(chart.categories))
    values = [float(v) for v in series.values if v is not None]
    maximum = max(values, default=0.0)
    codes = chart.codes or []

    def radius(value: float) -> float:
        # Area, not radius, proportional to the value.
        return MAP_MAX_RADIUS * math.sqrt(value / maximum) if maximum > 0 else 0.0

    regions = []
    for index, category in enumerate(chart.categories):
        code = codes[index] if index < len(codes) else ""
        if code not in quebec_map.CENTROIDS:
            continue
        value = series.values[index]
        r = radius(float(value)) if value is not None and float(value) > 0 else 0.0
        regions.append((r, index, code, category, value))
    # Big circles first, so that small ones stay visible on top.
    regions.sort(key=lambda item: -item[0])

    leaders, marks, offset_marks = [], [], []
    for r, index, code, category, value in regions:
        true_x, true_y = point(*quebec_map.CENTROIDS[code])
        x, y = true_x, true_y
        if code in quebec_map.OFFSETS:
            x, y = point(*quebec_map.OFFSETS[code])
            leaders.append(el("line", x1=true_x, y1=true_y, x2=x, y2=y, stroke=INK, stroke_width=1))
            leaders.append(el("circle", cx=true_x, cy=true_y, r=2.5, fill=INK))
        name = _("%(region)s : %(value)s") % {"region": category, "value": with_unit(value, chart.unit)}
        title = el("title", escape(name))
        if value is None:
            shape = el(
                "circle",
                cx=x,
                cy=y,
                r=7,
                fill="#ffffff",
                stroke=MUTED,
                stroke_width=1.5,
                stroke_dasharray="3 2",
                class_="mark",
            )
        elif r == 0:
            shape = el("circle", cx=x, cy=y, r=4, fill="#ffffff", stroke=INK, stroke_width=1.5, class_="mark")
        else:
            shape = el(
                "circle",
                cx=x,
                cy=y,
                r=r,
                fill=SERIES_COLOURS[0],
                fill_opacity=0.82,
                stroke="#ffffff",
                stroke_width=1.5,
                class_="mark",
            )
        if r >= 11:
            label = text_at(
                x,
                y,
                code,
                fill="#ffffff",
                font_weight="bold",
                font_size=13,
                text_anchor="middle",
                dominant_baseline="central",
            )
        else:
            west = code in quebec_map.LABEL_WEST
            label = halo_text(
                x - max(r, 7) - 3 if west else x + max(r, 7) + 3,
                y,
                code,
                fill=INK,
                font_weight="bold",
                font_size=13,
                text_anchor="end" if west else None,
                dominant_baseline="central",
            )
        # Tiny regions drawn away from their place come last: over the leader lines that point home.
        (offset_marks if code in quebec_map.OFFSETS else marks).append(
            el(
                "g",
                linked(chart, index, title + shape + label),
                class_="region",
                data_code=code,
                data_value="" if value is None else format(Decimal(str(value)), "f"),
                data_radius=f"{r:.3f}",
            )
        )
    parts.append(
        el(
            "g",
            "".join(marks) + el("g", "".join(leaders), class_="leaders") + "".join(offset_marks),
            class_="regions",
        )
    )

    # Legend of the circles' sizes, in the empty corner east of Hudson Bay's latitude (Labrador).
    if maximum > 0:
        lx, ly = point(61.6, -62.6)
        reference = [maximum, round_down(maximum / 4)]
        legend = [
            text_at(
                lx,
                ly - 8,
                fit(series.label or chart.unit, 150),
                fill=INK,
                font_weight="bold",
                text_anchor="middle",
            )
        ]
        base = ly + 2 * MAP_MAX_RADIUS + 10
        for value in reference:
            r = radius(value)
            legend.append(el("circle", cx=lx, cy=base - r, r=r, fill="none", stroke=INK, stroke_width=1))
            legend.append(
                el(
                    "line",
                    x1=lx,
                    x2=lx + MAP_MAX_RADIUS + 8,
                    y1=base - 2 * r,
                    y2=base - 2 * r,
                    stroke=INK,
                    stroke_width=0.8,
                    stroke_dasharray="2 2",
                )
            )
            legend.append(
                text_at(
                    lx + MAP_MAX_RADIUS + 12,
                    base - 2 * r,
                    format_number(round(value, 1)),
                    fill=INK,
                    dominant_baseline="middle",
                )
            )
        parts.append(el("g", "".join(legend), class_="legend"))
    return width, height, "".join(parts)
