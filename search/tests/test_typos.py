"""Typo tolerance: a word that matches nothing is corrected from the index's own vocabulary.

Every test indexes documents through the engine's writer, so the vocabulary is the one the
indexing keeps, on whichever database runs (SQLite here, PostgreSQL in CI).
"""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import index, vocabulary
from search.analysis import parse_query
from search.models import Term, TermKey
from search.query import forget_synonyms, search

from .helpers import TEST_TYPE, doc, index_documents

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_synonyms():
    forget_synonyms()
    yield
    forget_synonyms()


@pytest.fixture
def corpus():
    return index_documents(
        doc("Allaitement : le soutien des pairs", "Des marraines d'allaitement rencontrent les mères."),
        doc("Haltes-allaitement dans les lieux publics", days_ago=1),
        doc("Le sommeil des tout-petits", "Une routine du dodo qui apaise.", days_ago=2),
        doc("Groupes de langage avec une orthophoniste", days_ago=3),
        doc("Soutien à la périnatalité", "Des rencontres prénatales au CLSC.", days_ago=4),
        doc("Le développement moteur", "Grimper, ramper, sauter au parc.", days_ago=5),
        doc("Jardinage avec les enfants", days_ago=6),
        doc("Le lait maternel", days_ago=7),
    )


def titles(text, **options):
    return [hit.document.title for hit in search(text, **options).hits]


# Corrections -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "allaitemnt",  # a letter left out
        "alaitement",  # a doubled letter typed once
        "allaitementt",  # a letter typed twice
        "allaitemant",  # a letter changed
        "allaitmeent",  # two letters inverted (Damerau: one edit)
        "ALLAITEMNT",
    ],
)
def test_a_word_one_edit_away_finds_what_the_right_word_finds(corpus, typed):
    results = search(typed)
    assert sorted(hit.document.title for hit in results.hits) == [
        "Allaitement : le soutien des pairs",
        "Haltes-allaitement dans les lieux publics",
    ]
    assert results.corrected
    assert results.suggestion == "allaitement"


def test_accents_are_no_edit_and_the_suggestion_keeps_them(corpus):
    results = search("périnatalitée")
    assert [hit.document.title for hit in results.hits] == ["Soutien à la périnatalité"]
    assert results.suggestion == "périnatalité"


def test_two_edits_are_corrected_from_nine_letters_only(corpus):
    # « jradinagee »: two letters inverted and one typed twice; ten letters.
    assert titles("jradinagee") == ["Jardinage avec les enfants"]
    # « jradinge »: two edits again, but eight letters: too short for two.
    results = search("jradinge")
    assert results.hits == [] and not results.corrected and results.suggestion == ""


def test_short_words_are_never_corrected(corpus):
    # « lair » is one letter from « lait », but four letters only.
    results = search("lair")
    assert results.hits == [] and not results.corrected and results.suggestion == ""


def test_a_word_of_five_letters_is_corrected_even_towards_four(corpus):
    # Four-letter words are in the vocabulary: a five-letter typo may be one edit from them.
    assert titles("laitt") == ["Le lait maternel"]


def test_the_other_words_stay_exact(corpus):
    results = search("allaitemnt pairs")
    assert [hit.document.title for hit in results.hits] == ["Allaitement : le soutien des pairs"]
    assert results.suggestion == "allaitement pairs"


def test_an_unfinished_last_word_is_completed_not_corrected(corpus):
    # « allaitem » goes beyond the stem « allait »: the index's word beginnings miss it, the
    # vocabulary's words do not.
    results = search("allaitem")
    assert len(results.hits) == 2
    assert not results.corrected and results.suggestion == ""


def test_the_correction_is_highlighted(corpus):
    hit = search("someil").hits[0]
    assert "<mark>sommeil</mark>" in str(hit.title_html)


def test_exact_matches_come_before_corrections():
    """A word the index holds is searched as typed: its own documents, no correction mixed in."""
    index_documents(
        doc("Alaitement au quotidien"),  # a typo in the documents themselves
        doc("Allaitement et retour au travail", days_ago=1),
        doc("Allaitement en public", days_ago=2),
    )
    results = search("alaitement")
    assert [hit.document.title for hit in results.hits] == ["Alaitement au quotidien"]
    assert not results.corrected
    # Two documents against one: not frequent enough to offer « allaitement » instead.
    offered = search("alaitement", suggest=True)
    assert [hit.document.title for hit in offered.hits] == ["Alaitement au quotidien"]
    assert offered.suggestion == ""


def test_a_much_more_frequent_neighbour_is_offered_when_very_little_is_found():
    index_documents(
        doc("Alaitement au quotidien"),
        *(doc(f"Allaitement, fiche {n}", days_ago=n) for n in range(1, 8)),
    )
    results = search("alaitement", suggest=True)
    assert len(results.hits) == 1 and not results.corrected
    assert results.suggestion == "allaitement"
    # With a filter, few results say more about the filter than about the spelling.
    assert search("alaitement", suggest=True, filters={"region": ["06"]}).suggestion == ""
    assert search("alaitement").suggestion == ""


