"""Charts of the portraits, drawn on the server as accessible SVG.

A view builds ``Chart`` objects from its figures; the ``{% chart %}`` tag
(portraits/templatetags/portraits_charts.py) shows each one as a figure with its data table
and download links, and ``portraits.downloads.respond`` serves its table (CSV, XLSX) and image
(SVG, PNG). Pages need no JavaScript: the SVG is plain markup, readable in black and white
(series differ by fill pattern, marker shape and dash, not by colour alone) and by screen
readers (``<title>``, ``<desc>`` and the data table).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portraits import quebec_map

Number = float | int | Decimal

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

FONT_FAMILY = "'DejaVu Sans', Verdana, system-ui, -apple-system, 'Segoe UI', Arial, sans-serif"
FONT_SIZE = 15
INK = "#1d2733"
MUTED = "#4a5563"
GRID = "#cdd5dd"
AXIS = "#6b7785"
LAND = "#eef2f5"
# Dark enough for 3:1 against white (graphics) and 4.5:1 for text in the same colour.
SERIES_COLOURS = ["#0b5d7a", "#b3471d", "#4b3f8f", "#1e6b34", "#1d2733"]
# Matrix classes: light greys carry dark text, dark greys white text, both above 4.5:1.
MATRIX_GREYS = ["#ececec", "#c9c9c9", "#a6a6a6", "#646464", "#333333"]
MATRIX_DARK_FROM = 3  # index in MATRIX_GREYS of the first grey that carries white text


@dataclass
class Series:
    """One row of values of a chart, one value per category (None = no data)."""

    label: str
    values: list[Number | None]


@dataclass
class Chart:
    """A chart of a portrait: what to draw, its table and its downloads."""

    slug: str
    title: str
    kind: Literal["bar", "line", "matrix", "map"]
    category_label: str
    categories: list[str]
    series: list[Series]
    description: str = ""
    unit: str = ""
    links: list[str] | None = None
    codes: list[str] | None = None
    groups: list[str] | None = None
    empty_message: str = ""

    def __post_init__(self) -> None:
        # The slug becomes element ids and a query parameter: keep it to a safe alphabet.
        if not SLUG_RE.match(self.slug):
            raise ValueError(f"Chart slug {self.slug!r} must match [a-z0-9-]+")
        if self.kind not in ("bar", "line", "matrix", "map"):
            raise ValueError(f"Unknown chart kind {self.kind!r}")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(f"Series {series.label!r} has not one value per category")

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to draw: no series, or every value missing or zero."""
        return not any(value for series in self.series for value in series.values if value is not None)

    def value_header(self, series: Series) -> str:
        """Header of a series' column, with the unit when there is one."""
        if self.unit:
            return _("%(series)s (%(unit)s)") % {"series": series.label, "unit": self.unit}
        return series.label

    def table(self) -> tuple[list[str], list[list]]:
        """The data as a header row and one row per category (numbers kept as numbers, None kept)."""
        header = [self.category_label] + [self.value_header(s) for s in self.series]
        rows = [
            [category] + [series.values[index] for series in self.series]
            for index, category in enumerate(self.categories)
        ]
        return header, rows

    @property
    def summary(self) -> str:
        """The description read by screen readers; a pointer to the table when none was given."""
        return self.description or _("Les données de ce graphique figurent dans le tableau qui l'accompagne.")


# Numbers --------------------------------------------------------------------------------


def format_number(value: Number | None) -> str:
    """A value in the active language's format: « 3 000 », « 12,5 »; empty when unknown."""
    if value is None:
        return ""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return ""
    if number == number.to_integral_value():
        return number_format(number, 0, use_l10n=True, force_grouping=True)
    number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    decimals = len(format(number, "f").partition(".")[2])
    return number_format(number, decimals, use_l10n=True, force_grouping=True)


