"""The plans API: who sees which plan, who may change what, French errors, documentation,
and a number of queries that does not grow with the data."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import actions as account_actions
from partners.models import Partnership
from plans import actions as plan_actions
from plans.models import (
    Action,
    ActionStatus,
    Finding,
    Indicator,
    Measurement,
    Objective,
    PlanStatus,
    Reach,
    StageChange,
    Visibility,
)
from taxonomy.models import ActionType, AgePeriod, Population, ProtectiveFactor, System

pytestmark = pytest.mark.django_db

API = "/api/v1"
ROLES = ["anonyme", "membre", "coordonnateur", "coordonnateur_autre", "editeur", "administrateur"]
JSON = "application/json"


def bearer(key):
    return {"authorization": f"Bearer {key}"}


def error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def auth(role_users):
    """The Authorization header of each role (none for the anonymous visitor)."""
    headers = {}
    for role, user in role_users.items():
        if user is None:
            headers[role] = {}
        else:
            _token, key = account_actions.create_token(user, f"Jeton {role}")
            headers[role] = bearer(key)
    return headers


@pytest.fixture
def hidden_action(plans, network):
    """An action of Hochelaga's members-only plan."""
    return plan_actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {"title": "Halte-répit interne", "action_type": ActionType.objects.get(code="concertation")},
    )


@pytest.fixture
def hochelaga_plan(plans, network):
    """A finished public plan of Hochelaga, different from Rimouski's on every filter."""
    coordinator = network.other_coordinator
    plan = plan_actions.create_plan(
        coordinator,
        network.montreal,
        title="Plan Hochelaga 2020–2023",
        start_year=2020,
        end_year=2023,
        status=PlanStatus.DONE,
        visibility=Visibility.PUBLIC,
    )
    objective = plan_actions.save_plan_item(
        coordinator,
        Objective(plan=plan, system=System.objects.get(code="communaute"), title="Des milieux accueillants"),
        m2m={"protective_factors": [ProtectiveFactor.objects.get(code="soutien-social-environnements")]},
    )
    plan_actions.save_action(
        coordinator,
        plan,
        None,
        {
            "title": "Table de quartier des familles",
            "action_type": ActionType.objects.get(code="concertation"),
            "lead": network.maison,
            "status": ActionStatus.DONE,
            "progress": 100,
        },
        {
            "objectives": [objective],
            "age_periods": [AgePeriod.objects.get(code="0-1")],
            "populations": [Population.objects.get(code="immigrantes")],
        },
    )
    return plan


# Reading plans -----------------------------------------------------------------------------


def test_plan_list_shape(client, plans):
    body = client.get(f"{API}/plans").json()
    assert body == {
        "count": 1,
        "items": [
            {
                "id": plans.plan.pk,
                "title": "Plan d'action concerté 2024–2027",
                "partnership": {
                    "id": plans.plan.partnership_id,
                    "name": "Regroupement Naître et grandir à Rimouski",
                },
                "region": "01",
                "start_year": 2024,
                "end_year": 2027,
                "status": "en_cours",
                "visibility": "public",
                "action_count": 2,
                "url": f"/plans/{plans.plan.pk}/",
                "api_url": f"/api/v1/plans/{plans.plan.pk}",
            }
        ],
    }
    assert client.get(body["items"][0]["api_url"]).json()["id"] == plans.plan.pk


SEES_HIDDEN = {"coordonnateur_autre", "administrateur"}


@pytest.mark.parametrize("role", ROLES)
def test_members_only_plans_are_listed_for_their_people_only(client, plans, auth, role):
    listed = set(titles(client.get(f"{API}/plans", headers=auth[role])))
    expected = {"Plan d'action concerté 2024–2027"}
    if role in SEES_HIDDEN:
        expected.add("Plan interne Hochelaga 2025–2028")
    assert listed == expected


@pytest.mark.parametrize("role", ROLES)
def test_a_members_only_plan_is_unknown_to_others(client, plans, auth, role):
    response = client.get(f"{API}/plans/{plans.hidden.pk}", headers=auth[role])
    if role in SEES_HIDDEN:
        assert response.status_code == 200
        assert response.json()["visibility"] == "membres"
        return
    hidden = error(response, 404)
    unknown = error(client.get(f"{API}/plans/987654", headers=auth[role]), 404)
    assert hidden["detail"] == f"Aucun plan d'action ne porte le numéro {plans.hidden.pk}."
    assert unknown["detail"] == "Aucun plan d'action ne porte le numéro 987654."


def test_a_signed_in_browser_session_does_not_open_members_only_plans(client, plans, network):
    client.force_login(network.other_coordinator)
    error(client.get(f"{API}/plans/{plans.hidden.pk}"), 404)
    assert titles(client.get(f"{API}/plans")) == ["Plan d'action concerté 2024–2027"]


def test_a_person_working_for_a_member_organisation_sees_its_members_only_plan(
    client, plans, network, make_user
):
    from partners.models import Affiliation

    worker = make_user("intervenante@maison.example")
    Affiliation.objects.create(user=worker, organisation=network.maison)
    _token, key = account_actions.create_token(worker, "Script")
    assert client.get(f"{API}/plans/{plans.hidden.pk}", headers=bearer(key)).status_code == 200


