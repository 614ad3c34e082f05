"""The rules of an action's links live in plans.actions: a lead that is an active member of the
plan's partnership, active contributors, objectives of the same plan. Every way of writing an
action (the action itself, the API, the form, the réinvestissement, Django's admin) obeys them;
and only the people who see a plan may update its actions' progress."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import actions as account_actions
from library.actions.reuse import reinvest
from partners.models import Affiliation, Organisation
from plans import actions as plan_actions
from plans.models import Action, ActionStatus, Objective
from plans.permissions import can_update_action
from taxonomy.models import ActionType, System

pytestmark = pytest.mark.django_db

LEAD_NOT_MEMBER = "L'organisme porteur doit être un membre actif du regroupement."
JSON = "application/json"


def links(action):
    """What an action is linked to, to see that a refused change left it alone."""
    action = Action.objects.get(pk=action.pk)
    return (
        action.lead_id,
        sorted(action.contributors.values_list("pk", flat=True)),
        sorted(action.objectives.values_list("pk", flat=True)),
        action.history.count(),
    )


@pytest.fixture
def closed(network):
    """An organisation that no longer exists (inactive): hidden everywhere."""
    organisation = Organisation.objects.create(
        name="Ancien organisme fermé", sector=network.cpe.sector, is_active=False
    )
    organisation.regions.add(network.regions["01"])
    return organisation


@pytest.fixture
def foreign_objective(plans, network):
    """An intended change of Hochelaga's plan, not of Rimouski's."""
    return plan_actions.save_plan_item(
        network.other_coordinator,
        Objective(plan=plans.hidden, system=System.objects.get(code="famille"), title="Répit des parents"),
    )


@pytest.fixture
def hidden_contributed(plans, network):
    """An action of Hochelaga's members-only plan to which Rimouski's CPE contributes."""
    return plan_actions.save_action(
        network.other_coordinator,
        plans.hidden,
        None,
        {
            "title": "Projet confidentiel de répit",
            "action_type": ActionType.objects.get(code="soutien-parental"),
            "lead": network.maison,
            "progress": 10,
        },
        {"contributors": [network.halte, network.cpe]},
    )


# The action ----------------------------------------------------------------------------------


def test_the_action_refuses_a_lead_outside_the_partnership(plans, network):
    before = links(plans.workshops)
    with pytest.raises(ValidationError) as refused:
        plan_actions.save_action(network.coordinator, plans.plan, plans.workshops, {"lead": network.maison})
    assert refused.value.message_dict == {"lead": [LEAD_NOT_MEMBER]}
    assert links(plans.workshops) == before


def test_the_action_refuses_an_inactive_lead_and_a_new_action_led_from_outside(plans, network, closed):
    closed.memberships.create(partnership=network.rimouski, joined_on="2021-01-01")
    with pytest.raises(ValidationError) as refused:
        plan_actions.save_action(network.coordinator, plans.plan, plans.workshops, {"lead": closed})
    assert refused.value.message_dict == {"lead": [LEAD_NOT_MEMBER]}
    count = Action.objects.count()
    with pytest.raises(ValidationError):
        plan_actions.save_action(
            network.coordinator,
            plans.plan,
            None,
            {"title": "Essai", "action_type": ActionType.objects.first(), "lead": network.halte},
        )
    assert Action.objects.count() == count


def test_the_action_accepts_a_member_lead_or_none(plans, network):
    plan_actions.save_action(network.coordinator, plans.plan, plans.workshops, {"lead": network.clsc})
    assert Action.objects.get(pk=plans.workshops.pk).lead == network.clsc
    plan_actions.save_action(network.coordinator, plans.plan, plans.workshops, {"lead": None})
    assert Action.objects.get(pk=plans.workshops.pk).lead is None


def test_contributors_may_come_from_outside_but_must_be_active(plans, network, closed):
    # Outside the partnership is the form's rule too: partners of other territories help.
    plan_actions.save_action(
        network.coordinator, plans.plan, plans.workshops, {}, {"contributors": [network.maison]}
    )
    assert list(plans.workshops.contributors.all()) == [network.maison]
    before = links(plans.workshops)
    with pytest.raises(ValidationError) as refused:
        plan_actions.save_action(
            network.coordinator, plans.plan, plans.workshops, {}, {"contributors": [network.maison, closed]}
        )
    assert list(refused.value.message_dict) == ["contributors"]
    assert links(plans.workshops) == before


def test_a_contributor_already_linked_may_stay_once_inactive(plans, network):
    Organisation.objects.filter(pk=network.clsc.pk).update(is_active=False)
    plan_actions.save_action(
        network.coordinator,
        plans.plan,
        plans.workshops,
        {"title": "Ateliers renommés"},
        {"contributors": [network.clsc.pk, network.maison.pk]},
    )
    assert set(plans.workshops.contributors.all()) == {network.clsc, network.maison}


def test_the_action_refuses_an_objective_of_another_plan(plans, network, foreign_objective):
    before = links(plans.workshops)
    with pytest.raises(ValidationError) as refused:
        plan_actions.save_action(
            network.coordinator,
            plans.plan,
            plans.workshops,
            {},
            {"objectives": [plans.language, foreign_objective]},
        )
    assert list(refused.value.message_dict) == ["objectives"]
    assert links(plans.workshops) == before


def test_every_problem_is_reported_at_once(plans, network, closed, foreign_objective):
    with pytest.raises(ValidationError) as refused:
        plan_actions.save_action(
            network.coordinator,
            plans.plan,
            plans.workshops,
            {"lead": network.maison},
            {"contributors": [closed], "objectives": [foreign_objective]},
        )
    assert set(refused.value.message_dict) == {"lead", "contributors", "objectives"}


def test_the_next_cycle_does_not_copy_a_lead_that_left_the_partnership(plans, network):
    network.rimouski.memberships.filter(organisation=network.clsc).delete()
    new_plan = plan_actions.start_next_cycle(network.coordinator, plans.plan, start_year=2027, end_year=2030)
    copies = {action.copied_from_id: action for action in new_plan.actions.all()}
    assert copies[plans.workshops.pk].lead == network.cpe
    assert copies[plans.stimulation.pk].lead is None


# The API ---------------------------------------------------------------------------------------


@pytest.fixture
def coordinator_api(network):
    _token, key = account_actions.create_token(network.coordinator, "Tableur")
    return {"authorization": f"Bearer {key}"}


def test_api_patch_refuses_a_lead_outside_the_partnership(client, plans, network, coordinator_api):
    before = links(plans.workshops)
    response = client.patch(
        f"/api/v1/actions/{plans.workshops.pk}",
        {"lead": network.maison.pk, "title": "Nouveau titre"},
        content_type=JSON,
        headers=coordinator_api,
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == [{"field": "lead", "message": LEAD_NOT_MEMBER}]
    assert links(plans.workshops) == before
    assert Action.objects.get(pk=plans.workshops.pk).title == plans.workshops.title


def test_api_patch_refuses_an_inactive_contributor_and_a_foreign_objective(
    client, plans, network, coordinator_api, closed, foreign_objective
):
    before = links(plans.workshops)
    response = client.patch(
        f"/api/v1/actions/{plans.workshops.pk}",
        {"contributors": [closed.pk], "objectives": [foreign_objective.pk]},
        content_type=JSON,
        headers=coordinator_api,
    )
    assert response.status_code == 400, response.content
    assert {error["field"] for error in response.json()["errors"]} == {"contributors", "objectives"}
    assert links(plans.workshops) == before


def test_api_patch_accepts_a_member_lead(client, plans, network, coordinator_api):
    response = client.patch(
        f"/api/v1/actions/{plans.workshops.pk}",
        {"lead": network.clsc.pk},
        content_type=JSON,
        headers=coordinator_api,
    )
    assert response.status_code == 200, response.content
    assert response.json()["lead"]["id"] == network.clsc.pk


# The form and the réinvestissement --------------------------------------------------------------


def test_the_form_shows_the_rule_of_the_action(client, plans, network):
    from plans.tests.test_editing import action_data

    client.force_login(network.coordinator)
    before = links(plans.workshops)
    response = client.post(
        reverse("plans:action_edit", args=[plans.workshops.pk]),
        action_data(plans.plan, plans.workshops, lead=str(network.maison.pk)),
    )
    assert response.status_code == 200
    assert "L&#x27;organisme porteur doit être un membre actif du regroupement." in response.content.decode()
    assert links(plans.workshops) == before


def test_the_reinvestment_refuses_a_lead_outside_the_partnership(plans, network):
    count = Action.objects.count()
    with pytest.raises(ValidationError) as refused:
        reinvest(
            network.other_coordinator,
            plans.workshops,
            plans.hidden,
            changes={"title": "Ateliers", "action_type": ActionType.objects.first(), "lead": network.cpe},
        )
    assert refused.value.message_dict["lead"] == [LEAD_NOT_MEMBER]
    assert Action.objects.count() == count


# Django's admin ----------------------------------------------------------------------------------


def admin_data(action, **overrides):
    data = {
        "plan": str(action.plan_id),
        "title": action.title,
        "description": action.description,
        "action_type": str(action.action_type_id),
        "lead": str(action.lead_id or ""),
        "contributors": [str(pk) for pk in action.contributors.values_list("pk", flat=True)],
        "age_periods": [str(pk) for pk in action.age_periods.values_list("pk", flat=True)],
        "populations": [str(pk) for pk in action.populations.values_list("pk", flat=True)],
        "objectives": [str(pk) for pk in action.objectives.values_list("pk", flat=True)],
        "start_date": action.start_date.isoformat() if action.start_date else "",
        "end_date": action.end_date.isoformat() if action.end_date else "",
        "budget": "" if action.budget is None else str(action.budget),
        "in_kind": "" if action.in_kind is None else str(action.in_kind),
        "in_kind_description": action.in_kind_description,
        "status": action.status,
        "progress": str(action.progress),
        "evaluation_worked": "",
        "evaluation_not_worked": "",
        "evaluation_learnings": "",
        "copied_from": "",
        "position": str(action.position),
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(network):
    client = Client()
    client.force_login(network.admin)
    return client


def admin_url(action):
    return reverse("admin:plans_action_change", args=[action.pk])


def test_admin_refuses_a_lead_outside_the_partnership(admin_client, plans, network):
    before = links(plans.workshops)
    response = admin_client.post(
        admin_url(plans.workshops), admin_data(plans.workshops, lead=network.maison.pk)
    )
    assert response.status_code == 200
    assert "L&#x27;organisme porteur doit être un membre actif du regroupement." in response.content.decode()
    assert links(plans.workshops) == before


def test_admin_refuses_an_objective_of_another_plan(admin_client, plans, foreign_objective):
    before = links(plans.workshops)
    objectives = [str(plans.language.pk), str(foreign_objective.pk)]
    response = admin_client.post(
        admin_url(plans.workshops), admin_data(plans.workshops, objectives=objectives)
    )
    assert response.status_code == 200
    assert links(plans.workshops) == before


def test_admin_saves_through_the_action(admin_client, plans, network):
    response = admin_client.post(
        admin_url(plans.workshops),
        admin_data(plans.workshops, title="Ateliers d'éveil renommés", lead=network.clsc.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.get(pk=plans.workshops.pk)
    assert (action.title, action.lead) == ("Ateliers d'éveil renommés", network.clsc)
    # The folded search column and the history are kept by the action.
    assert action.search_text == plan_actions.action_search_text(action)
    assert action.history.first().history_user == network.admin
    assert set(action.contributors.all()) == {network.clsc}


# Updating progress needs seeing the plan ---------------------------------------------------------


def test_a_contributor_outside_a_members_only_plan_may_not_update_it(plans, network, hidden_contributed):
    assert not can_update_action(network.member, hidden_contributed)
    assert hidden_contributed not in Action.objects.updatable_by(network.member)
    with pytest.raises(Exception) as refused:
        plan_actions.update_action_progress(network.member, hidden_contributed, progress=90)
    assert refused.type.__name__ == "Forbidden"
    assert Action.objects.get(pk=hidden_contributed.pk).progress == 10


def test_a_contributor_from_outside_updates_a_public_plans_action(plans, network, make_user):
    # Today's rule stays: the people of a contributing organisation follow up a public plan's action.
    plan_actions.save_action(
        network.coordinator, plans.plan, plans.workshops, {}, {"contributors": [network.maison]}
    )
    outsider = make_user("intervenante@maison.qc.ca")
    Affiliation.objects.create(user=outsider, organisation=network.maison)
    assert can_update_action(outsider, plans.workshops)
    assert plans.workshops in Action.objects.updatable_by(outsider)
    plan_actions.update_action_progress(outsider, plans.workshops, progress=60)
    assert Action.objects.get(pk=plans.workshops.pk).progress == 60


def test_the_people_of_a_members_only_plan_still_update_it(plans, network, make_user, hidden_contributed):
    halte_staff = make_user("educatrice@halte.qc.ca")
    Affiliation.objects.create(user=halte_staff, organisation=network.halte)
    for person in (halte_staff, network.other_coordinator, network.admin):
        assert can_update_action(person, hidden_contributed), person
    plan_actions.update_action_progress(halte_staff, hidden_contributed, status=ActionStatus.IN_PROGRESS)
    assert Action.objects.get(pk=hidden_contributed.pk).status == ActionStatus.IN_PROGRESS


def test_an_inactive_partnerships_actions_stay_its_coordinators_and_administrators(plans, network):
    # Nobody sees the plan of a partnership that closed; its coordinators and administrators,
    # who may still edit it, still follow it up, and the people of its organisations no longer.
    type(network.rimouski).objects.filter(pk=network.rimouski.pk).update(is_active=False)
    action = Action.objects.get(pk=plans.workshops.pk)
    for person, allowed in ((network.coordinator, True), (network.admin, True), (network.member, False)):
        assert can_update_action(person, action) is allowed, person
        assert (action in Action.objects.updatable_by(person)) is allowed, person
