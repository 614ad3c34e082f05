"""Running a search: matching, facet counts, sorting, excerpts with highlights."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import Query, parse_query, terms, word_spans
from .backends import get_backend
from .models import Document, FacetValue, Synonym

SORTS = ("relevance", "date", "reuse")
SYNONYMS_CACHE_KEY = "search:synonyms:v1"
EXCERPT_WORDS = 32
EXCERPT_SCAN = 2_000


@dataclass
class Hit:
    document: Document
    score: float
    title_html: SafeString = mark_safe("")  # nosec B308 B703 - built from escaped pieces
    excerpt_html: SafeString = mark_safe("")  # nosec B308 B703 - built from escaped pieces


@dataclass
class Results:
    query: Query
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    #: facet name → {value: count}
    facet_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: True when words were typed but none can be searched (punctuation, « le de la »).
    unusable_query: bool = False


def synonyms() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """Every synonym phrase (as analysed terms) with its equivalents, both ways."""
    table = cache.get(SYNONYMS_CACHE_KEY)
    if table is None:
        table = build_synonym_table((row.term, row.equivalent_list()) for row in Synonym.objects.all())
        cache.set(SYNONYMS_CACHE_KEY, table, 3600)
    return table


def build_synonym_table(entries) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    groups: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for term, equivalents in entries:
        phrases = [tuple(terms(p)) for p in [term, *equivalents]]
        phrases = [p for p in phrases if p]
        for phrase in phrases:
            groups[phrase].update(p for p in phrases if p != phrase)
    return {phrase: sorted(others) for phrase, others in groups.items()}


def forget_synonyms() -> None:
    cache.delete(SYNONYMS_CACHE_KEY)


def search(
    text: str,
    *,
    filters: dict[str, list[str]] | None = None,
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    partnership_ids: list[int] | tuple[int, ...] = (),
    everyone: bool = False,
    facet_names: list[str] | tuple[str, ...] = (),
    highlight_hits: bool = True,
) -> Results:
    """Documents matching ``text`` and ``filters`` (OR within a facet, AND across).

    Documents reserved to a partnership's people are found only with that partnership
    in ``partnership_ids``, or with ``everyone`` (administrators). Facet counts are
    disjunctive: each facet is counted with the other facets' filters applied but not
    its own. Costs 2 + (number of filtered facets) queries, one fewer with the type
    facet. ``highlight_hits=False`` skips titles and excerpts (downloads of many rows).
    """
    filters = {name: values for name, values in (filters or {}).items() if values}
    query = parse_query(text, synonyms())
    results = Results(query=query)
    if (text or "").strip() and not query:
        results.unusable_query = True
        return results

    backend = get_backend()
    if query:
        hits_sql, hits_params = backend.hits_sql(query)
    else:
        hits_sql, hits_params = "SELECT id, 0 AS score FROM search_document", []

    # Documents reserved to partnerships are few: they are excluded as one set rather
    # than by looking up every hit's row.
    if everyone:
        hidden_sql, hidden_params = "", []
    elif partnership_ids:
        marks = ", ".join(["%s"] * len(partnership_ids))
        hidden_sql = (
            "hits.id NOT IN (SELECT id FROM search_document WHERE audience IS NOT NULL "  # noqa: S608 - placeholders only
            f"AND audience NOT IN ({marks}))"  # nosec B608 - placeholders only
        )
        hidden_params = list(partnership_ids)
    else:
        hidden_sql = "hits.id NOT IN (SELECT id FROM search_document WHERE audience IS NOT NULL)"
        hidden_params = []

    # The filters' facet numbers, read once for every statement below.
    # Every value of the filtered facets: the filters' numbers, and each filtered facet's
    # own values, which its count is restricted to (a few dozen rows).
    numbers: dict[str, int] = {}
    if filters:
        prefixes = Q()
        for name in filters:
            prefixes |= Q(value__startswith=f"{name}:")
        numbers = dict(FacetValue.objects.filter(prefixes).values_list("value", "pk"))
    own_numbers = {
        name: [pk for value, pk in numbers.items() if value.startswith(f"{name}:")] or [0] for name in filters
    }

    def where(exclude: str | None = None) -> tuple[str, list]:
        clauses = [hidden_sql] if hidden_sql else []
        params: list = list(hidden_params)
        for name, values in filters.items():
            if name == exclude:
                continue
            ids = [numbers[f"{name}:{v}"] for v in values if f"{name}:{v}" in numbers] or [0]
            marks = ", ".join(["%s"] * len(ids))
            clauses.append(
                # The documents carrying these values, read from the (facet, document) index.
                "hits.id IN (SELECT document_id FROM search_documentfacet "  # noqa: S608  # nosec B608
                f"WHERE facet_id IN ({marks}))"
            )
            params.extend(ids)
        return (" AND ".join(clauses) or "1 = 1"), params

    base = f"WITH hits AS ({hits_sql}) SELECT {{columns}} FROM hits"  # noqa: S608  # nosec B608
    clause, params = where()
    if sort == "date":
        page_sql = (
            base.format(columns="hits.id, hits.score")
            + f" JOIN search_document d ON d.id = hits.id WHERE {clause}"
            + " ORDER BY d.date IS NULL, d.date DESC, hits.score, hits.id"
        )
    elif sort == "reuse":
        page_sql = (
            base.format(columns="hits.id, hits.score")
            + f" JOIN search_document d ON d.id = hits.id WHERE {clause}"
            + " ORDER BY d.reuse_count DESC, hits.score, hits.id"
        )
    else:
        page_sql = (
            base.format(columns="hits.id, hits.score") + f" WHERE {clause} ORDER BY hits.score, hits.id"
        )
    with connection.cursor() as cursor:
        if facet_names:
            results.facet_counts = _facet_counts(
                cursor, base, hits_params, where, filters, facet_names, own_numbers
            )
        if "type" in results.facet_counts:
            # Every document has exactly one type: the type counts add up to the total
            # (only the selected types when the type is filtered).
            selected = filters.get("type")
            results.count = sum(
                n for code, n in results.facet_counts["type"].items() if not selected or code in selected
            )
        else:
            cursor.execute(base.format(columns="COUNT(*)") + f" WHERE {clause}", hits_params + params)
            results.count = cursor.fetchone()[0]
        if results.count and limit:
            cursor.execute(page_sql + " LIMIT %s OFFSET %s", hits_params + params + [limit, offset])
            page = cursor.fetchall()
        else:
            page = []

    if page:
        documents = Document.objects.in_bulk([row[0] for row in page])
        for doc_id, score in page:
            document = documents[doc_id]
            if not highlight_hits:
                results.hits.append(Hit(document=document, score=score))
                continue
            results.hits.append(
                Hit(
                    document=document,
                    score=score,
                    title_html=highlight(document.title, query),
                    excerpt_html=excerpt(f"{document.summary}\n{document.body}", query),
                )
            )
    return results


def _facet_counts(
    cursor, base, hits_params, where, filters, facet_names, own_numbers
) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {name: {} for name in facet_names}
    joined = base.replace("FROM hits", "FROM hits JOIN search_documentfacet f ON f.document_id = hits.id")

    def grouped(clause: str) -> str:
        # Grouped by number first; the few values are named afterwards.
        inner = (
            joined.format(columns="f.facet_id AS facet, COUNT(*) AS n")
            + f" WHERE {clause} GROUP BY f.facet_id"
        )
        return f"SELECT v.value, g.n FROM ({inner}) AS g JOIN search_facetvalue v ON v.id = g.facet"  # noqa: S608  # nosec B608

    # Facets without a selected value share one query: every filter applies to them.
    unfiltered = [name for name in facet_names if name not in filters]
    if unfiltered:
        clause, params = where()
        cursor.execute(grouped(clause), hits_params + params)
        for value, n in cursor.fetchall():
            name, _sep, code = value.partition(":")
            if name in unfiltered:
                counts[name][code] = n
    for name in facet_names:
        if name not in filters:
            continue
        clause, params = where(exclude=name)
        own = own_numbers[name]
        marks = ", ".join(["%s"] * len(own))
        cursor.execute(grouped(f"{clause} AND f.facet_id IN ({marks})"), hits_params + params + own)
        for value, n in cursor.fetchall():
            counts[name][value.partition(":")[2]] = n
    return counts


def highlight(text: str, query: Query) -> SafeString:
    """``text`` escaped, with the words matching the query in <mark>."""
    if not query:
        return mark_safe(escape(text))  # noqa: S308 - escaped just above  # nosec B308 B703
    pieces = []
    last = 0
    for start, end, term in word_spans(text):
        if start < last or not query.matches(term):
            continue
        pieces.append(escape(text[last:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped  # nosec B308 B703


def excerpt(text: str, query: Query, size: int = EXCERPT_WORDS) -> SafeString:
    """The passage of ``text`` with the most matching words, highlighted, about ``size`` words.

    Only the beginning of long texts is read (EXCERPT_SCAN characters): analysing every
    word of twenty long bodies would cost more than the search itself.
    """
    text = " ".join(text[:EXCERPT_SCAN].split())
    spans = word_spans(text)
    if not spans:
        return mark_safe("")  # nosec B308 B703 - built from escaped pieces
    matched = [i for i, (_s, _e, term) in enumerate(spans) if query and query.matches(term)]
    start_index = 0
    if matched:
        best = max(matched, key=lambda i: sum(1 for j in matched if i <= j < i + size))
        start_index = max(0, best - 4)
    end_index = min(len(spans), start_index + size)
    start = spans[start_index][0] if start_index else 0
    end = spans[end_index - 1][1] if end_index < len(spans) else len(text)
    passage = highlight(text[start:end], query)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{passage}{suffix}")  # noqa: S308 - passage is escaped  # nosec B308 B703
