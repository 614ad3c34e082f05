"""The network API: a partnership's nodes, edges and measures, and the Québec summary.

The known network is the one of the portraits' tests (``portraits/tests/test_network.py``).
"""

from __future__ import annotations

import pytest
from django.test import Client

from partners.models import Partnership
from portraits.tests.test_network import empty_cache, world  # noqa: F401 - fixtures

API = "/api/v1"


def _network(client: Client, pk: int):
    return client.get(f"{API}/portraits/partnerships/{pk}/network")


def test_partnership_network(client, world):  # noqa: F811
    response = _network(client, world.alpha.pk)
    assert response.status_code == 200
    body = response.json()
    assert body["partnership"] == world.alpha.pk
    nodes = {node["name"][0]: node for node in body["nodes"]}
    assert sorted(nodes) == ["A", "B", "C", "D", "E"]
    assert nodes["C"]["betweenness"] == pytest.approx(2 / 6, abs=1e-6)
    assert nodes["C"]["degree"] == 3
    assert nodes["A"] | {"betweenness": None} == {
        "id": world.a.pk,
        "name": "A — CPE Les Lucioles",
        "sector": "services-de-garde",
        "role": "comite",
        "degree": 2,
        "betweenness": None,
        "shared_actions": 2,
        "partnerships": 2,
        "url": f"/partenaires/{world.a.pk}/",
    }
    assert body["edges"][0] == {"source": world.a.pk, "target": world.b.pk, "weight": 2}
    assert len(body["edges"]) == 4
    measures = body["measures"]
    assert measures["density"] == 0.4
    assert measures["components"] == 2
    assert measures["isolated"] == [world.e.pk]
    assert measures["bridging"] == [world.a.pk, world.c.pk]
    assert measures["members"] == 5 and measures["links"] == 4 and measures["actions"] == 6
    assert [s["code"] for s in measures["missing_sectors"]] == [
        "bibliotheques-culture",
        "emploi-solidarite",
        "philanthropie",
        "recherche",
        "autre",
    ]
    assert measures["sectors"][0] == {
        "code": "services-de-garde",
        "label": "Services de garde éducatifs",
        "count": 1,
    }


def test_unknown_or_inactive_partnership_is_a_french_json_404(client, world):  # noqa: F811
    Partnership.objects.filter(pk=world.beta.pk).update(is_active=False)
    for pk in (world.beta.pk, 999_999):
        response = _network(client, pk)
        assert response.status_code == 404
        assert response.json() == {
            "detail": "Ce regroupement n'existe pas ou n'est plus actif.",
            "errors": [],
        }


def test_quebec_network(client, world):  # noqa: F811
    body = client.get(f"{API}/portraits/network").json()
    assert body["organisations"] == 7
    assert body["partnerships"] == 3
    assert body["memberships"] == 9
    assert body["links"] == 1
    assert body["isolated_partnerships"] == 1
    assert body["bridging_organisations"] == 2
    assert body["per_partnership_count"] == [
        {"partnerships": 1, "organisations": 5},
        {"partnerships": 2, "organisations": 2},
    ]
    assert [p["name"] for p in body["central"]] == ["Alpha", "Beta"]
    assert body["bridging"][0]["name"] == "A — CPE Les Lucioles"
    sectors = {s["code"]: (s["partnerships"], s["organisations"]) for s in body["sectors"]}
    assert len(sectors) == 10
    assert sectors["education"] == (2, 1)
    assert sectors["autre"] == (0, 0)


def test_documented_in_the_openapi_document(client, db):
    document = client.get(f"{API}/openapi.json").json()
    operation = document["paths"][f"{API}/portraits/partnerships/{{partnership_id}}/network"]["get"]
    assert operation["summary"] == "Réseau d'un regroupement"
    assert "404" in operation["responses"]
    assert "densité" in operation["description"]
    assert "/api/v1/portraits/network" in document["paths"]
    node = document["components"]["schemas"]["NodeOut"]["properties"]
    assert "intermédiarité" in node["betweenness"]["description"]
