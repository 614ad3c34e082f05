"""Réinvestissement in the API: who may reinvest, pre-filling from the source, French errors
by field, lineage reads, documentation and constant query counts."""

# Fixtures shared with other test modules are imported, then named as test arguments.
# ruff: noqa: F811

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.tests.test_plans_api import auth, bearer, error  # noqa: F401 - fixture and helpers
from library.actions.reuse import reinvest
from library.models import Reinvestment
from library.tests.test_reuse import hidden_action, hochelaga  # noqa: F401 - fixtures
from plans import actions as plan_actions
from plans.models import Action, Visibility
from search.models import Document
from taxonomy.models import ActionType

pytestmark = pytest.mark.django_db

API = "/api/v1"
JSON = "application/json"
ROLES = ["anonyme", "membre", "coordonnateur", "coordonnateur_autre", "editeur", "administrateur"]
NOT_THIS_PLAN = "Seuls les coordonnateurs du regroupement peuvent réinvestir une expérience dans ce plan."

# Into Rimouski's plan: its coordinator and administrators only.
INTO_RIMOUSKI = {
    "anonyme": 401,
    "membre": 403,
    "coordonnateur": 201,
    "coordonnateur_autre": 403,
    "editeur": 403,
    "administrateur": 201,
}


def post(client, path, body, headers):
    return client.post(f"{API}{path}", body, content_type=JSON, headers=headers)


def counts():
    return Action.objects.count(), Reinvestment.objects.count()


def body_for(plan, lead, **extra):
    body = {
        "plan": plan.pk,
        "lead": lead.pk,
        "action_type": "soutien-parental",
        "adapted": "Huit ateliers au lieu de dix.",
        "reason": "Nos familles travaillent en semaine.",
    }
    body.update(extra)
    return body


@pytest.mark.parametrize("role", ROLES)
def test_reinvesting_an_item_by_role(client, plans, library, network, auth, role_users, role):
    before = counts()
    response = post(
        client, f"/library/{library.learning.pk}/reinvest", body_for(plans.plan, network.cpe), auth[role]
    )
    expected = INTO_RIMOUSKI[role]
    if expected != 201:
        body = error(response, expected)
        if expected == 403:
            assert body["detail"] == NOT_THIS_PLAN
        assert counts() == before
        return
    assert response.status_code == 201, response.content
    created = response.json()
    reinvestment = Reinvestment.objects.get()
    action = reinvestment.action
    assert created["id"] == reinvestment.pk
    assert created["source"] == {
        "type": "library",
        "id": library.learning.pk,
        "title": "Ateliers parents-enfants d'éveil à la lecture",
        "url": library.learning.url,
    }
    assert created["action"] == {
        "id": action.pk,
        "title": "Ateliers parents-enfants d'éveil à la lecture",
        "url": f"/actions/{action.pk}/",
        "api_url": f"{API}/actions/{action.pk}",
    }
    assert created["plan"]["id"] == plans.plan.pk
    assert created["partnership"]["id"] == network.rimouski.pk
    assert created["adapted"] == "Huit ateliers au lieu de dix."
    assert created["reason"] == "Nos familles travaillent en semaine."
    assert reinvestment.created_by == role_users[role]
    assert action.history.first().history_user == role_users[role]
    # The new action is readable at the address given.
    assert client.get(created["action"]["api_url"]).json()["title"] == action.title


@pytest.mark.parametrize("role", ROLES)
def test_reinvesting_an_action_by_role(client, plans, hochelaga, network, auth, role):
    before = counts()
    response = post(
        client,
        f"/actions/{hochelaga.table.pk}/reinvest",
        body_for(plans.plan, network.clsc, title="Table de Rimouski"),
        auth[role],
    )
    expected = INTO_RIMOUSKI[role]
    if expected != 201:
        error(response, expected)
        assert counts() == before
        return
    assert response.status_code == 201, response.content
    assert response.json()["source"]["type"] == "action"
    assert response.json()["source"]["id"] == hochelaga.table.pk
    reinvestment = Reinvestment.objects.get()
    assert reinvestment.source_action == hochelaga.table
    assert reinvestment.action.title == "Table de Rimouski"


# The action of a members-only plan exists only for its partnership's people.
HIDDEN_SOURCE = {
    "anonyme": 401,
    "membre": 404,
    "coordonnateur": 404,
    "coordonnateur_autre": 201,
    "editeur": 404,
    "administrateur": 201,
}


@pytest.mark.parametrize("role", ROLES)
def test_a_members_only_action_is_unknown_to_outsiders(client, hochelaga, hidden_action, network, auth, role):
    before = counts()
    response = post(
        client, f"/actions/{hidden_action.pk}/reinvest", body_for(hochelaga.plan, network.maison), auth[role]
    )
    expected = HIDDEN_SOURCE[role]
    if expected == 201:
        assert response.status_code == 201, response.content
        assert Reinvestment.objects.get().source_action == hidden_action
        return
    body = error(response, expected)
    if expected == 404:
        assert body["detail"] == f"Aucune action ne porte le numéro {hidden_action.pk}."
    assert counts() == before


