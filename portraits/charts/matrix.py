"""Matrix charts: a grid of categories by series, each cell shaded by its class of values."""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _

from portraits.charts.formats import format_number, with_unit
from portraits.charts.model import Chart
from portraits.charts.svg import (
    AXIS,
    GRID,
    INK,
    MATRIX_DARK_FROM,
    MATRIX_GREYS,
    MUTED,
    WIDTH,
    el,
    linked,
    text_at,
    text_width,
    wrap,
)


def _matrix_classes(values: list[float]) -> list[tuple[float, str, str]]:
    """The grey classes of the matrix: upper bound, fill and legend label of each."""
    maximum = max(values)
    count = len(MATRIX_GREYS)
    if all(v.is_integer() for v in values):
        bounds = sorted({float(math.ceil(maximum * (k + 1) / count)) for k in range(count)})
    else:
        bounds = [maximum * (k + 1) / count for k in range(count)]
    classes, previous = [], 0.0
    for index, bound in enumerate(bounds):
        grey = MATRIX_GREYS[round(index * (count - 1) / (len(bounds) - 1)) if len(bounds) > 1 else count // 2]
        if not bound.is_integer() or not all(v.is_integer() for v in values):
            label = _("≤ %(value)s") % {"value": format_number(round(bound, 1))}
        elif bound == previous + 1:
            label = format_number(bound)
        else:
            label = _("%(low)s à %(high)s") % {
                "low": format_number(previous + 1),
                "high": format_number(bound),
            }
        classes.append((bound, grey, label))
        previous = bound
    return classes


def render_matrix(chart: Chart, prefix: str) -> tuple[float, float, str]:
    """Grey cells, categories by series, and the legend of their classes: size, then SVG body."""
    columns = len(chart.series)
    values = [float(v) for s in chart.series for v in s.values if v is not None and float(v) != 0]
    classes = _matrix_classes(values) if values else []
    label_width = min(max((text_width(c) for c in chart.categories), default=40) + 16, WIDTH * 0.42)
    longest_word = max(
        (text_width(word, 13, bold=True) for s in chart.series for word in s.label.split()), default=40
    )
    # Columns share the width, never narrower than their longest word nor wider than 130.
    column_width = min(130.0, max(58.0, longest_word + 12, (WIDTH - label_width) / max(columns, 1)))
    width = max(WIDTH, label_width + column_width * columns)
    header_lines = [wrap(s.label, column_width - 8, 3, 13) for s in chart.series]
    header_height = max((len(lines) for lines in header_lines), default=1) * 15 + 10

    parts: list[str] = []
    for c_index, lines in enumerate(header_lines):
        cx = label_width + column_width * (c_index + 0.5)
        tspans = "".join(
            el("tspan", escape(line), x=cx, dy=0 if i == 0 else 15) for i, line in enumerate(lines)
        )
        parts.append(
            el(
                "text",
                el("title", escape(chart.series[c_index].label)) + tspans,
                x=cx,
                y=header_height - 8 - 15 * (len(lines) - 1),
                fill=INK,
                font_size=13,
                font_weight="bold",
                text_anchor="middle",
            )
        )
    y = header_height
    previous_group = None
    for index, category in enumerate(chart.categories):
        group = chart.groups[index] if chart.groups and index < len(chart.groups) else None
        if group and group != previous_group:
            parts.append(el("rect", x=0, y=y + 4, width=width, height=24, fill="#f3f6f8"))
            parts.append(
                text_at(
                    6, y + 16, group, fill=INK, font_weight="bold", dominant_baseline="middle", class_="group"
                )
            )
            y += 30
        previous_group = group
        lines = wrap(category, label_width - 16, 2)
        cell_height = 28 if len(lines) == 1 else 40
        first = y + cell_height / 2 - 8 * (len(lines) - 1)
        cells = [
            el("title", escape(category)),
            el(
                "text",
                "".join(
                    el("tspan", escape(line), x=label_width - 10, y=first + 16 * i)
                    for i, line in enumerate(lines)
                ),
                fill=INK,
                text_anchor="end",
                dominant_baseline="middle",
            ),
        ]
        for c_index, series in enumerate(chart.series):
            value = series.values[index]
            x = label_width + column_width * c_index
            title = el("title", escape(f"{category}, {series.label} : {with_unit(value, chart.unit)}"))
            dashed = None
            if value is None:
                fill, text_fill, text, stroke = "#ffffff", MUTED, _("n.d."), GRID
            elif float(value) == 0:
                # A gap: hatched and dashed, so that it reads as « nothing here » without colour.
                fill, text_fill, text, stroke, dashed = (
                    f"url(#{prefix}-gap)",
                    INK,
                    format_number(0),
                    AXIS,
                    "3 2",
                )
            else:
                level = next(i for i, (bound, _g, _l) in enumerate(classes) if float(value) <= bound)
                fill = classes[level][1]
                dark = MATRIX_GREYS.index(fill) >= MATRIX_DARK_FROM
                text_fill, text, stroke = ("#ffffff" if dark else INK), format_number(value), "#ffffff"
            rect = el(
                "rect",
                x=x + 1,
                y=y + 1,
                width=column_width - 2,
                height=cell_height - 2,
                fill=fill,
                stroke=stroke,
                stroke_width=1,
                stroke_dasharray=dashed,
            )
            label = text_at(
                x + column_width / 2,
                y + cell_height / 2,
                text,
                fill=text_fill,
                text_anchor="middle",
                dominant_baseline="middle",
                font_weight="bold" if value else None,
                font_style="italic" if value is None else None,
            )
            cells.append(
                el(
                    "g",
                    title + rect + label,
                    class_="cell" if value else "cell gap",
                    data_value="" if value is None else format(Decimal(str(value)), "f"),
                )
            )
        parts.append(el("g", linked(chart, index, "".join(cells)), class_="row"))
        y += cell_height

    # Legend: the hatched gap, then the grey classes.
    y += 14
    caption = _("Légende :")
    legend = [text_at(0, y + 9, caption, fill=INK, dominant_baseline="middle")]
    x = text_width(caption) + 10
    items = [(f"url(#{prefix}-gap)", _("0 (aucune)"), "3 2")] + [(g, label, None) for _b, g, label in classes]
    for fill, label, dashed in items:
        item_width = 32 + text_width(label) + 16
        if x + item_width > width:
            x, y = text_width(caption) + 10, y + 24
        legend.append(
            el(
                "rect",
                x=x,
                y=y,
                width=26,
                height=18,
                fill=fill,
                stroke=AXIS,
                stroke_width=1,
                stroke_dasharray=dashed,
            )
        )
        legend.append(text_at(x + 32, y + 9, label, fill=INK, dominant_baseline="middle"))
        x += item_width
    parts.append(el("g", "".join(legend), class_="legend"))
    return width, y + 24, "".join(parts)
