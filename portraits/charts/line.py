"""Line charts: one line per series over the categories (years), named at their ends."""

from __future__ import annotations

import math
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
    fit,
    halo_text,
    series_legend,
    text_at,
    text_width,
)

DASHES = [None, "7 4", "2 3", "10 3 2 3", "4 4"]


def _marker(shape: int, x: float, y: float, colour: str) -> str:
    """Distinct marker shapes, alternately filled and hollow, so series differ in black and white."""
    filled = colour if shape % 2 == 0 else "#ffffff"
    common = {"fill": filled, "stroke": colour, "stroke_width": 2}
    kind = shape % 5
    if kind == 0:
        return el("circle", cx=x, cy=y, r=4.5, **common)
    if kind == 1:
        return el("rect", x=x - 4.5, y=y - 4.5, width=9, height=9, **common)
    if kind == 2:
        return el(
            "path",
            d=f"M{x:.1f},{y - 5.5:.1f} L{x + 5.5:.1f},{y + 4:.1f} L{x - 5.5:.1f},{y + 4:.1f} Z",
            **common,
        )
    if kind == 3:
        return el(
            "path",
            d=f"M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z",
            **common,
        )
    return el(
        "path",
        d=f"M{x - 5:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 5:.1f} "
        f"M{x - 5:.1f},{y + 5:.1f} L{x + 5:.1f},{y - 5:.1f}",
        stroke=colour,
        stroke_width=2.5,
    )


