"""Suggestions while typing: titles and labels that begin with what is typed.

From two letters on, the search boxes offer up to eight completions: titles of library
items, partners and partnerships, and the labels of the taxonomy's themes and protective
factors, each with its kind. Matching is French-aware in the simplest way that is also
fast: the typed text and every label are folded as the index folds them (case, accents,
elisions, hyphens: « l'Éveil » and « eveil » are the same), and the typed text must begin
the label or one of its words (« petite enf » → « Petite enfance… », « enf » → « La
petite enfance… »).

Each label is stored once per word it may be found from (``SuggestionKey``: the folded
words from that word to the end), so a suggestion is one indexed prefix lookup, ordered
by a precomputed rank: the label's start before a later word, then the most reinvested,
then the shortest. Titles follow the index (``search.index`` writes and deletes them with
their document, so only what the search may find is suggested, with the same audience);
facet values are written again in each language when the reference data changes or the
index is rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from . import registry
from .analysis import STOP_WORDS, words
from .models import Document, SuggestionKey
from .service import page_url

#: What is typed must hold at least this many letters or digits.
MIN_LENGTH = 2
#: The most suggestions offered.
LIMIT = 8
#: Keys keep this many characters of their label; longer typed texts are cut the same way.
KEY_LENGTH = 60
#: Rows read for LIMIT suggestions: a label may match from two of its words, and labels
#: repeated under one kind (two items of the same title) are shown once.
CANDIDATES = LIMIT * 4

#: The documents suggested, by type, with the kind shown beside them.
SUGGESTED_TYPES = {
    "library": _("Bibliothèque"),
    "organisation": _("Partenaire"),
    "partnership": _("Regroupement"),
}
#: The facets whose values are suggested (their label is the facet's: « Thème »).
SUGGESTED_FACETS = ("theme", "factor")


@dataclass(frozen=True)
class Suggestion:
    """One completion as the search boxes and the API show it."""

    kind: str
    kind_label: str
    label: str
    url: str


# Writing ----------------------------------------------------------------------------------


def keys(label: str) -> list[tuple[str, bool]]:
    """(key, whether it is the label's start) for each word the label may be found from."""
    folded = words(label)
    found: dict[str, bool] = {}
    for position, word in enumerate(folded):
        if position and (word in STOP_WORDS or len(word) < MIN_LENGTH):
            continue
        key = " ".join(folded[position:])[:KEY_LENGTH]
        found.setdefault(key, position == 0)
    return list(found.items())


def rank(first: bool, popularity: int, label: str) -> int:
    """The order of suggestions as one number, smallest first (see SuggestionKey.rank)."""
    return (
        (0 if first else 1) * 10**12
        + (10**6 - 1 - min(popularity, 10**6 - 1)) * 10**4
        + min(len(label), 9_999)
    )


def _rows(label: str, popularity: int, **fields) -> list[SuggestionKey]:
    label = label[:300]
    return [
        SuggestionKey(key=key, rank=rank(first, popularity, label), label=label, **fields)
        for key, first in keys(label)
    ]


def document_rows(documents: Iterable[Document]) -> list[SuggestionKey]:
    """The keys of these saved documents, for those of a suggested type."""
    return [
        row
        for document in documents
        if document.type in SUGGESTED_TYPES
        for row in _rows(
            document.title,
            document.reuse_count,
            source=document.type,
            document_id=document.pk,
            url=document.url,
            audience=document.audience,
        )
    ]


def write_documents(documents: Iterable[Document]) -> None:
    """Write the keys of these new documents (their old ones went with the old rows)."""
    SuggestionKey.objects.bulk_create(document_rows(documents), batch_size=1_000)


def refresh_facets() -> None:
    """Write the suggested facets' values again, in each language of the site."""
    rows = []
    specs = {spec.name: spec for spec in registry.facet_specs()}
    for name in SUGGESTED_FACETS:
        spec = specs.get(name)
        if spec is None:
            continue
        for language, _name in settings.LANGUAGES:
            with override(language):
                for code, label in spec.choices():
                    rows += _rows(str(label), 0, source=name, code=code, language=language)
    with transaction.atomic():
        SuggestionKey.objects.filter(document__isnull=True).delete()
        SuggestionKey.objects.bulk_create(rows, batch_size=1_000)


def ensure_facets(values: Iterable[str]) -> None:
    """Write the facet values again when some of these (« theme:langage ») have no keys yet.

    Reference data written without signals (a library import's new themes, created in
    bulk) is suggested from the first document that carries it.
    """
    wanted = {tuple(value.split(":", 1)) for value in values if value.split(":", 1)[0] in SUGGESTED_FACETS}
    if not wanted:
        return
    codes = {code for _name, code in wanted}
    present = set(
        SuggestionKey.objects.filter(document__isnull=True, source__in=SUGGESTED_FACETS, code__in=codes)
        .values_list("source", "code")
        .distinct()
    )
    if wanted - present:
        refresh_facets()


def clear() -> None:
    SuggestionKey.objects.all().delete()


# Reading ----------------------------------------------------------------------------------


def typed_key(text: str) -> str:
    """What is typed, folded as the keys are; "" when it holds fewer than MIN_LENGTH letters."""
    folded = " ".join(words((text or "")[: KEY_LENGTH * 2]))[:KEY_LENGTH]
    return folded if len(folded.replace(" ", "")) >= MIN_LENGTH else ""


def _starting_with(queryset, key: str):
    if connection.vendor == "sqlite":
        # SQLite uses an index for LIKE only on a NOCASE column; keys hold only [0-9a-z ]
        # and « ~ » sorts after them, so this range is exactly the keys beginning with ``key``.
        return queryset.filter(key__gte=key, key__lt=key + "~")
    # PostgreSQL: LIKE 'key%' reads the index built with varchar_pattern_ops.
    return queryset.filter(key__startswith=key)


def suggest(text: str, user, language: str, limit: int = LIMIT) -> list[Suggestion]:
    """Up to ``limit`` completions of ``text`` that ``user`` may see, best first.

    One query (two for a signed-in person: the partnerships whose reserved documents
    they may see, as the search asks).
    """
    key = typed_key(text)
    limit = max(0, min(limit, LIMIT))
    if not key or not limit:
        return []
    rows = _starting_with(SuggestionKey.objects.all(), key).filter(language__in=["", language[:2]])
    audience = registry.audience_of(user)
    if audience is not None:
        rows = rows.filter(Q(audience__isnull=True) | Q(audience__in=audience))
    # The index gives the best rows' numbers without reading the table; only they are read.
    best = rows.order_by("rank", "pk").values("pk")[:CANDIDATES]
    found = SuggestionKey.objects.filter(pk__in=best).order_by("rank", "pk")
    suggestions: list[Suggestion] = []
    seen: set[tuple[str, str]] = set()
    labels = _kind_labels()
    for source, document_id, code, label, url in found.values_list(
        "source", "document_id", "code", "label", "url"
    ):
        if (source, label) in seen:
            continue
        seen.add((source, label))
        suggestions.append(
            Suggestion(
                kind=source,
                kind_label=labels.get(source, source),
                label=label,
                url=_page_url(url) if document_id else _facet_url(source, code),
            )
        )
        if len(suggestions) == limit:
            break
    return suggestions


def _kind_labels() -> dict[str, str]:
    labels = {source: str(label) for source, label in SUGGESTED_TYPES.items()}
    labels.update(
        {spec.name: str(spec.label) for spec in registry.facet_specs() if spec.name in SUGGESTED_FACETS}
    )
    return labels


def _page_url(url: str) -> str:
    # Library items keep their own address; Django's pages get the language's prefix.
    return page_url(Document(url=url))


def _facet_url(name: str, code: str) -> str:
    params = QueryDict(mutable=True)
    params[name] = code
    return f"{reverse('search:search')}?{params.urlencode()}"