def test_plan_detail(client, plans):
    body = client.get(f"{API}/plans/{plans.plan.pk}").json()
    assert body["summary"] == "Miser sur le langage et le soutien aux parents."
    assert body["previous"] is None
    assert body["portrait"] == {
        "findings": [
            {
                "id": plans.finding.pk,
                "system": "enfant",
                "text": "27 % des enfants vulnérables en langage",
                "data_source": "EQDEM 2022",
            }
        ],
        "priorities": [
            {"id": plans.priority.pk, "system": "enfant", "title": "Stimuler le langage dès 2 ans"}
        ],
    }
    assert body["objectives"] == [
        {
            "id": plans.language.pk,
            "system": "enfant",
            "title": "Les tout-petits développent leur langage",
            "description": "",
            "protective_factors": ["habiletes-langagieres"],
            "priorities": [plans.priority.pk],
        },
        {
            "id": plans.parents.pk,
            "system": "famille",
            "title": "Les parents lisent avec leurs enfants",
            "description": "",
            "protective_factors": ["attitudes-parentales", "pratiques-parentales"],
            "priorities": [],
        },
    ]
    assert [a["title"] for a in body["actions"]] == [
        "Ateliers parents-enfants d'éveil à la lecture",
        "Formation des éducatrices à la stimulation du langage",
    ]
    assert body["indicators"][0] == {
        "id": plans.indicator.pk,
        "name": "Familles participantes",
        "unit": "familles",
        "baseline": 0,
        "target": 60,
        "objective": None,
        "action": plans.workshops.pk,
        "measurements": [
            {
                "id": body["indicators"][0]["measurements"][0]["id"],
                "date": "2025-01-31",
                "value": 18,
                "note": "",
            },
            {
                "id": body["indicators"][0]["measurements"][1]["id"],
                "date": "2025-06-30",
                "value": 35,
                "note": "",
            },
        ],
    }
    assert body["indicators"][1]["objective"] == plans.language.pk
    assert body["reach"] == [
        {"action": plans.workshops.pk, "year": 2025, "children": 80, "parents": 70, "families": 55}
    ]
    assert body["evaluation"] == {"worked": "", "not_worked": "", "learnings": ""}


def test_each_plan_filter_is_the_pages(client, plans, hochelaga_plan):
    rimouski, hochelaga = "Plan d'action concerté 2024–2027", "Plan Hochelaga 2020–2023"
    cases = {
        "region=01": [rimouski],
        "region=06": [hochelaga],
        "year=2021": [hochelaga],
        "year=2026": [rimouski],
        "status=termine": [hochelaga],
        "system=famille": [rimouski],
        "factor=soutien-social-environnements": [hochelaga],
        "action_type=formation": [rimouski],
        "age=0-1": [hochelaga],
        "population=defavorisation": [rimouski],
        "q=rimouski": [rimouski],
        "q=HOCHELAGA": [hochelaga],
        # OR within a filter, AND across filters.
        "region=01&region=06": [rimouski, hochelaga],
        "year=2021&year=2026": [rimouski, hochelaga],
        "region=01&region=06&status=termine": [hochelaga],
        "region=01&status=termine": [],
    }
    for query, expected in cases.items():
        api = titles(client.get(f"{API}/plans?{query}"))
        assert sorted(api) == sorted(expected), query
        # The plans page lists the same plans for the same query.
        page = client.get(f"/plans/?{query}")
        assert page.status_code == 200, query
        assert sorted(plan.title for plan in page.context["listing"].page.object_list) == sorted(api), query


def test_unknown_plan_filter_values_answer_400_in_french(client, plans):
    body = error(client.get(f"{API}/plans", {"region": "99", "status": "fini", "year": "1850"}), 400)
    assert "« 99 » n'est pas un code de région connu." in body["detail"]
    assert "« fini » n'est pas un statut de plan connu." in body["detail"]
    assert "« 1850 » n'est pas une année valide" in body["detail"]
    assert {e["field"] for e in body["errors"]} == {"region", "status", "year"}
    error(client.get(f"{API}/plans", {"limit": 101}), 400)
    error(client.get(f"{API}/plans/abc"), 400)


def test_plan_list_limit_and_offset(client, plans, hochelaga_plan):
    first = client.get(f"{API}/plans", {"limit": 1}).json()
    assert first["count"] == 2
    assert [item["title"] for item in first["items"]] == ["Plan d'action concerté 2024–2027"]
    second = client.get(f"{API}/plans", {"limit": 1, "offset": 1}).json()
    assert [item["title"] for item in second["items"]] == ["Plan Hochelaga 2020–2023"]
    assert client.get(f"{API}/plans", {"offset": 10**30}).json() == {"count": 2, "items": []}


# Reading actions ---------------------------------------------------------------------------


