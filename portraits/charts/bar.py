"""Bar charts: one row of bars per category, grouped when there are several series."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from portraits.charts.formats import format_value, nice_ticks, with_unit
from portraits.charts.model import Chart
from portraits.charts.svg import (
    FONT_SIZE,
    GRID,
    INK,
    MUTED,
    SERIES_COLOURS,
    WIDTH,
    el,
    linked,
    series_fill,
    series_legend,
    text_at,
    text_width,
    wrap,
)


def render_bar(chart: Chart, prefix: str) -> tuple[float, float, str]:
    """Horizontal bars, one row per category: its size, then its SVG body."""
    width = WIDTH
    count = len(chart.series)
    values = [float(v) for s in chart.series for v in s.values if v is not None]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=0.0))
    low, high = ticks[0], ticks[-1]
    labels = [format_value(v, chart.unit) for s in chart.series for v in s.values]
    label_width = min(max((text_width(c) for c in chart.categories), default=40) + 14, width * 0.4)
    value_room = max((text_width(t) for t in labels), default=30) + 10
    plot_left, plot_right = label_width, width - value_room
    negative_room = value_room if low < 0 else 0
    plot_left += negative_room

    def x_of(value: float) -> float:
        return plot_left + (value - low) / (high - low) * (plot_right - plot_left)

    parts: list[str] = []
    y = 0.0
    if count > 1:

        def swatch(index: int, x: float, y: float) -> str:
            return el(
                "rect",
                x=x,
                y=y + 2,
                width=22,
                height=18 - 4,
                fill=series_fill(prefix, index),
                stroke=SERIES_COLOURS[index % len(SERIES_COLOURS)],
                stroke_width=1.5,
            )

        legend, y = series_legend(chart, prefix, width, y, swatch)
        parts.append(legend)
    # Bars as tall as their value labels, so that the labels of grouped bars never overlap.
    bar_height = 24 if count == 1 else 19
    gap = 10 if count == 1 else 14
    top = y + 4
    label_lines = [wrap(c, label_width - 14, 2) for c in chart.categories]
    line_height = FONT_SIZE + 3
    row_height = max(
        bar_height * count + gap, max((len(lines) for lines in label_lines), default=1) * line_height + 8
    )
    plot_bottom = top + row_height * len(chart.categories)
    zero = x_of(0)

    grid = []
    for tick in ticks:
        x = x_of(tick)
        grid.append(el("line", x1=x, x2=x, y1=top, y2=plot_bottom, stroke=GRID, stroke_width=1))
        grid.append(
            text_at(
                x,
                plot_bottom + FONT_SIZE + 4,
                format_value(tick, chart.unit),
                fill=MUTED,
                text_anchor="middle",
            )
        )
    parts.append(el("g", "".join(grid), class_="grid", aria_hidden="true"))

    for index, category in enumerate(chart.categories):
        row_top = top + index * row_height + (row_height - bar_height * count) / 2
        centre = row_top + bar_height * count / 2
        lines = label_lines[index]
        first = centre - line_height * (len(lines) - 1) / 2
        marks = [
            el("title", escape(category)),
            el(
                "text",
                "".join(
                    el("tspan", escape(line), x=label_width - 10, y=first + line_height * i)
                    for i, line in enumerate(lines)
                ),
                fill=INK,
                text_anchor="end",
                dominant_baseline="middle",
            ),
        ]
        for s_index, series in enumerate(chart.series):
            value = series.values[index]
            bar_top = row_top + s_index * bar_height
            middle = bar_top + bar_height / 2
            if value is None:
                marks.append(
                    text_at(
                        zero + 4,
                        middle,
                        _("n.d."),
                        fill=MUTED,
                        font_style="italic",
                        dominant_baseline="middle",
                        class_="missing",
                    )
                )
                continue
            end = x_of(float(value))
            left, length = min(zero, end), abs(end - zero)
            marks.append(
                el(
                    "rect",
                    el("title", escape(f"{category}, {series.label} : {with_unit(value, chart.unit)}")),
                    x=left,
                    y=bar_top + 1,
                    width=length,
                    height=bar_height - 2,
                    fill=series_fill(prefix, s_index),
                    stroke=SERIES_COLOURS[s_index % len(SERIES_COLOURS)],
                    stroke_width=1.5 if s_index else 0,
                    class_="bar",
                    data_value=format(Decimal(str(value)), "f"),
                )
            )
            anchor, label_x = ("start", end + 5) if float(value) >= 0 else ("end", end - 5)
            marks.append(
                text_at(
                    label_x,
                    middle,
                    format_value(value, chart.unit),
                    fill=INK,
                    text_anchor=anchor,
                    dominant_baseline="middle",
                    class_="value",
                )
            )
        parts.append(el("g", linked(chart, index, "".join(marks)), class_="category"))
    parts.append(el("line", x1=zero, x2=zero, y1=top, y2=plot_bottom, stroke=INK, stroke_width=1.5))
    return width, plot_bottom + 26, "".join(parts)
