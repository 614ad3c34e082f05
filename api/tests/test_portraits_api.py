"""The portraits' API: the same figures as the pages, documented, with French 404s."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from api.api import api
from portraits.tests.world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(network, plans, library):
    cache.clear()
    yield build(network, plans, library)
    cache.clear()


def test_quebec_portrait(client, world):
    response = client.get("/api/v1/portraits/quebec")
    assert response.status_code == 200
    data = response.json()
    assert data["kind"] == "quebec"
    assert data["figures"] == {
        "organisations": 4,
        "partnerships": 3,
        "plans": 2,
        "actions": 6,
        "children_0_5": 5000,
        "children_reached": 180,
        "parents_reached": 120,
        "families_reached": 95,
        "library_items": 4,
        "reinvestments_made": 3,
    }
    assert data["reach_latest"] == {"year": 2026, "children": 100, "parents": 50, "families": 40}
    assert data["reinvestments_received"] is None
    assert len(data["areas"]) == 17
    montreal = next(area for area in data["areas"] if area["code"] == "06")
    assert (montreal["figures"]["actions"], montreal["url"]) == (3, "/portraits/regions/06/")
    assert [s["code"] for s in data["systems"]] == ["enfant", "famille", "communaute"]
    language = next(row for row in data["matrix"] if row["factor_code"] == "habiletes-langagieres")
    assert language["counts"] == [2, 0, 0]
    assert data["eqdem"]["years"] == [2012, 2017, 2022]
    overall = next(row for row in data["eqdem"]["rows"] if row["is_overall"])
    assert overall["quebec"] == [25.6, 27.7, 28.7]
    assert data["comparisons"] == []


def test_region_portrait_compares_with_quebec(client, world):
    data = client.get("/api/v1/portraits/regions/06").json()
    assert (data["key"], data["name"]) == ("region-06", "Montréal")
    assert (data["figures"]["actions"], data["reinvestments_received"]) == (3, 1)
    assert [area["label"] for area in data["areas"]] == [
        "Concertation petite enfance Hochelaga",
        "Table petite enfance Saint-Michel",
    ]
    per_partnership = next(c for c in data["comparisons"] if c["code"] == "actions-par-regroupement")
    assert (per_partnership["value"], per_partnership["quebec"]) == (1.5, 2.0)
    assert isinstance(data["gaps"], list)


def test_partnership_portrait(client, world):
    data = client.get(f"/api/v1/portraits/partnerships/{world.hochelaga.pk}").json()
    assert data["kind"] == "partnership"
    assert (data["figures"]["library_items"], data["figures"]["reinvestments_made"]) == (1, 2)
    assert data["areas"] == []


def test_english_labels(client, world):
    data = client.get("/api/v1/portraits/regions/06", headers={"accept-language": "en"}).json()
    assert [s["label"] for s in data["systems"]][0] == "Child"


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("/api/v1/portraits/regions/99", "Aucune région administrative ne porte le code « 99 »."),
        ("/api/v1/portraits/partnerships/999999", "Ce regroupement n'existe pas ou n'est plus actif."),
    ],
)
def test_unknown_scopes_are_french_404s(client, world, url, detail):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": detail, "errors": []}


def test_an_inactive_partnership_is_a_404(client, world):
    assert client.get(f"/api/v1/portraits/partnerships/{world.closed.pk}").status_code == 404


def test_a_second_request_is_read_from_the_cache(client, world, django_assert_max_num_queries):
    client.get("/api/v1/portraits/regions/06")
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/portraits/regions/06").status_code == 200


def test_documented_in_the_openapi_document():
    schema = api.get_openapi_schema()
    for path in (
        "/api/v1/portraits/quebec",
        "/api/v1/portraits/regions/{code}",
        "/api/v1/portraits/partnerships/{partnership_id}",
    ):
        operation = schema["paths"][path]["get"]
        assert operation["summary"].startswith("Portrait")
        assert operation["description"]
    assert 404 in schema["paths"]["/api/v1/portraits/regions/{code}"]["get"]["responses"]
    figures = schema["components"]["schemas"]["FiguresOut"]["properties"]
    assert (
        figures["children_0_5"]["description"]
        == "Enfants de 0 à 5 ans : sur les territoires des regroupements locaux (Québec, une région) "
        "ou sur le territoire du regroupement."
    )
