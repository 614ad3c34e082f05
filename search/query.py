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
from .facets import FIELD_LIMIT, lane_column, masks, place, unpack
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
    its own. Costs at most 4 queries (facet values, count with every facet's counts, page,
    documents), one more when some facet values have no slot in the facet vectors.
    ``highlight_hits=False`` skips titles and excerpts (downloads of many rows).
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

    # The filtered and counted facets' values, with their numbers and slots (a few dozen rows).
    values: dict[str, tuple[int, int | None]] = {}
    if filters or facet_names:
        prefixes = Q()
        for name in {*filters, *facet_names}:
            prefixes |= Q(value__startswith=f"{name}:")
        values = {
            value: (pk, slot)
            for value, pk, slot in FacetValue.objects.filter(prefixes).values_list("value", "pk", "slot")
        }
    tally = _Tally(hits_sql, hits_params, hidden_sql, hidden_params, filters, facet_names, values)

    # With words, the page reads the filters from the facet vectors too: a few bits per
    # hit, where a list of every document carrying a value would be built first. Without,
    # every document is a hit and those lists are the shorter way.
    vectors, clause, params = tally.where(from_vectors=bool(query))
    base = f"WITH hits AS ({hits_sql}) SELECT {{columns}} FROM hits{vectors}"  # noqa: S608  # nosec B608
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
        results.count, results.facet_counts = tally.run(cursor)
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