def _spread(positions: list[float], minimum: float) -> list[float]:
    """Move label positions apart (keeping their order) so that they do not overlap."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = list(positions)
    for previous, current in zip(order, order[1:], strict=False):
        if placed[current] - placed[previous] < minimum:
            placed[current] = placed[previous] + minimum
    return placed


def render_line(chart: Chart, prefix: str) -> tuple[float, float, str]:
    """One line per series across the categories: its size, then its SVG body."""
    width = WIDTH
    count = len(chart.series)
    values = [float(v) for s in chart.series for v in s.values if v is not None]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=0.0))
    low, high = ticks[0], ticks[-1]
    tick_labels = [format_value(t, chart.unit) for t in ticks]
    # Several series: each is named at its last point (direct label), with that point's value;
    # long names stay in the legend alone, where they would squeeze the plot.
    end_labels: list[tuple[str, str]] = []
    if count > 1:
        short = max(text_width(s.label, bold=True) for s in chart.series) <= 110
        for series in chart.series:
            last = next((v for v in reversed(series.values) if v is not None), None)
            end_labels.append(
                (series.label if short else "", format_value(last, chart.unit) if last is not None else "")
            )
    plot_left = max(text_width(t) for t in tick_labels) + 12
    end_room = max(
        (text_width(f"{a} {b}".strip(), bold=True) + (0 if a else 16) for a, b in end_labels), default=0
    )
    plot_right = width - (end_room + 22 if end_labels else 24)

    parts: list[str] = []
    y = 0.0
    if count > 1:

        def swatch(index: int, x: float, y: float) -> str:
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            return el(
                "line",
                x1=x,
                x2=x + 24,
                y1=y + 9,
                y2=y + 9,
                stroke=colour,
                stroke_width=2.5,
                stroke_dasharray=DASHES[index % len(DASHES)],
            ) + _marker(index, x + 12, y + 9, colour)

        legend, y = series_legend(chart, prefix, width, y, swatch)
        parts.append(legend)
    if chart.unit and len(chart.unit) > 2:
        parts.append(text_at(0, y + 10, chart.unit, fill=MUTED))
        y += 18
    top = y + 12
    bottom = top + 260

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    step = (plot_right - plot_left) / max(len(chart.categories), 1)

    def x_of(index: int) -> float:
        return plot_left + step * (index + 0.5)

    grid = []
    for tick, label in zip(ticks, tick_labels, strict=True):
        gy = y_of(tick)
        grid.append(
            el(
                "line",
                x1=plot_left,
                x2=plot_right,
                y1=gy,
                y2=gy,
                stroke=INK if tick == 0 else GRID,
                stroke_width=1.5 if tick == 0 else 1,
            )
        )
        grid.append(
            text_at(plot_left - 8, gy, label, fill=MUTED, text_anchor="end", dominant_baseline="middle")
        )
    every = max(1, math.ceil(len(chart.categories) * 50 / (plot_right - plot_left)))
    for index, category in enumerate(chart.categories):
        if index % every == 0:
            grid.append(
                text_at(
                    x_of(index),
                    bottom + FONT_SIZE + 8,
                    fit(category, step * every - 4),
                    fill=INK,
                    text_anchor="middle",
                )
            )
    parts.append(el("g", "".join(grid), class_="grid"))

    label_room = max(
        (text_width(format_value(v, chart.unit), FONT_SIZE - 1) for s in chart.series for v in s.values),
        default=0,
    )
    ends: list[tuple[int, float, float]] = []
    for s_index, series in enumerate(chart.series):
        colour = SERIES_COLOURS[s_index % len(SERIES_COLOURS)]
        segments, current = [], []
        for index, value in enumerate(series.values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append((x_of(index), y_of(float(value)), index, value))
        if current:
            segments.append(current)
        marks = []
        for segment in segments:
            if len(segment) > 1:
                d = " ".join(
                    f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py, _i, _v) in enumerate(segment)
                )
                marks.append(
                    el(
                        "path",
                        d=d,
                        fill="none",
                        stroke=colour,
                        stroke_width=2.5,
                        stroke_dasharray=DASHES[s_index % len(DASHES)],
                        stroke_linejoin="round",
                    )
                )
        for segment in segments:
            for px, py, index, value in segment:
                title = el(
                    "title",
                    escape(f"{series.label}, {chart.categories[index]} : {with_unit(value, chart.unit)}"),
                )
                marks.append(
                    el(
                        "g",
                        title + _marker(s_index, px, py, colour),
                        class_="point",
                        data_value=format(Decimal(str(value)), "f"),
                    )
                )
                if count == 1 and step >= label_room:
                    marks.append(
                        halo_text(
                            px,
                            py - 12,
                            format_value(value, chart.unit),
                            fill=colour,
                            text_anchor="middle",
                            font_size=FONT_SIZE - 1,
                            class_="value",
                        )
                    )
        missing = [i for i, v in enumerate(series.values) if v is None]
        for index in missing:
            marks.append(
                text_at(
                    x_of(index),
                    bottom - 8 - 14 * s_index,
                    _("n.d."),
                    fill=colour if count > 1 else MUTED,
                    font_style="italic",
                    text_anchor="middle",
                    class_="missing",
                )
            )
        last = next((p for p in reversed([p for seg in segments for p in seg])), None)
        if last is not None:
            ends.append((s_index, last[0], last[1]))
        parts.append(el("g", "".join(marks), class_="series"))
    if end_labels and ends:
        placed = _spread([e[2] for e in ends], 16)
        for (s_index, _px, _py), ly in zip(ends, placed, strict=True):
            colour = SERIES_COLOURS[s_index % len(SERIES_COLOURS)]
            name, value_text = end_labels[s_index]
            x = plot_right + 10
            if not name:
                # Without its name, the label carries the series' marker to be told apart.
                parts.append(_marker(s_index, x + 5, ly, colour))
                x += 16
            parts.append(
                el(
                    "text",
                    escape(name)
                    + (el("tspan", escape(f" {value_text}" if name else value_text), font_weight="normal"))
                    if value_text
                    else escape(name),
                    x=x,
                    y=ly,
                    fill=colour,
                    font_weight="bold",
                    dominant_baseline="middle",
                    class_="direct-label",
                )
            )
    return width, bottom + 32, "".join(parts)
