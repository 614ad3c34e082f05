"""The search understands French, the same way on SQLite and PostgreSQL.

Every test indexes real documents through the engine's writer and asks
``search.query.search``, so it runs against the database's own full-text index
(FTS5 on SQLite, tsvector on PostgreSQL: CI runs this file on both).
"""

import pytest

from search.models import Synonym
from search.query import forget_synonyms, search

from .helpers import doc, index_documents

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_synonyms():
    # The synonyms' cache outlives a test's rolled-back transaction.
    forget_synonyms()
    yield
    forget_synonyms()


def titles(text, **options):
    return [hit.document.title for hit in search(text, **options).hits]


# Accents, variants, elisions, hyphens, word beginnings ---------------------------------


def test_accents_are_ignored():
    index_documents(doc("Soutien à la parentalité"), doc("Jeux d'eau au parc"))
    assert titles("parentalite") == ["Soutien à la parentalité"]
    assert titles("PARENTALITÉ") == ["Soutien à la parentalité"]


def test_accents_are_ignored_in_the_documents_too():
    index_documents(doc("Soutien a la parentalite"))
    assert titles("parentalité") == ["Soutien a la parentalite"]


def test_singular_finds_plural():
    index_documents(doc("Ateliers de cuisine en famille"), doc("Cuisine collective"))
    assert titles("atelier") == ["Ateliers de cuisine en famille"]


def test_feminine_finds_masculine_plural():
    index_documents(doc("Formation des éducateurs en petite enfance"), doc("Formation des parents"))
    assert titles("éducatrice") == ["Formation des éducateurs en petite enfance"]


def test_elided_query_finds_plain_word():
    index_documents(doc("Éveil musical pour les bébés"))
    assert titles("l'éveil") == ["Éveil musical pour les bébés"]
    assert titles("l’éveil") == ["Éveil musical pour les bébés"]


def test_plain_query_finds_elided_word():
    index_documents(doc("L'éveil à la lecture"), doc("Lecture en famille", days_ago=1))
    assert titles("eveil") == ["L'éveil à la lecture"]


def test_hyphenated_query_finds_separate_words():
    index_documents(doc("Des jeux pour les tout petits"))
    assert titles("tout-petits") == ["Des jeux pour les tout petits"]


def test_separate_words_find_hyphenated_word():
    index_documents(doc("Des jeux pour les tout-petits"))
    assert titles("tout petits") == ["Des jeux pour les tout-petits"]


def test_unfinished_last_word_finds_word_beginning():
    index_documents(doc("Une halte-garderie communautaire"), doc("Une halte routière"))
    assert titles("halte-garde") == ["Une halte-garderie communautaire"]


def test_every_word_must_match():
    index_documents(doc("Ateliers de lecture"), doc("Ateliers de cuisine", days_ago=1))
    assert titles("atelier lecture") == ["Ateliers de lecture"]


# Synonyms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acronym", "full_name"),
    [
        ("CPE", "centre de la petite enfance"),
        ("CLSC", "centre local de services communautaires"),
        ("CISSS", "centre intégré de santé et de services sociaux"),
        ("CIUSSS", "centre intégré universitaire de santé et de services sociaux"),
        ("MRC", "municipalité régionale de comté"),
        ("RLP", "regroupement local de partenaires"),
        ("OCF", "organisme communautaire Famille"),
    ],
)
def test_acronym_finds_full_name(acronym, full_name):
    index_documents(doc(f"Une rencontre au {full_name} du quartier"), doc("Une rencontre au parc"))
    assert titles(acronym) == [f"Une rencontre au {full_name} du quartier"]


@pytest.mark.parametrize(
    ("acronym", "full_name"),
    [
        ("CPE", "centre de la petite enfance"),
        ("CLSC", "centre local de services communautaires"),
        ("CISSS", "centre intégré de santé et de services sociaux"),
        ("CIUSSS", "centre intégré universitaire de santé et de services sociaux"),
        ("MRC", "municipalité régionale de comté"),
        ("RLP", "regroupement local de partenaires"),
        ("OCF", "organisme communautaire Famille"),
    ],
)
def test_full_name_finds_acronym(acronym, full_name):
    index_documents(doc(f"Une rencontre au {acronym} du quartier"), doc("Une rencontre au parc"))
    assert titles(full_name) == [f"Une rencontre au {acronym} du quartier"]


def test_plural_full_name_finds_acronym():
    index_documents(doc("Les CPE de la région"))
    assert titles("centres de la petite enfance") == ["Les CPE de la région"]


def test_acronym_still_finds_itself():
    index_documents(doc("Le CLSC de Rimouski"))
    assert titles("clsc") == ["Le CLSC de Rimouski"]


def test_synonym_added_by_an_editor_takes_effect_at_once():
    index_documents(doc("Un service de garde éducatif à l'enfance en milieu rural"))
    assert titles("SGEE") == []  # the synonyms are now cached without SGEE
    Synonym.objects.create(term="SGEE", equivalents="service de garde éducatif à l'enfance")
    assert titles("SGEE") == ["Un service de garde éducatif à l'enfance en milieu rural"]


def test_synonym_changed_or_deleted_by_an_editor_takes_effect_at_once():
    index_documents(doc("Une joujouthèque de quartier"))
    synonym = Synonym.objects.create(term="ludothèque", equivalents="bibliothèque de jeux")
    assert titles("ludothèque") == []
    synonym.equivalents = "bibliothèque de jeux\njoujouthèque"
    synonym.save()
    assert titles("ludothèque") == ["Une joujouthèque de quartier"]
    synonym.delete()
    assert titles("ludothèque") == []


# Ranking -----------------------------------------------------------------------------------