def test_action_list_shape(client, plans, network):
    body = client.get(f"{API}/actions").json()
    assert body["count"] == 2
    assert body["items"][0] == {
        "id": plans.workshops.pk,
        "title": "Ateliers parents-enfants d'éveil à la lecture",
        "plan": plans.plan.pk,
        "action_type": "soutien-parental",
        "status": "en_cours",
        "progress": 40,
        "lead": {"id": network.cpe.pk, "name": "CPE Les Petits Pas"},
        "contributors": [{"id": network.clsc.pk, "name": "CLSC de Rimouski"}],
        "objectives": [
            {"id": plans.language.pk, "title": "Les tout-petits développent leur langage"},
            {"id": plans.parents.pk, "title": "Les parents lisent avec leurs enfants"},
        ],
        "start_date": "2024-09-01",
        "end_date": "2026-06-30",
        "budget": 12000,
        "in_kind": 3000,
        "url": f"/actions/{plans.workshops.pk}/",
        "api_url": f"/api/v1/actions/{plans.workshops.pk}",
    }
    assert body["items"][1]["lead"] == {"id": network.clsc.pk, "name": "CLSC de Rimouski"}
    assert body["items"][1]["contributors"] == []
    assert body["items"][1]["end_date"] is None
    assert body["items"][1]["in_kind"] is None


@pytest.mark.parametrize("role", ROLES)
def test_actions_of_members_only_plans_are_shown_to_their_people_only(
    client, plans, hidden_action, auth, role
):
    listed = set(titles(client.get(f"{API}/actions", headers=auth[role])))
    detail = client.get(f"{API}/actions/{hidden_action.pk}", headers=auth[role])
    by_plan = client.get(f"{API}/actions", {"plan": plans.hidden.pk}, headers=auth[role])
    if role in SEES_HIDDEN:
        assert "Halte-répit interne" in listed
        assert detail.status_code == 200
        assert titles(by_plan) == ["Halte-répit interne"]
    else:
        assert listed == {plans.workshops.title, plans.stimulation.title}
        assert error(detail, 404)["detail"] == f"Aucune action ne porte le numéro {hidden_action.pk}."
        # Filtering on the hidden plan says the same as for a plan that does not exist.
        assert error(by_plan, 400)["errors"] == [
            {"field": "plan", "message": f"« {plans.hidden.pk} » n'est pas un numéro de plan connu."}
        ]


def test_each_action_filter(client, plans, hochelaga_plan, network):
    workshops, training = plans.workshops.title, plans.stimulation.title
    table = "Table de quartier des familles"
    cases = {
        f"plan={plans.plan.pk}": [workshops, training],
        f"plan={hochelaga_plan.pk}": [table],
        f"partnership={network.montreal.pk}": [table],
        "region=01": [workshops, training],
        "status=planifiee": [training],
        "status=planifiee&status=realisee": [training, table],
        "action_type=formation&action_type=concertation": [training, table],
        f"lead={network.cpe.pk}": [workshops],
        f"lead={network.cpe.pk}&lead={network.maison.pk}": [workshops, table],
        "q=ateliers bibliotheque": [workshops],
        "q=ÉDUCATRICES": [training],
        f"region=01&lead={network.maison.pk}": [],
        f"plan={plans.plan.pk}&status=en_cours": [workshops],
    }
    for query, expected in cases.items():
        assert sorted(titles(client.get(f"{API}/actions?{query}"))) == sorted(expected), query


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("status=finie", "status", "« finie » n'est pas un statut d'action connu."),
        ("action_type=inconnu", "action_type", "« inconnu » n'est pas un type d'action connu."),
        ("region=99", "region", "« 99 » n'est pas un code de région connu."),
        ("lead=abc", "lead", "« abc » n'est pas un numéro valide : un numéro est un nombre entier positif."),
        ("lead=123456", "lead", "« 123456 » n'est pas un numéro de partenaire connu."),
        ("partnership=0", "partnership", "« 0 » n'est pas un numéro de regroupement connu."),
        # Larger than any id: unknown, not a server error.
        (
            "plan=99999999999999999999999",
            "plan",
            "« 99999999999999999999999 » n'est pas un numéro de plan connu.",
        ),
    ],
)
def test_unknown_action_filter_values_answer_400_in_french(client, plans, query, field, message):
    body = error(client.get(f"{API}/actions?{query}"), 400)
    assert body["errors"] == [{"field": field, "message": message}]


def test_action_detail(client, plans, network):
    body = client.get(f"{API}/actions/{plans.workshops.pk}").json()
    assert body["description"] == "Dix ateliers par année à la bibliothèque."
    assert body["age_periods"] == ["2-3"]
    assert body["populations"] == ["defavorisation"]
    assert [i["name"] for i in body["indicators"]] == ["Familles participantes"]
    assert [m["value"] for m in body["indicators"][0]["measurements"]] == [18, 35]
    assert body["reach"] == [
        {"action": plans.workshops.pk, "year": 2025, "children": 80, "parents": 70, "families": 55}
    ]
    assert body["lead"] == {"id": network.cpe.pk, "name": "CPE Les Petits Pas"}
    assert (
        error(client.get(f"{API}/actions/424242"), 404)["detail"]
        == "Aucune action ne porte le numéro 424242."
    )