@pytest.mark.parametrize("role", ROLES)
def test_lineage_reads_by_role(client, plans, library, hochelaga, hidden_action, network, auth, role):
    lead = {"lead": network.maison}
    kind = ActionType.objects.get(code="concertation")
    reinvest(
        network.coordinator,
        library.learning,
        plans.plan,
        changes={"title": "Public", "action_type": kind, "lead": network.cpe},
    )
    reinvest(
        network.other_coordinator,
        library.learning,
        plans.hidden,
        changes={"title": "Interne", "action_type": kind, **lead},
    )
    reinvest(
        network.other_coordinator,
        hidden_action,
        hochelaga.plan,
        changes={"title": "De l'interne", "action_type": kind, **lead},
    )
    response = client.get(f"{API}/library/{library.learning.pk}/reinvestments", headers=auth[role])
    assert response.status_code == 200, response.content
    body = response.json()
    sees_hidden = role in ("coordonnateur_autre", "administrateur")
    assert body["total"] == 2
    assert body["partnerships"] == 2
    assert body["count"] == (2 if sees_hidden else 1)
    titles = [item["action"]["title"] for item in body["items"]]
    assert titles == (["Interne", "Public"] if sees_hidden else ["Public"])

    response = client.get(f"{API}/actions/{hidden_action.pk}/reinvestments", headers=auth[role])
    if sees_hidden:
        assert response.json()["items"][0]["action"]["title"] == "De l'interne"
    else:
        assert error(response, 404)["detail"] == f"Aucune action ne porte le numéro {hidden_action.pk}."


# Pre-filling and errors -------------------------------------------------------------------------


def test_fields_left_out_come_from_the_source(client, plans, hochelaga, network, auth):
    response = post(
        client,
        f"/actions/{plans.workshops.pk}/reinvest",
        {"plan": hochelaga.plan.pk, "lead": network.maison.pk},
        auth["coordonnateur_autre"],
    )
    assert response.status_code == 201, response.content
    action = Reinvestment.objects.get().action
    assert action.title == plans.workshops.title
    assert action.description == plans.workshops.description
    assert action.action_type == plans.workshops.action_type
    assert [p.code for p in action.age_periods.all()] == ["2-3"]
    assert [p.code for p in action.populations.all()] == ["defavorisation"]
    # The intended change of Hochelaga's plan sharing a protective factor with the source.
    assert list(action.objectives.all()) == [hochelaga.lecture]


def test_an_item_suggests_its_lead_and_sections(client, plans, library, network, auth):
    response = post(
        client,
        f"/library/{library.learning.pk}/reinvest",
        {"plan": plans.plan.pk, "action_type": "formation"},
        auth["coordonnateur"],
    )
    assert response.status_code == 201, response.content
    action = Reinvestment.objects.get().action
    assert action.lead == network.cpe  # credited on the learning, member of Rimouski
    assert "Les éducatrices du CPE animent les ateliers" in action.description
    assert list(action.objectives.all()) == [plans.parents]


def test_sent_lists_replace_the_suggestion(client, plans, library, network, auth):
    response = post(
        client,
        f"/library/{library.learning.pk}/reinvest",
        body_for(
            plans.plan,
            network.cpe,
            age_periods=["0-1", "1-2"],
            populations=["peres"],
            objectives=[],
            title="  Titre  ",
        ),
        auth["coordonnateur"],
    )
    assert response.status_code == 201, response.content
    action = Reinvestment.objects.get().action
    assert action.title == "Titre"
    assert sorted(p.code for p in action.age_periods.all()) == ["0-1", "1-2"]
    assert [p.code for p in action.populations.all()] == ["peres"]
    assert list(action.objectives.all()) == []


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"title": ""}, "title", "Inscrivez le titre de l'action."),
        ({"title": "x" * 301}, "title", "Le titre est trop long : 300 caractères au plus."),
        ({"action_type": "yoga"}, "action_type", "« yoga » n'est pas un type d'action connu."),
        ({"lead": "maison"}, "lead", "L'organisme porteur doit être un membre actif du regroupement."),
        (
            {"lead": 99999999999999999999999},
            "lead",
            "L'organisme porteur doit être un membre actif du regroupement.",
        ),
        ({"age_periods": ["6-7"]}, "age_periods", "« 6-7 » n'est pas un code connu."),
        ({"populations": ["martiens"]}, "populations", "« martiens » n'est pas un code connu."),
        (
            {"objectives": [987654]},
            "objectives",
            "Ce plan n'a aucun changement visé portant le numéro 987654.",
        ),
        (
            {"start_date": "2026-09-01", "end_date": "2026-01-01"},
            "end_date",
            "La date de fin doit être la même que la date de début ou plus tard.",
        ),
        ({"adapted": "x" * 5001}, "adapted", "Ce texte est trop long : 5\u00a0000 caractères au plus."),
        ({"reason": "x" * 5001}, "reason", "Ce texte est trop long : 5\u00a0000 caractères au plus."),
    ],
)
def test_bad_values_answer_400_in_french_and_create_nothing(
    client, plans, library, hochelaga, network, auth, extra, field, message
):
    if extra.get("lead") == "maison":
        extra = {**extra, "lead": network.maison.pk}
    before = counts()
    body = {**body_for(plans.plan, network.cpe), **extra}
    response = post(client, f"/library/{library.learning.pk}/reinvest", body, auth["coordonnateur"])
    errors = error(response, 400)["errors"]
    assert {"field": field, "message": message} in errors
    assert counts() == before