def test_title_weighs_more_than_body():
    index_documents(
        doc("Motricité globale", "Des jeux au parc pour bouger avec les enfants du quartier.", days_ago=5),
        doc("Des jeux au parc", "Motricité globale pour bouger avec les enfants du quartier.", days_ago=0),
    )
    assert titles("motricité") == ["Motricité globale", "Des jeux au parc"]


def test_title_weighs_more_than_summary():
    index_documents(
        doc("Langage des tout-petits", summary="Une trousse pour les parents.", days_ago=5),
        doc("Une trousse pour les parents", summary="Le langage des tout-petits.", days_ago=0),
    )
    assert titles("langage") == ["Langage des tout-petits", "Une trousse pour les parents"]


def test_sort_by_date_puts_newest_first():
    index_documents(doc("Lecture ancienne", days_ago=30), doc("Lecture récente", days_ago=1))
    assert titles("lecture", sort="date") == ["Lecture récente", "Lecture ancienne"]


def test_sort_by_reuse_puts_most_reused_first():
    index_documents(doc("Lecture peu reprise", reuse_count=1), doc("Lecture très reprise", reuse_count=9))
    assert titles("lecture", sort="reuse") == ["Lecture très reprise", "Lecture peu reprise"]


# Facets ------------------------------------------------------------------------------------


@pytest.fixture
def faceted():
    return index_documents(
        doc("Lecture A", facets=["theme:langage", "region:01"], days_ago=1),
        doc("Lecture B", facets=["theme:parentalite", "region:01"], days_ago=2),
        doc("Lecture C", facets=["theme:parentalite", "region:06"], days_ago=3),
        doc("Lecture D", facets=["theme:perinatalite", "region:06"], days_ago=4),
    )


def test_values_of_one_facet_are_or(faceted):
    found = titles("lecture", filters={"theme": ["langage", "perinatalite"]}, sort="date")
    assert found == ["Lecture A", "Lecture D"]


def test_facets_are_and(faceted):
    assert titles("lecture", filters={"theme": ["parentalite"], "region": ["06"]}) == ["Lecture C"]


def test_facets_filter_without_words(faceted):
    assert titles("", filters={"region": ["01"]}, sort="date") == ["Lecture A", "Lecture B"]


def test_facet_counts_are_disjunctive(faceted):
    results = search("lecture", filters={"theme": ["parentalite"]}, facet_names=["theme", "region"])
    assert results.count == 2
    # The theme's own counts ignore the theme filter: ticking another theme adds to the list.
    assert results.facet_counts["theme"] == {"langage": 1, "parentalite": 2, "perinatalite": 1}
    # The other facets count within the theme filter.
    assert results.facet_counts["region"] == {"01": 1, "06": 1}


def test_facet_counts_follow_the_words(faceted):
    index_documents(doc("Cuisine", facets=["theme:langage", "region:06"]))
    results = search("cuisine", facet_names=["theme", "region"])
    assert results.count == 1
    assert results.facet_counts == {"theme": {"langage": 1}, "region": {"06": 1}}


# Audience ----------------------------------------------------------------------------------


def test_reserved_documents_are_hidden_from_others():
    index_documents(doc("Action publique de lecture"), doc("Action interne de lecture", audience=42))
    assert titles("lecture") == ["Action publique de lecture"]
    assert titles("lecture", partnership_ids=[7]) == ["Action publique de lecture"]
    assert search("lecture", facet_names=["type"]).facet_counts["type"] == {"apprentissage": 1}


def test_reserved_documents_are_found_by_their_partnership():
    index_documents(
        doc("Action publique de lecture", days_ago=1), doc("Action interne de lecture", audience=42)
    )
    assert titles("lecture", partnership_ids=[7, 42], sort="date") == [
        "Action interne de lecture",
        "Action publique de lecture",
    ]


def test_reserved_documents_are_found_by_administrators():
    index_documents(doc("Action interne de lecture", audience=42))
    assert titles("lecture", everyone=True) == ["Action interne de lecture"]


# Unusable and odd queries ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["!!!", "« … » ?", "le la de", "l' d' et ou"])
def test_punctuation_or_stop_words_only_is_an_unusable_query(text):
    index_documents(doc("Le lien avec les familles"))
    results = search(text)
    assert results.unusable_query
    assert results.count == 0
    assert results.hits == []


def test_empty_query_lists_everything():
    index_documents(doc("Premier"), doc("Second"))
    results = search("   ")
    assert not results.unusable_query
    assert results.count == 2


def test_absurdly_long_query_is_cut_not_refused():
    index_documents(doc("Ateliers de lecture"))
    results = search("atelier " + "x" * 50_000)
    assert not results.unusable_query
    # Only the first 200 characters are searched: « atelier » and a word beginning « xxx… ».
    assert results.count == 0
    assert [h.document.title for h in search("atelier lecture " * 500).hits] == ["Ateliers de lecture"]


def test_quotes_and_operators_are_plain_words():
    index_documents(doc("Ateliers de lecture"))
    assert titles('"atelier" OR NOT lecture*') == []
    assert titles('atelier" lecture (') == ["Ateliers de lecture"]


# Highlights --------------------------------------------------------------------------------


def test_matches_are_highlighted_in_title_and_excerpt():
    index_documents(doc("Ateliers d'éveil", "Les parents viennent à l'atelier du samedi."))
    (hit,) = search("atelier eveil").hits
    assert hit.title_html == "<mark>Ateliers</mark> d&#x27;<mark>éveil</mark>"
    assert "<mark>atelier</mark>" in hit.excerpt_html


def test_highlights_escape_html():
    index_documents(doc("<script>alert(1)</script> atelier"))
    (hit,) = search("atelier").hits
    assert "<script>" not in hit.title_html
    assert "&lt;script&gt;" in hit.title_html