def test_action_list_pages(client, plans):
    page = client.get(f"{API}/actions", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2
    assert [item["title"] for item in page["items"]] == [plans.stimulation.title]


# Updating an action ------------------------------------------------------------------------

PROGRESS_STATUS = {
    "anonyme": 401,
    "membre": 200,
    "coordonnateur": 200,
    "coordonnateur_autre": 403,
    "editeur": 403,
    "administrateur": 200,
}


def patch(client, action, body, headers, **extra):
    return client.patch(f"{API}/actions/{action.pk}", body, content_type=JSON, headers=headers, **extra)


@pytest.mark.parametrize("role", ROLES)
def test_progress_and_status_by_role(client, plans, auth, role_users, role):
    response = patch(client, plans.workshops, {"progress": 65, "status": "en_cours"}, auth[role])
    plans.workshops.refresh_from_db()
    expected = PROGRESS_STATUS[role]
    if expected == 200:
        assert response.status_code == 200, response.content
        assert response.json()["progress"] == 65
        assert plans.workshops.progress == 65
        assert plans.workshops.history.first().history_user == role_users[role]
    else:
        body = error(response, expected)
        assert plans.workshops.progress == 40
        if expected == 403:
            assert "Seuls les coordonnateurs du regroupement et les membres des organismes" in body["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_other_fields_are_for_coordinators_only(client, plans, auth, role_users, role):
    history_before = plans.workshops.history.count()
    response = patch(
        client,
        plans.workshops,
        {"title": "Ateliers d'éveil à la lecture", "budget": "15000.50", "end_date": "2027-06-30"},
        auth[role],
    )
    plans.workshops.refresh_from_db()
    if role in ("coordonnateur", "administrateur"):
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["title"] == "Ateliers d'éveil à la lecture"
        assert body["budget"] == 15000.5
        assert plans.workshops.budget == Decimal("15000.50")
        assert plans.workshops.end_date == datetime.date(2027, 6, 30)
        assert plans.workshops.history.first().history_user == role_users[role]
    else:
        body = error(response, 401 if role == "anonyme" else 403)
        if role == "membre":
            assert "Seuls les coordonnateurs du regroupement peuvent modifier" in body["detail"]
            assert "budget, end_date, title" in body["detail"]
        assert plans.workshops.title == "Ateliers parents-enfants d'éveil à la lecture"
        assert plans.workshops.budget == Decimal("12000")
        assert plans.workshops.history.count() == history_before


def test_a_member_sending_progress_with_a_coordinator_field_changes_nothing(client, plans, auth):
    error(patch(client, plans.workshops, {"progress": 80, "description": "Autre"}, auth["membre"]), 403)
    plans.workshops.refresh_from_db()
    assert (plans.workshops.progress, plans.workshops.description) == (
        40,
        "Dix ateliers par année à la bibliothèque.",
    )


def test_a_member_updates_only_the_actions_of_their_organisation(client, plans, auth):
    # The CPE leads the workshops, not the training (led by the CLSC).
    error(patch(client, plans.stimulation, {"progress": 10}, auth["membre"]), 403)
    plans.stimulation.refresh_from_db()
    assert plans.stimulation.progress == 0


@pytest.mark.parametrize("role", ROLES)
def test_an_action_of_a_members_only_plan_is_unknown_to_others(client, plans, hidden_action, auth, role):
    response = patch(client, hidden_action, {"progress": 30}, auth[role])
    hidden_action.refresh_from_db()
    if role in SEES_HIDDEN:
        assert response.status_code == 200
        assert hidden_action.progress == 30
    else:
        error(response, 401 if role == "anonyme" else 404)
        assert hidden_action.progress == 0


def test_done_without_progress_means_100_as_on_the_site(client, plans, auth):
    body = patch(client, plans.workshops, {"status": "realisee"}, auth["membre"]).json()
    assert (body["status"], body["progress"]) == ("realisee", 100)


def test_coordinators_change_links_and_the_lead(client, plans, network, auth):
    response = patch(
        client,
        plans.stimulation,
        {
            "lead": network.cpe.pk,
            "contributors": [network.clsc.pk, network.maison.pk],
            "objectives": [plans.parents.pk],
            "action_type": "sensibilisation",
        },
        auth["coordonnateur"],
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["lead"] == {"id": network.cpe.pk, "name": "CPE Les Petits Pas"}
    assert sorted(c["id"] for c in body["contributors"]) == sorted([network.clsc.pk, network.maison.pk])
    assert body["objectives"] == [{"id": plans.parents.pk, "title": "Les parents lisent avec leurs enfants"}]
    assert body["action_type"] == "sensibilisation"
    body = patch(client, plans.stimulation, {"lead": None, "contributors": []}, auth["coordonnateur"]).json()
    assert body["lead"] is None
    assert body["contributors"] == []


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"progress": 101}, "progress", "La progression doit être entre 0 et 100."),
        ({"progress": -1}, "progress", "La progression doit être entre 0 et 100."),
        ({"progress": None}, "progress", "La progression doit être entre 0 et 100."),
        ({"status": "finie"}, "status", "« finie » n'est pas un statut d'action connu."),
        ({"action_type": "inconnu"}, "action_type", "« inconnu » n'est pas un type d'action connu."),
        ({"lead": 987654}, "lead", "Aucun partenaire ne porte le numéro 987654."),
        ({"lead": 10**30}, "lead", f"Aucun partenaire ne porte le numéro {10**30}."),
        ({"contributors": [987654]}, "contributors", "Aucun partenaire ne porte le numéro 987654."),
        ({"end_date": "2024-01-01"}, "end_date", "La date de fin ne peut pas précéder la date de début."),
        ({"title": ""}, "title", "Ce champ ne peut pas être vide."),
        ({"title": "x" * 301}, "title", "Assurez-vous que cette valeur comporte au plus 300 caractères"),
        ({"budget": "1e15"}, "budget", "Assurez-vous qu’il n’y a pas plus de 12 chiffres au total."),
    ],
)
def test_bad_values_answer_400_in_french_and_change_nothing(client, plans, auth, payload, field, message):
    before = Action.objects.values().get(pk=plans.workshops.pk)
    # Sent with a valid change too: nothing at all is written.
    body = error(
        patch(
            client, plans.workshops, {**payload, "in_kind_description": "Local prêté"}, auth["coordonnateur"]
        ),
        400,
    )
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["errors"][0]["message"].startswith(message)
    assert message in body["detail"]
    assert Action.objects.values().get(pk=plans.workshops.pk) == before


