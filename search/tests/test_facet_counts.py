"""Facet counts read from the facet vectors equal the counts of the (facet, document) rows.

A small index with several facets per document is searched with filters on one, two and
three facets; every count is compared with the same counts computed in Python from the
documents' facet rows (disjunctive: a facet is counted with the other facets' filters).
The vectors must follow their documents when they are indexed again or removed, and the
values that have no slot (vector full) are still counted, from the rows.
"""

import importlib
from collections import defaultdict
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from search import facets, index
from search import query as query_module
from search.models import LANES, Document, DocumentFacet, FacetValue, FacetVector
from search.query import search

from .helpers import TEST_TYPE, doc, index_documents

pytestmark = pytest.mark.django_db

NAMES = ["type", "region", "theme", "age"]
FILTERS = [
    {},
    {"region": ["01"]},
    {"region": ["01", "03"]},
    {"region": ["02"], "theme": ["jeu"]},
    {"region": ["01"], "theme": ["jeu", "lecture"], "age": ["0-1"]},
    {"type": ["outil"], "age": ["3-4"]},
    {"region": ["99"]},  # a value no document has
    {"region": ["01"], "theme": ["inconnu"]},
]


def build_index(count: int = 36) -> dict[str, int]:
    """Documents about « atelier » or « lecture » with varied regions, themes, ages and kinds."""
    regions, themes, ages = ["01", "02", "03"], ["jeu", "lecture", "langage", "nature"], ["0-1", "3-4"]
    documents = []
    for i in range(count):
        tags = [f"region:{regions[i % 3]}"]
        if i % 5 == 0:
            tags.append(f"region:{regions[(i + 1) % 3]}")
        tags += [f"theme:{themes[j]}" for j in range(4) if (i >> j) & 1]
        tags += [f"age:{ages[i % 2]}"] if i % 4 else ages
        documents.append(
            doc(
                f"Atelier {i}" if i % 3 else f"Lecture {i}",
                "lecture partagée en famille" if i % 2 else "atelier de jeu libre",
                facets=tags,
                kind="outil" if i % 3 == 0 else "apprentissage",
                audience=4242 if i == 7 else None,
            )
        )
    return index_documents(*documents)


def rows_of_documents() -> dict[int, set[str]]:
    """Each indexed document's facet values, read from the (facet, document) rows."""
    values: dict[int, set[str]] = defaultdict(set)
    for document_id, value in DocumentFacet.objects.values_list("document_id", "facet__value"):
        values[document_id].add(value)
    return values


def expected(matching: set[int], filters: dict[str, list[str]]) -> tuple[int, dict[str, dict[str, int]]]:
    """The count and disjunctive facet counts, by brute force over the documents' rows."""
    carried = rows_of_documents()

    def passes(document_id: int, name: str) -> bool:
        return any(f"{name}:{code}" in carried[document_id] for code in filters[name])

    count = len(passing(matching, filters))
    counts: dict[str, dict[str, int]] = {name: {} for name in NAMES}
    for name in NAMES:
        for d in matching:
            if all(passes(d, other) for other in filters if other != name):
                for value in carried[d]:
                    facet, _sep, code = value.partition(":")
                    if facet == name:
                        counts[name][code] = counts[name].get(code, 0) + 1
    return count, counts


def passing(matching: set[int], filters: dict[str, list[str]]) -> set[int]:
    """The documents carrying one of the selected values of every filtered facet."""
    carried = rows_of_documents()
    return {d for d in matching if all(any(f"{n}:{c}" in carried[d] for c in filters[n]) for n in filters)}


def matching_ids(text: str, everyone: bool = False) -> set[int]:
    return {hit.document.pk for hit in search(text, limit=1000, everyone=everyone).hits}


@pytest.mark.parametrize("text", ["", "atelier", "lecture"])
@pytest.mark.parametrize("filters", FILTERS)
def test_counts_equal_brute_force_counts(text, filters):
    build_index()
    results = search(text, filters=filters, facet_names=NAMES, limit=1000)
    count, counts = expected(matching_ids(text), filters)
    assert results.count == count
    assert results.facet_counts == counts
    assert {hit.document.pk for hit in results.hits} == passing(matching_ids(text), filters)


