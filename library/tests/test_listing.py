"""The library's listing /bibliotheque/: the search kept to library items, newest first."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import Reinvestment
from search import index
from search.query import forget_synonyms
from search.tests.helpers import grow_library

pytestmark = pytest.mark.django_db

URL = "/bibliotheque/"


@pytest.fixture(autouse=True)
def fresh_synonyms():
    forget_synonyms()
    yield
    forget_synonyms()


@pytest.fixture
def indexed(plans, library):
    index.rebuild()
    return library


def html(response, status=200):
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def listed(page):
    """Titles of the listed items, in order (not the featured ones)."""
    titles = re.findall(r'<li>\s*<p class="meta">.*?<h3><a [^>]*>(.*?)</a></h3>', page, re.S)
    return [re.sub(r"</?mark>", "", t).replace("&#x27;", "'") for t in titles]


def featured(page):
    return [t.replace("&#x27;", "'") for t in re.findall(r"<h4><a [^>]*>(.*?)</a></h4>", page)]


def test_lists_published_items_newest_first(client, indexed):
    page = html(client.get(URL))
    assert "<h1>Bibliothèque</h1>" in page
    assert "Les apprentissages, outils et publications des partenaires." in page
    assert "5 résultats" in page
    assert listed(page) == [
        "Nouvelle cohorte de formation des éducatrices",
        "Grille d'animation des haltes-garderies communautaires",
        "Ateliers parents-enfants d'éveil à la lecture",
        "Parent-child early reading workshops",
        "Portrait des tout-petits de Hochelaga",
    ]
    assert '<option value="date" selected>' in page


def test_featured_items_are_shown_above_without_filter(client, indexed):
    assert featured(html(client.get(URL))) == ["Nouvelle cohorte de formation des éducatrices"]
    assert featured(html(client.get(URL, {"theme": "langage"}))) == []
    assert featured(html(client.get(URL, {"q": "formation"}))) == []


def test_only_library_items_are_listed(client, indexed):
    page = html(client.get(URL, {"q": "rimouski"}))
    assert "CLSC de Rimouski" not in page
    assert "Regroupement Naître et grandir à Rimouski" not in listed(page)
    assert 'name="type" value="organisation"' not in page
    assert 'name="type" value="outil"' in page


def test_other_kinds_are_refused(client, indexed):
    page = html(client.get(URL, {"type": "organisation"}), 400)
    assert "Type : « organisation » n&#x27;est pas une valeur connue de ce filtre." in page


def test_words_sort_by_relevance(client, indexed):
    page = html(client.get(URL, {"q": "éducatrices"}))
    assert '<option value="relevance" selected>' in page
    assert listed(page)[0] == "Nouvelle cohorte de formation des éducatrices"


def test_facets_count_library_items_only(client, indexed):
    page = html(client.get(URL, {"region": "06"}))
    assert sorted(listed(page)) == [
        "Grille d'animation des haltes-garderies communautaires",
        "Portrait des tout-petits de Hochelaga",
    ]
    assert re.search(
        r'value="outil">\s*<span>Outil</span>\s*<span class="count" aria-label="1 résultat">1', page
    )


def test_most_reused_first(client, indexed, plans, network):
    Reinvestment.objects.create(
        source_item=indexed.tool, action=plans.stimulation, partnership=network.rimouski, adapted="Tout"
    )
    index.update("library", [indexed.tool.pk])
    page = html(client.get(URL, {"sort": "reuse"}))
    assert '<option value="reuse" selected>Les plus réinvestis</option>' in page
    assert listed(page)[0] == "Grille d'animation des haltes-garderies communautaires"
    assert "réinvesti 1 fois" in page


def test_credits_and_link_to_propose_an_item(client, indexed):
    page = html(client.get(URL))
    assert "CPE Les Petits Pas" in page
    assert '<a class="button" href="/bibliotheque/proposer/">' in page


def test_english_listing_shows_every_item_and_marks_french_ones(client, indexed):
    page = html(client.get("/en/bibliotheque/"))
    assert len(listed(page)) == 5
    assert page.count('<span class="tag tag-language">') == 4
    assert 'href="/en/bibliotheque/parent-child-early-reading-workshops/"' in page


def test_french_listing_marks_english_items(client, indexed):
    page = html(client.get(URL))
    assert page.count('<span class="tag tag-language">En anglais</span>') == 1


def test_htmx_gets_only_the_results(client, indexed):
    page = html(client.get(URL, {"theme": "langage"}, headers={"HX-Request": "true"}))
    assert page.lstrip().startswith('<div id="listing"')
    assert listed(page) == ["Nouvelle cohorte de formation des éducatrices"]


def test_csv_export_of_the_library(client, indexed):
    response = client.get(URL, {"format": "csv", "region": "06"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="bibliotheque-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    assert {row[0] for row in rows[1:]} == {"Outil", "Publication"}


def test_bad_page_is_a_french_error(client, indexed):
    assert "n&#x27;est pas un nombre" in html(client.get(URL, {"page": "x"}), 400)
    html(client.get(URL, {"page": "4"}), 404)


def _queries(client, params):
    client.get(URL, params)
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "params", [{}, {"q": "atelier"}, {"theme": ["langage"], "region": "01", "sort": "reuse"}]
)
def test_listing_costs_the_same_queries_whatever_the_data(client, indexed, network, params):
    grow_library(network, 4)
    small = _queries(client, params)
    grow_library(network, 60)
    assert _queries(client, params) == small
