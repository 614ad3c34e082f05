"""The search page /recherche/: results across the site, facets, states, errors, exports, audience."""

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from partners.models import Affiliation
from plans import actions as plan_actions
from plans.models import ActionStatus
from search import index, registry
from search.query import forget_synonyms
from taxonomy.models import ActionType

from .helpers import grow_library

pytestmark = pytest.mark.django_db

URL = "/recherche/"


@pytest.fixture(autouse=True)
def fresh_synonyms():
    forget_synonyms()
    yield
    forget_synonyms()


@pytest.fixture
def indexed(plans, library):
    """The network, its plans and the library, all in the index."""
    index.rebuild()
    return library


def html(response, status=200):
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def hit_titles(page):
    """The result titles in order, without their highlight marks."""
    import re

    titles = re.findall(r'<li>\s*<p class="meta">.*?<h3><a [^>]*>(.*?)</a></h3>', page, re.S)
    return [re.sub(r"</?mark>", "", t).replace("&#x27;", "'") for t in titles]


# The empty state ---------------------------------------------------------------------------


def test_without_words_nor_filter_suggests_searches(client, indexed):
    page = html(client.get(URL))
    assert "Que cherchez-vous ?" in page
    assert 'href="?q=halte-garderie"' in page
    assert 'href="?theme=parentalite"' in page
    # Nothing is searched: no result count, no counts beside the facets.
    assert "résultat" not in page
    assert 'class="count"' not in page
    assert 'name="theme" value="langage"' in page


def test_suggested_search_works(client, indexed):
    page = html(client.get(URL, {"q": "halte-garderie"}))
    assert "Grille d'animation des haltes-garderies communautaires" in hit_titles(page)


# Results -----------------------------------------------------------------------------------


def test_one_search_finds_every_kind(client, indexed, network):
    page = html(client.get(URL, {"q": "rimouski"}))
    # A partner, a partnership and a library item credited to Rimouski's region are all found.
    assert "CLSC de Rimouski" in hit_titles(page)
    assert "Regroupement Naître et grandir à Rimouski" in hit_titles(page)
    assert '<span class="kind">Partenaire</span>' in page
    assert '<span class="kind">Regroupement</span>' in page
    page = html(client.get(URL, {"q": "ateliers parents enfants"}))
    assert '<span class="kind">Action</span>' in page
    assert '<span class="kind">Apprentissage</span>' in page


def test_results_show_highlight_kind_date_and_address(client, indexed):
    page = html(client.get(URL, {"q": "grille", "type": "outil"}))
    assert "1 résultat" in page
    assert (
        '<a href="/bibliotheque/grille-danimation-des-haltes-garderies-communautaires/">'
        "<mark>Grille</mark> d&#x27;animation des haltes-garderies communautaires</a>"
    ) in page
    assert '<p class="excerpt">Une <mark>grille</mark> pour planifier' in page
    assert '<time datetime="2025-05-10">10 mai 2025</time>' in page


def test_english_items_carry_a_language_badge(client, indexed):
    page = html(client.get(URL, {"q": "workshops"}))
    assert "Parent-child early reading workshops" in hit_titles(page)
    assert '<span class="tag tag-language">En anglais</span>' in page
    assert 'hreflang="en" lang="en"' in page


def test_english_page_links_to_english_pages_and_marks_french_items(client, indexed, network):
    page = html(client.get("/en/recherche/", {"q": "rimouski"}))
    assert f'href="/en/partenaires/{network.clsc.pk}/"' in page
    page = html(client.get("/en/recherche/", {"q": "grille"}))
    # A French library page exists only at its French address.
    assert 'href="/bibliotheque/grille-danimation-des-haltes-garderies-communautaires/"' in page
    assert 'hreflang="fr" lang="fr"' in page


def test_query_typed_is_kept_and_escaped(client, indexed):
    page = html(client.get(URL, {"q": '<script>alert("x")</script> atelier'}))
    assert "<script>alert" not in page
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; atelier"' in page


# Facets, sorting, pagination ------------------------------------------------------------