def test_an_objective_of_another_plan_is_refused(client, plans, library, hochelaga, network, auth):
    body = body_for(plans.plan, network.cpe, objectives=[hochelaga.milieux.pk])
    response = post(client, f"/library/{library.learning.pk}/reinvest", body, auth["coordonnateur"])
    assert error(response, 400)["errors"] == [
        {
            "field": "objectives",
            "message": f"Ce plan n'a aucun changement visé portant le numéro {hochelaga.milieux.pk}.",
        }
    ]


def test_an_item_without_action_type_needs_one(client, plans, library, network, auth):
    response = post(
        client, f"/library/{library.learning.pk}/reinvest", {"plan": plans.plan.pk}, auth["coordonnateur"]
    )
    assert {"field": "action_type", "message": "Choisissez le type d'action."} in error(response, 400)[
        "errors"
    ]


def test_an_action_is_not_reinvested_into_its_own_plan(client, plans, network, auth):
    response = post(
        client,
        f"/actions/{plans.workshops.pk}/reinvest",
        body_for(plans.plan, network.cpe),
        auth["coordonnateur"],
    )
    body = error(response, 400)
    assert body["errors"] == [
        {
            "field": "plan",
            "message": "Cette action fait déjà partie de ce plan : "
            "choisissez un autre plan pour la réinvestir.",
        }
    ]
    assert counts() == (2, 0)


@pytest.mark.parametrize(
    ("plan", "status", "detail"),
    [
        (987654, 404, "Aucun plan d'action ne porte le numéro 987654."),
        (99999999999999999999999, 404, "Aucun plan d'action ne porte le numéro 99999999999999999999999."),
        ("hidden", 404, None),
        ("abc", 400, None),
        (None, 400, "Le paramètre « plan » est obligatoire."),
    ],
)
def test_bad_plans(client, plans, library, network, auth, plan, status, detail):
    body = {"lead": network.cpe.pk, "action_type": "formation"}
    if plan == "hidden":
        plan = plans.hidden.pk
        detail = f"Aucun plan d'action ne porte le numéro {plan}."
    if plan is not None:
        body["plan"] = plan
    response = post(client, f"/library/{library.learning.pk}/reinvest", body, auth["coordonnateur"])
    answer = error(response, status)
    if detail:
        assert answer["detail"] == detail
    assert counts() == (2, 0)


def test_unknown_and_unpublished_sources_answer_404(client, plans, library, network, auth):
    body = body_for(plans.plan, network.cpe)
    for item_id in (987654, library.french_index.pk):
        response = post(client, f"/library/{item_id}/reinvest", body, auth["coordonnateur"])
        assert (
            error(response, 404)["detail"]
            == f"Aucun élément publié de la bibliothèque ne porte le numéro {item_id}."
        )
    library.tool.unpublish()
    error(post(client, f"/library/{library.tool.pk}/reinvest", body, auth["coordonnateur"]), 404)
    error(client.get(f"{API}/library/{library.tool.pk}/reinvestments"), 404)
    error(post(client, "/actions/987654/reinvest", body, auth["coordonnateur"]), 404)
    error(client.get(f"{API}/actions/987654/reinvestments"), 404)
    assert counts() == (2, 0)


def test_malformed_requests(client, plans, library, auth):
    url = f"{API}/library/{library.learning.pk}/reinvest"
    response = client.post(url, "{pas du json", content_type=JSON, headers=auth["coordonnateur"])
    assert error(response, 400)["detail"] == "Le corps de la requête n'est pas un JSON valide."
    response = client.post(
        f"{API}/library/abc/reinvest", {}, content_type=JSON, headers=auth["coordonnateur"]
    )
    assert "n'est pas un numéro valide" in error(response, 400)["detail"]
    response = client.get(url, headers=auth["coordonnateur"])
    assert error(response, 405)["detail"].startswith("La méthode GET n'est pas permise ici")