def test_objectives_of_another_plan_are_refused(client, plans, hochelaga_plan, auth):
    other = hochelaga_plan.objectives.get()
    body = error(patch(client, plans.workshops, {"objectives": [other.pk]}, auth["coordonnateur"]), 400)
    assert body["errors"] == [
        {"field": "objectives", "message": f"Ce plan n'a aucun changement visé portant le numéro {other.pk}."}
    ]


def test_malformed_requests(client, plans, auth):
    assert error(patch(client, plans.workshops, {}, auth["membre"]), 400)["detail"] == (
        "La requête ne contient aucun champ à modifier."
    )
    body = error(patch(client, plans.workshops, {"progress": "beaucoup"}, auth["membre"]), 400)
    assert body["errors"][0]["field"] == "progress"
    assert "nombre entier" in body["detail"]
    assert "« beaucoup »" in body["detail"]
    not_json = client.patch(
        f"{API}/actions/{plans.workshops.pk}", "{progress: ", content_type=JSON, headers=auth["membre"]
    )
    assert error(not_json, 400)["detail"] == "Le corps de la requête n'est pas un JSON valide."
    error(client.patch(f"{API}/actions/abc", {"progress": 1}, content_type=JSON, headers=auth["membre"]), 400)
    assert error(patch(client, Action(pk=999999), {"progress": 1}, auth["membre"]), 404)["detail"] == (
        "Aucune action ne porte le numéro 999999."
    )


# Measurements, reach, stage ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_measurements_by_role(client, plans, auth, role_users, role):
    on_action = client.post(
        f"{API}/indicators/{plans.indicator.pk}/measurements",
        {"value": "42.5", "date": "2025-09-30", "note": "Automne"},
        content_type=JSON,
        headers=auth[role],
    )
    on_objective = client.post(
        f"{API}/indicators/{plans.objective_indicator.pk}/measurements",
        {"value": 24},
        content_type=JSON,
        headers=auth[role],
    )
    action_people = {"membre", "coordonnateur", "administrateur"}
    coordinators = {"coordonnateur", "administrateur"}
    if role == "anonyme":
        error(on_action, 401)
        error(on_objective, 401)
    if role in action_people:
        assert on_action.status_code == 201, on_action.content
        assert on_action.json()["value"] == 42.5
        assert on_action.json()["date"] == "2025-09-30"
        measurement = plans.indicator.measurements.get(measured_on=datetime.date(2025, 9, 30))
        assert measurement.recorded_by == role_users[role]
        assert measurement.history.first().history_user == role_users[role]
    elif role != "anonyme":
        error(on_action, 403)
    if role in coordinators:
        assert on_objective.status_code == 201, on_objective.content
    elif role != "anonyme":
        assert (
            error(on_objective, 403)["detail"] == "Vous ne pouvez pas saisir de mesure pour cet indicateur."
        )
    expected = 2 + (role in action_people)
    assert plans.indicator.measurements.count() == expected
    assert plans.objective_indicator.measurements.count() == (role in coordinators)


def test_bad_measurements(client, plans, hidden_action, network, auth):
    url = f"{API}/indicators/{plans.indicator.pk}/measurements"
    body = error(
        client.post(url, {"value": "1e20", "note": "x" * 301}, content_type=JSON, headers=auth["membre"]), 400
    )
    assert {e["field"] for e in body["errors"]} == {"value", "note"}
    body = error(client.post(url, {"note": "Sans valeur"}, content_type=JSON, headers=auth["membre"]), 400)
    assert body["errors"][0]["field"] == "value"
    hidden_indicator = plan_actions.save_plan_item(
        network.other_coordinator, Indicator(plan=hidden_action.plan, action=hidden_action, name="Interne")
    )
    response = client.post(
        f"{API}/indicators/{hidden_indicator.pk}/measurements",
        {"value": 1},
        content_type=JSON,
        headers=auth["membre"],
    )
    assert error(response, 404)["detail"] == f"Aucun indicateur ne porte le numéro {hidden_indicator.pk}."
    assert plans.indicator.measurements.count() == 2
    assert not Measurement.objects.filter(indicator=hidden_indicator).exists()


