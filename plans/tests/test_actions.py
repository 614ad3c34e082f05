"""The plans' write actions: permissions, history, next cycle."""

import datetime
from decimal import Decimal

import pytest

from core.http import Forbidden
from plans import actions
from plans.models import ActionStatus, Plan, StageChange

pytestmark = pytest.mark.django_db


def test_fixture_plan_is_complete(plans):
    assert plans.plan.actions.count() == 2
    assert list(plans.workshops.contributors.all()) == [
        plans.workshops.plan.partnership.organisations.get(name="CLSC de Rimouski")
    ]
    assert plans.indicator.measurements.count() == 2


def test_visibility(plans, network, make_user):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert list(Plan.objects.visible_to(anonymous)) == [plans.plan]
    assert set(Plan.objects.visible_to(network.other_coordinator)) == {plans.plan, plans.hidden}
    assert set(Plan.objects.visible_to(network.coordinator)) == {plans.plan}
    assert set(Plan.objects.visible_to(network.admin)) == {plans.plan, plans.hidden}
    # A person working for a member organisation of Hochelaga sees its members-only plan.
    from partners.models import Affiliation

    worker = make_user("intervenante@maison.example")
    Affiliation.objects.create(user=worker, organisation=network.maison)
    assert set(Plan.objects.visible_to(worker)) == {plans.plan, plans.hidden}


def test_only_coordinators_edit_the_plan(plans, network):
    for outsider in (network.member, network.other_coordinator, network.editor):
        with pytest.raises(Forbidden):
            actions.update_plan(outsider, plans.plan, {"title": "Détourné"})
    actions.update_plan(network.coordinator, plans.plan, {"title": "Plan 2024–2027 révisé"})
    plans.plan.refresh_from_db()
    assert plans.plan.title == "Plan 2024–2027 révisé"
    assert plans.plan.history.first().history_user == network.coordinator


def test_members_of_the_lead_organisation_update_progress(plans, network):
    # network.member works for the CPE, which leads the workshops but not the training.
    actions.update_action_progress(network.member, plans.workshops, progress=55)
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 55
    with pytest.raises(Forbidden):
        actions.update_action_progress(network.member, plans.stimulation, progress=10)
    with pytest.raises(Forbidden):
        actions.update_action_progress(network.other_coordinator, plans.workshops, progress=10)
    actions.record_measurement(network.member, plans.indicator, Decimal("40"))
    with pytest.raises(Forbidden):
        actions.record_measurement(network.member, plans.objective_indicator, Decimal("19"))


def test_done_status_completes_progress(plans, network):
    actions.update_action_progress(network.coordinator, plans.workshops, status=ActionStatus.DONE)
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 100


def test_stage_changes_are_dated_and_may_go_back(plans, network):
    actions.change_stage(
        network.coordinator, network.rimouski, "planification", changed_on=datetime.date(2024, 3, 1)
    )
    actions.change_stage(
        network.coordinator, network.rimouski, "analyse", changed_on=datetime.date(2024, 5, 1)
    )
    network.rimouski.refresh_from_db()
    assert network.rimouski.dpe_stage == "analyse"
    assert list(StageChange.objects.filter(partnership=network.rimouski).values_list("stage", flat=True)) == [
        "analyse",
        "planification",
    ]
    with pytest.raises(Forbidden):
        actions.change_stage(network.member, network.rimouski, "evaluation")


