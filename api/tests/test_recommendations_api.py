"""Pistes inspirantes in the API: the same needs and ranking as the page, the plan's
visibility through tokens, the réinvestir link for the plan's coordinators only, the
OpenAPI document and a constant number of queries."""

# Fixtures shared with other test modules are imported, then named as test arguments.
# ruff: noqa: F811

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.tests.test_plans_api import auth, error  # noqa: F401 - fixture and helpers
from plans.models import Objective
from portraits.tests.test_gaps import add_action
from portraits.tests.test_recommendations import PARK, PRIORITY, SIMILAR, empty_cache, others  # noqa: F401

pytestmark = pytest.mark.django_db

API = "/api/v1"


def url(plan_id):
    return f"{API}/plans/{plan_id}/recommendations"


def test_the_needs_and_their_recommendations(client, plans, others):
    response = client.get(url(plans.plan.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert [(need["kind"], need["title"]) for need in body["items"]] == [
        ("priority", PRIORITY),
        ("gap", "Santé physique et saines habitudes de vie"),
        ("gap", "Habiletés cognitives"),
        ("gap", "Compétences sociales et affectives"),
    ]
    priority = body["items"][0]
    assert priority["system"] == "enfant"
    assert priority["factors"] == [
        {"code": "habiletes-langagieres", "label": "Habiletés langagières et de communication"}
    ]
    first = priority["recommendations"][0]
    titles = [r["title"] for r in priority["recommendations"]]
    assert titles.index(SIMILAR) < titles.index(PARK)
    similar = next(r for r in priority["recommendations"] if r["title"] == SIMILAR)
    assert similar == {
        "kind": "action",
        "id": others.similar.pk,
        "title": SIMILAR,
        "url": f"/actions/{others.similar.pk}/",
        "summary": "",
        "origin": "Concertation petite enfance Hochelaga — Montréal",
        "shared_factors": ["Habiletés langagières et de communication"],
        "similarity": similar["similarity"],
        "reuse_count": 0,
        "score": similar["score"],
        "reinvest_url": "",
    }
    assert 0 < similar["similarity"] <= 1
    assert first["score"] >= similar["score"]
    gap = body["items"][1]
    assert gap["reasons"][0] == "La priorité « Stimuler le langage dès 2 ans » porte sur le système Enfant."


@pytest.mark.parametrize(
    ("role", "may_reinvest"),
    [
        ("anonyme", False),
        ("membre", False),
        ("coordonnateur", True),
        ("coordonnateur_autre", False),
        ("administrateur", True),
    ],
)
def test_the_reinvest_link_only_for_who_may_reinvest(client, plans, others, auth, role, may_reinvest):
    body = client.get(url(plans.plan.pk), headers=auth[role]).json()
    links = {r["reinvest_url"] for need in body["items"] for r in need["recommendations"]}
    if may_reinvest:
        assert f"/actions/{others.similar.pk}/reinvestir/?plan={plans.plan.pk}" in links
        assert "" not in links
    else:
        assert links == {""}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonyme", 404),
        ("membre", 404),
        ("coordonnateur", 404),
        ("coordonnateur_autre", 200),
        ("editeur", 404),
        ("administrateur", 200),
    ],
)
def test_a_members_only_plan_only_for_its_people(client, plans, others, auth, role, status):
    response = client.get(url(plans.hidden.pk), headers=auth[role])
    assert response.status_code == status
    if status == 404:
        assert error(response, 404)["detail"] == f"Aucun plan d'action ne porte le numéro {plans.hidden.pk}."


@pytest.mark.parametrize("plan_id", ["999999", "99999999999999999999", "0"])
def test_unknown_plans_are_404_in_french(client, db, plan_id):
    assert error(client.get(url(plan_id)), 404)["detail"] == (
        f"Aucun plan d'action ne porte le numéro {int(plan_id)}."
    )


def test_a_malformed_number_is_a_400(client, db):
    error(client.get(url("abc")), 400)


def test_openapi_documents_the_operation(client, db):
    document = client.get(f"{API}/openapi.json").json()
    operation = document["paths"]["/api/v1/plans/{plan_id}/recommendations"]["get"]
    assert operation["operationId"] == "api_recommendations_plan_recommendations"
    assert operation["summary"] == "Pistes inspirantes d'un plan"
    assert set(operation["responses"]) >= {"200", "400", "401", "404"}
    schemas = document["components"]["schemas"]
    assert "score" in schemas["RecommendationOut"]["properties"]


def _queries(client):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(client.plan_id)).status_code == 200
    return len(queries)


def test_the_answer_costs_the_same_whatever_the_candidates(client, plans, others, network):
    client.plan_id = plans.plan.pk
    before = _queries(client)
    language = Objective.objects.get(plan=others.public, title="Parler davantage")
    for k in range(6):
        add_action(network.other_coordinator, others.public, f"Comptines et langage {k}", [language])
    assert _queries(client) == before