def test_a_browser_session_cannot_reinvest(client, plans, library, network):
    client.force_login(network.coordinator)
    response = post(client, f"/library/{library.learning.pk}/reinvest", body_for(plans.plan, network.cpe), {})
    error(response, 401)
    assert counts() == (2, 0)


def test_errors_in_english_when_asked(client, plans, library, network, auth):
    response = post(
        client,
        f"/library/{library.learning.pk}/reinvest",
        body_for(plans.plan, network.cpe, title=""),
        {**auth["coordonnateur"], "accept-language": "en"},
    )
    assert error(response, 400)["errors"][0]["field"] == "title"


def test_the_source_is_indexed_again(
    client, plans, library, network, auth, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            f"/library/{library.tool.pk}/reinvest",
            body_for(plans.plan, network.cpe),
            auth["coordonnateur"],
        )
    assert response.status_code == 201
    assert Document.objects.get(type="library", object_id=library.tool.pk).reuse_count == 1


# Documentation and query counts -----------------------------------------------------------------

OPERATIONS = {
    ("/api/v1/library/{item_id}/reinvest", "post"): {201, 400, 401, 403, 404},
    ("/api/v1/actions/{action_id}/reinvest", "post"): {201, 400, 401, 403, 404},
    ("/api/v1/library/{item_id}/reinvestments", "get"): {200, 400, 401, 404},
    ("/api/v1/actions/{action_id}/reinvestments", "get"): {200, 400, 401, 404},
}


def test_openapi_documents_every_reuse_operation(client, db):
    document = client.get(f"{API}/openapi.json").json()
    for (path, method), statuses in OPERATIONS.items():
        operation = document["paths"][path][method]
        assert operation["summary"] and operation["description"], path
        assert operation["tags"] == ["Réinvestissement"]
        assert {int(code) for code in operation["responses"]} == statuses, (path, method)
        if method == "get":
            assert operation["security"] == [{"BearerToken": []}, {}]
        else:
            assert operation["security"] == [{"BearerToken": []}]
    schema = document["components"]["schemas"]["ReinvestIn"]
    assert schema["required"] == ["plan"]
    assert {"title", "lead", "objectives", "adapted", "reason"} <= set(schema["properties"])


def _grow(library, plans, network, how_many):
    kind = ActionType.objects.get(code="formation")
    for n in range(how_many):
        plan = plan_actions.create_plan(
            network.coordinator,
            network.rimouski,
            title=f"Plan {n}",
            start_year=2010 + n,
            end_year=2012 + n,
            visibility=Visibility.PUBLIC if n % 2 else Visibility.MEMBERS,
        )
        changes = {"title": f"Action {n}", "action_type": kind, "lead": network.cpe}
        reinvest(network.coordinator, library.learning, plan, changes=changes)
        reinvest(network.coordinator, plans.workshops, plan, changes=changes)


def test_lineage_reads_cost_the_same_whatever_the_reuse(client, plans, library, network, auth):
    urls = [
        f"{API}/library/{library.learning.pk}/reinvestments?limit=100",
        f"{API}/actions/{plans.workshops.pk}/reinvestments?limit=100",
    ]
    _grow(library, plans, network, 2)
    client.get(urls[0], headers=auth["coordonnateur"])  # the token's first use is recorded

    def queries(headers):
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url, headers=headers).status_code == 200
            result.append(len(context.captured_queries))
        return result

    small = {role: queries(auth[role]) for role in ("anonyme", "coordonnateur")}
    _grow(library, plans, network, 12)
    large = {role: queries(auth[role]) for role in ("anonyme", "coordonnateur")}
    assert large == small
    assert client.get(urls[0]).json()["count"] == 7
    assert client.get(urls[0], headers=auth["coordonnateur"]).json()["count"] == 14
    # The source (an item also checks its view restrictions), the counts, the page, and
    # before each of the last two the view restrictions again: a reinvestment is listed only
    # when its source is visible too (a published item, an action of a visible plan).
    assert small["anonyme"] == [6, 5]


def test_the_lineage_pages_through_limit_and_offset(client, plans, library, network):
    _grow(library, plans, network, 6)
    url = f"{API}/library/{library.learning.pk}/reinvestments"
    first = client.get(f"{url}?limit=2").json()
    assert first["count"] == 3 and len(first["items"]) == 2
    rest = client.get(f"{url}?limit=2&offset=2").json()
    assert len(rest["items"]) == 1
    assert client.get(f"{url}?offset=1000").json()["items"] == []
    assert error(client.get(f"{url}?limit=0"), 400)["errors"][0]["field"] == "limit"
