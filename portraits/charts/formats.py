"""Numbers of the charts: values in Québec format, with their unit, and round axis ticks."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portraits.charts.model import Number


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


def with_unit(value: Number | None, unit: str) -> str:
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


def round_down(value: float) -> float:
    """The largest of 1, 2, 5 × 10ⁿ not above ``value``: a round reference for a legend."""
    if value < 1:
        return value
    magnitude = 10 ** math.floor(math.log10(value))
    return max(m * magnitude for m in (1, 2, 5) if m * magnitude <= value)
