"""The chart model: what a chart shows (its categories and series), its table and its summary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _

Number = float | int | Decimal

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