def test_next_cycle_copies_objectives_and_actions(plans, network):
    new_plan = actions.start_next_cycle(network.coordinator, plans.plan, start_year=2027, end_year=2030)
    assert new_plan.previous == plans.plan
    assert new_plan.objectives.count() == 2
    assert new_plan.priorities.count() == 1
    copies = list(new_plan.actions.order_by("title"))
    assert [a.title for a in copies] == sorted(a.title for a in plans.plan.actions.all())
    workshop_copy = next(a for a in copies if a.copied_from_id == plans.workshops.pk)
    assert workshop_copy.status == ActionStatus.PLANNED and workshop_copy.progress == 0
    assert set(workshop_copy.objectives.values_list("plan_id", flat=True)) == {new_plan.pk}
    assert list(workshop_copy.contributors.all()) == [network.clsc]
    language_copy = new_plan.objectives.get(title=plans.language.title)
    assert list(language_copy.priorities.values_list("plan_id", flat=True)) == [new_plan.pk]
    # The original is untouched.
    assert plans.plan.actions.count() == 2 and plans.workshops.objectives.count() == 2


def test_next_cycle_credits_the_coordinator_for_every_copy(plans, network):
    from plans.models import Action, Objective, Priority

    new_plan = actions.start_next_cycle(network.coordinator, plans.plan, start_year=2027, end_year=2030)
    records = [
        *Plan.history.filter(id=new_plan.pk),
        *Priority.history.filter(plan_id=new_plan.pk),
        *Objective.history.filter(plan_id=new_plan.pk),
        *Action.history.filter(plan_id=new_plan.pk),
    ]
    assert {type(r).__name__ for r in records} == {
        "HistoricalPlan",
        "HistoricalPriority",
        "HistoricalObjective",
        "HistoricalAction",
    }
    assert {r.history_user_id for r in records} == {network.coordinator.pk}


def test_updatable_by_matches_the_permission_rule(plans, network, role_users):
    from django.contrib.auth.models import AnonymousUser

    from plans.models import Action
    from plans.permissions import can_update_action

    everyone = list(Action.objects.all())
    for user in [*role_users.values()]:
        user = user or AnonymousUser()
        expected = {a.pk for a in everyone if can_update_action(user, a)}
        assert set(Action.objects.updatable_by(user).values_list("pk", flat=True)) == expected, user
    # The member (CPE) may update the workshops it leads, not the training led by the CLSC.
    assert list(Action.objects.updatable_by(network.member)) == [plans.workshops]


def test_a_follow_up_is_saved_all_or_nothing(plans, network):
    # The member may update the workshops but not measure the plan-level indicator.
    with pytest.raises(Forbidden):
        actions.save_action_follow_up(
            network.member,
            plans.workshops,
            progress={"progress": 90, "status": ActionStatus.IN_PROGRESS},
            measurements=[(plans.objective_indicator, {"value": Decimal("22")})],
        )
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 40
    actions.save_action_follow_up(
        network.member,
        plans.workshops,
        progress={"progress": 90, "status": ActionStatus.IN_PROGRESS},
        measurements=[(plans.indicator, {"value": Decimal("50")})],
        reach={"year": 2026, "children": 10, "parents": 9, "families": 8},
    )
    plans.workshops.refresh_from_db()
    assert plans.workshops.progress == 90
    assert plans.indicator.measurements.count() == 3
    assert plans.workshops.reach.filter(year=2026).exists()


def test_a_list_of_items_is_saved_all_or_nothing(plans, network):
    from plans.models import Priority

    system = plans.priority.system
    writes = [
        actions.ItemWrite(Priority(plan=plans.plan, system=system, title="Soutenir les haltes-garderies")),
        actions.ItemWrite(Priority(plan=plans.plan, system=system, title="")),
        actions.ItemWrite(plans.priority, delete=True),
    ]
    with pytest.raises(actions.ItemRefused) as refused:
        actions.save_plan_items(network.coordinator, writes)
    assert refused.value.index == 1
    assert list(plans.plan.priorities.values_list("title", flat=True)) == [plans.priority.title]
    with pytest.raises(Forbidden):
        actions.save_plan_items(network.member, [actions.ItemWrite(plans.priority, delete=True)])
    pk = plans.priority.pk
    removed = actions.save_plan_items(network.coordinator, [actions.ItemWrite(plans.priority, delete=True)])
    assert removed == {pk} and not plans.plan.priorities.exists()