def test_counts_with_everyone_include_reserved_documents():
    ids = build_index()
    filters = {"region": ["02"], "theme": ["jeu"]}
    visible = search("atelier", filters=filters, facet_names=NAMES)
    everything = search("atelier", filters=filters, facet_names=NAMES, everyone=True)
    # Document 7 (« Atelier 7 », region 02, themes jeu+lecture+langage) is reserved.
    assert ids["Atelier 7"] in matching_ids("atelier", everyone=True)
    assert everything.count == visible.count + 1
    assert everything.facet_counts["theme"]["jeu"] == visible.facet_counts["theme"]["jeu"] + 1
    assert (everything.count, everything.facet_counts) == expected(
        matching_ids("atelier", everyone=True), filters
    )


def test_a_small_index_counts_exactly():
    index_documents(
        doc("Atelier parents", facets=["region:01", "theme:jeu"]),
        doc("Atelier nature", facets=["region:01", "theme:nature"], kind="outil"),
        doc("Atelier jeu", facets=["region:02", "theme:jeu"]),
    )
    results = search("atelier", filters={"region": ["01"]}, facet_names=NAMES)
    assert results.count == 2
    assert results.facet_counts == {
        "type": {"apprentissage": 1, "outil": 1},
        # The region is filtered: its own values are counted as if it were not.
        "region": {"01": 2, "02": 1},
        "theme": {"jeu": 1, "nature": 1},
        "age": {},
    }


def test_values_without_a_slot_are_counted_from_rows(monkeypatch):
    # Only four slots: most values are created without one and counted from their rows.
    monkeypatch.setattr(facets, "SLOTS", 4)
    build_index()
    assert FacetValue.objects.filter(slot__isnull=True).count() > 4
    for filters in FILTERS:
        results = search("atelier", filters=filters, facet_names=NAMES, limit=1000)
        assert (results.count, results.facet_counts) == expected(matching_ids("atelier"), filters)
        assert {hit.document.pk for hit in results.hits} == passing(matching_ids("atelier"), filters)


def test_groups_too_large_for_a_field_are_counted_from_rows(monkeypatch):
    # Fields of one bit: every group of two hits or more would carry over.
    build_index()
    monkeypatch.setattr(query_module, "FIELD_LIMIT", 2)
    filters = {"region": ["01"], "theme": ["jeu", "lecture"]}
    results = search("", filters=filters, facet_names=NAMES, limit=1000)
    assert (results.count, results.facet_counts) == expected(matching_ids(""), filters)


def vector_of(document_id: int) -> list[int]:
    row = FacetVector.objects.filter(document_id=document_id).values(*[f"lane{i}" for i in range(LANES)])
    return [row[0][f"lane{i}"] for i in range(LANES)] if row else []


def slots_of(document_id: int) -> list[int]:
    return list(
        FacetValue.objects.filter(
            pk__in=DocumentFacet.objects.filter(document_id=document_id).values("facet_id")
        ).values_list("slot", flat=True)
    )


def test_the_vector_follows_its_document_when_indexed_again_and_removed():
    index_documents(doc("Atelier", facets=["region:01", "theme:jeu"]))
    first = Document.objects.get(type=TEST_TYPE, object_id=1)
    assert vector_of(first.pk) == facets.pack(slots_of(first.pk))
    assert len(slots_of(first.pk)) == 3  # type, region, theme

    index._write(TEST_TYPE, [(1, doc("Atelier", facets=["region:02"]))])
    again = Document.objects.get(type=TEST_TYPE, object_id=1)
    assert list(FacetVector.objects.values_list("document_id", flat=True)) == [again.pk]
    assert vector_of(again.pk) == facets.pack(slots_of(again.pk))
    assert search("atelier", facet_names=NAMES).facet_counts["region"] == {"02": 1}
    assert search("atelier", facet_names=NAMES).facet_counts["theme"] == {}

    index.remove(TEST_TYPE, [1])
    assert not FacetVector.objects.exists()
    assert search("atelier", facet_names=NAMES).count == 0


def test_the_migration_computes_the_vectors_the_writer_writes():
    ids = build_index(12)
    written = {pk: vector_of(pk) for pk in ids.values()}
    FacetVector.objects.all().delete()
    FacetValue.objects.update(slot=None)
    migration = importlib.import_module("search.migrations.0007_facet_vectors")
    with connection.cursor() as cursor:
        # The migration only executes SQL through its schema editor.
        migration.fill_vectors(apps, SimpleNamespace(execute=cursor.execute))
    # Slots are given again in the values' order of creation, as the writer gave them.
    assert {pk: vector_of(pk) for pk in ids.values()} == written
