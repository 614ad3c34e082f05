"""Writing the index: documents, their facet rows, the backend's analysed texts and the vocabulary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from core import pagecache

from . import registry, suggestions, vocabulary
from .analysis import collapse_key, collapse_number, terms
from .backends import get_backend
from .backends.base import IndexedTexts
from .facets import lane_column, number_values, pack
from .models import LANES, Document, DocumentFacet, FacetValue, FacetVector

#: Longest texts kept for excerpts; the whole text is still indexed.
MAX_SUMMARY = 1_000
MAX_BODY = 6_000


def _facet_insert() -> str:
    quote = connection.ops.quote_name
    table = quote(DocumentFacet._meta.db_table)
    document, facet = (
        quote(relation.field.column) for relation in (DocumentFacet.document, DocumentFacet.facet)
    )
    return f"INSERT INTO {table} ({document}, {facet}) VALUES (%s, %s)"  # noqa: S608 - names from the model  # nosec B608


def _vector_insert() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(
        ["document_id", quote("type"), quote("answer"), *(quote(lane_column(lane)) for lane in range(LANES))]
    )
    marks = ", ".join(["%s"] * (LANES + 3))
    return f"INSERT INTO {quote(FacetVector._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model  # nosec B608


def _analysed(text: str) -> str:
    return " ".join(terms(text))


def _write(type: str, items: list[tuple[int, registry.DocumentData]]) -> None:
    # Bulk inserts send no signal: the search pages' cached versions move on with the commit.
    pagecache.touch("search")
    """Replace the documents of these objects (``items`` of (object id, data))."""
    if not items:
        return
    backend = get_backend()
    documents = [
        Document(
            type=type,
            kind=data.kind,
            object_id=object_id,
            language=data.language,
            title=data.title[:300],
            summary=data.summary[:MAX_SUMMARY],
            body=data.body[:MAX_BODY],
            url=data.url,
            date=data.date,
            reuse_count=data.reuse_count,
            audience=data.audience,
            facets=" ".join(data.facets),
        )
        for object_id, data in items
    ]
    with transaction.atomic():
        _delete(type, [object_id for object_id, _data in items])
        Document.objects.bulk_create(documents, batch_size=500)
        suggestions.write_documents(documents)
        rows = [
            (doc.pk, value)
            for doc, (_id, data) in zip(documents, items, strict=True)
            for value in dict.fromkeys([f"type:{data.kind}", *data.facets])
        ]
        numbers = number_values({value for _doc, value in rows})
        suggestions.ensure_facets(numbers)
        slots: dict[int, list[int]] = {doc.pk: [] for doc in documents}
        for doc_id, value in rows:
            slot = numbers[value][1]
            if slot is not None:
                slots[doc_id].append(slot)
        # The vocabulary counts the texts as stored (what a deletion will read back).
        counts: Counter[str] = Counter()
        written: dict[str, str] = {}
        for doc in documents:
            found = vocabulary.vocabulary_words(doc.title, doc.summary, doc.body)
            counts.update(found.keys())
            for word, form in found.items():
                written.setdefault(word, form)
        with connection.cursor() as cursor:
            # Half a million facet rows at scale 10: one prepared INSERT, no model instances.
            cursor.executemany(_facet_insert(), [(doc, numbers[value][0]) for doc, value in rows])
            cursor.executemany(
                _vector_insert(),
                [
                    (doc.pk, type, collapse_number(collapse_key(type, doc.title)), *pack(slots[doc.pk]))
                    for doc in documents
                ],
            )
            vocabulary.update(cursor, counts, written)
            backend.write(
                cursor,
                [
                    IndexedTexts(doc.pk, _analysed(data.title), _analysed(data.summary), _analysed(data.body))
                    for doc, (_id, data) in zip(documents, items, strict=True)
                ],
            )


def _delete(type: str, object_ids: list[int]) -> None:
    ids: list[int] = []
    counts: Counter[str] = Counter()
    stored = Document.objects.filter(type=type, object_id__in=object_ids)
    for pk, title, summary, body in stored.values_list("pk", "title", "summary", "body").iterator():
        ids.append(pk)
        counts.update(vocabulary.vocabulary_words(title, summary, body).keys())
    if not ids:
        return
    with connection.cursor() as cursor:
        get_backend().delete(cursor, ids)
        vocabulary.update(cursor, Counter({word: -n for word, n in counts.items()}))
    FacetVector.objects.filter(document_id__in=ids).delete()
    Document.objects.filter(pk__in=ids).delete()


def update(type: str, object_ids: Iterable[int]) -> None:
    """Index these objects again now (or remove them when they are no longer indexable)."""
    source = registry.SOURCES[type]
    object_ids = list(object_ids)
    items = []
    found = set()
    for obj in source.queryset().filter(pk__in=object_ids):
        found.add(obj.pk)
        data = source.document(obj)
        if data is not None:
            items.append((obj.pk, data))
    with transaction.atomic():
        _delete(type, [i for i in object_ids if i not in {pk for pk, _d in items}])
        _write(type, items)


def update_on_commit(type: str, object_ids: Iterable[int]) -> None:
    """Index these objects once the current transaction commits (for actions)."""
    ids = list(object_ids)
    transaction.on_commit(lambda: update(type, ids))


def remove(type: str, object_ids: Iterable[int]) -> None:
    with transaction.atomic():
        _delete(type, list(object_ids))


def rebuild(
    types: Iterable[str] | None = None, progress: Callable[[int], None] | None = None, batch: int = 1_000
) -> int:
    """Index every object of these types again from scratch; returns the number indexed."""
    types = list(types or registry.SOURCES)
    total = 0
    with transaction.atomic():
        if set(types) == set(registry.SOURCES):
            with connection.cursor() as cursor:
                get_backend().clear(cursor)
                vocabulary.clear(cursor)
            suggestions.clear()
            DocumentFacet.objects.all().delete()
            FacetVector.objects.all().delete()
            Document.objects.all().delete()
            # Numbered again from the first slot: values no longer used free theirs.
            FacetValue.objects.all().delete()
        for type in types:
            source = registry.SOURCES[type]
            if set(types) != set(registry.SOURCES):
                remove(type, Document.objects.filter(type=type).values_list("object_id", flat=True))
            pending: list[tuple[int, registry.DocumentData]] = []
            for obj in source.queryset().iterator(chunk_size=batch):
                data = source.document(obj)
                if data is not None:
                    pending.append((obj.pk, data))
                if len(pending) >= batch:
                    _insert(type, pending)
                    total += len(pending)
                    if progress:
                        progress(len(pending))
                    pending = []
            _insert(type, pending)
            total += len(pending)
            if progress and pending:
                progress(len(pending))
        suggestions.refresh_facets()
    return total


def _insert(type: str, items: list[tuple[int, registry.DocumentData]]) -> None:
    _write(type, items)


def count(types: Iterable[str] | None = None) -> int:
    """How many objects would be indexed (for progress bars)."""
    return sum(registry.SOURCES[t].queryset().count() for t in (types or registry.SOURCES))
