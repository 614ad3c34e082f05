"""What a search may ask for: words, facet values and an order, each validated in French."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from .analysis import MAX_QUERY_LENGTH, MAX_QUERY_TERMS, STOP_WORDS, words
from .query import SORTS
from .registry import FacetSpec

SORT_LABELS = {
    "relevance": _("Pertinence"),
    "date": _("Les plus récents"),
    "reuse": _("Les plus réinvestis"),
}


class SearchForm(forms.Form):
    """The words typed, the order, and one multiple-choice field per facet.

    ``kinds`` restricts the « type » facet to some kinds (the library's listing).
    """

    q = forms.CharField(label=_("Mots cherchés"), required=False)
    # One answer's copies (search.analysis.collapse_key), from the link under a result.
    group = forms.CharField(label=_("Résultats semblables"), required=False, max_length=400)
    sort = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[(value, SORT_LABELS[value]) for value in SORTS],
        error_messages={
            "invalid_choice": _(
                "« %(value)s » n'est pas un tri offert : choisissez relevance (pertinence), "
                "date ou reuse (les plus réinvestis)."
            )
        },
    )

    def __init__(self, data, *, specs: Iterable[FacetSpec], kinds: Iterable[str] | None = None) -> None:
        super().__init__(data)
        self.facet_names: list[str] = []
        # Each facet's (value, label) choices, as its field offers them.
        self.facet_choices: dict[str, list[tuple[str, str]]] = {}
        allowed_kinds = set(kinds) if kinds is not None else None
        for spec in specs:
            choices = [(str(code), str(label)) for code, label in spec.choices()]
            if spec.name == "type" and allowed_kinds is not None:
                choices = [(code, label) for code, label in choices if code in allowed_kinds]
            self.fields[spec.name] = forms.MultipleChoiceField(
                label=spec.label,
                required=False,
                choices=choices,
                error_messages={
                    "invalid_choice": _("« %(value)s » n'est pas une valeur connue de ce filtre."),
                },
            )
            self.facet_names.append(spec.name)
            self.facet_choices[spec.name] = choices

    def error_sentences(self) -> list[str]:
        """The errors as plain sentences naming their parameter, for a French 400."""
        sentences: list[str] = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else name
            sentences.extend(f"{label} : {error}" for error in errors)
        return sentences

    def filters(self) -> dict[str, list[str]]:
        """Facet name → the values ticked (only facets with a value)."""
        return {name: self.cleaned_data[name] for name in self.facet_names if self.cleaned_data.get(name)}


def is_truncated(text: str) -> bool:
    """Whether only part of what was typed is searched (too long, or too many words)."""
    if len(text) > MAX_QUERY_LENGTH:
        return True
    return len([w for w in words(text) if w not in STOP_WORDS]) > MAX_QUERY_TERMS
