"""Demo plans: deterministic, consistent with dates and the network, written with the network."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q

from demo import generators as generators_module
from demo import partners as network_demo
from demo import plans as demo
from demo.generators import generators
from partners.models import DpeStage, Membership, Organisation, Partnership
from plans.actions import action_search_text
from plans.models import (
    Action,
    ActionStatus,
    Finding,
    Indicator,
    Measurement,
    Objective,
    Plan,
    PlanStatus,
    Priority,
    Reach,
    StageChange,
    Visibility,
)

pytestmark = pytest.mark.django_db

REFERENCE = demo.REFERENCE_DATE
STAGE_ORDER = [stage.value for stage in DpeStage]


def seed(scale=0.05, seed=1, **options):
    out = StringIO()
    call_command("seed_demo", scale=scale, seed=seed, verbosity=0, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def snapshot():
    """Plans and actions as a visitor sees them, independent of database ids."""
    return {
        "plans": sorted(
            Plan.objects.values_list("partnership__name", "title", "start_year", "status", "visibility")
        ),
        "actions": sorted(
            Action.objects.values_list(
                "plan__partnership__name", "title", "lead__name", "start_date", "status"
            )
        ),
        "stages": sorted(StageChange.objects.values_list("partnership__name", "stage", "changed_on")),
        "measurements": sorted(Measurement.objects.values_list("indicator__name", "measured_on", "value")),
    }


# Small networks first: each test seeds its own, inside its transaction. ------------------


def test_same_scale_and_seed_give_the_same_plans():
    seed(0.05, 1, flush=True)
    first = snapshot()
    assert first["actions"]
    seed(0.05, 1, flush=True)
    assert snapshot() == first
    seed(0.05, 2, flush=True)
    other = snapshot()
    assert {t for *_p, t, _y, _s, _v in other["plans"]} != {t for *_p, t, _y, _s, _v in first["plans"]}
    assert [a[1] for a in other["actions"]] != [a[1] for a in first["actions"]]


def test_flush_removes_plans_before_the_network():
    seed(0.05, 1, flush=True)
    old_plans = set(Plan.objects.values_list("pk", flat=True))
    old_actions = set(Action.objects.values_list("pk", flat=True))
    old_stages = set(StageChange.objects.values_list("pk", flat=True))
    assert old_plans and old_actions and old_stages
    seed(0.05, 2, flush=True)
    assert not Plan.objects.filter(pk__in=old_plans).exists()
    assert not Action.objects.filter(pk__in=old_actions).exists()
    assert not StageChange.objects.filter(pk__in=old_stages).exists()
    assert Plan.objects.exists()


def test_plans_are_written_in_the_same_transaction_as_the_network(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # Start from an empty database, whatever the module's fixture committed.
    demo.flush()
    network_demo.flush()
    monkeypatch.setattr(Reach.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        seed(0.05, 1)
    assert not Organisation.objects.exists()
    assert not Partnership.objects.exists()
    assert not Plan.objects.exists()


def test_only_the_listed_generators_run(monkeypatch):
    monkeypatch.setattr(generators_module, "GENERATORS", (network_demo,))
    output = seed(0.05, 1, flush=True)
    assert Partnership.objects.exists()
    assert not Plan.objects.exists()
    assert "plans d'action" not in output


def test_rows_pass_the_models_validation():
    seed(0.05, 4, flush=True)
    for model in (Plan, Finding, Priority, Objective, Indicator, Measurement, Reach, StageChange):
        for row in model.objects.order_by("pk")[:300]:
            row.full_clean()
    for action in Action.objects.order_by("pk")[:300]:
        action.full_clean(exclude=["search_text"])
        assert action.search_text == action_search_text(action)


# The full-size network, seeded once for the tests below. ---------------------------------


@pytest.fixture(scope="module")
def full_scale(django_db_setup, django_db_blocker):
    """Scale 1, committed once for the module (each test still runs in its own transaction)."""
    with django_db_blocker.unblock():
        output = seed(1, 1, flush=True)
    yield output
    # Every generator's flush, highest floor first: the library and the index point to plans.
    with django_db_blocker.unblock(), transaction.atomic():
        for _generate, flush in reversed(generators()):
            flush()


def current_plans():
    """The plan each partnership works with: the one no later plan follows."""
    return Plan.objects.filter(next_plans__isnull=True)


def test_full_scale_counts(full_scale):
    assert "plans d'action" in full_scale and "actions" in full_scale
    actions = Action.objects.count()
    assert 2000 <= actions <= 3000
    partnerships = Partnership.objects.count()
    assert current_plans().count() == partnerships
    assert not Partnership.objects.filter(plans__isnull=True).exists()
    # Every plan a visitor opens has real content.
    assert not Plan.objects.annotate(n=Count("actions")).filter(n__lt=6).exists()
    assert not Plan.objects.annotate(n=Count("findings")).filter(n__lt=6).exists()
    assert not Plan.objects.annotate(n=Count("objectives")).filter(n__lt=4).exists()


def test_plan_statuses_follow_the_cycle(full_scale):
    statuses = dict(current_plans().values_list("status").annotate(n=Count("pk")))
    total = sum(statuses.values())
    assert statuses[PlanStatus.IN_PROGRESS] + statuses[PlanStatus.ADOPTED] > total / 2
    assert 0 < statuses[PlanStatus.DRAFT] < total / 5
    followed = Plan.objects.filter(next_plans__isnull=False).distinct()
    assert followed.exists()
    assert not followed.exclude(status=PlanStatus.DONE).exists()
    for plan in Plan.objects.filter(previous__isnull=False).select_related("previous"):
        assert plan.previous.partnership_id == plan.partnership_id
        assert plan.previous.end_year <= plan.start_year
    # School-year periods: « 2023–2026 » runs from July 2023 to June 2026.
    for plan in Plan.objects.all():
        first, last = demo.plan_window(plan.start_year, plan.end_year)
        if plan.status == PlanStatus.DONE:
            assert last < REFERENCE, plan
            assert plan.evaluation_worked and plan.evaluation_learnings
        elif plan.status == PlanStatus.IN_PROGRESS:
            assert first <= REFERENCE <= last, plan
        else:
            assert first > REFERENCE, plan


def test_action_statuses_agree_with_dates(full_scale):
    rows = Action.objects.values_list(
        "status", "progress", "start_date", "end_date", "plan__start_year", "plan__end_year"
    )
    seen = set()
    for status, progress, start, end, start_year, end_year in rows:
        seen.add(status)
        first, last = demo.plan_window(start_year, end_year)
        assert first <= start <= end <= last
        if status == ActionStatus.PLANNED:
            assert start > REFERENCE and progress == 0
        elif status == ActionStatus.IN_PROGRESS:
            assert start <= REFERENCE <= end and 0 < progress < 100
        elif status in (ActionStatus.DONE, ActionStatus.ABANDONED):
            assert end < REFERENCE
            assert progress == 100 if status == ActionStatus.DONE else progress < 100
    assert seen == set(ActionStatus.values)
    done = Action.objects.filter(end_date__lt=REFERENCE)
    assert done.filter(status=ActionStatus.DONE).count() > 0.8 * done.count()
    assert (
        not Action.objects.filter(plan__status__in=[PlanStatus.DRAFT, PlanStatus.ADOPTED])
        .exclude(status=ActionStatus.PLANNED)
        .exists()
    )


def test_leads_are_members_and_contributors_mostly_are(full_scale):
    member = Membership.objects.filter(
        partnership=OuterRef("plan__partnership"), organisation=OuterRef("lead")
    )
    assert not Action.objects.filter(Q(lead__isnull=True) | ~Exists(member)).exists()
    Contribution = Action.contributors.through
    contributions = Contribution.objects.annotate(
        member=Exists(
            Membership.objects.filter(
                partnership=OuterRef("action__plan__partnership"), organisation=OuterRef("organisation")
            )
        )
    )
    total = contributions.count()
    assert total > Action.objects.count()  # about two each
    assert contributions.filter(member=True).count() > 0.8 * total
    assert not Contribution.objects.filter(organisation=F("action__lead")).exists()


def test_actions_are_tied_to_objectives_and_objectives_to_factors(full_scale):
    assert Action.objects.filter(objectives__isnull=False).distinct().count() > 0.9 * Action.objects.count()
    served = Action.objectives.through.objects
    assert not served.exclude(objective__plan=F("action__plan")).exists()
    factor_counts = Objective.objects.annotate(n=Count("protective_factors"))
    assert not factor_counts.filter(Q(n__lt=1) | Q(n__gt=3)).exists()
    factors = Objective.protective_factors.through.objects
    assert not factors.exclude(protectivefactor__system=F("objective__system")).exists()
    assert not Objective.objects.filter(priorities__isnull=True).exists()
    priorities = Objective.priorities.through.objects
    assert not priorities.exclude(priority__system=F("objective__system")).exists()
    assert not priorities.exclude(priority__plan=F("objective__plan")).exists()
    sources = set(Finding.objects.values_list("data_source", flat=True))
    for prefix in (
        "EQDEM 2022",
        "Recensement 2021",
        "Portrait de santé du CISSS",
        "Sondage auprès des parents",
    ):
        assert any(source.startswith(prefix) for source in sources), prefix
    for plan in Plan.objects.annotate(n=Count("findings__system", distinct=True)):
        assert plan.n == 3


def test_indicators_have_dated_measurements_and_actions_their_reach(full_scale):
    measured = Indicator.objects.filter(measurements__isnull=False).distinct()
    assert measured.filter(objective__isnull=False).exists()
    assert measured.filter(action__isnull=False).exists()
    assert not Measurement.objects.filter(measured_on__gt=REFERENCE).exists()
    assert not Measurement.objects.filter(indicator__plan__status=PlanStatus.DRAFT).exists()
    assert Reach.objects.count() > 1000
    assert not Reach.objects.filter(action__start_date__gt=REFERENCE).exists()
    assert not Reach.objects.filter(year__gt=REFERENCE.year).exists()
    assert Action.objects.filter(status=ActionStatus.DONE).exclude(evaluation_worked="").exists()
    assert Action.objects.exclude(copied_from=None).filter(copied_from__plan__next_plans=F("plan")).exists()


def test_some_plans_are_for_members_only(full_scale):
    plans = current_plans()
    members_only = plans.filter(visibility=Visibility.MEMBERS).count()
    assert 0.04 * plans.count() < members_only < 0.2 * plans.count()
    assert (
        Plan.objects.visible_to(AnonymousUser()).count()
        == Plan.objects.filter(visibility=Visibility.PUBLIC).count()
    )


def test_stage_history_ends_on_the_current_stage(full_scale):
    went_back = 0
    histories: dict[int, list[tuple[datetime.date, str]]] = {}
    for partnership_id, changed_on, stage in StageChange.objects.order_by("changed_on", "pk").values_list(
        "partnership_id", "changed_on", "stage"
    ):
        histories.setdefault(partnership_id, []).append((changed_on, stage))
    founded = dict(
        Membership.objects.values_list("partnership_id").annotate(first=Min("joined_on")).order_by()
    )
    for partnership in Partnership.objects.all():
        history = histories[partnership.pk]
        dates = [day for day, _stage in history]
        stages = [stage for _day, stage in history]
        assert stages[-1] == partnership.dpe_stage, partnership
        assert dates == sorted(set(dates)), partnership
        assert founded[partnership.pk] <= dates[0] and dates[-1] <= REFERENCE
        positions = [STAGE_ORDER.index(stage) for stage in stages]
        went_back += any(b < a for a, b in zip(positions, positions[1:], strict=False))
    assert went_back > 0