def test_nothing_near_means_no_correction(corpus):
    results = search("xylophone")
    assert results.hits == [] and not results.corrected and results.suggestion == ""


def test_filters_still_apply_to_corrected_words():
    index_documents(
        doc("Allaitement à Montréal", facets=["region:06"]),
        doc("Allaitement à Rimouski", facets=["region:01"], days_ago=1),
    )
    assert titles("allaitemnt", filters={"region": ["01"]}) == ["Allaitement à Rimouski"]


def test_a_search_that_finds_something_never_reads_the_vocabulary(corpus):
    with CaptureQueriesContext(connection) as context:
        search("allaitement", facet_names=["type"], suggest=True, filters={"type": ["apprentissage"]})
    assert not any("search_term" in q["sql"] for q in context.captured_queries)


def test_a_correction_costs_one_lookup_and_one_search_more(corpus):
    search("allaitement")  # the synonyms' cache is warm for both measures
    with CaptureQueriesContext(connection) as plain:
        search("allaitement", facet_names=["type"])
    with CaptureQueriesContext(connection) as corrected:
        search("allaitemnt", facet_names=["type"])
    lookups = [q for q in corrected.captured_queries if "search_term" in q["sql"]]
    assert len(lookups) == 1
    # The first search (facet values, page, tally: nothing found), the lookup, the search again.
    assert len(corrected.captured_queries) == 3 + 1 + len(plain.captured_queries)


# The vocabulary follows the index --------------------------------------------------------------


def documents_of(word):
    return Term.objects.filter(word=word).values_list("documents", flat=True).first()


def test_indexing_counts_each_word_once_per_document():
    index_documents(doc("Zygomatique zygomatique", "Le zygomatique."), doc("Zygomatique encore", days_ago=1))
    assert documents_of("zygomatique") == 2
    assert Term.objects.get(word="zygomatique").display == "zygomatique"
    assert TermKey.objects.filter(word="zygomatique", key="zygomat").exists()


def test_the_form_with_accents_is_kept_for_suggestions():
    index_documents(doc("Périnatalité sociale"))
    assert Term.objects.get(word="perinatalite").display == "périnatalité"


def test_indexing_again_and_removing_keep_the_counts_right():
    index_documents(doc("Zygomatique"), doc("Zygomatique bis", days_ago=1))
    assert documents_of("zygomatique") == 2
    # The first object is written again (as an action's re-index does), then changed.
    index._write(TEST_TYPE, [(1, doc("Zygomatique revu"))])
    assert documents_of("zygomatique") == 2
    index._write(TEST_TYPE, [(1, doc("Autre chose"))])
    assert documents_of("zygomatique") == 1
    index.remove(TEST_TYPE, [2])
    assert documents_of("zygomatique") == 0
    # A word no document holds any more is never offered.
    results = search("zygomatiqe")
    assert results.hits == [] and results.suggestion == ""


def test_a_full_rebuild_starts_the_vocabulary_again(corpus):
    index.rebuild()
    # The test documents are not a registered source: rebuilding forgets them and their words.
    assert documents_of("allaitement") is None
    assert not TermKey.objects.exists()


def test_the_migration_computes_the_vocabulary_the_writer_keeps(corpus):
    written = set(Term.objects.filter(documents__gt=0).values_list("word", "stem", "documents", "display"))
    keys = set(TermKey.objects.values_list("key", "word"))
    Term.objects.all().delete()
    TermKey.objects.all().delete()
    migration = importlib.import_module("search.migrations.0008_vocabulary_and_answers")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert set(Term.objects.values_list("word", "stem", "documents", "display")) == written
    assert set(TermKey.objects.values_list("key", "word")) == keys


# Candidates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "edits"),
    [
        ("allaitement", "allaitement", 0),
        ("allaitemnt", "allaitement", 1),
        ("allaitmeent", "allaitement", 1),
        ("alaitemnt", "allaitement", 2),
        ("abc", "cba", 2),
        ("sommeil", "soleil", 2),
    ],
)
def test_damerau_distance(a, b, edits):
    assert vocabulary.distance(a, b, limit=3) == edits


def test_keys_of_near_words_meet():
    # SymSpell: a typed word and a word two edits away share a key.
    assert vocabulary.keys("alaitemnt", 2) & vocabulary.keys("allaitement", 2)
    assert vocabulary.keys("allaitmeent", 1) & vocabulary.keys("allaitement", 1)


def test_the_lookup_is_one_query_whatever_the_number_of_words(corpus):
    query = parse_query("allaitemnt someil orthophonsite developement")
    with CaptureQueriesContext(connection) as context:
        found = vocabulary.spelling(query, nothing_found=True)
    assert len(context.captured_queries) == 1
    assert found.suggestion == "allaitement sommeil orthophoniste développement"