@pytest.mark.parametrize("role", ROLES)
def test_reach_by_role(client, plans, auth, role_users, role):
    response = client.put(
        f"{API}/actions/{plans.workshops.pk}/reach/2025",
        {"children": 90, "parents": 75, "families": 60},
        content_type=JSON,
        headers=auth[role],
    )
    reach = Reach.objects.get(action=plans.workshops, year=2025)
    if PROGRESS_STATUS[role] == 200:
        assert response.status_code == 200, response.content
        assert response.json() == {
            "action": plans.workshops.pk,
            "year": 2025,
            "children": 90,
            "parents": 75,
            "families": 60,
        }
        assert (reach.children, reach.parents, reach.families) == (90, 75, 60)
        assert reach.history.first().history_user == role_users[role]
    else:
        error(response, PROGRESS_STATUS[role])
        assert (reach.children, reach.parents, reach.families) == (80, 70, 55)


def test_reach_of_a_new_year_and_bad_reach(client, plans, auth):
    url = f"{API}/actions/{plans.workshops.pk}/reach"
    ok = client.put(
        f"{url}/2026", {"children": 5, "parents": 4, "families": 3}, content_type=JSON, headers=auth["membre"]
    )
    assert ok.status_code == 200
    assert Reach.objects.filter(action=plans.workshops).count() == 2
    body = error(
        client.put(
            f"{url}/1990",
            {"children": -1, "parents": 1, "families": 1},
            content_type=JSON,
            headers=auth["membre"],
        ),
        400,
    )
    assert {e["field"] for e in body["errors"]} == {"year", "children"}
    error(client.put(f"{url}/2027", {"children": 1}, content_type=JSON, headers=auth["membre"]), 400)
    assert Reach.objects.filter(action=plans.workshops).count() == 2


STAGE_STATUS = {
    "anonyme": 401,
    "membre": 403,
    "coordonnateur": 201,
    "coordonnateur_autre": 403,
    "editeur": 403,
    "administrateur": 201,
}


@pytest.mark.parametrize("role", ROLES)
def test_stage_by_role(client, plans, network, auth, role_users, role):
    response = client.post(
        f"{API}/partnerships/{network.rimouski.pk}/stage",
        {"stage": "mise_en_oeuvre", "date": "2025-03-01", "note": "Plan adopté"},
        content_type=JSON,
        headers=auth[role],
    )
    network.rimouski.refresh_from_db()
    if STAGE_STATUS[role] == 201:
        assert response.status_code == 201, response.content
        change = StageChange.objects.get(partnership=network.rimouski)
        assert response.json() == {
            "id": change.pk,
            "partnership": network.rimouski.pk,
            "stage": "mise_en_oeuvre",
            "date": "2025-03-01",
            "note": "Plan adopté",
        }
        assert change.changed_by == role_users[role]
        assert network.rimouski.dpe_stage == "mise_en_oeuvre"
        assert network.rimouski.history.first().history_user == role_users[role]
    else:
        body = error(response, STAGE_STATUS[role])
        if role != "anonyme":
            assert body["detail"] == "Seuls les coordonnateurs du regroupement peuvent changer son étape."
        assert network.rimouski.dpe_stage == "mobilisation"
        assert not StageChange.objects.exists()


def test_bad_stage(client, network, auth):
    url = f"{API}/partnerships/{network.rimouski.pk}/stage"
    body = error(client.post(url, {"stage": "finie"}, content_type=JSON, headers=auth["coordonnateur"]), 400)
    assert body["errors"] == [{"field": "stage", "message": "« finie » n'est pas une étape connue."}]
    Partnership.objects.filter(pk=network.montreal.pk).update(is_active=False)
    response = client.post(
        f"{API}/partnerships/{network.montreal.pk}/stage",
        {"stage": "analyse"},
        content_type=JSON,
        headers=auth["coordonnateur_autre"],
    )
    assert error(response, 404)["detail"] == f"Aucun regroupement ne porte le numéro {network.montreal.pk}."
    assert not StageChange.objects.exists()


# Progress imports ---------------------------------------------------------------------------


def upload(content: str, name="avancement.csv"):
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


def test_progress_import(client, plans, auth, role_users):
    csv = (
        "action;progression;indicateur;valeur;date\n"
        f"{plans.workshops.pk};70;{plans.indicator.pk};48;2025-08-31\n"
    )
    checked = client.post(
        f"{API}/progress-imports", {"file": upload(csv), "dry_run": "true"}, headers=auth["membre"]
    )
    assert checked.status_code == 200, checked.content
    assert checked.json() == {"dry_run": True, "rows": 1, "actions_updated": 1, "measurements_recorded": 1}
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 40
    assert plans.indicator.measurements.count() == 2

    done = client.post(f"{API}/progress-imports", {"file": upload(csv)}, headers=auth["membre"])
    assert done.json() == {"dry_run": False, "rows": 1, "actions_updated": 1, "measurements_recorded": 1}
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 70
    assert plans.workshops.history.first().history_user == role_users["membre"]
    assert plans.indicator.measurements.count() == 3