def test_facets_show_counts_and_filter_with_or_within_and_across(client, indexed):
    page = html(client.get(URL, {"q": "tout-petits"}))
    assert 'aria-label="2 résultats">2</span>' in page or 'aria-label="1 résultat">1</span>' in page
    both_regions = html(client.get(URL, {"region": ["01", "06"], "type": ["outil", "publication"]}))
    assert sorted(hit_titles(both_regions)) == [
        "Grille d'animation des haltes-garderies communautaires",
        "Portrait des tout-petits de Hochelaga",
    ]
    one = html(client.get(URL, {"region": ["06"], "type": ["outil"]}))
    assert hit_titles(one) == ["Grille d'animation des haltes-garderies communautaires"]


def test_ticked_values_stay_ticked(client, indexed):
    page = html(client.get(URL, {"q": "lecture", "theme": "eveil-lecture-ecriture", "sort": "date"}))
    assert 'name="theme" value="eveil-lecture-ecriture" checked' in page
    assert '<option value="date" selected>' in page


def test_sort_by_date(client, indexed):
    page = html(
        client.get(URL, {"type": ["apprentissage", "outil", "publication", "actualite"], "sort": "date"})
    )
    assert hit_titles(page)[:3] == [
        "Nouvelle cohorte de formation des éducatrices",
        "Grille d'animation des haltes-garderies communautaires",
        "Ateliers parents-enfants d'éveil à la lecture",
    ]


def test_pages_of_twenty(client, indexed, network):
    grow_library(network, 45)
    first = html(client.get(URL, {"q": "atelier lecture numero"}))
    assert "45 résultats" in first
    assert len(hit_titles(first)) == 20
    assert "Page 1 sur 3" in first
    assert 'href="?q=atelier+lecture+numero&amp;page=2" rel="next"' in first
    third = html(client.get(URL, {"q": "atelier lecture numero", "page": "3"}))
    assert len(hit_titles(third)) == 5
    assert '<ol class="result-list search-hits" start="41">' in third


def test_page_number_that_is_not_a_number_is_a_french_400(client, indexed):
    page = html(client.get(URL, {"q": "atelier", "page": "deux"}), 400)
    assert "Le numéro de page « deux » n&#x27;est pas un nombre." in page


def test_page_past_the_end_is_a_french_404(client, indexed):
    page = html(client.get(URL, {"q": "atelier", "page": "9"}), 404)
    assert "La page 9 n&#x27;existe pas" in page
    html(client.get(URL, {"q": "atelier", "page": "99999999999999999999999"}), 404)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"theme": "inconnu"}, "Thème : « inconnu » n&#x27;est pas une valeur connue de ce filtre."),
        ({"region": "99"}, "Région : « 99 » n&#x27;est pas une valeur connue de ce filtre."),
        ({"type": "roman"}, "Type : « roman » n&#x27;est pas une valeur connue de ce filtre."),
        ({"q": "atelier", "sort": "hasard"}, "« hasard » n&#x27;est pas un tri offert"),
        ({"format": "pdf"}, "Le format « pdf » n&#x27;est pas offert"),
    ],
)
def test_unknown_values_are_a_french_400(client, indexed, params, message):
    assert message in html(client.get(URL, params), 400)


# States ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["!!!", "le de la", "« » ?"])
def test_unusable_query_gives_a_clear_message(client, indexed, text):
    page = html(client.get(URL, {"q": text}))
    assert "Aucune recherche possible avec ces mots" in page
    assert "ne contient aucun mot qui puisse être cherché" in page


def test_absurdly_long_query_is_cut_with_a_note(client, indexed):
    page = html(client.get(URL, {"q": "atelier " * 2_000}))
    assert "seuls ses 200 premiers caractères" in page
    assert "Ateliers parents-enfants d'éveil à la lecture" in hit_titles(page)


def test_zero_results_offer_to_remove_each_filter(client, indexed):
    page = html(client.get(URL, {"q": "atelier", "region": "06", "theme": "langage"}))
    assert "Aucun résultat pour « atelier » avec ces critères." in page
    assert "Vérifiez l'orthographe" in page
    assert '<a href="?region=06&amp;theme=langage">Chercher sans le critère « Mots : atelier »</a>' in page
    assert (
        '<a href="?q=atelier&amp;theme=langage">Chercher sans le critère « Région : 06 Montréal »</a>' in page
    )
    assert (
        '<a href="?q=atelier&amp;region=06">Chercher sans le critère « Thème : Langage et communication »</a>'
        in page
    )


