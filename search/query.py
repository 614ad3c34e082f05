"""Running a search: matching, facet counts, sorting, excerpts with highlights."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import vocabulary
from .analysis import Query, collapse_number, parse_query, terms, word_spans
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
    #: How many documents this answer stands for (the same action in several plans).
    copies: int = 1
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
    #: The words typed with a better spelling (« Vouliez-vous dire »), or "".
    suggestion: str = ""
    #: True when nothing matched the words typed and the hits are those of the suggestion.
    corrected: bool = False


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
    collapse: bool = True,
    group: str = "",
    interleave: bool = False,
    correct: bool = True,
    suggest: bool = False,
) -> Results:
    """Documents matching ``text`` and ``filters`` (OR within a facet, AND across).

    Documents reserved to a partnership's people are found only with that partnership
    in ``partnership_ids``, or with ``everyone`` (administrators). Facet counts are
    disjunctive: each facet is counted with the other facets' filters applied but not
    its own. Costs at most 4 queries (facet values, count with every facet's counts, page,
    documents), one more when some facet values have no slot in the facet vectors.
    ``highlight_hits=False`` skips titles and excerpts (downloads of many rows).

    The same answer found many times (one action in several plans, the editions of a tool:
    the same ``collapse_key``) is one result, its best copy, with the number of copies;
    ``count`` counts answers, the facets count documents (as Algolia does by default).
    ``group`` (a collapse key) lists one answer's copies instead. ``interleave`` brings
    each type's best answers to the top (a search across every type, in relevance order).
    ``correct``: when nothing is found, the words matching nothing are corrected from the
    vocabulary and the search runs again (``corrected``). ``suggest``: when the words alone
    (no filter) find very little, a better spelling may be offered (``suggestion``). Each
    costs one query more (three more to search again), and only then.
    """
    query = parse_query(text, synonyms())
    if (text or "").strip() and not query:
        return Results(query=query, unusable_query=True)
    options: dict[str, Any] = {
        "filters": {name: values for name, values in (filters or {}).items() if values},
        "sort": sort,
        "offset": offset,
        "limit": limit,
        "partnership_ids": partnership_ids,
        "everyone": everyone,
        "facet_names": facet_names,
        "highlight_hits": highlight_hits,
        "collapse": collapse and not group,
        "group": group,
        "interleave": interleave and not group,
    }
    results = _search(query, **options)
    # Few answers to words alone hint at a misspelling; with filters, at the filters.
    few = vocabulary.FEW if suggest and not options["filters"] and not group else 0
    if not (correct and query) or results.count > few:
        return results
    found = vocabulary.spelling(query, nothing_found=not results.count)
    if found.query is not None:
        again = _search(found.query, **options)
        if again.count:
            again.corrected = bool(found.corrections)
            results = again
    results.suggestion = found.suggestion
    return results


def _search(
    query: Query,
    *,
    filters: dict[str, list[str]],
    sort: str,
    offset: int,
    limit: int,
    partnership_ids: list[int] | tuple[int, ...],
    everyone: bool,
    facet_names: list[str] | tuple[str, ...],
    highlight_hits: bool,
    collapse: bool,
    group: str,
    interleave: bool,
) -> Results:
    results = Results(query=query)
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
    if group:
        hidden_sql = f"{hidden_sql} AND v.answer = %s" if hidden_sql else "v.answer = %s"
        hidden_params = [*hidden_params, collapse_number(group)]

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
    tally = _Tally(
        hits_sql,
        hits_params,
        hidden_sql,
        hidden_params,
        filters,
        facet_names,
        values,
        needs_vectors=bool(group),
    )

    # With words, the page reads the filters from the facet vectors too: a few bits per
    # hit, where a list of every document carrying a value would be built first. Without,
    # every document is a hit and those lists are the shorter way.
    vectors, clause, params = tally.where(from_vectors=bool(query), needs_vectors=bool(group))
    page_query = _PageQuery(
        hits_sql, hits_params + params, vectors, clause, sort, collapse, interleave, backend.interleave_share
    )
    with connection.cursor() as cursor:
        page = page_query.rows(cursor, offset, limit) if limit else []
        counted = collapse and limit and page_query.complete
        # When the first hits were every hit, they told the number of answers.
        results.count, results.facet_counts = tally.run(cursor, distinct=collapse and not counted)
        if counted:
            results.count = page_query.answers
        copies = (
            _copies(cursor, [row[2] for row in page], hidden_sql, hidden_params) if collapse and page else {}
        )

    if page:
        documents = Document.objects.in_bulk([row[0] for row in page])
        for doc_id, score, answer in page:
            document = documents.get(doc_id)
            if document is None:  # deleted between the two queries: no longer an answer
                continue
            hit = Hit(document=document, score=score, copies=copies.get(answer, 1) if collapse else 1)
            if highlight_hits:
                hit.title_html = highlight(document.title, query)
                hit.excerpt_html = excerpt(f"{document.summary}\n{document.body}", query)
            results.hits.append(hit)
    return results


def _copies(cursor, answers: list[int], hidden_sql: str, hidden_params: list) -> dict[int, int]:
    """How many documents the requester may find stand for each of these answers, from the index.

    « Dans 14 plans d'action » says where the answer is, whatever the words and filters: it
    is what the answer's own list (the ``group`` parameter alone) shows. One lookup of a few
    numbers in the vectors' index, whatever the number of hits.
    """
    marks = ", ".join(["%s"] * len(answers))
    hidden = f" AND {hidden_sql.replace('hits.id', 'v.document_id')}" if hidden_sql else ""
    cursor.execute(
        "SELECT v.answer, COUNT(*) FROM search_facetvector v "  # noqa: S608  # nosec B608
        f"WHERE v.answer IN ({marks}){hidden} GROUP BY v.answer",
        answers + hidden_params,
    )
    return {answer: int(n) for answer, n in cursor.fetchall()}


#: How many answers of each type are brought up front when the types are interleaved…
INTERLEAVE_DEPTH = 2
#: … when they score at least a share of the best answer's score (the backend's
#: ``interleave_share``: a partner named like the words typed is not pushed down by a library
#: item that mentions them in passing)…
#: … and score better than the hit at this rank, so that one fetch of the first hits settles it.
INTERLEAVE_WINDOW = 1_000
#: The page is made from the first hits in order (at least INTERLEAVE_WINDOW of them, and a few
#: per answer needed) when they hold enough answers.
CANDIDATES_PER_ANSWER = 4


class _PageQuery:
    """The page's answers in order: (document id, score, answer number) of each answer's best copy.

    Collapsing keeps each answer's first copy in the page's order; interleaving brings the
    first INTERLEAVE_DEPTH answers of each type that score at least ``share`` of the best
    and score better than the hit at rank INTERLEAVE_WINDOW before the others, each block in the
    page's order, so that every page follows one order.

    The first hits in order usually hold the page's answers: one query fetches a thousand
    (a top-k: the score of every hit is computed anyway), their answer and type read
    from the facet vectors of those rows only, and the page is made from them in Python. When
    they are every hit (``complete``), they also give the number of answers and of each one's
    copies. When they do not hold enough answers (an action copied in more plans than that, a
    page far down), the exact query numbers every hit with window functions instead.
    """

    def __init__(
        self,
        hits_sql: str,
        params: list,
        vectors: str,
        clause: str,
        sort: str,
        collapse: bool,
        interleave: bool,
        share: float = 1.0,
    ) -> None:
        self.params = params
        self.collapse, self.interleave, self.share = collapse, interleave, share
        #: Set by rows(): whether the candidates were every hit, then how many answers they hold.
        self.complete = False
        self.answers = 0
        columns = ["hits.id AS id", "hits.score AS score"]
        documents = ""
        if sort == "date":
            columns.append("d.date AS sort_date")
            self.order = "sort_date IS NULL, sort_date DESC, score, id"
            documents = " JOIN search_document d ON d.id = hits.id"
        elif sort == "reuse":
            columns.append("d.reuse_count AS sort_reuse")
            self.order = "sort_reuse DESC, score, id"
            documents = " JOIN search_document d ON d.id = hits.id"
        else:
            self.order = "score, id"
        self.with_hits = f"WITH hits AS ({hits_sql}) "
        self.columns, self.vectors, self.documents, self.clause = columns, vectors, documents, clause

    def rows(self, cursor, offset: int, limit: int) -> list[tuple[int, float, int]]:
        if not self.collapse and not self.interleave:
            return [row[:3] for row in self._candidates(cursor, limit, offset)]
        wanted = offset + limit
        size = max(INTERLEAVE_WINDOW, wanted * CANDIDATES_PER_ANSWER)
        candidates = self._candidates(cursor, size, 0)
        self.complete = len(candidates) < size
        # Scores are negative, the best the lowest (bm25; minus ts_rank on PostgreSQL).
        self.threshold = candidates[0][1] * self.share if candidates else 0.0
        self.bound = candidates[INTERLEAVE_WINDOW - 1][1] if len(candidates) >= INTERLEAVE_WINDOW else None
        ordered = self._arrange(candidates, wanted)
        if ordered is None:
            rows, order, params = self._exact()
            cursor.execute(
                f"{self.with_hits}SELECT id, score, answer FROM ({rows}) page "  # noqa: S608  # nosec B608
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [*self.params, *params, limit, offset],
            )
            return cursor.fetchall()
        return [row[:3] for row in ordered[offset:wanted]]

    def _candidates(self, cursor, limit: int, offset: int) -> list[tuple]:
        """(id, score, answer, type) of the first hits in order; the vectors read for those only."""
        answer = "COALESCE(v2.answer, c.id)" if self.collapse else "c.id"
        rows = f"SELECT {', '.join(self.columns)} FROM hits{self.vectors}{self.documents} WHERE {self.clause}"  # noqa: S608  # nosec B608
        # The order reads the rows' own names (sort_date…): PostgreSQL wants them from a FROM.
        cursor.execute(
            f"{self.with_hits}SELECT c.id, c.score, {answer}, COALESCE(v2.type, '') FROM ("  # noqa: S608  # nosec B608
            f"SELECT r.* FROM ({rows}) r ORDER BY {self.order} LIMIT %s OFFSET %s) c "
            f"LEFT JOIN search_facetvector v2 ON v2.document_id = c.id ORDER BY {self.order}",
            [*self.params, limit, offset],
        )
        return cursor.fetchall()

    def _arrange(self, candidates: list[tuple], wanted: int) -> list[tuple] | None:
        """The answers of these first hits in the page's order, or None when they cannot tell."""
        seen: set[int] = set()
        answers: list[tuple] = []
        for row in candidates:
            if row[2] not in seen:
                seen.add(row[2])
                answers.append(row)
        if self.complete:
            self.answers = len(answers)
        elif len(answers) < wanted:
            return None
        if not self.interleave:
            return answers
        ranks: dict[str, int] = {}
        first: list[tuple] = []
        rest: list[tuple] = []
        for row in answers:
            ranks[row[3]] = ranks.get(row[3], 0) + 1
            good = row[1] <= self.threshold and (self.bound is None or row[1] < self.bound)
            (first if good and ranks[row[3]] <= INTERLEAVE_DEPTH else rest).append(row)
        return first + rest

    def _exact(self) -> tuple[str, str, list]:
        """Every hit numbered in SQL (first copies, ranks in their type), the order and its parameters."""
        order = self.order
        vectors = self.vectors or " LEFT JOIN search_facetvector v ON v.document_id = hits.id"
        columns = [*self.columns, "COALESCE(v.answer, hits.id) AS answer", "COALESCE(v.type, '') AS hit_type"]
        rows = f"SELECT {', '.join(columns)} FROM hits{vectors}{self.documents} WHERE {self.clause}"  # noqa: S608  # nosec B608
        params: list = []
        if self.collapse:
            rows = (
                "SELECT * FROM (SELECT a.*, "  # noqa: S608  # nosec B608
                f"ROW_NUMBER() OVER (PARTITION BY answer ORDER BY {order}) AS copy FROM ({rows}) a) b "
                "WHERE copy = 1"
            )
        if self.interleave:
            rows = (
                f"SELECT c.*, ROW_NUMBER() OVER (PARTITION BY hit_type ORDER BY {order}) AS type_rank "  # noqa: S608  # nosec B608
                f"FROM ({rows}) c"
            )
            leading = f"type_rank <= {int(INTERLEAVE_DEPTH)} AND score <= %s"
            params.append(self.threshold)
            if self.bound is not None:
                leading += " AND score < %s"
                params.append(self.bound)
            order = f"CASE WHEN {leading} THEN 0 ELSE 1 END, {order}"
        return rows, order, params


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
        *,
        needs_vectors: bool = False,
    ) -> None:
        self.distinct = False
        # The hidden condition may read the vector (one answer's copies).
        self.needs_vectors = needs_vectors
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

    def run(self, cursor, distinct: bool = False) -> tuple[int, dict[str, dict[str, int]]]:
        """The hits passing every filter (their answers, ``distinct``), and facet name → {value: count}."""
        slotted = {value: slot for value, (_pk, slot) in self.counted.items() if slot is not None}
        lanes = sorted({place(slot)[0] for slot in slotted.values()})
        self.distinct = distinct
        groups = self._groups(cursor, lanes)
        if any(n >= FIELD_LIMIT for _tags, n, _answers, _sums in groups):
            # A field would have carried into the next: count every value from rows.
            slotted = {}
        counts: dict[str, dict[str, int]] = {name: {} for name in self.facet_names}
        for value, slot in slotted.items():
            name, _sep, code = value.partition(":")
            n = sum(unpack(slot, sums) for tags, _n, _answers, sums in groups if self._qualifies(tags, name))
            if n:
                counts[name][code] = n
        rows_only = [pk for value, (pk, _slot) in self.counted.items() if value not in slotted]
        if rows_only:
            self._count_rows(cursor, rows_only, counts)
        total = sum(answers for tags, _n, answers, _sums in groups if all(tags))
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

    def where(self, from_vectors: bool = True, needs_vectors: bool = False) -> tuple[str, str, list]:
        """The join of the facet vectors (when needed), and the condition on every filter, for the page."""
        self.reads_vectors = needs_vectors or self.needs_vectors
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
        self.reads_vectors = bool(lanes) or self.needs_vectors or self.distinct
        columns, params, enough = self._tagged()
        columns += "".join(f", v.{lane_column(lane)}" for lane in lanes)
        if self.distinct:
            columns += ", COALESCE(v.answer, hits.id) AS answer"
        hidden = f" WHERE {self.hidden_sql}" if self.hidden_sql else ""
        # A document always has its vector; LEFT JOIN only so that a missing one counts
        # the hit with no value rather than dropping it.
        vectors = " LEFT JOIN search_facetvector v ON v.document_id = hits.id" if self.reads_vectors else ""
        sql = (
            f"WITH hits AS ({self.hits_sql}) SELECT * FROM (SELECT {columns} FROM hits"  # noqa: S608  # nosec B608
            f"{vectors}{hidden}) tagged WHERE {enough}"
        )
        return sql, self.hits_params + params + self.hidden_params

    def _groups(self, cursor, lanes: list[int]) -> list[tuple[tuple[int, ...], int, int, dict[int, int]]]:
        """(tags, number of hits, number of answers, lane → sum) for each combination of passed filters."""
        tags = [f"t{i}" for i in range(len(self.filters))]
        source, params = self._source(lanes)
        # Answers are counted for the hits passing every filter only: the others' are never read.
        passing = f"CASE WHEN {' + '.join(tags)} = {len(tags)} THEN answer END" if tags else "answer"
        answers = f"COUNT(DISTINCT {passing})" if self.distinct else "COUNT(*)"
        sums = "".join(f", SUM({lane_column(lane)})" for lane in lanes)
        grouped = f" GROUP BY {', '.join(tags)}" if tags else ""
        cursor.execute(
            f"SELECT {''.join(t + ', ' for t in tags)}COUNT(*), {answers}{sums} FROM ({source}) s{grouped}",  # noqa: S608  # nosec B608
            params,
        )
        groups = []
        for row in cursor.fetchall():
            flags = tuple(int(t) for t in row[: len(tags)])
            n = int(row[len(tags)])
            if n:
                sums_row = row[len(tags) + 2 :]
                groups.append((flags, n, int(row[len(tags) + 1]), dict(zip(lanes, sums_row, strict=True))))
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
    pieces: list[str] = []
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
