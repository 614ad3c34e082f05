"""Ranking across kinds: repeated answers collapse, each kind's best answers come first.

The tests index documents of several types through the engine's writer and search with the
engine (``search.query.search``) or through the page and the API, on whichever database runs.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import search.query as engine
from search import index
from search.analysis import collapse_key
from search.query import forget_synonyms, search

from .helpers import doc

pytestmark = pytest.mark.django_db

URL = "/recherche/"
API = "/api/v1/search"


@pytest.fixture(autouse=True)
def fresh_synonyms():
    forget_synonyms()
    yield
    forget_synonyms()


def write(type_, *documents, start=1):
    """Index these documents as objects ``start``, ``start + 1``… of ``type_``."""
    index._write(type_, list(enumerate(documents, start=start)))


def titles(text, **options):
    return [hit.document.title for hit in search(text, **options).hits]


FATHERS = "Groupe de soutien pour les pères"


@pytest.fixture
def repeated():
    """One action in five plans (one of them members-only), a tool in three editions, others."""
    write(
        "action",
        *(
            doc(FATHERS, f"Dans le plan de {city}.", kind="action", days_ago=n)
            for n, city in enumerate(["Rimouski", "Gaspé", "Laval", "Alma"], start=1)
        ),
        doc(FATHERS, "Dans un plan réservé.", kind="action", audience=99, days_ago=5),
        doc("Soutien aux pères en périnatalité", kind="action", days_ago=6),
    )
    write(
        "library",
        doc("Guide pour rejoindre les pères — édition 2019", kind="outil", days_ago=30),
        doc("Guide pour rejoindre les pères — édition 2023", kind="outil", days_ago=3),
        doc("Guide pour rejoindre les pères (2)", kind="outil", days_ago=10),
        doc("Guide pour rejoindre les pères : version pour les éducatrices", kind="outil", days_ago=20),
    )


# Repeated answers ----------------------------------------------------------------------------


def test_the_same_action_in_many_plans_is_one_result(repeated):
    results = search("soutien pères")
    found = [(hit.document.title, hit.copies) for hit in results.hits]
    assert found.count((FATHERS, 4)) == 1  # the reserved copy is neither found nor counted
    assert ("Soutien aux pères en périnatalité", 1) in found
    assert results.count == len(found) == 2


def test_editions_of_an_item_are_one_result_with_its_versions(repeated):
    results = search("guide rejoindre pères", sort="date")
    found = [(hit.document.title, hit.copies) for hit in results.hits]
    # The newest edition stands for the three; another version of the tool is another answer.
    assert found == [
        ("Guide pour rejoindre les pères — édition 2023", 3),
        ("Guide pour rejoindre les pères : version pour les éducatrices", 1),
    ]
    assert results.count == 2


def test_the_collapse_key_ignores_editions_case_and_accents():
    assert collapse_key("library", "Guide (2)") == collapse_key("library", "GUIDE — Édition 2021")
    assert collapse_key("library", "Évaluation (2022-2023)") != collapse_key("library", "Évaluation")
    assert collapse_key("action", "Guide") != collapse_key("library", "Guide")


def test_an_answer_lists_its_copies(repeated):
    results = search("", group=collapse_key("action", FATHERS))
    assert [hit.document.title for hit in results.hits] == [FATHERS] * 4
    assert all(hit.copies == 1 for hit in results.hits)
    assert len(search("", group=collapse_key("action", FATHERS), everyone=True).hits) == 5


def test_copies_say_where_the_answer_is_whatever_the_words(repeated):
    # « Rimouski » is in one copy's text only: that copy stands for the answer, in four plans.
    hit = search("pères rimouski").hits[0]
    assert (hit.document.title, hit.copies) == (FATHERS, 4)


def test_collapsing_off_lists_every_document(repeated):
    assert titles("soutien pères", collapse=False).count(FATHERS) == 4


# Interleaving ------------------------------------------------------------------------------


@pytest.fixture
def mixed():
    """Partners named « Halte-garderie … » outscore everything; one learning, one action."""
    write(
        "organisation",
        *(
            doc(f"Halte-garderie {name}", kind="organisation")
            for name in ("Les Lucioles", "La Marelle", "Les Copains", "Le Nid", "La Ruche", "Le Cocon")
        ),
    )
    write("library", doc("Halte-garderie : ce que nous avons appris", "Un répit pour les parents."))
    write("action", doc("Halte-garderie communautaire", "Une halte-garderie au centre.", kind="action"))
    write(
        "partnership",
        doc(
            "Table de concertation de Verdun",
            "Une table qui parle de tout, dont une halte-garderie, parmi bien d'autres sujets, "
            "de loisirs, de logement, de transport, d'alimentation et de culture.",
            kind="regroupement",
        ),
    )


def test_without_interleaving_one_kind_floods_the_first_results(mixed):
    assert [hit.document.type for hit in search("halte-garderie").hits[:6]] == ["organisation"] * 6


def test_each_kind_s_best_answers_come_first(mixed):
    first = [hit.document.type for hit in search("halte-garderie", interleave=True).hits[:6]]
    assert {"library", "action", "organisation"} <= set(first)


def test_a_kind_that_only_mentions_the_words_is_not_brought_up(mixed):
    found = [hit.document.type for hit in search("halte-garderie", interleave=True).hits]
    assert found[-1] == "partnership"


def test_pages_continue_one_order(mixed, repeated):
    whole = [hit.document.pk for hit in search("halte-garderie", interleave=True, limit=100).hits]
    paged = [
        hit.document.pk
        for offset in range(0, len(whole), 3)
        for hit in search("halte-garderie", interleave=True, offset=offset, limit=3).hits
    ]
    assert paged == whole
    assert len(set(whole)) == len(whole)


@pytest.mark.parametrize("window", [1, 2, 3, 1_000])
def test_the_first_hits_and_the_exact_query_give_the_same_pages(mixed, repeated, monkeypatch, window):
    """The page made from the first hits in Python equals the one numbered in SQL."""
    monkeypatch.setattr(engine, "INTERLEAVE_WINDOW", window)
    monkeypatch.setattr(engine, "CANDIDATES_PER_ANSWER", 1)

    def pages(text, options):
        return [
            [(hit.document.pk, hit.copies) for hit in search(text, offset=o, limit=2, **options).hits]
            for o in (0, 2, 4)
        ] + [search(text, **options).count]

    texts = ("halte-garderie", "pères", "soutien", "")
    cases = [(t, o) for t in texts for o in ({"interleave": True}, {"sort": "date"}, {})]
    fast = [pages(text, options) for text, options in cases]

    def undecided(page_query, candidates, wanted):
        page_query.complete = False
        return None

    monkeypatch.setattr(engine._PageQuery, "_arrange", undecided)
    assert [pages(text, options) for text, options in cases] == fast


# The page and the API ----------------------------------------------------------------------


def hit_titles(page):
    found = re.findall(r'<li>\s*<p class="meta">.*?<h3><a [^>]*>(.*?)</a></h3>', page, re.S)
    return [re.sub(r"</?mark>", "", t).replace("&#x27;", "'") for t in found]


def test_search_page_interleaves_and_api_follows_the_same_order(client, mixed):
    page = client.get(URL, {"q": "halte-garderie"}).content.decode()
    shown = hit_titles(page)
    assert "Halte-garderie : ce que nous avons appris" in shown[:6]
    api = client.get(API, {"q": "halte-garderie", "limit": 20}).json()
    assert [item["title"] for item in api["items"]] == shown
    assert set(api) == {"count", "items", "facets", "notice", "suggestion"}


def test_choosing_a_type_keeps_pure_relevance(client, mixed):
    api = client.get(API, {"q": "halte-garderie", "type": ["organisation", "apprentissage"]}).json()
    assert [item["type"] for item in api["items"][:6]] == ["organisation"] * 6


def test_search_page_shows_the_copies_and_links_to_them(client, repeated):
    page = client.get(URL, {"q": "soutien pères"}).content.decode()
    key = collapse_key("action", FATHERS)
    link = key.replace(" ", "+").replace(":", "%3A")
    assert f'<a href="?group={link}">dans 4 plans d&#x27;action</a>' in page
    listing = client.get(URL, {"group": key}).content.decode()
    assert hit_titles(listing) == [FATHERS] * 4
    assert "Résultats semblables : Groupe de soutien pour les pères" in listing
    versions = client.get(URL, {"q": "guide rejoindre"}).content.decode()
    assert ">3 versions</a>" in versions


def test_api_gives_copies_and_their_group(client, repeated):
    items = client.get(API, {"q": "soutien pères"}).json()["items"]
    fathers = next(item for item in items if item["title"] == FATHERS)
    assert fathers["copies"] == 4
    listed = client.get(API, {"group": fathers["group"]}).json()
    assert listed["count"] == 4 and {item["copies"] for item in listed["items"]} == {1}


def test_did_you_mean_on_the_page_and_in_the_api(client, mixed):
    page = client.get(URL, {"q": "halte-gardrie"}).content.decode()
    assert "Aucun résultat pour « halte-gardrie » : voici ceux des mots les plus proches." in page
    assert 'Vouliez-vous dire : <a href="?q=halte-garderie">halte-garderie</a> ?' in page
    assert "Halte-garderie : ce que nous avons appris" in hit_titles(page)
    body = client.get(API, {"q": "halte-gardrie"}).json()
    assert body["suggestion"] == "halte-garderie"
    assert body["notice"] == "Aucun résultat pour « halte-gardrie » : voici ceux de « halte-garderie »."
    assert body["count"] > 0


def test_openapi_documents_the_suggestion_and_the_copies(client, db):
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert "Vouliez-vous dire" in schemas["SearchOut"]["properties"]["suggestion"]["description"]
    assert {"copies", "group"} <= set(schemas["SearchItemOut"]["properties"])
    names = {p["name"] for p in document["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert "group" in names


def test_interleaving_and_collapsing_cost_no_query_per_result(client, mixed, repeated):
    def count(params):
        client.get(URL, params)
        with CaptureQueriesContext(connection) as context:
            client.get(URL, params)
        return len(context.captured_queries)

    small = count({"q": "halte-garderie pères soutien"}), count({"q": "soutien"})
    write("action", *(doc(FATHERS, kind="action") for _ in range(30)), start=100)
    write("organisation", *(doc(f"Halte-garderie {n}", kind="organisation") for n in range(30)), start=100)
    assert (count({"q": "halte-garderie pères soutien"}), count({"q": "soutien"})) == small


def test_a_document_deleted_between_the_hits_and_their_reading_is_left_out(monkeypatch):
    write("library", doc("Halte-garderie du quartier"), doc("Halte-garderie de la gare"))
    real_in_bulk = engine.Document.objects.in_bulk

    def in_bulk_after_a_deletion(ids):
        engine.Document.objects.filter(pk=ids[0]).delete()  # another request deletes one meanwhile
        return real_in_bulk(ids)

    monkeypatch.setattr(engine.Document.objects, "in_bulk", in_bulk_after_a_deletion)
    assert len(titles("halte-garderie")) == 1
