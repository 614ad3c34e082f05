"""Fields of the plan forms: years, counts, progress and amounts typed the Québec way."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MIN_YEAR, MAX_YEAR = 2000, 2100
EMPTY_CHOICE = ("", _("— Choisir —"))

YEAR_ERRORS = {
    "required": _("Inscrivez l'année."),
    "invalid": _("Inscrivez une année en chiffres, par exemple 2027."),
    "min_value": _("L'année doit être %(limit_value)s ou plus tard."),
    "max_value": _("L'année doit être %(limit_value)s ou plus tôt."),
}
COUNT_ERRORS = {
    "invalid": _("Inscrivez un nombre entier, sans espace ni virgule."),
    "min_value": _("Le nombre ne peut pas être négatif."),
}
DATE_ERRORS = {"invalid": _("Inscrivez une date valide, par exemple 2026-11-28.")}


# Numbers typed the Québec way ------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def parse_decimal_text(text: str) -> str:
    """« 12 000,50 $ » → « 12000.50 »: spaces and the dollar sign dropped, decimal comma accepted.

    With both a comma and a dot, the last one is the decimal separator (« 12,000.50 » and
    « 12.000,50 » both read 12000.50); a single comma is a decimal comma, as in French.
    """
    text = _SPACES.sub("", text.strip()).replace("$", "")
    if "," in text and "." in text:
        decimal_separator = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_separator == "," else ","
        text = text.replace(thousands, "").replace(decimal_separator, ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    return text


def format_decimal(value: Decimal | None) -> str:
    """A stored amount as the visitor types it: « 12 000 » or « 12 000,50 » in French."""
    if value is None:
        return ""
    decimals = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=decimals, force_grouping=True)


class FrenchDecimalField(forms.DecimalField):
    """A decimal number typed with spaces and a decimal comma (« 12 000,50 »), or with a dot."""

    widget = forms.TextInput

    def __init__(self, *, invalid_message: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        messages = {
            "invalid": invalid_message or _("Inscrivez un nombre, par exemple 12 000,50."),
            "max_decimal_places": _("Inscrivez au plus deux chiffres après la virgule."),
            "max_digits": _("Ce nombre est trop grand."),
            "max_whole_digits": _("Ce nombre est trop grand."),
            "min_value": _("Le nombre ne peut pas être négatif."),
        }
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = parse_decimal_text(value)
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        # Typed text is shown back as typed; stored values in the visitor's format.
        if isinstance(value, Decimal):
            return format_decimal(value)
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No min/max/step attributes: the field is a text box, not a number spinner.
        return forms.Field.widget_attrs(self, widget)


def money_field(label: StrOrPromise, **kwargs: Any) -> FrenchDecimalField:
    return FrenchDecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        invalid_message=_("Inscrivez un montant en dollars, par exemple 12 000,50."),
        help_text=_("En dollars, par exemple 12 000,50. Laissez vide si vous ne le savez pas."),
        **kwargs,
    )


def measure_field(label: StrOrPromise, **kwargs: Any) -> FrenchDecimalField:
    return FrenchDecimalField(label=label, max_digits=14, **kwargs)


def year_field(label: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages=YEAR_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


def count_field(label: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=10_000_000, error_messages=COUNT_ERRORS, **kwargs
    )


def progress_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Avancement (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=_("De 0 à 100."),
        error_messages={
            "required": _("Inscrivez l'avancement, de 0 à 100."),
            "invalid": _("Inscrivez l'avancement en nombre entier, de 0 à 100."),
            "min_value": _("L'avancement doit être entre 0 et 100."),
            "max_value": _("L'avancement doit être entre 0 et 100."),
        },
    )