def format_value(value: Number | None, unit: str = "") -> str:
    """A value with its unit when the unit is a short sign (« 12,5 % »); « n.d. » when unknown."""
    if value is None:
        return _("n.d.")
    text = format_number(value)
    if unit and len(unit) <= 2:
        return f"{text}\xa0{unit}"
    return text


def _with_unit(value: Number | None, unit: str) -> str:
    """A value followed by any unit, for titles: « 42 regroupements »."""
    if value is None:
        return _("données non disponibles")
    return f"{format_number(value)}\xa0{unit}" if unit else format_number(value)


def nice_ticks(low: float, high: float) -> list[float]:
    """Round grid values covering [low, high] and 0: 4 to 6 of them, overshooting the data least."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        high = 1.0
    candidates: list[list[float]] = []
    for target in (3, 4, 5):
        raw = (high - low) / target
        magnitude = 10 ** math.floor(math.log10(raw))
        # 2.5 only where it stays a whole number (25, 250…): counts read badly as « 7,5 ».
        multiples = (1, 2, 2.5, 5, 10) if magnitude >= 10 else (1, 2, 5, 10)
        step = next(m * magnitude for m in multiples if m * magnitude >= raw)
        if float(low).is_integer() and float(high).is_integer():
            step = max(step, 1.0)  # counts: no « 0,5 action » on the axis
        start = math.floor(round(low / step, 9)) * step
        stop = math.ceil(round(high / step, 9)) * step
        count = round((stop - start) / step)
        candidates.append([round(start + i * step, 10) for i in range(count + 1)])
    # Three to five grid lines above the axis when possible, then the tightest fit.
    return min(candidates, key=lambda t: (not 4 <= len(t) <= 6, t[-1] - t[0], len(t)))


def _round_down(value: float) -> float:
    """The largest of 1, 2, 5 × 10ⁿ not above ``value``: a round reference for a legend."""
    if value < 1:
        return value
    magnitude = 10 ** math.floor(math.log10(value))
    return max(m * magnitude for m in (1, 2, 5) if m * magnitude <= value)


# SVG helpers -----------------------------------------------------------------------------


def _attrs(**attributes) -> str:
    parts = []
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = f"{value:.1f}".rstrip("0").rstrip(".")
        parts.append(f' {name}="{escape(str(value))}"')
    return "".join(parts)


def _el(tag: str, content: str | None = None, **attributes) -> str:
    if content is None:
        return f"<{tag}{_attrs(**attributes)}/>"
    return f"<{tag}{_attrs(**attributes)}>{content}</{tag}>"


def _text(x: float, y: float, text: str, **attributes) -> str:
    return _el("text", escape(text), x=float(x), y=float(y), **attributes)


def _halo_text(x: float, y: float, text: str, **attributes) -> str:
    """A text on a white outline of itself, readable over lines and shapes."""
    halo = {k: v for k, v in attributes.items() if k not in ("fill", "class_")}
    return _text(
        x,
        y,
        text,
        fill="#ffffff",
        stroke="#ffffff",
        stroke_width=4,
        stroke_linejoin="round",
        aria_hidden="true",
        **halo,
    ) + _text(x, y, text, **attributes)


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Approximate width of a text in the sans-serif stack (DejaVu Sans is among the widest)."""
    return len(text) * size * (0.64 if bold else 0.6)


def _fit(text: str, width: float, size: float = FONT_SIZE) -> str:
    """The text cut with an ellipsis so that it fits in ``width``."""
    if text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * 0.6)) - 1)
    return text[:keep].rstrip() + "…"