@pytest.mark.parametrize("role", ROLES)
def test_progress_import_by_role(client, plans, auth, role):
    csv = f"action;progression\n{plans.workshops.pk};55\n"
    response = client.post(f"{API}/progress-imports", {"file": upload(csv)}, headers=auth[role])
    plans.workshops.refresh_from_db()
    if PROGRESS_STATUS[role] == 200:
        assert response.status_code == 200, response.content
        assert plans.workshops.progress == 55
    elif role == "anonyme":
        error(response, 401)
    else:
        # The import refuses the row, not the request: every problem comes back by row.
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {
                "row": 2,
                "column": "action",
                "message": "aucune action que vous pouvez mettre à jour "
                f"ne porte le numéro {plans.workshops.pk}.",
            }
        ]
        assert plans.workshops.progress == 40


def test_a_refused_import_lists_every_problem_and_writes_nothing(client, plans, auth):
    csv = (
        "action;progression;statut\n"
        f"{plans.workshops.pk};55;\n"
        f"{plans.stimulation.pk};10;\n"
        f"{plans.workshops.pk};;fini\n"
        "abc;101;\n"
    )
    response = client.post(f"{API}/progress-imports", {"file": upload(csv)}, headers=auth["membre"])
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("Le fichier est refusé et rien n'a été enregistré")
    assert {(e["row"], e["column"]) for e in body["errors"]} >= {
        (3, "action"),
        (5, "action"),
        (5, "progression"),
    }
    assert all(set(e) == {"row", "column", "message"} for e in body["errors"])
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 40
    missing = client.post(f"{API}/progress-imports", {}, headers=auth["membre"])
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "file"


# CSRF and sessions ---------------------------------------------------------------------------


def test_token_writes_need_no_csrf_token(plans, auth):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"{API}/indicators/{plans.indicator.pk}/measurements",
        {"value": 50},
        content_type=JSON,
        headers=auth["membre"],
    )
    assert response.status_code == 201, response.content
    assert (
        strict.patch(
            f"{API}/actions/{plans.workshops.pk}", {"progress": 45}, content_type=JSON, headers=auth["membre"]
        ).status_code
        == 200
    )


def test_a_browser_session_cannot_write(plans, network):
    for client in (Client(), Client(enforce_csrf_checks=True)):
        client.force_login(network.coordinator)
        # Even with the session's CSRF token, only an API token opens writes.
        client.get("/comptes/jetons/")
        csrf = client.cookies["csrftoken"].value
        response = client.patch(
            f"{API}/actions/{plans.workshops.pk}",
            {"progress": 99},
            content_type=JSON,
            headers={"x-csrftoken": csrf},
        )
        assert error(response, 401)["detail"].startswith("Cette opération exige un jeton d'API")
        response = client.post(
            f"{API}/partnerships/{network.rimouski.pk}/stage",
            {"stage": "analyse"},
            content_type=JSON,
            headers={"x-csrftoken": csrf},
        )
        error(response, 401)
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 40
    assert not StageChange.objects.exists()


# Documentation -------------------------------------------------------------------------------

OPERATIONS = {
    ("/api/v1/plans", "get"): {200, 400, 401},
    ("/api/v1/plans/{plan_id}", "get"): {200, 400, 401, 404},
    ("/api/v1/actions", "get"): {200, 400, 401},
    ("/api/v1/actions/{action_id}", "get"): {200, 400, 401, 404},
    ("/api/v1/actions/{action_id}", "patch"): {200, 400, 401, 403, 404},
    ("/api/v1/indicators/{indicator_id}/measurements", "post"): {201, 400, 401, 403, 404},
    ("/api/v1/actions/{action_id}/reach/{year}", "put"): {200, 400, 401, 403, 404},
    ("/api/v1/partnerships/{partnership_id}/stage", "post"): {201, 400, 401, 403, 404},
    ("/api/v1/progress-imports", "post"): {200, 400, 401, 403},
}