def test_htmx_gets_only_the_results(client, indexed):
    response = client.get(URL, {"q": "atelier"}, headers={"HX-Request": "true"})
    page = html(response)
    assert page.lstrip().startswith('<div id="listing"')
    assert "<html" not in page
    assert "atelier" in page


def test_form_works_without_javascript(client, indexed):
    page = html(client.get(URL))
    assert '<form class="filters search-filters" method="get" action="/recherche/" role="search"' in page
    assert '<button type="submit">Chercher</button>' in page
    assert '<label for="id_q">Mots cherchés</label>' in page


# Exports -----------------------------------------------------------------------------------


def test_csv_export_holds_every_match(client, indexed, network):
    grow_library(network, 25)
    response = client.get(URL, {"q": "atelier lecture numero", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="recherche-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Type", "Titre", "Résumé", "Date", "Langue", "Réinvestissements", "Adresse"]
    assert len(rows) == 26
    assert rows[1][4] == "français"
    assert rows[1][6].startswith("http://testserver/bibliotheque/")


def test_xlsx_export(client, indexed):
    response = client.get(URL, {"q": "grille", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Type", "Titre")
    assert rows[1][:2] == ("Outil", "Grille d'animation des haltes-garderies communautaires")


def test_export_of_an_unusable_query_is_empty_not_an_error(client, indexed):
    response = client.get(URL, {"q": "!!!", "format": "csv"})
    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == 1


# Members-only actions ----------------------------------------------------------------------


@pytest.fixture
def hidden_action(indexed, plans, network):
    action = plan_actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {
            "title": "Brigade confidentielle de motricité",
            "action_type": ActionType.objects.get(code="formation"),
            "status": ActionStatus.PLANNED,
            "progress": 0,
        },
    )
    index.update("action", [action.pk])
    return action


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonyme", False),
        ("membre", False),
        ("coordonnateur", False),
        ("coordonnateur_autre", True),
        ("editeur", False),
        ("administrateur", True),
    ],
)
def test_members_only_actions_are_found_only_by_their_people(client, role_users, hidden_action, role, sees):
    user = role_users[role]
    if user:
        client.force_login(user)
    page = html(client.get(URL, {"q": "brigade motricite"}))
    assert ("Brigade confidentielle de motricité" in hit_titles(page)) is sees
    csv_text = client.get(URL, {"q": "brigade motricite", "format": "csv"}).content.decode("utf-8")
    assert ("Brigade confidentielle de motricité" in csv_text) is sees


def test_people_of_a_member_organisation_find_members_only_actions(client, hidden_action, network, make_user):
    worker = make_user("intervenante@maison.qc.ca")
    Affiliation.objects.create(user=worker, organisation=network.maison)
    client.force_login(worker)
    assert hit_titles(html(client.get(URL, {"q": "brigade"}))) == ["Brigade confidentielle de motricité"]


def test_audience_rule_follows_plan_visibility(hidden_action, network, plans):
    assert registry.audience_of(AnonymousUser()) == []
    assert registry.audience_of(network.coordinator) == []
    assert registry.audience_of(network.other_coordinator) == [network.montreal.pk]
    assert registry.audience_of(network.admin) is None


# Constant queries --------------------------------------------------------------------------


def _queries(client, params):
    client.get(URL, params)  # the synonyms' cache is warm for both measures
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "atelier lecture"},
        {"q": "atelier", "theme": ["langage", "parentalite"], "region": "01", "sort": "date"},
        {"type": "outil", "format": "csv"},
    ],
)
def test_search_costs_the_same_queries_whatever_the_data(client, indexed, network, params):
    grow_library(network, 3)
    small = _queries(client, params)
    grow_library(network, 60, word="Atelier")
    large = _queries(client, params)
    assert large == small
    assert small <= 12


def test_signed_in_search_costs_the_same_queries_whatever_the_data(client, hidden_action, network):
    client.force_login(network.other_coordinator)
    params = {"q": "atelier", "region": "06"}
    grow_library(network, 3)
    small = _queries(client, params)
    grow_library(network, 50)
    assert _queries(client, params) == small
