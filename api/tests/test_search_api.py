"""GET /api/v1/search: the search page's results, facets and errors, as JSON."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import actions as account_actions
from plans import actions as plan_actions
from plans.models import ActionStatus
from search import index
from search.query import forget_synonyms
from search.tests.helpers import grow_library
from taxonomy.models import ActionType

pytestmark = pytest.mark.django_db

API = "/api/v1/search"


@pytest.fixture(autouse=True)
def fresh_synonyms():
    forget_synonyms()
    yield
    forget_synonyms()


@pytest.fixture
def indexed(plans, library):
    index.rebuild()
    return library


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body


def test_answer_shape(client, indexed):
    body = ok(client.get(API, {"q": "grille"}))
    assert set(body) == {"count", "items", "facets", "notice", "suggestion"}
    assert body["count"] == 1
    assert body["notice"] is None
    assert body["suggestion"] is None
    assert body["items"] == [
        {
            "type": "library",
            "kind": "outil",
            "title": "Grille d'animation des haltes-garderies communautaires",
            "url": "/bibliotheque/grille-danimation-des-haltes-garderies-communautaires/",
            "excerpt": "Une <mark>grille</mark> pour planifier les activités de jeu libre en halte-garderie.",
            "language": "fr",
            "date": "2025-05-10",
            "copies": 1,
            "group": None,
        }
    ]
    assert set(body["facets"]) == {"type", "system", "factor", "theme", "region", "age"}
    regions = {v["value"]: v for v in body["facets"]["region"]}
    assert regions["06"] == {"value": "06", "label": "06 Montréal", "count": 1}
    assert regions["01"]["count"] == 0
    assert {v["value"] for v in body["facets"]["type"]} == {
        "apprentissage",
        "outil",
        "publication",
        "dossier",
        "actualite",
        "organisation",
        "regroupement",
        "action",
    }


def test_every_kind_in_one_search(client, indexed, network):
    body = ok(client.get(API, {"q": "rimouski", "limit": 100}))
    kinds = {(item["type"], item["kind"]) for item in body["items"]}
    assert ("organisation", "organisation") in kinds
    assert ("partnership", "regroupement") in kinds
    urls = {item["url"] for item in body["items"]}
    assert f"/partenaires/{network.clsc.pk}/" in urls


def test_french_search_behaviour_in_the_api(client, indexed):
    body = ok(client.get(API, {"q": "educatrice", "type": "actualite"}))
    assert [item["title"] for item in body["items"]] == ["Nouvelle cohorte de formation des éducatrices"]
    body = ok(client.get(API, {"q": "CPE", "type": "apprentissage"}))
    assert body["count"] == 1


def test_facets_or_within_and_across(client, indexed):
    both = ok(client.get(API, {"type": ["outil", "publication"]}))
    assert both["count"] == 2
    narrowed = ok(client.get(API, {"type": ["outil", "publication"], "theme": "developpement-moteur"}))
    assert [item["kind"] for item in narrowed["items"]] == ["outil"]
    # The type's counts ignore the type filter; the theme's respect it.
    types = {v["value"]: v["count"] for v in narrowed["facets"]["type"]}
    assert types["outil"] == 1
    themes = {v["value"]: v["count"] for v in narrowed["facets"]["theme"]}
    assert themes["developpement-moteur"] == 1
    assert themes["eveil-lecture-ecriture"] == 0


def test_limit_offset_and_sort(client, indexed, network):
    grow_library(network, 30)
    first = ok(client.get(API, {"q": "atelier lecture numero", "sort": "date", "limit": 10}))
    assert first["count"] == 30
    assert first["items"][0]["title"] == "Atelier de lecture numéro 29"
    second = ok(client.get(API, {"q": "atelier lecture numero", "sort": "date", "limit": 10, "offset": 10}))
    assert second["items"][0]["title"] == "Atelier de lecture numéro 19"
    past = ok(client.get(API, {"q": "atelier lecture numero", "offset": 10_000_000_000_000}))
    assert past["count"] == 30
    assert past["items"] == []


def test_unusable_query_answers_a_notice(client, indexed):
    body = ok(client.get(API, {"q": "!!! le de la"}))
    assert body["count"] == 0
    assert body["items"] == []
    assert "ne peuvent pas être cherchés" in body["notice"]


def test_long_query_answers_a_notice(client, indexed):
    body = ok(client.get(API, {"q": "grille " * 1000}))
    assert body["count"] == 1
    assert "200 premiers caractères" in body["notice"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"theme": "inconnu"}, "theme", "« inconnu » n'est pas une valeur connue de ce filtre."),
        ({"type": "roman"}, "type", "« roman » n'est pas une valeur connue de ce filtre."),
        ({"sort": "hasard"}, "sort", "« hasard » n'est pas un tri offert"),
        ({"limit": "0"}, "limit", "doit valoir au moins 1"),
        ({"limit": "many"}, "limit", "doit être un nombre entier"),
    ],
)
def test_bad_values_are_french_400(client, indexed, params, field, message):
    body = error(client.get(API, params), 400)
    assert body["errors"][0]["field"] == field
    assert message in body["errors"][0]["message"]


def test_wrong_token_is_a_401(client, indexed):
    error(client.get(API, {"q": "atelier"}, headers={"Authorization": "Bearer nimporte-quoi"}), 401)


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


def _token(user):
    _token_object, key = account_actions.create_token(user, "Essai")
    return {"Authorization": f"Bearer {key}"}


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
def test_members_only_actions_need_a_token_of_their_people(client, role_users, hidden_action, role, sees):
    user = role_users[role]
    headers = _token(user) if user else {}
    body = ok(client.get(API, {"q": "brigade"}, headers=headers))
    assert (body["count"] == 1) is sees


def test_session_does_not_lend_its_user(client, hidden_action, network):
    client.force_login(network.other_coordinator)
    assert ok(client.get(API, {"q": "brigade"}))["count"] == 0


def test_documented_in_openapi(client, db):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/search"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "type", "system", "factor", "theme", "region", "age", "sort", "limit", "offset"} <= names
    assert "200" in operation["responses"] and "400" in operation["responses"]
    schema = document["components"]["schemas"]["SearchItemOut"]
    assert "<mark>" in schema["properties"]["excerpt"]["description"]


def _queries(client, params):
    client.get(API, params)
    with CaptureQueriesContext(connection) as context:
        response = client.get(API, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "params", [{"q": "atelier"}, {"q": "lecture", "theme": ["langage", "parentalite"], "region": "01"}, {}]
)
def test_search_costs_the_same_queries_whatever_the_data(client, indexed, network, params):
    grow_library(network, 3)
    small = _queries(client, {**params, "limit": 100})
    grow_library(network, 60)
    assert _queries(client, {**params, "limit": 100}) == small
