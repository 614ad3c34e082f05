"""Shared SVG drawing: palette, elements, texts that fit, links, fill patterns and legends."""

from __future__ import annotations

from django.utils.html import escape

from portraits.charts.model import Chart

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

# Narrow enough that, in a half-width column of a page, 15 units still read as 12 pixels or more.
WIDTH = 540


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


def el(tag: str, content: str | None = None, **attributes) -> str:
    if content is None:
        return f"<{tag}{_attrs(**attributes)}/>"
    return f"<{tag}{_attrs(**attributes)}>{content}</{tag}>"


def text_at(x: float, y: float, text: str, **attributes) -> str:
    return el("text", escape(text), x=float(x), y=float(y), **attributes)


def halo_text(x: float, y: float, text: str, **attributes) -> str:
    """A text on a white outline of itself, readable over lines and shapes."""
    halo = {k: v for k, v in attributes.items() if k not in ("fill", "class_")}
    return text_at(
        x,
        y,
        text,
        fill="#ffffff",
        stroke="#ffffff",
        stroke_width=4,
        stroke_linejoin="round",
        aria_hidden="true",
        **halo,
    ) + text_at(x, y, text, **attributes)


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Approximate width of a text in the sans-serif stack (DejaVu Sans is among the widest)."""
    return len(text) * size * (0.64 if bold else 0.6)


def fit(text: str, width: float, size: float = FONT_SIZE) -> str:
    """The text cut with an ellipsis so that it fits in ``width``."""
    if text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * 0.6)) - 1)
    return text[:keep].rstrip() + "…"


def wrap(text: str, width: float, max_lines: int, size: float = FONT_SIZE) -> list[str]:
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
    return [fit(line, width, size) for line in lines] or [""]


def has_links(chart: Chart) -> bool:
    """True when some mark of the chart links somewhere (a region's or a partnership's portrait)."""
    return bool(chart.links and any(chart.links))


def linked(chart: Chart, index: int, content: str) -> str:
    """Wrap the marks of a category in its link, when the chart has one for it.

    The link is named by the ``<title>`` that ``content`` starts with (an aria-label would have to
    repeat every visible text inside, cut labels included).
    """
    if chart.links and index < len(chart.links) and chart.links[index]:
        return el("a", content, href=chart.links[index])
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


def pattern_defs(prefix: str, count: int) -> str:
    """Fills of the series: solid, then one pattern each (hatched, dotted, crossed, striped…)."""
    defs = []
    for index in range(1, count):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        tag, attributes = PATTERNS[(index - 1) % len(PATTERNS)]
        paint = {"fill": colour} if tag == "circle" else {"stroke": colour}
        body = el("rect", width=6, height=6, fill="#ffffff") + el(tag, **attributes, **paint)
        defs.append(
            el("pattern", body, id=f"{prefix}-fill{index}", width=6, height=6, patternUnits="userSpaceOnUse")
        )
    defs.append(
        el(
            "pattern",
            el("rect", width=6, height=6, fill="#ffffff")
            + el("path", d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2", stroke="#8a96a3", stroke_width=1),
            id=f"{prefix}-gap",
            width=6,
            height=6,
            patternUnits="userSpaceOnUse",
        )
    )
    return "".join(defs)


def series_fill(prefix: str, index: int) -> str:
    return SERIES_COLOURS[0] if index == 0 else f"url(#{prefix}-fill{index})"


def series_legend(chart: Chart, prefix: str, width: float, y: float, swatch) -> tuple[str, float]:
    """A legend flowing on lines; ``swatch(index, x, y)`` draws the sample of a series."""
    parts, x, line_height = [], 0.0, 22
    for index, series in enumerate(chart.series):
        # A long name (a partnership's) takes a line of its own rather than being cut.
        label = fit(series.label, width - 30)
        item_width = 30 + text_width(label) + 18
        if x and x + item_width > width:
            x, y = 0.0, y + line_height
        parts.append(
            swatch(index, x, y) + text_at(x + 30, y + 11, label, fill=INK, dominant_baseline="middle")
        )
        x += item_width
    return el("g", "".join(parts), class_="legend"), y + line_height + 6
