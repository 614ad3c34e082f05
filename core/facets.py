"""Faceted filtering: OR within a facet, AND across facets, with a count per value.

The count shown beside a value is the number of results the list would have if that
value were ticked too, i.e. counted with every other facet applied but not its own
(the usual behaviour of faceted search). Each facet costs one grouped query, so a
page's number of queries does not grow with the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import django_filters
from django.db.models import Count
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)

    @property
    def selected_count(self) -> int:
        return sum(1 for option in self.options if option.selected)


def unknown_choice(message: StrOrPromise) -> dict[str, StrOrPromise]:
    """Error messages of a choice filter: ``message`` names the unknown value
    (``%(value)s``); a value that cannot even be a number gets the generic one."""
    return {
        "invalid_choice": message,
        "invalid_pk_value": _(
            "« %(pk)s » n'est pas un numéro valide : un numéro est un nombre entier positif."
        ),
    }


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose multi-value filters are also facets.

    Subclasses set ``facet_lookups``: the filter name and the lookup path whose
    values are counted (``{"region": "regions__code"}``).
    """

    facet_lookups: dict[str, str] = {}

    def facets(self) -> list[Facet]:
        """Counts per value of every facet; call only when the filterset is valid."""
        result = []
        for name, lookup in self.facet_lookups.items():
            others = self._data_without(name)
            queryset = type(self)(others, queryset=self.queryset, request=self.request).qs
            counts = dict(
                queryset.order_by()
                .values_list(lookup)
                .annotate(n=Count("pk", distinct=True))
                .values_list(lookup, "n")
            )
            selected = set(self.data.getlist(name)) if hasattr(self.data, "getlist") else set()
            form_field = self.form.fields[name]
            options = [
                FacetOption(
                    value=str(value),
                    label=str(label),
                    count=counts.get(value, 0),
                    selected=str(value) in selected,
                )
                for value, label in _choices(form_field)
            ]
            result.append(Facet(name=name, label=str(form_field.label), options=options))
        return result

    def _data_without(self, name: str) -> QueryDict:
        data = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        data.pop(name, None)
        return data


def _choices(form_field) -> list[tuple[str, str]]:
    choices = []
    for value, label in form_field.choices:
        # ModelChoiceIteratorValue wraps model choices; its .value is the code.
        choices.append((getattr(value, "value", value), label))
    return [c for c in choices if c[0] != ""]


def error_messages(filterset: django_filters.FilterSet) -> list[str]:
    """The form's errors as plain sentences, one per problem."""
    messages = []
    for name, errors in filterset.form.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        for error in errors:
            messages.append(f"{label} : {error}")
    return messages