class _Tally:
    """The count and every facet's counts in one pass over the hits (two with slotless values).

    Each hit is tagged with whether it passes each filter; the hits passing all filters
    but at most one are grouped by these tags, adding up their facet vectors. A facet's
    values are then counted over the groups passing every filter except its own
    (disjunctive facets), the others' over the groups passing them all.
    """

    def __init__(
        self,
        hits_sql: str,
        hits_params: list,
        hidden_sql: str,
        hidden_params: list,
        filters: dict[str, list[str]],
        facet_names: list[str] | tuple[str, ...],
        values: dict[str, tuple[int, int | None]],
    ) -> None:
        self.hits_sql, self.hits_params = hits_sql, hits_params
        self.hidden_sql, self.hidden_params = hidden_sql, hidden_params
        self.filters = list(filters.items())
        self.facet_names = list(facet_names)
        self.values = values
        self.reads_vectors = False
        self.counted = {
            value: (pk, slot)
            for value, (pk, slot) in values.items()
            if value.partition(":")[0] in self.facet_names
        }

    def run(self, cursor) -> tuple[int, dict[str, dict[str, int]]]:
        """The number of hits passing every filter, and facet name → {value code: count}."""
        slotted = {value: slot for value, (_pk, slot) in self.counted.items() if slot is not None}
        lanes = sorted({place(slot)[0] for slot in slotted.values()})
        groups = self._groups(cursor, lanes)
        if any(n >= FIELD_LIMIT for _tags, n, _sums in groups):
            # A field would have carried into the next: count every value from rows.
            slotted = {}
        counts: dict[str, dict[str, int]] = {name: {} for name in self.facet_names}
        for value, slot in slotted.items():
            name, _sep, code = value.partition(":")
            n = sum(unpack(slot, sums) for tags, _n, sums in groups if self._qualifies(tags, name))
            if n:
                counts[name][code] = n
        rows_only = [pk for value, (pk, _slot) in self.counted.items() if value not in slotted]
        if rows_only:
            self._count_rows(cursor, rows_only, counts)
        total = sum(n for tags, n, _sums in groups if all(tags))
        return total, counts

    def _qualifies(self, tags: tuple[int, ...], name: str) -> bool:
        """Whether hits with these tags count for this facet: they pass every other facet's filter."""
        return all(
            passed
            for (filtered, _selected), passed in zip(self.filters, tags, strict=True)
            if filtered != name
        )

    def _tagged(self) -> tuple[str, list, str]:
        """The hits with a 0/1 column per filter (t0, t1…), and the condition on enough passed filters."""
        columns, params = ["hits.id AS id"], []
        for i, (name, selected) in enumerate(self.filters):
            test, test_params = self._passes(name, selected)
            columns.append(f"CASE WHEN {test} THEN 1 ELSE 0 END AS t{i}")
            params.extend(test_params)
        return ", ".join(columns), params, self._enough()

    def where(self, from_vectors: bool = True) -> tuple[str, str, list]:
        """The join of the facet vectors (when needed), and the condition on every filter, for the page."""
        self.reads_vectors = False
        clauses = [self.hidden_sql] if self.hidden_sql else []
        params = list(self.hidden_params)
        for name, selected in self.filters:
            test, test_params = self._passes(name, selected, from_vectors)
            clauses.append(test)
            params.extend(test_params)
        vectors = " LEFT JOIN search_facetvector v ON v.document_id = hits.id" if self.reads_vectors else ""
        return vectors, " AND ".join(clauses) or "1 = 1", params

    def _enough(self) -> str:
        """SQL true when a tagged hit fails at most one filter (it counts for that facet's values)."""
        if len(self.filters) < 1:
            return "1 = 1"
        return f"{' + '.join(f't{i}' for i in range(len(self.filters)))} >= {len(self.filters) - 1}"

    def _passes(self, name: str, selected: list[str], from_vectors: bool = True) -> tuple[str, list]:
        """SQL true when a hit carries one of these values of the facet."""
        tests, params = [], []
        slots, numbers = [], []
        for code in selected:
            pk, slot = self.values.get(f"{name}:{code}", (None, None))
            if slot is not None and from_vectors:
                slots.append(slot)
            elif pk is not None:
                numbers.append(pk)
        for lane, mask in masks(slots).items():
            tests.append(f"(v.{lane_column(lane)} & %s) <> 0")
            params.append(mask)
            self.reads_vectors = True
        if numbers:
            marks = ", ".join(["%s"] * len(numbers))
            tests.append(
                "hits.id IN (SELECT document_id FROM search_documentfacet "  # noqa: S608  # nosec B608
                f"WHERE facet_id IN ({marks}))"
            )
            params.extend(numbers)
        return ("(" + " OR ".join(tests) + ")" if tests else "1 = 0"), params

    def _source(self, lanes: list[int]) -> tuple[str, list]:
        """The tagged hits that pass enough filters, with the lanes to add up."""
        self.reads_vectors = bool(lanes)
        columns, params, enough = self._tagged()
        columns += "".join(f", v.{lane_column(lane)}" for lane in lanes)
        hidden = f" WHERE {self.hidden_sql}" if self.hidden_sql else ""
        # A document always has its vector; LEFT JOIN only so that a missing one counts
        # the hit with no value rather than dropping it.
        vectors = " LEFT JOIN search_facetvector v ON v.document_id = hits.id" if self.reads_vectors else ""
        sql = (
            f"WITH hits AS ({self.hits_sql}) SELECT * FROM (SELECT {columns} FROM hits"  # noqa: S608  # nosec B608
            f"{vectors}{hidden}) tagged WHERE {enough}"
        )
        return sql, self.hits_params + params + self.hidden_params

    def _groups(self, cursor, lanes: list[int]) -> list[tuple[tuple[int, ...], int, dict[int, int]]]:
        """(tags, number of hits, lane → sum) for each combination of passed filters."""
        tags = [f"t{i}" for i in range(len(self.filters))]
        source, params = self._source(lanes)
        sums = "".join(f", SUM({lane_column(lane)})" for lane in lanes)
        grouped = f" GROUP BY {', '.join(tags)}" if tags else ""
        cursor.execute(
            f"SELECT {''.join(t + ', ' for t in tags)}COUNT(*){sums} FROM ({source}) s{grouped}",  # noqa: S608  # nosec B608
            params,
        )
        groups = []
        for row in cursor.fetchall():
            flags = tuple(int(t) for t in row[: len(tags)])
            n = int(row[len(tags)])
            if n:
                groups.append((flags, n, dict(zip(lanes, row[len(tags) + 1 :], strict=True))))
        return groups

    def _count_rows(self, cursor, numbers: list[int], counts: dict[str, dict[str, int]]) -> None:
        """Count these values (without a slot) from the (facet, document) rows."""
        tags = [f"t{i}" for i in range(len(self.filters))]
        source, params = self._source([])
        marks = ", ".join(["%s"] * len(numbers))
        cursor.execute(
            f"SELECT fv.value, {''.join('s.' + t + ', ' for t in tags)}COUNT(*) FROM ({source}) s "  # noqa: S608  # nosec B608
            "JOIN search_documentfacet f ON f.document_id = s.id "
            f"JOIN search_facetvalue fv ON fv.id = f.facet_id WHERE f.facet_id IN ({marks}) "
            f"GROUP BY fv.value{''.join(', s.' + t for t in tags)}",
            params + numbers,
        )
        for row in cursor.fetchall():
            value, flags, n = row[0], tuple(int(t) for t in row[1:-1]), int(row[-1])
            name, _sep, code = value.partition(":")
            if n and self._qualifies(flags, name):
                counts[name][code] = counts[name].get(code, 0) + n


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