def test_openapi_documents_every_plans_operation(client, db):
    document = client.get(f"{API}/openapi.json").json()
    assert document["components"]["securitySchemes"]["BearerToken"]["type"] == "http"
    assert document["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert "/comptes/jetons/" in document["components"]["securitySchemes"]["BearerToken"]["description"]
    for (path, method), statuses in OPERATIONS.items():
        operation = document["paths"][path][method]
        assert operation["summary"] and operation["description"], path
        assert {int(code) for code in operation["responses"]} == statuses, (path, method)
        for code in statuses - {200, 201}:
            schema = operation["responses"][str(code)]["content"]["application/json"]["schema"]
            assert schema["$ref"] in ("#/components/schemas/ErrorOut", "#/components/schemas/ImportErrorOut")
        if method == "get":
            # Reads work without a token: the empty requirement says so.
            assert operation["security"] == [{"BearerToken": []}, {}]
        else:
            assert operation["security"] == [{"BearerToken": []}]
    plan_filters = {p["name"] for p in document["paths"]["/api/v1/plans"]["get"]["parameters"]}
    assert plan_filters == {
        "region",
        "year",
        "status",
        "system",
        "factor",
        "action_type",
        "age",
        "population",
        "q",
        "limit",
        "offset",
    }
    action_filters = {p["name"] for p in document["paths"]["/api/v1/actions"]["get"]["parameters"]}
    assert action_filters == {
        "plan",
        "partnership",
        "region",
        "status",
        "action_type",
        "lead",
        "q",
        "limit",
        "offset",
    }
    assert document["paths"]["/api/v1/plans/{plan_id}"]["get"]["summary"] == "Fiche d'un plan d'action"


# Query counts --------------------------------------------------------------------------------


def _grow(plans, network, how_many=12):
    """More plans, each with objectives, actions, indicators, measurements and reach."""
    coordinator = network.coordinator
    systems = list(System.objects.all())
    factors = list(ProtectiveFactor.objects.all())
    types = list(ActionType.objects.all())
    for n in range(how_many):
        plan = plan_actions.create_plan(
            coordinator,
            network.rimouski,
            title=f"Plan {n:02d}",
            start_year=2010 + n,
            end_year=2012 + n,
            visibility=Visibility.PUBLIC if n % 3 else Visibility.MEMBERS,
        )
        plan_actions.save_plan_item(
            coordinator, Finding(plan=plan, system=systems[n % 3], text=f"Constat {n}")
        )
        objective = plan_actions.save_plan_item(
            coordinator,
            Objective(plan=plan, system=systems[n % 3], title=f"Changement {n}"),
            m2m={"protective_factors": factors[: 1 + n % 4]},
        )
        for m in range(3):
            action = plan_actions.save_action(
                coordinator,
                plan,
                None,
                {"title": f"Action {n}-{m}", "action_type": types[m], "lead": network.cpe},
                {"contributors": [network.clsc], "objectives": [objective]},
            )
            indicator = plan_actions.save_plan_item(
                coordinator, Indicator(plan=plan, action=action, name=f"Ind {m}")
            )
            plan_actions.record_measurement(
                coordinator, indicator, Decimal(m), measured_on=datetime.date(2020, 1, 1)
            )
            plan_actions.save_reach(coordinator, action, 2020, children=m, parents=m, families=m)
    # The fixture plan grows too, since its page is among those measured.
    for m in range(10):
        action = plan_actions.save_action(
            coordinator,
            plans.plan,
            None,
            {"title": f"Action de plus {m}", "action_type": types[m % 3], "lead": network.clsc},
            {"contributors": [network.cpe, network.clsc], "objectives": [plans.language]},
        )
        indicator = plan_actions.save_plan_item(
            coordinator, Indicator(plan=plans.plan, action=action, name="Ind")
        )
        plan_actions.record_measurement(
            coordinator, indicator, Decimal(m), measured_on=datetime.date(2025, 2, 1)
        )
        plan_actions.save_reach(coordinator, action, 2025, children=1, parents=1, families=1)


def _queries(client, urls, headers):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.content)
        counts[url] = len(context.captured_queries)
    return counts


def test_query_counts_do_not_grow_with_the_data(client, plans, network, auth):
    urls = [
        f"{API}/plans?limit=100",
        f"{API}/plans?region=01&year=2025&system=enfant&action_type=formation&q=plan&limit=100",
        f"{API}/plans/{plans.plan.pk}",
        f"{API}/actions?limit=100",
        f"{API}/actions?plan={plans.plan.pk}&lead={network.cpe.pk}&status=planifiee&q=action&limit=100",
        f"{API}/actions/{plans.workshops.pk}",
    ]
    # A first request records the token's last use; the measured ones find it recent.
    client.get(f"{API}/plans", headers=auth["coordonnateur"])
    small = {role: _queries(client, urls, auth[role]) for role in ("anonyme", "coordonnateur")}
    _grow(plans, network)
    large = {role: _queries(client, urls, auth[role]) for role in ("anonyme", "coordonnateur")}
    assert client.get(f"{API}/plans?limit=100", headers=auth["coordonnateur"]).json()["count"] == 13
    assert client.get(f"{API}/plans?limit=100").json()["count"] == 9
    assert len(client.get(f"{API}/plans/{plans.plan.pk}").json()["actions"]) == 12
    assert client.get(f"{API}/actions?limit=100").json()["count"] == 2 + 8 * 3 + 10
    assert large == small
    # Small in absolute terms too: count and page, then one query per prefetched relation.
    assert small["anonyme"][f"{API}/plans?limit=100"] == 2
    assert small["anonyme"][f"{API}/actions?limit=100"] == 4
    # The token costs one query (the token and its owner together).
    assert small["coordonnateur"][f"{API}/plans?limit=100"] == 3