def _wrap(text: str, width: float, max_lines: int, size: float = FONT_SIZE) -> list[str]:
    """Words spread on lines of ``width``; the last line cut with an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]
    return [_fit(line, width, size) for line in lines] or [""]


def has_links(chart: Chart) -> bool:
    """True when some mark of the chart links somewhere (a region's or a partnership's portrait)."""
    return bool(chart.links and any(chart.links))


def _link(chart: Chart, index: int, content: str) -> str:
    """Wrap the marks of a category in its link, when the chart has one for it.

    The link is named by the ``<title>`` that ``content`` starts with (an aria-label would have to
    repeat every visible text inside, cut labels included).
    """
    if chart.links and index < len(chart.links) and chart.links[index]:
        return _el("a", content, href=chart.links[index])
    return content


# The marks of the patterns after the solid first series: each series differs without colour.
PATTERNS = [
    ("path", {"d": "M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2", "stroke_width": 2}),  # hatched
    ("circle", {"cx": 3, "cy": 3, "r": 1.6}),  # dotted
    ("path", {"d": "M0,0 L6,6 M6,0 L0,6", "stroke_width": 1.4}),  # crossed
    ("path", {"d": "M0,3 L6,3", "stroke_width": 2.2}),  # horizontal stripes
    ("path", {"d": "M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2", "stroke_width": 2}),  # hatched the other way
    ("path", {"d": "M3,0 L3,6", "stroke_width": 2.2}),  # vertical stripes
]


def _pattern_defs(prefix: str, count: int) -> str:
    """Fills of the series: solid, then one pattern each (hatched, dotted, crossed, striped…)."""
    defs = []
    for index in range(1, count):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        tag, attributes = PATTERNS[(index - 1) % len(PATTERNS)]
        paint = {"fill": colour} if tag == "circle" else {"stroke": colour}
        body = _el("rect", width=6, height=6, fill="#ffffff") + _el(tag, **attributes, **paint)
        defs.append(
            _el("pattern", body, id=f"{prefix}-fill{index}", width=6, height=6, patternUnits="userSpaceOnUse")
        )
    defs.append(
        _el(
            "pattern",
            _el("rect", width=6, height=6, fill="#ffffff")
            + _el("path", d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2", stroke="#8a96a3", stroke_width=1),
            id=f"{prefix}-gap",
            width=6,
            height=6,
            patternUnits="userSpaceOnUse",
        )
    )
    return "".join(defs)


def _series_fill(prefix: str, index: int) -> str:
    return SERIES_COLOURS[0] if index == 0 else f"url(#{prefix}-fill{index})"


def _legend(chart: Chart, prefix: str, width: float, y: float, swatch) -> tuple[str, float]:
    """A legend flowing on lines; ``swatch(index, x, y)`` draws the sample of a series."""
    parts, x, line_height = [], 0.0, 22
    for index, series in enumerate(chart.series):
        # A long name (a partnership's) takes a line of its own rather than being cut.
        label = _fit(series.label, width - 30)
        item_width = 30 + text_width(label) + 18
        if x and x + item_width > width:
            x, y = 0.0, y + line_height
        parts.append(swatch(index, x, y) + _text(x + 30, y + 11, label, fill=INK, dominant_baseline="middle"))
        x += item_width
    return _el("g", "".join(parts), class_="legend"), y + line_height + 6


# Bars ------------------------------------------------------------------------------------

# Narrow enough that, in a half-width column of a page, 15 units still read as 12 pixels or more.
WIDTH = 540


def _render_bar(chart: Chart, prefix: str) -> tuple[float, float, str]:
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
            return _el(
                "rect",
                x=x,
                y=y + 2,
                width=22,
                height=18 - 4,
                fill=_series_fill(prefix, index),
                stroke=SERIES_COLOURS[index % len(SERIES_COLOURS)],
                stroke_width=1.5,
            )

        legend, y = _legend(chart, prefix, width, y, swatch)
        parts.append(legend)
    # Bars as tall as their value labels, so that the labels of grouped bars never overlap.
    bar_height = 24 if count == 1 else 19
    gap = 10 if count == 1 else 14
    top = y + 4
    label_lines = [_wrap(c, label_width - 14, 2) for c in chart.categories]
    line_height = FONT_SIZE + 3
    row_height = max(
        bar_height * count + gap, max((len(lines) for lines in label_lines), default=1) * line_height + 8
    )
    plot_bottom = top + row_height * len(chart.categories)
    zero = x_of(0)

    grid = []
    for tick in ticks:
        x = x_of(tick)
        grid.append(_el("line", x1=x, x2=x, y1=top, y2=plot_bottom, stroke=GRID, stroke_width=1))
        grid.append(
            _text(
                x,
                plot_bottom + FONT_SIZE + 4,
                format_value(tick, chart.unit),
                fill=MUTED,
                text_anchor="middle",
            )
        )
    parts.append(_el("g", "".join(grid), class_="grid", aria_hidden="true"))

    for index, category in enumerate(chart.categories):
        row_top = top + index * row_height + (row_height - bar_height * count) / 2
        centre = row_top + bar_height * count / 2
        lines = label_lines[index]
        first = centre - line_height * (len(lines) - 1) / 2
        marks = [
            _el("title", escape(category)),
            _el(
                "text",
                "".join(
                    _el("tspan", escape(line), x=label_width - 10, y=first + line_height * i)
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
                    _text(
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
                _el(
                    "rect",
                    _el("title", escape(f"{category}, {series.label} : {_with_unit(value, chart.unit)}")),
                    x=left,
                    y=bar_top + 1,
                    width=length,
                    height=bar_height - 2,
                    fill=_series_fill(prefix, s_index),
                    stroke=SERIES_COLOURS[s_index % len(SERIES_COLOURS)],
                    stroke_width=1.5 if s_index else 0,
                    class_="bar",
                    data_value=format(Decimal(str(value)), "f"),
                )
            )
            anchor, label_x = ("start", end + 5) if float(value) >= 0 else ("end", end - 5)
            marks.append(
                _text(
                    label_x,
                    middle,
                    format_value(value, chart.unit),
                    fill=INK,
                    text_anchor=anchor,
                    dominant_baseline="middle",
                    class_="value",
                )
            )
        parts.append(_el("g", _link(chart, index, "".join(marks)), class_="category"))
    parts.append(_el("line", x1=zero, x2=zero, y1=top, y2=plot_bottom, stroke=INK, stroke_width=1.5))
    return width, plot_bottom + 26, "".join(parts)


# Lines -----------------------------------------------------------------------------------

DASHES = [None, "7 4", "2 3", "10 3 2 3", "4 4"]


def _marker(shape: int, x: float, y: float, colour: str) -> str:
    """Distinct marker shapes, alternately filled and hollow, so series differ in black and white."""
    filled = colour if shape % 2 == 0 else "#ffffff"
    common = {"fill": filled, "stroke": colour, "stroke_width": 2}
    kind = shape % 5
    if kind == 0:
        return _el("circle", cx=x, cy=y, r=4.5, **common)
    if kind == 1:
        return _el("rect", x=x - 4.5, y=y - 4.5, width=9, height=9, **common)
    if kind == 2:
        return _el(
            "path",
            d=f"M{x:.1f},{y - 5.5:.1f} L{x + 5.5:.1f},{y + 4:.1f} L{x - 5.5:.1f},{y + 4:.1f} Z",
            **common,
        )
    if kind == 3:
        return _el(
            "path",
            d=f"M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z",
            **common,
        )
    return _el(
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


def _render_line(chart: Chart, prefix: str) -> tuple[float, float, str]:
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
            return _el(
                "line",
                x1=x,
                x2=x + 24,
                y1=y + 9,
                y2=y + 9,
                stroke=colour,
                stroke_width=2.5,
                stroke_dasharray=DASHES[index % len(DASHES)],
            ) + _marker(index, x + 12, y + 9, colour)

        legend, y = _legend(chart, prefix, width, y, swatch)
        parts.append(legend)
    if chart.unit and len(chart.unit) > 2:
        parts.append(_text(0, y + 10, chart.unit, fill=MUTED))
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
            _el(
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
            _text(plot_left - 8, gy, label, fill=MUTED, text_anchor="end", dominant_baseline="middle")
        )
    every = max(1, math.ceil(len(chart.categories) * 50 / (plot_right - plot_left)))
    for index, category in enumerate(chart.categories):
        if index % every == 0:
            grid.append(
                _text(
                    x_of(index),
                    bottom + FONT_SIZE + 8,
                    _fit(category, step * every - 4),
                    fill=INK,
                    text_anchor="middle",
                )
            )
    parts.append(_el("g", "".join(grid), class_="grid"))

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
                    _el(
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
                title = _el(
                    "title",
                    escape(f"{series.label}, {chart.categories[index]} : {_with_unit(value, chart.unit)}"),
                )
                marks.append(
                    _el(
                        "g",
                        title + _marker(s_index, px, py, colour),
                        class_="point",
                        data_value=format(Decimal(str(value)), "f"),
                    )
                )
                if count == 1 and step >= label_room:
                    marks.append(
                        _halo_text(
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
                _text(
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
        parts.append(_el("g", "".join(marks), class_="series"))
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
                _el(
                    "text",
                    escape(name)
                    + (_el("tspan", escape(f" {value_text}" if name else value_text), font_weight="normal"))
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


# Matrix ----------------------------------------------------------------------------------


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


def _render_matrix(chart: Chart, prefix: str) -> tuple[float, float, str]:
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
    header_lines = [_wrap(s.label, column_width - 8, 3, 13) for s in chart.series]
    header_height = max((len(lines) for lines in header_lines), default=1) * 15 + 10

    parts: list[str] = []
    for c_index, lines in enumerate(header_lines):
        cx = label_width + column_width * (c_index + 0.5)
        tspans = "".join(
            _el("tspan", escape(line), x=cx, dy=0 if i == 0 else 15) for i, line in enumerate(lines)
        )
        parts.append(
            _el(
                "text",
                _el("title", escape(chart.series[c_index].label)) + tspans,
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
            parts.append(_el("rect", x=0, y=y + 4, width=width, height=24, fill="#f3f6f8"))
            parts.append(
                _text(
                    6, y + 16, group, fill=INK, font_weight="bold", dominant_baseline="middle", class_="group"
                )
            )
            y += 30
        previous_group = group
        lines = _wrap(category, label_width - 16, 2)
        cell_height = 28 if len(lines) == 1 else 40
        first = y + cell_height / 2 - 8 * (len(lines) - 1)
        cells = [
            _el("title", escape(category)),
            _el(
                "text",
                "".join(
                    _el("tspan", escape(line), x=label_width - 10, y=first + 16 * i)
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
            title = _el("title", escape(f"{category}, {series.label} : {_with_unit(value, chart.unit)}"))
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
            rect = _el(
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
            label = _text(
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
                _el(
                    "g",
                    title + rect + label,
                    class_="cell" if value else "cell gap",
                    data_value="" if value is None else format(Decimal(str(value)), "f"),
                )
            )
        parts.append(_el("g", _link(chart, index, "".join(cells)), class_="row"))
        y += cell_height

    # Legend: the hatched gap, then the grey classes.
    y += 14
    caption = _("Légende :")
    legend = [_text(0, y + 9, caption, fill=INK, dominant_baseline="middle")]
    x = text_width(caption) + 10
    items = [(f"url(#{prefix}-gap)", _("0 (aucune)"), "3 2")] + [(g, label, None) for _b, g, label in classes]
    for fill, label, dashed in items:
        item_width = 32 + text_width(label) + 16
        if x + item_width > width:
            x, y = text_width(caption) + 10, y + 24
        legend.append(
            _el(
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
        legend.append(_text(x + 32, y + 9, label, fill=INK, dominant_baseline="middle"))
        x += item_width
    parts.append(_el("g", "".join(legend), class_="legend"))
    return width, y + 24, "".join(parts)


# Map -------------------------------------------------------------------------------------

MAP_SCALE = 38.0
MAP_MAX_RADIUS = 26.0


def _render_map(chart: Chart, prefix: str) -> tuple[float, float, str]:
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
        _el(
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
        parts.append(_el("path", d=polygon(island), fill=LAND, stroke=AXIS, stroke_width=1.2))

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
            leaders.append(_el("line", x1=true_x, y1=true_y, x2=x, y2=y, stroke=INK, stroke_width=1))
            leaders.append(_el("circle", cx=true_x, cy=true_y, r=2.5, fill=INK))
        name = _("%(region)s : %(value)s") % {"region": category, "value": _with_unit(value, chart.unit)}
        title = _el("title", escape(name))
        if value is None:
            shape = _el(
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
            shape = _el(
                "circle", cx=x, cy=y, r=4, fill="#ffffff", stroke=INK, stroke_width=1.5, class_="mark"
            )
        else:
            shape = _el(
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
            label = _text(
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
            label = _halo_text(
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
            _el(
                "g",
                _link(chart, index, title + shape + label),
                class_="region",
                data_code=code,
                data_value="" if value is None else format(Decimal(str(value)), "f"),
                data_radius=f"{r:.3f}",
            )
        )
    parts.append(
        _el(
            "g",
            "".join(marks) + _el("g", "".join(leaders), class_="leaders") + "".join(offset_marks),
            class_="regions",
        )
    )

    # Legend of the circles' sizes, in the empty corner east of Hudson Bay's latitude (Labrador).
    if maximum > 0:
        lx, ly = point(61.6, -62.6)
        reference = [maximum, _round_down(maximum / 4)]
        legend = [
            _text(
                lx,
                ly - 8,
                _fit(series.label or chart.unit, 150),
                fill=INK,
                font_weight="bold",
                text_anchor="middle",
            )
        ]
        base = ly + 2 * MAP_MAX_RADIUS + 10
        for value in reference:
            r = radius(value)
            legend.append(_el("circle", cx=lx, cy=base - r, r=r, fill="none", stroke=INK, stroke_width=1))
            legend.append(
                _el(
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
                _text(
                    lx + MAP_MAX_RADIUS + 12,
                    base - 2 * r,
                    format_number(round(value, 1)),
                    fill=INK,
                    dominant_baseline="middle",
                )
            )
        parts.append(_el("g", "".join(legend), class_="legend"))
    return width, height, "".join(parts)


# Rendering -------------------------------------------------------------------------------

RENDERERS = {"bar": _render_bar, "line": _render_line, "matrix": _render_matrix, "map": _render_map}


def _render_empty(chart: Chart, prefix: str) -> tuple[float, float, str]:
    message = chart.empty_message or _("Aucune donnée à afficher.")
    return (
        WIDTH,
        60,
        _text(WIDTH / 2, 30, message, fill=MUTED, text_anchor="middle", dominant_baseline="middle"),
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
        lines = _wrap(chart.title, width - 2 * pad, 3, 17)
        header = "".join(
            _text(pad, pad + 18 + 22 * i, line, fill=INK, font_size=17, font_weight="bold")
            for i, line in enumerate(lines)
        )
        offset = pad + 22 * len(lines) + 12
    total_width, total_height = width + 2 * pad, height + offset + pad
    defs = _el("defs", _pattern_defs(prefix, max(len(chart.series), 1)))
    title = _el("title", escape(chart.title), id=f"{prefix}-title")
    desc = _el("desc", escape(chart.summary), id=f"{prefix}-desc")
    background = _el("rect", width="100%", height="100%", fill="#ffffff") if standalone else ""
    content = (
        title
        + desc
        + defs
        + background
        + header
        + _el("g", body, transform=f"translate({pad:.0f},{offset:.0f})")
    )
    if standalone or (chart.kind in ("matrix", "map") and not chart.is_empty):
        # Drawn at their own size (shrunk by CSS on narrow screens, never enlarged): their width
        # follows their columns, and a few wide columns would otherwise blow the text up.
        size = {"width": f"{total_width:.0f}", "height": f"{total_height:.0f}"}
    else:
        size = {"width": "100%", "preserveAspectRatio": "xMinYMin meet"}
    svg = _el(
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
